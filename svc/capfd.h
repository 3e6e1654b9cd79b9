/* The CAPF protocol's server side (CAPF-TVS-PROTOCOL.md §1): one session
 * with a device or CTI application, driven by its CAPF profile (device name
 * = instance ID). I/O is the caller's (ucshd: TLS); the issuing, the string
 * rules and the records are the service layer's, as for capf enroll. */
#ifndef UCSH_CORE_CAPFD_H
#define UCSH_CORE_CAPFD_H

#include <stddef.h>
#include <stdint.h>

#include "store/wirelog.h"
#include "svc/core.h"

struct capf_io {
	int (*read)(void *io, void *buf, size_t len); /* exactly len; -1 on end, error, timeout */
	int (*write)(void *io, const void *buf, size_t len);
	void (*wait_long)(void *io, int seconds); /* the next read may take that long */
	void *io;
	const char *peer; /* the device's address, for the audit trail */
};

struct capf_outcome {
	char device[130];
	char operation[16];
	int reason;	  /* END_SESSION's, -1 when the session broke off */
	char result[700]; /* holds a rejection (enroll_result.rejected) */
};

/* Runs a whole session; the outcome is also kept (show capf sessions) and
 * audited (account ucshd, source "capf ADDRESS"; status 0 when it ended
 * with reason 0 or 1). */
void core_capf_serve(struct core *c, uint32_t session, const struct capf_io *io, struct capf_outcome *out);
int core_capf_sessions(struct core *c, int last, int (*fn)(const struct capf_session *q, void *ctx),
		       void *ctx, struct err *e);

#endif
