/* CTL / ITL files: 1-byte tag, 2-byte big-endian length, value; the header
 * padding byte (13) stands alone. See CTL-FORMAT.md. */
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

enum {
	H_VERSION = 1,
	H_HEADER_LENGTH = 2,
	H_SIGNER_INFO = 3,
	H_SIGNER_NAME = 4,
	H_SERIAL = 5,
	H_ISSUER = 6,
	H_SIGNATURE_INFO = 7,
	H_HASH = 8,
	H_ALGORITHM_INFO = 9,
	H_ALGORITHM = 10,
	H_MODULUS = 11,
	H_SIGNATURE = 12,
	H_PADDING = 13,
	H_FILENAME = 14,
	H_TIMESTAMP = 15,
	H_SIGNER_VERSION = 28,
};

enum {
	R_LENGTH = 1,
	R_DNS = 2,
	R_SUBJECT = 3,
	R_FUNCTION = 4,
	R_ISSUER = 5,
	R_SERIAL = 6,
	R_PUBLIC_KEY = 7,
	R_SIGNATURE = 8,
	R_CERT = 9,
	R_IP = 10,
};

struct reader {
	const unsigned char *b;
	size_t pos, end;
};

/* Reads one element; 0, or -1 with err saying where it went wrong. */
static int next(struct reader *r, bool header, int *tag, struct ctl_bytes *v, char *err, size_t errlen)
{
	size_t len;

	if (r->pos >= r->end) {
		snprintf(err, errlen, "unexpected end at byte %zu", r->pos);
		return -1;
	}
	*tag = r->b[r->pos];
	if (header && *tag == H_PADDING) {
		v->p = r->b + r->pos;
		v->len = 0;
		r->pos++;
		return 0;
	}
	if (r->pos + 3 > r->end) {
		snprintf(err, errlen, "element %d at byte %zu is cut short", *tag, r->pos);
		return -1;
	}
	len = ((size_t)r->b[r->pos + 1] << 8) | r->b[r->pos + 2];
	if (r->pos + 3 + len > r->end) {
		snprintf(err, errlen, "element %d at byte %zu claims %zu bytes, past the end (%zu)", *tag,
			 r->pos, len, r->end);
		return -1;
	}
	v->p = r->b + r->pos + 3;
	v->len = len;
	r->pos += 3 + len;
	return 0;
}

static int as_string(const struct ctl_bytes *v, const char **out, int tag, char *err, size_t errlen)
{
	if (v->len == 0 || v->p[v->len - 1] != '\0') {
		snprintf(err, errlen, "element %d is not a NUL-terminated string", tag);
		return -1;
	}
	*out = (const char *)v->p;
	return 0;
}

static int as_uint(const struct ctl_bytes *v, size_t size, unsigned long *out, int tag, char *err,
		   size_t errlen)
{
	if (v->len != size) {
		snprintf(err, errlen, "element %d should be %zu bytes, not %zu", tag, size, v->len);
		return -1;
	}
	*out = 0;
	for (size_t i = 0; i < size; i++)
		*out = (*out << 8) | v->p[i];
	return 0;
}

static int parse_signer(const struct ctl_bytes *c, struct ctl_file *f, char *err, size_t errlen)
{
	struct reader r = {c->p, 0, c->len};
	struct ctl_bytes v;
	int tag;

	while (r.pos < r.end) {
		if (next(&r, false, &tag, &v, err, errlen) != 0)
			return -1;
		if (tag == H_SIGNER_NAME && as_string(&v, &f->signer_name, tag, err, errlen) != 0)
			return -1;
		if (tag == H_ISSUER && as_string(&v, &f->issuer_name, tag, err, errlen) != 0)
			return -1;
		if (tag == H_SERIAL)
			f->serial = v;
	}
	return 0;
}

static int parse_siginfo(const struct ctl_bytes *c, struct ctl_file *f, char *err, size_t errlen)
{
	struct reader r = {c->p, 0, c->len};
	struct ctl_bytes v;
	unsigned long n;
	int tag;

	while (r.pos < r.end) {
		if (next(&r, false, &tag, &v, err, errlen) != 0)
			return -1;
		if (tag == H_HASH) {
			if (as_uint(&v, 1, &n, tag, err, errlen) != 0)
				return -1;
			f->hash = (int)n;
		} else if (tag == H_ALGORITHM_INFO) {
			struct reader a = {v.p, 0, v.len};
			struct ctl_bytes w;
			while (a.pos < a.end) {
				if (next(&a, false, &tag, &w, err, errlen) != 0 ||
				    as_uint(&w, 1, &n, tag, err, errlen) != 0)
					return -1;
				if (tag == H_ALGORITHM)
					f->sig_algorithm = (int)n;
				else if (tag == H_MODULUS)
					f->modulus = (int)n;
			}
		}
	}
	return 0;
}

