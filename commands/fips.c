/* FIPS, Enhanced Security and Common Criteria modes, and the TLS minimum
 * version (COMMANDS.md "Presence security, TLS, FIPS"). The rules are
 * svc/cryptopolicy.c's; svc/secmode.c plans and applies a change. */
#include <stdio.h>
#include <string.h>

#include "commands/families.h"
#include "commands/notices.h"
#include "commands/session.h"
#include "svc/preview.h"
#include "svc/secmode.h"
#include "util/strbuf.h"

static void findings_table(struct out *o, const struct secmode_plan *p, const char *empty)
{
	static const struct out_col cols[] = {{"what", "Kind", OT_STR},
					      {"name", "Name", OT_STR},
					      {"action", "Action", OT_STR},
					      {"reason", "Reason", OT_STR}};

	out_table_begin(o, "findings", cols, 4);
	for (int i = 0; i < p->n; i++)
		out_row(o,
			(const char *const[]){p->v[i].what, p->v[i].name,
					      p->v[i].regenerate ? "regenerated" : "flagged", p->v[i].why});
	out_table_end(o, empty);
}

static int set_mode(struct session *s, struct out *o, enum secmode m, bool on)
{
	struct secmode_plan p = {0};
	struct regen_result res;
	struct err e;
	int rc = core_secmode_set(&s->core, m, on, &p, &res, &e);

	if (rc != 0 && !s->core.committed) {
		strbuf_release(&res.restart);
		secmode_plan_free(&p);
		return cmd_fail(o, &e);
	}
	out_msg(o, "%s %s.", secmode_name(m), on ? "enabled" : "disabled");
	if (p.fips != p.was_fips && m != SECMODE_FIPS)
		out_msg(o, "FIPS mode %s too.", p.fips ? "enabled" : "disabled");
	if (p.tls_raised)
		out_msg(o, "TLS minimum version raised to %s.", p.tls_min);
	if (p.n)
		findings_table(o, &p, NULL);
	for (int i = 0; i < p.n; i++)
		if (!p.v[i].regenerate) {
			out_warn(
			    o,
			    "Flagged items break the policy: replace or delete them (utils fips status lists "
			    "them).");
			break;
		}
	const char *unit = "regenerated";
	for (int i = 0; i < p.n; i++)
		if (p.v[i].regenerate) {
			unit = p.v[i].name;
			break;
		}
	notice_change(o, &res.restart, res.ctl_stale, unit);
	out_msg(o, "The node must restart for the change to take effect: utils system restart.");
	strbuf_release(&res.restart);
	secmode_plan_free(&p);
	return rc == 0 ? UC_OK : cmd_fail(o, &e);
}

static int status(struct session *s, struct out *o, bool findings)
{
	struct secmode_state st;
	struct secmode_plan p;
	struct err e;

	if (core_secmode_state(&s->core, &st, &e) != 0)
		return cmd_fail(o, &e);
	out_kv_begin(o, NULL);
	out_kv(o, "fips", "FIPS mode", st.fips ? "enabled" : "disabled");
	out_kv(o, "enhanced_security", "Enhanced Security Mode", st.esm ? "enabled" : "disabled");
	out_kv(o, "common_criteria", "Common Criteria mode", st.cc ? "enabled" : "disabled");
	out_kv(o, "tls_min_version", "TLS minimum version", st.tls_min);
	/* Never more than is true: without a provider nothing is validated. */
	out_kv(o, "crypto_module", "Crypto module",
	       st.provider ? st.provider_desc : "OpenSSL default provider (not FIPS-validated)");
	out_kv(o, "enforcement", "Policy enforcement",
	       !st.fips	     ? "permissive (FIPS mode is off)"
	       : st.provider ? "by ucsh, on the FIPS provider only"
			     : "by ucsh, on a crypto module that is not FIPS-validated");
	if (!st.provider)
		out_kv(o, "provider", "FIPS provider", st.provider_desc);
	out_kv(o, "restart_pending", "Node restart pending", *st.restart_pending ? st.restart_pending : "no");
	out_kv_end(o);
	if (!findings || !(st.fips || st.cc))
		return UC_OK;
	if (core_secmode_findings(&s->core, &p, &e) != 0)
		return cmd_fail(o, &e);
	findings_table(o, &p, "Nothing on this node breaks the policy.");
	secmode_plan_free(&p);
	return UC_OK;
}

