/* Self-signed certificates and CSRs with the appliance's subject, SANs and
 * extensions (DESIGN §7). */
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/pki_int.h"

static const char *const digest_names[] = {[PKI_DIGEST_DEFAULT] = "SHA256",
					   [PKI_SHA256] = "SHA256",
					   [PKI_SHA384] = "SHA384",
					   [PKI_SHA512] = "SHA512"};

const char *pki_digest_name(enum pki_digest d)
{
	return digest_names[d];
}

/* The weakest digest that does not weaken the key (NIST SP 800-57 levels). */
static enum pki_digest minimum_digest(EVP_PKEY *k)
{
	int bits = EVP_PKEY_get_bits(k);

	if (EVP_PKEY_is_a(k, "EC"))
		return bits > 384 ? PKI_SHA512 : bits > 256 ? PKI_SHA384 : PKI_SHA256;
	return bits > 3072 ? PKI_SHA384 : PKI_SHA256;
}

int pki_digest_for(const struct pki_key *k, enum pki_digest asked, enum pki_digest *out, char *err,
		   size_t errlen)
{
	enum pki_digest min = minimum_digest(k->k);
	char desc[32];

	if (asked == PKI_DIGEST_DEFAULT) {
		*out = min;
		return 0;
	}
	if (asked < min) {
		pki_key_describe(k, desc, sizeof(desc));
		snprintf(err, errlen, "%s is weaker than a %s key: use %s or stronger", digest_names[asked],
			 desc, digest_names[min]);
		return PKI_EINPUT;
	}
	*out = asked;
	return 0;
}

/* Adds the RDNs in the appliance's order; OUs split on unescaped commas. */
static int build_name(X509_NAME *n, const struct pki_subject *s)
{
	const char *p = s->ou;
	char unit[256];

	if (s->c && *s->c &&
	    !X509_NAME_add_entry_by_txt(n, "C", MBSTRING_UTF8, (const unsigned char *)s->c, -1, -1, 0))
		return -1;
	if (s->st && *s->st &&
	    !X509_NAME_add_entry_by_txt(n, "ST", MBSTRING_UTF8, (const unsigned char *)s->st, -1, -1, 0))
		return -1;
	if (s->l && *s->l &&
	    !X509_NAME_add_entry_by_txt(n, "L", MBSTRING_UTF8, (const unsigned char *)s->l, -1, -1, 0))
		return -1;
	if (s->o && *s->o &&
	    !X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8, (const unsigned char *)s->o, -1, -1, 0))
		return -1;
	while (p && *p) {
		size_t len = 0;
		while (*p && *p != ',' && len < sizeof(unit) - 1) {
			if (*p == '\\' && p[1] == ',')
				p++;
			unit[len++] = *p++;
		}
		unit[len] = '\0';
		if (*p == ',')
			p++;
		if (len &&
		    !X509_NAME_add_entry_by_txt(n, "OU", MBSTRING_UTF8, (unsigned char *)unit, -1, -1, 0))
			return -1;
	}
	if (!X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)s->cn, -1, -1, 0))
		return -1;
	return 0;
}

static char *san_value(const struct pki_request *req)
{
	size_t cap = 16;
	char *v;

	for (int i = 0; i < req->ndns; i++)
		cap += strlen(req->dns[i]) + 6;
	for (int i = 0; i < req->nips; i++)
		cap += strlen(req->ips[i]) + 5;
	if (!(v = calloc(1, cap)))
		return NULL;
	for (int i = 0; i < req->ndns; i++)
		snprintf(v + strlen(v), cap - strlen(v), "%sDNS:%s", *v ? "," : "", req->dns[i]);
	for (int i = 0; i < req->nips; i++)
		snprintf(v + strlen(v), cap - strlen(v), "%sIP:%s", *v ? "," : "", req->ips[i]);
	return v;
}

/* The extensions of a profile: (name, value) pairs for X509V3_EXT_conf_nid. */
static void profile_extensions(const struct pki_request *req, EVP_PKEY *k, bool self_signed, const char **ku,
			       const char **eku, const char **bc)
{
	bool rsa = EVP_PKEY_is_a(k, "RSA");

	*bc = NULL;
	switch (req->profile) {
	case PKI_PROFILE_CA:
		*ku = "critical,digitalSignature,keyCertSign,cRLSign";
		*eku = NULL;
		*bc = "critical,CA:TRUE,pathlen:0";
		return;
	case PKI_PROFILE_SIGNER:
	case PKI_PROFILE_SERVER:
		if (self_signed) {
			/* Trusted as its own anchor by peers: it must be able to sign itself. */
			*ku =
			    rsa ? "digitalSignature,keyEncipherment,dataEncipherment,keyAgreement,keyCertSign"
				: "digitalSignature,keyAgreement,keyCertSign";
			*bc = "critical,CA:TRUE";
		} else {
			*ku = rsa ? "digitalSignature,keyEncipherment,dataEncipherment,keyAgreement"
				  : "digitalSignature,keyAgreement";
		}
		*eku = "serverAuth,clientAuth,ipsecEndSystem";
		return;
	}
}

