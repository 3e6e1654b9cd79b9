/* What the CAPF issues: a request from a device or a CTI application,
 * checked, and the Locally Significant Certificate made from it, in the
 * shape CAPF-TVS-PROTOCOL.md §1.9 describes. */
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "pki/pki_int.h"

int pki_csr_parse_verified(const unsigned char *buf, size_t len, struct pki_csr **out, char *key_desc,
			   size_t desclen, char *err, size_t errlen)
{
	BIO *b = BIO_new_mem_buf(buf, (int)len);
	X509_REQ *r = NULL;
	EVP_PKEY *k;

	*out = NULL;
	if (b && len > 10 && memmem(buf, len, "-----BEGIN", 10))
		r = PEM_read_bio_X509_REQ(b, NULL, NULL, NULL);
	else if (b) {
		const unsigned char *p = buf;
		r = d2i_X509_REQ(NULL, &p, (long)len);
	}
	BIO_free(b);
	if (!r) {
		pki_openssl_error(err, errlen, "not a certificate request (PEM or DER)");
		return PKI_EINPUT;
	}
	if (!(k = X509_REQ_get0_pubkey(r)) || X509_REQ_verify(r, k) != 1) {
		X509_REQ_free(r);
		snprintf(err, errlen, "the request's signature does not verify with its own key");
		return PKI_EINPUT;
	}
	pki_describe_pkey(k, key_desc, desclen);
	if (!(*out = calloc(1, sizeof(**out)))) {
		X509_REQ_free(r);
		return PKI_EFAIL;
	}
	(*out)->r = r;
	return PKI_OK;
}

/* CN = the device, then the signer's O, OU, L, ST and C in its order. */
static int lsc_subject(X509_NAME *out, const X509_NAME *signer, const char *device)
{
	static const int keep[] = {NID_organizationName, NID_organizationalUnitName, NID_localityName,
				   NID_stateOrProvinceName, NID_countryName};

	if (!X509_NAME_add_entry_by_NID(out, NID_commonName, MBSTRING_UTF8, (const unsigned char *)device, -1,
					-1, 0))
		return -1;
	for (int i = 0; i < X509_NAME_entry_count(signer); i++) {
		const X509_NAME_ENTRY *en = X509_NAME_get_entry(signer, i);
		int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(en));
		for (size_t j = 0; j < sizeof(keep) / sizeof(keep[0]); j++)
			if (nid == keep[j] && !X509_NAME_add_entry(out, en, -1, 0))
				return -1;
	}
	return 0;
}

static int add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	if (!(ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value)))
		return -1;
	ok = X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

/* 16 random bytes, positive. */
static int lsc_serial(X509 *x)
{
	unsigned char b[16];
	BIGNUM *bn;
	int ok;

	if (RAND_bytes(b, sizeof(b)) != 1)
		return -1;
	b[0] &= 0x7f;
	b[0] |= 0x01;
	bn = BN_bin2bn(b, sizeof(b), NULL);
	ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	BN_free(bn);
	return ok ? 0 : -1;
}

int pki_pubkey_from_spki(const unsigned char *der, size_t len, struct pki_pubkey **out, char *desc,
			 size_t desclen, char *err, size_t errlen)
{
	const unsigned char *p = der;
	EVP_PKEY *k = d2i_PUBKEY(NULL, &p, (long)len);

	*out = NULL;
	if (!k || p != der + len) {
		EVP_PKEY_free(k);
		snprintf(err, errlen, "not a SubjectPublicKeyInfo");
		return PKI_EINPUT;
	}
	pki_describe_pkey(k, desc, desclen);
	if (!(*out = calloc(1, sizeof(**out)))) {
		EVP_PKEY_free(k);
		return PKI_EFAIL;
	}
	(*out)->k = k;
	return PKI_OK;
}

struct pki_pubkey *pki_pubkey_of_csr(const struct pki_csr *r)
{
	EVP_PKEY *k = X509_REQ_get_pubkey(r->r);
	struct pki_pubkey *out;

	if (!k)
		return NULL;
	if (!(out = calloc(1, sizeof(*out)))) {
		EVP_PKEY_free(k);
		return NULL;
	}
	out->k = k;
	return out;
}

void pki_pubkey_free(struct pki_pubkey *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->k);
	free(k);
}

int pki_lsc_issue(const struct pki_cert *issuer, const struct pki_key *issuer_key,
		  const struct pki_pubkey *pub, const char *device, int days, struct pki_cert **out,
		  char *err, size_t errlen)
{
	X509 *x = X509_new();
	char san[300];
	int rc = PKI_EFAIL;

	*out = NULL;
	snprintf(san, sizeof(san), "URI:%s", device);
	/* The issuer is the signer's subject (the reference copied its
	 * issuer, which only works for a self-signed CAPF certificate). */
	if (!x || !X509_set_version(x, X509_VERSION_3) || lsc_serial(x) != 0 ||
	    lsc_subject(X509_get_subject_name(x), X509_get_subject_name(issuer->x), device) != 0 ||
	    !X509_set_issuer_name(x, X509_get_subject_name(issuer->x)) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), 0) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), (long)days * 86400L) || !X509_set_pubkey(x, pub->k) ||
	    add_ext(x, issuer->x, NID_basic_constraints, "critical,CA:FALSE") != 0 ||
	    add_ext(x, issuer->x, NID_key_usage, "critical,digitalSignature,keyEncipherment") != 0 ||
	    add_ext(x, issuer->x, NID_ext_key_usage, "serverAuth,clientAuth,ipsecEndSystem") != 0 ||
	    add_ext(x, issuer->x, NID_subject_alt_name, san) != 0) {
		pki_openssl_error(err, errlen, "cannot build the LSC");
		goto out;
	}
	if (!X509_sign(x, issuer_key->k, EVP_sha256())) {
		pki_openssl_error(err, errlen, "cannot sign the LSC");
		goto out;
	}
	if (!(*out = pki_cert_wrap(x)))
		goto out;
	x = NULL;
	rc = PKI_OK;
out:
	X509_free(x);
	return rc;
}
