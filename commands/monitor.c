/* The certificate expiry monitor: show/set cert monitor, utils cert monitor
 * run. The run is meant for a timer (cron or systemd) at the configured
 * frequency; it lists what expires inside the window and mails it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands/families.h"
#include "commands/identity.h"
#include "commands/names.h"
#include "commands/session.h"
#include "core/settings.h"
#include "node/mail.h"
#include "store/cert.h"
#include "util/strbuf.h"

#define MAX_RCPT 16

/* Its settings, in the order they are shown (core/settings.c has them). */
static const char *const monitor_ids[] = {"start", "frequency", "email", "to", "smtp"};
#define NMONITOR (sizeof(monitor_ids) / sizeof(monitor_ids[0]))

static char *get(struct session *s, const char *id)
{
	return setting_text(s->store, "monitor", id);
}

static int show_monitor(struct session *s, const void *args, struct out *o)
{
	out_kv_begin(o, NULL);
	for (size_t i = 0; i < NMONITOR; i++) {
		const struct setting_def *d = setting_def_of("monitor", monitor_ids[i]);
		char *v = get(s, monitor_ids[i]);
		out_kv(o, d->id, d->name, v && *v ? v : "(none)");
		free(v);
	}
	out_kv_end(o);
	return UC_OK;
}

struct monitor_args {
	const char *start, *frequency, *email, *to, *smtp;
};

static const struct arg_bind monitor_bind[] = {
    BIND(struct monitor_args, start), BIND(struct monitor_args, frequency), BIND(struct monitor_args, email),
    BIND(struct monitor_args, to),    BIND(struct monitor_args, smtp),	    BIND_END(struct monitor_args)};

static int set_monitor(struct session *s, const void *args, struct out *o)
{
	const struct monitor_args *a = args;
	const char *values[] = {a->start, a->frequency, a->email, a->to, a->smtp};
	struct err e;
	int n = 0;

	for (size_t i = 0; i < NMONITOR; i++) {
		if (!values[i])
			continue;
		if (setting_set(s->store, "monitor", monitor_ids[i], values[i], &e) != 0)
			return cmd_fail(o, &e);
		n++;
	}
	if (!n)
		return out_error(o, UC_USAGE, "Nothing to set: give start, frequency, email, to or smtp");
	char *email = get(s, "email"), *to = get(s, "to"), *smtp = get(s, "smtp");
	int rc = UC_OK;
	if (strcmp(email, "enable") == 0 && (!*to || !*smtp))
		rc = out_error(o, UC_USAGE,
			       "E-mail needs recipients (to ADDRS) and a server (smtp HOST[:PORT])");
	else
		out_msg(o, "Certificate monitor updated.");
	free(email);
	free(to);
	free(smtp);
	return rc;
}

struct expiring {
	struct out *o;
	struct strbuf mail;
	time_t now;
	int n;
};

static int report_row(const struct cert_row *r, void *ctx)
{
	struct expiring *e = ctx;
	char after[16], days[24];
	time_t t = (time_t)r->not_after;

	strftime(after, sizeof(after), "%Y-%m-%d", gmtime(&t));
	snprintf(days, sizeof(days), "%lld", (r->not_after - (long long)e->now) / 86400);
	const char *cells[] = {r->kind, r->unit, r->name, r->subject_cn, after, days};
	out_row(e->o, cells);
	strbuf_addf(&e->mail, "%-6s %-20s %-30s expires %s (%s days)\n", r->kind, r->unit, r->name, after,
		    days);
	e->n++;
	return 0;
}

static int send_report(struct session *s, struct out *o, const char *body, int n)
{
	char *to = get(s, "to"), *smtp = get(s, "smtp"), *save = NULL, from[340], subject[420], fqdn[320],
	     err[512];
	const char *rcpt[MAX_RCPT];
	struct node_identity id = {0};
	int nto = 0, rc = UC_OK;

	if (identity_load(s, o, &id, fqdn, sizeof(fqdn)) != UC_OK) {
		rc = UC_FAIL;
		goto out;
	}
	for (char *w = strtok_r(to, ",", &save); w && nto < MAX_RCPT; w = strtok_r(NULL, ",", &save))
		rcpt[nto++] = w;
	snprintf(from, sizeof(from), "ucsh@%s", fqdn);
	snprintf(subject, sizeof(subject), "[%s] %d certificate%s expiring", fqdn, n, n == 1 ? "" : "s");
	struct mail m = {smtp, from, rcpt, nto, subject, body};
	if (mail_send(&m, err, sizeof(err)) != 0)
		rc = out_error(o, UC_FAIL, "%s", err);
	else
		out_msg(o, "Mail sent to %d recipient%s through %s.", nto, nto == 1 ? "" : "s", smtp);
out:
	node_identity_free(&id);
	free(to);
	free(smtp);
	return rc;
}

