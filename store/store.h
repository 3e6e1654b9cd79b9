/* The config stores: the node's SQLite file (DESIGN §6) and, on a node in
 * a cluster, the cluster's PostgreSQL database (CLUSTER.md), behind one
 * API. Everything in store/ talks SQL; nothing outside it does. */
#ifndef UCSH_STORE_H
#define UCSH_STORE_H

#include <stdbool.h>
#include <stddef.h>

struct store;

enum store_rc {
	STORE_OK = 0,
	STORE_ERROR,	/* SQLite failed; store_errmsg() says why */
	STORE_NOTFOUND, /* the row asked for does not exist */
	STORE_REFUSED,	/* the file is not a usable ucsh database */
};

/* Opens (creating when absent) the database at path and brings its schema up
 * to date. A file that is not SQLite, is corrupt, or was written by a newer
 * ucsh is refused and left untouched; err says why. */
int store_open(const char *path, struct store **out, char *err, size_t errlen);
void store_close(struct store *st);

/* One transaction per command: write transactions take the lock up front
 * (BEGIN IMMEDIATE) so two sessions queue on the busy timeout instead of
 * failing half-way. */
int store_begin(struct store *st, bool write);
/* A write transaction for one self-contained statement (a node's own row):
 * on PostgreSQL it does not queue behind the writers' lock, and gives up
 * after 2 s on a row another transaction holds. */
int store_begin_unqueued(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);
bool store_in_transaction(const struct store *st);

const char *store_errmsg(const struct store *st);

/* What the last failure means, the same for both backends. */
enum store_errclass {
	STORE_E_NONE = 0,
	STORE_E_READONLY,    /* a read-only database or standby */
	STORE_E_UNAVAILABLE, /* the database cannot be reached */
	STORE_E_CONFLICT,    /* a constraint refused the change */
	STORE_E_BUSY,	     /* another writer, a serialisation failure or a deadlock */
	STORE_E_OTHER,
};
enum store_errclass store_error_class(const struct store *st);

/* The cluster database (PostgreSQL, libpq loaded on first use): reads from
 * this node's database at local (its hot standby, or the primary on the
 * publisher), writes to primary (libpq's multi-host form with
 * target_session_attrs=read-write), reached on the first write; a write
 * returns once local has replayed it, or after 5 s with store_replay_late.
 * An unreachable publisher fails writes as STORE_E_UNAVAILABLE; reads go
 * on. Its schema is brought up to date by the cluster commands, not here. */
int store_open_cluster(const char *primary, const char *local, struct store **out, char *err, size_t errlen);
/* One database for both. */
int store_open_pg(const char *conninfo, struct store **out, char *err, size_t errlen);
/* The last write committed on the publisher but had not reached this node's
 * copy within the wait. */
bool store_replay_late(const struct store *st);
/* A read-only transaction on the primary (what only the primary knows:
 * its replication connections); a plain read transaction on SQLite. */
int store_begin_primary(struct store *st);
/* Runs SQL without parameters (schema changes); STORE_OK or STORE_ERROR. */
int store_exec(struct store *st, const char *sql);
int store_schema_version(struct store *st);
int store_schema_latest(void);
const char *store_library_version(void);

#endif
