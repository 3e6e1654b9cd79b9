/* CAPF profiles (one per device instance), the authentication strings an
 * instance has used, and the LSCs issued (cluster-wide). */
#ifndef UCSH_STORE_CAPF_H
#define UCSH_STORE_CAPF_H

#include <stdbool.h>

#include "store/store.h"

struct capf_profile {
	char *instance;	   /* the device name: 1-128 [A-Za-z0-9] */
	char *kind;	   /* appuser, enduser */
	char *user;	   /* an application or end user of that kind */
	char *operation;   /* none, install, delete, troubleshoot */
	char *auth_mode;   /* auth-string, null-string, existing-cert */
	char *auth_string; /* the pending string; NULL once used or when none */
	char *key_type;	   /* rsa, ec */
	long long key_size;
	char *curve; /* ec: P-256, P-384, P-521 */
	long long completes_by;
	char *status; /* none, pending, success, failed */
	char *reason; /* why it failed */
	long long failures;
	char *created, *updated;
};

int store_capf_put(struct store *st, const struct capf_profile *p); /* insert or replace */
/* STORE_NOTFOUND when there is no such instance. */
int store_capf_get(struct store *st, const char *instance, struct capf_profile *out);
int store_capf_delete(struct store *st, const char *instance);
/* Every profile, by instance; stops when fn returns non-zero. */
int store_capf_each(struct store *st, int (*fn)(const struct capf_profile *p, void *ctx), void *ctx);
/* Instance IDs only, sorted (TAB completion over thousands). */
int store_capf_instances(struct store *st, int (*fn)(const char *instance, void *ctx), void *ctx);
void capf_profile_free(struct capf_profile *p);

/* The digests of strings an instance has used: never set again. */
int store_capf_string_used(struct store *st, const char *instance, const char *digest, bool *yes);
int store_capf_string_burn(struct store *st, const char *instance, const char *digest);

struct lsc_row {
	char *instance, *user, *serial;
	long long not_before, not_after;
	char *pem; /* NULL in listings */
	char *issued;
	char *key_desc; /* "RSA-2048", "EC-P256" */
};
int store_lsc_put(struct store *st, const struct lsc_row *l); /* replaces the instance's */
int store_lsc_get(struct store *st, const char *instance, struct lsc_row *out);
int store_lsc_delete(struct store *st, const char *instance);
int store_lsc_each(struct store *st, int (*fn)(const struct lsc_row *l, void *ctx), void *ctx);
void lsc_row_free(struct lsc_row *l);

/* DDL (migration 9). */
extern const char store_capf_ddl[];

#endif
