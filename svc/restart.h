/* Services as the administrator drives them: activation, and restarts
 * through the node's configured hooks (node/hook.c). A restart holds no
 * store lock while its hook runs; it clears the restart-pending marks only
 * when the hook succeeded. */
#ifndef UCSH_RESTART_H
#define UCSH_RESTART_H

#include <signal.h>
#include <stdbool.h>

#include "svc/core.h"
#include "svc/services.h"

struct activation {
	bool was;	/* activated before */
	bool ctl_stale; /* CAPF changed in mixed mode: the CTL must be updated */
};

/* Inside the caller's write transaction. */
int core_service_activate(struct core *c, const struct service_def *sv, bool on, struct activation *r,
			  struct err *e);

/* The hook's output (malloc'd, may be NULL) is returned even when it
 * failed: what it printed helps the administrator. */
int core_service_restart(struct core *c, const struct service_def *sv, volatile sig_atomic_t *interrupt,
			 char **output, struct err *e);
int core_system_restart(struct core *c, volatile sig_atomic_t *interrupt, char **output, struct err *e);

/* Runs the status hook of a service (status.<id> in ucsh.conf): 1 when it
 * ran and exited 0 (its output in *output), 0 when none is configured, -1
 * when it failed (*output may still hold what it printed). */
int core_service_status(struct core *c, const char *id, volatile sig_atomic_t *interrupt, char **output,
			struct err *e);

/* Whether a restart hook is configured for id ("system" or a service). */
bool core_restart_configured(struct core *c, const char *id);

#endif
