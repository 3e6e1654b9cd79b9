/* IPsec policies (COMMANDS.md "IPsec"), with the appliance's spellings as
 * aliases; utils ipsec restart|status. The pre-shared key comes from a
 * psk-file or is asked with echo off: it never is a word of a command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/families.h"
#include "commands/secret.h"
#include "commands/service_type.h"
#include "commands/session.h"
#include "svc/cryptopolicy.h"
#include "svc/files.h"
#include "svc/ipsec.h"
#include "svc/preview.h"
#include "svc/restart.h"
#include "svc/services.h"
#include "util/strlist.h"

struct ipsec_args {
	const char *ipsec_group;
	const char *ipsec_name;
	const char *auth;
	const char *psk_file;
	const char *psk; /* refused: a key typed on the command line */
	const char *peer_type;
	const char *cert;
	const char *src, *dst;
	const long *src_port, *dst_port, *remote_port;
	const char *mode;
	const char *protocol;
	const char *encryption, *hash, *esp;
	const long *p1_lifetime, *p1_dh, *p2_lifetime, *p2_dh;
	bool enable;
	bool disable;
	bool all;
};

#define FIELD_BINDS                                                                                          \
	BIND(struct ipsec_args, auth), BIND(struct ipsec_args, psk_file), BIND(struct ipsec_args, psk),      \
	    BIND(struct ipsec_args, peer_type), BIND(struct ipsec_args, cert), BIND(struct ipsec_args, src), \
	    BIND(struct ipsec_args, dst), BIND(struct ipsec_args, src_port),                                 \
	    BIND(struct ipsec_args, dst_port), BIND(struct ipsec_args, remote_port),                         \
	    BIND(struct ipsec_args, mode), BIND(struct ipsec_args, protocol),                                \
	    BIND(struct ipsec_args, encryption), BIND(struct ipsec_args, hash),                              \
	    BIND(struct ipsec_args, esp), BIND(struct ipsec_args, p1_lifetime),                              \
	    BIND(struct ipsec_args, p1_dh), BIND(struct ipsec_args, p2_lifetime),                            \
	    BIND(struct ipsec_args, p2_dh)

static const struct arg_bind add_bind[] = {BIND(struct ipsec_args, ipsec_group),
					   BIND(struct ipsec_args, ipsec_name), FIELD_BINDS,
					   BIND(struct ipsec_args, enable), BIND_END(struct ipsec_args)};
static const struct arg_bind update_bind[] = {
    BIND(struct ipsec_args, ipsec_group), BIND(struct ipsec_args, ipsec_name), FIELD_BINDS,
    BIND(struct ipsec_args, enable),	  BIND(struct ipsec_args, disable),    BIND_END(struct ipsec_args)};
static const struct arg_bind one_bind[] = {BIND(struct ipsec_args, ipsec_group),
					   BIND(struct ipsec_args, ipsec_name), BIND_END(struct ipsec_args)};
static const struct arg_bind group_bind[] = {BIND(struct ipsec_args, ipsec_group),
					     BIND_END(struct ipsec_args)};

static long num(const long *v)
{
	return v ? *v : -1;
}

static struct ipsec_request request_of(const struct ipsec_args *a)
{
	struct ipsec_request q = IPSEC_REQUEST_INIT;

	q.auth = a->auth;
	q.peer_type = a->peer_type;
	q.cert = a->cert;
	q.src = a->src;
	q.dst = a->dst;
	q.src_port = num(a->src_port);
	q.dst_port = num(a->dst_port);
	q.remote_port = num(a->remote_port);
	q.mode = a->mode;
	q.protocol = a->protocol;
	q.encryption = a->encryption;
	q.hash = a->hash;
	q.esp = a->esp;
	q.p1_lifetime = num(a->p1_lifetime);
	q.p1_dh = num(a->p1_dh);
	q.p2_lifetime = num(a->p2_lifetime);
	q.p2_dh = num(a->p2_dh);
	q.enable = a->enable ? 1 : a->disable ? 0 : -1;
	return q;
}

static int report(struct out *o, const struct ipsec_result *r, const char *what)
{
	out_msg(o, "%s", what);
	for (int i = 0; i < r->nwarn; i++)
		out_warn(o, "%s", r->warnings[i]);
	if (r->applied)
		out_msg(o, "strongSwan's configuration was rewritten (swanctl.conf)%s.",
			r->restart ? "; IPsec needs a restart: utils ipsec restart" : "");
	return UC_OK;
}

