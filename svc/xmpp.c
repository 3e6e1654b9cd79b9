#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/pki.h"
#include "svc/certs.h"
#include "svc/services.h"
#include "svc/settings.h"
#include "svc/xmpp.h"

static const char *const ids[] = {"client-secure", "router-secure", "web-client-secure"};
static const char *const names[] = {"XMPP client to IM/P service secure mode",
				    "XMPP router-to-router secure mode",
				    "Web client to IM/P service secure mode"};

const char *xmpp_mode_name(enum xmpp_mode m)
{
	return names[m];
}

bool core_xmpp_on(struct core *c, enum xmpp_mode m)
{
	char *v = setting_text(c, "xmpp", ids[m]);
	bool on = v && strcmp(v, "enable") == 0;

	free(v);
	return on;
}

int core_xmpp_replicate(struct core *c, struct trust_report *r, struct err *e)
{
	struct trust_report spare = {0}, *rep = r ? r : &spare;
	struct pki_certlist all = {0};
	struct node_certs l;
	int rc = 0;

	if (!core_xmpp_on(c, XMPP_ROUTER))
		return 0;
	if (core_node_certs(c, "cup-xmpp", &l, e) != 0)
		return -1;
	for (int i = 0; i < l.n && rc == 0; i++) {
		struct pki_certlist one = {0};
		rc = core_trust_parse((const unsigned char *)l.pem[i], strlen(l.pem[i]), l.node[i], &one, e);
		for (int j = 0; rc == 0 && j < one.n; j++) {
			struct pki_cert **v = realloc(all.v, (size_t)(all.n + 1) * sizeof(*v));
			if (!v)
				abort();
			all.v = v;
			all.v[all.n++] = one.v[j];
			one.v[j] = NULL;
		}
		pki_certlist_free(&one);
	}
	if (rc == 0 && all.n)
		rc = core_trust_import(c, "cup-xmpp-trust", &all, "the cluster's cup-xmpp certificates", rep,
				       e);
	pki_certlist_free(&all);
	node_certs_free(&l);
	if (rep == &spare)
		core_trust_report_free(&spare);
	return rc;
}

int core_xmpp_set(struct core *c, enum xmpp_mode m, bool on, struct xmpp_result *r, struct err *e)
{
	memset(r, 0, sizeof(*r));
	if (core_xmpp_on(c, m) == on)
		return 0;
	if (setting_set(c, "xmpp", ids[m], on ? "enable" : "disable", e) != 0)
		return -1;
	r->changed = true;
	if (m == XMPP_CLIENT) {
		r->restart = service_mark_restart(c->store, "xcp-connection-manager",
						  "XMPP client secure mode changed") == STORE_OK;
		if (!on)
			snprintf(
			    r->warning, sizeof(r->warning),
			    "XMPP clients and the IM and Presence service now talk without TLS: their "
			    "messages and credentials cross the network in the clear. Turn it off only on a "
			    "network you trust.");
	}
	if (m == XMPP_ROUTER && on)
		return core_xmpp_replicate(c, &r->copied, e);
	return 0;
}

void xmpp_result_free(struct xmpp_result *r)
{
	core_trust_report_free(&r->copied);
}
