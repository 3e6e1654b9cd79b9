#include <stdlib.h>

#include "store/audit.h"
#include "store/store_int.h"

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
	struct stmt *s = store_stmt(st, "INSERT INTO audit (ref, time, account, source, line, status)"
					" VALUES ($ref, $time, $account, $source, $line, $status)"
					" ON CONFLICT (ref) WHERE ref IS NOT NULL DO NOTHING");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$ref", ref);
	bind_text(s, "$time", time);
	bind_text(s, "$account", account);
	bind_text(s, "$source", source);
	bind_text(s, "$line", line);
	bind_int(s, "$status", status);
	return store_step_done(st, s, "write audit");
}

int store_audit_add(struct store *st, const char *account, const char *source, const char *line, int status)
{
	struct stmt *s = store_stmt(st, "INSERT INTO audit (time, account, source, line, status)"
					" VALUES ($time, $account, $source, $line, $status)");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$time", store_now(st));
	bind_text(s, "$account", account);
	bind_text(s, "$source", source);
	bind_text(s, "$line", line);
	bind_int(s, "$status", status);
	return store_step_done(st, s, "write audit");
}

int store_audit_last(struct store *st, int n, struct audit_row **rows, int *count)
{
	struct stmt *s =
	    store_stmt(st, "SELECT id, time, account, source, line, status FROM"
			   " (SELECT * FROM audit ORDER BY id DESC LIMIT $n) AS newest ORDER BY id");
	struct audit_row *v;
	int rc, k = 0;

	*rows = NULL;
	*count = 0;
	if (!s)
		return STORE_ERROR;
	if (!(v = calloc((size_t)n + 1, sizeof(*v))))
		return STORE_ERROR;
	bind_int(s, "$n", n);
	while ((rc = stmt_step(s)) == STMT_ROW && k < n) {
		v[k].id = col_int(s, 0);
		v[k].time = stmt_dup(s, 1);
		v[k].account = stmt_dup(s, 2);
		v[k].source = stmt_dup(s, 3);
		v[k].line = stmt_dup(s, 4);
		v[k].status = (int)col_int(s, 5);
		k++;
	}
	stmt_reset(s);
	if (rc == STMT_ERROR) {
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
