/* What a command family sees of the engine: the row type of its command
 * table, typed parameters, parsed arguments and the session (DESIGN §3). */
#ifndef UCSH_CMD_H
#define UCSH_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "out/out.h"
#include "util/err.h"
#include "util/strlist.h"

struct session;
struct args;

/* Privilege levels (DESIGN §5). */
enum priv { PRIV_READ = 0, PRIV_OPER = 1, PRIV_ADMIN = 4 };

/* "read-only", "operator", "administrator". */
const char *priv_name(int level);

enum cmd_flag {
	CMD_CONFIRM = 1 << 0,  /* destructive: asks, or needs --yes in batch */
	CMD_WRITE = 1 << 1,    /* changes the store: runs in a write transaction */
	CMD_SESSION = 1 << 2,  /* changes only the session */
	CMD_OWN_TX = 1 << 3,   /* opens its own short transactions: it waits on the
				* outside world (a hook) and must not hold the store */
	CMD_PREPARED = 1 << 4, /* prepares outside the store (keys, files, network),
				* then writes through core_write: one transaction
				* holding the change and its audit row */
};

typedef int (*cmd_fn)(struct session *s, const struct args *a, struct out *o);

struct cmd_def {
	const char *syntax; /* grammar: see shell/grammar.h */
	cmd_fn run;
	int level;
	unsigned flags;
	const char *help;    /* one line */
	const char *example; /* for help WORDS; NULL when the syntax says it all */
};

/* Help for a keyword that several commands share, by its path of keywords. */
struct kw_help {
	const char *path; /* e.g. "show cli" */
	const char *help;
};

/* A parameter type. check() validates in, may write a canonical form of it to
 * *canon (malloc'd; left NULL to keep in as typed), and on failure says what is
 * allowed in err. min/max are the bounds of an INT(min-max) type. */
struct type_def {
	const char *name;
	const char *help;
	bool (*check)(struct session *s, const struct type_def *t, long min, long max, const char *in,
		      char **canon, char *err, size_t errlen);
	void (*complete)(struct session *s, struct strlist *out);
	bool secret; /* masked as **** in the audit trail and history */
};

struct cmd_family {
	const char *name;
	const struct cmd_def *cmds;
	size_t ncmds;
	const struct kw_help *kw;	     /* terminated by a {NULL, NULL} row; may be NULL */
	const struct type_def *const *types; /* NULL-terminated; may be NULL */
};

#define CMD_FAMILY(name_, cmds_, kw_, types_)                                                                \
	{                                                                                                    \
		name_, cmds_, sizeof(cmds_) / sizeof(cmds_[0]), kw_, types_                                  \
	}

/* Parsed arguments. key is a parameter's type name or, inside an option, the
 * keyword right before it ("unit UNIT" answers to "unit" and to "UNIT"). */
const char *arg_get(const struct args *a, const char *key);
/* Whether keyword (a choice or an option flag) was given. */
bool arg_has(const struct args *a, const char *keyword);
/* All values of a repeated parameter (ID...), in order. */
int arg_all(const struct args *a, const char *key, const char **v, int max);

/* The one mapping from a service error to an exit status (ERR_INVALID: 2,
 * anything else: 1); prints "% message" and returns the status. */
int cmd_fail(struct out *o, const struct err *e);
/* The same for a file-area result (node/filearea.h: FA_INVALID is the
 * caller's mistake, the rest are failures). */
int cmd_file_fail(struct out *o, int fa_rc, const char *msg);

#endif
