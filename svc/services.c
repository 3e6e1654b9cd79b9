#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "node/runfile.h"
#include "store/service.h"
#include "svc/core.h"
#include "svc/services.h"

/* As on the appliance, network services (web, trust verification, IPsec) run
 * from installation; feature services wait for the administrator to
 * activate them. */
const struct service_def services[] = {
    {"tomcat", "Cisco Tomcat", true},
    {"callmanager", "Cisco CallManager", false},
    {"tftp", "Cisco TFTP", false},
    {"ctl-provider", "Cisco CTL Provider", false},
    {"capf", "Cisco Certificate Authority Proxy Function", false},
    {"tvs", "Cisco Trust Verification Service", true},
    {"sip-proxy", "Cisco SIP Proxy", false},
    {"xcp-connection-manager", "Cisco XCP Connection Manager", false},
    {"ipma", "Cisco IP Manager Assistant", false},
    {"device-activation", "Cisco Device Activation Service", false},
    {"presence-engine", "Cisco Presence Engine", false},
    {"ipsec", "IPsec", true},
};

const size_t nservices = sizeof(services) / sizeof(services[0]);

static const char *without_cisco(const char *name)
{
	return strncasecmp(name, "Cisco ", 6) == 0 ? name + 6 : name;
}

static bool prefix_of(const char *text, const char *full)
{
	return strncasecmp(full, text, strlen(text)) == 0;
}

const struct service_def *service_find(const char *text, char *err, size_t errlen)
{
	const char *bare = without_cisco(text);
	const struct service_def *hit = NULL;
	int nhits = 0;
	char spare[8];

	if (!err) {
		err = spare;
		errlen = sizeof(spare);
	}
	if (!*bare) {
		snprintf(err, errlen, "a service name or id");
		return NULL;
	}
	for (size_t i = 0; i < nservices; i++)
		if (strcasecmp(services[i].id, text) == 0 ||
		    strcasecmp(without_cisco(services[i].name), bare) == 0)
			return &services[i];
	for (size_t i = 0; i < nservices; i++)
		if (prefix_of(text, services[i].id) || prefix_of(bare, without_cisco(services[i].name))) {
			hit = &services[i];
			nhits++;
		}
	if (nhits == 1)
		return hit;
	if (nhits > 1) {
		size_t len = (size_t)snprintf(err, errlen, "ambiguous: matches");
		for (size_t i = 0; i < nservices && len < errlen; i++)
			if (prefix_of(text, services[i].id) ||
			    prefix_of(bare, without_cisco(services[i].name)))
				len += (size_t)snprintf(err + len, errlen - len, " %s", services[i].id);
		return NULL;
	}
	snprintf(err, errlen, "no such service (utils service list shows them)");
	return NULL;
}

int service_state_of(struct store *st, const struct service_def *sv, bool *activated, bool *pending,
		     char **reason)
{
	struct service_state state = {0};
	int rc = store_service_get(st, sv->id, &state);

	if (rc == STORE_NOTFOUND) {
		state.activated = sv->activated_by_default;
		rc = STORE_OK;
	}
	*activated = state.activated;
	*pending = state.restart_pending;
	if (reason)
		*reason = state.pending_reason;
	else
		free(state.pending_reason);
	return rc;
}

int service_mark_restart(struct store *st, const char *id, const char *reason)
{
	char err[128];
	const struct service_def *sv = service_find(id, err, sizeof(err));
	bool on, pending;
	int rc;

	if (!sv)
		return STORE_NOTFOUND;
	/* A service that does not run has nothing to restart: it reads the
	 * change when it is activated. */
	if ((rc = service_state_of(st, sv, &on, &pending, NULL)) != STORE_OK)
		return rc;
	if (!on)
		return STORE_NOTFOUND;
	return store_service_set_pending(st, sv->id, sv->activated_by_default, true, reason);
}

int core_service_listening(struct core *c, const char *id, char *where, size_t len)
{
	return runfile_listening(c->state_dir, id, where, len);
}
