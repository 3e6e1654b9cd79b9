/* The node in a cluster (CLUSTER.md): the cluster database configured in
 * ucsh.conf (cluster.primary, cluster.local), membership, and the move of
 * the node's cluster-wide rows into it. */
#ifndef UCSH_CORE_CLUSTER_H
#define UCSH_CORE_CLUSTER_H

#include <stdbool.h>

#include "store/cluster.h"
#include "svc/core.h"

/* At start: connects to the cluster database when the node is configured
 * for one and notes whether it is a member. A database that cannot be
 * reached is a warning (why), not a failure: an administrator must still
 * be able to log in; cluster-wide writes are then refused. */
int core_cluster_open(struct core *c, char *why, size_t len);
void core_cluster_close(struct core *c);
/* Whether this node's files are behind the cluster's generation (read at
 * open); if so the target "cluster" is raised, and fx_heal rewrites every
 * trust bundle, the ITL and the CTL. */
bool core_cluster_behind(struct core *c);
/* The publisher's name on a member (-1 on a standalone node). */
int core_cluster_publisher(struct core *c, char *name, size_t len);
/* Records in the node list that this node's files reflect gen. */
void core_cluster_note_deployed(struct core *c, long long gen);

struct cluster_sync {
	long long gen;	/* the cluster's generation */
	bool rewritten; /* this node's files were behind and were rewritten */
};
/* utils cluster sync: reads the generation again and catches up. */
int core_cluster_sync(struct core *c, struct cluster_sync *r, struct err *e);
/* The last cluster write had not reached this node's database in time. */
bool core_replay_late(const struct core *c);

struct cluster_report {
	int params;	    /* parameters this node brought: cluster-wide ones and its service parameters */
	int conflicts;	    /* of those, values the cluster already had otherwise (the cluster's kept) */
	char conflict[512]; /* the first few, "name: ours (cluster: theirs)" */
	int trust[3];	    /* this node's trust certificates, by verdict (svc/trust.h) */
	int users;	    /* users of this node the cluster did not have */
	int profiles;	    /* CAPF profiles likewise */
};

/* On the publisher: creates the cluster schema, registers this node as the
 * publisher and moves its cluster-wide rows into the cluster database, in
 * one transaction. */
int core_cluster_init(struct core *c, struct cluster_report *r, struct err *e);
/* On a subscriber: registers this node; cluster-wide rows it held are
 * reported, and the cluster's values kept. */
int core_cluster_join(struct core *c, struct cluster_report *r, struct err *e);
/* Removes this node from the node list; the node is standalone again (its
 * own store keeps what it had before it joined). */
int core_cluster_leave(struct core *c, struct err *e);
/* After the publisher is lost: this node's standby becomes the primary and
 * this node the publisher. Refused while the publisher still answers (two
 * primaries would split the cluster). */
int core_cluster_promote(struct core *c, struct err *e);

/* The node list, publisher first. */
int core_cluster_nodes(struct core *c, int (*fn)(const struct cluster_node *n, void *ctx), void *ctx,
		       struct err *e);
/* The primary's replication connections and slots; an unreachable publisher
 * is ERR_FAIL. */
int core_cluster_replicas(struct core *c, int (*fn)(const struct replica *r, void *ctx), void *ctx,
			  struct err *e);
/* This node's standby and its lag (ERR_* when not a member). */
int core_cluster_local(struct core *c, struct local_replication *out, struct err *e);

/* This node's name in the node list (its host name). */
int core_cluster_self(struct core *c, char *name, size_t len, struct err *e);

#endif
