#ifndef UCSH_REGISTRY_H
#define UCSH_REGISTRY_H

#include "commands/cmd.h"

/* All command families, the engine's own first. */
extern const struct cmd_family *const registry_families[];
extern const int registry_nfamilies;

#endif
