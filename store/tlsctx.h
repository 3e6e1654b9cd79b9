/* TLS peer subjects and TLS contexts (the IM and Presence SIP proxy's
 * "TLS Peer Subjects" and "TLS Context Configuration"): cluster-wide. A
 * context keeps its cipher suites by IANA name, in the order added, and
 * the peer subjects it accepts. */
#ifndef UCSH_STORE_TLSCTX_H
#define UCSH_STORE_TLSCTX_H

#include <stdbool.h>

#include "store/store.h"

#define TLS_DEFAULT_CONTEXT "Default_Cisco_UPS_SIP_Proxy_Peer_Auth_TLS_Context"

struct tls_subject_row {
	char *cn, *description;
	bool automatic; /* added by a cup or cup-xmpp trust import */
	char *created;
};

struct tls_context_row {
	char *name;
	bool empty_fragments;
	int nciphers, npeers;
	char *updated;
};

/* *added: false when the subject was there already (it is left as it is). */
int store_tls_subject_add(struct store *st, const char *cn, const char *description, bool automatic,
			  bool *added);
/* Also takes it out of every context; *contexts counts them. STORE_NOTFOUND
 * when there is none. */
int store_tls_subject_delete(struct store *st, const char *cn, int *contexts);
int store_tls_subject_exists(struct store *st, const char *cn);
int store_tls_subject_each(struct store *st, int (*fn)(const struct tls_subject_row *r, void *ctx),
			   void *ctx);
void tls_subject_row_free(struct tls_subject_row *r);

int store_tls_context_get(struct store *st, const char *name, struct tls_context_row *out);
int store_tls_context_each(struct store *st, int (*fn)(const struct tls_context_row *r, void *ctx),
			   void *ctx);
void tls_context_row_free(struct tls_context_row *r);
int store_tls_context_set_empty_fragments(struct store *st, const char *name, bool on);

/* A context's ciphers in their order, and its peers by name. */
int store_tls_ciphers(struct store *st, const char *context, int (*fn)(const char *cipher, void *ctx),
		      void *ctx);
int store_tls_peers(struct store *st, const char *context, int (*fn)(const char *cn, void *ctx), void *ctx);
/* *changed: false when it was there already (add) or was not (remove). */
int store_tls_cipher_add(struct store *st, const char *context, const char *cipher, bool *changed);
int store_tls_cipher_remove(struct store *st, const char *context, const char *cipher, bool *changed);
int store_tls_peer_add(struct store *st, const char *context, const char *cn, bool *changed);
int store_tls_peer_remove(struct store *st, const char *context, const char *cn, bool *changed);

/* DDL (migration 13), with the default context and its ciphers; the same
 * in the cluster schema (its migration 6). */
extern const char store_tlsctx_ddl[];
extern const char store_tlsctx_cluster_ddl[];

#endif
