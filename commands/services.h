/* The node's services (COMMANDS.md): canonical names and short ids. */
#ifndef UCSH_SERVICES_H
#define UCSH_SERVICES_H

#include <stddef.h>

#include "shell/cmd.h"

struct service_def {
	const char *id;
	const char *name; /* canonical, e.g. "Cisco Tomcat" */
};

extern const struct service_def services[];
extern const size_t nservices;

/* Finds a service by id, canonical name (with or without "Cisco "), or a
 * unique prefix of either, ignoring case. NULL when none or ambiguous; err
 * then says which. */
const struct service_def *service_find(const char *text, char *err, size_t errlen);

/* The SERVICE parameter type. */
extern const struct type_def service_type;

#endif
