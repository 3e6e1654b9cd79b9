/* utils service list|activate|deactivate|restart, utils system restart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/families.h"
#include "commands/service_type.h"
#include "commands/session.h"
#include "svc/node.h"
#include "svc/preview.h"
#include "svc/restart.h"
#include "svc/services.h"

static int service_list(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {
	    {"name", "Service", OT_STR},
	    {"id", "ID", OT_STR},
	    {"activated", "Activated", OT_BOOL},
	    {"restart_pending", "Restart pending", OT_STR},
	    {"restart_hook", "Restart hook", OT_BOOL},
	    {"listening", "Network (ucshd)", OT_STR},
	};
	int rc = UC_OK;

	out_table_begin(o, "services", cols, 6);
	for (size_t i = 0; i < nservices; i++) {
		bool on, pending;
		char *reason = NULL, why[300];
		if (service_state_of(s->store, &services[i], &on, &pending, &reason) != STORE_OK) {
			rc = out_error(o, UC_FAIL, "Cannot read services: %s", core_store_error(&s->core));
			break;
		}
		snprintf(why, sizeof(why), "yes (%s)", reason ? reason : "changed");
		/* CAPF, TVS and the SIP proxy's TLS side are served on the network by ucshd. */
		char where[300] = "-";
		if (strcmp(services[i].id, "capf") == 0 || strcmp(services[i].id, "tvs") == 0 ||
		    strcmp(services[i].id, "sip-proxy") == 0) {
			char at[256];
			if (core_service_listening(&s->core, services[i].id, at, sizeof(at)) == 0)
				snprintf(where, sizeof(where), "%s", at);
			else
				snprintf(where, sizeof(where), "ucshd not running");
		}
		const char *cells[] = {services[i].name,
				       services[i].id,
				       on ? "yes" : "no",
				       pending ? why : "no",
				       core_restart_configured(&s->core, services[i].id) ? "yes" : "no",
				       where};
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
	struct activation r;
	struct err e;

	if (core_service_activate(&s->core, sv, on, &r, &e) != 0)
		return cmd_fail(o, &e);
	if (r.was == on)
		out_msg(o, "%s is already %s.", sv->name, on ? "activated" : "deactivated");
	else
		out_msg(o, "%s %s.", sv->name, on ? "activated" : "deactivated");
	if (r.ctl_stale)
		out_warn(o,
			 "the cluster is in mixed mode and the CTL lists CAPF only while it is activated: "
			 "run utils ctl update CTLFile so phones get the CTL %s the CAPF certificate",
			 on ? "with" : "without");
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

/* The hook's output first: what it printed helps when it failed. */
static int restarted(struct out *o, int rc, char *output, const struct err *e)
{
	if (output && *output)
		out_content(o, "hook_output", output);
	free(output);
	return rc == 0 ? UC_OK : cmd_fail(o, e);
}

int restart_service(struct session *s, struct out *o, const struct service_def *sv)
{
	char *output;
	struct err e;
	int rc = core_service_restart(&s->core, sv, s->interrupt, &output, &e);

	if ((rc = restarted(o, rc, output, &e)) == UC_OK)
		out_msg(o, "%s restarted.", sv->name);
	return rc;
}

static int service_restart(struct session *s, const void *args, struct out *o)
{
	return restart_service(s, o, ((const struct service_args *)args)->service);
}

static int system_restart(struct session *s, const void *args, struct out *o)
{
	char *output;
	struct err e;
	int rc = core_system_restart(&s->core, s->interrupt, &output, &e);

	if ((rc = restarted(o, rc, output, &e)) == UC_OK)
		out_msg(o, "System restart started.");
	return rc;
}

static const struct type_def *const service_types[] = {&service_type, NULL};

static void explain_restart(struct session *s, const void *args, struct strbuf *out)
{
	preview_service_restart(&s->core, ((const struct service_args *)args)->service, out);
}

static void explain_system(struct session *s, const void *args, struct strbuf *out)
{
	preview_system_restart(&s->core, out);
}

static const struct cmd_def service_cmds[] = {
    {"utils service list", service_list, PRIV_READ, 0,
     "Services: activated, restart pending (and why), restart hook configured", NULL, NULL, NULL},
    {"utils service activate SERVICE", service_activate, PRIV_OPER, CMD_WRITE, "Activate a service",
     "utils service activate \"Cisco Certificate Authority Proxy Function\"", service_bind, NULL},
    {"utils service deactivate SERVICE", service_deactivate, PRIV_OPER, CMD_WRITE, "Deactivate a service",
     "utils service deactivate capf", service_bind, NULL},
    {"utils service restart SERVICE", service_restart, PRIV_OPER, CMD_CONFIRM | CMD_OWN_TX,
     "Restart a service with its configured hook; clears its restart-pending flag",
     "utils service restart tomcat", service_bind, explain_restart},
    {"utils system restart", system_restart, PRIV_ADMIN, CMD_CONFIRM | CMD_OWN_TX,
     "Restart the node with its configured hook", "utils system restart", NULL, explain_system},
};

static const struct kw_help service_kw[] = {
    {"utils", "Utilities: services, restart, certificates, trust lists"},
    {"utils service", "The node's services"},
    {"utils system", "The node as a whole"},
    {NULL, NULL},
};

const struct cmd_family service_family = CMD_FAMILY("service", service_cmds, service_kw, service_types);
