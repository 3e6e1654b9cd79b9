#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/certcore.h"
#include "commands/ctl.h"
#include "commands/services.h"
#include "node/deploy.h"
#include "shell/session.h"
#include "shell/strbuf.h"
#include "store/node.h"

void certrow_fill(struct cert_row *r, const struct pki_facts *f, const char *kind, const char *unit,
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

int certcore_request(struct session *s, const struct unit_def *u, struct pki_request *req, char *err,
		     size_t errlen)
{
	struct request_store *rs = calloc(1, sizeof(*rs));
	char hex[9];
	int n = 0;

	memset(req, 0, sizeof(*req));
	if (!rs || store_node_get(s->store, &rs->id) != STORE_OK ||
	    store_web_security_get(s->store, &rs->ws) != STORE_OK) {
		snprintf(err, errlen, "cannot read the node identity: %s", store_errmsg(s->store));
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

void certcore_request_free(struct pki_request *req)
{
	struct request_store *rs = (struct request_store *)req->subject;

	if (!rs)
		return;
	node_identity_free(&rs->id);
	web_security_free(&rs->ws);
	free(rs);
	memset(req, 0, sizeof(*req));
}

static int store_own(struct session *s, const struct unit_def *u, const struct pki_cert *c,
		     const struct pki_key *k, char *err, size_t errlen)
{
	struct pki_facts f;
	struct cert_row row;
	char *pem = pki_cert_to_pem(c), *key_pem = k ? pki_key_to_pem(k) : NULL;
	int rc = -1;

	if (!pem || (k && !key_pem)) {
		snprintf(err, errlen, "cannot encode the certificate");
		goto out;
	}
	pki_cert_facts(c, &f);
	certrow_fill(&row, &f, "own", u->name, u->name, pem, NULL);
	if (store_cert_put_own(s->store, &row, key_pem) != STORE_OK) {
		snprintf(err, errlen, "cannot store the certificate: %s", store_errmsg(s->store));
		goto out;
	}
	rc = 0;
out:
	free(pem);
	pki_secret_free(key_pem);
	return rc;
}

int certcore_self_signed(struct session *s, const struct unit_def *u, const struct pki_key *key,
			 enum pki_digest digest, int days, char *err, size_t errlen)
{
	struct pki_request req;
	struct pki_cert *c = NULL;
	int rc;

	if (certcore_request(s, u, &req, err, errlen) != 0)
		return -1;
	req.digest = digest;
	if (days)
		req.days = days;
	rc = pki_self_signed(key, &req, &c, err, errlen);
	if (rc == 0)
		rc = store_own(s, u, c, key, err, errlen);
	pki_cert_free(c);
	certcore_request_free(&req);
	return rc;
}

int certcore_missing_units(struct session *s, int *missing)
{
	int have = 0;

	/* One count on every start; the names are compared only when short. */
	if (store_cert_count(s->store, "own", &have) != STORE_OK)
		return -1;
	*missing = have >= (int)nunits ? 0 : (int)nunits - have;
	return 0;
}

int certcore_first_start(struct session *s, char *err, size_t errlen)
{
	struct pki_keyspec specs[16] = {0};
	struct pki_key *keys[16];
	const struct unit_def *todo[16];
	struct cert_row row;
	int n = 0, rc = 0;

	/* Units without a certificate: all of them on a first start, new ones
	 * after an upgrade. */
	for (size_t i = 0; i < nunits; i++) {
		int got = store_cert_get(s->store, "own", units[i].name, units[i].name, &row);
		if (got == STORE_OK) {
			cert_row_free(&row);
			continue;
		}
		if (got != STORE_NOTFOUND) {
			snprintf(err, errlen, "%s", store_errmsg(s->store));
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
		rc = certcore_self_signed(s, todo[i], keys[i], PKI_DIGEST_DEFAULT, 0, err, errlen);
	for (int i = 0; i < n; i++)
		pki_key_free(keys[i]);
	return rc;
}

struct bundle {
	struct strbuf pem;
};

static int add_to_bundle(const struct cert_row *r, void *ctx)
{
	struct bundle *b = ctx;

	strbuf_adds(&b->pem, r->pem);
	return 0;
}

static int deploy_unit(struct session *s, const struct unit_def *u, char *err, size_t errlen)
{
	const char *dir = s->config.deploy_dir, *group = s->config.deploy_group;
	struct cert_row row;
	struct strbuf name = STRBUF_INIT, chain = STRBUF_INIT;
	char *key = NULL;
	int rc = -1;

	if (store_cert_get(s->store, "own", u->name, u->name, &row) != STORE_OK) {
		snprintf(err, errlen, "%s has no certificate", u->name);
		return -1;
	}
	if (store_own_key(s->store, u->name, &key) != STORE_OK) {
		snprintf(err, errlen, "%s has no key", u->name);
		goto out;
	}
	strbuf_adds(&chain, row.pem);
	if (row.chain)
		strbuf_adds(&chain, row.chain);
	strbuf_addf(&name, "%s.pem", u->name);
	if (deploy_write(dir, name.buf, row.pem, strlen(row.pem), group ? 0640 : 0600, group, err, errlen) !=
	    0)
		goto out;
	strbuf_reset(&name);
	strbuf_addf(&name, "%s.key", u->name);
	if (deploy_write(dir, name.buf, key, strlen(key), group ? 0640 : 0600, group, err, errlen) != 0)
		goto out;
	strbuf_reset(&name);
	strbuf_addf(&name, "%s-chain.pem", u->name);
	if (deploy_write(dir, name.buf, chain.buf, chain.len, group ? 0640 : 0600, group, err, errlen) != 0)
		goto out;
	rc = 0;
out:
	pki_secret_free(key);
	cert_row_free(&row);
	strbuf_release(&name);
	strbuf_release(&chain);
	return rc;
}

static int deploy_trust(struct session *s, const char *trust, char *err, size_t errlen)
{
	struct bundle b = {STRBUF_INIT};
	struct strbuf name = STRBUF_INIT;
	int rc;

	if (store_cert_each(s->store, "trust", trust, 0, true, add_to_bundle, &b) != STORE_OK) {
		snprintf(err, errlen, "cannot read %s: %s", trust, store_errmsg(s->store));
		return -1;
	}
	strbuf_addf(&name, "%s.pem", trust);
	rc = deploy_write(s->config.deploy_dir, name.buf, b.pem.buf ? b.pem.buf : "", b.pem.len,
			  s->config.deploy_group ? 0640 : 0600, s->config.deploy_group, err, errlen);
	strbuf_release(&name);
	strbuf_release(&b.pem);
	return rc;
}

int certcore_deploy(struct session *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < nunits; i++)
		if (deploy_unit(s, &units[i], err, errlen) != 0)
			return -1;
	for (size_t i = 0; i < ntrust_units; i++)
		if (deploy_trust(s, trust_units[i], err, errlen) != 0)
			return -1;
	return 0;
}

static int deploy_pending(struct session *s, char *err, size_t errlen)
{
	const char *what = s->after_commit_arg;
	const struct unit_def *u = unit_find(what);
	char why[400];
	int rc;

	if (u && strcmp(u->name, what) == 0) {
		rc = deploy_unit(s, u, why, sizeof(why));
		/* The ITL carries these certificates: keep it current. */
		if (rc == 0 && ctl_unit_listed(u->name))
			rc = ctl_itl_refresh(s, why, sizeof(why));
	} else
		rc = deploy_trust(s, what, why, sizeof(why));
	if (rc != 0)
		snprintf(err, errlen, "the deploy directory was not updated: %s", why);
	return rc;
}

void certcore_deploy_after_commit(struct session *s, const char *unit_or_trust)
{
	snprintf(s->after_commit_arg, sizeof(s->after_commit_arg), "%s", unit_or_trust);
	s->after_commit = deploy_pending;
}

void certcore_mark_restart(struct session *s, struct out *o, const struct unit_def *u, const char *why)
{
	struct strbuf names = STRBUF_INIT;
	char ids[128], *save = NULL;

	snprintf(ids, sizeof(ids), "%s", u->services);
	for (char *id = strtok_r(ids, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		const struct service_def *sv = service_find(id, NULL, 0);
		if (!sv || service_mark_restart(s, id, why) != STORE_OK)
			continue;
		strbuf_addf(&names, "%s%s", names.len ? ", " : "", sv->name);
	}
	if (names.len)
		out_msg(o, "Restart to use it: %s (utils service restart SERVICE).", names.buf);
	strbuf_release(&names);
}
