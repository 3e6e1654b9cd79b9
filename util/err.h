/* Typed errors for the service layer: a code that callers decide on and a
 * message that people read. One mapping (commands/cmd.h: cmd_fail) turns a
 * code into an exit status; nothing decides by matching message text. */
#ifndef UCSH_ERR_H
#define UCSH_ERR_H

#include <stddef.h>

enum err_code {
	ERR_OK = 0,
	ERR_FAIL,     /* the operation failed: store, file system, crypto */
	ERR_INVALID,  /* the input is not acceptable: exit 2, nothing changed */
	ERR_NOTFOUND, /* what was named does not exist */
	ERR_REFUSED,  /* allowed input, but the current state forbids it */
};

struct err {
	enum err_code code;
	char msg[512];
};

/* Sets e and returns code (so "return err_set(...)" reads as it does). */
int err_set(struct err *e, enum err_code code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
