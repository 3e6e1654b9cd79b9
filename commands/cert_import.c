/* set cert import trust|own, utils cert verify. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands/families.h"
#include "commands/notices.h"
#include "commands/secret.h"
#include "commands/session.h"
#include "commands/trustout.h"
#include "commands/unit_types.h"
#include "svc/certs.h"
#include "svc/files.h"
#include "svc/own.h"
#include "svc/trust.h"
#include "svc/trustlist.h"
#include "util/strbuf.h"
#include "util/timefmt.h"

/* Certificate uploads larger than this are not certificates. */
#define UPLOAD_MAX (1024 * 1024)

/* The bytes of an upload: FILE from the file area or, interactively without
 * FILE, what the administrator pastes. */
static int read_bytes(struct session *s, struct out *o, const char *file, unsigned char **buf, size_t *len)
{
	struct err e;

	if (!file) {
		if (!s->read_paste)
			return out_error(o, UC_USAGE,
					 "Give a FILE from the file area (pasting works interactively)");
		*buf = (unsigned char *)s->read_paste(s, "Paste the certificate and press Enter twice:");
		*len = strlen((char *)*buf);
		return UC_OK;
	}
	if (core_file_read(&s->core, file, UPLOAD_MAX, buf, len, &e) != 0)
		return cmd_fail(o, &e);
	return UC_OK;
}

static int read_upload(struct session *s, struct out *o, const char *file, struct pki_certlist *l)
{
	unsigned char *buf;
	size_t len;
	struct err e;
	int rc;

	if ((rc = read_bytes(s, o, file, &buf, &len)) != UC_OK)
		return rc;
	rc = core_trust_parse(buf, len, file ? file : "pasted text", l, &e);
	free(buf);
	return rc == 0 ? UC_OK : cmd_fail(o, &e);
}

struct import_args {
	const char *trust_unit;
	const struct unit_def *unit;
	const char *file;
	const char *password_file;
};

static const struct arg_bind trust_bind[] = {BIND(struct import_args, trust_unit),
					     BIND(struct import_args, file), BIND_END(struct import_args)};
static const struct arg_bind own_bind[] = {BIND(struct import_args, unit), BIND(struct import_args, file),
					   BIND(struct import_args, password_file),
					   BIND_END(struct import_args)};

struct trust_job {
	const char *unit;
	const struct pki_certlist *l;
	const char *what;
	struct trust_report *r;
};

static int trust_apply(struct core *c, void *arg, struct err *e)
{
	struct trust_job *j = arg;

	return core_trust_import(c, j->unit, j->l, j->what, j->r, e);
}

/* One row per certificate of an upload and what became of it, then the
 * counts. */
static int import_trust(struct session *s, const void *args, struct out *o)
{
	const struct import_args *a = args;
	const char *unit = a->trust_unit, *file = a->file;
	struct pki_certlist l;
	struct trust_report r = {0};
	struct err e = {0};
	int rc;

	/* Reading and parsing before the write transaction; adding is one. */
	if ((rc = read_upload(s, o, file, &l)) != UC_OK)
		return rc;
	struct trust_job job = {unit, &l, file ? file : "pasted text", &r};
	if (core_write(&s->core, trust_apply, &job, &e) != 0 && !s->core.committed) {
		rc = cmd_fail(o, &e);
		goto out;
	}
	trust_report_out(o, "imported", unit, &r);
	notice_change(o, &r.restart, false, unit);
	/* Committed, but its files were not written. */
	rc = e.code && s->core.committed ? cmd_fail(o, &e) : UC_OK;
out:
	core_trust_report_free(&r);
	pki_certlist_free(&l);
	return rc;
}

struct own_job {
	const struct unit_def *unit;
	const struct own_upload *up;
	const char *what;
	struct own_result *res;
};

static int own_apply(struct core *c, void *arg, struct err *e)
{
	struct own_job *j = arg;

	return core_own_install(c, j->unit, j->up, j->what, j->res, e);
}

/* Reading and parsing the upload (and asking for a PKCS#12 passphrase)
 * happen before the write transaction; installing it is one. */
static int import_own(struct session *s, const void *args, struct out *o)
{
	static const char *const key_from[] = {" from the PKCS#12 file", " from its CSR", ", unchanged"};
	const struct import_args *a = args;
	const char *what = a->file ? a->file : "pasted text";
	struct own_upload up = {0};
	struct own_result res = {0};
	unsigned char *buf;
	size_t len;
	struct err e;
	char pass[1024];
	int rc;

	if ((rc = read_bytes(s, o, a->file, &buf, &len)) != UC_OK)
		return rc;
	rc = core_own_parse(buf, len, a->file != NULL, what, &up, &e);
	if (rc == 1) {
		if ((rc = cmd_read_secret(s, o, a->password_file, "PKCS#12 passphrase", "password-file", pass,
					  sizeof(pass))) != UC_OK) {
			free(buf);
			return rc;
		}
		rc = core_own_parse_p12(buf, len, pass, what, &up, &e);
		explicit_bzero(pass, sizeof(pass));
	}
	free(buf);
	if (rc != 0)
		return cmd_fail(o, &e);
	struct own_job job = {a->unit, &up, what, &res};
	rc = core_write(&s->core, own_apply, &job, &e);
	if (s->core.committed) {
		if (res.chain.n)
			trust_report_out(o, "chain", a->unit->trust, &res.chain);
		out_msg(o, "%s now uses the certificate issued by %s (%s key%s).", a->unit->name, res.issuer,
			res.key_desc, key_from[res.key_from]);
		notice_change(o, &res.restart, res.ctl_stale, a->unit->name);
	}
	core_own_result_free(&res);
	core_own_upload_free(&up);
	return rc == 0 ? UC_OK : cmd_fail(o, &e);
}