struct job {
	const struct ipsec_args *a;
	struct ipsec_request q;
	struct ipsec_result r;
	bool add;
};

static int job_apply(struct core *c, void *arg, struct err *e)
{
	struct job *j = arg;

	return j->add ? core_ipsec_add(c, j->a->ipsec_group, j->a->ipsec_name, &j->q, &j->r, e)
		      : core_ipsec_update(c, j->a->ipsec_group, j->a->ipsec_name, &j->q, &j->r, e);
}

static int add_or_update(struct session *s, const struct ipsec_args *a, struct out *o, bool add)
{
	struct job j = {.a = a, .q = request_of(a), .add = add};
	char psk[IPSEC_PSK_MAX + 2] = "", done[200];
	struct ipsec_row old = {0};
	struct err e;
	bool needed;
	int rc = UC_OK;

	if (a->psk)
		return out_error(
		    o, UC_USAGE,
		    "A pre-shared key is never given on the command line (the history and the audit "
		    "trail would keep it): use psk-file FILE, or leave it out and ucsh asks for it");
	/* Refused in FIPS mode: said before a key is asked for. */
	if (a->auth && crypto_check(CRYPTO_AUTH, a->auth, core_fips_mode(&s->core), "authentication", done,
				    sizeof(done)) < 0)
		return out_error(o, UC_USAGE, "%s", done);
	if (add) {
		needed = a->auth && strcmp(a->auth, "psk") == 0;
	} else {
		/* A switch to a pre-shared key needs one; a policy that has one keeps it. */
		if (core_ipsec_get(&s->core, a->ipsec_group, a->ipsec_name, &old, &e) != 0)
			return cmd_fail(o, &e);
		needed = a->auth && strcmp(a->auth, "psk") == 0 && !old.psk;
		ipsec_row_free(&old);
	}
	if (a->psk_file || needed) {
		if ((rc = cmd_read_secret(s, o, a->psk_file, "pre-shared key", "psk-file", psk,
					  sizeof(psk))) != UC_OK)
			return rc;
		j.q.psk = psk;
	}
	rc = core_write(&s->core, job_apply, &j, &e);
	explicit_bzero(psk, sizeof(psk));
	if (rc != 0)
		return cmd_fail(o, &e);
	snprintf(done, sizeof(done), "IPsec policy %s in group %s %s.", a->ipsec_name, a->ipsec_group,
		 add ? "added" : "updated");
	return report(o, &j.r, done);
}

static int policy_add(struct session *s, const void *args, struct out *o)
{
	return add_or_update(s, args, o, true);
}

static int policy_update(struct session *s, const void *args, struct out *o)
{
	return add_or_update(s, args, o, false);
}

static int set_enabled(struct session *s, const struct ipsec_args *a, struct out *o, bool on)
{
	struct ipsec_result r;
	struct err e;
	char done[200];

	if (core_ipsec_enable(&s->core, a->ipsec_group, a->ipsec_name, on, &r, &e) != 0)
		return cmd_fail(o, &e);
	if (a->ipsec_name)
		snprintf(done, sizeof(done), "IPsec policy %s in group %s %s%s.", a->ipsec_name,
			 a->ipsec_group, r.count ? "" : "was already ", on ? "enabled" : "disabled");
	else
		snprintf(done, sizeof(done), "%d polic%s of group %s %s.", r.count,
			 r.count == 1 ? "y" : "ies", a->ipsec_group, on ? "enabled" : "disabled");
	return report(o, &r, done);
}

static int policy_enable(struct session *s, const void *args, struct out *o)
{
	return set_enabled(s, args, o, true);
}

static int policy_disable(struct session *s, const void *args, struct out *o)
{
	return set_enabled(s, args, o, false);
}

static int policy_delete(struct session *s, const void *args, struct out *o)
{
	const struct ipsec_args *a = args;
	struct ipsec_result r;
	struct err e;
	char done[200];

	if (core_ipsec_delete(&s->core, a->ipsec_group, a->ipsec_name, &r, &e) != 0)
		return cmd_fail(o, &e);
	snprintf(done, sizeof(done), "%d IPsec polic%s deleted.", r.count, r.count == 1 ? "y" : "ies");
	return report(o, &r, done);
}

