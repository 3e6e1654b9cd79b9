/* Compiles the syntax strings of the command tables (DESIGN §3) into forms
 * the matcher walks.
 *
 * Grammar: `keyword`, `{a|b c}` choice, `[...]` optional, `TYPE` parameter
 * (upper case; `INT(1-65535)` carries a range; `ID...` or `ID…` takes one or
 * more words and must come last). `TYPE$name` and `{a|b}$name` name what
 * handlers bind (commands/cmd.h says how unnamed words are named). Everything from the first optional part
 * that starts with a keyword onwards is a set of options ("key VALUE" pairs
 * and flags), accepted in any order, each at most once; a keyword-led part
 * there without brackets is a required option (`src ADDR`). Choices and
 * optional parts before that point are positional and are expanded into one
 * linear form each. */
#ifndef UCSH_GRAMMAR_H
#define UCSH_GRAMMAR_H

#include "commands/cmd.h"

enum gel_kind { GEL_KW, GEL_PARAM };

struct gel {
	enum gel_kind kind;
	char *text;   /* the keyword, or the parameter's type name */
	char *name;   /* what handlers bind it by (commands/cmd.h: BIND) */
	char *choice; /* a keyword of {a|b}$name: name; else NULL */
	char *lower;  /* a parameter's type name in lower case */
	const struct type_def *type;
	long min, max;
	bool repeat;
};

struct gseq {
	struct gel *v;
	int n;
};

struct gopt {
	struct gseq *alts; /* every alternative starts with a keyword */
	int nalts;
	bool required;
};

#define GRAMMAR_MAX_OPTS 64

struct gform {
	const struct cmd_def *cmd;
	const struct cmd_family *family;
	struct gseq prefix;
	struct gopt *opts; /* shared by the forms of one command; owned by the first */
	int nopts;
	bool owns_opts;
};

struct grammar {
	struct gform *forms;
	int nforms;
	/* Every string of the compiled forms, freed together: expansion
	 * copies elements without copying their strings. */
	char **strs;
	int nstrs, capstrs;
	const struct cmd_family *const *families;
	int nfamilies;
};

/* Fails (err says which command and why) on a bad syntax, a bind row that
 * names what its syntax does not declare or binds it as another kind, two
 * parameters of one command with the same name, or one type name registered
 * twice with different definitions. */
int grammar_build(struct grammar *g, const struct cmd_family *const *families, int nfamilies, char *err,
		  size_t errlen);
void grammar_free(struct grammar *g);
/* The syntax as people read it: without the $names handlers bind by
 * (malloc'd). */
char *grammar_display(const char *syntax);
const struct type_def *grammar_find_type(const struct grammar *g, const char *name);
const char *grammar_kw_help(const struct grammar *g, const char *path);

#endif
