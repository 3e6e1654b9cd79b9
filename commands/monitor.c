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
#include "svc/monitor.h"
#include "svc/settings.h"
#include "util/strbuf.h"
#include "util/timefmt.h"

#define MAX_RCPT 16

/* Its settings, in the order they are shown (svc/settings.c has them). */
static const char *const monitor_ids[] = {"start", "frequency", "email", "to", "smtp"};
#define NMONITOR (sizeof(monitor_ids) / sizeof(monitor_ids[0]))

static char *get(struct session *s, const char *id)
{
	return setting_text(&s->core, "monitor", id);
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
		if (setting_set(&s->core, "monitor", monitor_ids[i], values[i], &e) != 0)
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

static void report_row(const struct cert_row *r, long long days_left, void *ctx)
{
	char after[16], days[24];

	time_date(r->not_after, after, sizeof(after));
	snprintf(days, sizeof(days), "%lld", days_left);
	const char *cells[] = {r->kind, r->unit, r->name, r->subject_cn, after, days};
	out_row(ctx, cells);
}

struct run_args {
	bool force;
};

static const struct arg_bind run_bind[] = {BIND(struct run_args, force), BIND_END(struct run_args)};

static int run_monitor(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {
	    {"kind", "Kind", OT_STR},		{"unit", "Unit", OT_STR},
	    {"name", "Name", OT_STR},		{"subject_cn", "Subject CN", OT_STR},
	    {"not_after", "Not after", OT_STR}, {"days_left", "Days left", OT_INT}};
	const struct run_args *a = args;
	struct monitor_report rep;
	struct monitor_mail m;
	struct err e;
	int rc = UC_OK;

	out_table_begin(o, "expiring", cols, 6);
	if (core_monitor_check(&s->core, report_row, o, &rep, &e) != 0) {
		rc = cmd_fail(o, &e);
		goto out;
	}
	out_table_end(o, NULL);
	out_msg(o, "%d certificate%s expire%s within %ld days.", rep.n, rep.n == 1 ? "" : "s",
		rep.n == 1 ? "s" : "", rep.window);
	if (core_monitor_mail(&s->core, &rep, a->force, &m, &e) != 0) {
		rc = cmd_fail(o, &e);
	} else if (m.sent) {
		out_msg(o, "Mail sent to %d recipient%s through %s.", m.nrcpt, m.nrcpt == 1 ? "" : "s",
			m.server);
	} else if (m.not_due) {
		char last[32], due[32];
		time_iso(m.last, last, sizeof(last));
		time_iso(m.due, due, sizeof(due));
		out_msg(o,
			"Not mailed: the last mail went out at %s and the frequency allows the next after %s "
			"(utils cert monitor run force mails now).",
			last, due);
	}
out:
	strbuf_release(&rep.mail);
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
    {"show cert monitor", show_monitor, PRIV_READ, 0, "Certificate expiry monitor settings", NULL, NULL,
     NULL},
    {"set cert monitor [start INT(1-365)] [frequency FREQ] [email {enable|disable}$email] [to ADDRS] [smtp "
     "SERVER]",
     set_monitor, PRIV_OPER, CMD_WRITE, "Configure the certificate expiry monitor",
     "set cert monitor start 60 email enable to pki@example.com smtp mail.example.com", monitor_bind, NULL},
    {"utils cert monitor run [force]", run_monitor, PRIV_OPER, CMD_PREPARED,
     "Check now: list certificates expiring within the window and mail them when enabled and the last "
     "mail is older than the frequency (force: mail regardless)",
     "utils cert monitor run", run_bind, NULL},
};

const struct cmd_family monitor_family = CMD_FAMILY("monitor", monitor_cmds, NULL, monitor_types);
