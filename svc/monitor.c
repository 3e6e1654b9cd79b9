#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "node/mail.h"
#include "svc/certstore.h"
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
	rep->window = setting_int(c, "monitor", "start");
	before = (long long)k.now + rep->window * DAY;
	strbuf_addf(&rep->mail, "Certificates expiring within %ld days:\n\n", rep->window);
	if (store_cert_each(c->store, "own", NULL, before, false, each, &k) != STORE_OK ||
	    store_cert_each(core_shared(c), "trust", NULL, before, false, each, &k) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read certificates: %s", store_errmsg(c->store));
	/* The LSCs CAPF issued expire too (kind "lsc"). */
	return core_cert_each(c, "lsc", NULL, before, each, &k, e);
}

/* "24h" or "7d" in seconds (the FREQ type allows nothing else). */
static long long frequency_seconds(const char *f)
{
	char *end;
	long long n = strtoll(f, &end, 10);

	return n * (*end == 'd' ? DAY : 3600);
}

static int record_mail(struct core *c, void *arg, struct err *e)
{
	char when[24];

	snprintf(when, sizeof(when), "%lld", *(long long *)arg);
	return setting_set(c, "monitor", "last-mail", when, e);
}

/* Whether mail is due: *m->last and m->due filled from the store. */
static bool mail_due(struct core *c, long long now, struct monitor_mail *m)
{
	char *freq = setting_text(c, "monitor", "frequency");

	m->last = setting_int(c, "monitor", "last-mail");
	m->due = m->last ? m->last + frequency_seconds(freq ? freq : "24h") : 0;
	free(freq);
	return now >= m->due;
}

int core_monitor_mail(struct core *c, const struct monitor_report *rep, bool force, struct monitor_mail *m,
		      struct err *e)
{
	char *email = setting_text(c, "monitor", "email"), *to = NULL, *smtp = NULL, *save = NULL;
	char from[340], subject[420], fqdn[320], why[512];
	const char *rcpt[MAX_RCPT];
	struct node_identity id = {0};
	long long now = (long long)time(NULL);
	int rc = 0;

	memset(m, 0, sizeof(*m));
	if (!email || strcmp(email, "enable") != 0 || rep->n == 0)
		goto out;
	if (!mail_due(c, now, m) && !force) {
		m->not_due = true;
		goto out;
	}
	to = setting_text(c, "monitor", "to");
	smtp = setting_text(c, "monitor", "smtp");
	if (!to || !smtp || (rc = core_identity(c, &id, fqdn, sizeof(fqdn), e)) != 0)
		goto out;
	for (char *w = strtok_r(to, ",", &save); w && m->nrcpt < MAX_RCPT; w = strtok_r(NULL, ",", &save))
		rcpt[m->nrcpt++] = w;
	snprintf(from, sizeof(from), "ucsh@%s", fqdn);
	snprintf(subject, sizeof(subject), "[%s] %d certificate%s expiring", fqdn, rep->n,
		 rep->n == 1 ? "" : "s");
	snprintf(m->server, sizeof(m->server), "%s", smtp);
	store_rollback(c->store); /* hold no snapshot while the server answers */
	struct mail msg = {smtp, from, rcpt, m->nrcpt, subject, rep->mail.buf};
	if (mail_send(&msg, why, sizeof(why)) != 0) {
		rc = err_set(e, ERR_FAIL, "%s", why);
		goto out;
	}
	m->sent = true;
	if (core_write(c, record_mail, &now, e) != 0)
		rc = err_set(e, ERR_FAIL, "The mail was sent, but when is not recorded: %s", e->msg);
out:
	node_identity_free(&id);
	free(email);
	free(to);
	free(smtp);
	return rc;
}
