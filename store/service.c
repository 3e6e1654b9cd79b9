#include <stdlib.h>

#include "store/service.h"
#include "store/store_int.h"

const char store_service_ddl[] = "CREATE TABLE service ("
				 "  id TEXT PRIMARY KEY,"
				 "  activated INTEGER NOT NULL,"
				 "  restart_pending INTEGER NOT NULL DEFAULT 0,"
				 "  pending_reason TEXT) WITHOUT ROWID;";

int store_service_get(struct store *st, const char *id, struct service_state *out)
{
	sqlite3_stmt *s =
	    store_stmt(st, "SELECT activated, restart_pending, pending_reason FROM service WHERE id = ?");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->activated = sqlite3_column_int(s, 0) != 0;
		out->restart_pending = sqlite3_column_int(s, 1) != 0;
		out->pending_reason = store_col_dup(s, 2);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return rc == SQLITE_ROW ? STORE_OK : store_fail(st, "read service");
}

static int ensure_row(struct store *st, const char *id, bool default_activated)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT OR IGNORE INTO service (id, activated) VALUES (?, ?)");

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, default_activated);
	return store_step_done(st, s, "add service");
}

int store_service_set_activated(struct store *st, const char *id, bool default_activated, bool activated)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = ensure_row(st, id, default_activated)) != STORE_OK)
		return rc;
	if (!(s = store_stmt(st, "UPDATE service SET activated = ? WHERE id = ?")))
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, activated);
	sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
	return store_step_done(st, s, "change service");
}

int store_service_set_pending(struct store *st, const char *id, bool default_activated, bool pending,
			      const char *reason)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = ensure_row(st, id, default_activated)) != STORE_OK)
		return rc;
	if (!(s = store_stmt(st, "UPDATE service SET restart_pending = ?1,"
				 " pending_reason = CASE WHEN ?1 THEN coalesce(pending_reason, ?2) END"
				 " WHERE id = ?3")))
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, pending);
	sqlite3_bind_text(s, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, id, -1, SQLITE_STATIC);
	return store_step_done(st, s, "mark service");
}

int store_service_clear_all_pending(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE service SET restart_pending = 0, pending_reason = NULL");

	if (!s)
		return STORE_ERROR;
	return store_step_done(st, s, "clear restarts");
}
