#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cluster.h"
#include "store/store_int.h"

/* Migration N brings the cluster schema from N-1 to N; never edit a
 * released one. PostgreSQL's own words: this schema lives there only. */
static const char *const cluster_migrations[] = {
    /* 1: the node list and the cluster-wide parameters */
    "CREATE TABLE cluster_node ("
    "  name TEXT PRIMARY KEY,"
    "  fqdn TEXT NOT NULL,"
    "  ip TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('publisher', 'subscriber')),"
    "  joined TEXT NOT NULL);"
    "CREATE TABLE param ("
    "  scope TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY (scope, name));",
    /* 2: service parameters, which each node sets for itself */
    "CREATE TABLE node_param ("
    "  node TEXT NOT NULL REFERENCES cluster_node (name) ON DELETE CASCADE,"
    "  scope TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY (node, scope, name));",
};

#define N_CLUSTER ((int)(sizeof(cluster_migrations) / sizeof(cluster_migrations[0])))

int store_cluster_version(struct store *st, int *version)
{
	struct stmt *s =
	    store_stmt(st, "SELECT CASE WHEN to_regclass('cluster_schema') IS NULL THEN 0 ELSE 1 END");
	int rc;

	*version = 0;
	if (!s || (rc = store_step_one(st, s, "read the cluster schema")) != STORE_OK)
		return STORE_ERROR;
	bool exists = col_int(s, 0) == 1;
	stmt_reset(s);
	if (!exists)
		return STORE_OK;
	if (!(s = store_stmt(st, "SELECT coalesce(max(version), 0) FROM cluster_schema")) ||
	    (rc = store_step_one(st, s, "read the cluster schema")) != STORE_OK)
		return STORE_ERROR;
	*version = (int)col_int(s, 0);
	stmt_reset(s);
	return STORE_OK;
}

