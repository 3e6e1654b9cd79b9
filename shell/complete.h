/* TAB completion of a partial line: what to insert at the cursor, and the
 * candidates to list when nothing can be inserted. */
#ifndef UCSH_COMPLETE_H
#define UCSH_COMPLETE_H

#include "commands/session.h"
#include "shell/tree.h"

struct completion {
	char *insert;		/* text to insert at the cursor ("" when none) */
	struct tree_next cands; /* every candidate for the word at the cursor */
};

/* before: the line up to the cursor. Returns 0, or -1 when the line cannot
 * be completed (an open quote, a filter, words that match nothing). */
int complete_at(struct session *s, const char *before, struct completion *c);
void completion_free(struct completion *c);

/* Whether the cursor at the end of before sits inside quotes or right
 * after a backslash: there '?' is an ordinary character. */
bool complete_in_quotes(const char *before);

#endif
