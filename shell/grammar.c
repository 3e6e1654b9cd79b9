#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/grammar.h"
#include "shell/types.h"

/* Syntax tree of one syntax string, before expansion. */
enum node_kind { N_SEQ, N_ALT, N_OPT, N_LEAF };

struct node {
	enum node_kind kind;
	struct node **kids;
	int nkids;
	struct gel leaf;
};

struct parser {
	const char *p;
	struct grammar *g;
	char *err;
	size_t errlen;
	bool failed;
};

/* A list of linear sequences: the expansion of a node. */
struct seqlist {
	struct gseq *v;
	int n;
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		abort();
	return p;
}

/* A copy of len bytes of s owned by the grammar. */
static char *gstr(struct grammar *g, const char *s, size_t len)
{
	char *c;

	if (g->nstrs == g->capstrs) {
		g->capstrs = g->capstrs ? g->capstrs * 2 : 256;
		if (!(g->strs = realloc(g->strs, (size_t)g->capstrs * sizeof(*g->strs))))
			abort();
	}
	if (!(c = strndup(s, len)))
		abort();
	return g->strs[g->nstrs++] = c;
}

static void fail(struct parser *ps, const char *msg)
{
	if (!ps->failed)
		snprintf(ps->err, ps->errlen, "%s", msg);
	ps->failed = true;
}

static void node_free(struct node *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n);
}

static void add_kid(struct node *n, struct node *k)
{
	struct node **v = realloc(n->kids, (size_t)(n->nkids + 1) * sizeof(*v));

	if (!v)
		abort();
	n->kids = v;
	n->kids[n->nkids++] = k;
}

static void skip_space(struct parser *ps)
{
	while (*ps->p == ' ')
		ps->p++;
}

static bool is_param_word(const char *w)
{
	if (!isupper((unsigned char)w[0]))
		return false;
	for (; *w && *w != '(' && *w != '.' && (unsigned char)*w < 0x80; w++)
		if (!isupper((unsigned char)*w) && !isdigit((unsigned char)*w) && *w != '_')
			return false;
	return true;
}

