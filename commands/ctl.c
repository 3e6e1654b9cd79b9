/* utils ctl ..., show ctl, show itl, utils ctl verify (CTL-FORMAT.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "commands/families.h"
#include "commands/identity.h"
#include "commands/session.h"
#include "svc/ctlfile.h"
#include "svc/preview.h"
#include "svc/services.h"
#include "svc/settings.h"
#include "svc/trustlist.h"

#define ITL_WARN_RECORDS 39
#define ITL_WARN_BYTES (64 * 1024)

static void not_ready(void *ctx, const char *msg)
{
	out_error(ctx, UC_FAIL, "%s", msg);
}

/* need_capf: entering mixed mode (the CTL client's rule); updates write
 * the CTL without CAPF's record while CAPF is deactivated. */
static int set_mode(struct session *s, struct out *o, bool secure, bool need_capf, const char *signer)
{
	unsigned char *buf = NULL;
	size_t len;
	struct err e;

	if (trustlist_may_sign(&s->core, &e) != 0)
		return cmd_fail(o, &e);
	if (secure && trustlist_check_ready(&s->core, need_capf, not_ready, o))
		return UC_FAIL;
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
	return set_mode(s, o, true, true, "ITLRecovery");
}

static int non_secure(struct session *s, const void *args, struct out *o)
{
	return set_mode(s, o, false, false, "ITLRecovery");
}

static int update(struct session *s, const void *args, struct out *o)
{
	return set_mode(s, o, setting_int(&s->core, "enterprise", "cluster-security-mode") == 1, false,
			"ITLRecovery");
}

static int reset_localkey(struct session *s, const void *args, struct out *o)
{
	return set_mode(s, o, setting_int(&s->core, "enterprise", "cluster-security-mode") == 1, false,
			"CallManager");
}

/* ---- reading ---- */

/* Shows a parsed trust list; returns UC_OK when it verifies. */
static int describe(struct out *o, const char *name, const struct ctl_view *v)
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
	const struct ctl_file f = v->f;
	const int signer = v->signer;
	const size_t len = v->len;
	char serial[120];

	out_kv_begin(o, NULL);
	out_kv(o, "file", "File", name);
	out_kv_int(o, "length", "Length", (long long)len);
	if (v->mtime)
		out_kv_time(o, "modified", "Modified (UTC)", v->mtime);
	out_kv(o, "md5", "MD5", v->md5);
	out_kv(o, "sha1", "SHA-1", v->sha1);
	char version[16];
	snprintf(version, sizeof(version), "%d.%d", f.version_major, f.version_minor);
	out_kv(o, "version", "Version", version);
	out_kv_int(o, "header_length", "Header length", (long long)f.header_length);
	out_kv(o, "signer", "Signer", f.signer_name);
	out_kv(o, "signer_issuer", "Signer issuer", f.issuer_name ? f.issuer_name : "");
	ctlfile_hex(&f.serial, serial, sizeof(serial));
	out_kv(o, "signer_serial", "Signer serial", serial);
	out_kv(o, "hash", "Hash algorithm", ctlfile_hash_name(f.hash));
	out_kv(o, "filename", "File name in header", f.filename ? f.filename : "");
	out_kv_time(o, "timestamp", "Signed at (UTC)", (time_t)f.timestamp);
	out_kv_bool(o, "valid", "Signature valid", v->valid);
	out_kv(o, "verification", "Verification", v->reason);
	out_kv_end(o);
	out_table_begin(o, "records", cols, 7);
	for (int i = 0; i < f.nrecords; i++) {
		const struct ctl_record *r = &f.records[i];
		char num[16], ip[20] = "";
		snprintf(num, sizeof(num), "%d", i + 1);
		if (r->has_ip)
			snprintf(ip, sizeof(ip), "%u.%u.%u.%u", r->ip[0], r->ip[1], r->ip[2], r->ip[3]);
		ctlfile_hex(&r->serial, serial, sizeof(serial));
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
	if (v->valid && f.nrecords > ITL_WARN_RECORDS)
		out_warn(o, "%d records: phones may refuse more than %d", f.nrecords, ITL_WARN_RECORDS);
	if (v->valid && len > ITL_WARN_BYTES)
		out_warn(o, "%zu bytes: phones may refuse files above 64 KB", len);
	return v->valid ? UC_OK : UC_FAIL;
}

