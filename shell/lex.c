#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/lex.h"
#include "util/strbuf.h"

struct raw_word {
	char *text;
	bool pipe; /* an unquoted '|' */
};

struct lexer {
	const char *p;
	struct raw_word *v;
	int n, cap;
	bool help, partial, open_quote;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool escapable_outside(char c)
{
	return is_space(c) || c == '"' || c == '\'' || c == '\\' || c == '|' || c == '#' || c == '?';
}

static int push(struct lexer *lx, char *text, bool pipe)
{
	if (lx->n == lx->cap) {
		int cap = lx->cap ? lx->cap * 2 : 8;
		struct raw_word *v = realloc(lx->v, (size_t)cap * sizeof(*v));
		if (!v) {
			free(text);
			return -1;
		}
		lx->v = v;
		lx->cap = cap;
	}
	lx->v[lx->n++] = (struct raw_word){text, pipe};
	return 0;
}

/* Reads one word starting at lx->p (not whitespace). Returns 1 when the line
 * ends here (comment or '?'), 0 to go on, -1 on error. */
static int read_word(struct lexer *lx, struct strbuf *b)
{
	const char *p = lx->p;
	bool any = false;

	while (*p && !is_space(*p)) {
		if (*p == '?') {
			lx->help = true;
			lx->partial = any;
			lx->p = p;
			return 1;
		}
		if (*p == '|' && any)
			break;
		if (*p == '"' || *p == '\'') {
			char q = *p++;
			while (*p && *p != q) {
				if (q == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				strbuf_addc(b, *p++);
			}
			if (!*p) {
				lx->open_quote = true;
				lx->p = p;
				return 0;
			}
			p++;
		} else if (*p == '\\' && p[1] && escapable_outside(p[1])) {
			strbuf_addc(b, p[1]);
			p += 2;
		} else {
			strbuf_addc(b, *p++);
		}
		any = true;
	}
	lx->p = p;
	return 0;
}

static int split(struct lexer *lx)
{
	struct strbuf b = STRBUF_INIT;
	int rc;

	for (;;) {
		while (is_space(*lx->p))
			lx->p++;
		if (!*lx->p)
			return 0;
		if (*lx->p == '#')
			return 0;
		if (*lx->p == '|') {
			lx->p++;
			if (push(lx, NULL, true) < 0)
				return -1;
			continue;
		}
		strbuf_reset(&b);
		rc = read_word(lx, &b);
		if (rc < 0)
			return -1;
		if (b.len || !lx->help || lx->partial) {
			/* An empty quoted word ("") is still a word. */
			if (push(lx, strbuf_detach(&b), false) < 0)
				return -1;
		}
		strbuf_release(&b);
		if (rc == 1 || lx->open_quote) {
			if (lx->open_quote)
				lx->partial = true;
			return 0;
		}
		if (!*lx->p)
			lx->partial = true;
	}
}

static int parse_filter(struct lexer *lx, int *i, struct lex_filter *f, char *err, size_t errlen)
{
	static const char *const names[] = {"include", "exclude", "count"};
	const char *w;
	int kind = -1;
	size_t len;
	struct strbuf re = STRBUF_INIT;

	if (*i >= lx->n || lx->v[*i].pipe) {
		snprintf(err, errlen, "missing filter after '|': use include RE, exclude RE or count");
		return -1;
	}
	w = lx->v[(*i)++].text;
	len = strlen(w);
	for (int k = 0; k < 3; k++)
		if (len && strncasecmp(w, names[k], len) == 0)
			kind = k;
	if (kind < 0) {
		snprintf(err, errlen, "unknown filter \"%s\": use include RE, exclude RE or count", w);
		return -1;
	}
	f->kind = (enum filter_kind)kind;
	f->pattern = NULL;
	if (f->kind == FILTER_COUNT)
		return 0;
	while (*i < lx->n && !lx->v[*i].pipe) {
		if (re.len)
			strbuf_addc(&re, ' ');
		strbuf_adds(&re, lx->v[(*i)++].text);
	}
	if (!re.len) {
		snprintf(err, errlen, "\"%s\" needs a regular expression", names[kind]);
		strbuf_release(&re);
		return -1;
	}
	f->pattern = strbuf_detach(&re);
	return 0;
}

static void free_raw(struct lexer *lx)
{
	for (int i = 0; i < lx->n; i++)
		free(lx->v[i].text);
	free(lx->v);
}

int lex_line(const char *line, bool for_completion, struct lex_line *out, char *err, size_t errlen)
{
	struct lexer lx = {.p = line};
	int i = 0, rc = -1;

	memset(out, 0, sizeof(*out));
	if (split(&lx) < 0) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	if (lx.open_quote && !for_completion) {
		snprintf(err, errlen, "unterminated quote");
		goto done;
	}
	out->words = calloc((size_t)lx.n + 1, sizeof(char *));
	out->filters = calloc((size_t)lx.n + 1, sizeof(*out->filters));
	if (!out->words || !out->filters) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	while (i < lx.n && !lx.v[i].pipe) {
		out->words[out->nwords++] = lx.v[i].text;
		lx.v[i++].text = NULL;
	}
	while (i < lx.n) {
		i++; /* the '|' */
		if (parse_filter(&lx, &i, &out->filters[out->nfilters], err, errlen) < 0)
			goto done;
		out->nfilters++;
	}
	out->help = lx.help;
	out->partial = lx.partial && lx.n > 0 && !lx.v[lx.n - 1].pipe;
	out->open_quote = lx.open_quote;
	rc = 0;
done:
	free_raw(&lx);
	if (rc < 0)
		lex_free(out);
	return rc;
}

void lex_free(struct lex_line *l)
{
	for (int i = 0; i < l->nwords; i++)
		free(l->words[i]);
	free(l->words);
	for (int i = 0; i < l->nfilters; i++)
		free(l->filters[i].pattern);
	free(l->filters);
	memset(l, 0, sizeof(*l));
}
