/* The interactive shell: libedit does the editing (emacs keys, history);
 * TAB and '?' are ours; Ctrl-C abandons the line or the running command;
 * Ctrl-D on an empty line leaves; an idle session ends after its timeout. */
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "commands/account.h"
#include "shell/audit.h"
#include "shell/complete.h"
#include "shell/edit.h"
#include "shell/help.h"
#include "shell/lex.h"
#include "shell/prompt.h"
#include "shell/repl.h"
#include "shell/run.h"
#include "svc/banner.h"
#include "util/strbuf.h"

#define HISTORY_SIZE 1000

/* Signal handlers can only leave a mark; these are the marks. */
static volatile sig_atomic_t got_sigint, got_sigwinch;

struct repl {
	const struct edit_api *ed;
	struct session *s;
	EditLine *el;
	History *hist;
	char *hist_path;
	char prompt[160];
	int idle_ms;
	bool timed_out;
	bool last_was_tab;
};

static void on_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
}

static void on_sigwinch(int sig)
{
	(void)sig;
	got_sigwinch = 1;
}

static void install_signals(void)
{
	struct sigaction sa = {0};

	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_sigint; /* no SA_RESTART: a blocked read returns */
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_sigwinch;
	sigaction(SIGWINCH, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL); /* a login shell has nowhere to be suspended to */
}

static struct repl *repl_of(EditLine *el)
{
	char err[8];
	void *r = NULL;

	edit_load(err, sizeof(err))->get(el, EL_CLIENTDATA, &r); /* loaded before any line is read */
	return r;
}

/* libedit's input: one character, waiting at most the idle timeout, and
 * giving up on Ctrl-C so the line is abandoned. */
