/* The node's services (COMMANDS.md): canonical names and short ids. */
#ifndef UCSH_CORE_SERVICES_H
#define UCSH_CORE_SERVICES_H

#include <stdbool.h>
#include <stddef.h>

struct service_def {
	const char *id;
	const char *name; /* canonical, e.g. "Cisco Tomcat" */
	bool activated_by_default;
};

struct store;

extern const struct service_def services[];
extern const size_t nservices;

/* Finds a service by id, canonical name (with or without "Cisco "), or a
 * unique prefix of either, ignoring case. NULL when none or ambiguous; err
 * then says which. */
const struct service_def *service_find(const char *text, char *err, size_t errlen);

/* Whether it is activated and waiting for a restart (defaults applied). */
int service_state_of(struct store *st, const struct service_def *sv, bool *activated, bool *pending,
		     char **reason);
/* Other commands call this after a change the service must restart to use:
 * the reason is shown by utils service list until the restart. Only an
 * activated service is marked (STORE_NOTFOUND otherwise). */
int service_mark_restart(struct store *st, const char *id, const char *reason);

struct core;
/* Where ucshd serves service (capf, tvs) on this node: 0 and where, or -1
 * when it is not running. */
int core_service_listening(struct core *c, const char *id, char *where, size_t len);

#endif