#define MODE_HANDLERS(var, mode)                                                                             \
	static int var##_enable(struct session *s, const void *args, struct out *o)                          \
	{                                                                                                    \
		return set_mode(s, o, mode, true);                                                           \
	}                                                                                                    \
	static int var##_disable(struct session *s, const void *args, struct out *o)                         \
	{                                                                                                    \
		return set_mode(s, o, mode, false);                                                          \
	}                                                                                                    \
	static void var##_explain_on(struct session *s, const void *args, struct strbuf *out)                \
	{                                                                                                    \
		preview_secmode(&s->core, mode, true, out);                                                  \
	}                                                                                                    \
	static void var##_explain_off(struct session *s, const void *args, struct strbuf *out)               \
	{                                                                                                    \
		preview_secmode(&s->core, mode, false, out);                                                 \
	}

MODE_HANDLERS(fips, SECMODE_FIPS)
MODE_HANDLERS(esm, SECMODE_ESM)
MODE_HANDLERS(cc, SECMODE_CC)

static int fips_status(struct session *s, const void *args, struct out *o)
{
	return status(s, o, true);
}

struct tls_args {
	const char *version;
};

static const struct arg_bind tls_bind[] = {BIND(struct tls_args, version), BIND_END(struct tls_args)};

static int tls_min_set(struct session *s, const void *args, struct out *o)
{
	const struct tls_args *a = args;
	struct err e;

	if (core_tls_min_set(&s->core, a->version, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o,
		"TLS minimum version set to %s; the node must restart for it to take effect: utils system "
		"restart.",
		a->version);
	return UC_OK;
}

static int tls_min_show(struct session *s, const void *args, struct out *o)
{
	struct secmode_state st;
	struct err e;

	if (core_secmode_state(&s->core, &st, &e) != 0)
		return cmd_fail(o, &e);
	out_kv_begin(o, NULL);
	out_kv(o, "tls_min_version", "TLS minimum version", st.tls_min);
	out_kv_end(o);
	return UC_OK;
}

static void explain_tls(struct session *s, const void *args, struct strbuf *out)
{
	const struct tls_args *a = args;

	preview_tls_min(&s->core, a->version, out);
}

#define MODE_ROWS(word, var, label)                                                                          \
	{"utils " word " enable",                                                                            \
	 var##_enable,                                                                                       \
	 PRIV_ADMIN,                                                                                         \
	 CMD_PREPARED | CMD_CONFIRM,                                                                         \
	 "Enable " label "; what breaks its policy is regenerated or flagged",                               \
	 "utils " word " enable",                                                                            \
	 NULL,                                                                                               \
	 var##_explain_on},                                                                                  \
	    {"utils " word " disable",                                                                       \
	     var##_disable,                                                                                  \
	     PRIV_ADMIN,                                                                                     \
	     CMD_PREPARED | CMD_CONFIRM,                                                                     \
	     "Disable " label "; no certificate changes",                                                    \
	     "utils " word " disable",                                                                       \
	     NULL,                                                                                           \
	     var##_explain_off},                                                                             \
	{                                                                                                    \
		"utils " word " status", fips_status, PRIV_ADMIN, 0,                                         \
		    "The security modes, the crypto module, and what breaks the policy in force",            \
		    "utils " word " status", NULL, NULL                                                      \
	}

static const struct cmd_def fips_cmds[] = {
    MODE_ROWS("fips", fips, "FIPS mode"),
    MODE_ROWS("EnhancedSecurityMode", esm, "Enhanced Security Mode (needs FIPS mode)"),
    MODE_ROWS("fips_common_criteria", cc, "Common Criteria mode (needs FIPS mode, TLS 1.1 or higher)"),
    {"set tls min-version {1.0|1.1|1.2|1.3}$version", tls_min_set, PRIV_ADMIN, CMD_WRITE | CMD_CONFIRM,
     "The lowest TLS version this node's TLS servers accept (Common Criteria: 1.1 or higher)",
     "set tls min-version 1.2", tls_bind, explain_tls},
    {"show tls min-version", tls_min_show, PRIV_READ, 0, "The lowest TLS version this node accepts",
     "show tls min-version", NULL, NULL},
};

static const struct kw_help fips_kw[] = {
    {"utils fips", "FIPS mode: enable, disable, status"},
    {"utils EnhancedSecurityMode", "Enhanced Security Mode: enable, disable, status"},
    {"utils fips_common_criteria", "Common Criteria mode: enable, disable, status"},
    {"set tls", "TLS settings of this node"},
    {"show tls", "TLS settings of this node"},
    {NULL, NULL},
};

const struct cmd_family fips_family = CMD_FAMILY("fips", fips_cmds, fips_kw, NULL);
