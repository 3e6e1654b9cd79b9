#include <stdlib.h>
#include <time.h>

#include "store/audit.h"
#include "store/store_int.h"
#include "util/timefmt.h"

const char store_audit_ddl[] = "CREATE TABLE audit ("
			       "  id INTEGER PRIMARY KEY,"
			       "  time TEXT NOT NULL,"
			       "  account TEXT NOT NULL,"
			       "  source TEXT NOT NULL," /* interactive, batch */
			       "  line TEXT NOT NULL,"	 /* secrets masked */
			       "  status INTEGER NOT NULL);";

const char store_audit_ref_ddl[] = "ALTER TABLE audit ADD COLUMN ref TEXT;"
				   "CREATE UNIQUE INDEX audit_by_ref ON audit (ref) WHERE ref IS NOT NULL;";

int store_audit_add_pending(struct store *st, const char *ref, const char *time, const char *account,
			    const char *source, const char *line, int status)
{
	sqlite3_stmt *s =
	    store_stmt(st, "INSERT OR IGNORE INTO audit (ref, time, account, source, line, status)"
			   " VALUES (?, ?, ?, ?, ?, ?)");

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, time, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, account, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, line, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, status);
	return store_step_done(st, s, "write audit");
}

int store_audit_add(struct store *st, const char *account, const char *source, const char *line, int status)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO audit (time, account, source, line, status)"
					 " VALUES (?, ?, ?, ?, ?)");
	time_t now = time(NULL);

	if (!s)
		return STORE_ERROR;
	/* Formatted once a second: a batch writes thousands of rows. */
	if (now != st->audit_second) {
		st->audit_second = now;
		time_iso(now, st->audit_time, sizeof(st->audit_time));
	}
	sqlite3_bind_text(s, 1, st->audit_time, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, account, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, line, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, status);
	return store_step_done(st, s, "write audit");
}

int store_audit_last(struct store *st, int n, struct audit_row **rows, int *count)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, time, account, source, line, status FROM"
					 " (SELECT * FROM audit ORDER BY id DESC LIMIT ?) ORDER BY id");
	struct audit_row *v;
	int rc, k = 0;

	*rows = NULL;
	*count = 0;
	if (!s)
		return STORE_ERROR;
	if (!(v = calloc((size_t)n + 1, sizeof(*v))))
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, n);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && k < n) {
		v[k].id = sqlite3_column_int64(s, 0);
		v[k].time = store_col_dup(s, 1);
		v[k].account = store_col_dup(s, 2);
		v[k].source = store_col_dup(s, 3);
		v[k].line = store_col_dup(s, 4);
		v[k].status = sqlite3_column_int(s, 5);
		k++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		audit_rows_free(v, k);
		return store_fail(st, "read audit");
	}
	*rows = v;
	*count = k;
	return STORE_OK;
}

void audit_rows_free(struct audit_row *rows, int count)
{
	for (int i = 0; i < count; i++) {
		free(rows[i].time);
		free(rows[i].account);
		free(rows[i].source);
		free(rows[i].line);
	}
	free(rows);
}
