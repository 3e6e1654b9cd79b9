/* Accounts, the audit trail and the session timeout. */
#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/account.h"
#include "commands/families.h"
#include "commands/session.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/param.h"

#define TIMEOUT_DEFAULT 30

static int level_arg(const struct args *a)
{
	return arg_has(a, "4") ? PRIV_ADMIN : arg_has(a, "1") ? PRIV_OPER : PRIV_READ;
}

static int show_account(struct session *s, const struct args *a, struct out *o)
{
	static const struct out_col cols[] = {
	    {"name", "Account", OT_STR}, {"level", "Level", OT_INT}, {"created", "Created (UTC)", OT_STR}};
	struct account_row *v;
	int n;

	if (store_account_list(s->store, &v, &n) != STORE_OK)
		return out_error(o, UC_FAIL, "Cannot read accounts: %s", store_errmsg(s->store));
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

static int add_account(struct session *s, const struct args *a, struct out *o)
{
	const char *name = arg_get(a, "NEW_ACCOUNT");
	int level = level_arg(a), old;

	if (store_account_level(s->store, name, &old) == STORE_OK)
		return out_error(o, UC_USAGE,
				 "Account %s exists (level %d): use set account level %s {0|1|4}", name, old,
				 name);
	if (store_account_add(s->store, name, level) != STORE_OK)
		return out_error(o, UC_FAIL, "Cannot add %s: %s", name, store_errmsg(s->store));
	out_msg(o, "Account %s added with level %d (%s).", name, level, priv_name(level));
	if (!getpwnam(name))
		out_warn(o, "there is no OS user %s on this node yet; the account works once it exists",
			 name);
	return UC_OK;
}

/* The last administrator can be neither removed nor lowered: nobody could
 * manage accounts afterwards. */
static bool last_admin(struct session *s, const char *name, int level)
{
	int admins = 0;

	if (level != PRIV_ADMIN || store_account_count_level(s->store, PRIV_ADMIN, &admins) != STORE_OK)
		return false;
	return admins <= 1;
}

static int set_level(struct session *s, const struct args *a, struct out *o)
{
	const char *name = arg_get(a, "ACCOUNT");
	int level = level_arg(a), old;

	if (store_account_level(s->store, name, &old) != STORE_OK)
		return out_error(o, UC_FAIL, "No account %s (show account lists them)", name);
	if (level < old && last_admin(s, name, old))
		return out_error(o, UC_FAIL, "%s is the last level-4 account and cannot be lowered", name);
	if (store_account_set_level(s->store, name, level) != STORE_OK)
		return out_error(o, UC_FAIL, "Cannot change %s: %s", name, store_errmsg(s->store));
	out_msg(o, "Account %s now has level %d (%s).", name, level, priv_name(level));
	return UC_OK;
}

static int delete_account(struct session *s, const struct args *a, struct out *o)
{
	const char *name = arg_get(a, "ACCOUNT");
	int old;

	if (store_account_level(s->store, name, &old) != STORE_OK)
		return out_error(o, UC_FAIL, "No account %s (show account lists them)", name);
	if (last_admin(s, name, old))
		return out_error(o, UC_FAIL, "%s is the last level-4 account and cannot be deleted", name);
	if (store_account_delete(s->store, name) != STORE_OK)
		return out_error(o, UC_FAIL, "Cannot delete %s: %s", name, store_errmsg(s->store));
	out_msg(o, "Account %s deleted.", name);
	return UC_OK;
}

static int show_audit(struct session *s, const struct args *a, struct out *o)
{
	static const struct out_col cols[] = {
	    {"id", "#", OT_INT},	  {"time", "Time (UTC)", OT_STR}, {"account", "Account", OT_STR},
	    {"source", "Source", OT_STR}, {"status", "Status", OT_INT},	  {"line", "Command", OT_STR}};
	const char *last = arg_get(a, "last");
	struct audit_row *v;
	int n;

	if (store_audit_last(s->store, last ? atoi(last) : 50, &v, &n) != STORE_OK)
		return out_error(o, UC_FAIL, "Cannot read the audit trail: %s", store_errmsg(s->store));
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

static int set_timeout(struct session *s, const struct args *a, struct out *o)
{
	const char *min = arg_get(a, "INT");
	int rc = atoi(min) == TIMEOUT_DEFAULT ? store_param_clear(s->store, "cli", "session-timeout")
					      : store_param_set(s->store, "cli", "session-timeout", min);

	if (rc != STORE_OK)
		return out_error(o, UC_FAIL, "Cannot set the timeout: %s", store_errmsg(s->store));
	out_msg(o, "Interactive sessions end after %s idle minutes (from their next start).", min);
	return UC_OK;
}

static int show_timeout(struct session *s, const struct args *a, struct out *o)
{
	out_kv_begin(o, NULL);
	out_kv_int(o, "session_timeout", "Session timeout (minutes)", account_session_timeout(s));
	out_kv_end(o);
	return UC_OK;
}

long account_session_timeout(struct session *s)
{
	char *v = NULL;
	long min = TIMEOUT_DEFAULT;

	if (store_param_get(s->store, "cli", "session-timeout", &v) == STORE_OK)
		min = strtol(v, NULL, 10);
	free(v);
	return min;
}

/* POSIX portable user names, as useradd accepts them. */
static bool check_account(struct session *s, const struct type_def *t, long min, long max, const char *in,
			  char **canon, char *err, size_t errlen)
{
	size_t n = strlen(in);
	bool ok = n >= 1 && n <= 32 && (islower((unsigned char)in[0]) || in[0] == '_');

	for (size_t i = 1; ok && i < n; i++)
		ok = islower((unsigned char)in[i]) || isdigit((unsigned char)in[i]) || strchr("_-.", in[i]);
	if (!ok)
		snprintf(err, errlen,
			 "an OS login name: 1-32 lower-case letters, digits, '_', '-', '.', "
			 "starting with a letter or '_'");
	return ok;
}

static void complete_account(struct session *s, struct strlist *out)
{
	struct account_row *v;
	int n;

	if (store_account_list(s->store, &v, &n) != STORE_OK)
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

static const struct cmd_def account_cmds[] = {
    {"show account", show_account, PRIV_ADMIN, 0, "Accounts and their privilege levels", NULL},
    {"set account name NEW_ACCOUNT level {0|1|4}", add_account, PRIV_ADMIN, CMD_WRITE,
     "Add an account for an OS user: 0 read-only, 1 operator, 4 administrator",
     "set account name jdoe level 1"},
    {"set account level ACCOUNT {0|1|4}", set_level, PRIV_ADMIN, CMD_WRITE,
     "Change an account's privilege level", "set account level jdoe 0"},
    {"delete account ACCOUNT", delete_account, PRIV_ADMIN, CMD_WRITE | CMD_CONFIRM, "Delete an account",
     "delete account jdoe"},
    {"show audit [last INT(1-100000)]", show_audit, PRIV_ADMIN, 0,
     "Executed commands: time, account, source, exit status (secrets masked); 50 by default",
     "show audit last 20"},
    {"set cli session timeout INT(5-99999)", set_timeout, PRIV_ADMIN, CMD_WRITE,
     "Idle minutes after which an interactive session ends (default 30)", "set cli session timeout 60"},
    {"show cli session timeout", show_timeout, PRIV_READ, 0, "Idle minutes before a session ends", NULL},
};

static const struct kw_help account_kw[] = {
    {"set account", "Add accounts or change their level"},
    {"delete", "Delete an account"},
    {"set cli session", "Interactive session settings"},
    {"show cli session", "Interactive session settings"},
    {NULL, NULL},
};

const struct cmd_family account_family = CMD_FAMILY("account", account_cmds, account_kw, account_types);
