#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/tree.h"
#include "util/strbuf.h"

struct mstate {
	const struct gform *f;
	short pos;  /* next prefix element */
	short opt;  /* option in progress, or -1 */
	short alt;  /* its alternative */
	short apos; /* next element of that alternative */
	bool rep;   /* the trailing repeated parameter has a value */
	uint64_t used;
	/* Arguments so far, newest first: states share their history, so a
	 * step adds one node instead of copying every argument. */
	const struct anode *args;
	int nargs;
};

struct anode {
	struct targ a;
	const struct anode *prev;
};

/* Nodes live in blocks that never move, freed together after the walk. */
struct arena {
	struct arena *next;
	int used;
	struct anode v[128];
};

struct edge {
	int si;
	const struct gel *el;
	int opt, alt; /* -1 for a prefix element */
};

struct walk {
	struct session *s;
	const struct grammar *g;
	struct mstate *st;
	int n;
	struct edge *e;
	int ne, ecap;
	char ***pool;
	int *npool;
	struct arena *arena;
};

static struct anode *node_new(struct walk *w)
{
	if (!w->arena || w->arena->used == 128) {
		struct arena *a = malloc(sizeof(*a));
		if (!a)
			abort();
		a->next = w->arena;
		a->used = 0;
		w->arena = a;
	}
	return &w->arena->v[w->arena->used++];
}

static const char *pool_add(struct walk *w, char *str)
{
	char **p = realloc(*w->pool, (size_t)(*w->npool + 1) * sizeof(*p));

	if (!p || !str)
		abort();
	*w->pool = p;
	p[(*w->npool)++] = str;
	return str;
}

/* Starts a walk with the forms at or below level whose first keyword the
 * first word could be (every form when there is no first word yet): a batch
 * line then walks a handful of forms, not all of them. */
static void walk_init(struct walk *w, int level, const char *first)
{
	int n = 0;

	for (int i = 0; i < w->g->nforms; i++)
		n += w->g->forms[i].cmd->level <= level;
	w->st = malloc(((size_t)n + 1) * sizeof(*w->st));
	if (!w->st)
		abort();
	w->n = 0;
	for (int i = 0; i < w->g->nforms; i++) {
		const struct gform *f = &w->g->forms[i];
		if (f->cmd->level > level)
			continue;
		/* The first letter rules most forms out without a string compare. */
		if (first && *first &&
		    (tolower((unsigned char)f->prefix.v[0].text[0]) != tolower((unsigned char)*first) ||
		     strncasecmp(f->prefix.v[0].text, first, strlen(first)) != 0))
			continue;
		w->st[w->n].f = f;
		w->st[w->n].pos = w->st[w->n].alt = w->st[w->n].apos = 0;
		w->st[w->n].opt = -1;
		w->st[w->n].rep = false;
		w->st[w->n].used = 0;
		w->st[w->n].args = NULL;
		w->st[w->n].nargs = 0;
		w->n++;
	}
}

static void push_edge(struct walk *w, int si, const struct gel *el, int opt, int alt)
{
	if (w->ne == w->ecap) {
		w->ecap = w->ecap ? w->ecap * 2 : 64;
		w->e = realloc(w->e, (size_t)w->ecap * sizeof(*w->e));
		if (!w->e)
			abort();
	}
	w->e[w->ne++] = (struct edge){si, el, opt, alt};
}

static void collect_edges(struct walk *w)
{
	w->ne = 0;
	for (int si = 0; si < w->n; si++) {
		const struct mstate *s = &w->st[si];
		const struct gform *f = s->f;
		if (s->pos < f->prefix.n) {
			push_edge(w, si, &f->prefix.v[s->pos], -1, -1);
			continue;
		}
		if (s->opt >= 0) {
			push_edge(w, si, &f->opts[s->opt].alts[s->alt].v[s->apos], s->opt, s->alt);
			continue;
		}
		for (int o = 0; o < f->nopts; o++) {
			if (s->used & (UINT64_C(1) << o))
				continue;
			for (int a = 0; a < f->opts[o].nalts; a++)
				push_edge(w, si, &f->opts[o].alts[a].v[0], o, a);
		}
	}
}

