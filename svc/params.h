/* set param: one parameter of the registry (svc/settings.c) changed by the
 * administrator, with its rules and the restart it needs. */
#ifndef UCSH_PARAMS_H
#define UCSH_PARAMS_H

#include "svc/core.h"
#include "svc/services.h"
#include "svc/settings.h"

struct param_change {
	char *value;				      /* as stored; malloc'd */
	const struct service_def *restart;	      /* marked for restart; NULL when none */
	char warning[sizeof(((struct err *)0)->msg)]; /* accepted, but the administrator should know */
};

/* Inside the caller's write transaction. */
int core_param_set(struct core *c, const struct setting_def *p, const char *value, struct param_change *r,
		   struct err *e);
void param_change_free(struct param_change *r);

#endif
