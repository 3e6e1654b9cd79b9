/* Single sign-on through OpenAM (COMMANDS.md "Presence security, TLS,
 * FIPS"): the server's settings, SSO on or off, per end user, and a check
 * of the server over HTTPS. The profile password comes from a file or is
 * asked with echo off, and is never shown. */
#include <stdio.h>
#include <string.h>

#include "commands/families.h"
#include "commands/secret.h"
#include "commands/service_type.h"
#include "commands/session.h"
#include "svc/restart.h"
#include "svc/services.h"
#include "svc/sso.h"
#include "util/strbuf.h"

struct sso_args {
	const char *url, *path, *profile, *login_module;
	const char *password_file;
	const char *user;
	const char *state;
};

static const struct arg_bind set_bind[] = {
    BIND(struct sso_args, url),		 BIND(struct sso_args, path),	       BIND(struct sso_args, profile),
    BIND(struct sso_args, login_module), BIND(struct sso_args, password_file), BIND_END(struct sso_args)};
static const struct arg_bind user_bind[] = {BIND(struct sso_args, user), BIND(struct sso_args, state),
					    BIND_END(struct sso_args)};

struct save {
	struct sso_request q;
	bool marked;
};

static int save_apply(struct core *c, void *arg, struct err *e)
{
	struct save *sv = arg;

	return core_sso_set(c, &sv->q, &sv->marked, e);
}

/* Saved, then Tomcat restarted to read it (as the documentation's OK
 * dialog does), through its hook; without one it waits for a restart. */
static int set_openam(struct session *s, const void *args, struct out *o)
{
	const struct sso_args *a = args;
	const struct service_def *tomcat = service_find("tomcat", NULL, 0);
	char password[SSO_PASSWORD_MAX + 2] = "";
	struct save sv = {{a->url, a->path, a->profile, a->login_module, password}, false};
	struct err e;
	int rc;

	if ((rc = cmd_read_secret(s, o, a->password_file, "profile password", "password-file", password,
				  sizeof(password))) != UC_OK)
		return rc;
	rc = core_write(&s->core, save_apply, &sv, &e);
	explicit_bzero(password, sizeof(password));
	if (rc != 0)
		return cmd_fail(o, &e);
	out_msg(o, "OpenAM settings saved.");
	if (sv.marked && core_restart_configured(&s->core, "tomcat"))
		return restart_service(s, o, tomcat);
	if (sv.marked)
		out_msg(o, "Restart to use them: Cisco Tomcat (utils service restart tomcat).");
	return UC_OK;
}

static int add_name(const char *name, void *arg)
{
	struct strbuf *b = arg;

	strbuf_addf(b, "%s%s", b->len ? ", " : "", name);
	return 0;
}

static int show_sso(struct session *s, const void *args, struct out *o)
{
	struct sso_config cfg;
	struct strbuf users = STRBUF_INIT;
	struct err e;

	if (core_sso_get(&s->core, &cfg, &e) != 0)
		return cmd_fail(o, &e);
	if (core_sso_users(&s->core, add_name, &users, &e) != 0) {
		sso_config_free(&cfg);
		return cmd_fail(o, &e);
	}
	out_kv_begin(o, NULL);
	out_kv(o, "sso", "Single sign-on", cfg.enabled ? "enabled" : "disabled");
	out_kv(o, "url", "OpenAM URL", *cfg.url ? cfg.url : "(not set)");
	out_kv(o, "path", "Relative path", *cfg.path ? cfg.path : "(not set)");
	out_kv(o, "profile", "Profile name", *cfg.profile ? cfg.profile : "(not set)");
	out_kv(o, "login_module", "Login module instance",
	       *cfg.login_module ? cfg.login_module : "(not set)");
	out_kv(o, "password", "Profile password", cfg.password_set ? "(set; never shown)" : "(not set)");
	out_kv(o, "users", "End users with single sign-on", users.len ? users.buf : "none");
	out_kv_end(o);
	strbuf_release(&users);
	sso_config_free(&cfg);
	return UC_OK;
}

static int set_enabled(struct session *s, struct out *o, bool on)
{
	struct err e;

	if (core_sso_enable(&s->core, on, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Single sign-on %s for end users.", on ? "enabled" : "disabled");
	return UC_OK;
}

static int sso_enable(struct session *s, const void *args, struct out *o)
{
	return set_enabled(s, o, true);
}

static int sso_disable(struct session *s, const void *args, struct out *o)
{
	return set_enabled(s, o, false);
}

static int sso_test(struct session *s, const void *args, struct out *o)
{
	struct https_check r;
	struct err e;

	if (core_sso_test(&s->core, &r, &e) != 0)
		return cmd_fail(o, &e);
	out_kv_begin(o, NULL);
	out_kv(o, "verdict", "Verdict", r.verified ? "verified" : "refused");
	out_kv(o, "reason", "Reason", r.reason);
	if (r.status)
		out_kv_int(o, "http_status", "HTTP status", r.status);
	out_kv_end(o);
	return r.verified ? UC_OK : UC_FAIL;
}

static int user_sso(struct session *s, const void *args, struct out *o)
{
	const struct sso_args *a = args;
	bool on = strcmp(a->state, "on") == 0;
	struct err e;

	if (core_sso_user(&s->core, a->user, on, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Single sign-on %s for %s.", on ? "on" : "off", a->user);
	return UC_OK;
}

static void explain_set(struct session *s, const void *args, struct strbuf *out)
{
	strbuf_adds(out,
		    "The OpenAM settings are saved (for every node in a cluster), and Cisco Tomcat restarts "
		    "to use them (restart.tomcat; without that hook it is marked for restart).\n");
}

static const struct cmd_def sso_cmds[] = {
    {"set sso openam url WORD$url path WORD$path profile WORD$profile login-module WORD$login_module "
     "[password-file FILE]",
     set_openam, PRIV_ADMIN, CMD_PREPARED | CMD_CONFIRM,
     "The OpenAM server for single sign-on; the profile password comes from password-file FILE or is asked",
     "set sso openam url https://openam.example.com:8443/opensso path agentapp profile ucshagent "
     "login-module ldap password-file openam.txt",
     set_bind, explain_set},
    {"show sso", show_sso, PRIV_READ, 0, "The single sign-on settings (never the password)", "show sso", NULL,
     NULL},
    {"utils sso enable", sso_enable, PRIV_ADMIN, CMD_WRITE, "Turn single sign-on on for end users",
     "utils sso enable", NULL, NULL},
    {"utils sso disable", sso_disable, PRIV_ADMIN, CMD_WRITE, "Turn single sign-on off", "utils sso disable",
     NULL, NULL},
    {"utils sso status", show_sso, PRIV_ADMIN, 0, "Whether single sign-on is on, and its settings",
     "utils sso status", NULL, NULL},
    {"utils sso test", sso_test, PRIV_ADMIN, 0,
     "An HTTPS request to the OpenAM URL, the server verified with tomcat-trust only", "utils sso test", NULL,
     NULL},
    {"user sso USER {on|off}$state", user_sso, PRIV_ADMIN, CMD_WRITE,
     "Single sign-on for an end user (application users cannot)", "user sso jdoe on", user_bind, NULL},
};

static const struct kw_help sso_kw[] = {
    {"set sso", "Single sign-on"},
    {"utils sso", "Single sign-on: enable, disable, status, test"},
    {NULL, NULL},
};

const struct cmd_family sso_family = CMD_FAMILY("sso", sso_cmds, sso_kw, NULL);
