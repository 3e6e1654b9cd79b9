#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/capf.h"
#include "store/cert.h"
#include "store/effect.h"
#include "store/node.h"
#include "store/param.h"
#include "store/user.h"
#include "svc/cluster.h"
#include "svc/settings.h"
#include "svc/trust.h"
#include "svc/xmpp.h"

static int need_cluster(struct core *c, struct err *e);

int core_cluster_self(struct core *c, char *name, size_t len, struct err *e)
{
	struct node_identity id = {0};

	if (store_node_get(c->store, &id) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the node identity: %s", store_errmsg(c->store));
	snprintf(name, len, "%s", id.hostname);
	node_identity_free(&id);
	return 0;
}

/* One query per start, membership and the cluster's generation: a
 * database without the cluster schema fails it, which means "not a member"
 * as well. */
static bool is_member(struct core *c)
{
	return store_cluster_member(c->cluster, c->node_name, &c->cluster_gen) == STORE_OK;
}

bool core_cluster_behind(struct core *c)
{
	long long want = 0;
	bool raised;

	if (!c->member || store_effect_wanted(c->store, "cluster", &want) != STORE_OK ||
	    want >= c->cluster_gen || store_begin(c->store, true) != STORE_OK)
		return false;
	raised = store_effect_want_at(c->store, "cluster", c->cluster_gen) == STORE_OK &&
		 store_commit(c->store) == STORE_OK;
	store_rollback(c->store);
	c->caught_up |= raised;
	return raised;
}

static int publisher_of(const struct cluster_node *n, void *ctx);

int core_cluster_publisher(struct core *c, char *name, size_t len)
{
	char found[64] = "";

	if (!c->member)
		return -1;
	if (store_cluster_node_each(c->cluster, publisher_of, found) != STORE_OK || !*found)
		return -1;
	snprintf(name, len, "%s", found);
	return 0;
}

void core_cluster_note_deployed(struct core *c, long long gen)
{
	/* Best effort: with the publisher down the node list keeps the last
	 * value, and show cluster says the publisher is unreachable. */
	if (store_begin_unqueued(c->cluster) != STORE_OK)
		return;
	if (store_cluster_deployed(c->cluster, c->node_name, gen) != STORE_OK ||
	    store_commit(c->cluster) != STORE_OK)
		store_rollback(c->cluster);
}

int core_cluster_sync(struct core *c, struct cluster_sync *r, struct err *e)
{
	memset(r, 0, sizeof(*r));
	if (need_cluster(c, e) != 0)
		return -1;
	if (!is_member(c))
		return err_set(e, ERR_REFUSED, "This node is not a member of the cluster");
	r->gen = c->cluster_gen;
	if (core_cluster_behind(c) || fx_behind(c, "cluster")) {
		c->caught_up = true;
		if (fx_heal(c, e) != 0)
			return -1;
	}
	r->rewritten = c->caught_up; /* now, or when this command started */
	return 0;
}

bool core_replay_late(const struct core *c)
{
	return c->cluster && store_replay_late(c->cluster);
}

int core_cluster_open(struct core *c, char *why, size_t len)
{
	char err[400];

	c->member = false;
	if (!c->config->cluster_primary)
		return 0;
	if (store_open_cluster(c->config->cluster_primary, c->config->cluster_local, &c->cluster, err,
			       sizeof(err)) != STORE_OK) {
		c->cut_off = setting_int(c, "cluster", "member") == 1;
		snprintf(why, len,
			 "%s; cluster-wide settings are read from this node's own copy and cannot be changed",
			 err);
		return 1;
	}
	struct err e;
	if (core_cluster_self(c, c->node_name, sizeof(c->node_name), &e) != 0)
		c->node_name[0] = '\0';
	c->member = *c->node_name && is_member(c);
	return 0;
}

void core_cluster_close(struct core *c)
{
	store_close(c->cluster);
	c->cluster = NULL;
	c->member = false;
}

static int need_cluster(struct core *c, struct err *e)
{
	if (!c->config->cluster_primary)
		return err_set(
		    e, ERR_INVALID,
		    "This node is not configured for a cluster: set cluster.primary and cluster.local in "
		    "%s",
		    c->config->path ? c->config->path : "ucsh.conf");
	if (!c->cluster)
		return err_set(e, ERR_FAIL, "The cluster database cannot be reached (cluster.local = %s)",
			       c->config->cluster_local);
	return 0;
}

/* This node's service parameters, under its name. */
static int bring_own(struct core *c, const struct setting_def *p, struct cluster_report *r)
{
	char *ours = NULL;
	int rc;

	if (store_param_get(c->store, p->scope, p->id, &ours) != STORE_OK)
		return 0;
	rc = store_node_param_set(c->cluster, c->node_name, p->scope, p->id, ours);
	free(ours);
	r->params += rc == STORE_OK;
	return rc == STORE_OK ? 0 : -1;
}

/* This node's cluster-wide rows into the cluster database: a value the
 * cluster lacks is added; one it has otherwise is kept and reported. */
static int bring_rows(struct core *c, struct cluster_report *r)
{
	for (size_t i = 0; i < nsettings; i++) {
		const struct setting_def *p = &settings[i];
		char *ours = NULL, *theirs = NULL;
		int rc;
		if (!p->internal && strcmp(p->scope, "enterprise") != 0) {
			if (bring_own(c, p, r) != 0)
				return -1;
			continue;
		}
		if (!setting_cluster_wide(p) || p->read_only ||
		    store_param_get(c->store, p->scope, p->id, &ours) != STORE_OK)
			continue;
		rc = store_param_get(c->cluster, p->scope, p->id, &theirs);
		if (rc == STORE_NOTFOUND)
			rc = store_param_set(c->cluster, p->scope, p->id, ours);
		else if (rc == STORE_OK && strcmp(ours, theirs) != 0) {
			size_t n = strlen(r->conflict);
			if (r->conflicts++ < 4)
				snprintf(r->conflict + n, sizeof(r->conflict) - n, "%s%s: %s (cluster: %s)",
					 n ? "; " : "", p->id, ours, theirs);
		}
		free(ours);
		free(theirs);
		if (rc != STORE_OK)
			return -1;
		r->params++;
	}
	return 0;
}

static int publish_one(const struct cert_row *row, void *ctx)
{
	struct core *c = ctx;

	return store_node_cert_put(c->cluster, c->node_name, row->unit, row->pem) != STORE_OK;
}

/* This node's public certificates (never its keys), for the other nodes'
 * trust lists. */
static int publish_own(struct core *c)
{
	return store_cert_each(c->store, "own", NULL, 0, true, publish_one, c) == STORE_OK ? 0 : -1;
}

struct user_merge {
	struct core *c;
	struct cluster_report *r;
	int failed;
};

static int bring_user(const struct user_row *u, void *ctx)
{
	struct user_merge *m = ctx;
	struct user_row theirs;
	int rc = store_user_get(m->c->cluster, u->name, &theirs);

	if (rc == STORE_NOTFOUND) {
		rc = store_user_add(m->c->cluster, u->name, u->kind);
		m->r->users += rc == STORE_OK;
	} else if (rc == STORE_OK) {
		if (strcmp(theirs.kind, u->kind) != 0) {
			size_t n = strlen(m->r->conflict);
			if (m->r->conflicts++ < 4)
				snprintf(m->r->conflict + n, sizeof(m->r->conflict) - n,
					 "%suser %s: %s (cluster: %s)", n ? "; " : "", u->name, u->kind,
					 theirs.kind);
		}
		user_row_free(&theirs);
	}
	m->failed = rc != STORE_OK;
	return m->failed;
}

static int bring_member(const char *group, const char *name, void *ctx)
{
	struct user_merge *m = ctx;

	m->failed = store_group_add(m->c->cluster, group, name) != STORE_OK;
	return m->failed;
}

static int bring_profile(const struct capf_profile *p, void *ctx)
{
	struct user_merge *m = ctx;
	struct capf_profile theirs;
	int rc = store_capf_get(m->c->cluster, p->instance, &theirs);

	if (rc == STORE_OK) {
		size_t n = strlen(m->r->conflict);
		if (strcmp(theirs.user, p->user) != 0 && m->r->conflicts++ < 4)
			snprintf(m->r->conflict + n, sizeof(m->r->conflict) - n,
				 "%sCAPF profile %s: %s (cluster: %s)", n ? "; " : "", p->instance, p->user,
				 theirs.user);
		capf_profile_free(&theirs);
	} else if (rc == STORE_NOTFOUND && (rc = store_capf_put(m->c->cluster, p)) == STORE_OK) {
		m->r->profiles++;
	}
	m->failed = rc != STORE_OK;
	return m->failed;
}

static int bring_lsc(const struct lsc_row *l, void *ctx)
{
	struct user_merge *m = ctx;
	struct lsc_row full, theirs;
	int rc = store_lsc_get(m->c->cluster, l->instance, &theirs);

	if (rc == STORE_OK) {
		lsc_row_free(&theirs);
		return 0;
	}
	if (rc == STORE_NOTFOUND && (rc = store_lsc_get(m->c->store, l->instance, &full)) == STORE_OK) {
		rc = store_lsc_put(m->c->cluster, &full);
		lsc_row_free(&full);
	}
	m->failed = rc != STORE_OK;
	return m->failed;
}

/* CAPF profiles and LSCs the cluster lacks are added; an instance it has
 * for another user is reported and the cluster's kept. */
static int bring_capf(struct core *c, struct cluster_report *r)
{
	struct user_merge m = {c, r, 0};

	if (store_capf_each(c->store, bring_profile, &m) != STORE_OK || m.failed ||
	    store_lsc_each(c->store, bring_lsc, &m) != STORE_OK || m.failed)
		return -1;
	return 0;
}

/* Users the cluster lacks are added (a name it has as the other kind is
 * reported and the cluster's kept); group memberships are added. */
static int bring_users(struct core *c, struct cluster_report *r)
{
	struct user_merge m = {c, r, 0};

	if (store_user_each(c->store, bring_user, &m) != STORE_OK || m.failed ||
	    store_group_each(c->store, NULL, bring_member, &m) != STORE_OK || m.failed)
		return -1;
	return 0;
}

/* Trust stores into the cluster's by the replacement rules, the node's
 * certificates published, and a new generation every node follows. */
static int bring_certs(struct core *c, struct cluster_report *r, struct err *e)
{
	if (bring_users(c, r) != 0 || bring_capf(c, r) != 0)
		return err_set(e, ERR_FAIL, "Cannot merge the users and CAPF profiles: %s",
			       store_errmsg(c->cluster));
	if (core_trust_merge(c->store, c->cluster, r->trust) != 0)
		return err_set(e, ERR_FAIL, "Cannot merge the trust stores: %s", store_errmsg(c->cluster));
	if (publish_own(c) != 0)
		return err_set(e, ERR_FAIL, "Cannot publish this node's certificates: %s",
			       store_errmsg(c->cluster));
	/* Router-to-router secure mode: the nodes' XMPP certificates, this
	 * one's included, in the cluster's cup-xmpp-trust (the cluster's rows
	 * are this node's from here on). */
	bool was = c->member;
	c->member = true;
	int rc = core_xmpp_replicate(c, NULL, e);
	c->member = was;
	if (rc != 0)
		return -1;
	if (store_cluster_bump(c->cluster, &c->cluster_gen) != STORE_OK)
		return err_set(e, ERR_FAIL, "%s", store_errmsg(c->cluster));
	return 0;
}

static int register_self(struct core *c, const char *role, const char *slot, struct err *e)
{
	struct node_identity id = {0};
	char fqdn[320];
	int rc;

	if (store_node_get(c->store, &id) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the node identity: %s", store_errmsg(c->store));
	snprintf(fqdn, sizeof(fqdn), "%s.%s", id.hostname, id.domain);
	struct cluster_node n = {id.hostname, fqdn, id.ip, (char *)role, NULL, 0, (char *)slot};
	rc = store_cluster_node_put(c->cluster, &n);
	node_identity_free(&id);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot register the node: %s", store_errmsg(c->cluster));
	return 0;
}

static int files_behind(struct err *e, const char *done)
{
	char why[sizeof(e->msg)];

	memcpy(why, e->msg, sizeof(why));
	return err_set(e, ERR_FAIL,
		       "%s, but this node's files were not rewritten (the next start retries): %.300s", done,
		       why);
}

/* Kept in the node's own store for when the cluster cannot be reached. */
static void note_membership(struct core *c, bool member)
{
	if (store_begin(c->store, true) != STORE_OK)
		return;
	if (store_param_set(c->store, "cluster", "member", member ? "1" : "0") != STORE_OK ||
	    store_commit(c->store) != STORE_OK)
		store_rollback(c->store);
}

static int finish(struct core *c, int rc, struct err *e)
{
	if (rc != 0) {
		store_rollback(c->cluster);
		return -1;
	}
	if (store_commit(c->cluster) != STORE_OK)
		return err_set(e, ERR_FAIL, "Not saved in the cluster database: %s",
			       store_errmsg(c->cluster));
	c->member = true;
	note_membership(c, true);
	/* This node's trust bundles and trust lists are the cluster's now. */
	if (core_cluster_behind(c) && fx_heal(c, e) != 0)
		return files_behind(e, "Joined");
	return 0;
}

static int publisher_of(const struct cluster_node *n, void *ctx)
{
	if (strcmp(n->role, "publisher") == 0) {
		snprintf(ctx, 64, "%s", n->name);
		return 1;
	}
	return 0;
}

int core_cluster_init(struct core *c, struct cluster_report *r, struct err *e)
{
	char self[64], publisher[64] = "";
	bool primary = false;
	int v = 0;

	memset(r, 0, sizeof(*r));
	if (need_cluster(c, e) != 0 || core_cluster_self(c, self, sizeof(self), e) != 0)
		return -1;
	if (store_cluster_is_primary(c->cluster, &primary) != STORE_OK || !primary)
		return err_set(
		    e, ERR_REFUSED,
		    "This node's database (cluster.local) is a standby, not the primary: run utils cluster "
		    "init on the publisher and utils cluster join here");
	if (store_begin(c->cluster, true) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot start a transaction: %s", store_errmsg(c->cluster));
	if (store_cluster_version(c->cluster, &v) != STORE_OK ||
	    (v > 0 && store_cluster_node_each(c->cluster, publisher_of, publisher) != STORE_OK))
		return finish(c, err_set(e, ERR_FAIL, "%s", store_errmsg(c->cluster)), e);
	if (*publisher && strcmp(publisher, self) != 0)
		return finish(
		    c, err_set(e, ERR_REFUSED, "The cluster already has a publisher, %s", publisher), e);
	if (store_cluster_migrate(c->cluster) != STORE_OK)
		return finish(
		    c, err_set(e, ERR_FAIL, "Cannot create the cluster schema: %s", store_errmsg(c->cluster)),
		    e);
	if (register_self(c, "publisher", "", e) != 0)
		return finish(c, -1, e);
	if (bring_rows(c, r) != 0)
		return finish(
		    c, err_set(e, ERR_FAIL, "Cannot move the parameters: %s", store_errmsg(c->cluster)), e);
	return finish(c, bring_certs(c, r, e), e);
}

int core_cluster_join(struct core *c, struct cluster_report *r, struct err *e)
{
	int v = 0;

	memset(r, 0, sizeof(*r));
	if (need_cluster(c, e) != 0)
		return -1;
	/* Its standby's slot, read there before the write moves to the primary. */
	struct local_replication lr;
	if (store_cluster_local(c->cluster, &lr) != STORE_OK)
		return err_set(e, ERR_FAIL, "%s", store_errmsg(c->cluster));
	/* On the primary: this node's standby may not have replayed the init. */
	if (core_cluster_write(c, e) != 0)
		return -1;
	if (store_cluster_version(c->cluster, &v) != STORE_OK)
		return finish(c, err_set(e, ERR_FAIL, "%s", store_errmsg(c->cluster)), e);
	if (v == 0)
		return finish(
		    c,
		    err_set(
			e, ERR_REFUSED,
			"The cluster database has no cluster yet: run utils cluster init on the publisher "
			"first"),
		    e);
	/* A newer ucsh on this node brings the schema up to date. */
	if (store_cluster_migrate(c->cluster) != STORE_OK)
		return finish(
		    c, err_set(e, ERR_FAIL, "Cannot update the cluster schema: %s", store_errmsg(c->cluster)),
		    e);
	if (register_self(c, "subscriber", lr.slot, e) != 0)
		return finish(c, -1, e);
	if (bring_rows(c, r) != 0)
		return finish(
		    c, err_set(e, ERR_FAIL, "Cannot merge the parameters: %s", store_errmsg(c->cluster)), e);
	return finish(c, bring_certs(c, r, e), e);
}

static int count_others(const struct cluster_node *n, void *ctx)
{
	struct {
		const char *self;
		int others;
	} *k = ctx;
	k->others += strcmp(n->name, k->self) != 0;
	return 0;
}

int core_cluster_leave(struct core *c, struct err *e)
{
	char self[64];
	struct cluster_node me;

	if (need_cluster(c, e) != 0 || core_cluster_self(c, self, sizeof(self), e) != 0)
		return -1;
	if (!c->member || store_cluster_node_get(c->cluster, self, &me) != STORE_OK)
		return err_set(e, ERR_REFUSED, "This node is not a member of the cluster");
	struct {
		const char *self;
		int others;
	} k = {self, 0};
	bool publisher = strcmp(me.role, "publisher") == 0;
	cluster_node_free(&me);
	if (core_cluster_write(c, e) != 0)
		return -1;
	if (publisher && (store_cluster_node_each(c->cluster, count_others, &k) != STORE_OK || k.others)) {
		store_rollback(c->cluster);
		return err_set(e, ERR_REFUSED,
			       "The publisher cannot leave while %d subscriber%s remain%s: they leave first",
			       k.others, k.others == 1 ? "" : "s", k.others == 1 ? "s" : "");
	}
	if (store_cluster_node_delete(c->cluster, self) != STORE_OK) {
		store_rollback(c->cluster);
		return err_set(e, ERR_FAIL, "Cannot leave: %s", store_errmsg(c->cluster));
	}
	if (store_commit(c->cluster) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot leave: %s", store_errmsg(c->cluster));
	c->member = false;
	note_membership(c, false);
	/* Its own trust stores again (what it had before it joined). */
	fx_deploy_shared(c);
	if (fx_apply(c, e) != 0)
		return files_behind(e, "Left");
	return 0;
}

int core_cluster_nodes(struct core *c, int (*fn)(const struct cluster_node *n, void *ctx), void *ctx,
		       struct err *e)
{
	if (need_cluster(c, e) != 0)
		return -1;
	if (!c->member)
		return err_set(
		    e, ERR_REFUSED,
		    "This node is not a member of a cluster yet (utils cluster init on the publisher, utils "
		    "cluster join on a subscriber)");
	if (store_cluster_node_each(c->cluster, fn, ctx) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the node list: %s", store_errmsg(c->cluster));
	return 0;
}

int core_cluster_replicas(struct core *c, int (*fn)(const struct replica *r, void *ctx), void *ctx,
			  struct err *e)
{
	int rc;

	if (need_cluster(c, e) != 0)
		return -1;
	if (store_begin_primary(c->cluster) != STORE_OK)
		return err_set(e, ERR_FAIL, "The publisher (%s) cannot be reached: %s",
			       c->config->cluster_primary, store_errmsg(c->cluster));
	rc = store_cluster_replicas(c->cluster, fn, ctx);
	store_rollback(c->cluster);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "%s", store_errmsg(c->cluster));
	return 0;
}

int core_cluster_local(struct core *c, struct local_replication *out, struct err *e)
{
	if (need_cluster(c, e) != 0)
		return -1;
	if (store_cluster_local(c->cluster, out) != STORE_OK)
		return err_set(e, ERR_FAIL, "%s", store_errmsg(c->cluster));
	return 0;
}

int core_cluster_promote(struct core *c, struct err *e)
{
	struct local_replication lr;

	if (need_cluster(c, e) != 0)
		return -1;
	if (!c->member)
		return err_set(e, ERR_REFUSED, "This node is not a member of the cluster");
	if (store_cluster_local(c->cluster, &lr) != STORE_OK)
		return err_set(e, ERR_FAIL, "%s", store_errmsg(c->cluster));
	if (!lr.standby)
		return err_set(e, ERR_REFUSED, "This node's database is already the primary");
	if (store_begin_primary(c->cluster) == STORE_OK) {
		store_rollback(c->cluster);
		return err_set(
		    e, ERR_REFUSED,
		    "The publisher still answers (%s): promote only after it is lost, or stop it first; "
		    "two primaries would split the cluster",
		    c->config->cluster_primary);
	}
	if (store_cluster_promote(c->cluster) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot promote this node's database: %s",
			       store_errmsg(c->cluster));
	if (store_begin(c->cluster, true) != STORE_OK ||
	    store_cluster_set_publisher(c->cluster, c->node_name) != STORE_OK ||
	    store_commit(c->cluster) != STORE_OK) {
		store_rollback(c->cluster);
		return err_set(
		    e, ERR_FAIL,
		    "This node's database is the primary now, but the node list was not updated: %s (check "
		    "that cluster.primary lists this node's database)",
		    store_errmsg(c->cluster));
	}
	return 0;
}
