/* The node's own known SSH hosts (STATE/known_hosts), for the SFTP client:
 * one line per server, "[host]:port SHA256:<base64>", never ~/.ssh's. */
#ifndef UCSH_NODE_KNOWNHOSTS_H
#define UCSH_NODE_KNOWNHOSTS_H

#include <stddef.h>

/* 1 and the fingerprint when host:port is known, 0 when not, -1 on error. */
int knownhosts_get(const char *state_dir, const char *host, int port, char *fp, size_t fplen);
/* Adds or replaces host:port (the file rewritten atomically, 0600). */
int knownhosts_put(const char *state_dir, const char *host, int port, const char *fp, char *err,
		   size_t errlen);

#endif
