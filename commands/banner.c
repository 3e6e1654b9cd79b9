/* The login banner (COMMANDS.md "Presence security, TLS, FIPS"): set, show,
 * delete, and whether a session must acknowledge it. The shell shows it at
 * the start of an interactive session (shell/repl.c); sshd shows the copy
 * in DEPLOY/banner.txt before login. */
#include <stdio.h>
#include <string.h>

#include "commands/families.h"
#include "commands/session.h"
#include "svc/banner.h"
#include "util/strbuf.h"

struct banner_args {
	const char *file;
	const char *state;
};

static const struct arg_bind file_bind[] = {BIND(struct banner_args, file), BIND_END(struct banner_args)};
static const struct arg_bind ack_bind[] = {BIND(struct banner_args, state), BIND_END(struct banner_args)};

static int set_banner(struct session *s, const void *args, struct out *o)
{
	const struct banner_args *a = args;
	struct err e;
	int lines;

	if (core_banner_set(&s->core, a->file, &lines, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Banner set from %s (%d line%s); sshd shows it before login from %s/%s.", a->file, lines,
		lines == 1 ? "" : "s", s->core.config->deploy_dir, BANNER_FILE);
	return UC_OK;
}

static int show_banner(struct session *s, const void *args, struct out *o)
{
	struct banner b;
	struct err e;

	if (core_banner_get(&s->core, &b, &e) != 0)
		return cmd_fail(o, &e);
	out_kv_begin(o, NULL);
	out_kv_bool(o, "set", "Banner set", b.text != NULL);
	out_kv(o, "acknowledge", "Acknowledgement required", b.acknowledge ? "on" : "off");
	out_kv_end(o);
	if (b.text)
		out_content(o, "text", b.text);
	banner_free(&b);
	return UC_OK;
}

static int delete_banner(struct session *s, const void *args, struct out *o)
{
	struct err e;

	if (core_banner_delete(&s->core, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Banner deleted.");
	return UC_OK;
}

static int acknowledge(struct session *s, const void *args, struct out *o)
{
	const struct banner_args *a = args;
	bool on = strcmp(a->state, "on") == 0;
	struct banner b;
	struct err e;

	if (core_banner_acknowledge(&s->core, on, &e) != 0 || core_banner_get(&s->core, &b, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Banner acknowledgement %s.",
		on ? "on: interactive sessions go on only after yes" : "off");
	if (on && !b.text)
		out_warn(o, "There is no banner yet (set banner FILE): nothing is asked until there is.");
	banner_free(&b);
	return UC_OK;
}

static void explain_delete(struct session *s, const void *args, struct strbuf *out)
{
	strbuf_addf(out,
		    "The banner is removed (in a cluster, from every node), and %s/%s with it: sshd then "
		    "shows none.\n",
		    s->core.config->deploy_dir, BANNER_FILE);
}

static const struct cmd_def banner_cmds[] = {
    {"set banner FILE", set_banner, PRIV_ADMIN, CMD_WRITE,
     "The login banner, from a .txt file of the file area (printable UTF-8, at most 8 KB)",
     "set banner banner.txt", file_bind, NULL},
    {"set banner acknowledge {on|off}$state", acknowledge, PRIV_ADMIN, CMD_WRITE,
     "Whether an interactive session goes on only after the user answers yes to the banner",
     "set banner acknowledge on", ack_bind, NULL},
    {"show banner", show_banner, PRIV_READ, 0, "The login banner and whether it must be acknowledged",
     "show banner", NULL, NULL},
    {"delete banner", delete_banner, PRIV_ADMIN, CMD_WRITE | CMD_CONFIRM, "Remove the login banner",
     "delete banner", NULL, explain_delete},
};

static const struct kw_help banner_kw[] = {
    {"set banner", "The login banner"},
    {"delete", "Remove something"},
    {NULL, NULL},
};

const struct cmd_family banner_family = CMD_FAMILY("banner", banner_cmds, banner_kw, NULL);
