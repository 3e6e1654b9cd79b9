/* The node's security modes (COMMANDS.md "Presence security, TLS, FIPS"):
 * FIPS, Enhanced Security and Common Criteria, and the TLS minimum
 * version. A mode change is planned first (what it regenerates, what it
 * flags, what else it switches), said before it is confirmed, then applied
 * in one transaction; every change waits for utils system restart. The
 * rules themselves live in svc/cryptopolicy.c. */
#ifndef UCSH_CORE_SECMODE_H
#define UCSH_CORE_SECMODE_H

#include <stdbool.h>

#include "svc/core.h"
#include "svc/regen.h"

enum secmode { SECMODE_FIPS, SECMODE_ESM, SECMODE_CC };

struct secmode_state {
	bool fips, esm, cc;
	char tls_min[8];
	char restart_pending[200]; /* why the node waits for a restart; "" when it does not */
	bool provider;		   /* a FIPS provider is installed and (in FIPS mode) the only one */
	char provider_desc[200];
};

/* Something that breaks the policy of the modes asked for. */
struct secmode_finding {
	char what[16]; /* own, trust, ipsec, capf */
	char name[160];
	char why[300];
	bool regenerate; /* an own certificate the change regenerates */
};

struct secmode_plan {
	bool fips, esm, cc; /* the modes after the change */
	bool was_fips, was_esm, was_cc;
	char tls_min[8]; /* the TLS minimum after it */
	bool tls_raised; /* Common Criteria raised it to 1.1 */
	struct secmode_finding *v;
	int n;
	int nregen;
};

const char *secmode_name(enum secmode m);
int core_secmode_state(struct core *c, struct secmode_state *st, struct err *e);
/* What switching m on or off does; ERR_REFUSED when it cannot (FIPS off
 * while Enhanced Security or Common Criteria is on). Free with
 * secmode_plan_free. */
int core_secmode_plan(struct core *c, enum secmode m, bool on, struct secmode_plan *p, struct err *e);
/* The findings of the modes in force now (utils fips status). */
int core_secmode_findings(struct core *c, struct secmode_plan *p, struct err *e);
void secmode_plan_free(struct secmode_plan *p);
/* Plans, makes the keys, then writes everything in one transaction. p and
 * res describe what was done (res->restart: the services marked). */
int core_secmode_set(struct core *c, enum secmode m, bool on, struct secmode_plan *p,
		     struct regen_result *res, struct err *e);
/* The TLS minimum as 10-13. */
int core_tls_min(struct core *c);
int tls_version_number(const char *version);
/* "1.0" ... "1.3"; 1.0 is refused in Common Criteria mode. */
int core_tls_min_set(struct core *c, const char *version, struct err *e);
/* utils system restart clears the node's pending restart. */
int core_node_restart_note(struct core *c, const char *why, struct err *e);

#endif
