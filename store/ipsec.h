/* IPsec policies (node-local: each node has its own peers). The pre-shared
 * key is stored as the other secrets of the node are (the state is never
 * readable by others); nothing reads it but the swanctl.conf writer. */
#ifndef UCSH_STORE_IPSEC_H
#define UCSH_STORE_IPSEC_H

#include <stdbool.h>

#include "store/store.h"

struct ipsec_row {
	char *grp, *name;
	char *auth;	 /* "psk" or "cert" */
	char *psk;	 /* NULL unless auth is psk */
	char *peer_type; /* "same" or "different" */
	char *cert;	 /* the peer's certificate in ipsec-trust (different), else NULL */
	char *src, *dst;
	long long src_port, dst_port; /* 0: any */
	long long remote_port;	      /* the peer's IKE port */
	char *protocol;		      /* tcp, udp, any */
	char *encryption, *hash, *esp;
	long long p1_lifetime, p1_dh, p2_lifetime, p2_dh;
	bool enabled;
	char *created, *updated;
};

/* Inserts or replaces (group, name). */
int store_ipsec_put(struct store *st, const struct ipsec_row *r);
/* STORE_NOTFOUND when absent. */
int store_ipsec_get(struct store *st, const char *grp, const char *name, struct ipsec_row *out);
/* name NULL: the whole group. *deleted counts the rows. */
int store_ipsec_delete(struct store *st, const char *grp, const char *name, int *deleted);
/* name NULL: the whole group; *changed counts the rows whose flag changed. */
int store_ipsec_set_enabled(struct store *st, const char *grp, const char *name, bool on, int *changed);
/* By group and name; grp NULL: every group; enabled_only skips the others.
 * Stops when fn returns non-zero. */
int store_ipsec_each(struct store *st, const char *grp, bool enabled_only,
		     int (*fn)(const struct ipsec_row *r, void *ctx), void *ctx);
void ipsec_row_free(struct ipsec_row *r);

/* DDL (migration 11). */
extern const char store_ipsec_ddl[];

#endif
