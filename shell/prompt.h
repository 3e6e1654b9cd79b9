/* Questions to the person at an interactive session: a secret read with
 * echo off, text pasted until an empty line, yes or no; and a progress bar.
 * Batch sessions have none. */
#ifndef UCSH_PROMPT_H
#define UCSH_PROMPT_H

#include "commands/session.h"

/* Installs them in an interactive session. */
void prompt_install(struct session *s);

#endif
