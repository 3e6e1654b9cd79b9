/* Accounts, the audit trail and the session timeout. */
#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/account.h"
#include "commands/families.h"
#include "commands/session.h"
#include "svc/accounts.h"
#include "svc/preview.h"
#include "svc/settings.h"

struct account_args {
	const char *new_account;
	const char *account;
	const char *level; /* "0", "1" or "4" */
	const long *last;
	const long *minutes;
};

static const struct arg_bind add_bind_rows[] = {
    BIND(struct account_args, new_account), BIND(struct account_args, level), BIND_END(struct account_args)};
static const struct arg_bind level_bind[] = {BIND(struct account_args, account),
					     BIND(struct account_args, level), BIND_END(struct account_args)};
static const struct arg_bind account_bind[] = {BIND(struct account_args, account),
					       BIND_END(struct account_args)};
static const struct arg_bind audit_bind[] = {BIND(struct account_args, last), BIND_END(struct account_args)};
static const struct arg_bind timeout_bind[] = {BIND(struct account_args, minutes),
					       BIND_END(struct account_args)};

static int level_arg(const struct account_args *a)
{
	return strcmp(a->level, "4") == 0 ? PRIV_ADMIN : strcmp(a->level, "1") == 0 ? PRIV_OPER : PRIV_READ;
}

static int show_account(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {
	    {"name", "Account", OT_STR}, {"level", "Level", OT_INT}, {"created", "Created (UTC)", OT_STR}};
	struct account_row *v;
	struct err e;
	int n;

	if (core_accounts(&s->core, &v, &n, &e) != 0)
		return cmd_fail(o, &e);
	out_table_begin(o, "accounts", cols, 3);
	for (int i = 0; i < n; i++) {
		char level[4];
		snprintf(level, sizeof(level), "%d", v[i].level);
		const char *cells[] = {v[i].name, level, v[i].created};
		out_row(o, cells);
	}
	out_table_end(o, NULL);
	account_rows_free(v, n);
	return UC_OK;
}

