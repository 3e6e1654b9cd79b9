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
struct monitor_mail {
	bool sent;	     /* to nrcpt recipients through server */
	bool not_due;	     /* the last mail is younger than the frequency */
	long long last, due; /* when the last mail went out; when the next may */
	int nrcpt;
	char server[256];
};

/* Mails the report when e-mail is enabled, something expires and the last
 * mail is at least the monitor's frequency old (force: regardless), then
 * records when it went out. Runs outside the store while it talks to the
 * server (CMD_PREPARED). */
int core_monitor_mail(struct core *c, const struct monitor_report *rep, bool force, struct monitor_mail *m,
		      struct err *e);

#endif
