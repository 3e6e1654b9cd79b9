#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "node/deploy.h"
#include "store/cluster.h"
#include "store/effect.h"
#include "svc/banner.h"
#include "svc/cluster.h"
#include "svc/core.h"
#include "svc/deploy.h"
#include "svc/ipsecconf.h"
#include "svc/tlsctx.h"
#include "svc/trustlist.h"
#include "svc/units.h"

#define TARGET_MAX 96

static int trust_index(const char *trust)
{
	for (size_t i = 0; i < ntrust_units; i++)
		if (strcmp(trust_units[i], trust) == 0)
			return (int)i;
	return -1;
}

void fx_deploy_unit(struct core *c, const struct unit_def *u)
{
	c->fx.units |= 1u << (u - units);
	/* The ITL carries these certificates: keep it current. */
	if (trustlist_lists(u->name))
		c->fx.itl = true;
	/* swanctl.conf's directory holds a copy of the ipsec unit. */
	if (strcmp(u->name, "ipsec") == 0)
		c->fx.ipsec = true;
}

void fx_deploy_trust(struct core *c, const char *trust)
{
	int i = trust_index(trust);

	if (i >= 0)
		c->fx.trusts |= 1u << i;
	if (strcmp(trust, "ipsec-trust") == 0)
		c->fx.ipsec = true;
	if (strcmp(trust, "cup-trust") == 0)
		c->fx.tls = true; /* each TLS context's CA bundle */
}

void fx_write_ctl(struct core *c)
{
	c->fx.ctl = true;
}

void fx_write_ipsec(struct core *c)
{
	c->fx.ipsec = true;
}

void fx_deploy_all(struct core *c)
{
	for (size_t i = 0; i < nunits; i++)
		fx_deploy_unit(c, &units[i]);
	for (size_t i = 0; i < ntrust_units; i++)
		c->fx.trusts |= 1u << i;
	c->fx.itl = c->fx.ipsec = c->fx.banner = c->fx.tls = true;
}

static void all_shared(struct effects *fx)
{
	fx->trusts = (1u << ntrust_units) - 1;
	fx->itl = fx->ctl = fx->ipsec = fx->banner = fx->tls = true;
}

void fx_deploy_shared(struct core *c)
{
	all_shared(&c->fx);
}

bool fx_empty(const struct effects *fx)
{
	return !fx->units && !fx->trusts && !fx->itl && !fx->ctl && !fx->ipsec && !fx->banner && !fx->tls &&
	       !fx->cluster;
}

/* Calls fn for each target of the set, in the order they are applied. */
static int each_target(const struct effects *fx, int (*fn)(struct core *c, const char *target, void *arg),
		       struct core *c, void *arg)
{
	char t[TARGET_MAX];
	int rc = 0;

	for (size_t i = 0; i < nunits && rc == 0; i++)
		if (fx->units & (1u << i)) {
			snprintf(t, sizeof(t), "unit:%s", units[i].name);
			rc = fn(c, t, arg);
		}
	for (size_t i = 0; i < ntrust_units && rc == 0; i++)
		if (fx->trusts & (1u << i)) {
			snprintf(t, sizeof(t), "trust:%s", trust_units[i]);
			rc = fn(c, t, arg);
		}
	if (fx->itl && rc == 0)
		rc = fn(c, "itl", arg);
	if (fx->ctl && rc == 0)
		rc = fn(c, "ctl", arg);
	if (fx->ipsec && rc == 0)
		rc = fn(c, "ipsec", arg);
	if (fx->banner && rc == 0)
		rc = fn(c, "banner", arg);
	if (fx->tls && rc == 0)
		rc = fn(c, "tls", arg);
	if (fx->cluster && rc == 0)
		rc = fn(c, "cluster", arg);
	return rc;
}

