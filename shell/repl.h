/* The interactive shell: prompt "<account>:", line editing by libedit. */
#ifndef UCSH_REPL_H
#define UCSH_REPL_H

#include "commands/session.h"

int repl_run(struct session *s);

#endif
