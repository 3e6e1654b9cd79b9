/* CTLFile.tlv and ITLFile.tlv in the TFTP directory (CTL-FORMAT.md). */
#ifndef UCSH_TRUSTLIST_H
#define UCSH_TRUSTLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "svc/core.h"

#define CTL_NAME "CTLFile.tlv"
#define ITL_NAME "ITLFile.tlv"

/* Builds and signs a CTL: both signers as SAST, the node as CCM+TFTP
 * (certificate-less in non-secure mode), CAPF while its service is
 * activated, TVS. *out malloc'd. */
int trustlist_build_ctl(struct core *c, bool secure, const char *signer_unit, unsigned char **out,
			size_t *len, char *err, size_t errlen);
/* Writers used by the effect set. */
int trustlist_write_itl(struct core *c, struct err *e);
int trustlist_write_ctl(struct core *c, struct err *e);

/* Whether unit's certificate is in the trust lists. */
bool trustlist_lists(const char *unit);
/* After unit changed: in mixed mode the CTL is stale until updated; true
 * when it became so (say so to the administrator). */
bool trustlist_note_change(struct core *c, const char *unit);
bool trustlist_ctl_stale(struct core *c);
/* Mixed mode needs the four certificates present and unexpired and the CTL
 * Provider and TFTP services activated, and entering it (need_capf) the CAPF
 * service too; calls problem once per thing that is missing and returns how
 * many there were. Updates in mixed mode do without CAPF: the CTL then
 * leaves its record out. */
int trustlist_check_ready(struct core *c, bool need_capf, void (*problem)(void *ctx, const char *msg),
			  void *ctx);
/* Records the mode and signer, marks TFTP and CallManager for restart and
 * queues the CTL's rewrite. */
/* On a member of a cluster only the publisher signs the CTL (ERR_REFUSED
 * elsewhere); a standalone node signs its own. */
int trustlist_may_sign(struct core *c, struct err *e);
int trustlist_set_mode(struct core *c, bool secure, const char *signer, struct err *e);

#endif
