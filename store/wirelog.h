/* What ucshd did on the wire (node-local): show tvs queries, show capf sessions. */
#ifndef UCSH_STORE_WIRELOG_H
#define UCSH_STORE_WIRELOG_H

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

struct capf_session {
	long long id;
	const char *time, *device, *operation, *result;
};
int store_capf_session_log(struct store *st, const char *device, const char *operation, const char *result);
int store_capf_session_last(struct store *st, int n, int (*fn)(const struct capf_session *q, void *ctx),
			    void *ctx);

/* DDL (migration 10). */
extern const char store_wirelog_ddl[];

#endif
