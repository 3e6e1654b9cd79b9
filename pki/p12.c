/* Certificate-only PKCS#12 files for the bulk exchange between clusters:
 * the certificates of a unit, each with a friendly name saying where it
 * came from, under a MAC keyed by the password the clusters share. A file
 * that holds a key is refused both ways: private keys never travel. */
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <stdlib.h>
#include <string.h>

#include "pki/pki_int.h"

int pki_p12_certs_build(const struct pki_certlist *certs, const char *const *names, const char *pass,
			unsigned char **out, size_t *len, char *err, size_t errlen)
{
	STACK_OF(X509) *ca = sk_X509_new_null();
	PKCS12 *p12 = NULL;
	unsigned char *der = NULL;
	int n, rc = PKI_EFAIL;

	*out = NULL;
	*len = 0;
	if (!ca || certs->n == 0) {
		snprintf(err, errlen, "no certificate to put in the PKCS#12 file");
		goto out;
	}
	for (int i = 0; i < certs->n; i++) {
		X509 *x = X509_dup(certs->v[i]->x);
		if (!x || (names && names[i] && !X509_alias_set1(x, (const unsigned char *)names[i], -1)) ||
		    !sk_X509_push(ca, x)) {
			X509_free(x);
			pki_openssl_error(err, errlen, "cannot gather the certificates");
			goto out;
		}
	}
	/* No key, no "own" certificate: every certificate is a bag of its
	 * own. Certificates are public: the bags are not encrypted (nid_cert
	 * -1), which saves a key derivation per file; the MAC (SHA-256,
	 * OpenSSL's default iterations) is what the bulk password protects. */
	if (!(p12 = PKCS12_create(pass, NULL, NULL, NULL, ca, 0, -1, 0, 0, 0)) ||
	    (n = i2d_PKCS12(p12, &der)) <= 0) {
		pki_openssl_error(err, errlen, "cannot build the PKCS#12 file");
		goto out;
	}
	if (!(*out = malloc((size_t)n))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	memcpy(*out, der, (size_t)n);
	*len = (size_t)n;
	rc = PKI_OK;
out:
	OPENSSL_free(der);
	sk_X509_pop_free(ca, X509_free);
	PKCS12_free(p12);
	return rc;
}

int pki_p12_certs_parse(const unsigned char *buf, size_t len, const char *pass, struct pki_certlist *certs,
			char ***names, char *err, size_t errlen)
{
	const unsigned char *p = buf;
	PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
	EVP_PKEY *k = NULL;
	X509 *x = NULL;
	STACK_OF(X509) *ca = NULL;
	int rc = PKI_EINPUT, n = 0;

	memset(certs, 0, sizeof(*certs));
	*names = NULL;
	if (!p12) {
		snprintf(err, errlen, "not a PKCS#12 file");
		goto out;
	}
	if (!PKCS12_mac_present(p12) || !PKCS12_verify_mac(p12, pass, -1)) {
		snprintf(err, errlen,
			 "the PKCS#12 file does not verify with the bulk password (a wrong password, "
			 "or the file is damaged)");
		goto out;
	}
	if (!PKCS12_parse(p12, pass, &k, &x, &ca)) {
		pki_openssl_error(err, errlen, "cannot read the PKCS#12 file");
		goto out;
	}
	if (k) {
		snprintf(err, errlen,
			 "the PKCS#12 file holds a private key: bulk files carry certificates only");
		goto out;
	}
	if (x && !sk_X509_push(ca ? ca : (ca = sk_X509_new_null()), x)) {
		rc = PKI_EFAIL;
		goto out;
	}
	x = NULL;
	n = ca ? sk_X509_num(ca) : 0;
	if (n == 0) {
		snprintf(err, errlen, "the PKCS#12 file holds no certificate");
		goto out;
	}
	if (!(*names = calloc((size_t)n + 1, sizeof(**names)))) {
		rc = PKI_EFAIL;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		X509 *c = sk_X509_value(ca, i);
		int alen = 0;
		unsigned char *alias = X509_alias_get0(c, &alen);
		if (alias && alen > 0 && ((*names)[i] = malloc((size_t)alen + 1))) {
			memcpy((*names)[i], alias, (size_t)alen);
			(*names)[i][alen] = '\0';
		}
		if (!X509_up_ref(c) || pki_certlist_push(certs, c) != 0) {
			rc = PKI_EFAIL;
			goto out;
		}
	}
	rc = PKI_OK;
out:
	if (rc != PKI_OK) {
		pki_certlist_free(certs);
		pki_p12_names_free(*names, n);
		*names = NULL;
	}
	EVP_PKEY_free(k);
	X509_free(x);
	sk_X509_pop_free(ca, X509_free);
	PKCS12_free(p12);
	return rc;
}

void pki_p12_names_free(char **names, int n)
{
	for (int i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
}
