/* One connection of ucshd, in its own process: the node's state opened
 * afresh (profiles and trust changed in ucsh are seen at once), the service
 * checked, TLS, the protocol. */
#ifndef UCSH_DAEMON_SERVE_H
#define UCSH_DAEMON_SERVE_H

#include <stdbool.h>
#include <stdint.h>

struct serve_opts {
	const char *state_dir;
	bool allow_tls10;
	int timeout_s; /* handshake and every read */
};

/* TVS (CAPF-TVS-PROTOCOL.md §2): one request, one answer. */
void serve_tvs(int fd, const struct serve_opts *o);
/* CAPF (§1): one session; session is the id the server chose. */
void serve_capf(int fd, uint32_t session, const struct serve_opts *o);
/* The SIP proxy's TLS side: peer authentication by the default TLS context. */
void serve_sip(int fd, const struct serve_opts *o);
/* In the parent, before a SIP connection's process is made: the TLS server
 * built, or rebuilt when its files changed. */
void sip_prepare(const char *state_dir);

#endif
