/* CAPF profiles for CTI applications, offline enrolment and LSCs (the CTI
 * chapter; CAPF-TVS-PROTOCOL.md §1.9 for the certificate). */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "commands/families.h"
#include "commands/session.h"
#include "svc/capf.h"
#include "svc/capfd.h"
#include "svc/enroll.h"
#include "svc/preview.h"
#include "util/timefmt.h"

struct capf_args {
	const char *kind;
	const char *user;
	const char *new_instance;
	const char *capf_id;
	const char *operation;
	const char *auth;
	const char *string;
	const char *key;
	const long *size;
	const char *curve;
	const long *completes_by;
	struct arg_list ids;
	const char *instance; /* list: pattern */
	const char *status;
};

static const struct arg_bind add_bind[] = {
    BIND(struct capf_args, kind),	  BIND(struct capf_args, user), BIND(struct capf_args, new_instance),
    BIND(struct capf_args, operation),	  BIND(struct capf_args, auth), BIND(struct capf_args, string),
    BIND(struct capf_args, key),	  BIND(struct capf_args, size), BIND(struct capf_args, curve),
    BIND(struct capf_args, completes_by), BIND_END(struct capf_args)};
static const struct arg_bind update_bind[] = {
    BIND(struct capf_args, capf_id), BIND(struct capf_args, operation),	   BIND(struct capf_args, auth),
    BIND(struct capf_args, string),  BIND(struct capf_args, key),	   BIND(struct capf_args, size),
    BIND(struct capf_args, curve),   BIND(struct capf_args, completes_by), BIND_END(struct capf_args)};
static const struct arg_bind copy_bind[] = {BIND(struct capf_args, capf_id),
					    BIND(struct capf_args, new_instance), BIND_END(struct capf_args)};
static const struct arg_bind id_bind[] = {BIND(struct capf_args, capf_id), BIND_END(struct capf_args)};
static const struct arg_bind ids_bind[] = {BIND(struct capf_args, ids), BIND_END(struct capf_args)};
static const struct arg_bind list_bind[] = {BIND(struct capf_args, user), BIND(struct capf_args, instance),
					    BIND(struct capf_args, status), BIND(struct capf_args, operation),
					    BIND_END(struct capf_args)};

static struct capf_request request_of(const struct capf_args *a)
{
	return (struct capf_request){.kind = a->kind,
				     .user = a->user,
				     .operation = a->operation,
				     .auth_mode = a->auth,
				     .auth_string = a->string,
				     .key_type = a->key,
				     .key_size = a->size ? *a->size : 0,
				     .curve = a->curve,
				     .completes_by = a->completes_by ? *a->completes_by : 0};
}

static int report(struct out *o, const struct capf_result *r, const char *done, const char *instance)
{
	out_msg(o, "CAPF profile %s %s.", instance, done);
	if (*r->generated)
		out_msg(o, "Authentication string: %s (give it to the application; it serves one operation).",
			r->generated);
	for (int i = 0; i < r->nwarn; i++)
		out_warn(o, "%s", r->warnings[i]);
	return UC_OK;
}

static int profile_add(struct session *s, const void *args, struct out *o)
{
	const struct capf_args *a = args;
	struct capf_request q = request_of(a);
	struct capf_result r;
	struct err e;

	if (core_capf_add(&s->core, a->new_instance, &q, &r, &e) != 0)
		return cmd_fail(o, &e);
	return report(o, &r, "added", a->new_instance);
}

static int profile_update(struct session *s, const void *args, struct out *o)
{
	const struct capf_args *a = args;
	struct capf_request q = request_of(a);
	struct capf_result r;
	struct err e;

	if (core_capf_update(&s->core, a->capf_id, &q, &r, &e) != 0)
		return cmd_fail(o, &e);
	return report(o, &r, "updated", a->capf_id);
}

static int profile_copy(struct session *s, const void *args, struct out *o)
{
	const struct capf_args *a = args;
	struct capf_result r;
	struct err e;

	if (core_capf_copy(&s->core, a->capf_id, a->new_instance, &r, &e) != 0)
		return cmd_fail(o, &e);
	return report(o, &r, "added as a copy", a->new_instance);
}

