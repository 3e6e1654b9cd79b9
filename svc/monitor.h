/* The certificate expiry monitor: which certificates expire inside the
 * notification window, and the mail that reports them (node/mail.c). */
#ifndef UCSH_CORE_MONITOR_H
#define UCSH_CORE_MONITOR_H

#include <stdbool.h>

#include "store/cert.h"
#include "svc/core.h"
#include "util/strbuf.h"

struct monitor_report {
	long window; /* days */
	int n;	     /* certificates expiring inside it */
	struct strbuf mail;
};

/* Calls fn for each own and trusted certificate expiring inside the window
 * (days_left may be negative), oldest kinds first. Free rep->mail. */
int core_monitor_check(struct core *c, void (*fn)(const struct cert_row *r, long long days_left, void *ctx),
		       void *ctx, struct monitor_report *rep, struct err *e);
/* Mails the report when e-mail is enabled and something expires; *sent
 * says whether it did, to how many recipients through which server. */
int core_monitor_mail(struct core *c, const struct monitor_report *rep, bool *sent, int *nrcpt, char *server,
		      size_t len, struct err *e);

#endif
