/* Own certificates: the subject policy, issuing self-signed certificates
 * and storing them with their facts, first-start provisioning, restart marks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cert.h"
#include "store/cluster.h"
#include "store/node.h"
#include "svc/certs.h"
#include "svc/cryptopolicy.h"
#include "svc/node.h"
#include "svc/services.h"
#include "util/strbuf.h"

void core_cert_row_fill(struct cert_row *r, const struct pki_facts *f, const char *kind, const char *unit,
			const char *name, char *pem, char *chain)
{
	memset(r, 0, sizeof(*r));
	r->kind = (char *)kind;
	r->unit = (char *)unit;
	r->name = (char *)name;
	r->pem = pem;
	r->chain = chain;
	r->subject = (char *)f->subject;
	r->subject_cn = (char *)f->subject_cn;
	r->issuer = (char *)f->issuer;
	r->issuer_cn = (char *)f->issuer_cn;
	r->serial = (char *)f->serial;
	r->not_before = f->not_before;
	r->not_after = f->not_after;
	r->key_desc = (char *)f->key;
	r->self_signed = f->self_signed;
	r->sha256 = (char *)f->sha256;
}

struct request_store {
	struct pki_subject subj;
	struct node_identity id;
	struct web_security ws;
	char cn[300], fqdn[300], althost[300];
	const char *dns[3];
};

int core_unit_request(struct core *c, const struct unit_def *u, struct pki_request *req, char *err,
		      size_t errlen)
{
	struct request_store *rs = calloc(1, sizeof(*rs));
	char hex[9];
	int n = 0;

	memset(req, 0, sizeof(*req));
	if (!rs || store_node_get(c->store, &rs->id) != STORE_OK ||
	    store_web_security_get(c->store, &rs->ws) != STORE_OK) {
		snprintf(err, errlen, "cannot read the node identity: %s", store_errmsg(c->store));
		if (rs) {
			node_identity_free(&rs->id);
			free(rs);
		}
		return -1;
	}
	snprintf(rs->fqdn, sizeof(rs->fqdn), "%s.%s", rs->id.hostname, rs->id.domain);
	switch (u->cn) {
	case CN_FQDN:
		snprintf(rs->cn, sizeof(rs->cn), "%s", rs->fqdn);
		break;
	case CN_FQDN_EC:
		snprintf(rs->cn, sizeof(rs->cn), "%s-EC.%s", rs->id.hostname, rs->id.domain);
		break;
	case CN_ITLRECOVERY:
		snprintf(rs->cn, sizeof(rs->cn), "ITLRECOVERY_%s", rs->id.hostname);
		break;
	case CN_CAPF:
		pki_random_hex(hex, 4);
		snprintf(rs->cn, sizeof(rs->cn), "CAPF-%s", hex);
		break;
	}
	rs->subj = (struct pki_subject){rs->cn,		 rs->ws.orgunit, rs->ws.orgname,
					rs->ws.locality, rs->ws.state,	 rs->ws.country};
	/* Names a TLS client may use for the node; the CAPF and ITL recovery
	 * identities are not host names. */
	if (u->cn == CN_FQDN || u->cn == CN_FQDN_EC) {
		rs->dns[n++] = rs->fqdn;
		rs->dns[n++] = rs->id.hostname;
		if (rs->ws.althost)
			rs->dns[n++] = rs->ws.althost;
	}
	req->subject = &rs->subj;
	req->dns = rs->dns;
	req->ndns = n;
	req->profile = u->profile;
	req->days = u->days;
	return 0;
}

void core_unit_request_free(struct pki_request *req)
{
	struct request_store *rs = (struct request_store *)req->subject;

	if (!rs)
		return;
	node_identity_free(&rs->id);
	web_security_free(&rs->ws);
	free(rs);
	memset(req, 0, sizeof(*req));
}

int core_publish_own(struct core *c, const char *unit, const char *pem, struct err *e)
{
	if (!c->member && !c->cut_off)
		return 0;
	if (core_shared_write(c, e) != 0)
		return -1;
	if (store_node_cert_put(c->cluster, c->node_name, unit, pem) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot publish the certificate in the cluster: %s",
			       store_errmsg(c->cluster));
	return 0;
}

static int store_own(struct core *c, const struct unit_def *u, const struct pki_cert *cert,
		     const struct pki_key *k, char *err, size_t errlen)
{
	struct err pe;
	struct pki_facts f;
	struct cert_row row;
	char *pem = pki_cert_to_pem(cert), *key_pem = k ? pki_key_to_pem(k) : NULL;
	int rc = -1;

	if (!pem || (k && !key_pem)) {
		snprintf(err, errlen, "cannot encode the certificate");
		goto out;
	}
	pki_cert_facts(cert, &f);
	core_cert_row_fill(&row, &f, "own", u->name, u->name, pem, NULL);
	if (core_publish_own(c, u->name, pem, &pe) != 0) {
		snprintf(err, errlen, "%s", pe.msg);
		goto out;
	}
	if (store_cert_put_own(c->store, &row, key_pem) != STORE_OK) {
		snprintf(err, errlen, "cannot store the certificate: %s", store_errmsg(c->store));
		goto out;
	}
	rc = 0;
out:
	free(pem);
	pki_secret_free(key_pem);
	return rc;
}

