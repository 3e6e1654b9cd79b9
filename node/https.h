/* One HTTPS request to check a server (utils sso test): the server's
 * certificate verified against the given CA bundle only (never the
 * system's), its name checked, no proxy, no redirects. */
#ifndef UCSH_NODE_HTTPS_H
#define UCSH_NODE_HTTPS_H

#include <stdbool.h>
#include <stddef.h>

struct https_check {
	bool verified; /* TLS handshake done, certificate verified and naming the host */
	long status;   /* the HTTP status; 0 when none came */
	char reason[512];
};

/* min_tls: 10-13 (the node's TLS minimum). 0 when the check ran (see
 * r->verified), -1 when it could not (libcurl missing: r->reason). */
int https_check(const char *url, const char *ca_file, int min_tls, int timeout_s, struct https_check *r);

#endif
