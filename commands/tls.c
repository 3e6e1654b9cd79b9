/* TLS peer subjects and TLS contexts (COMMANDS.md "Presence security, TLS,
 * FIPS"): the SIP proxy's peer authentication. Changes mark Cisco SIP
 * Proxy for restart; each context is rendered to DEPLOY/tls/NAME/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/families.h"
#include "commands/session.h"
#include "svc/tlsciphers.h"
#include "svc/tlsctx.h"
#include "util/strbuf.h"
#include "util/strlist.h"

struct tls_args {
	const char *peer_cn;
	const char *description;
	const char *tls_context;
	const char *tls_cipher;
	const char *state;
};

static const struct arg_bind subject_bind[] = {BIND(struct tls_args, peer_cn),
					       BIND(struct tls_args, description), BIND_END(struct tls_args)};
static const struct arg_bind cn_bind[] = {BIND(struct tls_args, peer_cn), BIND_END(struct tls_args)};
static const struct arg_bind context_bind[] = {BIND(struct tls_args, tls_context), BIND_END(struct tls_args)};
static const struct arg_bind cipher_bind[] = {BIND(struct tls_args, tls_context),
					      BIND(struct tls_args, tls_cipher), BIND_END(struct tls_args)};
static const struct arg_bind peer_bind[] = {BIND(struct tls_args, tls_context),
					    BIND(struct tls_args, peer_cn), BIND_END(struct tls_args)};
static const struct arg_bind fragments_bind[] = {BIND(struct tls_args, tls_context),
						 BIND(struct tls_args, state), BIND_END(struct tls_args)};

static int report(struct out *o, const struct tls_change *r, const char *done, const char *unchanged)
{
	out_msg(o, "%s", r->changed ? done : unchanged);
	if (*r->warning)
		out_warn(o, "%s", r->warning);
	if (r->restart)
		out_msg(o, "Restart to use it: Cisco SIP Proxy (utils service restart sip-proxy).");
	return UC_OK;
}

static int subject_add(struct session *s, const void *args, struct out *o)
{
	const struct tls_args *a = args;
	struct tls_change r;
	struct err e;
	char done[200], same[200];

	if (core_tls_subject_add(&s->core, a->peer_cn, a->description, &r, &e) != 0)
		return cmd_fail(o, &e);
	snprintf(done, sizeof(done), "TLS peer subject %s added.", a->peer_cn);
	snprintf(same, sizeof(same), "%s is a TLS peer subject already.", a->peer_cn);
	return report(o, &r, done, same);
}

static int subject_delete(struct session *s, const void *args, struct out *o)
{
	const struct tls_args *a = args;
	struct tls_change r;
	struct err e;
	char done[300];

	if (core_tls_subject_delete(&s->core, a->peer_cn, &r, &e) != 0)
		return cmd_fail(o, &e);
	snprintf(done, sizeof(done), "TLS peer subject %s deleted%s.", a->peer_cn,
		 r.contexts ? " and taken out of the contexts that listed it" : "");
	return report(o, &r, done, done);
}

static int subject_row(const struct tls_subject_row *r, void *arg)
{
	out_row(arg, (const char *const[]){r->cn, r->description ? r->description : "",
					   r->automatic ? "trust import" : "administrator", r->created});
	return 0;
}

static int subject_list(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {{"cn", "Subject CN", OT_STR},
					      {"description", "Description", OT_STR},
					      {"added_by", "Added by", OT_STR},
					      {"created", "Created", OT_STR}};
	struct err e;

	out_table_begin(o, "peer_subjects", cols, 4);
	if (core_tls_subject_each(&s->core, subject_row, o, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No TLS peer subjects.");
	return UC_OK;
}

static int context_row(const struct tls_context_row *r, void *arg)
{
	char ciphers[16], peers[16];

	snprintf(ciphers, sizeof(ciphers), "%d", r->nciphers);
	snprintf(peers, sizeof(peers), "%d", r->npeers);
	out_row(arg,
		(const char *const[]){r->name, ciphers, peers, r->empty_fragments ? "enabled" : "disabled"});
	return 0;
}

static int context_list(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {{"name", "Context", OT_STR},
					      {"ciphers", "Ciphers", OT_INT},
					      {"peers", "Peers", OT_INT},
					      {"empty_fragments", "Empty fragments", OT_STR}};
	struct err e;

	out_table_begin(o, "contexts", cols, 4);
	if (core_tls_context_each(&s->core, context_row, o, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No TLS contexts.");
	return UC_OK;
}

static int join(const char *text, void *arg)
{
	struct strbuf *b = arg;

	strbuf_addf(b, "%s%s", b->len ? ", " : "", text);
	return 0;
}

static int context_show(struct session *s, const void *args, struct out *o)
{
	const struct tls_args *a = args;
	struct tls_context_row row;
	struct strbuf ciphers = STRBUF_INIT, peers = STRBUF_INIT, ossl = STRBUF_INIT, skipped = STRBUF_INIT;
	struct err e;
	int rc = UC_OK;

	if (core_tls_context_get(&s->core, a->tls_context, &row, &e) != 0)
		return cmd_fail(o, &e);
	if (core_tls_context_ciphers(&s->core, a->tls_context, join, &ciphers, &e) != 0 ||
	    core_tls_context_peers(&s->core, a->tls_context, join, &peers, &e) != 0 ||
	    core_tls_cipher_string(&s->core, a->tls_context, &ossl, &skipped, &e) != 0) {
		rc = cmd_fail(o, &e);
		goto out;
	}
	out_kv_begin(o, NULL);
	out_kv(o, "name", "Context", row.name);
	out_kv(o, "ciphers", "Ciphers (IANA)", ciphers.len ? ciphers.buf : "none");
	out_kv(o, "openssl_ciphers", "Rendered cipher list", ossl.len ? ossl.buf : "none (TLS 1.3 only)");
	out_kv(o, "left_out", "Not offered by this OpenSSL", skipped.len ? skipped.buf : "none");
	out_kv(o, "peers", "Peer subjects", peers.len ? peers.buf : "none");
	out_kv(o, "empty_fragments", "Empty fragments", row.empty_fragments ? "enabled" : "disabled");
	out_kv(o, "updated", "Updated", row.updated);
	out_kv_end(o);
out:
	strbuf_release(&ciphers);
	strbuf_release(&peers);
	strbuf_release(&ossl);
	strbuf_release(&skipped);
	tls_context_row_free(&row);
	return rc;
}

static int cipher_change(struct session *s, const struct tls_args *a, struct out *o, bool add)
{
	struct tls_change r;
	struct err e;
	char done[300], same[300];

	if (core_tls_cipher(&s->core, a->tls_context, a->tls_cipher, add, &r, &e) != 0)
		return cmd_fail(o, &e);
	snprintf(done, sizeof(done), "%s %s %s.", a->tls_cipher, add ? "added to" : "removed from",
		 a->tls_context);
	snprintf(same, sizeof(same), "%s %s %s.", a->tls_cipher, add ? "is in" : "is not in", a->tls_context);
	return report(o, &r, done, same);
}

static int cipher_add(struct session *s, const void *args, struct out *o)
{
	return cipher_change(s, args, o, true);
}

static int cipher_remove(struct session *s, const void *args, struct out *o)
{
	return cipher_change(s, args, o, false);
}

static int peer_change(struct session *s, const struct tls_args *a, struct out *o, bool add)
{
	struct tls_change r;
	struct err e;
	char done[300], same[300];

	if (core_tls_peer(&s->core, a->tls_context, a->peer_cn, add, &r, &e) != 0)
		return cmd_fail(o, &e);
	snprintf(done, sizeof(done), "Peer %s %s %s.", a->peer_cn, add ? "added to" : "removed from",
		 a->tls_context);
	snprintf(same, sizeof(same), "%s %s a peer of %s.", a->peer_cn, add ? "is" : "is not",
		 a->tls_context);
	return report(o, &r, done, same);
}

static int peer_add(struct session *s, const void *args, struct out *o)
{
	return peer_change(s, args, o, true);
}

static int peer_remove(struct session *s, const void *args, struct out *o)
{
	return peer_change(s, args, o, false);
}

static int empty_fragments(struct session *s, const void *args, struct out *o)
{
	const struct tls_args *a = args;
	bool on = strcmp(a->state, "enable") == 0;
	struct tls_change r;
	struct err e;
	char done[300];

	if (core_tls_empty_fragments(&s->core, a->tls_context, on, &r, &e) != 0)
		return cmd_fail(o, &e);
	snprintf(done, sizeof(done), "Empty TLS fragments %s for %s.", on ? "enabled" : "disabled",
		 a->tls_context);
	return report(o, &r, done, done);
}

static void explain_subject_delete(struct session *s, const void *args, struct strbuf *out)
{
	const struct tls_args *a = args;

	strbuf_addf(
	    out,
	    "TLS peer subject %s is deleted and taken out of every TLS context: peers presenting it are "
	    "refused once Cisco SIP Proxy restarts.\n",
	    a->peer_cn);
}

/* ---- types ---- */

