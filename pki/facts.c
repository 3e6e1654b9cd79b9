/* What a certificate says: names, serial, validity, key, extensions,
 * fingerprints. */
#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/pki_int.h"

static void name_line(const X509_NAME *n, char *buf, size_t len)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data;
	long k;

	buf[0] = '\0';
	if (!b)
		return;
	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	k = BIO_get_mem_data(b, &data);
	snprintf(buf, len, "%.*s", (int)(k < 0 ? 0 : k), data);
	BIO_free(b);
}

static void name_cn(const X509_NAME *n, char *buf, size_t len)
{
	int i = X509_NAME_get_index_by_NID(n, NID_commonName, -1);
	unsigned char *utf8 = NULL;

	buf[0] = '\0';
	if (i < 0)
		return;
	if (ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i))) >= 0)
		snprintf(buf, len, "%s", utf8);
	OPENSSL_free(utf8);
}

static time_t asn1_time(const ASN1_TIME *t)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return 0;
	return timegm(&tm);
}

static void fingerprint(X509 *x, const char *md, char *buf, size_t len)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	buf[0] = '\0';
	if (!X509_digest(x, EVP_get_digestbyname(md), d, &n))
		return;
	for (unsigned int i = 0; i < n && 3 * i + 3 <= len; i++)
		snprintf(buf + 3 * i, len - 3 * i, "%02X%s", d[i], i + 1 < n ? ":" : "");
}

/* An extension printed the way openssl x509 -text prints it, on one line. */
static void ext_text(X509 *x, int nid, char *buf, size_t len)
{
	int i = X509_get_ext_by_NID(x, nid, -1);
	BIO *b;
	char *data;
	long k;

	buf[0] = '\0';
	if (i < 0 || !(b = BIO_new(BIO_s_mem())))
		return;
	if (X509V3_EXT_print(b, X509_get_ext(x, i), 0, 0)) {
		k = BIO_get_mem_data(b, &data);
		snprintf(buf, len, "%.*s", (int)(k < 0 ? 0 : k), data);
		for (char *p = buf; *p; p++)
			if (*p == '\n')
				*p = ' ';
	}
	BIO_free(b);
}

static void first_dns(X509 *x, char *buf, size_t len)
{
	GENERAL_NAMES *names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);

	buf[0] = '\0';
	for (int i = 0; names && i < sk_GENERAL_NAME_num(names); i++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
		if (g->type == GEN_DNS) {
			snprintf(buf, len, "%.*s", ASN1_STRING_length(g->d.dNSName),
				 (const char *)ASN1_STRING_get0_data(g->d.dNSName));
			break;
		}
	}
	GENERAL_NAMES_free(names);
}

bool pki_cert_names_host(const struct pki_cert *c, const char *host)
{
	unsigned char addr[16];

	if (inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1)
		return X509_check_ip_asc(c->x, host, 0) == 1;
	return X509_check_host(c->x, host, strlen(host), 0, NULL) == 1;
}

int pki_sni_select(const char *host, const struct pki_cert *const *candidates, int n)
{
	for (int i = 0; host && *host && i < n; i++)
		if (candidates[i] && pki_cert_names_host(candidates[i], host))
			return i;
	return -1;
}

