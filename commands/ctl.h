/* Trust lists served by TFTP: CTLFile.tlv (mixed mode) and ITLFile.tlv. */
#ifndef UCSH_CTL_CMD_H
#define UCSH_CTL_CMD_H

#include <stddef.h>

struct session;
struct out;

/* Rebuilds and re-signs ITLFile.tlv from the current certificates. */
int ctl_itl_refresh(struct session *s, char *err, size_t errlen);
/* Whether unit's certificate is in the trust lists. */
int ctl_unit_listed(const char *unit);
/* After such a unit changed: in mixed mode the CTL is stale until updated. */
void ctl_note_change(struct session *s, struct out *o, const char *unit);

#endif
