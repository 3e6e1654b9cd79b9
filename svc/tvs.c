#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/pki.h"
#include "store/cert.h"
#include "store/cluster.h"
#include "store/wirelog.h"
#include "svc/settings.h"
#include "svc/tvs.h"

/* What each own certificate vouches for (every node's, in a cluster). */
static const struct {
	const char *unit;
	enum tvs_role roles[2];
	int n;
} own_roles[] = {
    {"CallManager", {TVS_ROLE_CCM, TVS_ROLE_TFTP}, 2},
    {"CallManager-ECDSA", {TVS_ROLE_CCM, TVS_ROLE_TFTP}, 2},
    {"CAPF", {TVS_ROLE_CAPF}, 1},
    {"TVS", {TVS_ROLE_TVS}, 1},
    {"ITLRecovery", {TVS_ROLE_SAST}, 1},
};

/* And each trust store. */
static const struct {
	const char *trust;
	enum tvs_role role;
} trust_roles[] = {
    {"CallManager-trust", TVS_ROLE_CCM},
    {"Phone-SAST-trust", TVS_ROLE_SAST},
    {"Phone-trust", TVS_ROLE_APP_SERVER},
    {"tomcat-trust", TVS_ROLE_APP_SERVER},
};

static const enum tvs_role order[] = {TVS_ROLE_SAST, TVS_ROLE_CCM,	  TVS_ROLE_CCM_TFTP, TVS_ROLE_TFTP,
				      TVS_ROLE_CAPF, TVS_ROLE_APP_SERVER, TVS_ROLE_TVS};

struct found {
	const char *sha256;
	bool role[32];
	bool hit;
};

static void grant(struct found *f, enum tvs_role r)
{
	f->role[r] = true;
	f->hit = true;
}

static bool same_pem(const char *pem, const char *sha256)
{
	struct pki_cert *c = pki_cert_from_pem(pem, NULL, 0);
	struct pki_facts facts;
	bool same = false;

	if (c && pki_cert_facts(c, &facts) == 0)
		same = strcmp(facts.sha256, sha256) == 0;
	pki_cert_free(c);
	return same;
}

struct by_unit {
	struct found *f;
	int i;
};

static int node_cert_match(const struct node_cert *nc, void *ctx)
{
	struct by_unit *k = ctx;

	if (same_pem(nc->pem, k->f->sha256))
		for (int r = 0; r < own_roles[k->i].n; r++)
			grant(k->f, own_roles[k->i].roles[r]);
	return 0;
}

static int trust_match(const struct cert_row *row, void *ctx)
{
	struct by_unit *k = ctx;

	if (strcmp(row->sha256, k->f->sha256) == 0)
		grant(k->f, trust_roles[k->i].role);
	return 0;
}

int core_tvs_verdict(struct core *c, const unsigned char *der, size_t len, struct tvs_verdict *v,
		     struct err *e)
{
	struct pki_certlist l = {0};
	struct pki_facts facts;
	struct found f = {0};
	char why[200];

	memset(v, 0, sizeof(*v));
	if (pki_parse_certs(der, len, &l, why, sizeof(why)) != 0 || l.n != 1) {
		pki_certlist_free(&l);
		return err_set(e, ERR_INVALID, "not one certificate: %s", why);
	}
	pki_cert_facts(l.v[0], &facts);
	pki_certlist_free(&l);
	snprintf(v->subject, sizeof(v->subject), "%.199s", facts.subject);
	snprintf(v->sha256, sizeof(v->sha256), "%s", facts.sha256);
	f.sha256 = v->sha256;
	for (size_t i = 0; i < sizeof(own_roles) / sizeof(own_roles[0]); i++) {
		struct by_unit k = {&f, (int)i};
		if (c->member) {
			if (store_node_cert_each(c->cluster, own_roles[i].unit, node_cert_match, &k) !=
			    STORE_OK)
				return err_set(e, ERR_FAIL, "%s", store_errmsg(c->cluster));
			continue;
		}
		struct cert_row row;
		if (store_cert_get(c->store, "own", own_roles[i].unit, own_roles[i].unit, &row) == STORE_OK) {
			if (strcmp(row.sha256, f.sha256) == 0)
				for (int r = 0; r < own_roles[i].n; r++)
					grant(&f, own_roles[i].roles[r]);
			cert_row_free(&row);
		}
	}
	for (size_t i = 0; i < sizeof(trust_roles) / sizeof(trust_roles[0]); i++) {
		struct by_unit k = {&f, (int)i};
		if (store_cert_each(core_shared(c), "trust", trust_roles[i].trust, 0, false, trust_match,
				    &k) != STORE_OK)
			return err_set(e, ERR_FAIL, "%s", store_errmsg(core_shared(c)));
	}
	v->trusted = f.hit;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (f.role[order[i]])
			v->roles[v->nroles++] = (uint8_t)order[i];
	v->ttl = (uint32_t)setting_int(c, "tvs", "cache-ttl");
	return 0;
}

void core_tvs_log(struct core *c, const char *device, const struct tvs_verdict *v)
{
	char roles[64] = "";

	for (int i = 0; i < v->nroles; i++) {
		size_t n = strlen(roles);
		snprintf(roles + n, sizeof(roles) - n, "%s%u", i ? "," : "", v->roles[i]);
	}
	if (store_begin(c->store, true) != STORE_OK)
		return;
	if (store_tvs_log(c->store, device, v->subject, v->sha256, v->trusted, roles) != STORE_OK ||
	    store_commit(c->store) != STORE_OK)
		store_rollback(c->store);
}

int core_tvs_queries(struct core *c, int last, int (*fn)(const struct tvs_query *q, void *ctx), void *ctx,
		     struct err *e)
{
	if (store_tvs_last(c->store, last, fn, ctx) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the queries: %s", store_errmsg(c->store));
	return 0;
}
