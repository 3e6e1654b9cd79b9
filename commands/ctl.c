/* utils ctl ..., show ctl, show itl, utils ctl verify (CTL-FORMAT.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "commands/families.h"
#include "commands/identity.h"
#include "commands/session.h"
#include "core/services.h"
#include "core/settings.h"
#include "core/trustlist.h"
#include "node/deploy.h"
#include "node/filearea.h"
#include "pki/ctl.h"
#include "store/cert.h"

#define TLV_MAX (1024 * 1024)
#define ITL_WARN_RECORDS 39
#define ITL_WARN_BYTES (64 * 1024)

static int check_ready(struct session *s, struct out *o)
{
	static const char *const need_units[] = {"CallManager", "CAPF", "TVS", "ITLRecovery"};
	static const char *const need_services[] = {"ctl-provider", "tftp"};
	time_t now = time(NULL);
	int rc = UC_OK;

	for (size_t i = 0; i < 4; i++) {
		struct cert_row row;
		if (store_cert_get(s->store, "own", need_units[i], need_units[i], &row) != STORE_OK) {
			rc = out_error(o, UC_FAIL, "Not ready: %s has no certificate", need_units[i]);
			continue;
		}
		if (row.not_after < now)
			rc = out_error(o, UC_FAIL,
				       "Not ready: the %s certificate has expired (set cert regen %s)",
				       need_units[i], need_units[i]);
		cert_row_free(&row);
	}
	for (size_t i = 0; i < 2; i++) {
		const struct service_def *sv = service_find(need_services[i], NULL, 0);
		bool on, pending;
		if (service_state_of(s->store, sv, &on, &pending, NULL) != STORE_OK || !on)
			rc = out_error(o, UC_FAIL,
				       "Not ready: %s is not activated (utils service activate %s)", sv->name,
				       sv->id);
	}
	return rc;
}

static int set_mode(struct session *s, struct out *o, bool secure, const char *signer)
{
	unsigned char *buf = NULL;
	size_t len;
	struct err e;
	int rc;

	if (secure && (rc = check_ready(s, o)) != UC_OK)
		return rc;
	/* Build once now so every problem shows before anything changes. */
	if (trustlist_build_ctl(&s->core, secure, signer, &buf, &len, e.msg, sizeof(e.msg)) != 0)
		return out_error(o, UC_FAIL, "Cannot build the CTL: %s", e.msg);
	free(buf);
	if (trustlist_set_mode(&s->core, secure, signer, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "%s written to %s, signed by %s; cluster security mode %d.", CTL_NAME, s->config.tftp_dir,
		signer, secure ? 1 : 0);
	out_msg(o, "Restart Cisco TFTP and Cisco CallManager so phones download it (utils service restart "
		   "SERVICE).");
	return UC_OK;
}

static int mixed_mode(struct session *s, const void *args, struct out *o)
{
	return set_mode(s, o, true, "ITLRecovery");
}

static int non_secure(struct session *s, const void *args, struct out *o)
{
	return set_mode(s, o, false, "ITLRecovery");
}

static int update(struct session *s, const void *args, struct out *o)
{
	return set_mode(s, o, setting_int(s->store, "enterprise", "cluster-security-mode") == 1,
			"ITLRecovery");
}

static int reset_localkey(struct session *s, const void *args, struct out *o)
{
	return set_mode(s, o, setting_int(s->store, "enterprise", "cluster-security-mode") == 1,
			"CallManager");
}

/* ---- reading ---- */

static void hex(const struct ctl_bytes *b, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < b->len && 2 * i + 3 <= len; i++)
		snprintf(out + 2 * i, len - 2 * i, "%02X", b->p[i]);
}

static const char *hash_name(int h)
{
	return h == CTL_SHA1	 ? "SHA-1"
	       : h == CTL_SHA256 ? "SHA-256"
	       : h == CTL_SHA512 ? "SHA-512"
				 : "unknown";
}

