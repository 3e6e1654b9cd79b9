/* One transaction per change, then its effects. */
#include <string.h>

#include "store/store.h"
#include "svc/core.h"

struct store *core_shared(struct core *c)
{
	return c->member && c->cluster ? c->cluster : c->store;
}

struct store *core_cert_store(struct core *c, const char *kind)
{
	return kind && strcmp(kind, "trust") == 0 ? core_shared(c) : c->store;
}

int core_cluster_write(struct core *c, struct err *e)
{
	if (store_begin(c->cluster, true) == STORE_OK)
		return 0;
	return err_set(
	    e, ERR_FAIL,
	    "The cluster configuration is read-only: the publisher (%s) is unreachable; nothing was "
	    "changed",
	    c->config->cluster_primary);
}

int core_shared_write(struct core *c, struct err *e)
{
	if (c->cut_off)
		return err_set(e, ERR_FAIL,
			       "The cluster configuration is read-only: this node's cluster database (%s) "
			       "cannot be reached; nothing was changed",
			       c->config->cluster_local);
	return c->member && c->cluster ? core_cluster_write(c, e) : 0;
}

/* The cluster's part first: when it cannot be saved, the node's part is
 * rolled back by the caller and nothing changed anywhere. */
static int commit_cluster(struct core *c, struct err *e)
{
	if (!c->cluster || !store_in_transaction(c->cluster))
		return 0;
	if (store_commit(c->cluster) != STORE_OK)
		return err_set(e, ERR_FAIL, "Not saved in the cluster configuration: %s; nothing was changed",
			       store_errmsg(c->cluster));
	return 0;
}

int core_commit(struct core *c, struct err *e)
{
	if (fx_record(c, e) != 0)
		return -1;
	if (c->on_commit && c->on_commit(c, c->on_commit_arg) != 0)
		return err_set(e, ERR_FAIL, "Not done: the audit trail cannot be written: %s",
			       store_errmsg(c->store));
	if (commit_cluster(c, e) != 0)
		return -1;
	if (store_commit(c->store) != STORE_OK)
		return err_set(e, ERR_FAIL, "Changes not saved: %s", store_errmsg(c->store));
	c->committed = true;
	if (c->on_committed)
		c->on_committed(c, c->on_commit_arg);
	return 0;
}

int core_after_commit(struct core *c, struct err *e)
{
	if (fx_apply(c, e) == 0)
		return 0;
	char why[sizeof(e->msg)];
	memcpy(why, e->msg, sizeof(why));
	return err_set(e, ERR_FAIL, "Saved, but the deploy directory was not updated: %.400s", why);
}

void core_abandon(struct core *c)
{
	memset(&c->fx, 0, sizeof(c->fx));
	if (c->cluster)
		store_rollback(c->cluster);
}

int core_write(struct core *c, core_apply_fn apply, void *arg, struct err *e)
{
	if (store_begin(c->store, true) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot start a transaction: %s", store_errmsg(c->store));
	if (apply(c, arg, e) != 0 || core_commit(c, e) != 0) {
		store_rollback(c->store);
		core_abandon(c);
		return -1;
	}
	return core_after_commit(c, e);
}
