/* show cert list|own|trust, set cert regen, set cert delete, set cert export. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands/families.h"
#include "commands/notices.h"
#include "commands/session.h"
#include "commands/unit_types.h"
#include "svc/certstore.h"
#include "svc/preview.h"
#include "svc/regen.h"
#include "util/timefmt.h"

#define DAY 86400

struct cert_args {
	const struct unit_def *unit;
	const char *trust_unit;
	const char *cert_name;
	const char *file;
	const char *format;
	const char *key;
	const long *size;
	const char *digest;
	const long *days;
	const long *expiring;
	bool own, pem;
};

struct show_args {
	const char *unit; /* show cert own: UNIT or UNIT_PEM; show cert list: the store */
	const char *trust_unit;
	const char *cert_name;
	const long *expiring;
	bool own, pem, lsc;
};

static const struct arg_bind list_bind[] = {BIND(struct show_args, unit), BIND(struct show_args, expiring),
					    BIND(struct show_args, own), BIND_END(struct show_args)};
static const struct arg_bind list_lsc_bind[] = {BIND(struct show_args, expiring), BIND(struct show_args, lsc),
						BIND_END(struct show_args)};
static const struct arg_bind list_trust_bind[] = {
    BIND(struct show_args, unit), BIND(struct show_args, expiring), BIND_END(struct show_args)};
static const struct arg_bind own_bind[] = {BIND(struct show_args, unit), BIND(struct show_args, pem),
					   BIND_END(struct show_args)};
static const struct arg_bind own_pem_bind[] = {BIND(struct show_args, unit), BIND_END(struct show_args)};
static const struct arg_bind trust_bind[] = {BIND(struct show_args, trust_unit),
					     BIND(struct show_args, cert_name), BIND(struct show_args, pem),
					     BIND_END(struct show_args)};
static const struct arg_bind delete_bind[] = {BIND(struct cert_args, trust_unit),
					      BIND(struct cert_args, cert_name), BIND_END(struct cert_args)};
static const struct arg_bind export_own_bind[] = {BIND(struct cert_args, own), BIND(struct cert_args, unit),
						  BIND(struct cert_args, file),
						  BIND(struct cert_args, format), BIND_END(struct cert_args)};
static const struct arg_bind export_trust_bind[] = {
    BIND(struct cert_args, trust_unit), BIND(struct cert_args, cert_name), BIND(struct cert_args, file),
    BIND(struct cert_args, format), BIND_END(struct cert_args)};

struct lister {
	struct out *o;
	time_t now;
	int rows;
};

static int list_row(const struct cert_row *r, void *ctx)
{
	struct lister *l = ctx;
	char after[16], days[24];
	long long left = (r->not_after - (long long)l->now) / DAY;

	time_date(r->not_after, after, sizeof(after));
	snprintf(days, sizeof(days), "%lld",
		 r->not_after < l->now ? -1 - (((long long)l->now - r->not_after) / DAY) : left);
	const char *cells[] = {
	    r->unit,	 r->name, r->subject_cn, r->issuer_cn,
	    r->key_desc, after,	  days,		 r->self_signed ? "self-signed" : "CA-signed"};
	out_row(l->o, cells);
	l->rows++;
	return 0;
}

static int show_list(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {
	    {"unit", "Unit", OT_STR},
	    {"name", "Name", OT_STR},
	    {"subject_cn", "Subject CN", OT_STR},
	    {"issuer_cn", "Issuer CN", OT_STR},
	    {"key", "Key", OT_STR},
	    {"not_after", "Not after", OT_STR},
	    {"days_left", "Days left", OT_INT},
	    {"type", "Type", OT_STR},
	};
	const struct show_args *a = args;
	const char *kind = a->lsc ? "lsc" : a->own ? "own" : "trust";
	struct lister l = {o, time(NULL), 0};
	long long before = a->expiring ? (long long)l.now + *a->expiring * DAY : 0;

	struct err e;

	out_table_begin(o, "certificates", cols, 8);
	if (core_cert_each(&s->core, kind, a->unit, before, list_row, &l, &e) != 0)
		return cmd_fail(o, &e);
	char empty[128];
	if (a->expiring)
		snprintf(empty, sizeof(empty), "No %s certificate expires within %ld days.", kind,
			 *a->expiring);
	else
		snprintf(empty, sizeof(empty), "No %s certificates.", kind);
	out_table_end(o, empty);
	return UC_OK;
}