static int delete_ids(struct session *s, struct out *o, const char *const *ids, int n, bool all)
{
	struct err e;
	int deleted;

	if (core_capf_delete(&s->core, ids, n, all, &deleted, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "%d CAPF profile%s deleted.", deleted, deleted == 1 ? "" : "s");
	return UC_OK;
}

static int profile_delete(struct session *s, const void *args, struct out *o)
{
	const struct capf_args *a = args;

	return delete_ids(s, o, a->ids.v, a->ids.n, false);
}

static int profile_delete_all(struct session *s, const void *args, struct out *o)
{
	return delete_ids(s, o, NULL, 0, true);
}

static void key_text(const struct capf_profile *p, char *buf, size_t len)
{
	if (strcmp(p->key_type, "rsa") == 0)
		snprintf(buf, len, "RSA-%lld", p->key_size);
	else /* as show cert list names keys: EC-P256 */
		snprintf(buf, len, "EC-P%s", p->curve ? p->curve + 2 : "");
}

static int profile_show(struct session *s, const void *args, struct out *o)
{
	const struct capf_args *a = args;
	struct capf_profile p;
	char status[300], key[32], string[32];
	struct err e;

	if (core_capf_get(&s->core, a->capf_id, &p, &e) != 0)
		return cmd_fail(o, &e);
	capf_status_text(&p, status, sizeof(status));
	key_text(&p, key, sizeof(key));
	/* Operators hand it to the application; read-only accounts never see it. */
	snprintf(string, sizeof(string), "%s",
		 strcmp(p.auth_mode, "auth-string") != 0 ? ""
		 : !p.auth_string			 ? "(none pending)"
		 : s->level < PRIV_OPER			 ? "****"
							 : p.auth_string);
	out_kv_begin(o, NULL);
	out_kv(o, "instance", "Instance ID", p.instance);
	out_kv(o, "kind", "Profile of", strcmp(p.kind, "appuser") == 0 ? "application user" : "end user");
	out_kv(o, "user", "User", p.user);
	out_kv(o, "operation", "Certificate operation", p.operation);
	out_kv(o, "auth_mode", "Authentication mode", p.auth_mode);
	out_kv(o, "auth_string", "Authentication string", string);
	out_kv(o, "key", "Key", key);
	out_kv_time(o, "completes_by", "Operation completes by (UTC)", p.completes_by);
	out_kv(o, "status", "Status", status);
	out_kv_int(o, "failures", "Authentication failures", p.failures);
	out_kv_end(o);
	capf_profile_free(&p);
	return UC_OK;
}

struct list_ctx {
	const struct capf_args *a;
	struct out *o;
};

static bool matches(const char *pattern, const char *value);

static int profile_row(const struct capf_profile *p, void *ctx)
{
	struct list_ctx *k = ctx;
	char status[300], key[32], when[32];

	capf_status_text(p, status, sizeof(status));
	if (!matches(k->a->user, p->user) || !matches(k->a->instance, p->instance) ||
	    (k->a->operation && strcmp(k->a->operation, p->operation) != 0) ||
	    (k->a->status && strncasecmp(k->a->status, status, strlen(k->a->status)) != 0))
		return 0;
	key_text(p, key, sizeof(key));
	time_date(p->completes_by, when, sizeof(when));
	const char *cells[] = {p->instance, p->user, p->operation, p->auth_mode, key, when, status};
	out_row(k->o, cells);
	return 0;
}

static int profile_list(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {{"instance", "Instance ID", OT_STR},
					      {"user", "User", OT_STR},
					      {"operation", "Operation", OT_STR},
					      {"auth_mode", "Authentication", OT_STR},
					      {"key", "Key", OT_STR},
					      {"completes_by", "Completes by", OT_STR},
					      {"status", "Status", OT_STR}};
	struct list_ctx k = {args, o};
	struct err e;

	out_table_begin(o, "profiles", cols, 7);
	if (core_capf_each(&s->core, profile_row, &k, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No CAPF profiles.");
	return UC_OK;
}

static bool matches(const char *pattern, const char *value)
{
	return !pattern || fnmatch(pattern, value, FNM_CASEFOLD) == 0;
}

/* ---- enrolment and LSCs ---- */

struct enroll_args {
	const char *capf_id;
	const char *string;
	const char *csr;
	const char *out;
};

static const struct arg_bind enroll_bind[] = {BIND(struct enroll_args, capf_id),
					      BIND(struct enroll_args, string), BIND(struct enroll_args, csr),
					      BIND(struct enroll_args, out), BIND_END(struct enroll_args)};

static int enroll(struct session *s, const void *args, struct out *o)
{
	const struct enroll_args *a = args;
	struct enroll_result r;
	struct err e;
	char when[32];

	if (core_capf_enroll(&s->core, a->capf_id, a->string, a->csr, a->out, &r, &e) != 0) {
		enroll_result_free(&r);
		return cmd_fail(o, &e);
	}
	time_date(r.not_after, when, sizeof(when));
	out_kv_begin(o, NULL);
	out_kv(o, "instance", "LSC issued for", a->capf_id);
	out_kv(o, "serial", "Serial", r.serial);
	out_kv(o, "not_after", "Not after", when);
	if (a->out)
		out_kv(o, "file", "Written to", a->out);
	out_kv_end(o);
	if (!a->out)
		out_content(o, "pem", r.pem);
	enroll_result_free(&r);
	return UC_OK;
}

struct lsc_args {
	const char *capf_id;
	const char *user;
	bool pem;
	const char *action;
};

static const struct arg_bind lsc_list_bind[] = {BIND(struct lsc_args, user), BIND_END(struct lsc_args)};
static const struct arg_bind lsc_show_bind[] = {BIND(struct lsc_args, capf_id), BIND(struct lsc_args, pem),
						BIND_END(struct lsc_args)};

struct lsc_ctx {
	struct session *s;
	struct out *o;
	const char *user;
};

static int lsc_row_out(const struct lsc_row *l, void *ctx)
{
	struct lsc_ctx *k = ctx;
	char when[32], state[64];

	if (!matches(k->user, l->user))
		return 0;
	time_date(l->not_after, when, sizeof(when));
	core_lsc_state(&k->s->core, l, state, sizeof(state));
	const char *cells[] = {l->instance, l->user, l->serial, when, state};
	out_row(k->o, cells);
	return 0;
}

static int lsc_list(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {{"instance", "Instance ID", OT_STR},
					      {"user", "User", OT_STR},
					      {"serial", "Serial", OT_STR},
					      {"not_after", "Not after", OT_STR},
					      {"status", "Status", OT_STR}};
	const struct lsc_args *a = args;
	struct lsc_ctx k = {s, o, a->user};
	struct err e;

	out_table_begin(o, "lscs", cols, 5);
	if (core_lsc_each(&s->core, lsc_row_out, &k, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No LSCs.");
	return UC_OK;
}

static int lsc_show(struct session *s, const void *args, struct out *o)
{
	const struct lsc_args *a = args;
	struct lsc_row l;
	char state[64];
	struct err e;

	if (core_lsc_get(&s->core, a->capf_id, &l, &e) != 0)
		return cmd_fail(o, &e);
	if (a->pem) {
		out_content(o, "pem", l.pem);
		lsc_row_free(&l);
		return UC_OK;
	}
	core_lsc_state(&s->core, &l, state, sizeof(state));
	out_kv_begin(o, NULL);
	out_kv(o, "instance", "Instance ID", l.instance);
	out_kv(o, "user", "User", l.user);
	out_kv(o, "serial", "Serial", l.serial);
	out_kv_time(o, "not_before", "Not before (UTC)", l.not_before);
	out_kv_time(o, "not_after", "Not after (UTC)", l.not_after);
	out_kv(o, "issued", "Issued (UTC)", l.issued);
	out_kv(o, "status", "Status", state);
	out_kv_end(o);
	lsc_row_free(&l);
	return UC_OK;
}

static int stale_row(const struct lsc_row *l, void *ctx)
{
	struct lsc_ctx *k = ctx;
	char state[64];

	core_lsc_state(&k->s->core, l, state, sizeof(state));
	if (strcmp(state, "current") == 0)
		return 0;
	const char *cells[] = {l->instance, l->user, l->serial, state};
	out_row(k->o, cells);
	return 0;
}

static int stale_list(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {{"instance", "Instance ID", OT_STR},
					      {"user", "User", OT_STR},
					      {"serial", "Serial", OT_STR},
					      {"why", "Why stale", OT_STR}};
	struct lsc_ctx k = {s, o, NULL};
	struct err e;

	out_table_begin(o, "stale", cols, 4);
	if (core_lsc_each(&s->core, stale_row, &k, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No stale LSCs.");
	return UC_OK;
}

static int stale_delete(struct session *s, const void *args, struct out *o)
{
	struct err e;
	int n;

	if (core_lsc_delete_stale(&s->core, &n, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "%d stale LSC%s deleted.", n, n == 1 ? "" : "s");
	return UC_OK;
}

struct sessions_args {
	const long *last;
};

static const struct arg_bind sessions_bind[] = {BIND(struct sessions_args, last),
						BIND_END(struct sessions_args)};

static int session_row(const struct capf_session *q, void *ctx)
{
	const char *cells[] = {q->time, q->device, q->operation, q->result};

	out_row(ctx, cells);
	return 0;
}

static int show_sessions(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {{"time", "Time (UTC)", OT_STR},
					      {"device", "Device", OT_STR},
					      {"operation", "Operation", OT_STR},
					      {"result", "Result", OT_STR}};
	const struct sessions_args *a = args;
	struct err e;

	out_table_begin(o, "sessions", cols, 4);
	if (core_capf_sessions(&s->core, a->last ? (int)*a->last : 50, session_row, o, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No CAPF sessions.");
	return UC_OK;
}

/* ---- types ---- */

static bool check_instance(const struct check_in *c, const char *in, struct value *v)
{
	return capf_instance_valid(in, v->err, sizeof(v->err));
}

static int add_instance(const char *instance, void *ctx)
{
	strlist_add(ctx, instance);
	return 0;
}

static void complete_instance(struct session *s, struct strlist *out)
{
	struct err e;

	core_capf_instances(&s->core, add_instance, out, &e);
}

static bool check_string(const struct check_in *c, const char *in, struct value *v)
{
	size_t n = strlen(in);
	bool ok = strcmp(in, "generate") == 0 || (n >= 4 && n <= 10 && strspn(in, "0123456789") == n);

	if (!ok)
		snprintf(v->err, sizeof(v->err), "4-10 digits, or generate");
	return ok;
}

static const struct type_def capf_id_type = {.name = "CAPF_ID",
					     .help = "a CAPF profile's instance ID (capf profile list)",
					     .check = check_instance,
					     .complete = complete_instance};
static const struct type_def new_instance_type = {
    .name = "NEW_INSTANCE", .help = "the new instance ID: 1-128 letters and digits", .check = check_instance};
static const struct type_def auth_string_type = {.name = "AUTH_STRING",
						 .help =
						     "the authentication string: 4-10 digits, or generate",
						 .check = check_string,
						 .secret = true};
static const struct type_def *const capf_types[] = {&capf_id_type, &new_instance_type, &auth_string_type,
						    NULL};

static void explain_delete(struct session *s, const void *args, struct strbuf *out)
{
	const struct capf_args *a = args;

	preview_capf_delete(&s->core, a->ids.v, a->ids.n, out);
}

static void explain_delete_all(struct session *s, const void *args, struct strbuf *out)
{
	preview_capf_delete(&s->core, NULL, -1, out);
}

#define PROFILE_OPTIONS                                                                                      \
	"[operation {none|install|delete|troubleshoot}$operation] "                                          \
	"[auth {auth-string|null-string|existing-cert}$auth [AUTH_STRING$string]] "                          \
	"[key {rsa|ec}$key [size INT(512-4096)] [curve {P-256|P-384|P-521}$curve]] [completes-by DATE]"

static const struct cmd_def capf_cmds[] = {
    {"capf profile add {appuser|enduser}$kind USER instance NEW_INSTANCE " PROFILE_OPTIONS, profile_add,
     PRIV_OPER, CMD_WRITE,
     "A CAPF profile for an application or end user: operation, authentication, key, deadline",
     "capf profile add appuser CtiApp1 instance CtiApp1P1 operation install auth auth-string generate",
     add_bind, NULL},
    {"capf profile update CAPF_ID " PROFILE_OPTIONS, profile_update, PRIV_OPER, CMD_WRITE,
     "Change a profile: a new operation resets its status", "capf profile update CtiApp1P1 operation install",
     update_bind, NULL},
    {"capf profile copy CAPF_ID NEW_INSTANCE", profile_copy, PRIV_OPER, CMD_WRITE,
     "A new profile with another's settings (and a new string when it needs one)",
     "capf profile copy CtiApp1P1 CtiApp1P2", copy_bind, NULL},
    {"capf profile delete CAPF_ID...$ids", profile_delete, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Delete profiles (refused while the IP Manager Assistant names one)", "capf profile delete CtiApp1P1",
     ids_bind, explain_delete},
    {"capf profile delete all", profile_delete_all, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Delete every profile", "capf profile delete all", NULL, explain_delete_all},
    {"capf profile list [user WORD$user] [instance WORD$instance] [status "
     "{none|pending|success|failed|expired}$status] [operation {none|install|delete|troubleshoot}$operation]",
     profile_list, PRIV_READ, 0,
     "Find and list profiles; user and instance take shell patterns (Cti* begins with, *App* contains)",
     "capf profile list user Cti*", list_bind, NULL},
    {"capf profile show CAPF_ID", profile_show, PRIV_READ, 0,
     "One profile, its status and (until used) its authentication string", "capf profile show CtiApp1P1",
     id_bind, NULL},
    {"capf enroll CAPF_ID auth-string AUTH_STRING$string csr FILE$csr [out FILE]", enroll, PRIV_OPER,
     CMD_PREPARED, "Issue an LSC for a CTI application that brings a CSR (offline CAPF enrolment)",
     "capf enroll CtiApp1P1 auth-string 12345678 csr app.csr out app-lsc.pem", enroll_bind, NULL},
    {"capf lsc list [user WORD$user]", lsc_list, PRIV_READ, 0,
     "The LSCs issued: instance, user, serial, expiry", "capf lsc list", lsc_list_bind, NULL},
    {"capf lsc show CAPF_ID [pem]", lsc_show, PRIV_READ, 0, "One LSC (or its PEM)", "capf lsc show CtiApp1P1",
     lsc_show_bind, NULL},
    {"show capf sessions [last INT(1-100000)]", show_sessions, PRIV_READ, 0,
     "What ucshd's CAPF service did: device, operation, result and END_SESSION reason; 50 by default",
     "show capf sessions last 20", sessions_bind, NULL},
    {"utils capf stale-lsc list", stale_list, PRIV_READ, 0,
     "LSCs whose profile is gone or whose user changed", NULL, NULL, NULL},
    {"utils capf stale-lsc delete", stale_delete, PRIV_OPER, CMD_WRITE, "Delete the stale LSCs", NULL, NULL,
     NULL},
};

static const struct kw_help capf_kw[] = {
    {"capf", "CAPF profiles, enrolment and LSCs"},
    {"capf profile", "CAPF profiles of application and end users"},
    {"capf lsc", "Locally Significant Certificates issued"},
    {"utils capf", "CAPF maintenance"},
    {"show capf", "What the CAPF service did"},
    {"utils capf stale-lsc", "LSCs whose profile is gone"},
    {NULL, NULL},
};

const struct cmd_family capf_family = CMD_FAMILY("capf", capf_cmds, capf_kw, capf_types);
