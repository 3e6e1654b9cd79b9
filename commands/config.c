/* show config: the node's settings as a batch file that `ucsh -f` replays.
 * No keys, secrets or certificates; the node's identity and its accounts
 * are comments, since replaying them onto another node would clone a name
 * or depend on its OS users. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands/config.h"
#include "commands/families.h"
#include "commands/identity.h"
#include "commands/session.h"
#include "svc/accounts.h"
#include "svc/ipsec.h"
#include "svc/node.h"
#include "svc/services.h"
#include "svc/settings.h"
#include "util/strbuf.h"
#include "util/timefmt.h"

/* One word as the lexer reads it back: bare when it is plain, else in
 * double quotes with '"' and '\' escaped. */
static void add_word(struct strbuf *sb, const char *w)
{
	bool plain = *w != '\0';

	for (const char *p = w; *p && plain; p++)
		plain = !strchr(" \t\"'\\|#?", *p);
	strbuf_addc(sb, ' ');
	if (plain) {
		strbuf_adds(sb, w);
		return;
	}
	strbuf_addc(sb, '"');
	for (const char *p = w; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addc(sb, '\\');
		strbuf_addc(sb, *p);
	}
	strbuf_addc(sb, '"');
}

void config_line(struct strbuf *sb, const char *prefix, const char *const *words, int n)
{
	strbuf_adds(sb, prefix);
	for (int i = 0; i < n; i++)
		add_word(sb, words[i]);
	strbuf_addc(sb, '\n');
}

static int add_identity(struct session *s, struct out *o, struct strbuf *sb)
{
	struct node_identity id = {0};
	struct web_security ws = {0};
	char fqdn[320];
	struct err e;

	if (identity_load(s, o, &id, fqdn, sizeof(fqdn)) != UC_OK)
		return UC_FAIL;
	strbuf_adds(sb, "# The node's identity, not replayed (another node keeps its own):\n");
	config_line(sb, "# set network hostname", (const char *const[]){id.hostname}, 1);
	config_line(sb, "# set network domain", (const char *const[]){id.domain}, 1);
	config_line(sb, "# set network ip", (const char *const[]){id.ip}, 1);
	node_identity_free(&id);
	if (core_subject(&s->core, &ws, &e) != 0)
		return cmd_fail(o, &e);
	const char *w[] = {ws.orgunit, ws.orgname, ws.locality, ws.state, ws.country, ws.althost};
	strbuf_adds(sb, "\n# Subject fields of certificates and CSRs\n");
	config_line(sb, "set web-security", w, ws.althost ? 6 : 5);
	web_security_free(&ws);
	return UC_OK;
}

static int add_settings(struct session *s, struct out *o, struct strbuf *sb)
{
	const char *scope = NULL;

	for (size_t i = 0; i < nsettings; i++) {
		const struct setting_def *p = &settings[i];
		if (p->internal || p->read_only)
			continue;
		char *v = setting_text(&s->core, p->scope, p->id);
		if (!v)
			return out_error(o, UC_FAIL, "Cannot read %s: %s", p->id, store_errmsg(s->store));
		if (!scope || strcmp(scope, p->scope) != 0)
			strbuf_addf(sb, "\n# Parameters: %s\n", p->scope);
		scope = p->scope;
		if (strcmp(p->scope, "enterprise") == 0)
			config_line(sb, "set param enterprise", (const char *const[]){p->id, v}, 2);
		else
			config_line(sb, "set param service", (const char *const[]){p->scope, p->id, v}, 3);
		free(v);
	}
	return UC_OK;
}

static int add_services(struct session *s, struct out *o, struct strbuf *sb)
{
	strbuf_adds(sb, "\n# Services\n");
	for (size_t i = 0; i < nservices; i++) {
		bool on, pending;
		if (service_state_of(s->store, &services[i], &on, &pending, NULL) != STORE_OK)
			return out_error(o, UC_FAIL, "Cannot read services: %s", store_errmsg(s->store));
		strbuf_addf(sb, "utils service %s %s\n", on ? "activate" : "deactivate", services[i].id);
	}
	return UC_OK;
}

/* The expiry monitor and the CLI, through their own commands. */
static void add_monitor_cli(struct session *s, struct strbuf *sb)
{
	static const char *const ids[] = {"start", "frequency", "email", "to", "smtp"};
	const char *w[10];
	char *v[5];
	int n = 0;

	for (int i = 0; i < 5; i++) {
		v[i] = setting_text(&s->core, "monitor", ids[i]);
		if (v[i] && *v[i]) {
			w[n++] = ids[i];
			w[n++] = v[i];
		}
	}
	strbuf_adds(sb, "\n# Certificate expiry monitor\n");
	config_line(sb, "set cert monitor", w, n);
	for (int i = 0; i < 5; i++)
		free(v[i]);
	char *t = setting_text(&s->core, "cli", "session-timeout");
	strbuf_addf(sb, "\n# Interactive sessions\nset cli session timeout %s\n", t ? t : "30");
	free(t);
}

