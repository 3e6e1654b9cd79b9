/* The SERVICE parameter type. */
#ifndef UCSH_SERVICE_TYPE_H
#define UCSH_SERVICE_TYPE_H

#include "commands/cmd.h"

extern const struct type_def service_type;

#endif
