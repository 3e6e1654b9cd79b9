/* The command-tree walker: one walk over the compiled forms serves execute
 * (tree_match), TAB completion and '?' help (tree_next). */
#ifndef UCSH_TREE_H
#define UCSH_TREE_H

#include "shell/grammar.h"

#define TREE_MAX_ARGS 40

struct targ {
	const char *key;	     /* keyword, or the parameter's type name */
	const char *name;	     /* what handlers bind it by */
	const char *choice;	     /* a keyword of a named choice: its name */
	const char *value;	     /* canonical value; the keyword itself for keywords */
	long num;		     /* VAL_NUM types */
	const void *ptr;	     /* VAL_PTR types */
	const struct type_def *type; /* NULL for keywords */
	int word;		     /* index of the word it came from */
	bool is_kw;
};

struct args {
	struct targ v[TREE_MAX_ARGS];
	int n;
};

/* The argument named name: a parameter, or with kw a keyword; NULL when
 * not given. For the engine and its tests;
 * handlers get their bound struct (shell/bind.h). */
const struct targ *args_find(const struct args *a, const char *name, bool kw);

enum tree_rc { TREE_OK = 0, TREE_UNKNOWN, TREE_AMBIGUOUS, TREE_INVALID, TREE_INCOMPLETE };

struct tree_match {
	const struct cmd_def *cmd;
	struct args args;
	char **pool; /* strings the args point into */
	int npool;
	char msg[512]; /* the error, when not TREE_OK */
};

/* Matches words against every command (privilege is checked by the caller,
 * so a too-privileged command is "denied", not "unknown"). */
int tree_match(struct session *s, const struct grammar *g, char *const *words, int nwords,
	       struct tree_match *m);
void tree_match_free(struct tree_match *m);

struct tree_item {
	char *word; /* keyword, live value, or "<TYPE>" */
	const char *help;
	bool is_param;
};

struct tree_next {
	struct tree_item *v;
	int n;
	bool can_end; /* the words so far are a complete command: "<cr>" */
	char msg[512];
};

/* What may follow words (the last one unfinished when partial), among the
 * commands at or below level. values: list live values of parameters (TAB)
 * instead of "<TYPE>" placeholders (?). Returns a tree_rc. */
int tree_next(struct session *s, const struct grammar *g, char *const *words, int nwords, bool partial,
	      int level, bool values, struct tree_next *out);
void tree_next_free(struct tree_next *n);

/* The commands (at or below level) that words could begin; *out is malloc'd. */
int tree_commands(struct session *s, const struct grammar *g, char *const *words, int nwords, int level,
		  const struct cmd_def ***out, int *nout, char *msg, size_t msglen);
#endif
