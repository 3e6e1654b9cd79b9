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
	struct stmt *s =
	    store_stmt(st, "SELECT activated, restart_pending, pending_reason FROM service WHERE id = $id");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$id", id);
	if ((rc = store_step_one(st, s, "read service")) == STORE_OK) {
		out->activated = col_int(s, 0) != 0;
		out->restart_pending = col_int(s, 1) != 0;
		out->pending_reason = stmt_dup(s, 2);
		stmt_reset(s);
	}
	return rc;
}

static int ensure_row(struct store *st, const char *id, bool default_activated)
{
	struct stmt *s = store_stmt(st, "INSERT INTO service (id, activated) VALUES ($id, $activated)"
					" ON CONFLICT (id) DO NOTHING");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$id", id);
	bind_int(s, "$activated", default_activated);
	return store_step_done(st, s, "add service");
}

int store_service_set_activated(struct store *st, const char *id, bool default_activated, bool activated)
{
	struct stmt *s;
	int rc;

	if ((rc = ensure_row(st, id, default_activated)) != STORE_OK)
		return rc;
	if (!(s = store_stmt(st, "UPDATE service SET activated = $activated WHERE id = $id")))
		return STORE_ERROR;
	bind_int(s, "$activated", activated);
	bind_text(s, "$id", id);
	return store_step_done(st, s, "change service");
}

int store_service_set_pending(struct store *st, const char *id, bool default_activated, bool pending,
			      const char *reason)
{
	struct stmt *s;
	int rc;

	if ((rc = ensure_row(st, id, default_activated)) != STORE_OK)
		return rc;
	if (!(s = store_stmt(
		  st, "UPDATE service SET restart_pending = $pending,"
		      " pending_reason = CASE WHEN $pending <> 0 THEN coalesce(pending_reason, $reason) END"
		      " WHERE id = $id")))
		return STORE_ERROR;
	bind_int(s, "$pending", pending);
	bind_text(s, "$reason", reason);
	bind_text(s, "$id", id);
	return store_step_done(st, s, "mark service");
}

int store_service_clear_all_pending(struct store *st)
{
	struct stmt *s = store_stmt(st, "UPDATE service SET restart_pending = 0, pending_reason = NULL");

	if (!s)
		return STORE_ERROR;
	return store_step_done(st, s, "clear restarts");
}
