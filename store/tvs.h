/* What the TVS service answered (node-local): show tvs queries. */
#ifndef UCSH_STORE_TVS_H
#define UCSH_STORE_TVS_H

#include <stdbool.h>

#include "store/store.h"

struct tvs_query {
	long long id;
	const char *time, *device, *subject, *sha256, *roles;
	bool trusted;
};

int store_tvs_log(struct store *st, const char *device, const char *subject, const char *sha256, bool trusted,
		  const char *roles);
/* The last n queries, newest last. */
int store_tvs_last(struct store *st, int n, int (*fn)(const struct tvs_query *q, void *ctx), void *ctx);

/* DDL (migration 10). */
extern const char store_tvs_ddl[];

#endif
