/* The cluster database's own rows (PostgreSQL): its schema version and the
 * node list. Cluster-wide entities (parameters today; trust stores and the
 * CTL next) use the ordinary entity functions on the cluster store. */
#ifndef UCSH_STORE_CLUSTER_H
#define UCSH_STORE_CLUSTER_H

#include <stdbool.h>

#include "store/store.h"

struct cluster_node {
	char *name; /* the node's host name */
	char *fqdn;
	char *ip;
	char *role; /* publisher, subscriber */
	char *joined;
};

/* 0 when the schema does not exist yet. */
int store_cluster_version(struct store *st, int *version);
/* Creates or updates the schema, inside the caller's write transaction. */
int store_cluster_migrate(struct store *st);
int store_cluster_node_put(struct store *st, const struct cluster_node *n);
/* STORE_NOTFOUND when there is no such node. */
int store_cluster_node_delete(struct store *st, const char *name);
int store_cluster_node_get(struct store *st, const char *name, struct cluster_node *out);
int store_cluster_node_each(struct store *st, int (*fn)(const struct cluster_node *n, void *ctx), void *ctx);
void cluster_node_free(struct cluster_node *n);
/* Whether this connection's database is the primary (not a standby). */
int store_cluster_is_primary(struct store *st, bool *yes);

#endif
