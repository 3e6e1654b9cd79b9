/* What the certificate commands tell the administrator after a change. */
#ifndef UCSH_NOTICES_H
#define UCSH_NOTICES_H

#include <stdbool.h>

#include "out/out.h"
#include "util/strbuf.h"

/* "Restart to use it: …" when services were marked (names may be empty);
 * the mixed-mode CTL warning when the change made the CTL stale. */
void notice_change(struct out *o, const struct strbuf *restart, bool ctl_stale, const char *unit);

#endif
