#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node/hook.h"
#include "store/service.h"
#include "svc/restart.h"
#include "svc/secmode.h"
#include "svc/settings.h"
#include "svc/trustlist.h"

int core_service_activate(struct core *c, const struct service_def *sv, bool on, struct activation *r,
			  struct err *e)
{
	bool pending;

	r->was = r->ctl_stale = false;
	/* Phones need both to get the CTL while the cluster is in mixed mode. */
	if (!on && (strcmp(sv->id, "ctl-provider") == 0 || strcmp(sv->id, "tftp") == 0) &&
	    setting_int(c, "enterprise", "cluster-security-mode") == 1)
		return err_set(
		    e, ERR_REFUSED,
		    "%s cannot be deactivated while the cluster is in mixed mode: phones get the CTL "
		    "through it (utils ctl set-cluster non-secure-mode first)",
		    sv->name);
	if (service_state_of(c->store, sv, &r->was, &pending, NULL) != STORE_OK ||
	    store_service_set_activated(c->store, sv->id, sv->activated_by_default, on) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot change %s: %s", sv->name, store_errmsg(c->store));
	/* The CTL lists CAPF exactly while it is activated. */
	if (r->was != on && strcmp(sv->id, "capf") == 0)
		r->ctl_stale = trustlist_note_change(c, "CAPF");
	return 0;
}

bool core_restart_configured(struct core *c, const char *id)
{
	return config_hook(c->config, id) != NULL;
}

/* Runs a hook command for event on id; 0 only when it exited 0. */
static int run_command(struct core *c, const char *cmd, const char *event, const char *id, const char *label,
		       volatile sig_atomic_t *interrupt, char **output, struct err *e)
{
	struct hook_env env = {event, id, c->state_dir, interrupt};
	struct hook_result r;
	int rc = 0;

	*output = NULL;
	if (hook_run(cmd, &env, c->config->hook_timeout, &r, e->msg, sizeof(e->msg)) != 0) {
		e->code = ERR_FAIL;
		return -1;
	}
	if (r.cancelled)
		rc = err_set(e, ERR_FAIL, "%s: interrupted; the %s hook was stopped", label, event);
	else if (r.timed_out)
		rc = err_set(e, ERR_FAIL, "%s: the %s hook did not finish within %d s and was stopped", label,
			     event, c->config->hook_timeout);
	else if (r.signal)
		rc = err_set(e, ERR_FAIL, "%s: the %s hook was killed by signal %d", label, event, r.signal);
	else if (r.exit_status != 0)
		rc = err_set(e, ERR_FAIL, "%s: the %s hook failed with exit status %d", label, event,
			     r.exit_status);
	*output = r.output;
	r.output = NULL;
	hook_result_free(&r);
	return rc;
}

/* Runs restart.<id>; 0 only when the hook exited 0. */
static int run_hook(struct core *c, const char *id, const char *label, volatile sig_atomic_t *interrupt,
		    char **output, struct err *e)
{
	const char *cmd = config_hook(c->config, id);

	*output = NULL;
	if (!cmd)
		return err_set(e, ERR_FAIL, "Restart is not configured on this node: set restart.%s in %s",
			       id, c->config->path ? c->config->path : "ucsh.conf");
	return run_command(c, cmd, "restart", id, label, interrupt, output, e);
}

int core_service_status(struct core *c, const char *id, volatile sig_atomic_t *interrupt, char **output,
			struct err *e)
{
	char key[80];
	const char *cmd;

	*output = NULL;
	snprintf(key, sizeof(key), "status.%s", id);
	if (!(cmd = config_hook(c->config, key)))
		return 0;
	return run_command(c, cmd, "status", id, id, interrupt, output, e) == 0 ? 1 : -1;
}

int core_service_restart(struct core *c, const struct service_def *sv, volatile sig_atomic_t *interrupt,
			 char **output, struct err *e)
{
	bool on, pending;

	*output = NULL;
	if (service_state_of(c->store, sv, &on, &pending, NULL) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read %s: %s", sv->name, store_errmsg(c->store));
	store_rollback(c->store); /* hold no lock while the hook runs */
	if (!on)
		return err_set(e, ERR_FAIL, "%s is not activated (utils service activate %s)", sv->name,
			       sv->id);
	if (run_hook(c, sv->id, sv->name, interrupt, output, e) != 0)
		return -1;
	if (store_begin(c->store, true) != STORE_OK ||
	    store_service_set_pending(c->store, sv->id, sv->activated_by_default, false, NULL) != STORE_OK ||
	    store_commit(c->store) != STORE_OK)
		return err_set(e, ERR_FAIL, "%s restarted, but its state was not saved: %s", sv->name,
			       store_errmsg(c->store));
	return 0;
}

int core_system_restart(struct core *c, volatile sig_atomic_t *interrupt, char **output, struct err *e)
{
	if (run_hook(c, "system", "System restart", interrupt, output, e) != 0)
		return -1;
	struct err ignored;
	if (store_begin(c->store, true) != STORE_OK ||
	    store_service_clear_all_pending(c->store) != STORE_OK ||
	    core_node_restart_note(c, "", &ignored) != 0 || store_commit(c->store) != STORE_OK)
		return err_set(e, ERR_FAIL, "The node restarted, but its state was not saved: %s",
			       store_errmsg(c->store));
	return 0;
}