static bool state_complete(const struct mstate *s)
{
	const struct gform *f = s->f;
	bool prefix_done = s->pos == f->prefix.n || (s->rep && s->pos == f->prefix.n - 1);

	if (!prefix_done || s->opt >= 0)
		return false;
	for (int o = 0; o < f->nopts; o++)
		if (f->opts[o].required && !(s->used & (UINT64_C(1) << o)))
			return false;
	return true;
}

/* A checked parameter value. */
struct pval {
	const char *text;
	long num;
	const void *ptr;
};

static struct mstate advance(struct walk *w, const struct mstate *s, const struct edge *e,
			     const struct pval *pv, int word)
{
	struct mstate ns = *s;
	const struct gel *el = e->el;
	struct anode *n;
	struct targ *a;

	if (e->opt < 0) {
		if (el->repeat)
			ns.rep = true;
		else
			ns.pos++;
	} else if (s->opt >= 0) {
		ns.apos++;
	} else {
		ns.opt = (short)e->opt;
		ns.alt = (short)e->alt;
		ns.apos = 1;
		ns.used |= UINT64_C(1) << e->opt;
	}
	if (ns.opt >= 0 && ns.apos == ns.f->opts[ns.opt].alts[ns.alt].n)
		ns.opt = -1;
	if (ns.nargs < TREE_MAX_ARGS) {
		n = node_new(w);
		n->prev = s->args;
		a = &n->a;
		a->key = el->text;
		a->name = el->name;
		a->choice = el->choice;
		a->value = el->kind == GEL_KW ? el->text : pv->text;
		a->num = pv ? pv->num : 0;
		a->ptr = pv ? pv->ptr : NULL;
		a->type = el->type;
		a->word = word;
		a->is_kw = el->kind == GEL_KW;
		ns.args = n;
		ns.nargs++;
	}
	return ns;
}

/* The arguments of a state in order, as handlers get them. */
static void args_of(const struct mstate *s, struct args *out)
{
	const struct anode *n = s->args;

	out->n = s->nargs;
	for (int i = s->nargs - 1; i >= 0 && n; i--, n = n->prev)
		out->v[i] = n->a;
}

static bool kw_prefix(const char *kw, const char *word)
{
	size_t len = strlen(word);

	return len && strncasecmp(kw, word, len) == 0;
}

/* The appliance's own spellings match only when typed in full, so they
 * never make a short prefix ambiguous. */
static bool is_alias(const struct walk *w, const struct edge *e)
{
	return w->st[e->si].f->cmd->flags & CMD_ALIAS;
}

