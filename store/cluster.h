/* The cluster database's own rows (PostgreSQL): its schema version, the
 * node list with each node's public certificates, the generation of the
 * cluster's files and the signed CTL. Cluster-wide entities (parameters,
 * trust stores) use the ordinary entity functions on the cluster store. */
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
	long long deployed; /* the cluster generation its files last reflected */
	char *slot;	    /* the replication slot of its standby, "" for the publisher */
};

/* The schema version this ucsh writes. */
int store_cluster_latest(void);
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
/* Whether name is in the node list, and the cluster's generation: one
 * query, the check every start makes. STORE_NOTFOUND: not a member. */
int store_cluster_member(struct store *st, const char *name, long long *gen);
/* Inside a write transaction: the cluster's files changed (trust stores,
 * a node's public certificates, the CTL); gen is the new generation. */
int store_cluster_bump(struct store *st, long long *gen);
/* Node name's files reflect generation gen (never lowered). */
int store_cluster_deployed(struct store *st, const char *name, long long gen);

/* A node's public certificate of one unit (never a key). */
struct node_cert {
	const char *node, *fqdn, *ip, *role, *unit, *pem;
};
int store_node_cert_put(struct store *st, const char *node, const char *unit, const char *pem);
/* Every node's certificate of unit, publisher first. */
int store_node_cert_each(struct store *st, const char *unit, int (*fn)(const struct node_cert *nc, void *ctx),
			 void *ctx);

/* The signed CTLFile.tlv as the publisher made it, hex. */
int store_ctl_put(struct store *st, const char *hex, const char *signed_by);
/* STORE_NOTFOUND when no CTL was signed yet. */
int store_ctl_get(struct store *st, char **hex);

/* Whether this connection's database is the primary (not a standby). */
int store_cluster_is_primary(struct store *st, bool *yes);

/* One standby as the primary sees it: its replication slot and, while it
 * is connected, its stream (inside store_begin_primary). */
struct replica {
	const char *slot;	 /* or the connection's application name when it has no slot */
	const char *addr;	 /* "" when not connected */
	const char *state;	 /* streaming, catchup, ... or disconnected */
	long long lag_bytes;	 /* WAL not yet replayed by it (or kept for its slot) */
	const char *lag_seconds; /* replay lag as PostgreSQL measures it, "" when unknown */
	bool slot_active;
};
int store_cluster_replicas(struct store *st, int (*fn)(const struct replica *r, void *ctx), void *ctx);

/* Ends recovery on this connection's standby: it becomes the primary
 * (pg_promote, waiting up to 60 s), without a synchronous standby to wait
 * for. */
int store_cluster_promote(struct store *st);
/* The new publisher in the node list; the old one becomes a subscriber
 * (it must be rebuilt as a standby before it runs again). */
int store_cluster_set_publisher(struct store *st, const char *name);

/* This node's own database: a standby, and how far behind it is. */
struct local_replication {
	bool standby;
	long long lag_seconds;	 /* since the last replayed transaction; -1 when unknown */
	long long pending_bytes; /* received but not yet replayed */
	char slot[64];		 /* the primary's slot it streams through, "" when none */
};
int store_cluster_local(struct store *st, struct local_replication *out);

#endif
