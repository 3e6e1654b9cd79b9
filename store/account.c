#include <stdlib.h>

#include "store/account.h"
#include "store/store_int.h"

const char store_account_ddl[] = "CREATE TABLE account ("
				 "  name TEXT PRIMARY KEY,"
				 "  level INTEGER NOT NULL CHECK (level IN (0, 1, 4)),"
				 "  created TEXT NOT NULL);";

int store_account_level(struct store *st, const char *name, int *level)
{
	struct stmt *s = store_stmt(st, "SELECT level FROM account WHERE name = $name");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	if ((rc = store_step_one(st, s, "read account")) == STORE_OK) {
		*level = (int)col_int(s, 0);
		stmt_reset(s);
	}
	return rc;
}

int store_account_add(struct store *st, const char *name, int level)
{
	struct stmt *s =
	    store_stmt(st, "INSERT INTO account (name, level, created) VALUES ($name, $level, $now)");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	bind_int(s, "$level", level);
	bind_text(s, "$now", store_now(st));
	return store_step_done(st, s, "add account");
}

/* The statement just stepped changed exactly one row. */
static int changed_one(struct stmt *s, int rc)
{
	if (rc != STORE_OK)
		return rc;
	return stmt_changes(s) == 1 ? STORE_OK : STORE_NOTFOUND;
}

int store_account_set_level(struct store *st, const char *name, int level)
{
	struct stmt *s = store_stmt(st, "UPDATE account SET level = $level WHERE name = $name");

	if (!s)
		return STORE_ERROR;
	bind_int(s, "$level", level);
	bind_text(s, "$name", name);
	return changed_one(s, store_step_done(st, s, "change account"));
}

int store_account_delete(struct store *st, const char *name)
{
	struct stmt *s = store_stmt(st, "DELETE FROM account WHERE name = $name");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	return changed_one(s, store_step_done(st, s, "delete account"));
}

int store_account_count_level(struct store *st, int level, int *count)
{
	struct stmt *s = store_stmt(st, "SELECT count(*) FROM account WHERE level = $level");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_int(s, "$level", level);
	if ((rc = store_step_one(st, s, "count accounts")) == STORE_OK) {
		*count = (int)col_int(s, 0);
		stmt_reset(s);
	}
	return rc;
}

int store_account_list(struct store *st, struct account_row **rows, int *count)
{
	struct stmt *s = store_stmt(st, "SELECT name, level, created FROM account ORDER BY name");
	struct account_row *v = NULL;
	int rc, n = 0;

	*rows = NULL;
	*count = 0;
	if (!s)
		return STORE_ERROR;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct account_row *nv = realloc(v, (size_t)(n + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		v[n].name = stmt_dup(s, 0);
		v[n].level = (int)col_int(s, 1);
		v[n].created = stmt_dup(s, 2);
		n++;
	}
	stmt_reset(s);
	if (rc != STMT_DONE) {
		account_rows_free(v, n);
		return store_fail(st, "list accounts");
	}
	*rows = v;
	*count = n;
	return STORE_OK;
}

void account_rows_free(struct account_row *rows, int count)
{
	for (int i = 0; i < count; i++) {
		free(rows[i].name);
		free(rows[i].created);
	}
	free(rows);
}
