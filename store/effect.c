#include "store/effect.h"
#include "store/store_int.h"

const char store_effect_ddl[] = "CREATE TABLE effect ("
				"  target TEXT PRIMARY KEY,"
				"  want INTEGER NOT NULL,"
				"  done INTEGER NOT NULL) WITHOUT ROWID;";

int store_effect_want(struct store *st, const char *target)
{
	struct stmt *s = store_stmt(st, "INSERT INTO effect (target, want, done) VALUES ($target, 1, 0)"
					" ON CONFLICT (target) DO UPDATE SET want = effect.want + 1");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$target", target);
	return store_step_done(st, s, "effect");
}

int store_effect_want_at(struct store *st, const char *target, long long gen)
{
	struct stmt *s =
	    store_stmt(st, "INSERT INTO effect (target, want, done) VALUES ($target, $gen, 0)"
			   " ON CONFLICT (target) DO UPDATE SET want = $gen WHERE effect.want < $gen");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$target", target);
	bind_int(s, "$gen", gen);
	return store_step_done(st, s, "effect");
}

int store_effect_wanted(struct store *st, const char *target, long long *gen)
{
	struct stmt *s = store_stmt(st, "SELECT want FROM effect WHERE target = $target");
	int rc;

	*gen = 0;
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$target", target);
	rc = store_step_int(st, s, "effect", gen);
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

int store_effect_done(struct store *st, const char *target, long long gen)
{
	struct stmt *s =
	    store_stmt(st, "UPDATE effect SET done = CASE WHEN done > $gen THEN done ELSE $gen END"
			   " WHERE target = $target");

	if (!s)
		return STORE_ERROR;
	bind_int(s, "$gen", gen);
	bind_text(s, "$target", target);
	return store_step_done(st, s, "effect");
}

int store_effect_behind(struct store *st, int (*fn)(const char *target, void *ctx), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT target FROM effect WHERE done < want ORDER BY target");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(col_text(s, 0), ctx) != 0) {
			rc = STMT_DONE;
			break;
		}
	stmt_reset(s);
	return rc == STMT_DONE ? STORE_OK : store_fail(st, "effect");
}