static int cmp_names(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Appends the distinct words of the selected edges to b: keywords sorted,
 * then <PARAMETERS> sorted. */
static void list_keywords(struct walk *w, const bool *sel, struct strbuf *b, int max)
{
	const char **names = calloc((size_t)w->ne + 1, sizeof(*names));
	int n = 0, nkw = 0;

	if (!names)
		abort();
	for (int pass = 0; pass < 2; pass++) {
		int start = n;
		for (int i = 0; i < w->ne; i++) {
			bool dup = false;
			if (!sel[i] || (w->e[i].el->kind == GEL_PARAM) != (pass == 1))
				continue;
			for (int j = start; j < n; j++)
				dup |= strcasecmp(names[j], w->e[i].el->text) == 0;
			if (!dup)
				names[n++] = w->e[i].el->text;
		}
		qsort(names + start, (size_t)(n - start), sizeof(*names), cmp_names);
		if (pass == 0)
			nkw = n;
	}
	for (int i = 0; i < n; i++) {
		if (i == max) {
			strbuf_adds(b, ", ...");
			break;
		}
		strbuf_addf(b, i >= nkw ? "%s<%s>" : "%s%s", i ? ", " : "", names[i]);
	}
	free(names);
}

/* After an option's keyword, when only a few keywords can follow (a choice
 * such as protocol {tcp|udp|any}), the message names them. */
static void expected_choices(struct walk *w, int wi, char *msg, size_t msglen)
{
	struct strbuf b = STRBUF_INIT;
	bool *all = calloc((size_t)w->ne + 1, sizeof(*all));
	int distinct = 0;

	if (!all)
		abort();
	for (int i = 0; i < w->ne; i++) {
		bool dup = false;
		if (w->e[i].el->kind == GEL_PARAM)
			distinct = 99;
		for (int j = 0; j < i; j++)
			dup |= strcasecmp(w->e[j].el->text, w->e[i].el->text) == 0;
		distinct += !dup;
		all[i] = true;
	}
	if (wi > 0 && distinct > 0 && distinct <= 8) {
		list_keywords(w, all, &b, 8);
		size_t n = strlen(msg);
		snprintf(msg + n, msglen - n, " (expected %s)", b.buf);
	}
	strbuf_release(&b);
	free(all);
}

static void words_text(struct strbuf *b, char *const *words, int n)
{
	for (int i = 0; i < n; i++)
		strbuf_addf(b, "%s%s", i ? " " : "", words[i]);
}

/* Consumes one word: keeps the states that can take it. Keywords beat
 * parameters, an exact keyword beats a prefix. */
static int step(struct walk *w, char *const *words, int wi, char *msg, size_t msglen)
{
	const char *word = words[wi];
	bool *sel = calloc((size_t)w->ne + 1, sizeof(bool));
	int nsel = 0, rc = TREE_OK;
	const char *one_kw = NULL;
	struct mstate *next;
	struct strbuf b = STRBUF_INIT;

	if (!sel)
		abort();
	for (int i = 0; i < w->ne; i++)
		if (w->e[i].el->kind == GEL_KW &&
		    tolower((unsigned char)w->e[i].el->text[0]) == tolower((unsigned char)*word) &&
		    strcasecmp(w->e[i].el->text, word) == 0)
			sel[i] = true, nsel++;
	if (!nsel) {
		bool ambiguous = false;
		for (int i = 0; i < w->ne; i++)
			if (w->e[i].el->kind == GEL_KW && kw_prefix(w->e[i].el->text, word) &&
			    !is_alias(w, &w->e[i])) {
				sel[i] = true, nsel++;
				if (one_kw && strcasecmp(one_kw, w->e[i].el->text) != 0)
					ambiguous = true;
				one_kw = w->e[i].el->text;
			}
		if (ambiguous) {
			list_keywords(w, sel, &b, 12);
			snprintf(msg, msglen, "Ambiguous command: \"%s\" (%s)", word, b.buf);
			rc = TREE_AMBIGUOUS;
			goto out;
		}
	}
	/* Parameters: each distinct type is checked once. */
	struct pval *canon = calloc((size_t)w->ne + 1, sizeof(*canon));
	const struct gel *bad = NULL;
	char err[256] = "";
	if (!canon)
		abort();
	bool by_keyword = nsel > 0;
	for (int i = 0; i < w->ne && !by_keyword; i++) {
		const struct gel *el = w->e[i].el;
		bool ok = false, seen = false;
		if (el->kind != GEL_PARAM)
			continue;
		for (int j = 0; j < i; j++)
			if (w->e[j].el->kind == GEL_PARAM && w->e[j].el->type == el->type &&
			    w->e[j].el->min == el->min && w->e[j].el->max == el->max) {
				seen = true;
				ok = sel[j];
				canon[i] = canon[j];
				break;
			}
		if (!seen) {
			struct check_in ci = {w->s, el->type, el->min, el->max};
			struct value v = {0};
			ok = el->type->check(&ci, word, &v);
			if (ok)
				canon[i] = (struct pval){pool_add(w, v.canon ? v.canon : strdup(word)), v.num,
							 v.ptr};
			if (!ok) {
				free(v.canon);
				if (!bad) {
					bad = el;
					snprintf(err, sizeof(err), "%s", v.err);
				}
			}
		}
		sel[i] = ok;
	}
	for (int i = 0; i < w->ne && !by_keyword; i++)
		nsel += sel[i];
	if (!nsel) {
		if (bad) {
			snprintf(msg, msglen, "Invalid value \"%s\" for %s: %s", word, bad->text, err);
			rc = TREE_INVALID;
		} else {
			words_text(&b, words, wi + 1);
			snprintf(msg, msglen, "Unknown command: \"%s\"", b.buf);
			expected_choices(w, wi, msg, msglen);
			rc = TREE_UNKNOWN;
		}
		free(canon);
		goto out;
	}
	next = malloc((size_t)nsel * sizeof(*next));
	if (!next)
		abort();
	nsel = 0;
	for (int i = 0; i < w->ne; i++)
		if (sel[i])
			next[nsel++] = advance(w, &w->st[w->e[i].si], &w->e[i],
					       w->e[i].el->kind == GEL_PARAM ? &canon[i] : NULL, wi);
	free(canon);
	free(w->st);
	w->st = next;
	w->n = nsel;
out:
	strbuf_release(&b);
	free(sel);
	return rc;
}

static int walk_words(struct walk *w, char *const *words, int nwords, char *msg, size_t msglen)
{
	for (int i = 0; i < nwords; i++) {
		int rc;
		collect_edges(w);
		if ((rc = step(w, words, i, msg, msglen)) != TREE_OK)
			return rc;
	}
	return TREE_OK;
}

static void walk_free(struct walk *w)
{
	free(w->st);
	free(w->e);
	while (w->arena) {
		struct arena *next = w->arena->next;
		free(w->arena);
		w->arena = next;
	}
}

int tree_match(struct session *s, const struct grammar *g, char *const *words, int nwords,
	       struct tree_match *m)
{
	struct walk w = {.s = s, .g = g, .pool = &m->pool, .npool = &m->npool};
	int rc, found = -1;
	struct strbuf b = STRBUF_INIT;

	memset(m, 0, sizeof(*m));
	walk_init(&w, PRIV_ADMIN, nwords ? words[0] : NULL);
	rc = walk_words(&w, words, nwords, m->msg, sizeof(m->msg));
	if (rc != TREE_OK)
		goto out;
	for (int i = 0; i < w.n; i++) {
		if (!state_complete(&w.st[i]))
			continue;
		if (found >= 0 && w.st[found].f->cmd != w.st[i].f->cmd) {
			words_text(&b, words, nwords);
			snprintf(m->msg, sizeof(m->msg), "Ambiguous command: \"%s\" matches several commands",
				 b.buf);
			rc = TREE_AMBIGUOUS;
			goto out;
		}
		if (found < 0)
			found = i;
	}
	if (found < 0) {
		bool *all;
		collect_edges(&w);
		all = calloc((size_t)w.ne + 1, sizeof(bool));
		if (!all)
			abort();
		for (int i = 0; i < w.ne; i++)
			all[i] = true;
		words_text(&b, words, nwords);
		strbuf_adds(&b, "\" (next: ");
		list_keywords(&w, all, &b, 8);
		free(all);
		snprintf(m->msg, sizeof(m->msg), "Incomplete command: \"%s)", b.buf);
		rc = TREE_INCOMPLETE;
		goto out;
	}
	m->cmd = w.st[found].f->cmd;
	args_of(&w.st[found], &m->args);
out:
	strbuf_release(&b);
	walk_free(&w);
	return rc;
}

void tree_match_free(struct tree_match *m)
{
	for (int i = 0; i < m->npool; i++)
		free(m->pool[i]);
	free(m->pool);
	m->pool = NULL;
	m->npool = 0;
}

/* ---- '?' and TAB ---- */

static void add_item(struct tree_next *out, const char *word, const char *help, bool is_param)
{
	for (int i = 0; i < out->n; i++)
		if (strcmp(out->v[i].word, word) == 0)
			return;
	out->v = realloc(out->v, (size_t)(out->n + 1) * sizeof(*out->v));
	if (!out->v)
		abort();
	out->v[out->n++] = (struct tree_item){strdup(word), help, is_param};
}

/* The keyword path a state has walked, plus kw: "show cli" + "pagination". */
static const char *keyword_help(struct walk *w, const struct edge *e)
{
	const struct mstate *s = &w->st[e->si];
	struct strbuf path = STRBUF_INIT;
	const char *help;

	if (e->opt >= 0 && s->opt < 0) {
		/* An option keyword: say what its value is. */
		const struct gseq *alt = &s->f->opts[e->opt].alts[e->alt];
		if (alt->n > 1 && alt->v[1].kind == GEL_PARAM)
			return alt->v[1].type->help;
		return s->f->cmd->help;
	}
	struct args done;
	args_of(s, &done);
	for (int i = 0; i < done.n; i++)
		if (done.v[i].is_kw)
			strbuf_addf(&path, "%s ", done.v[i].key);
	strbuf_adds(&path, e->el->text);
	help = grammar_kw_help(w->g, path.buf);
	strbuf_release(&path);
	if (help)
		return help;
	/* A keyword only one command goes through: that command's help. */
	for (int i = 0; i < w->ne; i++)
		if (w->e[i].el->kind == GEL_KW && strcasecmp(w->e[i].el->text, e->el->text) == 0 &&
		    w->st[w->e[i].si].f->cmd != s->f->cmd)
			return "several commands";
	return s->f->cmd->help;
}

static int cmp_items(const void *a, const void *b)
{
	const struct tree_item *x = a, *y = b;

	if (x->is_param != y->is_param)
		return x->is_param ? 1 : -1;
	return strcasecmp(x->word, y->word);
}

int tree_next(struct session *s, const struct grammar *g, char *const *words, int nwords, bool partial,
	      int level, bool values, struct tree_next *out)
{
	char **pool = NULL;
	int npool = 0;
	struct walk w = {.s = s, .g = g, .pool = &pool, .npool = &npool};
	const char *last = partial && nwords ? words[nwords - 1] : "";
	int rc;

	memset(out, 0, sizeof(*out));
	walk_init(&w, level, nwords ? words[0] : NULL);
	rc = walk_words(&w, words, partial ? nwords - 1 : nwords, out->msg, sizeof(out->msg));
	if (rc != TREE_OK)
		goto out;
	collect_edges(&w);
	for (int i = 0; i < w.ne; i++) {
		const struct gel *el = w.e[i].el;
		if (el->kind == GEL_KW) {
			bool offer = is_alias(&w, &w.e[i]) ? strcasecmp(el->text, last) == 0
							   : !*last || kw_prefix(el->text, last);
			if (offer)
				add_item(out, el->text, keyword_help(&w, &w.e[i]), false);
		} else if (values && el->type->complete) {
			struct strlist l = {0};
			el->type->complete(s, &l);
			for (int k = 0; k < l.n; k++)
				if (!*last || strncasecmp(l.v[k], last, strlen(last)) == 0)
					add_item(out, l.v[k], el->type->help, true);
			strlist_free(&l);
		} else if (!values) {
			char ph[80];
			if (el->min || el->max)
				snprintf(ph, sizeof(ph), "<%ld-%ld>", el->min, el->max);
			else
				snprintf(ph, sizeof(ph), "<%s>", el->text);
			add_item(out, ph, el->type->help, true);
			/* '?' also shows the live values a parameter can take. */
			if (el->type->complete) {
				struct strlist l = {0};
				el->type->complete(s, &l);
				for (int k = 0; k < l.n; k++)
					if (!*last || strncasecmp(l.v[k], last, strlen(last)) == 0)
						add_item(out, l.v[k], "", true);
				strlist_free(&l);
			}
		}
	}
	if (out->n)
		qsort(out->v, (size_t)out->n, sizeof(*out->v), cmp_items);
	if (!partial)
		for (int i = 0; i < w.n; i++)
			if (state_complete(&w.st[i]))
				out->can_end = true;
out:
	walk_free(&w);
	for (int i = 0; i < npool; i++)
		free(pool[i]);
	free(pool);
	return rc;
}

void tree_next_free(struct tree_next *n)
{
	for (int i = 0; i < n->n; i++)
		free(n->v[i].word);
	free(n->v);
	memset(n, 0, sizeof(*n));
}

/* ---- argument access for the engine ---- */

const struct targ *args_find(const struct args *a, const char *name, bool kw)
{
	for (int i = 0; i < a->n; i++) {
		const struct targ *t = &a->v[i];
		if (t->is_kw == kw && strcmp(t->name, name) == 0)
			return t;
	}
	return NULL;
}

int tree_commands(struct session *s, const struct grammar *g, char *const *words, int nwords, int level,
		  const struct cmd_def ***out, int *nout, char *msg, size_t msglen)
{
	char **pool = NULL;
	int npool = 0, rc;
	struct walk w = {.s = s, .g = g, .pool = &pool, .npool = &npool};

	*out = NULL;
	*nout = 0;
	walk_init(&w, level, nwords ? words[0] : NULL);
	rc = walk_words(&w, words, nwords, msg, msglen);
	if (rc == TREE_OK) {
		*out = calloc((size_t)w.n + 1, sizeof(**out));
		if (!*out)
			abort();
		for (int i = 0; i < w.n; i++) {
			bool dup = false;
			for (int j = 0; j < *nout; j++)
				dup |= (*out)[j] == w.st[i].f->cmd;
			if (!dup)
				(*out)[(*nout)++] = w.st[i].f->cmd;
		}
	}
	walk_free(&w);
	for (int i = 0; i < npool; i++)
		free(pool[i]);
	free(pool);
	return rc;
}
