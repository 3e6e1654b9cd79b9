/* The bulk certificate exchange's settings (node-local): the SFTP server,
 * the login and its secret (a password or a private key), the host key
 * accepted, and the PKCS#12 password the clusters share. The secrets are
 * read only by the bulk service; nothing prints them. */
#ifndef UCSH_STORE_BULK_H
#define UCSH_STORE_BULK_H

#include "store/store.h"

struct bulk_row {
	char *host;
	long long port;
	char *user;
	char *directory;
	char *auth;   /* "password" or "key" */
	char *secret; /* the password or the private key (PEM) */
	char *hostkey;
	char *p12_password; /* NULL until set */
	char *updated;
};

/* STORE_NOTFOUND when nothing is set. */
int store_bulk_get(struct store *st, struct bulk_row *out);
/* The server and its login (the PKCS#12 password stays). */
int store_bulk_put_sftp(struct store *st, const struct bulk_row *r);
int store_bulk_put_password(struct store *st, const char *p12_password);
/* Wipes the secrets before freeing. */
void bulk_row_free(struct bulk_row *r);

/* DDL (migration 12). */
extern const char store_bulk_ddl[];

#endif
