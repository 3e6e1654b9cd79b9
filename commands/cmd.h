/* What a command family sees of the engine (DESIGN §3): the row type of its
 * command table, typed parameters, the binding of parsed values to the
 * handler's own argument struct, and the session. */
#ifndef UCSH_CMD_H
#define UCSH_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "out/out.h"
#include "util/err.h"
#include "util/strlist.h"

struct session;

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
	CMD_ALIAS = 1 << 5,    /* the appliance's own spelling of a command (≡ in
				* COMMANDS.md): its keywords match only in full */
};

/* ---- parameter types ---- */

/* What a type's check produces: besides the canonical text, a number
 * (VAL_NUM) or a pointer to a definition (VAL_PTR: a unit, a service), so
 * handlers never parse a validated value again. */
enum val_kind { VAL_STR = 0, VAL_NUM, VAL_PTR };

struct check_in {
	struct session *s;
	const struct type_def *t;
	long min, max; /* the bounds of an INT(min-max) parameter */
};

struct value {
	char *canon; /* malloc'd canonical form; NULL keeps the text as typed */
	long num;
	const void *ptr;
	char err[256]; /* on failure: what is allowed */
};

struct type_def {
	const char *name;
	const char *help;
	bool (*check)(const struct check_in *c, const char *in, struct value *v);
	void (*complete)(struct session *s, struct strlist *out);
	bool secret; /* masked as **** in the audit trail and history */
	enum val_kind kind;
};

/* ---- binding parsed values to a handler's argument struct ---- */

/* Every parameter and keyword of a syntax has a name: `TYPE$name` or
 * `{a|b}$name` explicitly; else a parameter inside an option is named by the
 * keyword before it ("unit UNIT": unit, "password-file FILE": password_file),
 * a positional one by its type in lower case (TRUST_UNIT: trust_unit), and a
 * keyword by itself (pem, sha256, '-' as '_'). */
enum bind_kind {
	BIND_STR,  /* const char *: the canonical text (a choice: the keyword) */
	BIND_NUM,  /* const long *: NULL when not given */
	BIND_PTR,  /* const T *: the definition a VAL_PTR type found */
	BIND_FLAG, /* bool: the keyword was given */
	BIND_LIST, /* struct arg_list: every value of a repeated parameter */
	BIND_END,
};

struct arg_list {
	const char *const *v;
	int n;
};

struct arg_bind {
	const char *name;
	size_t offset;
	enum bind_kind kind;
};

/* One row per field of the handler's argument struct T; the field's name is
 * the syntax name it takes. Building the grammar fails when a row names
 * something its command's syntax does not declare, or of another kind. */
#define BIND(T, field)                                                                                       \
	{                                                                                                    \
#field, offsetof(T, field),                                                                  \
		    _Generic(((T *)0)->field, _Bool: BIND_FLAG, const char *: BIND_STR,                      \
			     const long *: BIND_NUM, struct arg_list: BIND_LIST, default: BIND_PTR)               \
	}
/* The last row; it carries the struct's size. */
#define BIND_END(T)                                                                                          \
	{                                                                                                    \
		NULL, sizeof(T), BIND_END                                                                    \
	}

/* args: the handler's own struct, filled from its bind table (NULL for a
 * command without one). */
struct strbuf;
typedef int (*cmd_fn)(struct session *s, const void *args, struct out *o);

struct cmd_def {
	const char *syntax; /* grammar: see shell/grammar.h */
	cmd_fn run;
	int level;
	unsigned flags;
	const char *help;    /* one line */
	const char *example; /* for help WORDS; NULL when the syntax says it all */
	const struct arg_bind *bind;
	/* CMD_CONFIRM: what will happen, in sentences ending in '\n', said
	 * before the question (svc/preview.h); required for those rows. */
	void (*explain)(struct session *s, const void *args, struct strbuf *out);
};

/* Help for a keyword that several commands share, by its path of keywords. */
struct kw_help {
	const char *path; /* e.g. "show cli" */
	const char *help;
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

/* The one mapping from a service error to an exit status (ERR_INVALID: 2,
 * anything else: 1); prints "% message" and returns the status. */
int cmd_fail(struct out *o, const struct err *e);

#endif
