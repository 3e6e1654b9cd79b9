#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/user.h"

const char store_user_ddl[] =
    "CREATE TABLE app_user ("
    "  name TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('application', 'end')),"
    "  standard INTEGER NOT NULL DEFAULT 0,"
    "  created TEXT NOT NULL);"
    "CREATE TABLE user_group_member ("
    "  grp TEXT NOT NULL,"
    "  name TEXT NOT NULL REFERENCES app_user (name) ON DELETE CASCADE,"
    "  PRIMARY KEY (grp, name));"
    "INSERT INTO app_user (name, kind, standard, created) VALUES"
    "  ('CCMQRTSecureSysUser', 'application', 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  ('IPMASecureSysUser', 'application', 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  ('WDSecureSysUser', 'application', 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));";

int store_user_add(struct store *st, const char *name, const char *kind)
{
	struct stmt *s = store_stmt(
	    st, "INSERT INTO app_user (name, kind, standard, created) VALUES ($name, $kind, 0, $now)");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	bind_text(s, "$kind", kind);
	bind_text(s, "$now", store_now(st));
	return store_step_done(st, s, "add user");
}

static void read_user(struct stmt *s, struct user_row *u)
{
	u->name = stmt_dup(s, 0);
	u->kind = stmt_dup(s, 1);
	u->standard = col_int(s, 2) != 0;
	u->created = stmt_dup(s, 3);
}

int store_user_get(struct store *st, const char *name, struct user_row *out)
{
	struct stmt *s =
	    store_stmt(st, "SELECT name, kind, standard, created FROM app_user WHERE name = $name");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	if ((rc = store_step_one(st, s, "read user")) == STORE_OK) {
		read_user(s, out);
		stmt_reset(s);
	}
	return rc;
}

int store_user_delete(struct store *st, const char *name)
{
	struct stmt *s = store_stmt(st, "DELETE FROM user_group_member WHERE name = $name");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	if ((rc = store_step_done(st, s, "delete user")) != STORE_OK)
		return rc;
	if (!(s = store_stmt(st, "DELETE FROM app_user WHERE name = $name")))
		return STORE_ERROR;
	bind_text(s, "$name", name);
	if ((rc = store_step_done(st, s, "delete user")) != STORE_OK)
		return rc;
	return stmt_changes(s) ? STORE_OK : STORE_NOTFOUND;
}

int store_user_each(struct store *st, int (*fn)(const struct user_row *u, void *ctx), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT name, kind, standard, created FROM app_user ORDER BY name");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct user_row u;
		read_user(s, &u);
		int stop = fn(&u, ctx);
		user_row_free(&u);
		if (stop)
			break;
	}
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list users") : STORE_OK;
}

void user_row_free(struct user_row *u)
{
	free(u->name);
	free(u->kind);
	free(u->created);
	memset(u, 0, sizeof(*u));
}

int store_group_add(struct store *st, const char *group, const char *name)
{
	struct stmt *s = store_stmt(st, "INSERT INTO user_group_member (grp, name) VALUES ($grp, $name)"
					" ON CONFLICT (grp, name) DO NOTHING");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$grp", group);
	bind_text(s, "$name", name);
	return store_step_done(st, s, "add to group");
}

int store_group_remove(struct store *st, const char *group, const char *name)
{
	struct stmt *s = store_stmt(st, "DELETE FROM user_group_member WHERE grp = $grp AND name = $name");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$grp", group);
	bind_text(s, "$name", name);
	if ((rc = store_step_done(st, s, "remove from group")) != STORE_OK)
		return rc;
	return stmt_changes(s) ? STORE_OK : STORE_NOTFOUND;
}

int store_group_has(struct store *st, const char *group, const char *name, bool *yes)
{
	struct stmt *s =
	    store_stmt(st, "SELECT count(*) FROM user_group_member WHERE grp = $grp AND name = $name");
	long long n = 0;
	int rc;

	*yes = false;
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$grp", group);
	bind_text(s, "$name", name);
	rc = store_step_int(st, s, "read group", &n);
	*yes = n > 0;
	return rc;
}

int store_group_each(struct store *st, const char *group,
		     int (*fn)(const char *group, const char *name, void *ctx), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT grp, name FROM user_group_member"
					" WHERE ($grp IS NULL OR grp = $grp) ORDER BY grp, name");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$grp", group);
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(col_text(s, 0), col_text(s, 1), ctx))
			break;
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list groups") : STORE_OK;
}

const char store_user_sso_ddl[] = "ALTER TABLE app_user ADD COLUMN sso INTEGER NOT NULL DEFAULT 0;";
const char store_user_sso_cluster_ddl[] = "ALTER TABLE app_user ADD COLUMN sso BIGINT NOT NULL DEFAULT 0;";

int store_user_sso_set(struct store *st, const char *name, bool on)
{
	struct stmt *s = store_stmt(st, "UPDATE app_user SET sso = $on WHERE name = $name");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_int(s, "$on", on);
	bind_text(s, "$name", name);
	if ((rc = store_step_done(st, s, "set a user's single sign-on")) != STORE_OK)
		return rc;
	return stmt_changes(s) ? STORE_OK : STORE_NOTFOUND;
}

int store_user_sso_get(struct store *st, const char *name, bool *on)
{
	struct stmt *s = store_stmt(st, "SELECT sso FROM app_user WHERE name = $name");
	int rc;

	*on = false;
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	if ((rc = store_step_one(st, s, "read a user's single sign-on")) == STORE_OK) {
		*on = col_int(s, 0) != 0;
		stmt_reset(s);
	}
	return rc;
}

int store_user_sso_each(struct store *st, int (*fn)(const char *name, void *ctx), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT name FROM app_user WHERE sso <> 0 ORDER BY name");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(col_text(s, 0), ctx))
			break;
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list single sign-on users") : STORE_OK;
}
