/* Application and end users and their CTI security groups (the CTI
 * chapter): user add|delete|list|show|security, user group list|add|remove. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/families.h"
#include "commands/session.h"
#include "svc/preview.h"
#include "svc/users.h"

struct user_args {
	const char *kind; /* application | end */
	const char *new_user;
	const char *user;
	const char *pattern;
	const char *group;
	struct arg_list users;
};

static const struct arg_bind add_bind[] = {BIND(struct user_args, kind), BIND(struct user_args, new_user),
					   BIND_END(struct user_args)};
static const struct arg_bind user_bind[] = {BIND(struct user_args, user), BIND_END(struct user_args)};
static const struct arg_bind list_bind[] = {BIND(struct user_args, pattern), BIND_END(struct user_args)};
static const struct arg_bind group_bind[] = {BIND(struct user_args, group), BIND_END(struct user_args)};
static const struct arg_bind members_bind[] = {BIND(struct user_args, group), BIND(struct user_args, users),
					       BIND_END(struct user_args)};

static int user_add(struct session *s, const void *args, struct out *o)
{
	const struct user_args *a = args;
	bool app = strcmp(a->kind, "application") == 0;
	struct err e;

	if (core_user_add(&s->core, a->new_user, app, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "%s user %s added.", app ? "Application" : "End", a->new_user);
	return UC_OK;
}

static int user_delete(struct session *s, const void *args, struct out *o)
{
	const struct user_args *a = args;
	struct err e;

	if (core_user_delete(&s->core, a->user, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "User %s deleted.", a->user);
	return UC_OK;
}

struct list_ctx {
	struct session *s;
	struct out *o;
};

static int user_row(const struct user_row *u, void *ctx)
{
	struct list_ctx *k = ctx;
	struct strbuf groups = STRBUF_INIT;
	struct err e;

	core_user_groups(&k->s->core, u->name, &groups, &e);
	const char *cells[] = {u->name, u->kind, u->standard ? "yes" : "no", groups.buf ? groups.buf : ""};
	out_row(k->o, cells);
	strbuf_release(&groups);
	return 0;
}

static int user_list(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {{"name", "User", OT_STR},
					      {"kind", "Kind", OT_STR},
					      {"standard", "Standard", OT_BOOL},
					      {"groups", "Groups", OT_STR}};
	const struct user_args *a = args;
	struct list_ctx k = {s, o};
	struct err e;

	out_table_begin(o, "users", cols, 4);
	if (core_users(&s->core, a->pattern, user_row, &k, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No users.");
	return UC_OK;
}

static int user_show(struct session *s, const void *args, struct out *o)
{
	const struct user_args *a = args;
	struct user_row u;
	struct strbuf groups = STRBUF_INIT;
	struct err e;

	if (core_user_get(&s->core, a->user, &u, &e) != 0)
		return cmd_fail(o, &e);
	core_user_groups(&s->core, u.name, &groups, &e);
	out_kv_begin(o, NULL);
	out_kv(o, "name", "User", u.name);
	out_kv(o, "kind", "Kind", u.kind);
	out_kv_bool(o, "standard", "Standard", u.standard);
	out_kv(o, "groups", "Groups", groups.buf ? groups.buf : "");
	out_kv(o, "created", "Created (UTC)", u.created);
	out_kv_end(o);
	strbuf_release(&groups);
	user_row_free(&u);
	return UC_OK;
}

static int user_security(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {
	    {"condition", "Condition", OT_STR}, {"met", "Met", OT_BOOL}, {"detail", "Detail", OT_STR}};
	const struct user_args *a = args;
	struct user_security r;
	struct err e;

	if (core_user_security(&s->core, a->user, &r, &e) != 0)
		return cmd_fail(o, &e);
	out_kv_begin(o, NULL);
	out_kv(o, "user", "User", a->user);
	out_kv(o, "ctimanager", "CTIManager connection",
	       r.tls ? "TLS, port 2749" : "not secure, port 2748 (a condition below is not met)");
	out_kv(o, "srtp", "SRTP key material", r.srtp ? "yes" : "no (a condition below is not met)");
	out_kv_end(o);
	out_table_begin(o, "conditions", cols, 3);
	for (int i = 0; i < r.n; i++) {
		const char *cells[] = {r.v[i].what, r.v[i].met ? "yes" : "no", r.v[i].detail};
		out_row(o, cells);
	}
	out_table_end(o, NULL);
	return UC_OK;
}

static int member_row(const char *group, const char *name, void *ctx)
{
	const char *cells[] = {group, name};

	out_row(ctx, cells);
	return 0;
}

static int group_list(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {{"group", "Group", OT_STR}, {"user", "User", OT_STR}};
	const struct user_args *a = args;
	struct err e;

	out_table_begin(o, "members", cols, 2);
	if (core_group_members(&s->core, a->group, member_row, o, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No members.");
	return UC_OK;
}

static int group_change(struct session *s, const void *args, struct out *o, bool add)
{
	const struct user_args *a = args;
	struct group_change r;
	struct err e;
	int rc = add ? core_group_add(&s->core, a->group, a->users.v, a->users.n, &r, &e)
		     : core_group_remove(&s->core, a->group, a->users.v, a->users.n, &r, &e);

	if (rc != 0) {
		group_change_free(&r);
		return cmd_fail(o, &e);
	}
	out_msg(o, "\"%s\": %d %s, %d %s already.", a->group, r.changed, add ? "added" : "removed",
		r.unchanged, add ? "members" : "not members");
	if (r.no_encryption.len)
		out_warn(o,
			 "%s: Cisco Unified Communications Manager Assistant, Web Dialer and QRT do not "
			 "support encryption; SRTP key material is not used by them",
			 r.no_encryption.buf);
	group_change_free(&r);
	return UC_OK;
}

static int group_add(struct session *s, const void *args, struct out *o)
{
	return group_change(s, args, o, true);
}

static int group_remove(struct session *s, const void *args, struct out *o)
{
	return group_change(s, args, o, false);
}

/* ---- types ---- */

static bool check_new_user(const struct check_in *c, const char *in, struct value *v)
{
	return user_name_valid(in, v->err, sizeof(v->err));
}

static int add_name(const struct user_row *u, void *ctx)
{
	strlist_add(ctx, u->name);
	return 0;
}

static void complete_user(struct session *s, struct strlist *out)
{
	struct err e;

	core_users(&s->core, NULL, add_name, out, &e);
}

static bool check_group(const struct check_in *c, const char *in, struct value *v)
{
	const char *g = cti_group_find(in);

	if (!g) {
		snprintf(v->err, sizeof(v->err),
			 "one of \"%s\", \"%s\", \"%s\" (a unique prefix will do; '-' stands for a space)",
			 cti_groups[0], cti_groups[1], cti_groups[2]);
		return false;
	}
	if (!(v->canon = strdup(g)))
		abort();
	return true;
}

static void complete_group(struct session *s, struct strlist *out)
{
	for (int i = 0; cti_groups[i]; i++) {
		char w[128];
		snprintf(w, sizeof(w), "%s", cti_groups[i]);
		for (char *p = w; *p; p++)
			if (*p == ' ')
				*p = '-';
		strlist_add(out, w);
	}
}

static const struct type_def user_type = {.name = "USER",
					  .help = "an application or end user (user list shows them)",
					  .check = check_new_user,
					  .complete = complete_user};
static const struct type_def new_user_type = {.name = "NEW_USER",
					      .help =
						  "the user ID: 1-128 letters, digits, '.', '_', '@', '-'",
					      .check = check_new_user};
static const struct type_def group_type = {
    .name = "GROUP",
    .help = "a standard CTI group: Standard-CTI-Enabled, Standard-CTI-Secure-Connection, "
	    "Standard-CTI-Allow-Reception-of-SRTP-Key-Material (or quoted, or a unique prefix)",
    .check = check_group,
    .complete = complete_group};
static const struct type_def *const user_types[] = {&user_type, &new_user_type, &group_type, NULL};

static void explain_delete(struct session *s, const void *args, struct strbuf *out)
{
	preview_user_delete(&s->core, ((const struct user_args *)args)->user, out);
}

static const struct cmd_def user_cmds[] = {
    {"user add {application|end}$kind NEW_USER", user_add, PRIV_OPER, CMD_WRITE,
     "Add an application user or an end user (a name is one or the other, never both)",
     "user add application CtiApp1", add_bind, NULL},
    {"user delete USER", user_delete, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Delete a user and its group memberships (standard users stay)", "user delete CtiApp1", user_bind,
     explain_delete},
    {"user list [WORD$pattern]", user_list, PRIV_READ, 0,
     "Users, their kind and groups; PATTERN is a shell pattern (CTI*)", "user list", list_bind, NULL},
    {"user show USER", user_show, PRIV_READ, 0, "One user: kind, groups, created",
     "user show WDSecureSysUser", user_bind, NULL},
    {"user security USER", user_security, PRIV_READ, 0,
     "What the user gets (TLS to CTIManager, SRTP key material) and why: each condition with its state",
     "user security CCMQRTSecureSysUser", user_bind, NULL},
    {"user group list [GROUP]", group_list, PRIV_READ, 0, "Members of the standard CTI groups",
     "user group list", group_bind, NULL},
    {"user group add GROUP USER...$users", group_add, PRIV_OPER, CMD_WRITE,
     "Add users to a standard CTI group (the SRTP group needs the two others first)",
     "user group add Standard-CTI-Enabled WDSecureSysUser", members_bind, NULL},
    {"user group remove GROUP USER...$users", group_remove, PRIV_OPER, CMD_WRITE,
     "Remove users from a standard CTI group", "user group remove Standard-CTI-Enabled WDSecureSysUser",
     members_bind, NULL},
};

static const struct kw_help user_kw[] = {
    {"user", "Application and end users and their CTI security groups"},
    {"user group", "The standard CTI security groups"},
    {NULL, NULL},
};

const struct cmd_family user_family = CMD_FAMILY("user", user_cmds, user_kw, user_types);
