/* The effect set: files outside the store that a change makes out of date
 * (a unit's deploy files, a trust bundle, ITLFile.tlv, CTLFile.tlv).
 * Services add effects while they change rows; the set is de-duplicated and
 * applied once after commit, in a fixed order (units, trust bundles, ITL,
 * CTL). The store keeps a generation per target (store/effect.h), so a
 * process killed between commit and the file writes leaves its targets
 * "behind", and the next start rewrites them (fx_heal). */
#ifndef UCSH_EFFECTS_H
#define UCSH_EFFECTS_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

struct core;
struct unit_def;

struct effects {
	uint32_t units;	 /* bit i: units[i] */
	uint32_t trusts; /* bit i: trust_units[i] */
	bool itl, ctl;
	bool ipsec;  /* swanctl.conf and its certificates (svc/ipsecconf.c) */
	bool banner; /* DEPLOY/banner.txt for sshd (svc/banner.c) */
	bool tls;    /* DEPLOY/tls/CONTEXT/ (svc/tlsctx.c) */
	/* The node's files reflect the cluster generation recorded locally as
	 * the target "cluster" (svc/cluster.h): applied last. */
	bool cluster;
};

/* A unit's certificate, key and chain (and the ITL when it lists the unit). */
void fx_deploy_unit(struct core *c, const struct unit_def *u);
void fx_deploy_trust(struct core *c, const char *trust);
/* CTLFile.tlv as the store describes it (mode and signer). */
void fx_write_ctl(struct core *c);
/* strongSwan's configuration from the enabled IPsec policies. */
void fx_write_ipsec(struct core *c);
/* Every unit and trust bundle, and the ITL (first start). */
void fx_deploy_all(struct core *c);
/* Every file cluster rows make: trust bundles, ITL and CTL (a node that
 * leaves or joins a cluster). */
void fx_deploy_shared(struct core *c);
bool fx_empty(const struct effects *fx);

/* Inside the transaction: raises the wanted generation of each target. */
int fx_record(struct core *c, struct err *e);
/* After commit: writes the files, marks them done, empties the set. */
int fx_apply(struct core *c, struct err *e);
/* At start-up: rewrites every target that is behind the store and removes
 * temporary files left by a killed writer. One indexed query when nothing
 * is behind. */
int fx_heal(struct core *c, struct err *e);
/* Whether target ("unit:tomcat", "trust:tomcat-trust", "itl", "ctl"), or
 * with NULL any target, is behind the store. */
bool fx_behind(struct core *c, const char *target);

#endif
