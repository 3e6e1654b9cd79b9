/* '?' listings and the help command. */
#ifndef UCSH_HELP_H
#define UCSH_HELP_H

#include "commands/cmd.h"
#include "commands/session.h"

/* Prints what may follow words (WORDS ?); returns an exit code. */
int help_next(struct session *s, char *const *words, int nwords, bool partial, const char *prefix);

extern const struct cmd_family help_family;

#endif
