/* Writing and signing trust lists (CTL-FORMAT.md, "Signature"). */
#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/ctl.h"
#include "pki/pki_int.h"

struct buf {
	unsigned char *p;
	size_t len, cap;
	bool failed;
};

static void put(struct buf *b, const void *data, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		while (cap < b->len + n)
			cap *= 2;
		unsigned char *p = realloc(b->p, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void put_elem(struct buf *b, int tag, const void *v, size_t n)
{
	unsigned char h[3] = {(unsigned char)tag, (unsigned char)(n >> 8), (unsigned char)n};

	if (n > 0xffff) {
		b->failed = true;
		return;
	}
	put(b, h, 3);
	put(b, v, n);
}

static void put_str(struct buf *b, int tag, const char *s)
{
	put_elem(b, tag, s, strlen(s) + 1);
}

static void put_u16(struct buf *b, int tag, unsigned v)
{
	unsigned char x[2] = {(unsigned char)(v >> 8), (unsigned char)v};

	put_elem(b, tag, x, 2);
}

/* "CN=…;OU=…;O=…;L=…;ST=…;C=…": most specific first, as the appliance writes. */
static void appliance_name(const X509_NAME *n, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = X509_NAME_entry_count(n) - 1; i >= 0 && used < len; i--) {
		const X509_NAME_ENTRY *e = X509_NAME_get_entry(n, i);
		unsigned char *utf8 = NULL;
		int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
		if (ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e)) < 0)
			continue;
		used += (size_t)snprintf(out + used, len - used, "%s%s=%s", used ? ";" : "", OBJ_nid2sn(nid),
					 utf8);
		OPENSSL_free(utf8);
	}
}

static void serial_bytes(X509 *x, unsigned char *out, size_t *n)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);

	*n = bn ? (size_t)BN_bn2bin(bn, out) : 0;
	BN_free(bn);
}

static int put_record(struct buf *b, const struct ctl_entry *e)
{
	struct buf r = {0};
	char name[1024];
	unsigned char serial[64], ip[4], *der = NULL, *pub = NULL, *pp;
	size_t nserial;
	int nder, npub;

	put_u16(&r, 1 /* RECORD_LENGTH */, 0); /* filled in below */
	if (e->dns)
		put_str(&r, 2, e->dns);
	if (e->cert) {
		appliance_name(X509_get_subject_name(e->cert->x), name, sizeof(name));
		put_str(&r, 3, name);
	}
	put_u16(&r, 4, (unsigned)e->role);
	if (e->cert) {
		X509 *x = e->cert->x;
		const ASN1_BIT_STRING *sig;
		appliance_name(X509_get_issuer_name(x), name, sizeof(name));
		put_str(&r, 5, name);
		serial_bytes(x, serial, &nserial);
		put_elem(&r, 6, serial, nserial);
		npub = i2d_PublicKey(X509_get0_pubkey(x), NULL);
		if (npub <= 0 || !(pub = malloc((size_t)npub)))
			goto fail;
		pp = pub;
		i2d_PublicKey(X509_get0_pubkey(x), &pp);
		put_elem(&r, 7, pub, (size_t)npub);
		X509_get0_signature(&sig, NULL, x);
		put_elem(&r, 8, ASN1_STRING_get0_data(sig), (size_t)ASN1_STRING_length(sig));
		if ((nder = i2d_X509(x, &der)) <= 0)
			goto fail;
		put_elem(&r, 9, der, (size_t)nder);
	}
	if (e->ip) {
		if (inet_pton(AF_INET, e->ip, ip) != 1)
			goto fail;
		put_elem(&r, 10, ip, 4);
	}
	if (r.failed || r.len > 0xffff)
		goto fail;
	r.p[3] = (unsigned char)(r.len >> 8);
	r.p[4] = (unsigned char)r.len;
	put(b, r.p, r.len);
	free(r.p);
	free(pub);
	OPENSSL_free(der);
	return 0;
fail:
	free(r.p);
	free(pub);
	OPENSSL_free(der);
	return -1;
}

static int modulus_code(int bits)
{
	return bits == 512 ? 0 : bits == 1024 ? 1 : bits == 2048 ? 2 : bits == 4096 ? 3 : -1;
}

