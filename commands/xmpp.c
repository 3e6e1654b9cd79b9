/* IM and Presence XMPP secure modes (COMMANDS.md "Presence security, TLS,
 * FIPS"): client, router-to-router and web client. */
#include <stdio.h>
#include <string.h>

#include "commands/families.h"
#include "commands/session.h"
#include "commands/trustout.h"
#include "svc/xmpp.h"

struct xmpp_args {
	const char *mode;
	const char *state;
};

static const struct arg_bind set_bind[] = {BIND(struct xmpp_args, mode), BIND(struct xmpp_args, state),
					   BIND_END(struct xmpp_args)};

static enum xmpp_mode mode_of(const char *word)
{
	return strcmp(word, "client") == 0   ? XMPP_CLIENT
	       : strcmp(word, "router") == 0 ? XMPP_ROUTER
					     : XMPP_WEB_CLIENT;
}

static int set_security(struct session *s, const void *args, struct out *o)
{
	const struct xmpp_args *a = args;
	enum xmpp_mode m = mode_of(a->mode);
	bool on = strcmp(a->state, "enable") == 0;
	struct xmpp_result r;
	struct err e;

	if (core_xmpp_set(&s->core, m, on, &r, &e) != 0) {
		xmpp_result_free(&r);
		return cmd_fail(o, &e);
	}
	out_msg(o, "%s %s%s.", xmpp_mode_name(m), r.changed ? "" : "was already ",
		on ? "enabled" : "disabled");
	if (*r.warning)
		out_warn(o, "%s", r.warning);
	if (r.copied.n)
		trust_report_out(o, "copied", "cup-xmpp-trust", &r.copied);
	if (r.restart)
		out_msg(o, "Restart to use it: Cisco XCP Connection Manager (utils service restart "
			   "xcp-connection-manager).");
	xmpp_result_free(&r);
	return UC_OK;
}

static int show_security(struct session *s, const void *args, struct out *o)
{
	static const char *const keys[] = {"client", "router", "web_client"};

	out_kv_begin(o, NULL);
	for (int m = 0; m < XMPP_NMODES; m++)
		out_kv(o, keys[m], xmpp_mode_name((enum xmpp_mode)m),
		       core_xmpp_on(&s->core, (enum xmpp_mode)m) ? "enabled" : "disabled");
	out_kv_end(o);
	return UC_OK;
}

static const struct cmd_def xmpp_cmds[] = {
    {"set xmpp security {client|router|web-client}$mode {enable|disable}$state", set_security, PRIV_OPER,
     CMD_WRITE, "XMPP secure modes; router mode keeps every node's cup-xmpp certificate in cup-xmpp-trust",
     "set xmpp security router enable", set_bind, NULL},
    {"show xmpp security", show_security, PRIV_READ, 0, "The XMPP secure modes", "show xmpp security", NULL,
     NULL},
};

static const struct kw_help xmpp_kw[] = {
    {"set xmpp", "IM and Presence XMPP settings"},
    {"show xmpp", "IM and Presence XMPP settings"},
    {NULL, NULL},
};

const struct cmd_family xmpp_family = CMD_FAMILY("xmpp", xmpp_cmds, xmpp_kw, NULL);