static int add_ext(STACK_OF(X509_EXTENSION) * sk, X509 *issuer, X509 *subject, X509_REQ *req, int nid,
		   const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;

	if (!value)
		return 0;
	X509V3_set_ctx(&ctx, issuer, subject, req, NULL, 0);
	if (!(ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value)))
		return -1;
	if (!sk_X509_EXTENSION_push(sk, ext)) {
		X509_EXTENSION_free(ext);
		return -1;
	}
	return 0;
}

static int extensions(const struct pki_request *req, EVP_PKEY *k, X509 *self, X509_REQ *csr,
		      STACK_OF(X509_EXTENSION) * *out)
{
	STACK_OF(X509_EXTENSION) *sk = sk_X509_EXTENSION_new_null();
	const char *ku = NULL, *eku = NULL, *bc = NULL;
	char *san = san_value(req);
	int rc = -1;

	profile_extensions(req, k, self != NULL, &ku, &eku, &bc);
	if (!sk || !san)
		goto out;
	if (add_ext(sk, self, self, csr, NID_basic_constraints, bc) ||
	    add_ext(sk, self, self, csr, NID_key_usage, ku) ||
	    add_ext(sk, self, self, csr, NID_ext_key_usage, eku) ||
	    (*san && add_ext(sk, self, self, csr, NID_subject_alt_name, san)) ||
	    (self && add_ext(sk, self, self, NULL, NID_subject_key_identifier, "hash")))
		goto out;
	*out = sk;
	sk = NULL;
	rc = 0;
out:
	sk_X509_EXTENSION_pop_free(sk, X509_EXTENSION_free);
	free(san);
	return rc;
}

/* A positive 128-bit random serial (RFC 5280 allows up to 20 octets). */
static int random_serial(X509 *x)
{
	unsigned char b[16];
	BIGNUM *bn = NULL;
	int ok;

	if (RAND_bytes(b, sizeof(b)) != 1)
		return -1;
	b[0] &= 0x7f;
	b[0] |= 0x40; /* never shorter than 16 octets, never negative */
	bn = BN_bin2bn(b, sizeof(b), NULL);
	ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	BN_free(bn);
	return ok ? 0 : -1;
}

int pki_self_signed(const struct pki_key *k, const struct pki_request *req, struct pki_cert **out, char *err,
		    size_t errlen)
{
	X509 *x = X509_new();
	STACK_OF(X509_EXTENSION) *exts = NULL;
	enum pki_digest d;
	int rc = -1;

	*out = NULL;
	if ((rc = pki_digest_for(k, req->digest, &d, err, errlen)) != 0)
		goto out;
	rc = -1;
	if (!x || !X509_set_version(x, X509_VERSION_3) || random_serial(x) != 0 ||
	    build_name(X509_get_subject_name(x), req->subject) != 0 ||
	    !X509_set_issuer_name(x, X509_get_subject_name(x)) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), 0) ||
	    !X509_time_adj_ex(X509_getm_notAfter(x), req->days, 0, NULL) || !X509_set_pubkey(x, k->k)) {
		pki_openssl_error(err, errlen, "cannot build the certificate");
		goto out;
	}
	if (extensions(req, k->k, x, NULL, &exts) != 0) {
		pki_openssl_error(err, errlen, "cannot build the extensions");
		goto out;
	}
	for (int i = 0; i < sk_X509_EXTENSION_num(exts); i++)
		X509_add_ext(x, sk_X509_EXTENSION_value(exts, i), -1);
	/* The authority key identifier needs the subject key identifier first. */
	X509V3_CTX ctx;
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	X509_EXTENSION *aki = X509V3_EXT_conf_nid(NULL, &ctx, NID_authority_key_identifier, "keyid:always");
	if (aki) {
		X509_add_ext(x, aki, -1);
		X509_EXTENSION_free(aki);
	}
	if (!X509_sign(x, k->k, EVP_get_digestbyname(digest_names[d]))) {
		pki_openssl_error(err, errlen, "cannot sign the certificate");
		goto out;
	}
	if (!(*out = pki_cert_wrap(x)))
		goto out;
	x = NULL;
	rc = 0;
out:
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	X509_free(x);
	return rc;
}

int pki_csr_build(const struct pki_key *k, const struct pki_request *req, struct pki_csr **out, char *err,
		  size_t errlen)
{
	X509_REQ *r = X509_REQ_new();
	STACK_OF(X509_EXTENSION) *exts = NULL;
	enum pki_digest d;
	int rc = -1;

	*out = NULL;
	if ((rc = pki_digest_for(k, req->digest, &d, err, errlen)) != 0)
		goto out;
	rc = -1;
	if (!r || !X509_REQ_set_version(r, X509_REQ_VERSION_1) ||
	    build_name(X509_REQ_get_subject_name(r), req->subject) != 0 || !X509_REQ_set_pubkey(r, k->k) ||
	    extensions(req, k->k, NULL, r, &exts) != 0 || !X509_REQ_add_extensions(r, exts) ||
	    !X509_REQ_sign(r, k->k, EVP_get_digestbyname(digest_names[d]))) {
		pki_openssl_error(err, errlen, "cannot build the request");
		goto out;
	}
	if (!(*out = calloc(1, sizeof(**out))))
		goto out;
	(*out)->r = r;
	r = NULL;
	rc = 0;
out:
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	X509_REQ_free(r);
	return rc;
}