static int show_file(struct session *s, struct out *o, const char *name)
{
	struct ctl_view v;
	struct err e;
	int rc;

	if (ctlfile_read_tftp(&s->core, name, &v, &e) != 0) {
		if (e.code == ERR_NOTFOUND)
			return out_error(
			    o, UC_FAIL,
			    "There is no %s: the cluster has not been put in mixed mode (utils ctl "
			    "set-cluster mixed-mode)",
			    name);
		return cmd_fail(o, &e);
	}
	rc = describe(o, name, &v);
	ctl_view_free(&v);
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
	char reason[300];
	struct err e;
	bool accepted;

	if (ctlfile_judge(&s->core, a->file, a->previous, &accepted, reason, sizeof(reason), &e) != 0)
		return cmd_fail(o, &e);
	out_kv_begin(o, NULL);
	out_kv(o, "file", "File", a->file);
	out_kv_bool(o, "accepted", "Accepted", accepted);
	out_kv(o, "reason", "Reason", reason);
	out_kv_end(o);
	return accepted ? UC_OK : UC_FAIL;
}

static bool secure_now(struct session *s)
{
	return setting_int(&s->core, "enterprise", "cluster-security-mode") == 1;
}

static void explain_mixed(struct session *s, const void *args, struct strbuf *out)
{
	preview_ctl(&s->core, true, false, "ITLRecovery", out);
}

static void explain_non_secure(struct session *s, const void *args, struct strbuf *out)
{
	preview_ctl(&s->core, false, false, "ITLRecovery", out);
}

static void explain_update(struct session *s, const void *args, struct strbuf *out)
{
	preview_ctl(&s->core, secure_now(s), true, "ITLRecovery", out);
}

static void explain_localkey(struct session *s, const void *args, struct strbuf *out)
{
	preview_ctl(&s->core, secure_now(s), true, "CallManager", out);
}

static const struct cmd_def ctl_cmds[] = {
    {"utils ctl set-cluster mixed-mode", mixed_mode, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Write a signed CTL (CallManager, CAPF, TVS, ITLRecovery) and set cluster security mode 1", NULL, NULL,
     explain_mixed},
    {"utils ctl set-cluster non-secure-mode", non_secure, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Write a CTL without node certificates and set cluster security mode 0", NULL, NULL, explain_non_secure},
    {"utils ctl update CTLFile", update, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Rebuild and re-sign the CTL after a CallManager, CAPF, TVS or ITLRecovery change",
     "utils ctl update CTLFile", NULL, explain_update},
    {"utils ctl reset localkey", reset_localkey, PRIV_ADMIN, CMD_WRITE | CMD_CONFIRM,
     "Re-sign the CTL with the CallManager key", NULL, NULL, explain_localkey},
    {"show ctl", show_ctl, PRIV_READ, 0, "The CTL file: checksums, header, records, signature verdict", NULL,
     NULL, NULL},
    {"show itl", show_itl, PRIV_READ, 0, "The ITL file: checksums, header, records, signature verdict", NULL,
     NULL, NULL},
    {"utils ctl verify FILE [previous FILE]", verify, PRIV_READ, 0,
     "What a phone or CTI client decides about a CTL (and an update to a previous one)",
     "utils ctl verify CTLFile.tlv previous old-CTLFile.tlv", verify_bind, NULL},
};

static const struct kw_help ctl_kw[] = {
    {"utils ctl", "Certificate Trust List and cluster security mode"},
    {"utils ctl set-cluster", "Change the cluster security mode"},
    {NULL, NULL},
};

const struct cmd_family ctl_family = CMD_FAMILY("ctl", ctl_cmds, ctl_kw, NULL);
