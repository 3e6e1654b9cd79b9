/* Session and version: show version, show myself, CLI settings. */
#include <stdio.h>
#include <string.h>

#include "commands/families.h"
#include "commands/identity.h"
#include "commands/session.h"
#include "config.h"
#include "svc/node.h"

static int show_version(struct session *s, const void *args, struct out *o)
{
	struct versions v;

	core_versions(&v);
	out_kv_begin(o, NULL);
	out_kv(o, "ucsh", "ucsh", PACKAGE_VERSION);
	out_kv(o, "openssl", "OpenSSL", v.openssl);
	out_kv(o, "libssh", "libssh", v.libssh);
	out_kv(o, "sqlite", "SQLite", v.sqlite);
	out_kv_end(o);
	return UC_OK;
}

static int show_myself(struct session *s, const void *args, struct out *o)
{
	struct node_identity id = {0};
	char fqdn[320];

	if (identity_load(s, o, &id, fqdn, sizeof(fqdn)) != UC_OK)
		return UC_FAIL;
	out_kv_begin(o, NULL);
	out_kv(o, "node", "Node", fqdn);
	out_kv(o, "account", "Account", s->account);
	char level[32];
	snprintf(level, sizeof(level), "%d (%s)", s->level, priv_name(s->level));
	out_kv_num(o, "level", "Privilege level", s->level, level);
	out_kv(o, "mode", "Session", s->interactive ? "interactive" : "batch");
	out_kv(o, "pagination", "Pagination", s->pagination ? "on" : "off");
	out_kv(o, "format", "Output format", s->format == OUT_JSON ? "json" : "text");
	out_kv_int(o, "commands_run", "Commands run this session", (long long)s->commands_run);
	out_kv_end(o);
	node_identity_free(&id);
	return UC_OK;
}

struct choice_args {
	const char *value;
};

static const struct arg_bind choice_bind[] = {BIND(struct choice_args, value), BIND_END(struct choice_args)};

static int set_pagination(struct session *s, const void *args, struct out *o)
{
	const struct choice_args *a = args;

	s->pagination = strcmp(a->value, "on") == 0;
	if (s->pagination && !s->interactive)
		out_msg(o, "Pagination on (it only pages interactive sessions).");
	else
		out_msg(o, "Pagination %s.", s->pagination ? "on" : "off");
	return UC_OK;
}

static int show_pagination(struct session *s, const void *args, struct out *o)
{
	out_kv_begin(o, NULL);
	out_kv(o, "pagination", "Pagination", s->pagination ? "on" : "off");
	out_kv_end(o);
	return UC_OK;
}

static int set_format(struct session *s, const void *args, struct out *o)
{
	const struct choice_args *a = args;

	s->format = strcmp(a->value, "json") == 0 ? OUT_JSON : OUT_TEXT;
	out_msg(o, "Output format %s.", s->format == OUT_JSON ? "json" : "text");
	return UC_OK;
}

static const struct cmd_def system_cmds[] = {
    {"show version", show_version, PRIV_READ, 0,
     "Versions of ucsh and of the OpenSSL, libssh and SQLite libraries in use", NULL, NULL, NULL},
    {"show myself", show_myself, PRIV_READ, 0,
     "This session: node, account, privilege level, settings, commands run", NULL, NULL, NULL},
    {"set cli pagination {on|off}$value", set_pagination, PRIV_READ, CMD_SESSION,
     "Page long output with --More-- in this session", "set cli pagination off", choice_bind, NULL},
    {"show cli pagination", show_pagination, PRIV_READ, 0, "Whether long output is paged", NULL, NULL, NULL},
    {"set cli format {text|json}$value", set_format, PRIV_READ, CMD_SESSION,
     "Output format of this session (ucsh --json sets json)", "set cli format json", choice_bind, NULL},
};

static const struct kw_help system_kw[] = {
    {"show", "Display information"},
    {"set", "Change settings"},
    {"set cli", "Command-line settings of this session"},
    {"show cli", "Command-line settings of this session"},
    {NULL, NULL},
};

const struct cmd_family system_family = CMD_FAMILY("system", system_cmds, system_kw, NULL);
