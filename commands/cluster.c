/* utils cluster init|join|leave, show cluster (CLUSTER.md). */
#include <stdio.h>
#include <string.h>

#include "commands/families.h"
#include "commands/session.h"
#include "svc/cluster.h"
#include "svc/trust.h"
#include "util/strbuf.h"
#include "util/strlist.h"

static void report(struct out *o, const struct cluster_report *r)
{
	out_msg(o, "%d parameter%s of this node taken into the cluster.", r->params,
		r->params == 1 ? "" : "s");
	if (r->conflicts)
		out_warn(o, "%d value%s differed; the cluster's %s kept: %s", r->conflicts,
			 r->conflicts == 1 ? "" : "s", r->conflicts == 1 ? "is" : "are", r->conflict);
	out_msg(o, "%d user%s and %d CAPF profile%s of this node added to the cluster.", r->users,
		r->users == 1 ? "" : "s", r->profiles, r->profiles == 1 ? "" : "s");
	out_msg(o,
		"Trust certificates of this node: %d added to the cluster's stores, %d replaced an older "
		"renewal there, %d already there.",
		r->trust[TRUST_ADDED], r->trust[TRUST_REPLACED], r->trust[TRUST_DUPLICATE]);
}

static int cluster_init(struct session *s, const void *args, struct out *o)
{
	struct cluster_report r;
	struct err e;

	if (core_cluster_init(&s->core, &r, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Cluster created; this node is its publisher.");
	report(o, &r);
	return UC_OK;
}

static int cluster_join(struct session *s, const void *args, struct out *o)
{
	struct cluster_report r;
	struct err e;

	if (core_cluster_join(&s->core, &r, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "This node joined the cluster as a subscriber.");
	report(o, &r);
	return UC_OK;
}

static int cluster_leave(struct session *s, const void *args, struct out *o)
{
	struct err e;

	if (core_cluster_leave(&s->core, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "This node left the cluster; it uses its own settings again.");
	return UC_OK;
}

static int cluster_sync(struct session *s, const void *args, struct out *o)
{
	struct cluster_sync r;
	struct err e;

	if (core_cluster_sync(&s->core, &r, &e) != 0)
		return cmd_fail(o, &e);
	out_kv_begin(o, NULL);
	out_kv_num(o, "generation", "Cluster generation", r.gen, NULL);
	out_kv(o, "files", "This node's files", r.rewritten ? "rewritten (they were behind)" : "current");
	out_kv_end(o);
	return UC_OK;
}

struct nodes_ctx {
	struct out *o;
	char self[64];
	bool primary_answers;
	struct strlist streaming; /* slots with a standby connected */
};

static int note_streaming(const struct replica *r, void *ctx)
{
	struct nodes_ctx *k = ctx;

	if (r->slot_active)
		strlist_add(&k->streaming, r->slot);
	return 0;
}

/* The publisher when its database answers; a subscriber when its standby
 * streams from it (unknown while the publisher cannot be asked). */
static const char *reachable(const struct nodes_ctx *k, const struct cluster_node *n)
{
	if (strcmp(n->role, "publisher") == 0)
		return k->primary_answers ? "yes" : "no";
	if (!k->primary_answers)
		return "unknown";
	return *n->slot && strlist_has(&k->streaming, n->slot) ? "yes" : "no";
}

static int node_row(const struct cluster_node *n, void *ctx)
{
	struct nodes_ctx *k = ctx;
	char gen[24];
	const char *cells[] = {
	    n->name,	     n->fqdn, n->ip,	n->role, strcmp(n->name, k->self) == 0 ? "yes" : "no",
	    reachable(k, n), gen,     n->joined};

	snprintf(gen, sizeof(gen), "%lld", n->deployed);
	out_row(k->o, cells);
	return 0;
}

static int show_cluster(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {
	    {"name", "Node", OT_STR},
	    {"fqdn", "FQDN", OT_STR},
	    {"ip", "IP", OT_STR},
	    {"role", "Role", OT_STR},
	    {"this_node", "This node", OT_BOOL},
	    {"reachable", "Reachable", OT_STR},
	    {"deployed", "Deployed generation", OT_INT},
	    {"joined", "Joined (UTC)", OT_STR},
	};
	struct nodes_ctx k = {o, "", false, {0}};
	struct err e, ignored;
	int rc = UC_OK;

	if (core_cluster_self(&s->core, k.self, sizeof(k.self), &e) != 0)
		return cmd_fail(o, &e);
	k.primary_answers = core_cluster_replicas(&s->core, note_streaming, &k, &ignored) == 0;
	out_kv_begin(o, NULL);
	out_kv_num(o, "generation", "Cluster generation", s->core.cluster_gen, NULL);
	out_kv_end(o);
	out_table_begin(o, "nodes", cols, 8);
	if (core_cluster_nodes(&s->core, node_row, &k, &e) != 0)
		rc = cmd_fail(o, &e);
	else
		out_table_end(o, NULL);
	strlist_free(&k.streaming);
	return rc;
}

static int replica_row(const struct replica *r, void *ctx)
{
	char bytes[24];
	const char *cells[] = {r->slot, r->addr,	r->state,
			       bytes,	r->lag_seconds, r->slot_active ? "yes" : "no"};

	snprintf(bytes, sizeof(bytes), "%lld", r->lag_bytes);
	out_row(ctx, cells);
	return 0;
}

/* What the appliance calls the replication runtime state: this node's copy
 * and, from the primary, every standby's stream and slot. */
static int cluster_status(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {
	    {"slot", "Slot", OT_STR},		{"address", "Address", OT_STR},
	    {"state", "State", OT_STR},		{"lag_bytes", "Lag (bytes)", OT_INT},
	    {"lag_seconds", "Lag (s)", OT_STR}, {"slot_active", "Slot active", OT_BOOL},
	};
	struct local_replication lr;
	char self[64], lag[128];
	struct err e;

	if (core_cluster_self(&s->core, self, sizeof(self), &e) != 0 ||
	    core_cluster_local(&s->core, &lr, &e) != 0)
		return cmd_fail(o, &e);
	if (lr.standby && lr.lag_seconds >= 0)
		snprintf(lag, sizeof(lag), "%lld s since the last replayed change, %lld bytes to replay",
			 lr.lag_seconds, lr.pending_bytes);
	else
		snprintf(lag, sizeof(lag), "%s",
			 lr.standby ? "unknown (nothing replayed yet)" : "none (the primary)");
	out_kv_begin(o, NULL);
	out_kv(o, "node", "This node", self);
	out_kv(o, "database", "Its database", lr.standby ? "hot standby" : "primary");
	out_kv(o, "member", "Member", s->core.member ? "yes" : "no");
	out_kv(o, "local_lag", "Replication lag", lag);
	out_kv_end(o);
	out_table_begin(o, "replicas", cols, 6);
	if (core_cluster_replicas(&s->core, replica_row, o, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "The primary has no standbys.");
	return UC_OK;
}

static int cluster_promote(struct session *s, const void *args, struct out *o)
{
	struct err e;

	if (core_cluster_promote(&s->core, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "This node's database is the primary now, and %s is the publisher.", s->core.node_name);
	out_msg(o,
		"On every other subscriber, point its standby at this node's database (ALTER SYSTEM SET "
		"primary_conninfo, then SELECT pg_reload_conf()); rebuild the old publisher as a standby of "
		"this node (pg_basebackup -R -X stream -C -S SLOT) before it runs again. README: Running a "
		"cluster.");
	return UC_OK;
}

static void explain_promote(struct session *s, const void *args, struct strbuf *out)
{
	strbuf_adds(out,
		    "This node's standby database stops following the publisher and becomes the primary; "
		    "this node becomes the publisher. Do this only after the old publisher is lost: it must "
		    "not run again as a primary.\n");
}

static void explain_init(struct session *s, const void *args, struct strbuf *out)
{
	strbuf_adds(out,
		    "The cluster database gets its schema and this node as the publisher; this node's "
		    "enterprise parameters and CTL state are taken into it, and from now on every member "
		    "reads and changes them there.\n");
}

static void explain_join(struct session *s, const void *args, struct strbuf *out)
{
	strbuf_adds(out,
		    "This node joins the cluster as a subscriber; from now on it reads the cluster's "
		    "enterprise parameters and CTL state, and values of its own that differ are reported and "
		    "replaced by the cluster's.\n");
}

static void explain_leave(struct session *s, const void *args, struct strbuf *out)
{
	strbuf_adds(out, "This node leaves the node list and goes back to its own settings, as they were "
			 "when it joined.\n");
}

static const struct cmd_def cluster_cmds[] = {
    {"utils cluster init", cluster_init, PRIV_ADMIN, CMD_OWN_TX | CMD_CONFIRM,
     "On the publisher: create the cluster and take this node's cluster-wide settings into it",
     "utils cluster init", NULL, explain_init},
    {"utils cluster join", cluster_join, PRIV_ADMIN, CMD_OWN_TX | CMD_CONFIRM,
     "On a subscriber: join the cluster configured in ucsh.conf", "utils cluster join", NULL, explain_join},
    {"utils cluster leave", cluster_leave, PRIV_ADMIN, CMD_OWN_TX | CMD_CONFIRM,
     "Leave the cluster (the publisher last)", "utils cluster leave", NULL, explain_leave},
    {"utils cluster promote", cluster_promote, PRIV_ADMIN, CMD_OWN_TX | CMD_CONFIRM,
     "After the publisher is lost: make this node's database the primary and this node the publisher",
     "utils cluster promote", NULL, explain_promote},
    {"utils cluster sync", cluster_sync, PRIV_OPER, CMD_OWN_TX,
     "Bring this node's trust bundles, ITL and CTL up to the cluster's (every start does it too; "
     "ucsh-cluster-sync.timer every minute)",
     NULL, NULL, NULL},
    {"utils cluster status", cluster_status, PRIV_READ, CMD_OWN_TX,
     "Replication: this node's copy and its lag; every standby's stream and slot, from the primary", NULL,
     NULL, NULL},
    {"utils dbreplication runtimestate", cluster_status, PRIV_READ, CMD_OWN_TX | CMD_ALIAS,
     "The appliance's name for utils cluster status", NULL, NULL, NULL},
    {"show cluster", show_cluster, PRIV_READ, CMD_OWN_TX, "The cluster's nodes, their roles and addresses",
     NULL, NULL, NULL},
};

static const struct kw_help cluster_kw[] = {
    {"utils cluster", "The node in a cluster"},
    {"utils dbreplication", "Database replication (utils cluster status)"},
    {NULL, NULL},
};

const struct cmd_family cluster_family = CMD_FAMILY("cluster", cluster_cmds, cluster_kw, NULL);
