/* The command-line lexer: words, quoting, comments, output filters and the
 * '?' help marker. One lexer for interactive lines, -c, files and stdin. */
#ifndef UCSH_LEX_H
#define UCSH_LEX_H

#include <stdbool.h>
#include <stddef.h>

enum filter_kind { FILTER_INCLUDE, FILTER_EXCLUDE, FILTER_COUNT };

struct lex_filter {
	enum filter_kind kind;
	char *pattern; /* NULL for count */
};

struct lex_line {
	char **words;
	int nwords;
	struct lex_filter *filters;
	int nfilters;
	bool help;	 /* an unquoted '?' ended the line */
	bool partial;	 /* the last word is unfinished ('?' or end of line touch it) */
	bool open_quote; /* the line ended inside quotes */
};

/* Splits line. Quoting: "..." (inside, \" and \\ escape), '...' (literal).
 * Outside quotes a backslash escapes whitespace, quotes, \, |, # and ?; before
 * any other character it is kept, so values such as "a\,b" reach the command.
 * '#' at the start of a word begins a comment. '|' starts output filters:
 * "include RE", "exclude RE", "count" (unique prefixes accepted).
 * Returns 0, or -1 with err set (unterminated quote, bad filter). With
 * for_completion, an unterminated quote is not an error. */
int lex_line(const char *line, bool for_completion, struct lex_line *out, char *err, size_t errlen);
void lex_free(struct lex_line *l);

#endif
