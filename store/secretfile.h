/* The names of file-area files ucsh has read as secrets (password files):
 * file view refuses them at every level. */
#ifndef UCSH_STORE_SECRETFILE_H
#define UCSH_STORE_SECRETFILE_H

#include <stdbool.h>

#include "store/store.h"

int store_secret_file_add(struct store *st, const char *name);
int store_secret_file_is(struct store *st, const char *name, bool *yes);
int store_secret_file_forget(struct store *st, const char *name);

/* DDL (migration 6). */
extern const char store_secret_file_ddl[];

#endif
