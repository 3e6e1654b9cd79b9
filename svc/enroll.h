/* Issuing Locally Significant Certificates under CAPF profiles. */
#ifndef UCSH_CORE_ENROLL_H
#define UCSH_CORE_ENROLL_H

#include "pki/pki.h"
#include "svc/capfauth.h"
#include "svc/core.h"

struct enroll_result {
	char *pem; /* the LSC */
	char serial[100];
	long long not_after;
	char rejected[640]; /* a failure recorded against the profile */
};

/* The checks of the CTI chapter (mixed mode, CAPF active on this node —
 * the publisher in a cluster —, Install pending, deadline, the device
 * authenticated as its profile asks: string correct and unused, or proof
 * by its certificate (NULL offline), key as the profile asks), then the
 * LSC signed by the CAPF key; the string is burnt and the operation done.
 * A failed authentication counts against the profile (kept) and fails. */
int core_capf_issue(struct core *c, const char *instance, const char *string, const struct capf_proof *proof,
		    const struct pki_pubkey *pub, const char *key_desc, struct enroll_result *r,
		    struct err *e);
/* Authentication as the profile asks (string, certificate or none): a
 * failure counts against it (kept) and fails. */
int core_capf_authenticate(struct core *c, const char *instance, const char *string,
			   const struct capf_proof *proof, struct enroll_result *r, struct err *e);
/* capf enroll: the request read from the file area (PEM or DER); the LSC
 * also written to out_file when given. */
int core_capf_enroll(struct core *c, const char *instance, const char *string, const char *csr_file,
		     const char *out_file, struct enroll_result *r, struct err *e);
void enroll_result_free(struct enroll_result *r);

#endif