int ctl_build(const char *filename, const struct ctl_entry *entries, int n,
	      const struct pki_cert *signer_cert, const struct pki_key *signer_key, enum ctl_hash hash,
	      time_t when, unsigned char **out, size_t *outlen, char *err, size_t errlen)
{
	struct buf head = {0}, tail = {0}, records = {0}, file = {0}, info = {0}, alg = {0}, sinfo = {0};
	char name[1024], issuer[1024];
	unsigned char serial[64], ts[4], ver[2] = {1, 2}, hash_byte = (unsigned char)hash, zero = 0, code;
	size_t nserial, siglen = (size_t)EVP_PKEY_get_size(signer_key->k), header_len, sigsize;
	EVP_MD_CTX *ctx = NULL;
	EVP_PKEY_CTX *pctx;
	unsigned char *sig = NULL;
	int mc = modulus_code(EVP_PKEY_get_bits(signer_key->k)), rc = -1;

	*out = NULL;
	if (!EVP_PKEY_is_a(signer_key->k, "RSA") || mc < 0) {
		snprintf(err, errlen, "trust lists are signed with a 1024-, 2048- or 4096-bit RSA key");
		return -1;
	}
	code = (unsigned char)mc;
	for (int i = 0; i < n; i++)
		if (put_record(&records, &entries[i]) != 0) {
			snprintf(err, errlen, "record %d cannot be encoded", i + 1);
			goto out;
		}
	/* Header elements around the signature: the signer, the algorithms... */
	appliance_name(X509_get_subject_name(signer_cert->x), name, sizeof(name));
	appliance_name(X509_get_issuer_name(signer_cert->x), issuer, sizeof(issuer));
	serial_bytes(signer_cert->x, serial, &nserial);
	put_str(&sinfo, 4, name);
	put_str(&sinfo, 6, issuer);
	put_elem(&sinfo, 5, serial, nserial);
	put_elem(&alg, 10, &zero, 1);
	put_elem(&alg, 11, &code, 1);
	put_elem(&info, 8, &hash_byte, 1);
	put_elem(&info, 9, alg.p, alg.len);
	/* ... and after it: file name, time, padding. */
	put_str(&tail, 14, filename);
	ts[0] = (unsigned char)((uint32_t)when >> 24);
	ts[1] = (unsigned char)((uint32_t)when >> 16);
	ts[2] = (unsigned char)((uint32_t)when >> 8);
	ts[3] = (unsigned char)(uint32_t)when;
	put_elem(&tail, 15, ts, 4);
	sigsize = 3 + siglen;
	header_len = 5 + 5 + 3 + sinfo.len + 3 + info.len + sigsize + tail.len;
	while (header_len % 4) {
		unsigned char pad = 13;
		put(&tail, &pad, 1);
		header_len++;
	}
	put_elem(&head, 1, ver, 2);
	put_u16(&head, 2, (unsigned)header_len);
	put_elem(&head, 3, sinfo.p, sinfo.len);
	put_elem(&head, 7, info.p, info.len);
	if (head.failed || tail.failed || records.failed || sinfo.failed || info.failed) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	/* Sign everything but the signature element, then put it in place. */
	if (!(sig = malloc(siglen)) || !(ctx = EVP_MD_CTX_new()) ||
	    EVP_DigestSignInit(ctx, &pctx, pki_ctl_md(hash), NULL, signer_key->k) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1 ||
	    EVP_DigestSignUpdate(ctx, head.p, head.len) != 1 ||
	    EVP_DigestSignUpdate(ctx, tail.p, tail.len) != 1 ||
	    EVP_DigestSignUpdate(ctx, records.p, records.len) != 1 ||
	    EVP_DigestSignFinal(ctx, sig, &siglen) != 1) {
		pki_openssl_error(err, errlen, "cannot sign the trust list");
		goto out;
	}
	put(&file, head.p, head.len);
	put_elem(&file, 12, sig, siglen);
	put(&file, tail.p, tail.len);
	put(&file, records.p, records.len);
	if (file.failed || file.len != header_len + records.len) {
		snprintf(err, errlen, "internal error: header length mismatch");
		goto out;
	}
	*out = file.p;
	*outlen = file.len;
	file.p = NULL;
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	free(sig);
	free(head.p);
	free(tail.p);
	free(records.p);
	free(file.p);
	free(info.p);
	free(alg.p);
	free(sinfo.p);
	return rc;
}
