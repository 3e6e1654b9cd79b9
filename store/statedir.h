/* The state directory: where the database and the node's files live. */
#ifndef UCSH_STORE_STATEDIR_H
#define UCSH_STORE_STATEDIR_H

#include <stddef.h>

/* --state-dir, else $UCSH_STATE_DIR, else the compiled-in default. */
const char *statedir_resolve(const char *option);

/* Creates dir (0700) when missing, refuses one that others can read, and sets
 * the process umask to match its sharing mode: 077 for a single-admin node,
 * 007 for a group-shared (setgid, 2770) one. */
int statedir_prepare(const char *dir, char *err, size_t errlen);

#endif
