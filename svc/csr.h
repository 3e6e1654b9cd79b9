/* set csr gen: a new key and a CSR for an own unit; the key stays in the
 * store until the signed certificate is imported (svc/own.h). */
#ifndef UCSH_CORE_CSR_H
#define UCSH_CORE_CSR_H

#include "pki/pki.h"
#include "svc/core.h"
#include "svc/units.h"

struct csr_request {
	const struct unit_def *unit;
	struct pki_keyspec key;
	enum pki_digest digest;
	const char *const *extra_dns; /* SANs besides the node's names */
	int nextra;
	bool no_ou; /* leave the organisational units out of the subject */
};

struct csr_result {
	char *pem;	/* the request */
	char *replaced; /* when the CSR it replaces was made, or NULL */
};

/* Key and request are made before the write transaction that stores them. */
int core_csr_generate(struct core *c, const struct csr_request *rq, struct csr_result *res, struct err *e);
void core_csr_result_free(struct csr_result *res);

/* The units with a pending CSR, and when it was made. */
int core_csr_each(struct core *c, int (*fn)(const char *unit, const char *created, void *ctx), void *ctx,
		  struct err *e);
/* A unit's pending request as PEM (malloc'd); ERR_NOTFOUND when none. */
int core_csr_pem(struct core *c, const char *unit, char **pem, struct err *e);
/* Writes a unit's pending request (PEM) into the file area as name. */
int core_csr_export(struct core *c, const char *unit, const char *name, struct err *e);
/* Discards a pending request and its key; ERR_NOTFOUND when none. */
int core_csr_delete(struct core *c, const char *unit, struct err *e);

#endif
