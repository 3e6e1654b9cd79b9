/* The audit trail's two places: the audit table, where a mutation's row
 * commits with the mutation, and the pending log (node/auditlog.h), where
 * commands that changed nothing append theirs. */
#ifndef UCSH_CORE_AUDIT_H
#define UCSH_CORE_AUDIT_H

#include "svc/core.h"

/* A row for a command that changed nothing: one append, no transaction. */
int core_audit_append(struct core *c, const char *account, const char *source, int status, const char *line);
/* Inside the caller's write transaction: moves the pending rows into the
 * table, ahead of the caller's own. Returns a lock for core_audit_release
 * (-1 when nothing was pending), or -2 when they could not be moved. */
int core_audit_take(struct core *c);
/* After the transaction: empties the pending log when it committed. */
void core_audit_release(int lock, bool committed);
/* The same in a transaction of its own (show audit reads a whole trail). */
int core_audit_import(struct core *c, struct err *e);

#endif
