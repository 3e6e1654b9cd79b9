#include "svc/audit.h"
#include "node/auditlog.h"
#include "store/audit.h"

int core_audit_append(struct core *c, const char *account, const char *source, int status, const char *line)
{
	return auditlog_append(c->state_dir, account, source, status, line);
}

static int move_one(const struct auditlog_rec *r, void *ctx)
{
	struct core *c = ctx;

	return store_audit_add_pending(c->store, r->ref, r->time, r->account, r->source, r->line,
				       r->status) == STORE_OK
		   ? 0
		   : -1;
}

int core_audit_take(struct core *c)
{
	return auditlog_take(c->state_dir, move_one, c);
}

void core_audit_release(int lock, bool committed)
{
	auditlog_done(lock, committed);
}

int core_audit_import(struct core *c, struct err *e)
{
	int lock;

	if (store_begin(c->store, true) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the audit trail: %s", store_errmsg(c->store));
	if ((lock = core_audit_take(c)) == -2) {
		store_rollback(c->store);
		return err_set(e, ERR_FAIL, "Cannot read the pending audit rows: %s", store_errmsg(c->store));
	}
	if (store_commit(c->store) != STORE_OK) {
		store_rollback(c->store);
		core_audit_release(lock, false);
		return err_set(e, ERR_FAIL, "Cannot read the audit trail: %s", store_errmsg(c->store));
	}
	core_audit_release(lock, true);
	return 0;
}
