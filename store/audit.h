/* The audit trail: every executed command line, who ran it, its result. */
#ifndef UCSH_STORE_AUDIT_H
#define UCSH_STORE_AUDIT_H

#include "store/store.h"

struct audit_row {
	long long id;
	char *time;
	char *account;
	char *source;
	char *line;
	int status;
};

/* Appends a row in the caller's transaction (or its own when none). */
int store_audit_add(struct store *st, const char *account, const char *source, const char *line, int status);
/* A row moved from the pending log (node/auditlog.h); a reference already
 * in the table is skipped. */
int store_audit_add_pending(struct store *st, const char *ref, const char *time, const char *account,
			    const char *source, const char *line, int status);
/* The last n rows, oldest first; *rows malloc'd. */
int store_audit_last(struct store *st, int n, struct audit_row **rows, int *count);
void audit_rows_free(struct audit_row *rows, int count);

/* DDL of the audit trail (migration 2). */
extern const char store_audit_ddl[];
/* The pending log's references (migration 5). */
extern const char store_audit_ref_ddl[];

#endif