int core_self_signed(struct core *c, const struct unit_def *u, const struct pki_key *key,
		     enum pki_digest digest, int days, char *err, size_t errlen)
{
	struct pki_request req;
	struct pki_cert *cert = NULL;
	int rc;

	if (core_unit_request(c, u, &req, err, errlen) != 0)
		return -1;
	req.digest = digest;
	if (days)
		req.days = days;
	rc = pki_self_signed(key, &req, &cert, err, errlen);
	if (rc == 0)
		rc = store_own(c, u, cert, key, err, errlen);
	pki_cert_free(cert);
	core_unit_request_free(&req);
	return rc;
}

int core_missing_units(struct core *c, int *missing)
{
	int have = 0;

	/* One count on every start; the names are compared only when short. */
	if (store_cert_count(c->store, "own", &have) != STORE_OK)
		return -1;
	*missing = have >= (int)nunits ? 0 : (int)nunits - have;
	return 0;
}

int core_provision_units(struct core *c, char *err, size_t errlen)
{
	struct pki_keyspec specs[16] = {0};
	struct pki_key *keys[16];
	const struct unit_def *todo[16];
	struct cert_row row;
	int n = 0, rc = 0;

	/* Units without a certificate: all of them on a first start, new ones
	 * after an upgrade. */
	for (size_t i = 0; i < nunits; i++) {
		int got = store_cert_get(c->store, "own", units[i].name, units[i].name, &row);
		if (got == STORE_OK) {
			cert_row_free(&row);
			continue;
		}
		if (got != STORE_NOTFOUND) {
			snprintf(err, errlen, "%s", store_errmsg(c->store));
			return -1;
		}
		todo[n] = &units[i];
		specs[n++] = (struct pki_keyspec){units[i].key, units[i].bits};
	}
	if (n == 0)
		return 0;
	if (pki_keys_generate(specs, n, keys, err, errlen) != 0)
		return -1;
	for (int i = 0; i < n && rc == 0; i++)
		rc = core_self_signed(c, todo[i], keys[i], PKI_DIGEST_DEFAULT, 0, err, errlen);
	if (rc == 0)
		fx_deploy_all(c);
	for (int i = 0; i < n; i++)
		pki_key_free(keys[i]);
	return rc;
}

void core_mark_restart(struct core *c, const struct unit_def *u, const char *why, struct strbuf *names)
{
	char ids[128], *save = NULL;

	snprintf(ids, sizeof(ids), "%s", u->services);
	for (char *id = strtok_r(ids, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		const struct service_def *sv = service_find(id, NULL, 0);
		if (!sv || service_mark_restart(c->store, id, why) != STORE_OK)
			continue;
		strbuf_addf(names, "%s%s", names->len ? ", " : "", sv->name);
	}
}

int core_unit_key_allowed(struct core *c, const struct unit_def *u, const struct pki_keyspec *spec,
			  struct err *e)
{
	struct crypto_policy policy = core_crypto_policy(c);
	char why[300];

	if (spec->type == u->key) {
		if (crypto_check_keyspec(&policy, spec, u->name, why, sizeof(why)) != 0)
			return err_set(e, ERR_REFUSED, "%s", why);
		return 0;
	}
	if (u->rsa_only)
		return err_set(e, ERR_INVALID, "%s signs trust lists and must keep an RSA key", u->name);
	return err_set(e, ERR_INVALID, "%s takes %s keys only%s", u->name,
		       u->key == PKI_KEY_EC ? "EC" : "RSA",
		       u->key == PKI_KEY_EC ? "" : " (its ECDSA form is a unit of its own)");
}

static int add_node_cert(const struct node_cert *nc, void *arg)
{
	struct node_certs *l = arg;
	char(*node)[64] = realloc(l->node, (size_t)(l->n + 1) * sizeof(*node));
	char **pem = node ? realloc(l->pem, (size_t)(l->n + 1) * sizeof(*pem)) : NULL;

	if (node)
		l->node = node;
	if (!pem)
		return 1;
	l->pem = pem;
	snprintf(l->node[l->n], sizeof(l->node[0]), "%s", nc->node);
	l->pem[l->n++] = strdup(nc->pem);
	return 0;
}

void node_certs_free(struct node_certs *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->pem[i]);
	free(l->pem);
	free(l->node);
	memset(l, 0, sizeof(*l));
}

/* Every node's certificate of a unit: the cluster's list on a member, this
 * node's own otherwise. */
int core_node_certs(struct core *c, const char *unit, struct node_certs *l, struct err *e)
{
	memset(l, 0, sizeof(*l));
	if (c->member) {
		if (store_node_cert_each(c->cluster, unit, add_node_cert, l) != STORE_OK)
			return err_set(e, ERR_FAIL, "Cannot read the nodes' certificates: %s",
				       store_errmsg(c->cluster));
		return 0;
	}
	struct node_identity id = {0};
	struct cert_row row;
	char fqdn[320];
	if (core_identity(c, &id, fqdn, sizeof(fqdn), e) != 0)
		return -1;
	if (store_cert_get(c->store, "own", unit, unit, &row) == STORE_OK) {
		struct node_cert nc = {id.hostname, NULL, NULL, NULL, unit, row.pem};
		add_node_cert(&nc, l);
		cert_row_free(&row);
	}
	node_identity_free(&id);
	return 0;
}
