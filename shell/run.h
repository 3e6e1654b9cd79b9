/* Runs one command line: lex, match, check privilege, confirm, execute in
 * one transaction, render. Every input source goes through here. */
#ifndef UCSH_RUN_H
#define UCSH_RUN_H

#include "commands/session.h"

/* prefix is put before error messages ("line 3: " in batch mode). Returns an
 * exit code (enum uc_rc). When history is given, it receives the line as it
 * may be remembered (secrets masked; NULL when it did not parse). */
int run_line(struct session *s, const char *line, const char *prefix, char **history);

#endif
