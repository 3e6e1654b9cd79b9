/* Writing the deploy directory (atomically, node/deploy.c); called by the
 * effect set, never directly by commands. */
#ifndef UCSH_CORE_DEPLOY_H
#define UCSH_CORE_DEPLOY_H

#include "svc/core.h"
#include "svc/units.h"

int core_deploy_unit(struct core *c, const struct unit_def *u, struct err *e);
int core_deploy_trust(struct core *c, const char *trust, struct err *e);
/* The PEM of every certificate of trust, as its bundle file holds it. */
struct strbuf;
int core_trust_bundle(struct core *c, const char *trust, struct strbuf *pem, struct err *e);

#endif
