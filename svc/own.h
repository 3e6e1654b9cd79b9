/* Installing a CA-signed certificate as a unit's own (DESIGN §7): it must
 * match the unit's pending CSR key or its current key, or bring its own key
 * in a PKCS#12 file, and chain to a certificate in the unit's trust store
 * (any of them is an anchor) or to a root the upload brings, through the
 * upload's other certificates, which then join the trust store. */
#ifndef UCSH_OWN_H
#define UCSH_OWN_H

#include "pki/pki.h"
#include "svc/core.h"
#include "svc/trust.h"
#include "svc/units.h"
#include "util/strbuf.h"

/* A parsed upload: its certificates (leaf first from PKCS#12) and the key a
 * PKCS#12 file brought. */
struct own_upload {
	struct pki_certlist certs;
	struct pki_key *key;
};

/* Parses an upload named what. Returns 0; ERR_INVALID (nothing usable);
 * or 1 when it is DER but no certificate: perhaps PKCS#12, for which
 * core_own_parse_p12 needs its passphrase. */
int core_own_parse(const unsigned char *buf, size_t len, bool may_be_p12, const char *what,
		   struct own_upload *up, struct err *e);
int core_own_parse_p12(const unsigned char *buf, size_t len, const char *pass, const char *what,
		       struct own_upload *up, struct err *e);
void core_own_upload_free(struct own_upload *up);
/* Every certificate of l but skip, as one PEM string; NULL when none. */
char *core_chain_pem(const struct pki_certlist *l, int skip);

enum own_key_from { OWN_KEY_PKCS12, OWN_KEY_CSR, OWN_KEY_CURRENT };

struct own_result {
	char issuer[256]; /* its CN, else its whole name (cut at 255) */
	char key_desc[32];
	enum own_key_from key_from;
	struct strbuf restart;	   /* services marked for restart */
	bool ctl_stale;		   /* mixed mode: the CTL needs utils ctl update */
	struct trust_report chain; /* the upload's CAs, added to the unit's trust store */
};

/* Inside the caller's write transaction: picks the certificate, checks
 * that it names the node (units that serve its name) and that it and every
 * CA of the upload chain to the unit's trust store or to a root the upload
 * brings, adds those CAs to the trust store, stores the certificate (and
 * the key it uses), drops the CSR it answers, marks restarts and queues
 * its deployment. Free res with core_own_result_free. */
int core_own_install(struct core *c, const struct unit_def *u, const struct own_upload *up, const char *what,
		     struct own_result *res, struct err *e);
void core_own_result_free(struct own_result *res);

#endif
