/* Own certificates: the subject policy, issuing self-signed certificates and
 * storing them with their facts, first-start provisioning, restart marks. */
#ifndef UCSH_CORE_CERTS_H
#define UCSH_CORE_CERTS_H

#include "pki/pki.h"
#include "store/cert.h"
#include "svc/core.h"
#include "svc/units.h"

struct strbuf;

/* A cert_row describing c; its strings point into f and pem. */
void core_cert_row_fill(struct cert_row *r, const struct pki_facts *f, const char *kind, const char *unit,
			const char *name, char *pem, char *chain);

/* The subject and SANs of a unit from web-security and the node identity,
 * then a self-signed certificate for key; stored as the unit's own
 * certificate with its key. */
/* On a member of a cluster: the node's certificate of unit, published in
 * the cluster within the change (the other nodes' trust lists carry it);
 * refused, as every cluster write, while the publisher is unreachable. */
int core_publish_own(struct core *c, const char *unit, const char *pem, struct err *e);
int core_self_signed(struct core *c, const struct unit_def *u, const struct pki_key *key,
		     enum pki_digest digest, int days, char *err, size_t errlen);
/* The subject request for a unit (for CSRs); free with core_unit_request_free. */
int core_unit_request(struct core *c, const struct unit_def *u, struct pki_request *req, char *err,
		      size_t errlen);
void core_unit_request_free(struct pki_request *req);

/* Issues a self-signed certificate for every own unit that has none (all
 * of them on a first start), keys generated in parallel; queues their
 * deployment. */
int core_provision_units(struct core *c, char *err, size_t errlen);
/* How many own units have no certificate yet. */
int core_missing_units(struct core *c, int *missing);

/* ECDSA units take EC keys, every other unit RSA (the units that sign
 * trust lists say why); ERR_INVALID otherwise. In FIPS mode a weak key is
 * refused (ERR_REFUSED, svc/cryptopolicy.h). */
int core_unit_key_allowed(struct core *c, const struct unit_def *u, const struct pki_keyspec *spec,
			  struct err *e);

/* Marks the services using unit for restart; appends their names to names. */
void core_mark_restart(struct core *c, const struct unit_def *u, const char *why, struct strbuf *names);

/* Every node's certificate of a unit: the cluster's list on a member, this
 * node's own otherwise. Free with node_certs_free. */
struct node_certs {
	char (*node)[64];
	char **pem;
	int n;
};
int core_node_certs(struct core *c, const char *unit, struct node_certs *l, struct err *e);
void node_certs_free(struct node_certs *l);

#endif
