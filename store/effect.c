#include "store/effect.h"
#include "store/store_int.h"

const char store_effect_ddl[] = "CREATE TABLE effect ("
				"  target TEXT PRIMARY KEY,"
				"  want INTEGER NOT NULL,"
				"  done INTEGER NOT NULL) WITHOUT ROWID;";

int store_effect_want(struct store *st, const char *target)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO effect (target, want, done) VALUES (?, 1, 0)"
					 " ON CONFLICT (target) DO UPDATE SET want = want + 1");

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, target, -1, SQLITE_STATIC);
	return store_step_done(st, s, "effect");
}

int store_effect_wanted(struct store *st, const char *target, long long *gen)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT want FROM effect WHERE target = ?");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, target, -1, SQLITE_STATIC);
	*gen = 0;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*gen = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : store_fail(st, "effect");
}

int store_effect_done(struct store *st, const char *target, long long gen)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE effect SET done = max(done, ?) WHERE target = ?");

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, gen);
	sqlite3_bind_text(s, 2, target, -1, SQLITE_STATIC);
	return store_step_done(st, s, "effect");
}

int store_effect_behind(struct store *st, int (*fn)(const char *target, void *ctx), void *ctx)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT target FROM effect WHERE done < want ORDER BY target");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(s, 0), ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : store_fail(st, "effect");
}