/* Shows a parsed trust list; returns UC_OK when it verifies. */
static int describe(struct out *o, const char *name, const unsigned char *buf, size_t len, time_t mtime)
{
	static const struct out_col cols[] = {
	    {"record", "#", OT_INT},
	    {"role", "Function", OT_STR},
	    {"subject", "Subject", OT_STR},
	    {"dns", "DNS name", OT_STR},
	    {"ip", "IP", OT_STR},
	    {"serial", "Serial", OT_STR},
	    {"signed_it", "Used to sign", OT_BOOL},
	};
	struct ctl_file f;
	char err[256], md5[64], sha1[80], serial[120], reason[256];
	int signer = -1, verdict;

	pki_digest_hex(buf, len, "MD5", md5, sizeof(md5));
	pki_digest_hex(buf, len, "SHA1", sha1, sizeof(sha1));
	if (ctl_parse(buf, len, &f, err, sizeof(err)) != 0)
		return out_error(o, UC_FAIL, "%s cannot be read: %s", name, err);
	verdict = ctl_verify(buf, len, &f, &signer, reason, sizeof(reason));
	out_kv_begin(o, NULL);
	out_kv(o, "file", "File", name);
	out_kv_int(o, "length", "Length", (long long)len);
	if (mtime)
		out_kv_time(o, "modified", "Modified (UTC)", mtime);
	out_kv(o, "md5", "MD5", md5);
	out_kv(o, "sha1", "SHA-1", sha1);
	char v[16];
	snprintf(v, sizeof(v), "%d.%d", f.version_major, f.version_minor);
	out_kv(o, "version", "Version", v);
	out_kv_int(o, "header_length", "Header length", (long long)f.header_length);
	out_kv(o, "signer", "Signer", f.signer_name);
	out_kv(o, "signer_issuer", "Signer issuer", f.issuer_name ? f.issuer_name : "");
	hex(&f.serial, serial, sizeof(serial));
	out_kv(o, "signer_serial", "Signer serial", serial);
	out_kv(o, "hash", "Hash algorithm", hash_name(f.hash));
	out_kv(o, "filename", "File name in header", f.filename ? f.filename : "");
	out_kv_time(o, "timestamp", "Signed at (UTC)", (time_t)f.timestamp);
	out_kv_bool(o, "valid", "Signature valid", verdict == 0);
	out_kv(o, "verification", "Verification", reason);
	out_kv_end(o);
	out_table_begin(o, "records", cols, 7);
	for (int i = 0; i < f.nrecords; i++) {
		const struct ctl_record *r = &f.records[i];
		char num[16], ip[20] = "";
		snprintf(num, sizeof(num), "%d", i + 1);
		if (r->has_ip)
			snprintf(ip, sizeof(ip), "%u.%u.%u.%u", r->ip[0], r->ip[1], r->ip[2], r->ip[3]);
		hex(&r->serial, serial, sizeof(serial));
		const char *cells[] = {
		    num,    ctl_role_name(r->role),    r->subject ? r->subject : "", r->dns ? r->dns : "", ip,
		    serial, i == signer ? "yes" : "no"};
		out_row(o, cells);
	}
	out_table_end(o, NULL);
	if (signer >= 0)
		out_msg(o,
			"This etoken (record %d, %s) was used to sign the file; the other records' were not.",
			signer + 1, ctl_role_name(f.records[signer].role));
	else
		out_msg(o, "No etoken of this file was used to sign it.");
	if (!verdict && f.nrecords > ITL_WARN_RECORDS)
		out_warn(o, "%d records: phones may refuse more than %d", f.nrecords, ITL_WARN_RECORDS);
	if (!verdict && len > ITL_WARN_BYTES)
		out_warn(o, "%zu bytes: phones may refuse files above 64 KB", len);
	ctl_free(&f);
	return verdict == 0 ? UC_OK : UC_FAIL;
}

static int show_file(struct session *s, struct out *o, const char *name)
{
	unsigned char *buf;
	size_t len;
	time_t mtime;
	int missing, rc;
	char err[512];

	if (deploy_read(s->config.tftp_dir, name, TLV_MAX, &buf, &len, &mtime, &missing, err, sizeof(err)) !=
	    0)
		return out_error(o, UC_FAIL,
				 missing ? "There is no %s: the cluster has not been put in mixed mode "
					   "(utils ctl set-cluster mixed-mode)"
					 : "Cannot read %s: %s",
				 name, err);
	rc = describe(o, name, buf, len, mtime);
	free(buf);
	if (fx_behind(&s->core, strcmp(name, CTL_NAME) == 0 ? "ctl" : "itl"))
		out_warn(o,
			 "%s is behind the store (a change was not written out); the next start rewrites it",
			 name);
	return rc;
}

static int show_ctl(struct session *s, const void *args, struct out *o)
{
	return show_file(s, o, CTL_NAME);
}

static int show_itl(struct session *s, const void *args, struct out *o)
{
	return show_file(s, o, ITL_NAME);
}

