/* CAPF authentication by the certificate a device already holds (its LSC
 * or its manufacturing certificate): CAPF-TVS-PROTOCOL.md §1.8. */
#ifndef UCSH_CORE_CAPFAUTH_H
#define UCSH_CORE_CAPFAUTH_H

#include <stddef.h>
#include <stdint.h>

#include "svc/core.h"

/* The AUTH_RESPONSE elements that make the proof; lengths 0 when absent. */
struct capf_proof {
	const char *device;
	uint32_t session;
	const uint8_t *cert; /* DER, out of its wrapper */
	size_t cert_len;
	const uint8_t *sig_sha1; /* SIGNED_DATA */
	size_t sig_sha1_len;
	const uint8_t *sha2; /* SHA2_SIGNED_DATA's value: id 3 | u16 length | signature */
	size_t sha2_len;
	const uint8_t *sudi; /* SUDI_DATA's value, optional */
	size_t sudi_len;
};

/* 0 when the proof holds: the certificate names the device (CN = the
 * device, or a manufacturing certificate's "…-SEP<MAC>"), is within its
 * dates, was signed by this node's CAPF certificate or one in CAPF-trust
 * (where operators put the manufacturers' CAs), and its key made both
 * signatures over the device name and the certificate; a SUDI block, when
 * sent, passes the same issuer and date checks and signs the session id.
 * Otherwise -1 and the reason in why. */
int capf_proof_check(struct core *c, const struct capf_proof *p, char *why, size_t len);

#endif