static int run_monitor(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {
	    {"kind", "Kind", OT_STR},		{"unit", "Unit", OT_STR},
	    {"name", "Name", OT_STR},		{"subject_cn", "Subject CN", OT_STR},
	    {"not_after", "Not after", OT_STR}, {"days_left", "Days left", OT_INT}};
	long start = setting_int(s->store, "monitor", "start");
	char *email = get(s, "email");
	struct expiring e = {o, STRBUF_INIT, time(NULL), 0};
	long long before = (long long)e.now + start * 86400;
	int rc = UC_OK;

	strbuf_addf(&e.mail, "Certificates expiring within %ld days:\n\n", start);
	out_table_begin(o, "expiring", cols, 6);
	if (store_cert_each(s->store, "own", NULL, before, false, report_row, &e) != STORE_OK ||
	    store_cert_each(s->store, "trust", NULL, before, false, report_row, &e) != STORE_OK) {
		rc = out_error(o, UC_FAIL, "Cannot read certificates: %s", store_errmsg(s->store));
		goto out;
	}
	out_table_end(o, NULL);
	out_msg(o, "%d certificate%s expire%s within %ld days.", e.n, e.n == 1 ? "" : "s",
		e.n == 1 ? "s" : "", start);
	if (e.n && strcmp(email, "enable") == 0)
		rc = send_report(s, o, e.mail.buf, e.n);
out:
	strbuf_release(&e.mail);
	free(email);
	return rc;
}

static bool check_freq(const struct check_in *c, const char *in, struct value *v)
{
	char *end;
	long n = strtol(in, &end, 10);

	if (n >= 1 && ((end[0] == 'h' && n <= 720) || (end[0] == 'd' && n <= 30)) && !end[1])
		return true;
	snprintf(v->err, sizeof(v->err), "hours 1h-720h or days 1d-30d, e.g. 24h");
	return false;
}

static bool is_address(const char *a)
{
	const char *at = strchr(a, '@');

	if (!at || at == a || strchr(at + 1, '@') || !name_is_domain(at + 1))
		return false;
	for (const char *p = a; p < at; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".!#$%&'*+/=?^_`{|}~-", *p))
			return false;
	return true;
}

static bool check_addrs(const struct check_in *c, const char *in, struct value *v)
{
	char *copy = strdup(in), *save = NULL;
	int n = 0;
	bool ok = copy != NULL;

	for (char *w = copy ? strtok_r(copy, ",", &save) : NULL; w && ok; w = strtok_r(NULL, ",", &save))
		ok = is_address(w) && ++n <= MAX_RCPT;
	free(copy);
	if (!ok || !n)
		snprintf(v->err, sizeof(v->err), "e-mail addresses separated by ',' (at most %d)", MAX_RCPT);
	return ok && n;
}

static bool check_server(const struct check_in *c, const char *in, struct value *v)
{
	char host[256], buf[64];
	const char *colon = strrchr(in, ':');
	long port = 25;

	snprintf(host, sizeof(host), "%.*s", colon ? (int)(colon - in) : (int)strlen(in), in);
	if (colon) {
		char *end;
		port = strtol(colon + 1, &end, 10);
		if (*end || port < 1 || port > 65535)
			port = 0;
	}
	if (port && (name_is_domain(host) || name_is_address(host, buf, sizeof(buf))))
		return true;
	snprintf(v->err, sizeof(v->err), "HOST or HOST:PORT of an SMTP server, e.g. mail.example.com:587");
	return false;
}

static const struct type_def freq_type = {
    .name = "FREQ", .help = "how often: 1h-720h or 1d-30d", .check = check_freq};
static const struct type_def addrs_type = {
    .name = "ADDRS", .help = "e-mail addresses separated by ','", .check = check_addrs};
static const struct type_def server_type = {
    .name = "SERVER", .help = "SMTP server: HOST or HOST:PORT", .check = check_server};
static const struct type_def *const monitor_types[] = {&freq_type, &addrs_type, &server_type, NULL};

static const struct cmd_def monitor_cmds[] = {
    {"show cert monitor", show_monitor, PRIV_READ, 0, "Certificate expiry monitor settings", NULL, NULL},
    {"set cert monitor [start INT(1-365)] [frequency FREQ] [email {enable|disable}$email] [to ADDRS] [smtp "
     "SERVER]",
     set_monitor, PRIV_OPER, CMD_WRITE, "Configure the certificate expiry monitor",
     "set cert monitor start 60 email enable to pki@example.com smtp mail.example.com", monitor_bind},
    {"utils cert monitor run", run_monitor, PRIV_OPER, 0,
     "Check now: list certificates expiring within the window and mail them when enabled",
     "utils cert monitor run", NULL},
};

const struct cmd_family monitor_family = CMD_FAMILY("monitor", monitor_cmds, NULL, monitor_types);
