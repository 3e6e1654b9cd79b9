/* strongSwan's configuration of the node's enabled IPsec policies, in
 * DEPLOY/swanctl/ (the layout swanctl expects beside its file):
 * swanctl.conf (connections, and the pre-shared keys: 0600), x509/ipsec.pem
 * and private/ipsec.key (the node's ipsec unit), x509ca/NAME.pem for each
 * certificate of ipsec-trust. `swanctl --load-all --file
 * DEPLOY/swanctl/swanctl.conf` loads it (README: IPsec). */
#ifndef UCSH_CORE_IPSECCONF_H
#define UCSH_CORE_IPSECCONF_H

#include "svc/core.h"

/* Writes every file atomically, removes certificates that left
 * ipsec-trust. The effect "ipsec" runs it after a change commits. */
int core_ipsec_render(struct core *c, struct err *e);
/* swanctl.conf's text for the policies as stored (malloc'd; secrets
 * included: never print it). dir: where the files live. */
char *ipsec_swanctl_text(struct core *c, const char *dir, struct err *e);
/* Temporary files a killed writer left below DEPLOY/swanctl. */
void ipsec_remove_temps(struct core *c);

#endif