/* A binding name: a C identifier, as handlers' struct fields are. */
static bool is_bind_name(const char *s)
{
	if (!*s || isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static char *normalised(struct grammar *g, const char *word, size_t len);

static bool parse_leaf(struct parser *ps, const char *word, struct gel *el)
{
	const char *dollar = strchr(word, '$'), *paren;
	size_t len = dollar ? (size_t)(dollar - word) : strlen(word), tlen;
	char w[128];

	if (len >= sizeof(w)) {
		fail(ps, "word too long");
		return false;
	}
	memcpy(w, word, len);
	w[len] = '\0';
	if (dollar) {
		if (!is_param_word(w) || !is_bind_name(dollar + 1)) {
			fail(ps, "$name follows a parameter and is lower case letters, digits and _");
			return false;
		}
		el->name = gstr(ps->g, dollar + 1, strlen(dollar + 1));
	}
	if (len >= 3 && strcmp(w + len - 3, "...") == 0) {
		el->repeat = true;
		len -= 3;
	} else if (len >= 3 && strcmp(w + len - 3, "\xe2\x80\xa6") == 0) { /* … */
		el->repeat = true;
		len -= 3;
	}
	if (!is_param_word(w)) {
		el->kind = GEL_KW;
		el->text = gstr(ps->g, w, len);
		/* A keyword binds by itself whatever its context. */
		el->name = normalised(ps->g, w, len);
		return true;
	}
	el->kind = GEL_PARAM;
	paren = memchr(w, '(', len);
	tlen = paren ? (size_t)(paren - w) : len;
	el->min = 0;
	el->max = 0;
	if (paren && sscanf(paren, "(%ld-%ld)", &el->min, &el->max) != 2) {
		fail(ps, "bad range: use TYPE(min-max)");
		return false;
	}
	el->text = gstr(ps->g, w, tlen);
	el->lower = normalised(ps->g, w, tlen);
	el->type = grammar_find_type(ps->g, el->text);
	if (!el->type) {
		char msg[128];
		snprintf(msg, sizeof(msg), "unknown parameter type %s", el->text);
		fail(ps, msg);
		return false;
	}
	return true;
}

static struct node *parse_seq(struct parser *ps);

/* {a|b}$name: the keyword that starts each alternative binds as name. */
static void name_choice(struct parser *ps, struct node *alt)
{
	char name[64];
	size_t len = 0;

	ps->p++;
	while (*ps->p && !strchr(" {}[]|", *ps->p) && len < sizeof(name) - 1)
		name[len++] = *ps->p++;
	name[len] = '\0';
	if (!is_bind_name(name)) {
		fail(ps, "{...}$name: name is lower case letters, digits and _");
		return;
	}
	for (int i = 0; i < alt->nkids; i++) {
		struct node *seq = alt->kids[i];
		struct node *first = seq->nkids ? seq->kids[0] : NULL;
		if (!first || first->kind != N_LEAF || first->leaf.kind != GEL_KW) {
			fail(ps, "{...}$name: every alternative must start with a keyword");
			return;
		}
		first->leaf.choice = gstr(ps->g, name, strlen(name));
	}
}

static struct node *parse_item(struct parser *ps)
{
	struct node *n = xcalloc(1, sizeof(*n));
	char word[128];
	size_t len = 0;

	if (*ps->p == '{') {
		ps->p++;
		n->kind = N_ALT;
		for (;;) {
			add_kid(n, parse_seq(ps));
			if (*ps->p == '|') {
				ps->p++;
				continue;
			}
			if (*ps->p != '}')
				fail(ps, "unterminated {");
			else
				ps->p++;
			break;
		}
		if (*ps->p == '$')
			name_choice(ps, n);
		return n;
	}
	if (*ps->p == '[') {
		ps->p++;
		n->kind = N_OPT;
		add_kid(n, parse_seq(ps));
		if (*ps->p != ']')
			fail(ps, "unterminated [");
		else
			ps->p++;
		return n;
	}
	n->kind = N_LEAF;
	while (*ps->p && !strchr(" {}[]|", *ps->p) && len < sizeof(word) - 1)
		word[len++] = *ps->p++;
	word[len] = '\0';
	if (!len || !parse_leaf(ps, word, &n->leaf))
		fail(ps, "empty or bad word");
	return n;
}

static struct node *parse_seq(struct parser *ps)
{
	struct node *n = xcalloc(1, sizeof(*n));

	n->kind = N_SEQ;
	for (;;) {
		skip_space(ps);
		if (!*ps->p || strchr("}]|", *ps->p) || ps->failed)
			return n;
		add_kid(n, parse_item(ps));
	}
}

/* ---- expansion into linear sequences ---- */

static void seq_append(struct gseq *dst, const struct gseq *src)
{
	dst->v = realloc(dst->v, (size_t)(dst->n + src->n + 1) * sizeof(*dst->v));
	if (!dst->v)
		abort();
	if (src->n)
		memcpy(dst->v + dst->n, src->v, (size_t)src->n * sizeof(*src->v));
	dst->n += src->n;
}

static void seq_free(struct gseq *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static void list_free(struct seqlist *l)
{
	for (int i = 0; i < l->n; i++)
		seq_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void list_push(struct seqlist *l, struct gseq s)
{
	l->v = realloc(l->v, (size_t)(l->n + 1) * sizeof(*l->v));
	if (!l->v)
		abort();
	l->v[l->n++] = s;
}

static struct seqlist expand(const struct node *n);

static struct seqlist expand_kids(struct node *const *kids, int nkids)
{
	struct seqlist acc = {0};

	list_push(&acc, (struct gseq){0});
	for (int k = 0; k < nkids; k++) {
		struct seqlist part = expand(kids[k]), next = {0};
		for (int i = 0; i < acc.n; i++)
			for (int j = 0; j < part.n; j++) {
				struct gseq s = {0};
				seq_append(&s, &acc.v[i]);
				seq_append(&s, &part.v[j]);
				list_push(&next, s);
			}
		list_free(&acc);
		list_free(&part);
		acc = next;
	}
	return acc;
}

static struct seqlist expand(const struct node *n)
{
	struct seqlist out = {0};

	switch (n->kind) {
	case N_LEAF: {
		struct gseq s = {0};
		struct gseq one = {(struct gel *)&n->leaf, 1};
		seq_append(&s, &one);
		list_push(&out, s);
		break;
	}
	case N_SEQ:
		return expand_kids(n->kids, n->nkids);
	case N_ALT:
		for (int k = 0; k < n->nkids; k++) {
			struct seqlist part = expand(n->kids[k]);
			for (int i = 0; i < part.n; i++)
				list_push(&out, part.v[i]);
			free(part.v);
		}
		break;
	case N_OPT:
		list_push(&out, (struct gseq){0});
		struct seqlist part = expand(n->kids[0]);
		for (int i = 0; i < part.n; i++)
			list_push(&out, part.v[i]);
		free(part.v);
		break;
	}
	return out;
}

/* What the expansions of n look like, without expanding it. */
struct shape {
	bool kw_first;	/* every non-empty expansion starts with a keyword */
	bool can_empty; /* some expansion is empty */
	bool can_full;	/* some expansion is not */
};

static struct shape shape_of(const struct node *n)
{
	struct shape r = {true, false, false}, k;

	switch (n->kind) {
	case N_LEAF:
		return (struct shape){n->leaf.kind == GEL_KW, false, true};
	case N_OPT:
		k = shape_of(n->kids[0]);
		return (struct shape){k.kw_first, true, k.can_full};
	case N_ALT:
		for (int i = 0; i < n->nkids; i++) {
			k = shape_of(n->kids[i]);
			r.kw_first &= k.kw_first || !k.can_full;
			r.can_empty |= k.can_empty;
			r.can_full |= k.can_full;
		}
		return r;
	case N_SEQ: {
		/* A part starts the expansion when every part before it was
		 * empty. */
		bool before_empty = true;
		r.can_empty = true;
		for (int i = 0; i < n->nkids; i++) {
			k = shape_of(n->kids[i]);
			if (before_empty && k.can_full)
				r.kw_first &= k.kw_first;
			before_empty &= k.can_empty;
			r.can_full |= k.can_full;
			r.can_empty &= k.can_empty;
		}
		return r;
	}
	}
	return r;
}

/* Whether every non-empty expansion of n starts with a keyword. */
static bool keyword_led(const struct node *n)
{
	struct shape sh = shape_of(n);

	return sh.kw_first && sh.can_full;
}

static void add_opt(struct gform *f, struct seqlist alts, bool required)
{
	int keep = 0;

	/* An optional part's empty alternative means "not given": drop it. */
	for (int i = 0; i < alts.n; i++) {
		if (alts.v[i].n == 0)
			seq_free(&alts.v[i]);
		else
			alts.v[keep++] = alts.v[i];
	}
	f->opts = realloc(f->opts, (size_t)(f->nopts + 1) * sizeof(*f->opts));
	if (!f->opts)
		abort();
	f->opts[f->nopts++] = (struct gopt){alts.v, keep, required};
}

/* Splits the top-level sequence into the positional prefix and the options. */
static int compile_tail(struct parser *ps, struct node *top, int start, struct gform *proto)
{
	int i = start;

	while (i < top->nkids) {
		struct node *k = top->kids[i];
		if (k->kind == N_OPT) {
			if (!keyword_led(k)) {
				fail(ps, "an optional part among the options must start with a keyword");
				return -1;
			}
			add_opt(proto, expand(k->kids[0]), false);
			i++;
			continue;
		}
		int j = i + 1;
		if (k->kind != N_LEAF || k->leaf.kind != GEL_KW) {
			fail(ps, "a required part among the options must start with a keyword");
			return -1;
		}
		while (j < top->nkids && top->kids[j]->kind != N_OPT &&
		       !(top->kids[j]->kind == N_LEAF && top->kids[j]->leaf.kind == GEL_KW))
			j++;
		add_opt(proto, expand_kids(top->kids + i, j - i), true);
		i = j;
	}
	if (proto->nopts > GRAMMAR_MAX_OPTS) {
		fail(ps, "too many options");
		return -1;
	}
	return 0;
}

static bool prefix_ok(struct parser *ps, const struct gseq *s, int nopts)
{
	for (int i = 0; i < s->n; i++)
		if (s->v[i].repeat && (i != s->n - 1 || nopts)) {
			fail(ps, "a repeated parameter must come last");
			return false;
		}
	if (s->n == 0 || s->v[0].kind != GEL_KW) {
		fail(ps, "a command must start with a keyword");
		return false;
	}
	return true;
}

static char *normalised(struct grammar *g, const char *word, size_t len)
{
	char *n = gstr(g, word, len);

	for (char *p = n; *p; p++)
		*p = *p == '-' ? '_' : (char)tolower((unsigned char)*p);
	return n;
}

/* Names the unnamed words of a linear sequence (commands/cmd.h: BIND). */
/* Names the unnamed parameters of a linear sequence (commands/cmd.h: BIND):
 * inside an option by the keyword before them, else by their type. */
static void name_seq(struct gseq *s, bool in_option)
{
	const char *kw = NULL;

	for (int i = 0; i < s->n; i++) {
		struct gel *el = &s->v[i];
		if (el->kind == GEL_KW)
			kw = el->name;
		else if (!el->name)
			el->name = in_option && kw ? (char *)kw : el->lower;
	}
}

/* How el can be bound: a parameter as text, and as a number, definition or
 * list when its type gives one; a keyword as a flag, or as text when it is
 * one of a named choice. */
static bool bindable(const struct gel *el, const char *name, enum bind_kind k)
{
	if (el->kind == GEL_KW)
		return (k == BIND_FLAG && strcmp(el->name, name) == 0) ||
		       (k == BIND_STR && el->choice && strcmp(el->choice, name) == 0);
	if (strcmp(el->name, name) != 0)
		return false;
	switch (k) {
	case BIND_STR:
		return !el->repeat;
	case BIND_NUM:
		return !el->repeat && el->type->kind == VAL_NUM;
	case BIND_PTR:
		return !el->repeat && el->type->kind == VAL_PTR;
	case BIND_LIST:
		return el->repeat;
	default:
		return false;
	}
}

static bool seq_declares(const struct gseq *s, const struct arg_bind *b, bool *named)
{
	for (int i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].name, b->name) == 0 ||
		    (s->v[i].choice && strcmp(s->v[i].choice, b->name) == 0))
			*named = true;
		if (bindable(&s->v[i], b->name, b->kind))
			return true;
	}
	return false;
}

static bool form_declares(const struct gseq *prefix, const struct gopt *opts, int nopts,
			  const struct arg_bind *b, bool *named)
{
	if (seq_declares(prefix, b, named))
		return true;
	for (int o = 0; o < nopts; o++)
		for (int a = 0; a < opts[o].nalts; a++)
			if (seq_declares(&opts[o].alts[a], b, named))
				return true;
	return false;
}

/* Two different parameters of one form may not share a name. */
static const char *duplicate_param(const struct gseq *prefix, const struct gopt *opts, int nopts)
{
	const struct gel *seen[128];
	int n = 0;

	for (int o = -1; o < nopts; o++)
		for (int a = 0; a < (o < 0 ? 1 : opts[o].nalts); a++) {
			const struct gseq *s = o < 0 ? prefix : &opts[o].alts[a];
			for (int i = 0; i < s->n; i++) {
				const struct gel *el = &s->v[i];
				if (el->kind != GEL_PARAM)
					continue;
				for (int j = 0; j < n; j++)
					if (strcmp(seen[j]->name, el->name) == 0 &&
					    (o < 0 || seen[j]->type != el->type || seen[j]->min != el->min ||
					     seen[j]->max != el->max))
						return el->name;
				if (n < 128)
					seen[n++] = el;
			}
		}
	return NULL;
}

/* The command's bind rows against every form its syntax expands to. */
static int check_binding(struct parser *ps, const struct cmd_def *cmd, const struct seqlist *prefixes,
			 const struct gopt *opts, int nopts)
{
	static const char *const kinds[] = {"text", "a number", "a definition", "a keyword flag", "a list"};
	char msg[256];

	for (int i = 0; i < prefixes->n; i++) {
		const char *dup = duplicate_param(&prefixes->v[i], opts, nopts);
		if (dup) {
			snprintf(msg, sizeof(msg), "two parameters are named \"%s\": name one with $", dup);
			fail(ps, msg);
			return -1;
		}
	}
	for (const struct arg_bind *b = cmd->bind; b && b->kind != BIND_END; b++) {
		bool named = false, found = false;
		for (int i = 0; i < prefixes->n && !found; i++)
			found = form_declares(&prefixes->v[i], opts, nopts, b, &named);
		if (found)
			continue;
		if (named)
			snprintf(msg, sizeof(msg),
				 "the handler binds \"%s\" as %s, which its syntax does not give", b->name,
				 kinds[b->kind]);
		else
			snprintf(msg, sizeof(msg),
				 "the handler reads \"%s\", which its syntax does not declare", b->name);
		fail(ps, msg);
		return -1;
	}
	return 0;
}

static int compile_cmd(struct grammar *g, const struct cmd_family *fam, const struct cmd_def *cmd, char *err,
		       size_t errlen)
{
	struct parser ps = {cmd->syntax, g, err, errlen, false};
	struct node *top = parse_seq(&ps);
	struct gform proto = {cmd, fam, {0}, NULL, 0, true};
	struct seqlist prefixes = {0};
	int tail = top->nkids, rc = -1;

	if (*ps.p && !ps.failed)
		fail(&ps, "unbalanced } ] or |");
	for (int i = 0; i < top->nkids && !ps.failed; i++)
		if (top->kids[i]->kind == N_OPT && keyword_led(top->kids[i])) {
			tail = i;
			break;
		}
	if (ps.failed || compile_tail(&ps, top, tail, &proto) < 0)
		goto out;
	prefixes = expand_kids(top->kids, tail);
	for (int i = 0; i < prefixes.n; i++)
		if (!prefix_ok(&ps, &prefixes.v[i], proto.nopts))
			goto out;
	for (int i = 0; i < prefixes.n; i++)
		name_seq(&prefixes.v[i], false);
	for (int o = 0; o < proto.nopts; o++)
		for (int a = 0; a < proto.opts[o].nalts; a++)
			name_seq(&proto.opts[o].alts[a], true);
	if (check_binding(&ps, cmd, &prefixes, proto.opts, proto.nopts) < 0)
		goto out;
	g->forms = realloc(g->forms, (size_t)(g->nforms + prefixes.n) * sizeof(*g->forms));
	if (!g->forms)
		abort();
	for (int i = 0; i < prefixes.n; i++) {
		struct gform f = proto;
		f.prefix = prefixes.v[i];
		f.owns_opts = i == 0;
		g->forms[g->nforms++] = f;
	}
	free(prefixes.v);
	prefixes.v = NULL;
	prefixes.n = 0;
	proto.opts = NULL;
	rc = 0;
out:
	if (rc < 0) {
		char msg[256];
		snprintf(msg, sizeof(msg), "command \"%s\": %s", cmd->syntax, err);
		snprintf(err, errlen, "%s", msg);
		for (int i = 0; i < proto.nopts; i++) {
			struct seqlist l = {proto.opts[i].alts, proto.opts[i].nalts};
			list_free(&l);
		}
		free(proto.opts);
	}
	list_free(&prefixes);
	node_free(top);
	return rc;
}

/* A type name means one definition everywhere. */
static int check_types(const struct cmd_family *const *families, int nfamilies, char *err, size_t errlen)
{
	for (int f = 0; f < nfamilies; f++)
		for (const struct type_def *const *t = families[f]->types; t && *t; t++) {
			const struct type_def *core = types_core_find((*t)->name);
			if (core && core != *t) {
				snprintf(err, errlen, "family %s: type %s is a core type", families[f]->name,
					 (*t)->name);
				return -1;
			}
			for (int g = 0; g <= f; g++)
				for (const struct type_def *const *u = families[g]->types; u && *u && u != t;
				     u++)
					if (strcmp((*u)->name, (*t)->name) == 0 && *u != *t) {
						snprintf(err, errlen,
							 "type %s is registered twice, differently (families "
							 "%s and "
							 "%s)",
							 (*t)->name, families[g]->name, families[f]->name);
						return -1;
					}
		}
	return 0;
}

int grammar_build(struct grammar *g, const struct cmd_family *const *families, int nfamilies, char *err,
		  size_t errlen)
{
	memset(g, 0, sizeof(*g));
	g->families = families;
	g->nfamilies = nfamilies;
	if (check_types(families, nfamilies, err, errlen) < 0)
		return -1;
	for (int f = 0; f < nfamilies; f++)
		for (size_t c = 0; c < families[f]->ncmds; c++)
			if (compile_cmd(g, families[f], &families[f]->cmds[c], err, errlen) < 0) {
				grammar_free(g);
				return -1;
			}
	return 0;
}

void grammar_free(struct grammar *g)
{
	for (int i = 0; i < g->nforms; i++) {
		struct gform *f = &g->forms[i];
		seq_free(&f->prefix);
		if (!f->owns_opts)
			continue;
		for (int o = 0; o < f->nopts; o++) {
			struct seqlist l = {f->opts[o].alts, f->opts[o].nalts};
			list_free(&l);
		}
		free(f->opts);
	}
	free(g->forms);
	for (int i = 0; i < g->nstrs; i++)
		free(g->strs[i]);
	free(g->strs);
	memset(g, 0, sizeof(*g));
}

const struct type_def *grammar_find_type(const struct grammar *g, const char *name)
{
	const struct type_def *t = types_core_find(name);

	if (t)
		return t;
	for (int f = 0; f < g->nfamilies; f++)
		for (const struct type_def *const *tp = g->families[f]->types; tp && *tp; tp++)
			if (strcmp((*tp)->name, name) == 0)
				return *tp;
	return NULL;
}

const char *grammar_kw_help(const struct grammar *g, const char *path)
{
	for (int f = 0; f < g->nfamilies; f++)
		for (const struct kw_help *k = g->families[f]->kw; k && k->path; k++)
			if (strcasecmp(k->path, path) == 0)
				return k->help;
	return NULL;
}

char *grammar_display(const char *syntax)
{
	char *out = malloc(strlen(syntax) + 1), *d = out;

	if (!out)
		abort();
	for (const char *p = syntax; *p;) {
		if (*p == '$') {
			p++;
			while (islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_')
				p++;
			continue;
		}
		*d++ = *p++;
	}
	*d = '\0';
	return out;
}
