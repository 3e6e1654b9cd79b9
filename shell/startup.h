/* Bringing a session up: state dir, config, store, first start, account. */
#ifndef UCSH_STARTUP_H
#define UCSH_STARTUP_H

#include "commands/session.h"

struct startup_opts {
	const char *state_dir;
	const char *config;
};

/* Returns an exit code; on success the session's store, config, account and
 * level are set. Messages go to stderr. */
int startup_open(struct session *s, const struct startup_opts *opts);
void startup_close(struct session *s);

#endif