/* The decoded view of a stored certificate, or its PEM. */
static int show_one(struct session *s, struct out *o, const char *kind, const char *unit, const char *name,
		    bool pem)
{
	struct cert_view v;
	struct err e;

	if (core_cert_view(&s->core, kind, unit, name, &v, &e) != 0) {
		if (e.code == ERR_NOTFOUND)
			return out_error(o, UC_FAIL, "No certificate %s in %s (show cert list %s shows them)",
					 name, unit, kind);
		return cmd_fail(o, &e);
	}
	if (pem) {
		out_content(o, "pem", v.row.pem);
		core_cert_view_free(&v);
		return UC_OK;
	}
	const struct pki_facts f = v.facts;
	out_kv_begin(o, NULL);
	out_kv(o, "unit", "Unit", unit);
	out_kv(o, "name", "Name", name);
	out_kv_int(o, "version", "Version", f.version);
	out_kv(o, "serial", "Serial number", f.serial);
	out_kv(o, "signature_algorithm", "Signature algorithm", f.sig_alg);
	out_kv(o, "issuer", "Issuer", f.issuer);
	out_kv_time(o, "not_before", "Not before", f.not_before);
	out_kv_time(o, "not_after", "Not after", f.not_after);
	out_kv(o, "subject", "Subject", f.subject);
	out_kv(o, "key", "Public key", f.key);
	out_kv(o, "subject_alt_names", "Subject alternative names", f.san);
	out_kv(o, "key_usage", "Key usage", f.key_usage);
	out_kv(o, "extended_key_usage", "Extended key usage", f.ext_key_usage);
	out_kv_bool(o, "ca", "CA", f.is_ca);
	out_kv_bool(o, "self_signed", "Self-signed", f.self_signed);
	out_kv(o, "sha1_fingerprint", "SHA-1 fingerprint", f.sha1);
	out_kv(o, "sha256_fingerprint", "SHA-256 fingerprint", f.sha256);
	if (v.row.chain)
		out_kv(o, "chain", "Chain", "issued by a CA; the chain is deployed with it");
	out_kv_end(o);
	core_cert_view_free(&v);
	return UC_OK;
}

static int show_own(struct session *s, const void *args, struct out *o)
{
	const struct show_args *a = args;

	return show_one(s, o, "own", a->unit, a->unit, a->pem);
}

static int show_trust(struct session *s, const void *args, struct out *o)
{
	const struct show_args *a = args;

	return show_one(s, o, "trust", a->trust_unit, a->cert_name, a->pem);
}

static const struct arg_bind regen_bind[] = {BIND(struct cert_args, unit), BIND(struct cert_args, key),
					     BIND(struct cert_args, size), BIND(struct cert_args, digest),
					     BIND(struct cert_args, days), BIND_END(struct cert_args)};

static int regen(struct session *s, const void *args, struct out *o)
{
	const struct cert_args *a = args;
	struct regen_request rq = {
	    .unit = a->unit,
	    .digest = digest_arg(a->digest),
	    .days = a->days ? (int)*a->days : 0,
	};
	struct regen_result res;
	struct err e;

	rq.key_given = key_arg(a->unit, a->key, a->size, &rq.key);
	int rc = core_regen(&s->core, &rq, &res, &e);
	if (rc != 0 && !s->core.committed) {
		strbuf_release(&res.restart);
		return cmd_fail(o, &e);
	}
	if (res.csr_discarded)
		out_msg(o, "The pending CSR of %s was discarded (its key is gone).", rq.unit->name);
	out_msg(o, "%s regenerated: new %s key and self-signed certificate.", rq.unit->name, res.key_desc);
	notice_change(o, &res.restart, res.ctl_stale, rq.unit->name);
	strbuf_release(&res.restart);
	return rc == 0 ? UC_OK : cmd_fail(o, &e);
}

static int delete_trust(struct session *s, const void *args, struct out *o)
{
	const struct cert_args *a = args;
	const char *unit = a->trust_unit, *name = a->cert_name;
	struct strbuf restart = STRBUF_INIT;
	struct err e;

	if (core_trust_delete(&s->core, unit, name, &restart, &e) != 0) {
		strbuf_release(&restart);
		if (e.code == ERR_NOTFOUND)
			return out_error(o, UC_FAIL, "No certificate %s in %s (show cert list trust unit %s)",
					 name, unit, unit);
		return cmd_fail(o, &e);
	}
	out_msg(o, "Deleted %s from %s.", name, unit);
	notice_change(o, &restart, false, unit);
	strbuf_release(&restart);
	return UC_OK;
}

