/* The node's state as one connection of ucshd sees it: opened afresh for
 * each, so what administrators change in ucsh applies at once. */
#ifndef UCSH_DAEMON_NODE_H
#define UCSH_DAEMON_NODE_H

#include <stdbool.h>

#include "node/config.h"
#include "store/store.h"
#include "svc/core.h"

struct node {
	struct node_config config;
	struct store *store;
	struct core core;
};

int open_node(const char *state_dir, struct node *n);
void close_node(struct node *n);
/* Whether the service (its id: tvs, capf) is activated now. */
bool node_serves(struct node *n, const char *service);
/* The lowest TLS version CAPF and TVS accept (10-13): set tls min-version
 * but never below 1.2, or 1.0 when ucshd was started with --allow-tls10
 * (the phones that need it). */
int node_tls_min(struct node *n, bool allow_tls10);

#endif
