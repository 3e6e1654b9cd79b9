#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/complete.h"
#include "shell/lex.h"

bool complete_in_quotes(const char *p)
{
	char q = 0;

	for (; *p; p++) {
		if (*p == '\\' && q != '\'') {
			if (!p[1])
				return true;
			p++;
		} else if (q && *p == q) {
			q = 0;
		} else if (!q && (*p == '"' || *p == '\'')) {
			q = *p;
		}
	}
	return q != 0;
}

int complete_at(struct session *s, const char *before, struct completion *c)
{
	struct lex_line l;
	char err[128];
	const char *partial = "";
	size_t lcp;
	int rc = -1;

	memset(c, 0, sizeof(*c));
	if (lex_line(before, true, &l, err, sizeof(err)) < 0)
		return -1;
	if (l.open_quote || l.nfilters)
		goto out;
	if (tree_next(s, s->grammar, l.words, l.nwords, l.partial, s->level, true, &c->cands) != TREE_OK)
		goto out;
	if (l.partial && l.nwords)
		partial = l.words[l.nwords - 1];
	rc = 0;
	if (c->cands.n == 0) {
		c->insert = strdup("");
		goto out;
	}
	/* The longest prefix all candidates share, ignoring case. */
	lcp = strlen(c->cands.v[0].word);
	for (int i = 1; i < c->cands.n; i++) {
		size_t k = 0;
		while (k < lcp && c->cands.v[i].word[k] &&
		       strncasecmp(c->cands.v[i].word + k, c->cands.v[0].word + k, 1) == 0)
			k++;
		lcp = k;
	}
	if (lcp < strlen(partial)) {
		c->insert = strdup("");
		goto out;
	}
	size_t n = lcp - strlen(partial);
	c->insert = malloc(n + 2);
	if (c->insert) {
		memcpy(c->insert, c->cands.v[0].word + strlen(partial), n);
		c->insert[n] = '\0';
		if (c->cands.n == 1)
			strcat(c->insert, " "); /* a finished word */
	}
out:
	lex_free(&l);
	if (rc == 0 && !c->insert)
		rc = -1;
	return rc;
}

void completion_free(struct completion *c)
{
	free(c->insert);
	tree_next_free(&c->cands);
	memset(c, 0, sizeof(*c));
}