static int parse_header(const unsigned char *buf, size_t len, struct ctl_file *f, char *err, size_t errlen)
{
	struct reader r = {buf, 0, len};
	struct ctl_bytes v;
	unsigned long n;
	int tag;

	if (next(&r, true, &tag, &v, err, errlen) != 0)
		return -1;
	if (tag != H_VERSION || v.len != 2) {
		snprintf(err, errlen, "not a trust list: it does not start with a version element");
		return -1;
	}
	f->version_major = v.p[0];
	f->version_minor = v.p[1];
	if (next(&r, true, &tag, &v, err, errlen) != 0)
		return -1;
	if (tag != H_HEADER_LENGTH || as_uint(&v, 2, &n, tag, err, errlen) != 0) {
		snprintf(err, errlen, "not a trust list: no header length after the version");
		return -1;
	}
	if (n < r.pos || n > len) {
		snprintf(err, errlen, "header length %lu is outside the file (%zu bytes)", n, len);
		return -1;
	}
	f->header_length = n;
	r.end = n;
	while (r.pos < r.end) {
		size_t at = r.pos;
		if (next(&r, true, &tag, &v, err, errlen) != 0)
			return -1;
		switch (tag) {
		case H_SIGNER_VERSION:
			if (v.len != 2) {
				snprintf(err, errlen, "signer version at byte %zu is not 2 bytes", at);
				return -1;
			}
			f->has_signer_version = true;
			f->signer_major = v.p[0];
			f->signer_minor = v.p[1];
			break;
		case H_SIGNER_INFO:
			if (parse_signer(&v, f, err, errlen) != 0)
				return -1;
			break;
		case H_SIGNATURE_INFO:
			if (parse_siginfo(&v, f, err, errlen) != 0)
				return -1;
			break;
		case H_SIGNATURE:
			f->signature = v;
			f->signature_offset = at;
			break;
		case H_FILENAME:
			if (as_string(&v, &f->filename, tag, err, errlen) != 0)
				return -1;
			break;
		case H_TIMESTAMP:
			if (as_uint(&v, 4, &n, tag, err, errlen) != 0)
				return -1;
			f->timestamp = (uint32_t)n;
			break;
		default:
			break; /* padding, or an element a newer writer added */
		}
	}
	if (!f->signature.p || !f->serial.p || !f->signer_name) {
		snprintf(err, errlen, "the header lacks its %s", !f->signature.p ? "signature" : "signer");
		return -1;
	}
	return 0;
}

static int parse_record(const unsigned char *buf, size_t at, size_t len, struct ctl_record *rec, char *err,
			size_t errlen)
{
	struct reader r = {buf, at, len};
	struct ctl_bytes v;
	unsigned long n;
	int tag;

	memset(rec, 0, sizeof(*rec));
	rec->role = -1;
	rec->offset = at;
	if (next(&r, false, &tag, &v, err, errlen) != 0)
		return -1;
	if (tag != R_LENGTH || as_uint(&v, 2, &n, tag, err, errlen) != 0 || n < 5) {
		snprintf(err, errlen, "record at byte %zu has no valid length", at);
		return -1;
	}
	if (at + n > len) {
		snprintf(err, errlen, "record at byte %zu claims %lu bytes, past the end (%zu)", at, n, len);
		return -1;
	}
	rec->length = n;
	r.end = at + n;
	while (r.pos < r.end) {
		if (next(&r, false, &tag, &v, err, errlen) != 0)
			return -1;
		switch (tag) {
		case R_DNS:
			if (as_string(&v, &rec->dns, tag, err, errlen) != 0)
				return -1;
			break;
		case R_SUBJECT:
			if (as_string(&v, &rec->subject, tag, err, errlen) != 0)
				return -1;
			break;
		case R_ISSUER:
			if (as_string(&v, &rec->issuer, tag, err, errlen) != 0)
				return -1;
			break;
		case R_FUNCTION:
			if (as_uint(&v, 2, &n, tag, err, errlen) != 0)
				return -1;
			rec->role = (int)n;
			break;
		case R_SERIAL:
			rec->serial = v;
			break;
		case R_PUBLIC_KEY:
			rec->public_key = v;
			break;
		case R_SIGNATURE:
			rec->signature = v;
			break;
		case R_CERT:
			rec->cert = v;
			break;
		case R_IP:
			if (v.len != 4) {
				snprintf(err, errlen, "record at byte %zu: IP address is not 4 bytes", at);
				return -1;
			}
			rec->has_ip = true;
			memcpy(rec->ip, v.p, 4);
			break;
		default:
			break;
		}
	}
	return 0;
}

