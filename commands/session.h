/* One ucsh session: who is running it, how, and its settings. The only
 * mutable state of the program lives here (DESIGN §8). */
#ifndef UCSH_SESSION_H
#define UCSH_SESSION_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "out/out.h"
#include "svc/core.h"

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
	bool can_ask;	       /* a terminal on stdin and stdout: confirmations are asked */
	bool dry_run;	       /* parse and validate only */
	bool yes;	       /* confirmations answered in advance */
	bool keep_going;       /* --continue */
	bool refuse_questions; /* a '?' is an error (batch files and stdin) */
	bool pagination;       /* interactive --More-- (session setting) */
	enum out_format format;
	unsigned long commands_run;
	bool quit;
	/* The service layer's view of this session: store, config, and the
	 * effect set of the command in progress. */
	struct core core;
	int audit_lock; /* the pending audit log, while its rows move (-1: none) */
	/* Interactive sessions only (NULL in batch): a secret read with echo
	 * off; text pasted until an empty line (malloc'd). */
	int (*ask_secret)(struct session *s, const char *prompt, char *buf, size_t len);
	char *(*read_paste)(struct session *s, const char *prompt);
	/* A yes/no question (only "yes" is yes); a progress bar for long
	 * transfers. Interactive sessions only, NULL in batch. */
	bool (*ask_yes)(struct session *s, const char *question);
	void (*progress)(struct session *s, const char *label, size_t done, size_t total);
	/* Set by Ctrl-C in interactive sessions: stops the pager and hooks. */
	volatile sig_atomic_t *interrupt;
};

#endif
