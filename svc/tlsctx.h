/* TLS peer subjects and contexts (COMMANDS.md "Presence security, TLS,
 * FIPS"): cluster-wide rows (store/tlsctx.h), changes that mark the SIP
 * proxy for restart, and each context rendered to DEPLOY/tls/NAME/ as what
 * its TLS server loads (effect "tls"): the OpenSSL cipher list, the CA
 * bundle (cup-trust) and the allowed peer subjects. */
#ifndef UCSH_CORE_TLSCTX_H
#define UCSH_CORE_TLSCTX_H

#include <stdbool.h>

#include "store/tlsctx.h"
#include "svc/core.h"
#include "util/strbuf.h"

#define TLS_CN_MAX 64
#define TLS_DESC_MAX 128
#define TLS_DIR "tls"

struct tls_change {
	bool changed;	   /* false: it was so already */
	bool restart;	   /* Cisco SIP Proxy was marked for restart */
	int contexts;	   /* a deleted subject left this many contexts */
	char warning[300]; /* a cipher kept that this OpenSSL cannot offer */
};

bool tls_cn_valid(const char *cn, char *why, size_t len);

int core_tls_subject_add(struct core *c, const char *cn, const char *description, struct tls_change *r,
			 struct err *e);
int core_tls_subject_delete(struct core *c, const char *cn, struct tls_change *r, struct err *e);
int core_tls_subject_each(struct core *c, int (*fn)(const struct tls_subject_row *r, void *ctx), void *ctx,
			  struct err *e);

int core_tls_context_each(struct core *c, int (*fn)(const struct tls_context_row *r, void *ctx), void *ctx,
			  struct err *e);
/* ERR_NOTFOUND names the contexts there are. */
int core_tls_context_get(struct core *c, const char *name, struct tls_context_row *out, struct err *e);
int core_tls_context_ciphers(struct core *c, const char *name, int (*fn)(const char *cipher, void *ctx),
			     void *ctx, struct err *e);
int core_tls_context_peers(struct core *c, const char *name, int (*fn)(const char *cn, void *ctx), void *ctx,
			   struct err *e);
/* A cipher suite by IANA name: unknown names are refused; one this
 * OpenSSL cannot offer is kept with a warning; FIPS mode refuses all but
 * AES suites. */
int core_tls_cipher(struct core *c, const char *context, const char *cipher, bool add, struct tls_change *r,
		    struct err *e);
/* The peer must be a peer subject. */
int core_tls_peer(struct core *c, const char *context, const char *cn, bool add, struct tls_change *r,
		  struct err *e);
int core_tls_empty_fragments(struct core *c, const char *context, bool on, struct tls_change *r,
			     struct err *e);

/* After a certificate was imported into cup-trust or cup-xmpp-trust: its
 * subject CN becomes a peer subject and a peer of the default context. */
struct tls_auto {
	bool subject_added, peer_added;
};
int core_tls_auto_peer(struct core *c, const char *trust, const char *cn, struct tls_auto *a, struct err *e);

/* The OpenSSL cipher list of a context (its suites this OpenSSL has, in
 * order) and the IANA names it had to leave out (", " separated). */
int core_tls_cipher_string(struct core *c, const char *context, struct strbuf *ciphers,
			   struct strbuf *skipped, struct err *e);
/* The effect "tls": every context's files. */
int core_tls_render(struct core *c, struct err *e);

/* A context as its TLS server loads it: from the rendered files. */
struct tls_context_files {
	char dir[4096];
	char *ciphers;	 /* OpenSSL's list; "" when none of its suites is offered */
	int min_version; /* 10-13 */
	bool empty_fragments;
	char **peers;
	int npeers;
};
int tls_context_read(const char *deploy_dir, const char *name, struct tls_context_files *f, struct err *e);
void tls_context_files_free(struct tls_context_files *f);

#endif
