/* IM and Presence XMPP security settings (cluster-wide): client to IM/P
 * secure mode (on by default), router-to-router secure mode and web
 * client secure mode. With router-to-router secure mode on, every cluster
 * node's cup-xmpp certificate is kept in cup-xmpp-trust: when it is turned
 * on, when a node joins, when a cup-xmpp certificate changes. */
#ifndef UCSH_CORE_XMPP_H
#define UCSH_CORE_XMPP_H

#include <stdbool.h>

#include "svc/core.h"
#include "svc/trust.h"

enum xmpp_mode { XMPP_CLIENT, XMPP_ROUTER, XMPP_WEB_CLIENT, XMPP_NMODES };

struct xmpp_result {
	bool changed;
	bool restart; /* Cisco XCP Connection Manager was marked */
	char warning[300];
	struct trust_report copied; /* router mode: what reached cup-xmpp-trust */
};

const char *xmpp_mode_name(enum xmpp_mode m);
bool core_xmpp_on(struct core *c, enum xmpp_mode m);
/* Free r with xmpp_result_free. */
int core_xmpp_set(struct core *c, enum xmpp_mode m, bool on, struct xmpp_result *r, struct err *e);
void xmpp_result_free(struct xmpp_result *r);
/* Inside a write transaction: with router mode on, every node's cup-xmpp
 * certificate into cup-xmpp-trust (nothing otherwise). r may be NULL. */
int core_xmpp_replicate(struct core *c, struct trust_report *r, struct err *e);

#endif
