/* utils service list|activate|deactivate|restart, utils system restart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/families.h"
#include "commands/service_type.h"
#include "commands/session.h"
#include "core/services.h"
#include "node/hook.h"
#include "store/service.h"

static int service_list(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {
	    {"name", "Service", OT_STR},
	    {"id", "ID", OT_STR},
	    {"activated", "Activated", OT_BOOL},
	    {"restart_pending", "Restart pending", OT_STR},
	    {"restart_hook", "Restart hook", OT_BOOL},
	};
	int rc = UC_OK;

	out_table_begin(o, "services", cols, 5);
	for (size_t i = 0; i < nservices; i++) {
		bool on, pending;
		char *reason = NULL, why[300];
		if (service_state_of(s->store, &services[i], &on, &pending, &reason) != STORE_OK) {
			rc = out_error(o, UC_FAIL, "Cannot read services: %s", store_errmsg(s->store));
			break;
		}
		snprintf(why, sizeof(why), "yes (%s)", reason ? reason : "changed");
		const char *cells[] = {services[i].name, services[i].id, on ? "yes" : "no",
				       pending ? why : "no",
				       config_hook(&s->config, services[i].id) ? "yes" : "no"};
		out_row(o, cells);
		free(reason);
	}
	out_table_end(o, NULL);
	return rc;
}

struct service_args {
	const struct service_def *service;
};

static const struct arg_bind service_bind[] = {BIND(struct service_args, service),
					       BIND_END(struct service_args)};

static int set_activation(struct session *s, const struct service_args *a, struct out *o, bool on)
{
	const struct service_def *sv = a->service;
	bool was, pending;

	if (service_state_of(s->store, sv, &was, &pending, NULL) != STORE_OK ||
	    store_service_set_activated(s->store, sv->id, sv->activated_by_default, on) != STORE_OK)
		return out_error(o, UC_FAIL, "Cannot change %s: %s", sv->name, store_errmsg(s->store));
	if (was == on)
		out_msg(o, "%s is already %s.", sv->name, on ? "activated" : "deactivated");
	else
		out_msg(o, "%s %s.", sv->name, on ? "activated" : "deactivated");
	return UC_OK;
}

static int service_activate(struct session *s, const void *args, struct out *o)
{
	return set_activation(s, args, o, true);
}

static int service_deactivate(struct session *s, const void *args, struct out *o)
{
	return set_activation(s, args, o, false);
}

/* Runs restart.<name> and reports; UC_OK only when the hook exited 0. */
static int run_restart_hook(struct session *s, struct out *o, const char *name, const char *label)
{
	const char *cmd = config_hook(&s->config, name);
	struct hook_env env = {"restart", name, s->state_dir, s->interrupt};
	struct hook_result r;
	char err[512];
	int rc = UC_FAIL;

	if (!cmd)
		return out_error(o, UC_FAIL, "Restart is not configured on this node: set restart.%s in %s",
				 name, s->config.path ? s->config.path : "ucsh.conf");
	if (hook_run(cmd, &env, s->config.hook_timeout, &r, err, sizeof(err)) != 0)
		return out_error(o, UC_FAIL, "%s", err);
	if (r.output && *r.output)
		out_content(o, "hook_output", r.output);
	if (r.cancelled)
		out_error(o, UC_FAIL, "%s: interrupted; the restart hook was stopped", label);
	else if (r.timed_out)
		out_error(o, UC_FAIL, "%s: the restart hook did not finish within %d s and was stopped",
			  label, s->config.hook_timeout);
	else if (r.signal)
		out_error(o, UC_FAIL, "%s: the restart hook was killed by signal %d", label, r.signal);
	else if (r.exit_status != 0)
		out_error(o, UC_FAIL, "%s: the restart hook failed with exit status %d", label,
			  r.exit_status);
	else
		rc = UC_OK;
	hook_result_free(&r);
	return rc;
}

static int service_restart(struct session *s, const void *args, struct out *o)
{
	const struct service_def *sv = ((const struct service_args *)args)->service;
	bool on, pending;
	int rc;

	if (service_state_of(s->store, sv, &on, &pending, NULL) != STORE_OK)
		return out_error(o, UC_FAIL, "Cannot read %s: %s", sv->name, store_errmsg(s->store));
	store_rollback(s->store); /* hold no lock while the hook runs */
	if (!on)
		return out_error(o, UC_FAIL, "%s is not activated (utils service activate %s)", sv->name,
				 sv->id);
	if ((rc = run_restart_hook(s, o, sv->id, sv->name)) != UC_OK)
		return rc;
	if (store_begin(s->store, true) != STORE_OK ||
	    store_service_set_pending(s->store, sv->id, sv->activated_by_default, false, NULL) != STORE_OK ||
	    store_commit(s->store) != STORE_OK)
		return out_error(o, UC_FAIL, "%s restarted, but its state was not saved: %s", sv->name,
				 store_errmsg(s->store));
	out_msg(o, "%s restarted.", sv->name);
	return UC_OK;
}

static int system_restart(struct session *s, const void *args, struct out *o)
{
	int rc = run_restart_hook(s, o, "system", "System restart");

	if (rc != UC_OK)
		return rc;
	if (store_begin(s->store, true) != STORE_OK ||
	    store_service_clear_all_pending(s->store) != STORE_OK || store_commit(s->store) != STORE_OK)
		return out_error(o, UC_FAIL, "The node restarted, but its state was not saved: %s",
				 store_errmsg(s->store));
	out_msg(o, "System restart started.");
	return UC_OK;
}

static const struct type_def *const service_types[] = {&service_type, NULL};

static const struct cmd_def service_cmds[] = {
    {"utils service list", service_list, PRIV_READ, 0,
     "Services: activated, restart pending (and why), restart hook configured", NULL, NULL},
    {"utils service activate SERVICE", service_activate, PRIV_OPER, CMD_WRITE, "Activate a service",
     "utils service activate \"Cisco Certificate Authority Proxy Function\"", service_bind},
    {"utils service deactivate SERVICE", service_deactivate, PRIV_OPER, CMD_WRITE, "Deactivate a service",
     "utils service deactivate capf", service_bind},
    {"utils service restart SERVICE", service_restart, PRIV_OPER, CMD_CONFIRM | CMD_OWN_TX,
     "Restart a service with its configured hook; clears its restart-pending flag",
     "utils service restart tomcat", service_bind},
    {"utils system restart", system_restart, PRIV_ADMIN, CMD_CONFIRM | CMD_OWN_TX,
     "Restart the node with its configured hook", "utils system restart", NULL},
};

static const struct kw_help service_kw[] = {
    {"utils", "Utilities: services, restart, certificates, trust lists"},
    {"utils service", "The node's services"},
    {"utils system", "The node as a whole"},
    {NULL, NULL},
};

const struct cmd_family service_family = CMD_FAMILY("service", service_cmds, service_kw, service_types);
