/* The Trust Verification Service's answer (CAPF-TVS-PROTOCOL.md §2): is
 * this exact certificate trusted, and for which roles. Cluster-wide: every
 * node's certificates and the cluster's trust stores. */
#ifndef UCSH_CORE_TVS_H
#define UCSH_CORE_TVS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/wirelog.h"
#include "svc/core.h"

/* ITL role codes, in the order they are written. */
enum tvs_role {
	TVS_ROLE_SAST = 0,
	TVS_ROLE_CCM = 1,
	TVS_ROLE_CCM_TFTP = 2,
	TVS_ROLE_TFTP = 3,
	TVS_ROLE_CAPF = 4,
	TVS_ROLE_APP_SERVER = 7,
	TVS_ROLE_TVS = 21,
};

struct tvs_verdict {
	bool trusted;
	uint8_t roles[8];
	int nroles;
	uint32_t ttl;
	char subject[200]; /* for the query log */
	char sha256[100];
};

/* der: the certificate a phone asks about. ERR_INVALID when it is not one. */
int core_tvs_verdict(struct core *c, const unsigned char *der, size_t len, struct tvs_verdict *v,
		     struct err *e);
/* Records a query (node-local), best effort. */
void core_tvs_log(struct core *c, const char *device, const struct tvs_verdict *v);

int core_tvs_queries(struct core *c, int last, int (*fn)(const struct tvs_query *q, void *ctx), void *ctx,
		     struct err *e);

#endif
