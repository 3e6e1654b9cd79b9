#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cert.h"
#include "store/node.h"
#include "svc/certs.h"
#include "svc/cryptopolicy.h"
#include "svc/own.h"
#include "svc/trust.h"
#include "svc/trustlist.h"
#include "svc/xmpp.h"

int core_own_parse(const unsigned char *buf, size_t len, bool may_be_p12, const char *what,
		   struct own_upload *up, struct err *e)
{
	char why[400];
	int rc;

	memset(up, 0, sizeof(*up));
	rc = pki_parse_certs(buf, len, &up->certs, why, sizeof(why));
	if (rc == 0)
		return 0;
	/* DER that is no certificate and no bare key: perhaps PKCS#12. */
	if (may_be_p12 && len >= 2 && buf[0] == 0x30 && rc != PKI_EPRIVKEY)
		return 1;
	return err_set(e, ERR_INVALID, "%s: %s; nothing was imported", what, why);
}

int core_own_parse_p12(const unsigned char *buf, size_t len, const char *pass, const char *what,
		       struct own_upload *up, struct err *e)
{
	struct pki_cert *leaf = NULL;
	struct pki_certlist chain;
	char why[400];

	memset(up, 0, sizeof(*up));
	if (pki_parse_pkcs12(buf, len, pass, &up->key, &leaf, &chain, why, sizeof(why)) != 0)
		return err_set(e, ERR_INVALID, "%s: %s; nothing was imported", what, why);
	if (!(up->certs.v = calloc((size_t)chain.n + 2, sizeof(*up->certs.v))))
		abort();
	up->certs.v[up->certs.n++] = leaf;
	for (int i = 0; i < chain.n; i++)
		up->certs.v[up->certs.n++] = chain.v[i];
	free(chain.v);
	return 0;
}

void core_own_upload_free(struct own_upload *up)
{
	pki_certlist_free(&up->certs);
	pki_key_free(up->key);
	memset(up, 0, sizeof(*up));
}

char *core_chain_pem(const struct pki_certlist *l, int skip)
{
	struct strbuf b = STRBUF_INIT;

	for (int i = 0; i < l->n; i++) {
		char *p;
		if (i == skip || !(p = pki_cert_to_pem(l->v[i])))
			continue;
		strbuf_adds(&b, p);
		free(p);
	}
	return b.len ? strbuf_detach(&b) : (strbuf_release(&b), NULL);
}

struct keys {
	char *csr_pem, *cur_pem;
	struct pki_key *csr, *cur;
};

static void keys_free(struct keys *k)
{
	pki_key_free(k->csr);
	pki_key_free(k->cur);
	pki_secret_free(k->csr_pem);
	pki_secret_free(k->cur_pem);
}

/* The upload's certificate this unit can use, and where its key is. */
static int pick_leaf(const struct own_upload *up, const struct keys *k, const char *what, const char *unit,
		     enum own_key_from *from, struct err *e)
{
	if (up->key) {
		/* A PKCS#12 file brings its own key: its certificate is the first. */
		if (!pki_key_matches_cert(up->key, up->certs.v[0])) {
			err_set(e, ERR_INVALID, "%s: its key does not belong to its certificate", what);
			return -1;
		}
		*from = OWN_KEY_PKCS12;
		return 0;
	}
	for (int i = 0; i < up->certs.n; i++) {
		if (k->csr && pki_key_matches_cert(k->csr, up->certs.v[i])) {
			*from = OWN_KEY_CSR;
			return i;
		}
		if (k->cur && pki_key_matches_cert(k->cur, up->certs.v[i])) {
			*from = OWN_KEY_CURRENT;
			return i;
		}
	}
	err_set(
	    e, ERR_REFUSED,
	    "%s: no certificate in it matches the key of %s's pending CSR or its current key; nothing was "
	    "imported",
	    what, unit);
	return -1;
}

/* The upload's other certificates: each must be a CA (a chain holds
 * nothing else). The self-signed ones are roots the administrator brings
 * along (the documentation's "certificate chain" upload). */
