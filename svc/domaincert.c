#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cert.h"
#include "store/domain.h"
#include "svc/certs.h"
#include "svc/cryptopolicy.h"
#include "svc/domain.h"
#include "svc/domaincert.h"
#include "svc/files.h"
#include "svc/own.h"
#include "svc/trust.h"

#define UPLOAD_MAX (1 << 20)

/* The certificate of the upload that names the domain (SAN dNSName, or
 * the CN when there is no SAN); the others are its chain. */
static int pick_leaf(const struct pki_certlist *l, const char *name, const char *file, struct err *e)
{
	struct pki_facts f;

	for (int i = 0; i < l->n; i++) {
		pki_cert_facts(l->v[i], &f);
		if (!f.is_ca && pki_cert_names_host(l->v[i], name))
			return i;
	}
	pki_cert_facts(l->v[0], &f);
	err_set(e, ERR_INVALID, "%s: no certificate in it names %s (the first names %s%s)", file, name,
		*f.san ? "" : "CN=", *f.san ? f.san : f.subject_cn);
	return -1;
}

/* The key: the CSR's, or the uploaded one (unencrypted PEM) when the CSR
 * was made elsewhere. Returns the PEM to store (malloc'd). */
static char *pick_key(struct core *c, const char *unit, const char *name, const char *key_file,
		      const struct pki_cert *leaf, struct domain_upload *r, struct err *e)
{
	char *csr_key = NULL, why[300];
	unsigned char *data = NULL;
	size_t len;
	struct pki_key *k;
	bool csr = store_csr_get(c->store, unit, NULL, &csr_key, NULL) == STORE_OK;

	if (key_file && csr) {
		pki_secret_free(csr_key);
		err_set(e, ERR_REFUSED,
			"A CSR for %s is in progress on this node: upload the certificate issued for it "
			"without a key, "
			"or discard the CSR first (domain csr discard %s)",
			name, name);
		return NULL;
	}
	if (!key_file && !csr) {
		err_set(e, ERR_INVALID,
			"%s has no CSR in progress on this node: give the key of the certificate (key FILE, "
			"unencrypted PEM)",
			name);
		return NULL;
	}
	if (key_file) {
		if (core_file_read(c, key_file, 65536, &data, &len, e) != 0)
			return NULL;
		if (strstr((char *)data, "ENCRYPTED")) {
			explicit_bzero(data, len);
			free(data);
			err_set(e, ERR_INVALID, "%s is an encrypted key: upload it unencrypted (PEM)",
				key_file);
			return NULL;
		}
		csr_key = (char *)data;
	}
	if (!(k = pki_key_from_pem(csr_key, why, sizeof(why)))) {
		err_set(e, ERR_INVALID, "%s: not a private key in PEM (%s)",
			key_file ? key_file : "the CSR's key", why);
		pki_secret_free(csr_key);
		return NULL;
	}
	bool match = pki_key_matches_cert(k, leaf);
	pki_key_describe(k, r->key_desc, sizeof(r->key_desc));
	pki_key_free(k);
	if (!match) {
		err_set(e, ERR_INVALID, "The certificate does not match %s",
			key_file ? key_file : "the key of the CSR in progress");
		pki_secret_free(csr_key);
		return NULL;
	}
	r->key_from_csr = !key_file;
	return csr_key;
}

/* Chains to tomcat-trust by the RFC 5280 verifier, the upload's other
 * certificates as intermediates. */
static int check_chain(struct core *c, const struct pki_certlist *l, int leaf, const char *file,
		       struct err *e)
{
	struct pki_certlist path = {0}, none = {0};
	struct pki_verify_opts how = {.purpose = PKI_PURPOSE_SERVER, .profile = PKI_RFC5280};
	struct pki_findings out;
	int rc;

	if (!(path.v = calloc((size_t)l->n + 1, sizeof(*path.v))))
		abort();
	path.v[path.n++] = l->v[leaf];
	for (int i = 0; i < l->n; i++)
		if (i != leaf)
			path.v[path.n++] = l->v[i];
	rc = core_cert_verify(c, "tomcat-trust", &path, &none, &how, &out, e);
	free(path.v);
	if (rc == 0 && out.n)
		rc = err_set(e, ERR_INVALID,
			     "%s does not verify against tomcat-trust: %s (import the issuing CA there, "
			     "or upload the chain with the certificate)",
			     file, out.v[0].rule);
	pki_findings_free(&out);
	return rc;
}

