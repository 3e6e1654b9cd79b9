/* Sending mail through SMTP with libcurl, loaded on demand: linking it would
 * add about twenty libraries to every command's start-up (DESIGN §6). */
#ifndef UCSH_NODE_MAIL_H
#define UCSH_NODE_MAIL_H

#include <stddef.h>

struct mail {
	const char *server; /* host or host:port (25 when no port) */
	const char *from;   /* an address */
	const char *const *to;
	int nto;
	const char *subject;
	const char *body; /* plain text; lines end in \n */
};

/* Returns 0 once the server accepted the message, -1 with err set. */
int mail_send(const struct mail *m, char *err, size_t errlen);

#endif
