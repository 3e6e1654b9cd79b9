/* Certificates, own keys and pending CSRs. Metadata is stored beside each
 * certificate when it is added, so listing never parses certificates. */
#ifndef UCSH_STORE_CERT_H
#define UCSH_STORE_CERT_H

#include <stdbool.h>

#include "store/store.h"

struct cert_row {
	long long id;
	char *kind; /* "own" or "trust" */
	char *unit;
	char *name;
	char *pem;   /* NULL in listings */
	char *chain; /* own CA-signed certificates: issuing chain PEM, else NULL */
	char *subject, *subject_cn, *issuer, *issuer_cn, *serial;
	long long not_before, not_after;
	char *key_desc;
	bool self_signed;
	char *sha256;
	char *added;
};

/* Inserts or replaces the own certificate of unit (and its key when key_pem
 * is given). */
int store_cert_put_own(struct store *st, const struct cert_row *c, const char *key_pem);
int store_cert_add_trust(struct store *st, const struct cert_row *c);
int store_cert_delete(struct store *st, long long id);
/* One certificate with its PEM: by kind, unit and name. */
int store_cert_get(struct store *st, const char *kind, const char *unit, const char *name,
		   struct cert_row *out);
/* The own key PEM of unit (malloc'd, secret: wipe it). */
int store_own_key(struct store *st, const char *unit, char **key_pem);
/* A unit's key goes (a domain deleted); none is no error. */
int store_own_key_delete(struct store *st, const char *unit);

/* Calls fn for each row of kind (unit NULL: every unit) expiring before
 * `before` (0: any), ordered by unit and name; with_pem loads the PEM too.
 * Stops when fn returns non-zero. */
int store_cert_each(struct store *st, const char *kind, const char *unit, long long before, bool with_pem,
		    int (*fn)(const struct cert_row *row, void *ctx), void *ctx);
int store_cert_count(struct store *st, const char *kind, int *count);
/* Trust certificates of unit with this subject, or this issuer and serial
 * (the ones an import must compare with), PEM included. */
int store_cert_related(struct store *st, const char *unit, const char *subject, const char *issuer,
		       const char *serial, int (*fn)(const struct cert_row *row, void *ctx), void *ctx);
void cert_row_free(struct cert_row *r);

int store_csr_put(struct store *st, const char *unit, const char *pem, const char *key_pem);
/* STORE_NOTFOUND when the unit has no pending request. */
int store_csr_get(struct store *st, const char *unit, char **pem, char **key_pem, char **created);
int store_csr_delete(struct store *st, const char *unit);
int store_csr_each(struct store *st, int (*fn)(const char *unit, const char *created, void *ctx), void *ctx);

/* DDL of certificates, own keys and CSRs (migration 3). */
extern const char store_cert_ddl[];

#endif
