/* The signatures a device makes when it authenticates to CAPF with the
 * certificate it holds (CAPF-TVS-PROTOCOL.md §1.8): RSA keys sign with the
 * raw private-key operation on a PKCS#1 type-1 block around the bare
 * digest (no DigestInfo, so a standard RSA signature check fails on them);
 * EC keys make ordinary ECDSA signatures. */
#include <openssl/crypto.h>
#include <openssl/rsa.h>
#include <stdlib.h>
#include <string.h>

#include "pki/pki_int.h"

static int rsa_bare_digest(EVP_PKEY *k, const unsigned char *md, size_t mdlen, const unsigned char *sig,
			   size_t siglen, char *err, size_t errlen)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(k, NULL);
	unsigned char *out = NULL;
	size_t outlen = 0;
	int rc = PKI_EINPUT;

	if (!ctx || EVP_PKEY_verify_recover_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1 ||
	    EVP_PKEY_verify_recover(ctx, NULL, &outlen, sig, siglen) != 1 || !(out = malloc(outlen))) {
		snprintf(err, errlen, "cannot check an RSA signature");
		rc = PKI_EFAIL;
	} else if (EVP_PKEY_verify_recover(ctx, out, &outlen, sig, siglen) != 1)
		snprintf(err, errlen,
			 "the signature is not a PKCS#1 type-1 block under the certificate's key");
	else if (outlen != mdlen || CRYPTO_memcmp(out, md, mdlen) != 0)
		snprintf(err, errlen, "the signature holds another digest");
	else
		rc = PKI_OK;
	EVP_PKEY_CTX_free(ctx);
	free(out);
	return rc;
}

static int ecdsa(EVP_PKEY *k, const EVP_MD *md, const void *data, size_t len, const unsigned char *sig,
		 size_t siglen, char *err, size_t errlen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestVerifyInit(ctx, NULL, md, NULL, k) == 1 &&
		 EVP_DigestVerify(ctx, sig, siglen, data, len) == 1;

	EVP_MD_CTX_free(ctx);
	if (ok)
		return PKI_OK;
	snprintf(err, errlen, "the ECDSA signature does not verify with the certificate's key");
	return PKI_EINPUT;
}

int pki_capf_sig_check(const struct pki_cert *signer, const char *alg, const void *data, size_t len,
		       const unsigned char *sig, size_t siglen, char *err, size_t errlen)
{
	EVP_PKEY *k = X509_get0_pubkey(signer->x);
	const EVP_MD *md = EVP_get_digestbyname(alg);
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (!k || !md) {
		snprintf(err, errlen, "cannot check a %s signature", alg);
		return PKI_EFAIL;
	}
	if (siglen == 0) {
		snprintf(err, errlen, "the %s signature is empty", alg);
		return PKI_EINPUT;
	}
	if (EVP_PKEY_is_a(k, "EC"))
		return ecdsa(k, md, data, len, sig, siglen, err, errlen);
	if (!EVP_PKEY_is_a(k, "RSA")) {
		snprintf(err, errlen, "the certificate's key is neither RSA nor EC");
		return PKI_EINPUT;
	}
	if (EVP_Digest(data, len, digest, &mdlen, md, NULL) != 1) {
		snprintf(err, errlen, "cannot compute %s", alg);
		return PKI_EFAIL;
	}
	return rsa_bare_digest(k, digest, mdlen, sig, siglen, err, errlen);
}

bool pki_cert_signed_by(const struct pki_cert *c, const struct pki_cert *issuer)
{
	EVP_PKEY *k = X509_get0_pubkey(issuer->x);

	return k && X509_NAME_cmp(X509_get_issuer_name(c->x), X509_get_subject_name(issuer->x)) == 0 &&
	       X509_verify(c->x, k) == 1;
}
