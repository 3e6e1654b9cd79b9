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
/* Writes the row in the current write transaction (in_tx: the command's
 * change commits with it, after the rows pending before it), or appends it
 * to the pending log (a command that changed nothing); returns 0, or -1
 * when the row could not be written. */
int audit_record(struct session *s, const char *line, int status, bool in_tx);
/* After the transaction that audit_record(in_tx) wrote into ended. */
void audit_settle(struct session *s, bool committed);
void audit_open_syslog(void);

#endif