struct job {
	const char *name, *unit;
	struct cert_row row;
	const char *key_pem;
	bool drop_csr;
};

static int apply(struct core *c, void *arg, struct err *e)
{
	struct job *j = arg;

	if (core_domain_known(c, j->name, e) != 0)
		return -1;
	if (store_cert_put_own(c->store, &j->row, j->key_pem) != STORE_OK ||
	    (j->drop_csr && store_csr_delete(c->store, j->unit) == STORE_ERROR))
		return err_set(e, ERR_FAIL, "Cannot store the certificate: %s", store_errmsg(c->store));
	return 0;
}

int core_domain_cert_upload(struct core *c, const char *name, const char *file, const char *key_file,
			    struct domain_upload *r, struct err *e)
{
	struct pki_certlist l = {0};
	struct crypto_policy policy = core_crypto_policy(c);
	unsigned char *data = NULL;
	char unit[300], why[300], *key_pem = NULL, *pem = NULL, *chain = NULL;
	struct pki_facts f;
	size_t len;
	int leaf, rc = -1;

	memset(r, 0, sizeof(*r));
	domain_unit(name, unit, sizeof(unit));
	if (core_domain_known(c, name, e) != 0 || core_file_read(c, file, UPLOAD_MAX, &data, &len, e) != 0)
		return -1;
	rc = core_trust_parse(data, len, file, &l, e);
	free(data);
	if (rc != 0)
		return -1;
	rc = -1;
	if ((leaf = pick_leaf(&l, name, file, e)) < 0)
		goto out;
	pki_cert_facts(l.v[leaf], &f);
	if (crypto_check_cert(&policy, &f, file, why, sizeof(why)) != 0) {
		err_set(e, ERR_REFUSED, "%s", why);
		goto out;
	}
	if (check_chain(c, &l, leaf, file, e) != 0 ||
	    !(key_pem = pick_key(c, unit, name, key_file, l.v[leaf], r, e)))
		goto out;
	pem = pki_cert_to_pem(l.v[leaf]);
	chain = core_chain_pem(&l, leaf);
	snprintf(r->issuer, sizeof(r->issuer), "%.255s", *f.issuer_cn ? f.issuer_cn : f.issuer);
	r->intermediates = l.n - 1;
	struct job j = {name, unit, {0}, key_pem, r->key_from_csr};
	core_cert_row_fill(&j.row, &f, "own", unit, unit, pem, chain);
	rc = core_write(c, apply, &j, e);
out:
	pki_secret_free(key_pem);
	free(pem);
	free(chain);
	pki_certlist_free(&l);
	return rc;
}

int core_domain_cert(struct core *c, const char *name, char **pem, struct pki_facts *f, struct err *e)
{
	char unit[300], why[200];
	struct cert_row row;
	struct pki_certlist l = {0};
	int rc;

	*pem = NULL;
	if (core_domain_known(c, name, e) != 0)
		return -1;
	domain_unit(name, unit, sizeof(unit));
	rc = store_cert_get(c->store, "own", unit, unit, &row);
	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_NOTFOUND,
			       "%s has no certificate on this node (domain cert upload %s FILE)", name, name);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the certificate: %s", store_errmsg(c->store));
	if (pki_parse_certs((const unsigned char *)row.pem, strlen(row.pem), &l, why, sizeof(why)) !=
		PKI_OK ||
	    !l.n) {
		cert_row_free(&row);
		return err_set(e, ERR_FAIL, "The stored certificate cannot be read: %s", why);
	}
	pki_cert_facts(l.v[0], f);
	pki_certlist_free(&l);
	*pem = row.pem;
	row.pem = NULL;
	cert_row_free(&row);
	return 0;
}

int core_domain_cert_delete(struct core *c, const char *name, struct err *e)
{
	char unit[300], *pem;
	struct pki_facts f;
	struct cert_row row;

	if (core_domain_cert(c, name, &pem, &f, e) != 0)
		return -1;
	free(pem);
	domain_unit(name, unit, sizeof(unit));
	if (store_cert_get(c->store, "own", unit, unit, &row) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the certificate: %s", store_errmsg(c->store));
	int rc = store_cert_delete(c->store, row.id);
	cert_row_free(&row);
	if (rc != STORE_OK || store_own_key_delete(c->store, unit) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot delete the certificate: %s", store_errmsg(c->store));
	return 0;
}