static int export_cert(struct session *s, const void *args, struct out *o)
{
	const struct cert_args *a = args;
	bool own = a->own;
	const char *unit = own ? a->unit->name : a->trust_unit;
	const char *name = own ? unit : a->cert_name, *file = a->file;
	bool der = a->format && strcmp(a->format, "der") == 0;
	struct err e;

	if (core_cert_export(&s->core, own, unit, name, file, der, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Exported %s %s to %s (%s; the private key is never exported).", unit, name, file,
		der ? "DER" : "PEM");
	return UC_OK;
}

static bool check_name(const struct check_in *c, const char *in, struct value *v)
{
	if (*in && strlen(in) <= 200)
		return true;
	snprintf(v->err, sizeof(v->err), "a certificate name (show cert list trust shows them)");
	return false;
}

static int collect_name(const struct cert_row *r, void *ctx)
{
	strlist_add(ctx, r->name);
	return 0;
}

static void complete_name(struct session *s, struct strlist *out)
{
	struct err e;

	core_cert_each(&s->core, "trust", NULL, 0, collect_name, out, &e);
}

/* The appliance spells a unit's certificate UNIT/UNIT.pem. */
static bool check_unit_pem(const struct check_in *c, const char *in, struct value *v)
{
	const char *slash = strchr(in, '/');
	char unit[64];
	const struct unit_def *u;

	snprintf(unit, sizeof(unit), "%.*s", slash ? (int)(slash - in) : 0, in);
	u = slash ? unit_find(unit) : NULL;
	if (u && strcasecmp(u->name, unit) == 0 && strncasecmp(slash + 1, unit, strlen(unit)) == 0 &&
	    strcasecmp(slash + 1 + strlen(unit), ".pem") == 0) {
		v->canon = strdup(u->name);
		return true;
	}
	snprintf(v->err, sizeof(v->err), "UNIT/UNIT.pem, e.g. tomcat/tomcat.pem");
	return false;
}

static const struct type_def unit_pem_type = {
    .name = "UNIT_PEM", .help = "UNIT/UNIT.pem, as the appliance spells it", .check = check_unit_pem};

const struct type_def cert_name_type = {.name = "CERT_NAME",
					.help = "certificate name in the trust store",
					.check = check_name,
					.complete = complete_name};

static void explain_regen(struct session *s, const void *args, struct strbuf *out)
{
	preview_regen(&s->core, ((const struct cert_args *)args)->unit, out);
}

static void explain_delete(struct session *s, const void *args, struct strbuf *out)
{
	const struct cert_args *a = args;

	preview_trust_delete(&s->core, a->trust_unit, a->cert_name, out);
}

static const struct cmd_def cert_cmds[] = {
    {"show cert list own [unit UNIT] [expiring INT(0-36500)]", show_list, PRIV_READ, 0,
     "Own certificates: unit, subject, issuer, key, expiry and days left", "show cert list own expiring 90",
     list_bind, NULL},
    {"show cert list lsc [expiring INT(0-36500)]", show_list, PRIV_READ, 0,
     "LSCs CAPF issued: instance, key, expiry and days left (capf lsc list has their users)",
     "show cert list lsc expiring 30", list_lsc_bind, NULL},
    {"show cert list trust [unit TRUST_UNIT] [expiring INT(0-36500)]", show_list, PRIV_READ, 0,
     "Trusted certificates: unit, name, subject, issuer, key, expiry and days left",
     "show cert list trust unit tomcat-trust", list_trust_bind, NULL},
    {"show cert own UNIT [pem]", show_own, PRIV_READ, 0, "One own certificate, decoded (or as PEM)",
     "show cert own tomcat", own_bind, NULL},
    {"show cert own UNIT_PEM$unit", show_own, PRIV_READ, 0,
     "One own certificate, decoded (the appliance's spelling)", "show cert own tomcat/tomcat.pem",
     own_pem_bind, NULL},
    {"show cert trust TRUST_UNIT CERT_NAME [pem]", show_trust, PRIV_READ, 0,
     "One trusted certificate, decoded (or as PEM)", "show cert trust tomcat-trust RootCA", trust_bind, NULL},
    {"set cert regen UNIT [key {rsa|ec}$key [size INT(256-4096)]] [digest {sha256|sha384|sha512}$digest] "
     "[days "
     "INT(1-7300)]",
     regen, PRIV_OPER, CMD_PREPARED | CMD_CONFIRM,
     "New key and self-signed certificate for a unit; its services must restart", "set cert regen tomcat",
     regen_bind, explain_regen},
    {"set cert delete TRUST_UNIT CERT_NAME", delete_trust, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Remove a certificate from a trust store", "set cert delete tomcat-trust OldRootCA", delete_bind,
     explain_delete},
    {"set cert export own UNIT FILE [format {pem|der}$format]", export_cert, PRIV_OPER, 0,
     "Write a unit's certificate into the file area (never its key)", "set cert export own tomcat tomcat.pem",
     export_own_bind, NULL},
    {"set cert export trust TRUST_UNIT CERT_NAME FILE [format {pem|der}$format]", export_cert, PRIV_OPER, 0,
     "Write a trusted certificate into the file area", "set cert export trust tomcat-trust RootCA root.pem",
     export_trust_bind, NULL},
};

static const struct kw_help cert_kw[] = {
    {"show cert", "Certificates: own units and trust stores"},
    {"set cert", "Regenerate, import, delete and export certificates"},
    {"show cert list", "List own or trusted certificates"},
    {"set cert export", "Write a certificate into the file area"},
    {NULL, NULL},
};

static const struct type_def *const cert_types[] = {&unit_type, &trust_unit_type, &cert_name_type,
						    &unit_pem_type, NULL};

const struct cmd_family cert_family = CMD_FAMILY("cert", cert_cmds, cert_kw, cert_types);
