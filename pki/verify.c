/* Chain verification: the verdict a strict peer would reach, with every
 * rule the path breaks rather than only the first. */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/pki_int.h"

static STACK_OF(X509) * stack_of(const struct pki_certlist *l)
{
	STACK_OF(X509) *sk = sk_X509_new_null();

	for (int i = 0; sk && l && i < l->n; i++)
		sk_X509_push(sk, l->v[i]->x);
	return sk;
}

static void subject_of(X509 *x, char *buf, size_t len)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data;
	long k;

	buf[0] = '\0';
	if (!b || !x)
		goto out;
	X509_NAME_print_ex(b, X509_get_subject_name(x), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	k = BIO_get_mem_data(b, &data);
	snprintf(buf, len, "%.*s", (int)(k < 0 ? 0 : k), data);
out:
	BIO_free(b);
}

static void add(struct pki_findings *f, int depth, X509 *x, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records a finding once (OpenSSL may report one problem twice). */
static void add(struct pki_findings *f, int depth, X509 *x, const char *fmt, ...)
{
	struct pki_finding n = {.depth = depth};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(n.rule, sizeof(n.rule), fmt, ap);
	va_end(ap);
	subject_of(x, n.subject, sizeof(n.subject));
	for (int i = 0; i < f->n; i++)
		if (f->v[i].depth == depth && strcmp(f->v[i].rule, n.rule) == 0)
			return;
	struct pki_finding *v = realloc(f->v, (size_t)(f->n + 1) * sizeof(*v));
	if (!v)
		abort();
	f->v = v;
	f->v[f->n++] = n;
}

static int findings_idx = -1;

/* Keeps going after each error so that every one is listed. */
static int collect(int ok, X509_STORE_CTX *ctx)
{
	struct pki_findings *f = X509_STORE_CTX_get_ex_data(ctx, findings_idx);

	if (!ok && f) {
		int err = X509_STORE_CTX_get_error(ctx);
		add(f, X509_STORE_CTX_get_error_depth(ctx), X509_STORE_CTX_get_current_cert(ctx), "%s",
		    X509_verify_cert_error_string(err));
	}
	return 1;
}

/* ---- the rules OpenSSL does not check ---- */

static bool has_ext(X509 *x, int nid)
{
	return X509_get_ext_by_NID(x, nid, -1) >= 0;
}

static bool is_anchor(X509 *x, const struct pki_verify_opts *o)
{
	for (int i = 0; o->trusted && i < o->trusted->n; i++)
		if (X509_cmp(x, o->trusted->v[i]->x) == 0)
			return true;
	return false;
}

/* RFC 5280 4.2.1.1-2, where OpenSSL is lenient: a v3 certificate names the
 * key that signed it (AKI), and that is its issuer's key (SKI); a CA has a
 * subject key identifier. A trust anchor is trusted as it is. */
static void rules_key_ids(struct pki_findings *f, STACK_OF(X509) * chain, const struct pki_verify_opts *o)
{
	int n = sk_X509_num(chain);

	for (int i = 0; i < n; i++) {
		X509 *x = sk_X509_value(chain, i);
		if ((i == n - 1 && is_anchor(x, o)) || X509_get_version(x) != X509_VERSION_3)
			continue;
		const ASN1_OCTET_STRING *akid = X509_get0_authority_key_id(x);
		if (!akid && X509_check_issued(x, x) != X509_V_OK)
			add(f, i, x, "no authority key identifier");
		if (i > 0 && !X509_get0_subject_key_id(x))
			add(f, i, x, "a CA without a subject key identifier");
		const ASN1_OCTET_STRING *skid =
		    i + 1 < n ? X509_get0_subject_key_id(sk_X509_value(chain, i + 1)) : NULL;
		if (akid && skid && ASN1_OCTET_STRING_cmp(akid, skid) != 0)
			add(f, i, x,
			    "its authority key identifier does not match its issuer's subject key "
			    "identifier");
	}
}

static const char *eku_needed(enum pki_purpose p)
{
	return p == PKI_PURPOSE_CLIENT ? "clientAuth" : "serverAuth";
}

static bool eku_allows(X509 *x, enum pki_purpose p, bool any_ok)
{
	uint32_t xku = X509_get_extended_key_usage(x);

	if (any_ok && (xku & XKU_ANYEKU))
		return true;
	return p == PKI_PURPOSE_CLIENT ? (xku & XKU_SSL_CLIENT) : (xku & XKU_SSL_SERVER);
}

static void rule_leaf(struct pki_findings *f, X509 *x, const struct pki_verify_opts *o)
{
	if (!has_ext(x, NID_subject_alt_name))
		add(f, 0, x, "no subjectAltName: web PKI clients match names in the SAN only, never the CN");
	if (!has_ext(x, NID_ext_key_usage))
		add(f, 0, x, "no extendedKeyUsage: web PKI needs %s in a leaf certificate",
		    eku_needed(o->purpose));
	else if (X509_get_extended_key_usage(x) & XKU_ANYEKU)
		add(f, 0, x, "anyExtendedKeyUsage in a leaf certificate");
	else if (!eku_allows(x, o->purpose, false))
		add(f, 0, x, "its extendedKeyUsage lacks %s", eku_needed(o->purpose));
}

static void rule_key(struct pki_findings *f, int depth, X509 *x)
{
	EVP_PKEY *k = X509_get0_pubkey(x);
	char curve[64] = "";
	size_t n = 0;

	if (!k)
		return;
	if (EVP_PKEY_is_a(k, "RSA") && EVP_PKEY_get_bits(k) < 2048)
		add(f, depth, x, "RSA-%d key: web PKI needs 2048 bits or more", EVP_PKEY_get_bits(k));
	else if (EVP_PKEY_is_a(k, "DSA"))
		add(f, depth, x, "DSA key: web PKI accepts RSA and ECDSA only");
	else if (EVP_PKEY_is_a(k, "EC") &&
		 EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, curve, sizeof(curve), &n) &&
		 strcmp(curve, "prime256v1") != 0 && strcmp(curve, "secp384r1") != 0 &&
		 strcmp(curve, "secp521r1") != 0)
		add(f, depth, x, "EC key on %s: web PKI accepts P-256, P-384 and P-521 only", curve);
}

