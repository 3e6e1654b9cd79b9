#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/cert.h"
#include "store/domain.h"
#include "svc/domain.h"
#include "svc/sni.h"

int sni_client_name(const char *dns_host, const char *domain, char *out, size_t len, struct err *e)
{
	char host[DOMAIN_MAX + 1], dom[DOMAIN_MAX + 1], why[200];
	const char *dot;

	if (!domain_name_valid(dns_host, host, sizeof(host), why, sizeof(why)))
		return err_set(e, ERR_INVALID, "\"%s\": %s", dns_host, why);
	if (!domain_name_valid(domain, dom, sizeof(dom), why, sizeof(why)))
		return err_set(e, ERR_INVALID, "\"%s\": %s", domain, why);
	dot = strchr(host, '.');
	if (strcmp(dot + 1, dom) == 0)
		snprintf(out, len, "%s", host);
	else
		snprintf(out, len, "%.*s.%s", (int)(dot - host), host, dom);
	return 0;
}

/* The candidates in the documented order: every domain certificate of this
 * node, then the server (tomcat) certificate last. */
struct candidates {
	struct core *c;
	struct pki_cert *v[257];
	char name[257][DOMAIN_MAX + 1];
	int n;
};

static struct pki_cert *own_cert(struct core *c, const char *unit)
{
	struct cert_row row;
	struct pki_certlist l = {0};
	struct pki_cert *cert = NULL;
	char why[200];

	if (store_cert_get(c->store, "own", unit, unit, &row) != STORE_OK)
		return NULL;
	if (pki_parse_certs((const unsigned char *)row.pem, strlen(row.pem), &l, why, sizeof(why)) ==
		PKI_OK &&
	    l.n) {
		cert = l.v[0];
		l.v[0] = NULL;
	}
	pki_certlist_free(&l);
	cert_row_free(&row);
	return cert;
}

static int add_domain(const char *name, const char *created, void *arg)
{
	struct candidates *k = arg;
	char unit[DOMAIN_MAX + 16];
	struct pki_cert *cert;

	domain_unit(name, unit, sizeof(unit));
	if (k->n < 256 && (cert = own_cert(k->c, unit))) {
		snprintf(k->name[k->n], sizeof(k->name[0]), "%s", name);
		k->v[k->n++] = cert;
	}
	return 0;
}

int core_sni_resolve(struct core *c, const char *host, enum sni_protocol p, struct sni_choice *out,
		     struct err *e)
{
	struct candidates *k = calloc(1, sizeof(*k));
	int i, server, rc = 0;

	memset(out, 0, sizeof(*out));
	if (!k)
		abort();
	k->c = c;
	if (store_domain_each(core_shared(c), add_domain, k) != STORE_OK) {
		free(k);
		return err_set(e, ERR_FAIL, "Cannot read the domains: %s", store_errmsg(core_shared(c)));
	}
	server = k->n;
	k->v[k->n++] = own_cert(c, "tomcat");
	i = host && *host ? pki_sni_select(host, (const struct pki_cert *const *)k->v, k->n) : -1;
	if (i >= 0 && i < server) {
		out->verdict = SNI_DOMAIN;
		snprintf(out->domain, sizeof(out->domain), "%s", k->name[i]);
	} else if (i == server) {
		out->verdict = SNI_SERVER;
	} else if (!host || !*host) {
		out->verdict = SNI_NO_NAME;
	} else {
		out->verdict = p == SNI_HTTPS ? SNI_FALLBACK : SNI_UNRECOGNIZED_NAME;
	}
	if (out->verdict != SNI_UNRECOGNIZED_NAME) {
		struct pki_cert *got = k->v[out->verdict == SNI_DOMAIN ? i : server];
		if (got)
			pki_cert_facts(got, &out->cert);
		else
			rc = err_set(e, ERR_FAIL, "This node has no server (tomcat) certificate");
	}
	for (int j = 0; j < k->n; j++)
		pki_cert_free(k->v[j]);
	free(k);
	return rc;
}