static int want_one(struct core *c, const char *target, void *arg)
{
	struct err *e = arg;

	if (strcmp(target, "cluster") == 0)
		return 0; /* raised to the cluster's generation, not by one */
	if (store_effect_want(c->store, target) != STORE_OK)
		return err_set(e, ERR_FAIL, "cannot record the change's files: %s", store_errmsg(c->store));
	return 0;
}

/* A change that wrote cluster rows behind files (trust stores, public
 * certificates, the CTL) raises the cluster's generation: every node
 * rewrites its files when it sees it. This node's own files follow now. */
static int bump_cluster(struct core *c, struct err *e)
{
	long long gen;

	if (!c->member || !store_in_transaction(c->cluster) ||
	    !(c->fx.trusts || c->fx.itl || c->fx.ctl || c->fx.banner || c->fx.tls))
		return 0;
	if (store_cluster_bump(c->cluster, &gen) != STORE_OK)
		return err_set(e, ERR_FAIL, "cannot record the change in the cluster: %s",
			       store_errmsg(c->cluster));
	if (store_effect_want_at(c->store, "cluster", gen) != STORE_OK)
		return err_set(e, ERR_FAIL, "cannot record the change's files: %s", store_errmsg(c->store));
	c->fx.cluster = true;
	return 0;
}

int fx_record(struct core *c, struct err *e)
{
	if (bump_cluster(c, e) != 0)
		return -1;
	return each_target(&c->fx, want_one, c, e);
}

/* Writes one target's files from what the store holds now. */
static int write_target(struct core *c, const char *target, struct err *e)
{
	if (strncmp(target, "unit:", 5) == 0) {
		const struct unit_def *u = unit_find(target + 5);
		return u ? core_deploy_unit(c, u, e) : 0;
	}
	if (strncmp(target, "trust:", 6) == 0)
		return trust_index(target + 6) >= 0 ? core_deploy_trust(c, target + 6, e) : 0;
	if (strcmp(target, "itl") == 0)
		return trustlist_write_itl(c, e);
	if (strcmp(target, "ctl") == 0)
		return trustlist_write_ctl(c, e);
	if (strcmp(target, "ipsec") == 0)
		return core_ipsec_render(c, e);
	if (strcmp(target, "banner") == 0)
		return core_banner_render(c, e);
	if (strcmp(target, "tls") == 0)
		return core_tls_render(c, e);
	if (strcmp(target, "cluster") == 0)
		return 0; /* the files above are the work; apply_one records it */
	return 0;	  /* a target of a newer ucsh: not ours to write */
}

struct progress {
	struct err *e;
	int failed;
	char done[64][TARGET_MAX];
	long long gen[64];
	int ndone;
};

/* The generation is read before the files: they then reflect at least it. */
static int apply_one(struct core *c, const char *target, void *arg)
{
	struct progress *p = arg;
	long long gen = 0;
	struct err e = {0};

	if (store_effect_wanted(c->store, target, &gen) != STORE_OK || write_target(c, target, &e) != 0) {
		if (!p->failed++)
			*p->e = e.code ? e : (struct err){ERR_FAIL, ""};
		if (!*p->e->msg)
			snprintf(p->e->msg, sizeof(p->e->msg), "%s", store_errmsg(c->store));
		return 0; /* the other targets are still written */
	}
	/* Files read from this node's standby before it replayed the change
	 * are not that generation yet: the next start looks again. */
	if (strcmp(target, "cluster") == 0) {
		if (!c->member || store_replay_late(c->cluster))
			return 0;
		core_cluster_note_deployed(c, gen);
	}
	if (p->ndone < 64) {
		snprintf(p->done[p->ndone], TARGET_MAX, "%s", target);
		p->gen[p->ndone++] = gen;
	}
	return 0;
}

static void test_delay(void)
{
#ifdef UCSH_TEST_HOOKS
	/* Test builds only: a window between commit and the file writes in
	 * which the suite kills ucsh, to prove the next start heals. */
	const char *ms = getenv("UCSH_TEST_EFFECT_DELAY_MS");
	if (ms && *ms)
		usleep((useconds_t)atol(ms) * 1000);
#endif
}

