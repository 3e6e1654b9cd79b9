/* One ucsh session: who is running it, how, and its settings. The only
 * mutable state of the program lives here (DESIGN §8). */
#ifndef UCSH_SESSION_H
#define UCSH_SESSION_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "node/config.h"
#include "shell/out.h"

struct store;
struct grammar;

struct session {
	struct store *store;
	const struct grammar *grammar;
	const char *state_dir;
	struct node_config config;
	char *account;
	int level;
	bool interactive;
	bool dry_run;	 /* parse and validate only */
	bool yes;	 /* confirmations answered in advance */
	bool keep_going; /* --continue */
	bool pagination; /* interactive --More-- (session setting) */
	enum out_format format;
	unsigned long commands_run;
	bool quit;
	/* Set by a handler: runs once its transaction has committed (files
	 * other programs read are written only for committed changes). */
	int (*after_commit)(struct session *s, char *err, size_t errlen);
	char after_commit_arg[64]; /* what it is about, e.g. a unit's name */
	/* Interactive sessions only (NULL in batch): a secret read with echo
	 * off; text pasted until an empty line (malloc'd). */
	int (*ask_secret)(struct session *s, const char *prompt, char *buf, size_t len);
	char *(*read_paste)(struct session *s, const char *prompt);
	/* Set by Ctrl-C in interactive sessions: stops the pager and hooks. */
	volatile sig_atomic_t *interrupt;
};

#endif
