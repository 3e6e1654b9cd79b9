/* ucsh: the administration shell of a unified-communications node.
 * Chooses the mode once (interactive when stdin and stdout are terminals and
 * no -c/-f was given, batch otherwise) and feeds every line to one runner. */
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands/session.h"
#include "config.h"
#include "shell/batch.h"
#include "shell/grammar.h"
#include "shell/lex.h"
#include "shell/registry.h"
#include "shell/render.h"
#include "shell/repl.h"
#include "shell/startup.h"
#include "shell/tree.h"

enum source_kind { SRC_COMMAND, SRC_FILE };

struct source {
	enum source_kind kind;
	const char *text; /* the command, or the file name */
};

struct options {
	struct startup_opts startup;
	struct source *sources;
	int nsources;
	const char *complete;
	bool list_commands;
	bool json;
};

static void usage(FILE *f)
{
	fputs("usage: ucsh [options] [-c COMMAND]... [-f FILE]...\n"
	      "  -c, --command CMD   run CMD (repeatable; in order with -f)\n"
	      "  -f, --file FILE     run the commands in FILE ('-' for stdin)\n"
	      "      --continue      go on after a failing command (exit code of the first failure)\n"
	      "      --dry-run       parse and validate only; change nothing\n"
	      "  -y, --yes           answer confirmations with yes (batch mode)\n"
	      "      --json          JSON output (one document per command)\n"
	      "      --state-dir DIR state directory (default $UCSH_STATE_DIR or " UCSH_DEFAULT_STATE_DIR
	      ")\n"
	      "      --config FILE   config file\n"
	      "      --complete LINE print completions for LINE, one per line\n"
	      "      --list-commands print every command: level, flags, syntax, example (tab-separated)\n"
	      "  -V, --version       print the version\n"
	      "  -h, --help          this help\n"
	      "Without -c or -f: interactive on a terminal, otherwise commands from stdin.\n"
	      "Exit codes: 0 ok, 1 command failed, 2 usage or validation error, 3 permission denied.\n",
	      f);
}

struct flags {
	bool keep_going, dry_run, yes;
};

static int parse_options(int argc, char **argv, struct options *o, struct flags *fl)
{
	enum { OPT_CONTINUE = 256, OPT_DRY, OPT_JSON, OPT_STATE, OPT_CONFIG, OPT_COMPLETE, OPT_LIST };
	static const struct option longopts[] = {
	    {"command", required_argument, NULL, 'c'},
	    {"file", required_argument, NULL, 'f'},
	    {"continue", no_argument, NULL, OPT_CONTINUE},
	    {"dry-run", no_argument, NULL, OPT_DRY},
	    {"yes", no_argument, NULL, 'y'},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"state-dir", required_argument, NULL, OPT_STATE},
	    {"config", required_argument, NULL, OPT_CONFIG},
	    {"complete", required_argument, NULL, OPT_COMPLETE},
	    {"list-commands", no_argument, NULL, OPT_LIST},
	    {"version", no_argument, NULL, 'V'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	o->sources = calloc((size_t)argc + 1, sizeof(*o->sources));
	if (!o->sources)
		abort();
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+c:f:yVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->sources[o->nsources++] = (struct source){SRC_COMMAND, optarg};
			break;
		case 'f':
			o->sources[o->nsources++] = (struct source){SRC_FILE, optarg};
			break;
		case OPT_CONTINUE:
			fl->keep_going = true;
			break;
		case OPT_DRY:
			fl->dry_run = true;
			break;
		case 'y':
			fl->yes = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_STATE:
			o->startup.state_dir = optarg;
			break;
		case OPT_CONFIG:
			o->startup.config = optarg;
			break;
		case OPT_COMPLETE:
			o->complete = optarg;
			break;
		case OPT_LIST:
			o->list_commands = true;
			break;
		case 'V':
			printf("ucsh %s\n", PACKAGE_VERSION);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		default:
			fprintf(stderr, "%% Unknown or incomplete option \"%s\"\n", argv[optind - 1]);
			usage(stderr);
			return UC_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%% Unexpected argument \"%s\": give commands with -c or -f\n", argv[optind]);
		return UC_USAGE;
	}
	return UC_OK;
}

/* Options a command string may begin with ("--yes utils ctl ..."): sshd
 * hands a login shell `-c TEXT` and a ForceCommand SSH_ORIGINAL_COMMAND, so
 * an SSH client has no other way to pass them. Only these four: --config or
 * --state-dir would let a restricted account point hooks at programs of
 * its choice. */
static int command_options(const char **text, struct options *o, struct flags *fl)
{
	static const char *const allowed[] = {"--yes", "--json", "--continue", "--dry-run"};
	const char *p = *text;

	for (;;) {
		p += strspn(p, " \t");
		if (*p != '-')
			break;
		size_t n = strcspn(p, " \t"), i;
		for (i = 0; i < 4 && !(strlen(allowed[i]) == n && strncmp(p, allowed[i], n) == 0); i++)
			;
		if (i == 4) {
			fprintf(stderr,
				"%% Option \"%.*s\" is not allowed in a command string: only --yes, --json, "
				"--continue and --dry-run are\n",
				(int)n, p);
			return UC_USAGE;
		}
		fl->yes |= i == 0;
		o->json |= i == 1;
		fl->keep_going |= i == 2;
		fl->dry_run |= i == 3;
		p += n;
	}
	*text = p;
	return UC_OK;
}

