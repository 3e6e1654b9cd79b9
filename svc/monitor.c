#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "node/mail.h"
#include "svc/monitor.h"
#include "svc/node.h"
#include "svc/settings.h"
#include "util/timefmt.h"

#define DAY 86400
#define MAX_RCPT 16

struct check {
	void (*fn)(const struct cert_row *r, long long days_left, void *ctx);
	void *ctx;
	struct monitor_report *rep;
	time_t now;
};

static int each(const struct cert_row *r, void *arg)
{
	struct check *k = arg;
	long long days = (r->not_after - (long long)k->now) / DAY;
	char after[16];

	time_date(r->not_after, after, sizeof(after));
	strbuf_addf(&k->rep->mail, "%-6s %-20s %-30s expires %s (%lld days)\n", r->kind, r->unit, r->name,
		    after, days);
	k->rep->n++;
	k->fn(r, days, k->ctx);
	return 0;
}

int core_monitor_check(struct core *c, void (*fn)(const struct cert_row *r, long long days_left, void *ctx),
		       void *ctx, struct monitor_report *rep, struct err *e)
{
	struct check k = {fn, ctx, rep, time(NULL)};
	long long before;

	memset(rep, 0, sizeof(*rep));
	rep->window = setting_int(c->store, "monitor", "start");
	before = (long long)k.now + rep->window * DAY;
	strbuf_addf(&rep->mail, "Certificates expiring within %ld days:\n\n", rep->window);
	if (store_cert_each(c->store, "own", NULL, before, false, each, &k) != STORE_OK ||
	    store_cert_each(c->store, "trust", NULL, before, false, each, &k) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read certificates: %s", store_errmsg(c->store));
	return 0;
}

int core_monitor_mail(struct core *c, const struct monitor_report *rep, bool *sent, int *nrcpt, char *server,
		      size_t len, struct err *e)
{
	char *email = setting_text(c->store, "monitor", "email"), *to = NULL, *smtp = NULL, *save = NULL;
	char from[340], subject[420], fqdn[320], why[512];
	const char *rcpt[MAX_RCPT];
	struct node_identity id = {0};
	int rc = 0;

	*sent = false;
	*nrcpt = 0;
	if (!email || strcmp(email, "enable") != 0 || rep->n == 0)
		goto out;
	to = setting_text(c->store, "monitor", "to");
	smtp = setting_text(c->store, "monitor", "smtp");
	if (!to || !smtp || (rc = core_identity(c, &id, fqdn, sizeof(fqdn), e)) != 0)
		goto out;
	for (char *w = strtok_r(to, ",", &save); w && *nrcpt < MAX_RCPT; w = strtok_r(NULL, ",", &save))
		rcpt[(*nrcpt)++] = w;
	snprintf(from, sizeof(from), "ucsh@%s", fqdn);
	snprintf(subject, sizeof(subject), "[%s] %d certificate%s expiring", fqdn, rep->n,
		 rep->n == 1 ? "" : "s");
	snprintf(server, len, "%s", smtp);
	struct mail m = {smtp, from, rcpt, *nrcpt, subject, rep->mail.buf};
	if (mail_send(&m, why, sizeof(why)) != 0)
		rc = err_set(e, ERR_FAIL, "%s", why);
	else
		*sent = true;
out:
	node_identity_free(&id);
	free(email);
	free(to);
	free(smtp);
	return rc;
}