static int mark_done(struct core *c, struct progress *p)
{
	int rc = 0;

	if (!p->ndone)
		return 0;
	if (store_begin(c->store, true) != STORE_OK)
		return -1;
	for (int i = 0; i < p->ndone && rc == 0; i++)
		rc = store_effect_done(c->store, p->done[i], p->gen[i]) == STORE_OK ? 0 : -1;
	if (rc == 0 && store_commit(c->store) == STORE_OK)
		return 0;
	store_rollback(c->store);
	return -1;
}

static int apply_set(struct core *c, const struct effects *fx, struct err *e)
{
	struct progress *p = calloc(1, sizeof(*p));
	int fd, rc = 0;

	if (!p)
		abort();
	p->e = e;
	if ((fd = deploy_lock(c->state_dir, e->msg, sizeof(e->msg))) < 0) {
		free(p);
		e->code = ERR_FAIL;
		return -1;
	}
	each_target(fx, apply_one, c, p);
	if (p->failed)
		rc = -1;
	/* A failed mark only means the next start writes the files again. */
	mark_done(c, p);
	deploy_unlock(fd);
	free(p);
	return rc;
}

int fx_apply(struct core *c, struct err *e)
{
	struct effects fx = c->fx;

	memset(&c->fx, 0, sizeof(c->fx));
	if (fx_empty(&fx))
		return 0;
	test_delay();
	return apply_set(c, &fx, e);
}

static int add_behind(const char *target, void *arg)
{
	struct effects *fx = arg;

	if (strncmp(target, "unit:", 5) == 0) {
		const struct unit_def *u = unit_find(target + 5);
		if (u)
			fx->units |= 1u << (u - units);
	} else if (strncmp(target, "trust:", 6) == 0) {
		int i = trust_index(target + 6);
		if (i >= 0)
			fx->trusts |= 1u << i;
	} else if (strcmp(target, "itl") == 0) {
		fx->itl = true;
	} else if (strcmp(target, "ctl") == 0) {
		fx->ctl = true;
	} else if (strcmp(target, "ipsec") == 0) {
		fx->ipsec = true;
	} else if (strcmp(target, "banner") == 0) {
		fx->banner = true;
	} else if (strcmp(target, "tls") == 0) {
		fx->tls = true;
	} else if (strcmp(target, "cluster") == 0) {
		/* Behind the cluster: everything cluster rows make. */
		all_shared(fx);
		fx->cluster = true;
	}
	return 0;
}

int fx_heal(struct core *c, struct err *e)
{
	struct effects fx = {0};
	int fd;

	if (store_effect_behind(c->store, add_behind, &fx) != STORE_OK)
		return err_set(e, ERR_FAIL, "cannot read the state of the deploy files: %s",
			       store_errmsg(c->store));
	if (fx_empty(&fx))
		return 0;
	/* Under the writers' lock every temporary file is an orphan. */
	if ((fd = deploy_lock(c->state_dir, e->msg, sizeof(e->msg))) < 0)
		return err_set(e, ERR_FAIL, "%s", e->msg);
	deploy_remove_temps(c->config->deploy_dir);
	deploy_remove_temps(c->config->tftp_dir);
	ipsec_remove_temps(c);
	deploy_unlock(fd);
	return apply_set(c, &fx, e);
}

struct behind_q {
	const char *target;
	bool hit;
};

static int match_behind(const char *target, void *arg)
{
	struct behind_q *q = arg;

	if (!q->target || strcmp(q->target, target) == 0) {
		q->hit = true;
		return 1;
	}
	return 0;
}

bool fx_behind(struct core *c, const char *target)
{
	struct behind_q q = {target, false};

	store_effect_behind(c->store, match_behind, &q);
	return q.hit;
}