static int add_account(struct session *s, const void *args, struct out *o)
{
	const struct account_args *a = args;
	const char *name = a->new_account;
	int level = level_arg(a);
	struct err e;

	if (core_account_add(&s->core, name, level, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Account %s added with level %d (%s).", name, level, priv_name(level));
	if (!getpwnam(name))
		out_warn(o, "there is no OS user %s on this node yet; the account works once it exists",
			 name);
	return UC_OK;
}

static int set_level(struct session *s, const void *args, struct out *o)
{
	const struct account_args *a = args;
	const char *name = a->account;
	int level = level_arg(a);
	struct err e;

	if (core_account_set_level(&s->core, name, level, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Account %s now has level %d (%s).", name, level, priv_name(level));
	return UC_OK;
}

static int delete_account(struct session *s, const void *args, struct out *o)
{
	const struct account_args *a = args;
	const char *name = a->account;
	struct err e;

	if (core_account_delete(&s->core, name, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Account %s deleted.", name);
	return UC_OK;
}

static int show_audit(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {
	    {"id", "#", OT_INT},	  {"time", "Time (UTC)", OT_STR}, {"account", "Account", OT_STR},
	    {"source", "Source", OT_STR}, {"status", "Status", OT_INT},	  {"line", "Command", OT_STR}};
	const struct account_args *a = args;
	struct audit_row *v;
	struct err e;
	int n;

	if (core_audit_last(&s->core, a->last ? (int)*a->last : 50, &v, &n, &e) != 0)
		return cmd_fail(o, &e);
	out_table_begin(o, "audit", cols, 6);
	for (int i = 0; i < n; i++) {
		char id[24], status[8];
		snprintf(id, sizeof(id), "%lld", v[i].id);
		snprintf(status, sizeof(status), "%d", v[i].status);
		const char *cells[] = {id, v[i].time, v[i].account, v[i].source, status, v[i].line};
		out_row(o, cells);
	}
	out_table_end(o, NULL);
	audit_rows_free(v, n);
	return UC_OK;
}

static int set_timeout(struct session *s, const void *args, struct out *o)
{
	const struct account_args *a = args;
	char min[24];
	struct err e;

	snprintf(min, sizeof(min), "%ld", *a->minutes);
	if (setting_set(&s->core, "cli", "session-timeout", min, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Interactive sessions end after %s idle minutes (from their next start).", min);
	return UC_OK;
}

static int show_timeout(struct session *s, const void *args, struct out *o)
{
	out_kv_begin(o, NULL);
	out_kv_int(o, "session_timeout", "Session timeout (minutes)", account_session_timeout(s));
	out_kv_end(o);
	return UC_OK;
}

long account_session_timeout(struct session *s)
{
	return setting_int(&s->core, "cli", "session-timeout");
}

/* POSIX portable user names, as useradd accepts them. */
static bool check_account(const struct check_in *c, const char *in, struct value *v)
{
	size_t n = strlen(in);
	bool ok = n >= 1 && n <= 32 && (islower((unsigned char)in[0]) || in[0] == '_');

	for (size_t i = 1; ok && i < n; i++)
		ok = islower((unsigned char)in[i]) || isdigit((unsigned char)in[i]) || strchr("_-.", in[i]);
	if (!ok)
		snprintf(v->err, sizeof(v->err),
			 "an OS login name: 1-32 lower-case letters, digits, '_', '-', '.', "
			 "starting with a letter or '_'");
	return ok;
}

static void complete_account(struct session *s, struct strlist *out)
{
	struct account_row *v;
	struct err e;
	int n;

	if (core_accounts(&s->core, &v, &n, &e) != 0)
		return;
	for (int i = 0; i < n; i++)
		strlist_add(out, v[i].name);
	account_rows_free(v, n);
}

static const struct type_def account_type = {.name = "ACCOUNT",
					     .help = "an existing account (show account lists them)",
					     .check = check_account,
					     .complete = complete_account};
static const struct type_def new_account_type = {
    .name = "NEW_ACCOUNT", .help = "the OS login name of the new account", .check = check_account};
static const struct type_def *const account_types[] = {&account_type, &new_account_type, NULL};

static void explain_delete(struct session *s, const void *args, struct strbuf *out)
{
	preview_account_delete(&s->core, ((const struct account_args *)args)->account, out);
}

static const struct cmd_def account_cmds[] = {
    {"show account", show_account, PRIV_ADMIN, 0, "Accounts and their privilege levels", NULL, NULL, NULL},
    {"set account name NEW_ACCOUNT level {0|1|4}$level", add_account, PRIV_ADMIN, CMD_WRITE,
     "Add an account for an OS user: 0 read-only, 1 operator, 4 administrator",
     "set account name jdoe level 1", add_bind_rows, NULL},
    {"set account level ACCOUNT {0|1|4}$level", set_level, PRIV_ADMIN, CMD_WRITE,
     "Change an account's privilege level", "set account level jdoe 0", level_bind, NULL},
    {"delete account ACCOUNT", delete_account, PRIV_ADMIN, CMD_WRITE | CMD_CONFIRM, "Delete an account",
     "delete account jdoe", account_bind, explain_delete},
    {"show audit [last INT(1-100000)]", show_audit, PRIV_ADMIN, CMD_OWN_TX,
     "Executed commands: time, account, source, exit status (secrets masked); 50 by default",
     "show audit last 20", audit_bind, NULL},
    {"set cli session timeout INT(5-99999)$minutes", set_timeout, PRIV_ADMIN, CMD_WRITE,
     "Idle minutes after which an interactive session ends (default 30)", "set cli session timeout 60",
     timeout_bind, NULL},
    {"show cli session timeout", show_timeout, PRIV_READ, 0, "Idle minutes before a session ends", NULL, NULL,
     NULL},
};

static const struct kw_help account_kw[] = {
    {"set account", "Add accounts or change their level"},
    {"delete", "Delete an account"},
    {"set cli session", "Interactive session settings"},
    {"show cli session", "Interactive session settings"},
    {NULL, NULL},
};

const struct cmd_family account_family = CMD_FAMILY("account", account_cmds, account_kw, account_types);