static bool same_cert(const struct ctl_bytes *a, const struct ctl_bytes *b)
{
	return a->p && b->p && a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/* What a client does with a CTL it downloads. */
struct verify_args {
	const char *file;
	const char *previous;
};

static const struct arg_bind verify_bind[] = {
    BIND(struct verify_args, file), BIND(struct verify_args, previous), BIND_END(struct verify_args)};

static int verify(struct session *s, const void *args, struct out *o)
{
	const struct verify_args *a = args;
	const char *file = a->file, *prev_name = a->previous;
	unsigned char *buf = NULL, *pbuf = NULL;
	size_t len, plen;
	struct ctl_file f = {0}, p = {0};
	char err[512], reason[300];
	int signer = -1, rc, frc;
	bool accepted;

	if ((frc = filearea_read(s->config.file_area, file, TLV_MAX, &buf, &len, err, sizeof(err))) != FA_OK)
		return cmd_file_fail(o, frc, err);
	if (ctl_parse(buf, len, &f, err, sizeof(err)) != 0) {
		rc = out_error(o, UC_FAIL, "%s is rejected: %s", file, err);
		goto out;
	}
	accepted = ctl_verify(buf, len, &f, &signer, reason, sizeof(reason)) == 0;
	if (accepted && prev_name) {
		if ((frc = filearea_read(s->config.file_area, prev_name, TLV_MAX, &pbuf, &plen, err,
					 sizeof(err))) != FA_OK) {
			rc = cmd_file_fail(o, frc, err);
			goto out;
		}
		if (ctl_parse(pbuf, plen, &p, err, sizeof(err)) != 0) {
			rc = out_error(o, UC_FAIL, "the previous file %s cannot be read: %s", prev_name, err);
			goto out;
		}
		bool known = false;
		for (int i = 0; i < p.nrecords; i++)
			known |= p.records[i].role == CTL_SAST &&
				 same_cert(&p.records[i].cert, &f.records[signer].cert);
		if (!known) {
			accepted = false;
			snprintf(reason, sizeof(reason),
				 "signed by %s, which is not a SAST of the previous trust list",
				 f.records[signer].subject ? f.records[signer].subject : "an unknown signer");
		} else {
			snprintf(reason, sizeof(reason),
				 "an update signed by a SAST of the previous trust list");
		}
	} else if (accepted) {
		snprintf(reason + strlen(reason), sizeof(reason) - strlen(reason),
			 "; a first trust list is trusted on first use");
	}
	out_kv_begin(o, NULL);
	out_kv(o, "file", "File", file);
	out_kv_bool(o, "accepted", "Accepted", accepted);
	out_kv(o, "reason", "Reason", reason);
	out_kv_end(o);
	rc = accepted ? UC_OK : UC_FAIL;
out:
	ctl_free(&f);
	ctl_free(&p);
	free(buf);
	free(pbuf);
	return rc;
}

static const struct cmd_def ctl_cmds[] = {
    {"utils ctl set-cluster mixed-mode", mixed_mode, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Write a signed CTL (CallManager, CAPF, TVS, ITLRecovery) and set cluster security mode 1", NULL, NULL},
    {"utils ctl set-cluster non-secure-mode", non_secure, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Write a CTL without node certificates and set cluster security mode 0", NULL, NULL},
    {"utils ctl update CTLFile", update, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Rebuild and re-sign the CTL after a CallManager, CAPF, TVS or ITLRecovery change",
     "utils ctl update CTLFile", NULL},
    {"utils ctl reset localkey", reset_localkey, PRIV_ADMIN, CMD_WRITE | CMD_CONFIRM,
     "Re-sign the CTL with the CallManager key", NULL, NULL},
    {"show ctl", show_ctl, PRIV_READ, 0, "The CTL file: checksums, header, records, signature verdict", NULL,
     NULL},
    {"show itl", show_itl, PRIV_READ, 0, "The ITL file: checksums, header, records, signature verdict", NULL,
     NULL},
    {"utils ctl verify FILE [previous FILE]", verify, PRIV_READ, 0,
     "What a phone or CTI client decides about a CTL (and an update to a previous one)",
     "utils ctl verify CTLFile.tlv previous old-CTLFile.tlv", verify_bind},
};

static const struct kw_help ctl_kw[] = {
    {"utils ctl", "Certificate Trust List and cluster security mode"},
    {"utils ctl set-cluster", "Change the cluster security mode"},
    {NULL, NULL},
};

const struct cmd_family ctl_family = CMD_FAMILY("ctl", ctl_cmds, ctl_kw, NULL);
