/* The file area (DESIGN §6) as services see it: every name confined to it,
 * results as typed errors (a bad name is ERR_INVALID). */
#ifndef UCSH_CORE_FILES_H
#define UCSH_CORE_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "node/filearea.h"
#include "svc/core.h"

/* Free with file_entries_free. */
int core_file_list(struct core *c, struct file_entry **v, int *n, struct err *e);
/* At most max bytes; *data malloc'd and NUL-terminated. */
int core_file_read(struct core *c, const char *name, size_t max, unsigned char **data, size_t *len,
		   struct err *e);
/* A text file to show; refused (ERR_REFUSED) when ucsh read it as a secret
 * or it holds a private key. */
int core_file_read_text(struct core *c, const char *name, size_t max, char **text, struct err *e);
/* The first line of a small file holding a secret (a passphrase): copied
 * into buf, everything read wiped. The file is remembered as a secret:
 * core_file_read_text refuses it from then on. */
int core_file_read_secret(struct core *c, const char *name, char *buf, size_t len, struct err *e);
int core_file_delete(struct core *c, const char *name, struct err *e);
/* Creates name atomically; an existing file is refused (ERR_REFUSED). */
/* The file area exists from the first start on, so SFTP users find it. */
int core_file_area_prepare(struct core *c, struct err *e);

int core_file_create(struct core *c, const char *name, const void *data, size_t len, struct err *e);
/* Whether name could be a file-area name at all. */
bool core_file_name_ok(const char *name, char *why, size_t len);

#endif
