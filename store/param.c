#include "store/param.h"
#include "store/store_int.h"

const char store_param_ddl[] = "CREATE TABLE param ("
			       "  scope TEXT NOT NULL,"
			       "  name TEXT NOT NULL,"
			       "  value TEXT NOT NULL,"
			       "  PRIMARY KEY (scope, name)) WITHOUT ROWID;";

/* The CAPF certificate validity was stored in days; the appliance's
 * parameter is in whole years (1-20, default 5, which is not stored). */
const char store_param_capf_years_ddl[] =
    "UPDATE param SET value = CAST(min(20, max(1, (CAST(value AS INTEGER) + 364) / 365)) AS TEXT)"
    "  WHERE scope = 'capf' AND name = 'certificate-validity';"
    "DELETE FROM param WHERE scope = 'capf' AND name = 'certificate-validity' AND value = '5';";

int store_param_get(struct store *st, const char *scope, const char *name, char **value)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT value FROM param WHERE scope = ? AND name = ?");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*value = store_col_dup(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return rc == SQLITE_ROW ? STORE_OK : store_fail(st, "read parameter");
}

int store_param_set(struct store *st, const char *scope, const char *name, const char *value)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO param (scope, name, value) VALUES (?, ?, ?)"
					 " ON CONFLICT (scope, name) DO UPDATE SET value = excluded.value");

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, value, -1, SQLITE_STATIC);
	return store_step_done(st, s, "store parameter");
}

int store_param_clear(struct store *st, const char *scope, const char *name)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM param WHERE scope = ? AND name = ?");

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	return store_step_done(st, s, "clear parameter");
}