static void rule_signature(struct pki_findings *f, int depth, X509 *x)
{
	int md = NID_undef, pk = NID_undef, bits = 0;
	uint32_t flags = 0;

	if (!X509_get_signature_info(x, &md, &pk, &bits, &flags))
		return;
	if (md == NID_md5 || md == NID_sha1 || md == NID_md5_sha1 || md == NID_md2 || md == NID_md4)
		add(f, depth, x, "signed with %s: web PKI refuses MD5 and SHA-1 signatures", OBJ_nid2sn(md));
}

static void rule_serial(struct pki_findings *f, int depth, X509 *x)
{
	const ASN1_INTEGER *s = X509_get0_serialNumber(x);
	BIGNUM *bn = ASN1_INTEGER_to_BN(s, NULL);

	if (bn && (BN_is_negative(bn) || BN_is_zero(bn)))
		add(f, depth, x, "its serial number is not positive");
	if (s->length > 20)
		add(f, depth, x, "its serial number is %d bytes long: at most 20 are allowed", s->length);
	BN_free(bn);
}

static void rule_ca(struct pki_findings *f, int depth, X509 *x, const struct pki_verify_opts *o)
{
	if (X509_get_version(x) == X509_VERSION_1)
		add(f, depth, x, "a version 1 certificate used as a CA");
	if (has_ext(x, NID_ext_key_usage) && !eku_allows(x, o->purpose, true))
		add(f, depth, x, "a CA whose extendedKeyUsage does not allow %s", eku_needed(o->purpose));
}

static void rules_webpki(struct pki_findings *f, STACK_OF(X509) * chain, const struct pki_verify_opts *o)
{
	int n = sk_X509_num(chain);

	for (int i = 0; i < n; i++) {
		X509 *x = sk_X509_value(chain, i);
		bool anchor = i == n - 1 && is_anchor(x, o);
		if (i == 0)
			rule_leaf(f, x, o);
		else
			rule_ca(f, i, x, o);
		rule_key(f, i, x);
		/* An anchor is trusted for its key, not for its self-signature. */
		if (!anchor)
			rule_signature(f, i, x);
		rule_serial(f, i, x);
	}
}

int pki_verify_all(const struct pki_cert *leaf, const struct pki_verify_opts *o, struct pki_findings *out)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	STACK_OF(X509) *untrusted = stack_of(o->untrusted);
	X509_VERIFY_PARAM *param;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (findings_idx < 0)
		findings_idx = X509_STORE_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
	if (!store || !ctx || !untrusted || findings_idx < 0) {
		add(out, 0, leaf->x, "out of memory");
		goto out;
	}
	for (int i = 0; o->trusted && i < o->trusted->n; i++)
		X509_STORE_add_cert(store, o->trusted->v[i]->x);
	if (!X509_STORE_CTX_init(ctx, store, leaf->x, untrusted)) {
		add(out, 0, leaf->x, "cannot set up verification");
		goto out;
	}
	X509_STORE_CTX_set_ex_data(ctx, findings_idx, out);
	X509_STORE_CTX_set_verify_cb(ctx, collect);
	param = X509_STORE_CTX_get0_param(ctx);
	/* Any certificate in a trust store is an anchor, root or not: the
	 * documentation has administrators upload the sub-CA that signed a
	 * certificate, not its root. */
	X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
	if (o->profile != PKI_LENIENT)
		X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT);
	if (o->purpose == PKI_PURPOSE_SERVER)
		X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
	else if (o->purpose == PKI_PURPOSE_CLIENT)
		X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_CLIENT);
	if (o->host) {
		/* Web PKI clients never fall back to the CN. */
		if (o->profile == PKI_WEBPKI)
			X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
		if (!X509_VERIFY_PARAM_set1_host(param, o->host, 0)) {
			add(out, 0, leaf->x, "bad host name");
			goto out;
		}
	}
	if (o->at)
		X509_VERIFY_PARAM_set_time(param, o->at);
	X509_verify_cert(ctx);
	STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
	if (chain && o->profile != PKI_LENIENT)
		rules_key_ids(out, chain, o);
	if (chain && o->profile == PKI_WEBPKI)
		rules_webpki(out, chain, o);
	rc = 0;
out:
	sk_X509_free(untrusted);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	return rc;
}

void pki_findings_free(struct pki_findings *f)
{
	free(f->v);
	memset(f, 0, sizeof(*f));
}

int pki_verify(const struct pki_cert *leaf, const struct pki_verify_opts *o, char *reason, size_t len)
{
	struct pki_findings f;
	int rc;

	pki_verify_all(leaf, o, &f);
	if (f.n == 0)
		snprintf(reason, len, "ok");
	else
		snprintf(reason, len, "%s (at depth %d)", f.v[0].rule, f.v[0].depth);
	rc = f.n ? 1 : 0;
	pki_findings_free(&f);
	return rc;
}
