/* Trust stores: import with the replacement rules (DESIGN §7), loading. */
#ifndef UCSH_TRUST_H
#define UCSH_TRUST_H

#include "pki/pki.h"
#include "svc/core.h"
#include "util/strbuf.h"

enum trust_verdict { TRUST_ADDED, TRUST_REPLACED, TRUST_DUPLICATE };

struct trust_item {
	char subject[1024]; /* CN, else the whole subject */
	char name[300];	    /* the name it has in the store */
	enum trust_verdict verdict;
};

struct trust_report {
	struct trust_item *v; /* one per certificate, in upload order */
	int n;
	int counts[3];	       /* by verdict */
	struct strbuf restart; /* services marked for restart */
	/* cup-trust and cup-xmpp-trust: subject CNs that became TLS peer
	 * subjects, and those added to the default TLS context (", "). */
	struct strbuf peer_subjects, peer_contexts;
};

/* Adds every certificate of l to the trust store unit, inside the caller's
 * write transaction: all or nothing (a key above 4096 bits or an expired
 * certificate refuses the upload, ERR_INVALID); same issuer and serial is
 * "already present"; same subject and key with a later notBefore replaces
 * (a renewal); same subject with another key is kept beside. what names the
 * upload in messages. Free r with core_trust_report_free. */
int core_trust_import(struct core *c, const char *unit, const struct pki_certlist *l, const char *what,
		      struct trust_report *r, struct err *e);
void core_trust_report_free(struct trust_report *r);

/* The certificates of an upload named what (PEM, DER or PKCS#7); anything
 * else refuses it whole (ERR_INVALID). */
int core_trust_parse(const unsigned char *buf, size_t len, const char *what, struct pki_certlist *l,
		     struct err *e);

/* Marks the services that use a trust store for restart; their names are
 * appended to names. */
void core_trust_mark_users(struct core *c, const char *trust, struct strbuf *names);

/* Would a peer trusting the store unit accept the first certificate of l
 * (the rest, and more, help build the path)? Every rule broken goes into
 * out (none: yes). */
int core_cert_verify(struct core *c, const char *unit, const struct pki_certlist *l,
		     const struct pki_certlist *more, const struct pki_verify_opts *how,
		     struct pki_findings *out, struct err *e);

/* Every certificate of a trust store, parsed. */
int core_trust_load(struct core *c, const char *unit, struct pki_certlist *l);

/* Every trust certificate of from into to by the same replacement rules
 * (a node's stores into the cluster's when it joins); counts by verdict.
 * On failure store_errmsg(to) or (from) says why. */
int core_trust_merge(struct store *from, struct store *to, int counts[3]);

#endif
