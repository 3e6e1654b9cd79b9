#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands/session.h"
#include "shell/audit.h"
#include "shell/bind.h"
#include "shell/help.h"
#include "shell/render.h"
#include "shell/run.h"
#include "shell/tree.h"
#include "store/store.h"
#include "svc/cluster.h"
#include "util/strbuf.h"
#include "util/utf8.h"

static int tree_rc_to_exit(int rc)
{
	return rc == TREE_OK ? UC_OK : UC_USAGE;
}

/* Says what the command will do, then asks when a terminal can answer (the
 * REPL, and -c or an SSH command on a terminal); batch files never ask
 * (DESIGN §4). */
static bool confirmed(struct session *s, const struct tree_match *m, const char *prefix)
{
	struct strbuf what = STRBUF_INIT;
	char answer[16];

	if (s->yes)
		return true;
	if (m->cmd->explain) {
		void *bound = args_bind(m->cmd, &m->args);
		m->cmd->explain(s, bound, &what);
		free(bound);
	}
	if (!s->can_ask) {
		out_report(prefix,
			   "Confirmation required: rerun with --yes (in an SSH command: --yes COMMAND)");
		for (char *line = what.buf, *nl; line && *line; line = nl ? nl + 1 : NULL) {
			nl = strchr(line, '\n');
			fprintf(stderr, "  %.*s\n", nl ? (int)(nl - line) : (int)strlen(line), line);
		}
		strbuf_release(&what);
		return false;
	}
	fputs(what.len ? what.buf : "", stdout);
	strbuf_release(&what);
	fputs("Continue (yes/no)? ", stdout);
	fflush(stdout);
	if (!fgets(answer, sizeof(answer), stdin))
		return false;
	answer[strcspn(answer, "\r\n")] = '\0';
	if (strcasecmp(answer, "yes") == 0 || strcasecmp(answer, "y") == 0)
		return true;
	fputs("Cancelled.\n", stdout);
	return false;
}

static void command_name(struct strbuf *b, const struct cmd_def *cmd)
{
	/* The leading keywords of the syntax, for messages. */
	const char *p = cmd->syntax;

	while (*p && *p != '{' && *p != '[' &&
	       !(*p >= 'A' && *p <= 'Z' && (p == cmd->syntax || p[-1] == ' ')))
		strbuf_addc(b, *p++);
	while (b->len && b->buf[b->len - 1] == ' ')
		b->buf[--b->len] = '\0';
}

static int finish(struct session *s, struct out *o, const struct lex_line *l, int rc)
{
	int frc = out_finish(o, l->filters, l->nfilters, s->interactive && s->pagination, s->interrupt);

	out_free(o);
	/* Interactive output shows at once; batch output stays buffered (error
	 * messages flush it first, so the order on a terminal is kept). */
	if (s->interactive)
		fflush(stdout);
	return rc != UC_OK ? rc : frc;
}

struct audit_ctx {
	struct session *s;
	const char *line;
};

/* Inside the transaction that commits a change: its audit row. */
static int audit_in_tx(struct core *c, void *arg)
{
	struct audit_ctx *a = arg;

	return audit_record(a->s, a->line, c->refused ? UC_FAIL : UC_OK, true);
}

static void audit_committed(struct core *c, void *arg)
{
	struct audit_ctx *a = arg;

	audit_settle(a->s, true);
}

/* Commands that prepare outside the store and write through core_write
 * (CMD_PREPARED), and commands that wait on the outside world (CMD_OWN_TX),
 * run without a transaction held by the engine. */
static int execute_unlocked(struct session *s, const struct tree_match *m, const char *line, struct out *o)
{
	struct audit_ctx actx = {s, line};
	int rc;

	if (m->cmd->flags & CMD_PREPARED) {
		s->core.on_commit = audit_in_tx;
		s->core.on_committed = audit_committed;
		s->core.on_commit_arg = &actx;
	}
	void *bound = args_bind(m->cmd, &m->args);
	rc = m->cmd->run(s, bound, o);
	free(bound);
	s->core.on_commit = NULL;
	s->core.on_committed = NULL;
	store_rollback(s->store); /* whatever a handler left open changes nothing */
	core_abandon(&s->core);
	audit_settle(s, s->core.committed);
	/* A committed change has its audit row already, with the change. */
	if (!s->core.committed)
		audit_record(s, line, rc, false);
	return rc;
}

/* Runs the command in one transaction; its audit row joins that transaction
 * when it succeeds, and is written on its own when it failed. The effects
 * the change queued are applied once it has committed. */
