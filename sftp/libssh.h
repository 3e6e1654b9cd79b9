/* libssh is loaded on demand: it pulls in about ten libraries (GSSAPI,
 * Kerberos, zlib) that would double every command's start-up, and only the
 * SFTP commands need it (DESIGN §6). */
#ifndef UCSH_SFTP_LIBSSH_H
#define UCSH_SFTP_LIBSSH_H

#include <stddef.h>

#include <libssh/libssh.h>

struct libssh_api {
	__typeof__(ssh_version) *version;
};

/* Loads libssh once; NULL with err set when it cannot be loaded. */
const struct libssh_api *libssh_load(char *err, size_t errlen);
/* The API when already loaded, else NULL (never loads). */
const struct libssh_api *libssh_loaded(void);

#endif
