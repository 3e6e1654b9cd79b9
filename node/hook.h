/* Running the node's hooks (DESIGN §6): a configured command line split into
 * argv with shell-like quoting and executed directly, never through a
 * shell, with a clean environment, stdin from /dev/null, and killed after a
 * timeout. */
#ifndef UCSH_NODE_HOOK_H
#define UCSH_NODE_HOOK_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

struct hook_env {
	const char *event;	       /* UCSH_EVENT, e.g. "restart" */
	const char *service;	       /* UCSH_SERVICE, e.g. "tomcat" or "system" */
	const char *state_dir;	       /* UCSH_STATE_DIR */
	volatile sig_atomic_t *cancel; /* set (Ctrl-C) to stop the hook early; may be NULL */
};

struct hook_result {
	int exit_status; /* when it exited */
	int signal;	 /* when it was killed, else 0 */
	bool timed_out;
	bool cancelled;
	char *output; /* stdout and stderr, at most HOOK_OUTPUT_MAX bytes */
};

#define HOOK_OUTPUT_MAX 8192

/* Splits command like the shell's lexer: whitespace separates, "..." and
 * '...' quote, backslash escapes. NULL-terminated, malloc'd; NULL on an
 * unterminated quote or an empty command. */
char **hook_split(const char *command);
void hook_argv_free(char **argv);

/* Runs the hook and waits for it. Returns 0 when it ran (see r), -1 when it
 * could not be started (err says why). */
int hook_run(const char *command, const struct hook_env *env, int timeout_s, struct hook_result *r, char *err,
	     size_t errlen);
void hook_result_free(struct hook_result *r);

#endif