static int execute(struct session *s, const struct tree_match *m, const struct lex_line *l, const char *line,
		   const char *prefix)
{
	const struct cmd_def *cmd = m->cmd;
	struct audit_ctx actx = {s, line};
	struct out *o;
	struct err e;
	int rc;

	s->core.committed = false;
	s->core.refused = false;
	s->core.on_commit = NULL;
	if (cmd->flags & (CMD_OWN_TX | CMD_PREPARED)) {
		o = out_new(s->format, prefix);
		rc = execute_unlocked(s, m, line, o);
		return finish(s, o, l, rc);
	}
	if (store_begin(s->store, cmd->flags & CMD_WRITE) != STORE_OK) {
		out_report(prefix, "Cannot start a transaction: %s", store_errmsg(s->store));
		audit_record(s, line, UC_FAIL, false);
		return UC_FAIL;
	}
	o = out_new(s->format, prefix);
	void *bound = args_bind(cmd, &m->args);
	rc = cmd->run(s, bound, o);
	free(bound);
	/* A change and its audit row commit together. A read ends its snapshot
	 * first and writes the row in a transaction of its own: upgrading the
	 * read to a write would fail whenever another session committed during
	 * the read. */
	bool write = cmd->flags & CMD_WRITE;
	if (rc == UC_OK && write) {
		s->core.on_commit = audit_in_tx;
		s->core.on_commit_arg = &actx;
		if (core_commit(&s->core, &e) != 0) {
			out_discard(o); /* what the handler said did not happen */
			rc = out_error(o, UC_FAIL, "%s", e.msg);
		}
		s->core.on_commit = NULL;
		if (rc != UC_OK)
			store_rollback(s->store);
		audit_settle(s, s->core.committed);
	} else if (rc == UC_OK && store_commit(s->store) != STORE_OK) {
		rc = out_error(o, UC_FAIL, "Changes not saved: %s", store_errmsg(s->store));
	}
	/* A read is served even when its row cannot be kept (a full disk):
	 * syslog still has it, and the administrator is told. */
	if (rc == UC_OK && !write && audit_record(s, line, UC_OK, false) != 0)
		out_warn(o, "this command is not in the audit trail: %s", strerror(errno));
	if (rc != UC_OK && !s->core.committed) {
		store_rollback(s->store);
		core_abandon(&s->core);
		audit_record(s, line, rc, false);
	} else if (s->core.committed && core_after_commit(&s->core, &e) != 0) {
		rc = out_error(o, UC_FAIL, "%s", e.msg);
	}
	if (s->core.committed && core_replay_late(&s->core))
		out_warn(o, "saved on the publisher, but this node's copy of the cluster database had "
			    "not replayed it after 5 s: it shows here once replication catches up "
			    "(utils cluster status)");
	return finish(s, o, l, rc);
}

int run_line(struct session *s, const char *line, const char *prefix, char **history)
{
	struct lex_line l;
	struct tree_match m;
	char err[256], *masked;
	int rc;

	if (history)
		*history = NULL;
	/* Certificates, JSON and terminals all need well-formed text. */
	size_t bad;
	if (!utf8_valid(line, &bad)) {
		out_report(prefix, "The command line is not valid UTF-8 (byte %zu); nothing was run",
			   bad + 1);
		return UC_USAGE;
	}
	if (lex_line(line, false, &l, err, sizeof(err)) < 0) {
		out_report(prefix, "%s", err);
		return UC_USAGE;
	}
	if (l.help && s->refuse_questions) {
		out_report(prefix,
			   "'?' asks for help at the prompt or with -c; in a batch file quote the word "
			   "that holds it (\"what?\")");
		lex_free(&l);
		return UC_USAGE;
	}
	if (l.help) {
		rc = help_next(s, l.words, l.nwords, l.partial, prefix);
		lex_free(&l);
		return rc;
	}
	if (l.nwords == 0) {
		rc = UC_OK;
		if (l.nfilters) {
			out_report(prefix, "Nothing to filter: put a command before '|'");
			rc = UC_USAGE;
		}
		lex_free(&l);
		return rc;
	}
	rc = tree_match(s, s->grammar, l.words, l.nwords, &m);
	if (rc != TREE_OK) {
		out_report(prefix, "%s", m.msg);
		tree_match_free(&m);
		lex_free(&l);
		return tree_rc_to_exit(rc);
	}
	masked = audit_line(l.words, l.nwords, &m.args);
	if (m.cmd->level > s->level) {
		struct strbuf name = STRBUF_INIT;
		command_name(&name, m.cmd);
		out_report(prefix,
			   "Permission denied: \"%s\" needs privilege level %d; account %s has level %d",
			   name.buf, m.cmd->level, s->account, s->level);
		strbuf_release(&name);
		rc = UC_DENIED;
		audit_record(s, masked, rc, false);
	} else if (s->dry_run) {
		rc = UC_OK;
	} else if ((m.cmd->flags & CMD_CONFIRM) && !confirmed(s, &m, prefix)) {
		rc = s->can_ask ? UC_FAIL : UC_USAGE;
		audit_record(s, masked, rc, false);
	} else {
		s->commands_run++;
		rc = execute(s, &m, &l, masked, prefix);
	}
	if (history)
		*history = masked;
	else
		free(masked);
	tree_match_free(&m);
	lex_free(&l);
	return rc;
}
