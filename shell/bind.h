/* Fills a handler's argument struct from a match (commands/cmd.h: BIND). */
#ifndef UCSH_BIND_H
#define UCSH_BIND_H

#include "shell/tree.h"

/* The struct described by cmd->bind, filled from a (calloc'd; NULL when the
 * command binds nothing). Its strings point into a: free it before a. */
void *args_bind(const struct cmd_def *cmd, const struct args *a);

#endif
