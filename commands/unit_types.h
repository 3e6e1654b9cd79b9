/* The UNIT and TRUST_UNIT parameter types. */
#ifndef UCSH_UNIT_TYPES_H
#define UCSH_UNIT_TYPES_H

#include "commands/cmd.h"

extern const struct type_def unit_type;
extern const struct type_def trust_unit_type;

#endif
