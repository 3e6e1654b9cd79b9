/* Edge domains (the multitenant Expressway's "Domain Certificate"):
 * cluster-wide definitions. Each node's CSR, key and certificate for a
 * domain are its own, kept as those of the unit "domain/NAME" (store/cert.h). */
#ifndef UCSH_STORE_DOMAIN_H
#define UCSH_STORE_DOMAIN_H

#include <stdbool.h>

#include "store/store.h"

/* *added: false when it was there already. */
int store_domain_add(struct store *st, const char *name, bool *added);
/* STORE_NOTFOUND when there is none. */
int store_domain_delete(struct store *st, const char *name);
int store_domain_exists(struct store *st, const char *name);
/* By name; stops when fn returns non-zero. */
int store_domain_each(struct store *st, int (*fn)(const char *name, const char *created, void *ctx),
		      void *ctx);

/* DDL (migration 15; cluster schema 8). */
extern const char store_domain_ddl[];
extern const char store_domain_cluster_ddl[];

#endif
