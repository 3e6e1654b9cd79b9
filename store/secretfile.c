#include "store/secretfile.h"
#include "store/store_int.h"

const char store_secret_file_ddl[] = "CREATE TABLE secret_file ("
				     "  name TEXT PRIMARY KEY) WITHOUT ROWID;";

static int run_name(struct store *st, const char *sql, const char *name, const char *what)
{
	sqlite3_stmt *s = store_stmt(st, sql);

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	return store_step_done(st, s, what);
}

int store_secret_file_add(struct store *st, const char *name)
{
	return run_name(st, "INSERT OR IGNORE INTO secret_file (name) VALUES (?)", name,
			"remember secret file");
}

int store_secret_file_forget(struct store *st, const char *name)
{
	return run_name(st, "DELETE FROM secret_file WHERE name = ?", name, "forget secret file");
}

int store_secret_file_is(struct store *st, const char *name, bool *yes)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM secret_file WHERE name = ?");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*yes = rc == SQLITE_ROW;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : store_fail(st, "secret file");
}