static int complete_line(struct session *s, const char *line)
{
	struct lex_line l;
	struct tree_next n;
	char err[128];

	if (lex_line(line, true, &l, err, sizeof(err)) < 0)
		return UC_USAGE;
	if (!l.nfilters &&
	    tree_next(s, s->grammar, l.words, l.nwords, l.partial, s->level, true, &n) == TREE_OK) {
		for (int i = 0; i < n.n; i++)
			printf("%s\n", n.v[i].word);
		tree_next_free(&n);
	}
	lex_free(&l);
	return UC_OK;
}

static int list_commands(const struct grammar *g)
{
	for (int f = 0; f < g->nfamilies; f++)
		for (size_t i = 0; i < g->families[f]->ncmds; i++) {
			const struct cmd_def *c = &g->families[f]->cmds[i];
			/* A runnable example: its own, or the syntax when that is all keywords. */
			const char *example = c->example ? c->example
					      : strpbrk(c->syntax, "{[ABCDEFGHIJKLMNOPQRSTUVWXYZ")
						  ? ""
						  : c->syntax;
			char *syntax = grammar_display(c->syntax);
			printf("%d\t%s%s\t%s\t%s\n", c->level, (c->flags & CMD_CONFIRM) ? "confirm," : "",
			       (c->flags & (CMD_WRITE | CMD_PREPARED)) ? "write" : "read", syntax, example);
			free(syntax);
		}
	return UC_OK;
}

static int run_sources(struct session *s, const struct options *o)
{
	struct batch b = {0};

	for (int i = 0; i < o->nsources && !b.stop; i++) {
		const struct source *src = &o->sources[i];
		if (src->kind == SRC_COMMAND) {
			batch_line(s, &b, src->text, i + 1);
			continue;
		}
		FILE *f = strcmp(src->text, "-") == 0 ? stdin : fopen(src->text, "re");
		if (!f) {
			fprintf(stderr, "%% Cannot read %s: %m\n", src->text);
			return UC_USAGE;
		}
		batch_file(s, &b, f);
		if (f != stdin)
			fclose(f);
	}
	return b.rc;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	struct flags fl = {0};
	struct session s = {0};
	struct grammar g;
	char err[512];
	int rc;

	/* Each line's walk allocates and frees a few tens of KB: keep that memory
	 * instead of returning it to the kernel after every line of a batch. */
	mallopt(M_TRIM_THRESHOLD, 8 << 20);
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	if ((rc = parse_options(argc, argv, &o, &fl)) != UC_OK)
		goto out;
	/* Under sshd's ForceCommand the client's command arrives here; empty
	 * (a plain login) means an interactive session. */
	const char *forced = getenv("SSH_ORIGINAL_COMMAND");
	if (o.nsources == 0 && !o.complete && !o.list_commands && forced && *forced)
		o.sources[o.nsources++] = (struct source){SRC_COMMAND, forced};
	/* One command string: what sshd runs for `ssh node 'COMMAND'`. */
	if (o.nsources == 1 && o.sources[0].kind == SRC_COMMAND &&
	    (rc = command_options(&o.sources[0].text, &o, &fl)) != UC_OK)
		goto out;
	bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	bool commands_only = true;
	for (int i = 0; i < o.nsources; i++)
		commands_only &= o.sources[i].kind == SRC_COMMAND;
	s.interactive = o.nsources == 0 && !o.complete && !o.list_commands && tty;
	/* -c on a terminal asks as the REPL does; files never do. */
	s.can_ask = tty && !o.complete && commands_only;
	s.keep_going = fl.keep_going;
	s.dry_run = fl.dry_run;
	s.yes = fl.yes;
	s.format = o.json ? OUT_JSON : OUT_TEXT;
	s.pagination = s.interactive;
	if (grammar_build(&g, registry_families, registry_nfamilies, err, sizeof(err)) < 0) {
		fprintf(stderr, "%% Internal error in the command table: %s\n", err);
		rc = UC_FAIL;
		goto out;
	}
	s.grammar = &g;
	if (o.list_commands) {
		rc = list_commands(&g);
		goto out_grammar;
	}
	if ((rc = startup_open(&s, &o.startup)) != UC_OK)
		goto out_session;
	if (o.complete)
		rc = complete_line(&s, o.complete);
	else if (s.interactive)
		rc = repl_run(&s);
	else if (o.nsources)
		rc = run_sources(&s, &o);
	else {
		struct batch b = {0};
		batch_file(&s, &b, stdin);
		rc = b.rc;
	}
out_session:
	startup_close(&s);
out_grammar:
	grammar_free(&g);
out:
	free(o.sources);
	return rc;
}
