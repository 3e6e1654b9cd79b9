#include "store/wirelog.h"
#include "store/store_int.h"

const char store_wirelog_ddl[] = "CREATE TABLE tvs_query ("
				 "  id INTEGER PRIMARY KEY,"
				 "  time TEXT NOT NULL,"
				 "  device TEXT NOT NULL,"
				 "  subject TEXT NOT NULL,"
				 "  sha256 TEXT NOT NULL,"
				 "  trusted INTEGER NOT NULL,"
				 "  roles TEXT NOT NULL);"
				 "CREATE TABLE capf_session ("
				 "  id INTEGER PRIMARY KEY,"
				 "  time TEXT NOT NULL,"
				 "  device TEXT NOT NULL,"
				 "  operation TEXT NOT NULL,"
				 "  result TEXT NOT NULL);";

int store_tvs_log(struct store *st, const char *device, const char *subject, const char *sha256, bool trusted,
		  const char *roles)
{
	struct stmt *s =
	    store_stmt(st, "INSERT INTO tvs_query (time, device, subject, sha256, trusted, roles)"
			   " VALUES ($now, $device, $subject, $sha256, $trusted, $roles)");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$now", store_now(st));
	bind_text(s, "$device", device);
	bind_text(s, "$subject", subject);
	bind_text(s, "$sha256", sha256);
	bind_int(s, "$trusted", trusted);
	bind_text(s, "$roles", roles);
	return store_step_done(st, s, "record the query");
}

int store_tvs_last(struct store *st, int n, int (*fn)(const struct tvs_query *q, void *ctx), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT id, time, device, subject, sha256, trusted, roles FROM"
					" (SELECT * FROM tvs_query ORDER BY id DESC LIMIT $n) ORDER BY id");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_int(s, "$n", n);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct tvs_query q = {col_int(s, 0),  col_text(s, 1), col_text(s, 2),	 col_text(s, 3),
				      col_text(s, 4), col_text(s, 6), col_int(s, 5) != 0};
		if (fn(&q, ctx))
			break;
	}
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list the queries") : STORE_OK;
}

int store_capf_session_log(struct store *st, const char *device, const char *operation, const char *result)
{
	struct stmt *s = store_stmt(st, "INSERT INTO capf_session (time, device, operation, result)"
					" VALUES ($now, $device, $operation, $result)");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$now", store_now(st));
	bind_text(s, "$device", device);
	bind_text(s, "$operation", operation);
	bind_text(s, "$result", result);
	return store_step_done(st, s, "record the session");
}

int store_capf_session_last(struct store *st, int n, int (*fn)(const struct capf_session *q, void *ctx),
			    void *ctx)
{
	struct stmt *s =
	    store_stmt(st, "SELECT id, time, device, operation, result FROM"
			   " (SELECT * FROM capf_session ORDER BY id DESC LIMIT $n) ORDER BY id");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_int(s, "$n", n);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct capf_session q = {col_int(s, 0), col_text(s, 1), col_text(s, 2), col_text(s, 3),
					 col_text(s, 4)};
		if (fn(&q, ctx))
			break;
	}
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list the sessions") : STORE_OK;
}
