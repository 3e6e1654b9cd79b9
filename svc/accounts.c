#include "svc/accounts.h"
#include "svc/audit.h"

int core_accounts(struct core *c, struct account_row **rows, int *n, struct err *e)
{
	if (store_account_list(c->store, rows, n) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read accounts: %s", store_errmsg(c->store));
	return 0;
}

int core_account_add(struct core *c, const char *name, int level, struct err *e)
{
	int old;

	if (store_account_level(c->store, name, &old) == STORE_OK)
		return err_set(e, ERR_INVALID,
			       "Account %s exists (level %d): use set account level %s {0|1|4}", name, old,
			       name);
	if (store_account_add(c->store, name, level) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot add %s: %s", name, store_errmsg(c->store));
	return 0;
}

/* Nobody could manage accounts after the last administrator went. */
static bool last_admin(struct core *c, int level)
{
	int admins = 0;

	if (level != 4 || store_account_count_level(c->store, 4, &admins) != STORE_OK)
		return false;
	return admins <= 1;
}

int core_account_set_level(struct core *c, const char *name, int level, struct err *e)
{
	int old;

	if (store_account_level(c->store, name, &old) != STORE_OK)
		return err_set(e, ERR_NOTFOUND, "No account %s (show account lists them)", name);
	if (level < old && last_admin(c, old))
		return err_set(e, ERR_REFUSED, "%s is the last level-4 account and cannot be lowered", name);
	if (store_account_set_level(c->store, name, level) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot change %s: %s", name, store_errmsg(c->store));
	return 0;
}

int core_account_delete(struct core *c, const char *name, struct err *e)
{
	int old;

	if (store_account_level(c->store, name, &old) != STORE_OK)
		return err_set(e, ERR_NOTFOUND, "No account %s (show account lists them)", name);
	if (last_admin(c, old))
		return err_set(e, ERR_REFUSED, "%s is the last level-4 account and cannot be deleted", name);
	if (store_account_delete(c->store, name) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot delete %s: %s", name, store_errmsg(c->store));
	return 0;
}

int core_audit_last(struct core *c, int n, struct audit_row **rows, int *count, struct err *e)
{
	if (core_audit_import(c, e) != 0)
		return -1;
	if (store_audit_last(c->store, n, rows, count) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the audit trail: %s", store_errmsg(c->store));
	return 0;
}