static int split_chain(const struct own_upload *up, int leaf, const char *what, struct pki_certlist *cas,
		       struct pki_certlist *roots, struct err *e)
{
	if (!(cas->v = calloc((size_t)up->certs.n, sizeof(*cas->v))) ||
	    !(roots->v = calloc((size_t)up->certs.n, sizeof(*roots->v))))
		abort();
	for (int i = 0; i < up->certs.n; i++) {
		struct pki_facts f;
		if (i == leaf)
			continue;
		pki_cert_facts(up->certs.v[i], &f);
		if (!f.is_ca)
			return err_set(
			    e, ERR_INVALID,
			    "%s: certificate %d (%s) is not a CA, so it cannot be part of the chain; "
			    "upload the certificate and its issuers only; nothing was imported",
			    what, i + 1, *f.subject_cn ? f.subject_cn : f.subject);
		cas->v[cas->n++] = up->certs.v[i];
		if (f.self_signed)
			roots->v[roots->n++] = up->certs.v[i];
	}
	return 0;
}

/* Borrowed certificates: only the arrays are freed. */
static void borrowed_free(struct pki_certlist *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The certificate, and every CA the upload brings, must chain to an anchor:
 * a certificate in the unit's trust store or a root in the upload. */
static int check_chain(struct core *c, const struct unit_def *u, const struct own_upload *up, int leaf,
		       const struct pki_certlist *cas, const struct pki_certlist *roots, const char *what,
		       struct err *e)
{
	struct pki_certlist anchors = {0};
	char reason[300];
	int rc = 0;

	if (core_trust_load(c, u->trust, &anchors) != 0)
		return err_set(e, ERR_FAIL, "Cannot read %s: %s", u->trust, store_errmsg(c->store));
	struct pki_cert **v = realloc(anchors.v, (size_t)(anchors.n + roots->n + 1) * sizeof(*v));
	if (!v)
		abort();
	anchors.v = v;
	int own = anchors.n;
	for (int i = 0; i < roots->n; i++)
		anchors.v[anchors.n++] = roots->v[i];
	/* The strict verifier a peer would be (RFC 5280). */
	struct pki_verify_opts vo = {&anchors, &up->certs, PKI_PURPOSE_ANY, NULL, 0, PKI_RFC5280};
	if (pki_verify(up->certs.v[leaf], &vo, reason, sizeof(reason)) != 0)
		rc = err_set(e, ERR_REFUSED,
			     "%s: the certificate does not chain to a certificate in %s or to a root in the "
			     "upload (%s); import the CA with set cert import trust %s FILE first, or upload "
			     "the certificate with its whole chain; nothing was imported",
			     what, u->trust, reason, u->trust);
	for (int i = 0; rc == 0 && i < cas->n; i++)
		if (pki_verify(cas->v[i], &vo, reason, sizeof(reason)) != 0) {
			struct pki_facts f;
			pki_cert_facts(cas->v[i], &f);
			rc = err_set(
			    e, ERR_REFUSED,
			    "%s: the chain's CA %s does not chain to an anchor (%s); nothing was imported",
			    what, *f.subject_cn ? f.subject_cn : f.subject, reason);
		}
	/* The roots are the upload's; only the store's own are freed here. */
	anchors.n = own;
	pki_certlist_free(&anchors);
	return rc;
}

/* FIPS and Common Criteria modes decide which certificates a unit may use. */
static int policy_allows(struct core *c, const struct pki_cert *cert, const char *what, struct err *e)
{
	struct crypto_policy policy = core_crypto_policy(c);
	struct pki_facts f;
	char why[300];

	pki_cert_facts(cert, &f);
	if (crypto_check_cert(&policy, &f, what, why, sizeof(why)) != 0)
		return err_set(e, ERR_REFUSED, "%s; nothing was imported", why);
	return 0;
}

/* A unit that serves the node's name needs a certificate that names the
 * node: its FQDN, host name, IP address or web-security alternate host.
 * Other names beside them (a multi-server SAN) are fine. */
static int names_node(struct core *c, const struct unit_def *u, const struct pki_cert *cert, const char *what,
		      struct err *e)
{
	struct node_identity id = {0};
	struct web_security ws = {0};
	struct pki_facts f;
	char fqdn[320];
	bool ok = false;

	if (!u->names_node)
		return 0;
	if (store_node_get(c->store, &id) != STORE_OK || store_web_security_get(c->store, &ws) != STORE_OK) {
		node_identity_free(&id);
		return err_set(e, ERR_FAIL, "Cannot read the node identity: %s", store_errmsg(c->store));
	}
	snprintf(fqdn, sizeof(fqdn), "%s.%s", id.hostname, id.domain);
	const char *expected[] = {fqdn, id.hostname, id.ip, ws.althost};
	for (size_t i = 0; i < 4 && !ok; i++)
		ok = expected[i] && *expected[i] && pki_cert_names_host(cert, expected[i]);
	if (!ok) {
		pki_cert_facts(cert, &f);
		err_set(
		    e, ERR_REFUSED,
		    "%s: the certificate names %s%s, not this node (%s, %s, %s%s%s); %s serves the node's "
		    "name; nothing was imported",
		    what, *f.san ? f.san : "CN=", *f.san ? "" : f.subject_cn, fqdn, id.hostname, id.ip,
		    ws.althost ? ", " : "", ws.althost ? ws.althost : "", u->name);
	}
	node_identity_free(&id);
	web_security_free(&ws);
	return ok ? 0 : -1;
}

static int store_leaf(struct core *c, const struct unit_def *u, const struct own_upload *up, int leaf,
		      const char *key_pem, bool drop_csr, struct own_result *res, struct err *e)
{
	struct pki_facts f;
	struct cert_row row;
	char *pem = pki_cert_to_pem(up->certs.v[leaf]), *chain = core_chain_pem(&up->certs, leaf);
	int rc;

	pki_cert_facts(up->certs.v[leaf], &f);
	core_cert_row_fill(&row, &f, "own", u->name, u->name, pem, chain);
	if (core_publish_own(c, u->name, pem, e) != 0) {
		free(pem);
		free(chain);
		return -1;
	}
	rc = store_cert_put_own(c->store, &row, key_pem);
	if (rc == STORE_OK && drop_csr && store_csr_delete(c->store, u->name) == STORE_ERROR)
		rc = STORE_ERROR;
	snprintf(res->issuer, sizeof(res->issuer), "%.255s", *f.issuer_cn ? f.issuer_cn : f.issuer);
	snprintf(res->key_desc, sizeof(res->key_desc), "%s", f.key);
	free(pem);
	free(chain);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot store the certificate: %s", store_errmsg(c->store));
	return 0;
}

int core_own_install(struct core *c, const struct unit_def *u, const struct own_upload *up, const char *what,
		     struct own_result *res, struct err *e)
{
	struct keys k = {0};
	struct pki_certlist cas = {0}, roots = {0};
	char why[300], *new_key = NULL;
	int leaf, rc = -1;

	memset(res, 0, sizeof(*res));
	if (store_csr_get(c->store, u->name, NULL, &k.csr_pem, NULL) == STORE_OK)
		k.csr = pki_key_from_pem(k.csr_pem, why, sizeof(why));
	if (store_own_key(c->store, u->name, &k.cur_pem) == STORE_OK)
		k.cur = pki_key_from_pem(k.cur_pem, why, sizeof(why));
	if ((leaf = pick_leaf(up, &k, what, u->name, &res->key_from, e)) < 0 ||
	    policy_allows(c, up->certs.v[leaf], what, e) != 0 ||
	    names_node(c, u, up->certs.v[leaf], what, e) != 0 ||
	    split_chain(up, leaf, what, &cas, &roots, e) != 0 ||
	    check_chain(c, u, up, leaf, &cas, &roots, what, e) != 0)
		goto out;
	/* The chain's CAs join the unit's trust store in the same transaction. */
	if (cas.n && core_trust_import(c, u->trust, &cas, what, &res->chain, e) != 0)
		goto out;
	if (up->key && !(new_key = pki_key_to_pem(up->key))) {
		err_set(e, ERR_FAIL, "Cannot encode the key");
		goto out;
	}
	/* The key changes with a PKCS#12 file or a CSR; else it stays. */
	if (store_leaf(c, u, up, leaf,
		       res->key_from == OWN_KEY_PKCS12 ? new_key
		       : res->key_from == OWN_KEY_CSR  ? k.csr_pem
						       : NULL,
		       res->key_from != OWN_KEY_CURRENT, res, e) != 0)
		goto out;
	core_mark_restart(c, u, "certificate imported", &res->restart);
	res->ctl_stale = trustlist_note_change(c, u->name);
	fx_deploy_unit(c, u);
	if (strcmp(u->name, "cup-xmpp") == 0 && core_xmpp_replicate(c, NULL, e) != 0)
		goto out;
	rc = 0;
out:
	borrowed_free(&cas);
	borrowed_free(&roots);
	keys_free(&k);
	pki_secret_free(new_key);
	return rc;
}

void core_own_result_free(struct own_result *res)
{
	strbuf_release(&res->restart);
	core_trust_report_free(&res->chain);
}
