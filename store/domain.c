#include "store/domain.h"
#include "store/store_int.h"

const char store_domain_ddl[] = "CREATE TABLE edge_domain ("
				"  name TEXT PRIMARY KEY,"
				"  created TEXT NOT NULL);";
const char store_domain_cluster_ddl[] = "CREATE TABLE edge_domain ("
					"  name TEXT COLLATE \"C\" PRIMARY KEY,"
					"  created TEXT NOT NULL);";

int store_domain_add(struct store *st, const char *name, bool *added)
{
	struct stmt *s = store_stmt(st, "INSERT INTO edge_domain (name, created) VALUES ($name, $now)"
					" ON CONFLICT (name) DO NOTHING");
	int rc;

	*added = false;
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	bind_text(s, "$now", store_now(st));
	if ((rc = store_step_done(st, s, "add a domain")) == STORE_OK)
		*added = stmt_changes(s) > 0;
	return rc;
}

int store_domain_delete(struct store *st, const char *name)
{
	struct stmt *s = store_stmt(st, "DELETE FROM edge_domain WHERE name = $name");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	if ((rc = store_step_done(st, s, "delete a domain")) != STORE_OK)
		return rc;
	return stmt_changes(s) ? STORE_OK : STORE_NOTFOUND;
}

int store_domain_exists(struct store *st, const char *name)
{
	struct stmt *s = store_stmt(st, "SELECT 1 FROM edge_domain WHERE name = $name");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	if ((rc = store_step_one(st, s, "read a domain")) == STORE_OK)
		stmt_reset(s);
	return rc;
}

int store_domain_each(struct store *st, int (*fn)(const char *name, const char *created, void *ctx),
		      void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT name, created FROM edge_domain ORDER BY name");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(col_text(s, 0), col_text(s, 1), ctx))
			break;
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list domains") : STORE_OK;
}
