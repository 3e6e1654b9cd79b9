/* Stored certificates as commands read and manage them: listing, one
 * certificate with its facts, deleting from a trust store, exporting. */
#ifndef UCSH_CERTSTORE_H
#define UCSH_CERTSTORE_H

#include "pki/pki.h"
#include "store/cert.h"
#include "svc/core.h"
#include "util/strbuf.h"

/* Calls fn for each certificate of kind ("own", "trust") in unit (NULL:
 * every unit) expiring before `before` (0: any), without their PEM. */
int core_cert_each(struct core *c, const char *kind, const char *unit, long long before,
		   int (*fn)(const struct cert_row *r, void *ctx), void *ctx, struct err *e);

/* How many certificates the node holds, and how many of them expire within
 * `days` days (or have expired), own and trusted alike. */
struct cert_counts {
	int own, trust, expiring;
};
int core_cert_counts(struct core *c, int days, struct cert_counts *n, struct err *e);

struct cert_view {
	struct cert_row row; /* with its PEM */
	struct pki_facts facts;
};

/* One certificate, decoded; ERR_NOTFOUND when it is not there. Free with
 * core_cert_view_free. */
int core_cert_view(struct core *c, const char *kind, const char *unit, const char *name, struct cert_view *v,
		   struct err *e);
void core_cert_view_free(struct cert_view *v);

/* Removes a trusted certificate, marks the services that use the store (as
 * an import does; their names go to restart) and queues its bundle. */
int core_trust_delete(struct core *c, const char *unit, const char *name, struct strbuf *restart,
		      struct err *e);

/* Writes a certificate (never a key) into the file area as PEM or DER;
 * an existing file is refused. */
int core_cert_export(struct core *c, bool own, const char *unit, const char *name, const char *file, bool der,
		     struct err *e);

#endif
