/* What the certificate commands share: issuing a unit's self-signed
 * certificate, storing certificates with their facts, deploying. */
#ifndef UCSH_CERTCORE_H
#define UCSH_CERTCORE_H

#include "commands/units.h"
#include "pki/pki.h"
#include "store/cert.h"

struct session;

/* A cert_row describing c; its strings point into f and pem. */
void certrow_fill(struct cert_row *r, const struct pki_facts *f, const char *kind, const char *unit,
		  const char *name, char *pem, char *chain);

/* The subject and SANs of a unit from web-security and the node identity,
 * then a self-signed certificate for key; stored as the unit's own
 * certificate with its key. */
int certcore_self_signed(struct session *s, const struct unit_def *u, const struct pki_key *key,
			 enum pki_digest digest, int days, char *err, size_t errlen);
/* The subject request for a unit (for CSRs); free with certcore_request_free. */
int certcore_request(struct session *s, const struct unit_def *u, struct pki_request *req, char *err,
		     size_t errlen);
void certcore_request_free(struct pki_request *req);

/* Issues a self-signed certificate for every own unit that has none (all
 * of them on a first start), keys generated in parallel. */
int certcore_first_start(struct session *s, char *err, size_t errlen);
/* How many own units have no certificate yet. */
int certcore_missing_units(struct session *s, int *missing);

/* Writes every unit's certificate, key, chain and trust bundle to the
 * deploy directory (after the change is committed). */
int certcore_deploy(struct session *s, char *err, size_t errlen);
/* Asks for one unit's files, or one trust bundle, to be deployed once the
 * command's transaction has committed. */
void certcore_deploy_after_commit(struct session *s, const char *unit_or_trust);

/* Marks the services using unit for restart; says which. */
void certcore_mark_restart(struct session *s, struct out *o, const struct unit_def *u, const char *why);

#endif
