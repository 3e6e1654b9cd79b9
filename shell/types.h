/* The engine's own parameter types; families add theirs in their tables. */
#ifndef UCSH_TYPES_H
#define UCSH_TYPES_H

#include "commands/cmd.h"

const struct type_def *types_core_find(const char *name);

#endif