static void port_text(long long port, char *buf, size_t len)
{
	if (port)
		snprintf(buf, len, "%lld", port);
	else
		snprintf(buf, len, "any");
}

static int list_row(const struct ipsec_row *r, void *arg)
{
	char sp[16], dp[16];

	port_text(r->src_port, sp, sizeof(sp));
	port_text(r->dst_port, dp, sizeof(dp));
	out_row(arg, (const char *const[]){r->grp, r->name, r->enabled ? "yes" : "no", r->auth, r->src, sp,
					   r->dst, dp, r->protocol});
	return 0;
}

static int policy_list(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {
	    {"group", "Group", OT_STR},	     {"name", "Name", OT_STR},
	    {"enabled", "Enabled", OT_BOOL}, {"auth", "Auth", OT_STR},
	    {"src", "Source", OT_STR},	     {"src_port", "Src port", OT_STR},
	    {"dst", "Destination", OT_STR},  {"dst_port", "Dst port", OT_STR},
	    {"protocol", "Protocol", OT_STR}};
	const struct ipsec_args *a = args;
	struct err e;

	out_table_begin(o, "policies", cols, 9);
	if (core_ipsec_each(&s->core, a ? a->ipsec_group : NULL, list_row, o, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No IPsec policies.");
	return UC_OK;
}

static int policy_show(struct session *s, const void *args, struct out *o)
{
	const struct ipsec_args *a = args;
	struct ipsec_row r;
	struct err e;
	char sp[16], dp[16], ike[96], esp[96];

	if (core_ipsec_get(&s->core, a->ipsec_group, a->ipsec_name, &r, &e) != 0)
		return cmd_fail(o, &e);
	port_text(r.src_port, sp, sizeof(sp));
	port_text(r.dst_port, dp, sizeof(dp));
	ipsec_ike_proposal(&r, ike, sizeof(ike));
	ipsec_esp_proposal(&r, esp, sizeof(esp));
	out_kv_begin(o, NULL);
	out_kv(o, "group", "Policy group", r.grp);
	out_kv(o, "name", "Policy name", r.name);
	out_kv_bool(o, "enabled", "Enabled", r.enabled);
	out_kv(o, "auth", "Authentication method",
	       strcmp(r.auth, "psk") == 0 ? "pre-shared key" : "certificate");
	/* Whether a key is set, never the key. */
	out_kv(o, "psk", "Pre-shared key", r.psk ? "(set; never shown)" : "-");
	out_kv(o, "peer_type", "Peer type", r.peer_type);
	out_kv(o, "cert", "Certificate name", r.cert ? r.cert : "-");
	out_kv(o, "src", "Source address", r.src);
	out_kv(o, "src_port", "Source port", sp);
	out_kv(o, "dst", "Destination address", r.dst);
	out_kv(o, "dst_port", "Destination port", dp);
	out_kv(o, "mode", "Mode", "transport");
	out_kv_int(o, "remote_port", "Remote port", r.remote_port);
	out_kv(o, "protocol", "Protocol", r.protocol);
	out_kv(o, "encryption", "Encryption algorithm", r.encryption);
	out_kv(o, "hash", "Hash algorithm", r.hash);
	out_kv(o, "esp", "ESP algorithm", r.esp);
	out_kv_int(o, "p1_lifetime", "Phase 1 lifetime (s)", r.p1_lifetime);
	out_kv_int(o, "p1_dh", "Phase 1 DH group", r.p1_dh);
	out_kv_int(o, "p2_lifetime", "Phase 2 lifetime (s)", r.p2_lifetime);
	out_kv_int(o, "p2_dh", "Phase 2 DH group", r.p2_dh);
	out_kv(o, "ike_proposal", "IKE proposal", ike);
	out_kv(o, "esp_proposal", "ESP proposal", esp);
	out_kv(o, "updated", "Updated", r.updated);
	out_kv_end(o);
	ipsec_row_free(&r);
	return UC_OK;
}

static int group_row(const char *grp, void *arg)
{
	out_row(arg, (const char *const[]){grp});
	return 0;
}

static int show_groups(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {{"group", "Policy group", OT_STR}};

	out_table_begin(o, "groups", cols, 1);
	if (core_ipsec_groups(&s->core, group_row, o) != 0)
		return out_error(o, UC_FAIL, "Cannot read the policies");
	out_table_end(o, "No IPsec policy groups.");
	return UC_OK;
}

static int ipsec_restart(struct session *s, const void *args, struct out *o)
{
	return restart_service(s, o, service_find("ipsec", NULL, 0));
}

static int status_row(const struct ipsec_row *r, void *arg)
{
	char name[120], ike[96], esp[96];

	if (!r->enabled)
		return 0;
	snprintf(name, sizeof(name), "%s_%s", r->grp, r->name);
	ipsec_ike_proposal(r, ike, sizeof(ike));
	ipsec_esp_proposal(r, esp, sizeof(esp));
	out_row(arg, (const char *const[]){name, r->src, r->dst, r->auth, ike, esp});
	return 0;
}

/* What the status hook reports; without one, the connections rendered. */
static int ipsec_status(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {
	    {"connection", "Connection", OT_STR}, {"local", "Local", OT_STR},
	    {"remote", "Remote", OT_STR},	  {"auth", "Auth", OT_STR},
	    {"ike", "IKE proposal", OT_STR},	  {"esp", "ESP proposal", OT_STR}};
	char *output = NULL;
	struct err e;
	int rc = core_service_status(&s->core, "ipsec", s->interrupt, &output, &e);

	if (rc > 0) {
		out_content(o, "hook_output", output ? output : "");
		free(output);
		return UC_OK;
	}
	free(output);
	if (rc < 0)
		return cmd_fail(o, &e);
	out_msg(o, "No status hook (status.ipsec in ucsh.conf): the connections in swanctl.conf.");
	out_table_begin(o, "connections", cols, 6);
	if (core_ipsec_each(&s->core, NULL, status_row, o, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No enabled IPsec policies.");
	return UC_OK;
}

/* ---- types ---- */

static bool check_name(const struct check_in *c, const char *in, struct value *v)
{
	return ipsec_name_valid(in, v->err, sizeof(v->err));
}

static int add_group(const char *grp, void *ctx)
{
	strlist_add(ctx, grp);
	return 0;
}

static void complete_group(struct session *s, struct strlist *out)
{
	core_ipsec_groups(&s->core, add_group, out);
}

static int add_name(const struct ipsec_row *r, void *ctx)
{
	strlist_add(ctx, r->name);
	return 0;
}

static void complete_name(struct session *s, struct strlist *out)
{
	struct err e;

	core_ipsec_each(&s->core, NULL, add_name, out, &e);
}

static bool check_address(const struct check_in *c, const char *in, struct value *v)
{
	return ipsec_address_valid(in, v->err, sizeof(v->err));
}

static bool check_alg(enum crypto_kind k, const char *in, struct value *v)
{
	const struct crypto_alg *a = crypto_find(k, in);

	if (a) {
		v->canon = strdup(a->name);
		v->num = atol(a->name); /* DH groups */
		return true;
	}
	crypto_names(k, false, v->err, sizeof(v->err));
	return false;
}

static void complete_alg(enum crypto_kind k, struct strlist *out)
{
	char names[300], *save = NULL;

	crypto_names(k, false, names, sizeof(names));
	for (char *n = strtok_r(names, ", ", &save); n; n = strtok_r(NULL, ", ", &save))
		strlist_add(out, n);
}

#define ALG_TYPE(var, NAME, kind, helptext)                                                                  \
	static bool check_##var(const struct check_in *c, const char *in, struct value *v)                   \
	{                                                                                                    \
		return check_alg(kind, in, v);                                                               \
	}                                                                                                    \
	static void complete_##var(struct session *s, struct strlist *out)                                   \
	{                                                                                                    \
		complete_alg(kind, out);                                                                     \
	}                                                                                                    \
	static const struct type_def var##_type = {                                                          \
	    .name = NAME, .help = helptext, .check = check_##var, .complete = complete_##var}

ALG_TYPE(ike_enc, "IKE_ENC", CRYPTO_IKE_ENC,
	 "phase 1 encryption: AES-256-GCM (default), AES-128-GCM, AES-256-CBC, "
	 "AES-128-CBC; weak: 3DES, DES");
ALG_TYPE(ipsec_hash, "IPSEC_HASH", CRYPTO_HASH, "hash: SHA-256 (default), SHA-384, SHA-512; weak: SHA1, MD5");
ALG_TYPE(esp_alg, "ESP_ALG", CRYPTO_ESP,
	 "ESP encryption: AES-256-GCM (default), AES-128-GCM, AES-256-CBC, "
	 "AES-128-CBC; weak: RIJNDAEL, 3DES, DES, BLOWFISH, NULL_ENC");

static bool check_dh(const struct check_in *c, const char *in, struct value *v)
{
	if (!check_alg(CRYPTO_DH, in, v))
		return false;
	free(v->canon);
	v->canon = NULL;
	return true;
}

static void complete_dh(struct session *s, struct strlist *out)
{
	complete_alg(CRYPTO_DH, out);
}

static const struct type_def ipsec_group_type = {.name = "IPSEC_GROUP",
						 .help = "policy group: 1-50 letters, digits and hyphens",
						 .check = check_name,
						 .complete = complete_group};
static const struct type_def ipsec_name_type = {.name = "IPSEC_NAME",
						.help = "policy name: 1-50 letters, digits and hyphens",
						.check = check_name,
						.complete = complete_name};
static const struct type_def address_type = {
    .name = "PEER_ADDR", .help = "an IPv4 or IPv6 address or a host name", .check = check_address};
/* Accepted by the grammar only so that it is masked (****) in the audit
 * trail and the history; the handler refuses it. */
static bool check_any(const struct check_in *c, const char *in, struct value *v)
{
	return true;
}

static const struct type_def psk_typed_type = {.name = "PSK_TYPED",
					       .help = "never: the key comes from psk-file FILE or is asked",
					       .check = check_any,
					       .secret = true};
static const struct type_def dh_type = {.name = "DH_GROUP",
					.help =
					    "Diffie-Hellman group: 19 (default), 20, 21, 14; weak: 5, 2, 1",
					.check = check_dh,
					.complete = complete_dh,
					.kind = VAL_NUM};

static const struct type_def *const ipsec_types[] = {&ipsec_group_type, &ipsec_name_type, &address_type,
						     &ike_enc_type,	&ipsec_hash_type, &esp_alg_type,
						     &dh_type,		&psk_typed_type,  NULL};

static void explain_delete(struct session *s, const void *args, struct strbuf *out)
{
	const struct ipsec_args *a = args;

	preview_ipsec_delete(&s->core, a->ipsec_group, a->ipsec_name, out);
}

static void explain_restart(struct session *s, const void *args, struct strbuf *out)
{
	preview_service_restart(&s->core, service_find("ipsec", NULL, 0), out);
}

/* The addresses: required by add, optional for update. */
#define POLICY_FIELDS(src, dst)                                                                              \
	"[auth {psk|cert}$auth] [psk-file FILE] [psk PSK_TYPED$psk] [peer-type {same|different}$peer_type] " \
	"[cert "                                                                                             \
	"CERT_NAME$cert] " src " [src-port INT(0-65535)] " dst " [dst-port INT(0-65535)] "                   \
	"[remote-port INT(1-65535)] [mode {transport}$mode] [protocol {tcp|udp|any}$protocol] "              \
	"[encryption IKE_ENC$encryption] [hash IPSEC_HASH$hash] [esp ESP_ALG$esp] [p1-lifetime "             \
	"INT(300-86400)] "                                                                                   \
	"[p1-dh DH_GROUP$p1_dh] [p2-lifetime INT(300-86400)] [p2-dh DH_GROUP$p2_dh]"

static const struct cmd_def ipsec_cmds[] = {
    {"ipsec policy add IPSEC_GROUP IPSEC_NAME " POLICY_FIELDS("src PEER_ADDR$src",
							      "dst PEER_ADDR$dst") " [enable]",
     policy_add, PRIV_OPER, CMD_PREPARED,
     "An IPsec policy (transport mode) to a peer; the pre-shared key comes from psk-file FILE or is asked",
     "ipsec policy add branch1 gw1 src 192.0.2.10 dst 192.0.2.20 protocol tcp dst-port 5061 enable", add_bind,
     NULL},
    {"ipsec policy update IPSEC_GROUP IPSEC_NAME " POLICY_FIELDS("[src PEER_ADDR$src]",
								 "[dst PEER_ADDR$dst]") " [enable] [disable]",
     policy_update, PRIV_OPER, CMD_PREPARED, "Change fields of a policy; the others stay",
     "ipsec policy update branch1 gw1 p2-dh 20", update_bind, NULL},
    {"ipsec policy enable IPSEC_GROUP [IPSEC_NAME]", policy_enable, PRIV_OPER, CMD_WRITE,
     "Enable a policy, or every policy of a group", "ipsec policy enable branch1", one_bind, NULL},
    {"ipsec policy disable IPSEC_GROUP [IPSEC_NAME]", policy_disable, PRIV_OPER, CMD_WRITE,
     "Disable a policy, or every policy of a group", "ipsec policy disable branch1 gw1", one_bind, NULL},
    {"ipsec policy delete IPSEC_GROUP IPSEC_NAME", policy_delete, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Delete a policy", "ipsec policy delete branch1 gw1", one_bind, explain_delete},
    {"ipsec policy delete IPSEC_GROUP all", policy_delete, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Delete every policy of a group", "ipsec policy delete branch1 all", group_bind, explain_delete},
    {"ipsec policy list [IPSEC_GROUP]", policy_list, PRIV_READ, 0,
     "The policies (of a group): never their keys", "ipsec policy list", group_bind, NULL},
    {"ipsec policy show IPSEC_GROUP IPSEC_NAME", policy_show, PRIV_READ, 0,
     "Every field of a policy and the proposals it makes; the key is never shown",
     "ipsec policy show branch1 gw1", one_bind, NULL},
    {"set ipsec policy_group IPSEC_GROUP", policy_enable, PRIV_OPER, CMD_WRITE | CMD_ALIAS,
     "Enable every policy of a group (ipsec policy enable GROUP)", "set ipsec policy_group branch1",
     group_bind, NULL},
    {"set ipsec policy_name IPSEC_GROUP IPSEC_NAME", policy_enable, PRIV_OPER, CMD_WRITE | CMD_ALIAS,
     "Enable a policy (ipsec policy enable GROUP NAME)", "set ipsec policy_name branch1 gw1", one_bind, NULL},
    {"unset ipsec policy_group IPSEC_GROUP", policy_disable, PRIV_OPER, CMD_WRITE | CMD_ALIAS,
     "Disable every policy of a group (ipsec policy disable GROUP)", "unset ipsec policy_group branch1",
     group_bind, NULL},
    {"unset ipsec policy_name IPSEC_GROUP IPSEC_NAME", policy_disable, PRIV_OPER, CMD_WRITE | CMD_ALIAS,
     "Disable a policy (ipsec policy disable GROUP NAME)", "unset ipsec policy_name branch1 gw1", one_bind,
     NULL},
    {"show ipsec policy_group", show_groups, PRIV_READ, CMD_ALIAS, "The policy groups",
     "show ipsec policy_group", NULL, NULL},
    {"show ipsec policy_name IPSEC_GROUP", policy_list, PRIV_READ, CMD_ALIAS,
     "The policies of a group (ipsec policy list GROUP)", "show ipsec policy_name branch1", group_bind, NULL},
    {"show ipsec information IPSEC_GROUP IPSEC_NAME", policy_show, PRIV_READ, CMD_ALIAS,
     "One policy (ipsec policy show GROUP NAME)", "show ipsec information branch1 gw1", one_bind, NULL},
    {"utils ipsec restart", ipsec_restart, PRIV_OPER, CMD_CONFIRM | CMD_OWN_TX,
     "Restart IPsec with its hook (restart.ipsec, e.g. swanctl --load-all); clears its restart-pending flag",
     "utils ipsec restart", NULL, explain_restart},
    {"utils ipsec status", ipsec_status, PRIV_READ, CMD_OWN_TX,
     "What the status hook reports (status.ipsec), or the connections rendered", "utils ipsec status", NULL,
     NULL},
};

static const struct kw_help ipsec_kw[] = {
    {"ipsec", "IPsec policies"},
    {"ipsec policy", "IPsec policies to peers, in groups"},
    {"set ipsec", "The appliance's spellings of ipsec policy enable"},
    {"unset", "The appliance's spellings of disabling"},
    {"unset ipsec", "The appliance's spellings of ipsec policy disable"},
    {"show ipsec", "The appliance's spellings of ipsec policy list|show"},
    {"utils ipsec", "Restart IPsec, or see its state"},
    {NULL, NULL},
};

const struct cmd_family ipsec_family = CMD_FAMILY("ipsec", ipsec_cmds, ipsec_kw, ipsec_types);