int store_cluster_migrate(struct store *st)
{
	int v;

	if (store_cluster_version(st, &v) != STORE_OK)
		return STORE_ERROR;
	if (v == 0 &&
	    st->be->exec(st, "CREATE TABLE IF NOT EXISTS cluster_schema (version INTEGER NOT NULL)") !=
		STORE_OK)
		return STORE_ERROR;
	for (int target = v + 1; target <= N_CLUSTER; target++) {
		struct stmt *s;
		if (st->be->exec(st, cluster_migrations[target - 1]) != STORE_OK ||
		    !(s = store_stmt(st, "INSERT INTO cluster_schema (version) VALUES ($v)")))
			return STORE_ERROR;
		bind_int(s, "$v", target);
		if (store_step_done(st, s, "record the cluster schema") != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

int store_cluster_node_put(struct store *st, const struct cluster_node *n)
{
	struct stmt *s =
	    store_stmt(st, "INSERT INTO cluster_node (name, fqdn, ip, role, joined)"
			   " VALUES ($name, $fqdn, $ip, $role, $joined) ON CONFLICT (name) DO UPDATE"
			   " SET fqdn = excluded.fqdn, ip = excluded.ip, role = excluded.role");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", n->name);
	bind_text(s, "$fqdn", n->fqdn);
	bind_text(s, "$ip", n->ip);
	bind_text(s, "$role", n->role);
	bind_text(s, "$joined", store_now(st));
	return store_step_done(st, s, "register the node");
}

int store_cluster_node_delete(struct store *st, const char *name)
{
	struct stmt *s = store_stmt(st, "DELETE FROM cluster_node WHERE name = $name");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	if ((rc = store_step_done(st, s, "remove the node")) != STORE_OK)
		return rc;
	return stmt_changes(s) ? STORE_OK : STORE_NOTFOUND;
}

static void read_node(struct stmt *s, struct cluster_node *n)
{
	n->name = stmt_dup(s, 0);
	n->fqdn = stmt_dup(s, 1);
	n->ip = stmt_dup(s, 2);
	n->role = stmt_dup(s, 3);
	n->joined = stmt_dup(s, 4);
}

int store_cluster_node_get(struct store *st, const char *name, struct cluster_node *out)
{
	struct stmt *s =
	    store_stmt(st, "SELECT name, fqdn, ip, role, joined FROM cluster_node WHERE name = $name");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	if ((rc = store_step_one(st, s, "read the node")) == STORE_OK) {
		read_node(s, out);
		stmt_reset(s);
	}
	return rc;
}

int store_cluster_node_each(struct store *st, int (*fn)(const struct cluster_node *n, void *ctx), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT name, fqdn, ip, role, joined FROM cluster_node"
					" ORDER BY role DESC, name");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct cluster_node n;
		read_node(s, &n);
		int stop = fn(&n, ctx);
		cluster_node_free(&n);
		if (stop)
			break;
	}
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list the nodes") : STORE_OK;
}

void cluster_node_free(struct cluster_node *n)
{
	free(n->name);
	free(n->fqdn);
	free(n->ip);
	free(n->role);
	free(n->joined);
	memset(n, 0, sizeof(*n));
}

int store_cluster_is_primary(struct store *st, bool *yes)
{
	struct stmt *s = store_stmt(st, "SELECT CASE WHEN pg_is_in_recovery() THEN 0 ELSE 1 END");
	int rc;

	*yes = false;
	if (!s)
		return STORE_ERROR;
	if ((rc = store_step_one(st, s, "ask the database its role")) == STORE_OK) {
		*yes = col_int(s, 0) == 1;
		stmt_reset(s);
	}
	return rc;
}

int store_cluster_replicas(struct store *st, int (*fn)(const struct replica *r, void *ctx), void *ctx)
{
	struct stmt *s = store_stmt(
	    st, "SELECT coalesce(s.slot_name, r.application_name, ''), coalesce(host(r.client_addr), ''),"
		" coalesce(r.state, 'disconnected'),"
		" coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), coalesce(r.replay_lsn, s.restart_lsn)), "
		"0)::bigint,"
		" coalesce(round(extract(epoch FROM r.replay_lag)::numeric, 3)::text, ''),"
		" CASE WHEN coalesce(s.active, false) THEN 1 ELSE 0 END"
		" FROM pg_replication_slots s FULL JOIN pg_stat_replication r ON r.pid = s.active_pid"
		" ORDER BY 1");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct replica r = {col_text(s, 0), col_text(s, 1), col_text(s, 2),
				    col_int(s, 3),  col_text(s, 4), col_int(s, 5) == 1};
		if (fn(&r, ctx))
			break;
	}
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "read the replication state") : STORE_OK;
}

int store_cluster_local(struct store *st, struct local_replication *out)
{
	struct stmt *s = store_stmt(
	    st, "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END,"
		" coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp())::bigint, -1),"
		" coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)::bigint");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return STORE_ERROR;
	if ((rc = store_step_one(st, s, "read the replication state")) == STORE_OK) {
		out->standby = col_int(s, 0) == 1;
		out->lag_seconds = out->standby ? col_int(s, 1) : 0;
		out->pending_bytes = col_int(s, 2);
		stmt_reset(s);
	}
	return rc;
}

int store_cluster_promote(struct store *st)
{
	struct stmt *s = store_stmt(st, "SELECT CASE WHEN pg_promote(true, 60) THEN 1 ELSE 0 END");
	int rc;

	if (!s)
		return STORE_ERROR;
	if ((rc = store_step_one(st, s, "promote")) != STORE_OK)
		return STORE_ERROR;
	bool done = col_int(s, 0) == 1;
	stmt_reset(s);
	if (!done) {
		snprintf(st->err, sizeof(st->err),
			 "promote: the standby did not finish recovery within 60 s");
		return STORE_ERROR;
	}
	/* A commit must not wait for a standby that followed the old primary. */
	if (st->be->exec(st, "ALTER SYSTEM RESET synchronous_standby_names") != STORE_OK)
		return STORE_ERROR;
	return st->be->exec(st, "SELECT pg_reload_conf()");
}

int store_cluster_set_publisher(struct store *st, const char *name)
{
	struct stmt *s =
	    store_stmt(st, "UPDATE cluster_node SET role = CASE WHEN name = $name THEN 'publisher'"
			   " ELSE 'subscriber' END");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	return store_step_done(st, s, "record the new publisher");
}
