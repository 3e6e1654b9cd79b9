/* show config: the presence and web security settings. */
#include <stdio.h>
#include <string.h>

#include "commands/config.h"
#include "commands/families.h"
#include "svc/banner.h"
#include "svc/secmode.h"
#include "svc/sso.h"
#include "svc/tlsctx.h"
#include "svc/xmpp.h"

static const char *const xmpp_words[] = {"client", "router", "web-client"};

static void add_xmpp(struct session *s, struct strbuf *sb)
{
	strbuf_adds(sb, "\n# XMPP secure modes\n");
	for (int m = 0; m < XMPP_NMODES; m++)
		config_line(sb, "set xmpp security",
			    (const char *const[]){xmpp_words[m], core_xmpp_on(&s->core, (enum xmpp_mode)m)
								     ? "enable"
								     : "disable"},
			    2);
}

static int add_subject(const struct tls_subject_row *r, void *arg)
{
	if (r->description)
		config_line(arg, "tls peer-subject add",
			    (const char *const[]){r->cn, "description", r->description}, 3);
	else
		config_line(arg, "tls peer-subject add", (const char *const[]){r->cn}, 1);
	return 0;
}

struct ctx_walk {
	struct session *s;
	struct strbuf *sb;
	const char *name;
	int failed;
};

static int add_cipher(const char *cipher, void *arg)
{
	struct ctx_walk *w = arg;

	config_line(w->sb, "tls context cipher add", (const char *const[]){w->name, cipher}, 2);
	return 0;
}

static int add_peer(const char *cn, void *arg)
{
	struct ctx_walk *w = arg;

	config_line(w->sb, "tls context peer add", (const char *const[]){w->name, cn}, 2);
	return 0;
}

/* Replayed onto a node whose context has other ciphers, the adds append:
 * the context's order is kept for the ciphers it adds. */
static int add_context(const struct tls_context_row *r, void *arg)
{
	struct ctx_walk *w = arg;
	struct err e;

	w->name = r->name;
	if (core_tls_context_ciphers(&w->s->core, r->name, add_cipher, w, &e) != 0 ||
	    core_tls_context_peers(&w->s->core, r->name, add_peer, w, &e) != 0)
		w->failed = 1;
	config_line(w->sb, "tls context empty-fragments",
		    (const char *const[]){r->name, r->empty_fragments ? "enable" : "disable"}, 2);
	return w->failed;
}

static int add_tls(struct session *s, struct out *o, struct strbuf *sb)
{
	struct ctx_walk w = {s, sb, NULL, 0};
	struct err e;

	strbuf_adds(sb, "\n# TLS peer subjects and contexts\n");
	if (core_tls_subject_each(&s->core, add_subject, sb, &e) != 0 ||
	    core_tls_context_each(&s->core, add_context, &w, &e) != 0)
		return cmd_fail(o, &e);
	return w.failed ? out_error(o, UC_FAIL, "Cannot read the TLS contexts") : UC_OK;
}

static void add_comments(struct session *s, struct strbuf *sb)
{
	struct secmode_state st;
	struct banner b;
	struct sso_config cfg;
	struct err e;

	if (core_banner_get(&s->core, &b, &e) == 0) {
		strbuf_addf(sb, "\n# Login banner: %s (set banner FILE).\n",
			    b.text ? "set; its text is in the deploy directory's banner.txt" : "none");
		config_line(sb, "set banner acknowledge", (const char *const[]){b.acknowledge ? "on" : "off"},
			    1);
		banner_free(&b);
	}
	if (core_secmode_state(&s->core, &st, &e) == 0)
		strbuf_addf(sb,
			    "\n# Security modes (each asks for confirmation): FIPS %s, Enhanced Security %s, "
			    "Common Criteria %s;\n# TLS minimum version %s (set tls min-version %s).\n",
			    st.fips ? "enabled" : "disabled", st.esm ? "enabled" : "disabled",
			    st.cc ? "enabled" : "disabled", st.tls_min, st.tls_min);
	if (core_sso_get(&s->core, &cfg, &e) == 0) {
		if (*cfg.url)
			strbuf_addf(
			    sb,
			    "\n# Single sign-on (%s; the profile password is never written here):\n"
			    "# set sso openam url %s path %s profile %s login-module %s password-file FILE\n",
			    cfg.enabled ? "enabled" : "disabled", cfg.url, cfg.path, cfg.profile,
			    cfg.login_module);
		sso_config_free(&cfg);
	}
}

int config_security(struct session *s, struct out *o, struct strbuf *sb)
{
	int rc;

	add_xmpp(s, sb);
	if ((rc = add_tls(s, o, sb)) != UC_OK)
		return rc;
	add_comments(s, sb);
	return UC_OK;
}
