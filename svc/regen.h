/* set cert regen: a new key and self-signed certificate for an own unit. */
#ifndef UCSH_REGEN_H
#define UCSH_REGEN_H

#include "pki/pki.h"
#include "svc/core.h"
#include "svc/units.h"
#include "util/strbuf.h"

struct regen_request {
	const struct unit_def *unit;
	bool key_given; /* else the unit's default key type and size */
	struct pki_keyspec key;
	enum pki_digest digest;
	int days; /* 0: the unit's validity */
};

struct regen_result {
	char key_desc[32];
	bool csr_discarded;    /* its pending CSR's key is gone */
	struct strbuf restart; /* services marked for restart, ", " separated */
	bool ctl_stale;	       /* mixed mode: the CTL needs utils ctl update */
};

/* The key is generated before the write transaction; the transaction only
 * stores the certificate and its consequences. Free res->restart. */
int core_regen(struct core *c, const struct regen_request *rq, struct regen_result *res, struct err *e);
/* Inside a write transaction: u's new self-signed certificate on key, its
 * pending CSR discarded, its services marked, its files queued (for
 * changes that regenerate several units at once: utils fips enable). */
int core_regen_apply(struct core *c, const struct unit_def *u, const struct pki_key *key, enum pki_digest d,
		     int days, struct regen_result *res, struct err *e);

#endif
