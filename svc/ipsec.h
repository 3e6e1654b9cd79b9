/* IPsec policies (the documentation's "IPSec Management"): per node, applied
 * to strongSwan by rendering every enabled policy into swanctl.conf in the
 * deploy directory (svc/ipsecconf.c) through the effect set. */
#ifndef UCSH_CORE_IPSEC_H
#define UCSH_CORE_IPSEC_H

#include <stdbool.h>

#include "store/ipsec.h"
#include "svc/core.h"

#define IPSEC_PSK_MAX 128

/* An add or an update: NULL or -1 keeps the current value (update) or takes
 * the default (add). */
struct ipsec_request {
	const char *auth;      /* psk, cert */
	const char *psk;       /* read from psk-file or asked; never from the command line */
	const char *peer_type; /* same, different */
	const char *cert;      /* the peer's certificate in ipsec-trust (different) */
	const char *src, *dst; /* IPv4, IPv6 or FQDN */
	long src_port, dst_port, remote_port;
	const char *mode; /* transport (the only mode) */
	const char *protocol;
	const char *encryption, *hash, *esp;
	long p1_lifetime, p1_dh, p2_lifetime, p2_dh;
	int enable; /* 1 enable, 0 disable, -1 keep (add: disabled) */
};
#define IPSEC_REQUEST_INIT                                                                                   \
	{                                                                                                    \
		.src_port = -1, .dst_port = -1, .remote_port = -1, .p1_lifetime = -1, .p1_dh = -1,           \
		.p2_lifetime = -1, .p2_dh = -1, .enable = -1                                                 \
	}

struct ipsec_result {
	char warnings[8][420];
	int nwarn;
	int count;    /* policies deleted, enabled or disabled */
	bool applied; /* enabled policies changed: swanctl.conf is rewritten */
	bool restart; /* and IPsec was marked for restart */
};

/* Letters, digits and hyphens, 1-50 (group and policy names). */
bool ipsec_name_valid(const char *s, char *why, size_t len);
/* An IPv4 or IPv6 address or a host name. */
bool ipsec_address_valid(const char *s, char *why, size_t len);

int core_ipsec_add(struct core *c, const char *grp, const char *name, const struct ipsec_request *q,
		   struct ipsec_result *r, struct err *e);
int core_ipsec_update(struct core *c, const char *grp, const char *name, const struct ipsec_request *q,
		      struct ipsec_result *r, struct err *e);
/* name NULL: the whole group. */
int core_ipsec_enable(struct core *c, const char *grp, const char *name, bool on, struct ipsec_result *r,
		      struct err *e);
int core_ipsec_delete(struct core *c, const char *grp, const char *name, struct ipsec_result *r,
		      struct err *e);
int core_ipsec_get(struct core *c, const char *grp, const char *name, struct ipsec_row *out, struct err *e);
/* grp NULL: every group. */
int core_ipsec_each(struct core *c, const char *grp, int (*fn)(const struct ipsec_row *r, void *ctx),
		    void *ctx, struct err *e);
/* Group names and policy names of a group (completion). */
int core_ipsec_groups(struct core *c, int (*fn)(const char *grp, void *ctx), void *ctx);

/* The strongSwan proposals of a policy: "aes256gcm16-prfsha256-ecp256",
 * "aes256gcm16-ecp256". */
void ipsec_ike_proposal(const struct ipsec_row *r, char *buf, size_t len);
void ipsec_esp_proposal(const struct ipsec_row *r, char *buf, size_t len);

#endif
