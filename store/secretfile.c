#include "store/secretfile.h"
#include "store/store_int.h"

const char store_secret_file_ddl[] = "CREATE TABLE secret_file ("
				     "  name TEXT PRIMARY KEY) WITHOUT ROWID;";

static int run_name(struct store *st, const char *sql, const char *name, const char *what)
{
	struct stmt *s = store_stmt(st, sql);

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	return store_step_done(st, s, what);
}

int store_secret_file_add(struct store *st, const char *name)
{
	return run_name(st, "INSERT INTO secret_file (name) VALUES ($name) ON CONFLICT (name) DO NOTHING",
			name, "remember secret file");
}

int store_secret_file_forget(struct store *st, const char *name)
{
	return run_name(st, "DELETE FROM secret_file WHERE name = $name", name, "forget secret file");
}

int store_secret_file_is(struct store *st, const char *name, bool *yes)
{
	struct stmt *s = store_stmt(st, "SELECT 1 FROM secret_file WHERE name = $name");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	rc = store_step_one(st, s, "secret file");
	*yes = rc == STORE_OK;
	if (rc == STORE_OK)
		stmt_reset(s);
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}
