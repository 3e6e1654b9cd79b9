/* What a destructive command will do, said before it is confirmed: the
 * rows, files and services it touches as the store stands now. Each writes
 * whole sentences into out; none changes anything. */
#ifndef UCSH_PREVIEW_H
#define UCSH_PREVIEW_H

#include <stdbool.h>

#include "svc/core.h"
#include "svc/secmode.h"
#include "svc/services.h"
#include "svc/units.h"
#include "util/strbuf.h"

void preview_regen(struct core *c, const struct unit_def *u, struct strbuf *out);
void preview_trust_delete(struct core *c, const char *trust, const char *name, struct strbuf *out);
void preview_csr_delete(struct core *c, const char *unit, struct strbuf *out);
/* secure: the mode asked for; update: rebuild in the current mode; signer:
 * the unit whose key signs it. */
void preview_ctl(struct core *c, bool secure, bool update, const char *signer, struct strbuf *out);
void preview_service_restart(struct core *c, const struct service_def *sv, struct strbuf *out);
void preview_system_restart(struct core *c, struct strbuf *out);
void preview_account_delete(struct core *c, const char *name, struct strbuf *out);
void preview_user_delete(struct core *c, const char *name, struct strbuf *out);
void preview_capf_delete(struct core *c, const char *const *ids, int n, struct strbuf *out);
void preview_file_delete(struct core *c, const char *name, struct strbuf *out);
/* name NULL: the whole group. */
void preview_ipsec_delete(struct core *c, const char *grp, const char *name, struct strbuf *out);
/* What switching a security mode does (svc/secmode.h). */
void preview_secmode(struct core *c, enum secmode m, bool on, struct strbuf *out);
void preview_tls_min(struct core *c, const char *version, struct strbuf *out);

#endif
