/* Accounts and their privilege levels (DESIGN §5), with the rule that keeps
 * the node manageable: the last level-4 account can be neither lowered nor
 * deleted. */
#ifndef UCSH_CORE_ACCOUNTS_H
#define UCSH_CORE_ACCOUNTS_H

#include "store/account.h"
#include "store/audit.h"
#include "svc/core.h"

/* Free with account_rows_free. */
int core_accounts(struct core *c, struct account_row **rows, int *n, struct err *e);
/* ERR_INVALID when it exists already. */
int core_account_add(struct core *c, const char *name, int level, struct err *e);
int core_account_set_level(struct core *c, const char *name, int level, struct err *e);
int core_account_delete(struct core *c, const char *name, struct err *e);

/* The audit trail's last n rows, oldest first (free with audit_rows_free);
 * the rows still pending are moved in first. */
int core_audit_last(struct core *c, int n, struct audit_row **rows, int *count, struct err *e);

#endif