/* Every field, so that a replay on a node with other defaults gives the same policy. */
static int add_policy(const struct ipsec_row *r, void *arg)
{
	struct strbuf *sb = arg;
	char psk_file[120], num[7][24];
	const long long nums[] = {r->remote_port, r->p1_lifetime, r->p1_dh,   r->p2_lifetime,
				  r->p2_dh,	  r->src_port,	  r->dst_port};
	const char *w[48];
	int k = 0;

	for (int i = 0; i < 7; i++)
		snprintf(num[i], sizeof(num[i]), "%lld", nums[i]);
	snprintf(psk_file, sizeof(psk_file), "%s_%s.psk", r->grp, r->name);
	const char *fields[] = {
	    r->grp,	  r->name,	 "src",	       r->src,	      "dst",  r->dst,	  "auth",
	    r->auth,	  "peer-type",	 r->peer_type, "remote-port", num[0], "protocol", r->protocol,
	    "encryption", r->encryption, "hash",       r->hash,	      "esp",  r->esp,	  "p1-lifetime",
	    num[1],	  "p1-dh",	 num[2],       "p2-lifetime", num[3], "p2-dh",	  num[4]};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		w[k++] = fields[i];
	if (strcmp(r->protocol, "any") != 0) {
		w[k++] = "src-port";
		w[k++] = num[5];
		w[k++] = "dst-port";
		w[k++] = num[6];
	}
	if (r->cert) {
		w[k++] = "cert";
		w[k++] = r->cert;
	}
	/* Never the key: the file it is to be read from. */
	if (strcmp(r->auth, "psk") == 0) {
		w[k++] = "psk-file";
		w[k++] = psk_file;
	}
	if (r->enabled)
		w[k++] = "enable";
	config_line(sb, "ipsec policy add", w, k);
	return 0;
}

static int add_ipsec(struct session *s, struct out *o, struct strbuf *sb)
{
	struct err e;

	strbuf_adds(sb,
		    "\n# IPsec policies. A pre-shared key is never written here: put each in the file area\n"
		    "# as GROUP_NAME.psk before replaying; a peer certificate (cert NAME) must be in\n"
		    "# ipsec-trust first.\n");
	return core_ipsec_each(&s->core, NULL, add_policy, sb, &e) == 0 ? UC_OK : cmd_fail(o, &e);
}

static int add_accounts(struct session *s, struct out *o, struct strbuf *sb)
{
	struct account_row *rows;
	struct err e;
	int n;

	if (core_accounts(&s->core, &rows, &n, &e) != 0)
		return cmd_fail(o, &e);
	strbuf_adds(sb, "\n# Accounts, not replayed (they belong to this node's OS users):\n");
	for (int i = 0; i < n; i++) {
		char level[4];
		snprintf(level, sizeof(level), "%d", rows[i].level);
		config_line(sb, "# set account name", (const char *const[]){rows[i].name, "level", level}, 3);
	}
	account_rows_free(rows, n);
	return UC_OK;
}

static int show_config(struct session *s, const void *args, struct out *o)
{
	struct strbuf sb = STRBUF_INIT;
	char now[32];
	long mode = setting_int(&s->core, "enterprise", "cluster-security-mode");
	int rc;

	time_iso(time(NULL), now, sizeof(now));
	strbuf_addf(&sb,
		    "# ucsh configuration, written %s. Replay with: ucsh -f FILE\n"
		    "# No keys, secrets or certificates are included.\n",
		    now);
	if ((rc = add_identity(s, o, &sb)) == UC_OK && (rc = add_settings(s, o, &sb)) == UC_OK &&
	    (rc = add_services(s, o, &sb)) == UC_OK) {
		add_monitor_cli(s, &sb);
		if ((rc = add_ipsec(s, o, &sb)) == UC_OK && (rc = config_security(s, o, &sb)) == UC_OK)
			rc = add_accounts(s, o, &sb);
	}
	if (rc == UC_OK) {
		strbuf_addf(&sb,
			    "\n# Cluster security mode %ld: set by utils ctl set-cluster %s (asks for "
			    "confirmation)\n",
			    mode, mode == 1 ? "mixed-mode" : "non-secure-mode");
		out_content(o, "config", sb.buf);
	}
	strbuf_release(&sb);
	return rc;
}

static const struct cmd_def config_cmds[] = {
    {"show config", show_config, PRIV_ADMIN, 0,
     "The node's settings as a batch file ucsh -f replays (no keys, secrets or certificates)", NULL, NULL,
     NULL},
};

const struct cmd_family config_family = CMD_FAMILY("config", config_cmds, NULL, NULL);
