/* The audit trail of executed commands (DESIGN §4): the audit table and
 * syslog (LOG_AUTHPRIV). Lines are rebuilt from their words with secret
 * parameters masked, so no secret reaches the trail or the history. */
#ifndef UCSH_AUDIT_H
#define UCSH_AUDIT_H

#include <stdbool.h>

#include "commands/session.h"
#include "shell/tree.h"

/* The line as words (quoted where needed), secrets as ****; malloc'd. */
char *audit_line(char *const *words, int nwords, const struct args *a);
/* Writes the row in the current transaction (in_tx) or in one of its own;
 * returns 0, or -1 when the row could not be written. */
int audit_record(struct session *s, const char *line, int status, bool in_tx);
void audit_open_syslog(void);

#endif
