/* A secret a command needs (a passphrase, a pre-shared key, a password):
 * read from a file of the file area, or asked with echo off in an
 * interactive session. Never a word of the command line. */
#ifndef UCSH_SECRET_H
#define UCSH_SECRET_H

#include <stddef.h>

#include "commands/session.h"

/* what names the secret ("PKCS#12 passphrase"), option the way to give it
 * in batch ("password-file"). UC_OK with buf filled, else the failure's
 * code (reported). The caller wipes buf. */
int cmd_read_secret(struct session *s, struct out *o, const char *file, const char *what, const char *option,
		    char *buf, size_t len);

#endif