static int read_char(EditLine *el, wchar_t *wc)
{
	struct repl *r = repl_of(el);
	mbstate_t ps;
	char c;

	memset(&ps, 0, sizeof(ps));
	for (;;) {
		struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
		int n;
		if (got_sigwinch) {
			got_sigwinch = 0;
			r->ed->resize(el);
		}
		if (got_sigint)
			return -1;
		n = poll(&pfd, 1, r->idle_ms);
		if (n == 0) {
			r->timed_out = true;
			return -1;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		ssize_t got = read(STDIN_FILENO, &c, 1);
		if (got == 0)
			return 0;
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		size_t k = mbrtowc(wc, &c, 1, &ps);
		if (k == (size_t)-2)
			continue; /* more bytes of this character to come */
		if (k == (size_t)-1) {
			memset(&ps, 0, sizeof(ps));
			*wc = (unsigned char)c;
		}
		return 1;
	}
}

static char *line_before_cursor(EditLine *el)
{
	const LineInfo *li = repl_of(el)->ed->line(el);
	size_t n = (size_t)(li->cursor - li->buffer);
	char *s = malloc(n + 1);

	if (s) {
		memcpy(s, li->buffer, n);
		s[n] = '\0';
	}
	return s;
}

/* Candidates in columns across the terminal. */
static void print_columns(const struct tree_next *c)
{
	struct winsize ws = {0};
	size_t w = 1, cols = 80, per;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		cols = ws.ws_col;
	for (int i = 0; i < c->n; i++)
		if (strlen(c->v[i].word) + 2 > w)
			w = strlen(c->v[i].word) + 2;
	per = cols / w ? cols / w : 1;
	for (int i = 0; i < c->n; i++)
		printf("%-*s%s", (int)w, c->v[i].word,
		       ((size_t)i % per == per - 1 || i == c->n - 1) ? "\n" : "");
}

/* Prints the '?' listing for the line up to the cursor. */
static void show_help(struct repl *r, const char *before)
{
	struct lex_line l;
	char err[128];
	struct strbuf q = STRBUF_INIT;

	strbuf_adds(&q, before);
	strbuf_addc(&q, '?');
	if (lex_line(q.buf, false, &l, err, sizeof(err)) == 0) {
		help_next(r->s, l.words, l.nwords, l.partial, "");
		lex_free(&l);
	}
	strbuf_release(&q);
	fflush(stdout);
}

static unsigned char key_tab(EditLine *el, int ch)
{
	struct repl *r = repl_of(el);
	struct completion c;
	char *before = line_before_cursor(el);
	unsigned char ret = CC_REFRESH_BEEP;
	bool again = r->last_was_tab;

	(void)ch;
	r->last_was_tab = true;
	if (!before || complete_at(r->s, before, &c) != 0) {
		free(before);
		return CC_REFRESH_BEEP;
	}
	if (*c.insert) {
		r->ed->insertstr(el, c.insert);
		r->last_was_tab = false;
		ret = CC_REFRESH;
	} else if (again) {
		fputc('\n', stdout);
		if (c.cands.n)
			print_columns(&c.cands);
		else
			show_help(r, before); /* a parameter without live values: say what it takes */
		fflush(stdout);
		ret = CC_REDISPLAY;
	}
	completion_free(&c);
	free(before);
	return ret;
}

static unsigned char key_help(EditLine *el, int ch)
{
	struct repl *r = repl_of(el);
	char *before = line_before_cursor(el);

	(void)ch;
	r->last_was_tab = false;
	if (!before || complete_in_quotes(before)) {
		free(before);
		r->ed->insertstr(el, "?");
		return CC_REFRESH;
	}
	fputs("?\n", stdout);
	show_help(r, before);
	free(before);
	return CC_REDISPLAY;
}

static char *prompt_of(EditLine *el)
{
	return repl_of(el)->prompt;
}

static void history_open(struct repl *r)
{
	struct session *s = r->s;
	HistEvent ev;
	size_t n;

	r->hist = r->ed->history_init();
	if (!r->hist)
		return;
	r->ed->history(r->hist, &ev, H_SETSIZE, HISTORY_SIZE);
	r->ed->history(r->hist, &ev, H_SETUNIQUE, 1);
	r->ed->set(r->el, EL_HIST, r->ed->history, r->hist);
	/* One file per account; names with '/' or a leading dot get none. */
	if (strchr(s->account, '/') || s->account[0] == '.')
		return;
	n = strlen(s->state_dir) + strlen(s->account) + sizeof("/history/");
	if (!(r->hist_path = malloc(n)))
		return;
	snprintf(r->hist_path, n, "%s/history", s->state_dir);
	mkdir(r->hist_path, 0770); /* under the umask: 0700, or 0770 when group-shared */
	snprintf(r->hist_path, n, "%s/history/%s", s->state_dir, s->account);
	r->ed->history(r->hist, &ev, H_LOAD, r->hist_path);
}

/* Remembers a line as the audit trail has it: secrets masked. */
static void history_remember(struct repl *r, const char *masked)
{
	HistEvent ev;

	if (!r->hist || !masked || !*masked)
		return;
	r->ed->history(r->hist, &ev, H_ENTER, masked);
	if (r->hist_path)
		r->ed->history(r->hist, &ev, H_SAVE, r->hist_path);
}

static long idle_minutes(struct session *s)
{
	return account_session_timeout(s);
}

static int idle_ms_of(struct session *s)
{
#ifdef UCSH_TEST_HOOKS
	const char *secs = getenv("UCSH_TEST_IDLE_SECONDS");
	if (secs && atoi(secs) > 0)
		return atoi(secs) * 1000;
#endif
	return (int)(idle_minutes(s) * 60 * 1000);
}

static bool repl_init(struct repl *r, struct session *s)
{
	char err[256];

	memset(r, 0, sizeof(*r));
	r->s = s;
	if (!(r->ed = edit_load(err, sizeof(err)))) {
		fprintf(stderr, "%% %s\n", err);
		return false;
	}
	snprintf(r->prompt, sizeof(r->prompt), "%s:", s->account);
	r->idle_ms = idle_ms_of(s);
	r->el = r->ed->init("ucsh", stdin, stdout, stderr);
	if (!r->el)
		return false;
	r->ed->set(r->el, EL_CLIENTDATA, r);
	r->ed->set(r->el, EL_EDITOR, "emacs");
	r->ed->set(r->el, EL_PROMPT, prompt_of);
	r->ed->set(r->el, EL_GETCFN, read_char);
	r->ed->set(r->el, EL_ADDFN, "ucsh-complete", "Complete the word at the cursor", key_tab);
	r->ed->set(r->el, EL_BIND, "^I", "ucsh-complete", NULL);
	r->ed->set(r->el, EL_ADDFN, "ucsh-help", "List what may come next", key_help);
	r->ed->set(r->el, EL_BIND, "?", "ucsh-help", NULL);
	history_open(r);
	return true;
}

static void repl_free(struct repl *r)
{
	if (r->hist)
		r->ed->history_end(r->hist);
	if (r->el)
		r->ed->end(r->el);
	free(r->hist_path);
}

/* One line from the terminal, byte by byte so that nothing typed after it
 * is taken from libedit; false after idle_ms without a key, as a prompt. */
static bool read_answer(char *buf, size_t len, int idle_ms)
{
	struct pollfd p = {STDIN_FILENO, POLLIN, 0};
	size_t n = 0;
	char ch;

	while (poll(&p, 1, idle_ms) == 1 && read(STDIN_FILENO, &ch, 1) == 1) {
		if (ch == '\n' || ch == '\r') {
			buf[n] = 0;
			return true;
		}
		if (n + 1 < len)
			buf[n++] = ch;
	}
	return false;
}

/* The login banner; with acknowledgement on, the session goes on only
 * after "yes" (false: it ends, and the audit trail says why). A banner the
 * store cannot give is no reason to lock the administrator out. */
static bool banner_gate(struct session *s)
{
	struct banner b;
	struct err e;
	char answer[16];
	bool ok = true;

	if (core_banner_get(&s->core, &b, &e) != 0) {
		fprintf(stderr, "%% %s\n", e.msg);
		return true;
	}
	if (!b.text)
		return true;
	fputs(b.text, stdout);
	if (b.acknowledge) {
		fputs("\nDo you acknowledge this banner? (yes/no) ", stdout);
		fflush(stdout);
		ok = read_answer(answer, sizeof(answer), idle_ms_of(s)) && strcmp(answer, "yes") == 0;
		if (!ok) {
			puts("\nThe banner was not acknowledged: the session ends.");
			audit_record(s, "banner acknowledgement refused", UC_FAIL, false);
		}
	} else {
		fputc('\n', stdout);
	}
	fflush(stdout);
	banner_free(&b);
	return ok;
}

int repl_run(struct session *s)
{
	struct repl r;
	const char *line;
	int count;

	setlocale(LC_CTYPE, "");
	install_signals();
	s->interrupt = &got_sigint;
	prompt_install(s);
	if (!banner_gate(s))
		return 1;
	if (!repl_init(&r, s)) {
		fputs("% Cannot start line editing on this terminal\n", stderr);
		return 1;
	}
	while (!s->quit) {
		char *masked = NULL;
		got_sigint = 0;
		line = r.ed->gets(r.el, &count);
		if (!line) {
			if (r.timed_out) {
				printf("\nSession closed after %ld idle minutes.\n", idle_minutes(s));
				break;
			}
			if (got_sigint) {
				fputs("^C\n", stdout); /* the line is abandoned */
				continue;
			}
			fputc('\n', stdout); /* Ctrl-D on an empty line */
			break;
		}
		r.last_was_tab = false;
		run_line(s, line, "", &masked);
		history_remember(&r, masked);
		free(masked);
		if (got_sigint)
			fputs("% Interrupted\n", stdout);
	}
	repl_free(&r);
	s->interrupt = NULL;
	return 0;
}
