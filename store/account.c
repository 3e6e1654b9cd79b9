#include <stdlib.h>

#include "store/account.h"
#include "store/store_int.h"

const char store_account_ddl[] = "CREATE TABLE account ("
				 "  name TEXT PRIMARY KEY,"
				 "  level INTEGER NOT NULL CHECK (level IN (0, 1, 4)),"
				 "  created TEXT NOT NULL);";

int store_account_level(struct store *st, const char *name, int *level)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT level FROM account WHERE name = ?");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*level = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return rc == SQLITE_ROW ? STORE_OK : store_fail(st, "read account");
}

int store_account_add(struct store *st, const char *name, int level)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO account (name, level, created)"
					 " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, level);
	return store_step_done(st, s, "add account");
}

static int changed_one(struct store *st, int rc)
{
	if (rc != STORE_OK)
		return rc;
	return sqlite3_changes(st->db) == 1 ? STORE_OK : STORE_NOTFOUND;
}

int store_account_set_level(struct store *st, const char *name, int level)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE account SET level = ? WHERE name = ?");

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, level);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	return changed_one(st, store_step_done(st, s, "change account"));
}

int store_account_delete(struct store *st, const char *name)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM account WHERE name = ?");

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	return changed_one(st, store_step_done(st, s, "delete account"));
}

int store_account_count_level(struct store *st, int level, int *count)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM account WHERE level = ?");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, level);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : store_fail(st, "count accounts");
}

int store_account_list(struct store *st, struct account_row **rows, int *count)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT name, level, created FROM account ORDER BY name");
	struct account_row *v = NULL;
	int rc, n = 0;

	*rows = NULL;
	*count = 0;
	if (!s)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct account_row *nv = realloc(v, (size_t)(n + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		v[n].name = store_col_dup(s, 0);
		v[n].level = sqlite3_column_int(s, 1);
		v[n].created = store_col_dup(s, 2);
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
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
