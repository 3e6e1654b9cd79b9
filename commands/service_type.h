/* The SERVICE parameter type. */
#ifndef UCSH_SERVICE_TYPE_H
#define UCSH_SERVICE_TYPE_H

#include "commands/cmd.h"

extern const struct type_def service_type;

struct service_def;
struct session;
/* utils service restart SERVICE (and utils ipsec restart): the hook's
 * output, then the result. */
int restart_service(struct session *s, struct out *o, const struct service_def *sv);

#endif