static bool check_date(const struct check_in *c, const char *in, struct value *v)
{
	time_t when;

	if (time_parse_date(in, &when)) {
		v->num = (long)when;
		return true;
	}
	snprintf(v->err, sizeof(v->err), "a UTC date: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z");
	return false;
}

static const struct type_def date_type = {.name = "DATE",
					  .help = "UTC date: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z",
					  .check = check_date,
					  .kind = VAL_NUM};

struct verify_args {
	const char *file;
	const char *trust; /* NULL: tomcat-trust */
	const char *untrusted;
	const char *purpose;
	const char *host;
	const long *at;
	const char *profile; /* rfc5280 (default), webpki */
};

static const struct arg_bind verify_bind[] = {
    BIND(struct verify_args, file),    BIND(struct verify_args, trust), BIND(struct verify_args, untrusted),
    BIND(struct verify_args, purpose), BIND(struct verify_args, host),	BIND(struct verify_args, at),
    BIND(struct verify_args, profile), BIND_END(struct verify_args)};

static void findings_out(struct out *o, const struct pki_findings *f)
{
	static const struct out_col cols[] = {
	    {"depth", "Depth", OT_INT}, {"subject", "Subject", OT_STR}, {"rule", "Failed rule", OT_STR}};

	out_table_begin(o, "failures", cols, 3);
	for (int i = 0; i < f->n; i++) {
		char depth[16];
		snprintf(depth, sizeof(depth), "%d", f->v[i].depth);
		const char *cells[] = {depth, f->v[i].subject, f->v[i].rule};
		out_row(o, cells);
	}
	out_table_end(o, NULL);
}

static int verify(struct session *s, const void *args, struct out *o)
{
	const struct verify_args *a = args;
	const char *unit = a->trust ? a->trust : "tomcat-trust";
	struct pki_certlist l, more = {0};
	struct pki_findings f = {0};
	struct err e;
	char reason[400];
	int rc;

	if ((rc = read_upload(s, o, a->file, &l)) != UC_OK)
		return rc;
	if (a->untrusted && (rc = read_upload(s, o, a->untrusted, &more)) != UC_OK)
		goto out;
	struct pki_verify_opts how = {
	    .purpose = !a->purpose			   ? PKI_PURPOSE_ANY
		       : strcmp(a->purpose, "server") == 0 ? PKI_PURPOSE_SERVER
							   : PKI_PURPOSE_CLIENT,
	    .host = a->host,
	    .at = a->at ? (time_t)*a->at : 0,
	    .profile = a->profile && strcmp(a->profile, "webpki") == 0 ? PKI_WEBPKI : PKI_RFC5280,
	};
	if (core_cert_verify(&s->core, unit, &l, &more, &how, &f, &e) != 0) {
		rc = cmd_fail(o, &e);
		goto out;
	}
	if (f.n)
		snprintf(reason, sizeof(reason), "%s (at depth %d)", f.v[0].rule, f.v[0].depth);
	out_kv_begin(o, NULL);
	out_kv(o, "trust", "Trust store", unit);
	out_kv(o, "profile", "Profile", how.profile == PKI_WEBPKI ? "webpki" : "rfc5280");
	out_kv_bool(o, "verified", "Verified", f.n == 0);
	out_kv(o, "reason", "Reason", f.n ? reason : "ok");
	out_kv_end(o);
	if (f.n)
		findings_out(o, &f);
	rc = f.n ? UC_FAIL : UC_OK;
out:
	pki_findings_free(&f);
	pki_certlist_free(&more);
	pki_certlist_free(&l);
	return rc;
}

static const struct type_def *const import_types[] = {&date_type, NULL};

static const struct cmd_def import_cmds[] = {
    {"set cert import trust TRUST_UNIT [FILE]", import_trust, PRIV_OPER, CMD_PREPARED,
     "Add every certificate of a file (PEM, DER or PKCS#7) to a trust store; all or nothing",
     "set cert import trust tomcat-trust ca-chain.pem", trust_bind, NULL},
    {"set cert import own UNIT [FILE] [password-file FILE]", import_own, PRIV_OPER, CMD_PREPARED,
     "Install a CA-signed certificate for a unit: it must match the CSR (or current) key, or bring its key "
     "in a PKCS#12 file, and chain to a root in the unit's trust store",
     "set cert import own tomcat tomcat-signed.pem", own_bind, NULL},
    {"utils cert verify FILE [trust TRUST_UNIT] [untrusted FILE] [purpose {server|client}$purpose] [host "
     "DOMAIN] [at DATE] [profile {rfc5280|webpki}$profile]",
     verify, PRIV_READ, 0, "Would a peer trusting TRUST_UNIT (default tomcat-trust) accept this certificate?",
     "utils cert verify peer.pem trust tomcat-trust purpose server host peer.example.com", verify_bind, NULL},
};

static const struct kw_help import_kw[] = {
    {"set cert import", "Import certificates from the file area"},
    {"utils cert", "Certificate utilities"},
    {NULL, NULL},
};

const struct cmd_family cert_import_family = CMD_FAMILY("cert-import", import_cmds, import_kw, import_types);
