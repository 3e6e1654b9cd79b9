/* Questions to the person at an interactive session: a secret read with
 * echo off, or text pasted until an empty line. Batch sessions have none. */
#ifndef UCSH_PROMPT_H
#define UCSH_PROMPT_H

#include "commands/session.h"

/* Installs both in an interactive session. */
void prompt_install(struct session *s);

#endif
