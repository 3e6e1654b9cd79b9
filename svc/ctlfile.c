#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node/deploy.h"
#include "svc/cryptopolicy.h"
#include "svc/ctlfile.h"
#include "svc/files.h"

#define TLV_MAX (1024 * 1024)

/* Parses and verifies; on a file that cannot be parsed, why says why. */
static int examine(const unsigned char *buf, size_t len, struct ctl_view *v, char *why, size_t whylen)
{
	pki_digest_hex(buf, len, "MD5", v->md5, sizeof(v->md5));
	pki_digest_hex(buf, len, "SHA1", v->sha1, sizeof(v->sha1));
	v->len = len;
	v->signer = -1;
	if (ctl_parse(buf, len, &v->f, why, whylen) != 0)
		return -1;
	v->valid = ctl_verify(buf, len, &v->f, &v->signer, v->reason, sizeof(v->reason)) == 0;
	return 0;
}

int ctlfile_read_tftp(struct core *c, const char *name, struct ctl_view *v, struct err *e)
{
	char why[512];
	int missing = 0;

	memset(v, 0, sizeof(*v));
	if (deploy_read(c->config->tftp_dir, name, TLV_MAX, &v->buf, &v->len, &v->mtime, &missing, why,
			sizeof(why)) != 0)
		return err_set(e, missing ? ERR_NOTFOUND : ERR_FAIL, "Cannot read %s: %s", name, why);
	if (examine(v->buf, v->len, v, why, sizeof(why)) != 0) {
		ctl_view_free(v);
		return err_set(e, ERR_FAIL, "%s cannot be read: %s", name, why);
	}
	return 0;
}

void ctl_view_free(struct ctl_view *v)
{
	ctl_free(&v->f);
	free(v->buf);
	v->buf = NULL;
}

static bool same_cert(const struct ctl_bytes *a, const struct ctl_bytes *b)
{
	return a->p && b->p && a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/* A list whose signer was a SAST of the previous one. */
static int judge_update(struct core *c, const struct ctl_view *v, const char *previous, bool *accepted,
			char *reason, size_t len, struct err *e)
{
	struct ctl_file p = {0};
	unsigned char *buf;
	size_t n;
	char why[256];
	bool known = false;

	if (core_file_read(c, previous, TLV_MAX, &buf, &n, e) != 0)
		return -1;
	if (ctl_parse(buf, n, &p, why, sizeof(why)) != 0) {
		free(buf);
		return err_set(e, ERR_FAIL, "the previous file %s cannot be read: %s", previous, why);
	}
	for (int i = 0; i < p.nrecords; i++)
		known |= p.records[i].role == CTL_SAST &&
			 same_cert(&p.records[i].cert, &v->f.records[v->signer].cert);
	if (known)
		snprintf(reason, len, "an update signed by a SAST of the previous trust list");
	else
		snprintf(reason, len, "signed by %s, which is not a SAST of the previous trust list",
			 v->f.records[v->signer].subject ? v->f.records[v->signer].subject
							 : "an unknown signer");
	*accepted = known;
	ctl_free(&p);
	free(buf);
	return 0;
}

int ctlfile_judge(struct core *c, const char *file, const char *previous, bool *accepted, char *reason,
		  size_t len, struct err *e)
{
	struct ctl_view v = {0};
	char why[256];
	int rc = 0;

	if (core_file_read(c, file, TLV_MAX, &v.buf, &v.len, e) != 0)
		return -1;
	if (examine(v.buf, v.len, &v, why, sizeof(why)) != 0) {
		ctl_view_free(&v);
		return err_set(e, ERR_FAIL, "%s is rejected: %s", file, why);
	}
	*accepted = v.valid;
	snprintf(reason, len, "%s", v.reason);
	struct crypto_policy policy = core_crypto_policy(c);
	if (v.valid && crypto_check_digest(&policy, ctlfile_hash_name(v.f.hash), "its signature", why,
					   sizeof(why)) != 0) {
		*accepted = false;
		snprintf(reason, len, "%s", why);
	} else if (v.valid && previous)
		rc = judge_update(c, &v, previous, accepted, reason, len, e);
	else if (v.valid)
		snprintf(reason + strlen(reason), len - strlen(reason),
			 "; a first trust list is trusted on first use");
	ctl_view_free(&v);
	return rc;
}

const char *ctlfile_hash_name(int hash)
{
	return hash == CTL_SHA1	    ? "SHA-1"
	       : hash == CTL_SHA256 ? "SHA-256"
	       : hash == CTL_SHA512 ? "SHA-512"
				    : "unknown";
}

void ctlfile_hex(const struct ctl_bytes *b, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < b->len && 2 * i + 3 <= len; i++)
		snprintf(out + 2 * i, len - 2 * i, "%02X", b->p[i]);
}
