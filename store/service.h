/* Service state: activation and "restart pending". The services themselves
 * are defined by commands/services.c; rows exist only for services whose
 * state was ever changed. */
#ifndef UCSH_STORE_SERVICE_H
#define UCSH_STORE_SERVICE_H

#include <stdbool.h>

#include "store/store.h"

struct service_state {
	bool activated;
	bool restart_pending;
	char *pending_reason; /* NULL when none */
};

/* STORE_NOTFOUND when the service never changed (the caller's default applies). */
int store_service_get(struct store *st, const char *id, struct service_state *out);
int store_service_set_activated(struct store *st, const char *id, bool default_activated, bool activated);
/* Marks a restart pending (reason is kept, the first one wins) or clears it. */
int store_service_set_pending(struct store *st, const char *id, bool default_activated, bool pending,
			      const char *reason);
int store_service_clear_all_pending(struct store *st);

/* DDL of service state (migration 2). */
extern const char store_service_ddl[];

#endif