int ctl_parse(const unsigned char *buf, size_t len, struct ctl_file *f, char *err, size_t errlen)
{
	size_t at;

	memset(f, 0, sizeof(*f));
	if (len == 0) {
		snprintf(err, errlen, "the file is empty");
		return -1;
	}
	if (parse_header(buf, len, f, err, errlen) != 0)
		return -1;
	for (at = f->header_length; at < len;) {
		struct ctl_record *v = realloc(f->records, (size_t)(f->nrecords + 1) * sizeof(*v));
		if (!v) {
			snprintf(err, errlen, "out of memory");
			ctl_free(f);
			return -1;
		}
		f->records = v;
		if (parse_record(buf, at, len, &f->records[f->nrecords], err, errlen) != 0) {
			ctl_free(f);
			return -1;
		}
		at += f->records[f->nrecords++].length;
	}
	return 0;
}

void ctl_free(struct ctl_file *f)
{
	free(f->records);
	f->records = NULL;
	f->nrecords = 0;
}

const char *ctl_role_name(int role)
{
	switch (role) {
	case CTL_SAST:
		return "SAST";
	case CTL_CCM:
		return "CCM";
	case CTL_CCM_TFTP:
		return "CCM+TFTP";
	case CTL_TFTP:
		return "TFTP";
	case CTL_CAPF:
		return "CAPF";
	case CTL_APP_SERVER:
		return "APP-SERVER";
	case CTL_TVS:
		return "TVS";
	default:
		return "unknown";
	}
}

const EVP_MD *pki_ctl_md(int hash)
{
	return hash == CTL_SHA1	    ? EVP_sha1()
	       : hash == CTL_SHA256 ? EVP_sha256()
	       : hash == CTL_SHA512 ? EVP_sha512()
				    : NULL;
}

/* Serial magnitudes, ignoring leading zero bytes. */
static bool same_serial(const struct ctl_bytes *a, const struct ctl_bytes *b)
{
	size_t i = 0, j = 0;

	while (i < a->len && a->p[i] == 0)
		i++;
	while (j < b->len && b->p[j] == 0)
		j++;
	return a->len - i == b->len - j && memcmp(a->p + i, b->p + j, a->len - i) == 0;
}

int ctl_verify(const unsigned char *buf, size_t len, const struct ctl_file *f, int *signer, char *reason,
	       size_t rlen)
{
	const unsigned char *p;
	X509 *x = NULL;
	EVP_MD_CTX *ctx = NULL;
	EVP_PKEY_CTX *pctx;
	const EVP_MD *md = pki_ctl_md(f->hash);
	size_t cut = f->signature_offset, cutlen = 3 + f->signature.len;
	int rc = 1;

	*signer = -1;
	if (!md) {
		snprintf(reason, rlen, "unknown hash algorithm %d", f->hash);
		return 1;
	}
	for (int i = 0; i < f->nrecords && *signer < 0; i++)
		if (f->records[i].role == CTL_SAST && f->records[i].cert.p &&
		    same_serial(&f->records[i].serial, &f->serial))
			*signer = i;
	if (*signer < 0) {
		snprintf(reason, rlen,
			 "the signer (serial in the header) is not among the file's SAST records");
		return 1;
	}
	p = f->records[*signer].cert.p;
	if (!(x = d2i_X509(NULL, &p, (long)f->records[*signer].cert.len))) {
		snprintf(reason, rlen, "the signer's certificate cannot be read");
		goto out;
	}
	if (!(ctx = EVP_MD_CTX_new()) ||
	    EVP_DigestVerifyInit(ctx, &pctx, md, NULL, X509_get0_pubkey(x)) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1 ||
	    EVP_DigestVerifyUpdate(ctx, buf, cut) != 1 ||
	    EVP_DigestVerifyUpdate(ctx, buf + cut + cutlen, len - cut - cutlen) != 1) {
		snprintf(reason, rlen, "the signer's key cannot verify this file");
		goto out;
	}
	if (EVP_DigestVerifyFinal(ctx, f->signature.p, f->signature.len) == 1) {
		snprintf(reason, rlen, "signature valid (signed by %s)",
			 f->records[*signer].subject ? f->records[*signer].subject : "SAST");
		rc = 0;
	} else {
		snprintf(reason, rlen, "signature does not match the file's content (tampered or corrupt)");
	}
out:
	ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	X509_free(x);
	return rc;
}
