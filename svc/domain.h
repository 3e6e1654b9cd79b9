/* Edge domain certificates (COMMANDS.md "Edge domain certificates"): the
 * domains are the cluster's; each node makes its own key and CSR for a
 * domain and keeps them, and the certificate, as the unit "domain/NAME" of
 * its own store ("you must generate a separate signing request on each
 * peer"). */
#ifndef UCSH_CORE_DOMAIN_H
#define UCSH_CORE_DOMAIN_H

#include <stdbool.h>

#include "pki/pki.h"
#include "svc/core.h"

#define DOMAIN_MAX 253
#define DOMAIN_UNIT "domain/"
#define DOMAIN_SANS_MAX 16

/* A DNS name (RFC 1123 labels, at least two, at most 253 characters); its
 * lower-case form in canon. */
bool domain_name_valid(const char *name, char *canon, size_t clen, char *why, size_t wlen);

/* "domain/NAME": the unit its CSR, key and certificate are kept as. */
void domain_unit(const char *name, char *unit, size_t len);
/* 0 when the domain exists; ERR_NOTFOUND otherwise. */
int core_domain_known(struct core *c, const char *name, struct err *e);
int core_domain_add(struct core *c, const char *name, bool *added, struct err *e);
/* The definition, and this node's CSR, key and certificate for it;
 * ERR_NOTFOUND when there is no such domain. */
int core_domain_delete(struct core *c, const char *name, struct err *e);
int core_domain_each(struct core *c, int (*fn)(const char *name, const char *created, void *ctx), void *ctx,
		     struct err *e);

/* This node's state of a domain. */
struct domain_state {
	char *csr_created; /* NULL: no CSR in progress */
	bool has_cert;
	struct pki_facts cert;
};
int core_domain_state(struct core *c, const char *name, struct domain_state *st, struct err *e);
void domain_state_free(struct domain_state *st);

struct domain_csr_request {
	const char *domain;
	int bits;		 /* 1024 (warned), 2048 or 4096 */
	enum pki_digest digest;	 /* default SHA-256 */
	const char *const *sans; /* more names besides the domain */
	int nsans;
	bool collab_edge; /* adds collab-edge.DOMAIN (CollabEdgeDNS format) */
};
struct domain_csr_result {
	char *pem;
	char *replaced;	   /* when the CSR it replaced was made, or NULL */
	char warning[200]; /* a 1024-bit key */
};
/* The key and request made before the write; a CSR in progress is
 * replaced (the caller asks first). */
int core_domain_csr_gen(struct core *c, const struct domain_csr_request *q, struct domain_csr_result *r,
			struct err *e);
void domain_csr_result_free(struct domain_csr_result *r);
/* The CSR in progress: PEM (malloc'd) and what it says; ERR_NOTFOUND when
 * none. */
int core_domain_csr(struct core *c, const char *name, char **pem, struct pki_csr_facts *f, struct err *e);
int core_domain_csr_export(struct core *c, const char *name, const char *file, struct err *e);
int core_domain_csr_discard(struct core *c, const char *name, struct err *e);

#endif
