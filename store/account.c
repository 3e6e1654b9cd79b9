#include "store/account.h"
#include "store/store_int.h"

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
