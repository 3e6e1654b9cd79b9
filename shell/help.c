/* The engine's own commands (help, quit, exit) and the '?' listing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/help.h"
#include "shell/render.h"
#include "shell/tree.h"
#include "util/strbuf.h"

int help_next(struct session *s, char *const *words, int nwords, bool partial, const char *prefix)
{
	struct tree_next n;
	int rc = tree_next(s, s->grammar, words, nwords, partial, s->level, false, &n);
	size_t w = 4;
	struct out *o;

	if (rc != TREE_OK) {
		out_report(prefix, "%s", n.msg);
		tree_next_free(&n);
		return UC_USAGE;
	}
	o = out_new(s->format, prefix);
	for (int i = 0; i < n.n; i++)
		if (strlen(n.v[i].word) > w)
			w = strlen(n.v[i].word);
	if (s->format == OUT_JSON) {
		static const struct out_col cols[] = {
		    {"word", "Word", OT_STR}, {"help", "Help", OT_STR}, {"parameter", "Parameter", OT_BOOL}};
		out_table_begin(o, "next", cols, 3);
		for (int i = 0; i < n.n; i++) {
			const char *cells[] = {n.v[i].word, n.v[i].help, n.v[i].is_param ? "yes" : "no"};
			out_row(o, cells);
		}
		out_table_end(o, NULL);
		out_kv_begin(o, NULL);
		out_kv_bool(o, "can_end", NULL, n.can_end);
		out_kv_end(o);
	} else {
		for (int i = 0; i < n.n; i++) {
			if (n.v[i].help && *n.v[i].help)
				out_msg(o, "  %-*s  %s", (int)w, n.v[i].word, n.v[i].help);
			else
				out_msg(o, "  %s", n.v[i].word);
		}
		if (n.can_end)
			out_msg(o, "  %-*s  %s", (int)w, "<cr>", "Run the command");
		if (!n.n && !n.can_end)
			out_msg(o, "  (nothing matches)");
	}
	rc = out_finish(o, NULL, 0, false, NULL);
	out_free(o);
	tree_next_free(&n);
	return rc;
}

/* The parameters a command's syntax names, each once, with its help. */
static void describe_params(struct session *s, const struct cmd_def *cmd, struct out *o)
{
	const char *seen[32];
	int nseen = 0;

	for (int i = 0; i < s->grammar->nforms; i++) {
		const struct gform *f = &s->grammar->forms[i];
		if (f->cmd != cmd)
			continue;
		for (int k = -1; k < f->nopts; k++)
			for (int a = 0; a < (k < 0 ? 1 : f->opts[k].nalts); a++) {
				const struct gseq *q = k < 0 ? &f->prefix : &f->opts[k].alts[a];
				for (int e = 0; e < q->n; e++) {
					bool dup = false;
					if (q->v[e].kind != GEL_PARAM)
						continue;
					for (int j = 0; j < nseen; j++)
						dup |= strcmp(seen[j], q->v[e].text) == 0;
					if (dup || nseen == 32)
						continue;
					seen[nseen++] = q->v[e].text;
					out_msg(o, "    %s: %s", q->v[e].text, q->v[e].type->help);
				}
			}
	}
}

static void describe(struct session *s, const struct cmd_def *cmd, struct out *o, bool full)
{
	char *syntax = grammar_display(cmd->syntax);

	out_msg(o, "%s", syntax);
	free(syntax);
	out_msg(o, "    %s", cmd->help);
	if (!full)
		return;
	describe_params(s, cmd, o);
	out_msg(o, "    Privilege: %d (%s)%s", cmd->level, priv_name(cmd->level),
		(cmd->flags & CMD_CONFIRM) ? "; asks for confirmation (--yes in batch mode)" : "");
	if (cmd->example)
		out_msg(o, "    Example: %s", cmd->example);
}

struct help_args {
	struct arg_list word;
};

static const struct arg_bind help_bind[] = {BIND(struct help_args, word), BIND_END(struct help_args)};

static int cmd_help(struct session *s, const void *args, struct out *o)
{
	const struct help_args *a = args;
	int n = a->word.n, ncmds;
	const struct cmd_def **cmds;
	char msg[512];

	if (tree_commands(s, s->grammar, (char *const *)a->word.v, n, s->level, &cmds, &ncmds, msg,
			  sizeof(msg)) != TREE_OK)
		return out_error(o, UC_USAGE, "%s", msg);
	if (s->format == OUT_JSON) {
		static const struct out_col cols[] = {{"syntax", "Syntax", OT_STR},
						      {"help", "Help", OT_STR},
						      {"level", "Level", OT_INT},
						      {"confirm", "Confirm", OT_BOOL}};
		out_table_begin(o, "commands", cols, 4);
		for (int i = 0; i < ncmds; i++) {
			char lvl[8];
			snprintf(lvl, sizeof(lvl), "%d", cmds[i]->level);
			char *syntax = grammar_display(cmds[i]->syntax);
			const char *cells[] = {syntax, cmds[i]->help, lvl,
					       (cmds[i]->flags & CMD_CONFIRM) ? "yes" : "no"};
			out_row(o, cells);
			free(syntax);
		}
		out_table_end(o, NULL);
	} else {
		if (!n)
			out_msg(o, "Commands (type a command followed by ? for what may come next):");
		for (int i = 0; i < ncmds; i++)
			describe(s, cmds[i], o, n > 0);
	}
	free(cmds);
	return UC_OK;
}

static int cmd_quit(struct session *s, const void *args, struct out *o)
{
	s->quit = true;
	return UC_OK;
}

static const struct cmd_def help_cmds[] = {
    {"help [WORD...]", cmd_help, PRIV_READ, CMD_SESSION,
     "Describe commands: syntax, parameters, privilege, example", "help show cert list", help_bind, NULL},
    {"quit", cmd_quit, PRIV_READ, CMD_SESSION, "Leave the shell", NULL, NULL, NULL},
    {"exit", cmd_quit, PRIV_READ, CMD_SESSION, "Leave the shell", NULL, NULL, NULL},
};

const struct cmd_family help_family = CMD_FAMILY("help", help_cmds, NULL, NULL);