int pki_cert_facts(const struct pki_cert *c, struct pki_facts *f)
{
	X509 *x = c->x;
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	EVP_PKEY *pub = X509_get0_pubkey(x);

	memset(f, 0, sizeof(*f));
	f->version = (int)X509_get_version(x) + 1;
	snprintf(f->serial, sizeof(f->serial), "%s", hex ? hex : "");
	OPENSSL_free(hex);
	BN_free(bn);
	snprintf(f->sig_alg, sizeof(f->sig_alg), "%s", OBJ_nid2ln(X509_get_signature_nid(x)));
	name_line(X509_get_subject_name(x), f->subject, sizeof(f->subject));
	name_line(X509_get_issuer_name(x), f->issuer, sizeof(f->issuer));
	name_cn(X509_get_subject_name(x), f->subject_cn, sizeof(f->subject_cn));
	name_cn(X509_get_issuer_name(x), f->issuer_cn, sizeof(f->issuer_cn));
	f->not_before = asn1_time(X509_get0_notBefore(x));
	f->not_after = asn1_time(X509_get0_notAfter(x));
	if (pub)
		pki_describe_pkey(pub, f->key, sizeof(f->key));
	ext_text(x, NID_subject_alt_name, f->san, sizeof(f->san));
	first_dns(x, f->first_dns, sizeof(f->first_dns));
	ext_text(x, NID_key_usage, f->key_usage, sizeof(f->key_usage));
	ext_text(x, NID_ext_key_usage, f->ext_key_usage, sizeof(f->ext_key_usage));
	f->is_ca = X509_check_ca(x) > 0;
	f->path_len = f->is_ca ? (int)X509_get_pathlen(x) : -1;
	fingerprint(x, "SHA1", f->sha1, sizeof(f->sha1));
	fingerprint(x, "SHA256", f->sha256, sizeof(f->sha256));
	f->self_signed = X509_self_signed(x, 0) == 1;
	return 0;
}

bool pki_cert_same_key(const struct pki_cert *a, const struct pki_cert *b)
{
	EVP_PKEY *ka = X509_get0_pubkey(a->x), *kb = X509_get0_pubkey(b->x);

	return ka && kb && EVP_PKEY_eq(ka, kb) == 1;
}

bool pki_cert_same_subject(const struct pki_cert *a, const struct pki_cert *b)
{
	return X509_NAME_cmp(X509_get_subject_name(a->x), X509_get_subject_name(b->x)) == 0;
}

bool pki_cert_same_issuer_serial(const struct pki_cert *a, const struct pki_cert *b)
{
	return X509_NAME_cmp(X509_get_issuer_name(a->x), X509_get_issuer_name(b->x)) == 0 &&
	       ASN1_INTEGER_cmp(X509_get0_serialNumber(a->x), X509_get0_serialNumber(b->x)) == 0;
}

int pki_digest_hex(const void *data, size_t len, const char *alg, char *out, size_t outlen)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	const EVP_MD *md = EVP_get_digestbyname(alg);

	out[0] = '\0';
	if (!md || !EVP_Digest(data, len, d, &n, md, NULL))
		return -1;
	for (unsigned int i = 0; i < n && 3 * i + 3 <= outlen; i++)
		snprintf(out + 3 * i, outlen - 3 * i, "%02X%s", d[i], i + 1 < n ? ":" : "");
	return 0;
}

/* The SAN extension of a request, printed as for certificates. */
static void csr_san(X509_REQ *r, char *buf, size_t len)
{
	STACK_OF(X509_EXTENSION) *exts = X509_REQ_get_extensions(r);
	BIO *b = BIO_new(BIO_s_mem());
	char *data;
	long k;

	buf[0] = '\0';
	for (int i = 0; b && exts && i < sk_X509_EXTENSION_num(exts); i++) {
		X509_EXTENSION *e = sk_X509_EXTENSION_value(exts, i);
		if (OBJ_obj2nid(X509_EXTENSION_get_object(e)) != NID_subject_alt_name ||
		    !X509V3_EXT_print(b, e, 0, 0))
			continue;
		k = BIO_get_mem_data(b, &data);
		snprintf(buf, len, "%.*s", (int)(k < 0 ? 0 : k), data);
	}
	BIO_free(b);
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
}

int pki_csr_facts(const struct pki_csr *c, struct pki_csr_facts *f)
{
	EVP_PKEY *pub = X509_REQ_get0_pubkey(c->r);

	memset(f, 0, sizeof(*f));
	name_line(X509_REQ_get_subject_name(c->r), f->subject, sizeof(f->subject));
	name_cn(X509_REQ_get_subject_name(c->r), f->subject_cn, sizeof(f->subject_cn));
	snprintf(f->sig_alg, sizeof(f->sig_alg), "%s", OBJ_nid2ln(X509_REQ_get_signature_nid(c->r)));
	if (pub)
		pki_describe_pkey(pub, f->key, sizeof(f->key));
	csr_san(c->r, f->san, sizeof(f->san));
	f->signature_ok = pub && X509_REQ_verify(c->r, pub) == 1;
	return 0;
}