static bool check_cn(const struct check_in *c, const char *in, struct value *v)
{
	return tls_cn_valid(in, v->err, sizeof(v->err));
}

static int add_subject(const struct tls_subject_row *r, void *ctx)
{
	strlist_add(ctx, r->cn);
	return 0;
}

static void complete_cn(struct session *s, struct strlist *out)
{
	struct err e;

	core_tls_subject_each(&s->core, add_subject, out, &e);
}

static bool check_context(const struct check_in *c, const char *in, struct value *v)
{
	return *in != 0;
}

static int add_context(const struct tls_context_row *r, void *ctx)
{
	strlist_add(ctx, r->name);
	return 0;
}

static void complete_context(struct session *s, struct strlist *out)
{
	struct err e;

	core_tls_context_each(&s->core, add_context, out, &e);
}

static bool check_cipher(const struct check_in *c, const char *in, struct value *v)
{
	const struct tls_suite *t = tls_suite_find(in);

	if (!t) {
		snprintf(v->err, sizeof(v->err),
			 "a cipher suite's IANA name, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
		return false;
	}
	v->canon = strdup(t->name);
	return true;
}

static void complete_cipher(struct session *s, struct strlist *out)
{
	for (size_t i = 0; i < tls_registry_len; i++)
		if (!tls_suite_is_13(&tls_registry[i]))
			strlist_add(out, tls_registry[i].name);
}

static const struct type_def cn_type = {.name = "PEER_CN",
					.help =
					    "a peer's certificate subject CN (quote it when it has spaces)",
					.check = check_cn,
					.complete = complete_cn};
static const struct type_def context_type = {.name = "TLS_CONTEXT",
					     .help = "a TLS context (tls context list)",
					     .check = check_context,
					     .complete = complete_context};
static const struct type_def cipher_type = {.name = "TLS_CIPHER",
					    .help = "a cipher suite by its IANA name (TLS 1.2 and below)",
					    .check = check_cipher,
					    .complete = complete_cipher};

static const struct type_def *const tls_types[] = {&cn_type, &context_type, &cipher_type, NULL};

static const struct cmd_def tls_cmds[] = {
    {"tls peer-subject add PEER_CN [description TEXT]", subject_add, PRIV_OPER, CMD_WRITE,
     "A TLS peer subject: the CN a peer's certificate must carry", "tls peer-subject add ocs.example.com",
     subject_bind, NULL},
    {"tls peer-subject delete PEER_CN", subject_delete, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Delete a TLS peer subject (also from every context)", "tls peer-subject delete ocs.example.com",
     cn_bind, explain_subject_delete},
    {"tls peer-subject list", subject_list, PRIV_READ, 0, "The TLS peer subjects", "tls peer-subject list",
     NULL, NULL},
    {"tls context list", context_list, PRIV_READ, 0, "The TLS contexts", "tls context list", NULL, NULL},
    {"tls context show TLS_CONTEXT", context_show, PRIV_READ, 0,
     "A context's ciphers, the cipher list it renders, its peers",
     "tls context show Default_Cisco_UPS_SIP_Proxy_Peer_Auth_TLS_Context", context_bind, NULL},
    {"tls context cipher add TLS_CONTEXT TLS_CIPHER", cipher_add, PRIV_OPER, CMD_WRITE,
     "Offer a cipher suite (IANA name) in a context",
     "tls context cipher add Default_Cisco_UPS_SIP_Proxy_Peer_Auth_TLS_Context TLS_RSA_WITH_3DES_EDE_CBC_SHA",
     cipher_bind, NULL},
    {"tls context cipher remove TLS_CONTEXT TLS_CIPHER", cipher_remove, PRIV_OPER, CMD_WRITE,
     "Stop offering a cipher suite in a context",
     "tls context cipher remove Default_Cisco_UPS_SIP_Proxy_Peer_Auth_TLS_Context "
     "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
     cipher_bind, NULL},
    {"tls context peer add TLS_CONTEXT PEER_CN", peer_add, PRIV_OPER, CMD_WRITE,
     "Accept a peer subject in a context",
     "tls context peer add Default_Cisco_UPS_SIP_Proxy_Peer_Auth_TLS_Context ocs.example.com", peer_bind,
     NULL},
    {"tls context peer remove TLS_CONTEXT PEER_CN", peer_remove, PRIV_OPER, CMD_WRITE,
     "Stop accepting a peer subject in a context",
     "tls context peer remove Default_Cisco_UPS_SIP_Proxy_Peer_Auth_TLS_Context ocs.example.com", peer_bind,
     NULL},
    {"tls context empty-fragments TLS_CONTEXT {disable|enable}$state", empty_fragments, PRIV_OPER, CMD_WRITE,
     "Whether TLS 1.0 CBC records are preceded by empty fragments (disable for peers that cannot take them)",
     "tls context empty-fragments Default_Cisco_UPS_SIP_Proxy_Peer_Auth_TLS_Context disable", fragments_bind,
     NULL},
};

static const struct kw_help tls_kw[] = {
    {"tls", "TLS peer subjects and contexts of the SIP proxy"},
    {"tls peer-subject", "The certificate subjects TLS peers may present"},
    {"tls context", "TLS contexts: ciphers and accepted peers"},
    {"tls context cipher", "The cipher suites a context offers"},
    {"tls context peer", "The peer subjects a context accepts"},
    {NULL, NULL},
};

const struct cmd_family tls_family = CMD_FAMILY("tls", tls_cmds, tls_kw, tls_types);
