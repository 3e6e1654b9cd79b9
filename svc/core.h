/* The service layer's context: what every service needs from its caller
 * (the shell's session, later ucshd), and the effect set of the change in
 * progress. Services take typed inputs, return typed results and errors
 * (util/err.h); they never print and never ask questions. */
#ifndef UCSH_CORE_H
#define UCSH_CORE_H

#include <stdbool.h>

#include "node/config.h"
#include "svc/effects.h"
#include "util/err.h"

struct store;

struct core {
	struct store *store; /* the node's own (SQLite) */
	/* The cluster database when the node is configured for one (NULL on a
	 * standalone node, or when it could not be reached at start), and
	 * whether the node is a member: only then do cluster-wide rows live
	 * there (svc/cluster.h). */
	struct store *cluster;
	bool member;
	/* A member whose cluster database could not be reached at start:
	 * cluster-wide writes are refused (its own copy is only read). */
	bool cut_off;
	char node_name[64];    /* this node's name in the cluster (its host name) */
	long long cluster_gen; /* the cluster's generation when last read */
	bool caught_up;	       /* this process found its files behind the cluster's */
	const struct node_config *config;
	const char *state_dir;
	struct effects fx;
	/* Set by the caller: runs inside the transaction that commits a
	 * change (the shell writes the command's audit row there). */
	int (*on_commit)(struct core *c, void *arg);
	/* Right after that commit, before the files are written: what
	 * on_commit locked is released (no lock is held while waiting for the
	 * deploy lock or the cluster's writers). */
	void (*on_committed)(struct core *c, void *arg);
	void *on_commit_arg;
	bool committed; /* a change of this command was committed */
	/* What committed records a refusal (a wrong CAPF string counted):
	 * the command still fails, and its audit row says so. */
	bool refused;
};

/* Prepare, then apply: work that costs time or touches the outside world
 * happens before this call; apply only checks and writes rows, inside one
 * write transaction. Effects it queued are applied once after commit. */
typedef int (*core_apply_fn)(struct core *c, void *arg, struct err *e);
int core_write(struct core *c, core_apply_fn apply, void *arg, struct err *e);

/* For callers that manage the transaction themselves (the shell's
 * one-transaction-per-command): records the queued effects' generations,
 * runs on_commit and commits; then applies the effects. */
int core_commit(struct core *c, struct err *e);
int core_after_commit(struct core *c, struct err *e);
/* Drops the queued effects of a change that was rolled back, and the
 * cluster transaction it opened. */
void core_abandon(struct core *c);

/* Where cluster-wide rows live: the cluster database on a member node, the
 * node's own store otherwise. */
struct store *core_shared(struct core *c);
/* Where certificates of kind live: trust stores are cluster-wide, own
 * certificates (and their keys) the node's. */
struct store *core_cert_store(struct core *c, const char *kind);
/* Before writing cluster-wide rows inside a change: joins the change to a
 * write transaction on the primary. On a member whose publisher cannot be
 * reached the cluster configuration is read-only: ERR_FAIL with the one
 * message an administrator sees for every such write. */
int core_shared_write(struct core *c, struct err *e);
/* The same on the cluster database whether or not the node is a member yet
 * (joining, leaving); c->cluster must be open. */
int core_cluster_write(struct core *c, struct err *e);

#endif
