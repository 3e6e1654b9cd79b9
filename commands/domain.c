/* Edge domain certificates (COMMANDS.md "Edge domain certificates"): the
 * domains, and this node's CSR for each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands/families.h"
#include "commands/session.h"
#include "commands/unit_types.h"
#include "svc/domain.h"
#include "svc/domaincert.h"
#include "svc/sni.h"
#include "util/strbuf.h"
#include "util/strlist.h"
#include "util/timefmt.h"

struct domain_args {
	const char *edge_domain;
	const char *key_size;
	const char *digest;
	const char *san;
	const char *san_format;
	const char *file;
	const char *key;
	const char *hostname, *protocol, *dns_host, *service_domain;
	bool pem;
};

static const struct arg_bind name_bind[] = {BIND(struct domain_args, edge_domain),
					    BIND_END(struct domain_args)};
static const struct arg_bind gen_bind[] = {
    BIND(struct domain_args, edge_domain), BIND(struct domain_args, key_size),
    BIND(struct domain_args, digest),	   BIND(struct domain_args, san),
    BIND(struct domain_args, san_format),  BIND_END(struct domain_args)};
static const struct arg_bind show_bind[] = {BIND(struct domain_args, edge_domain),
					    BIND(struct domain_args, pem), BIND_END(struct domain_args)};
static const struct arg_bind export_bind[] = {BIND(struct domain_args, edge_domain),
					      BIND(struct domain_args, file), BIND_END(struct domain_args)};

static const struct arg_bind upload_bind[] = {BIND(struct domain_args, edge_domain),
					      BIND(struct domain_args, file), BIND(struct domain_args, key),
					      BIND_END(struct domain_args)};

static const struct arg_bind resolve_bind[] = {
    BIND(struct domain_args, hostname), BIND(struct domain_args, protocol), BIND_END(struct domain_args)};
static const struct arg_bind client_bind[] = {BIND(struct domain_args, dns_host),
					      BIND(struct domain_args, service_domain),
					      BIND_END(struct domain_args)};

static int domain_add(struct session *s, const void *args, struct out *o)
{
	const struct domain_args *a = args;
	struct err e;
	bool added;

	if (core_domain_add(&s->core, a->edge_domain, &added, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, added ? "Domain %s added." : "Domain %s exists already.", a->edge_domain);
	return UC_OK;
}

static int domain_delete(struct session *s, const void *args, struct out *o)
{
	const struct domain_args *a = args;
	struct err e;

	if (core_domain_delete(&s->core, a->edge_domain, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Domain %s deleted, with this node's CSR, key and certificate for it.", a->edge_domain);
	return UC_OK;
}

static int list_row(const char *name, const char *created, void *arg)
{
	struct session *s = ((void **)arg)[0];
	struct out *o = ((void **)arg)[1];
	struct domain_state st;
	struct err e;
	char after[32] = "-", days[24] = "-";

	if (core_domain_state(&s->core, name, &st, &e) != 0)
		return 1;
	if (st.has_cert) {
		time_date(st.cert.not_after, after, sizeof(after));
		snprintf(days, sizeof(days), "%lld", (long long)(st.cert.not_after - time(NULL)) / 86400);
	}
	out_row(o, (const char *const[]){name, st.csr_created ? st.csr_created : "no",
					 st.has_cert ? st.cert.subject : "-", st.has_cert ? st.cert.san : "-",
					 after, days});
	domain_state_free(&st);
	return 0;
}

static int domain_list(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {{"domain", "Domain", OT_STR},
					      {"csr", "CSR in progress", OT_STR},
					      {"subject", "Certificate subject", OT_STR},
					      {"san", "SANs", OT_STR},
					      {"not_after", "Not after", OT_STR},
					      {"days_left", "Days left", OT_STR}};
	void *ctx[] = {s, o};
	struct err e;

	out_table_begin(o, "domains", cols, 6);
	if (core_domain_each(&s->core, list_row, ctx, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No domains.");
	return UC_OK;
}

#define MAX_SANS 16

/* A second CSR replaces the one in progress only when the administrator
 * says so: asked on a terminal, --yes in batch. */
static int may_replace(struct session *s, const char *name, struct out *o)
{
	struct domain_state st;
	struct err e;
	char question[300];
	int rc = UC_OK;

	if (core_domain_state(&s->core, name, &st, &e) != 0)
		return cmd_fail(o, &e);
	if (st.csr_created && !s->yes) {
		snprintf(question, sizeof(question), "A CSR for %s is in progress (made %s). Discard it?",
			 name, st.csr_created);
		if (!s->ask_yes)
			rc = out_error(
			    o, UC_USAGE,
			    "A CSR for %s is in progress (made %s): rerun with --yes to discard it, or "
			    "domain csr discard %s",
			    name, st.csr_created, name);
		else if (!s->ask_yes(s, question))
			rc = out_error(o, UC_FAIL, "Cancelled; the CSR in progress stays.");
	}
	domain_state_free(&st);
	return rc;
}

static int csr_gen(struct session *s, const void *args, struct out *o)
{
	const struct domain_args *a = args;
	const char *sans[MAX_SANS + 1];
	struct domain_csr_request q = {.domain = a->edge_domain,
				       .bits = a->key_size ? atoi(a->key_size) : 2048,
				       .digest = a->digest ? digest_arg(a->digest) : PKI_SHA256,
				       .sans = sans,
				       .collab_edge =
					   a->san_format && strcmp(a->san_format, "collab-edge") == 0};
	struct domain_csr_result r;
	char *copy = a->san ? strdup(a->san) : NULL, *save = NULL;
	struct err e;
	int rc;

	if ((rc = may_replace(s, a->edge_domain, o)) != UC_OK) {
		free(copy);
		return rc;
	}
	for (char *w = copy ? strtok_r(copy, ",", &save) : NULL; w && q.nsans <= MAX_SANS;
	     w = strtok_r(NULL, ",", &save))
		sans[q.nsans++] = w;
	rc = core_domain_csr_gen(&s->core, &q, &r, &e);
	free(copy);
	if (rc != 0) {
		domain_csr_result_free(&r);
		return cmd_fail(o, &e);
	}
	if (*r.warning)
		out_warn(o, "%s", r.warning);
	if (r.replaced)
		out_warn(o,
			 "the CSR of %s from %s is replaced; a certificate issued for it can no longer be "
			 "uploaded",
			 a->edge_domain, r.replaced);
	out_msg(o, "CSR for %s generated; its key stays on this node and is never shown or exported.",
		a->edge_domain);
	out_content(o, "pem", r.pem);
	domain_csr_result_free(&r);
	return UC_OK;
}

static int csr_show(struct session *s, const void *args, struct out *o)
{
	const struct domain_args *a = args;
	struct pki_csr_facts f;
	char *pem;
	struct err e;

	if (core_domain_csr(&s->core, a->edge_domain, &pem, &f, &e) != 0)
		return cmd_fail(o, &e);
	if (a->pem) {
		out_content(o, "pem", pem);
	} else {
		out_kv_begin(o, NULL);
		out_kv(o, "domain", "Domain", a->edge_domain);
		out_kv(o, "subject", "Subject", f.subject);
		out_kv(o, "subject_alt_names", "Subject alternative names", f.san);
		out_kv(o, "key", "Public key", f.key);
		out_kv(o, "signature_algorithm", "Signature algorithm", f.sig_alg);
		out_kv_bool(o, "signature_ok", "Signature verifies", f.signature_ok);
		out_kv_end(o);
	}
	free(pem);
	return UC_OK;
}

static int csr_export(struct session *s, const void *args, struct out *o)
{
	const struct domain_args *a = args;
	struct err e;

	if (core_domain_csr_export(&s->core, a->edge_domain, a->file, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "The CSR of %s is in the file area as %s (the key is not).", a->edge_domain, a->file);
	return UC_OK;
}

static int csr_discard(struct session *s, const void *args, struct out *o)
{
	const struct domain_args *a = args;
	struct err e;

	if (core_domain_csr_discard(&s->core, a->edge_domain, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "The CSR of %s and its key were discarded.", a->edge_domain);
	return UC_OK;
}

static int cert_upload(struct session *s, const void *args, struct out *o)
{
	const struct domain_args *a = args;
	struct domain_upload r;
	struct err e;

	if (core_domain_cert_upload(&s->core, a->edge_domain, a->file, a->key, &r, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "%s now uses the certificate issued by %s (%s key from %s%s).", a->edge_domain, r.issuer,
		r.key_desc, r.key_from_csr ? "its CSR" : a->key, r.intermediates ? ", with its chain" : "");
	return UC_OK;
}

static int cert_show(struct session *s, const void *args, struct out *o)
{
	const struct domain_args *a = args;
	struct pki_facts f;
	char *pem, when[32];
	struct err e;

	if (core_domain_cert(&s->core, a->edge_domain, &pem, &f, &e) != 0)
		return cmd_fail(o, &e);
	if (a->pem) {
		out_content(o, "pem", pem);
	} else {
		out_kv_begin(o, NULL);
		out_kv(o, "domain", "Domain", a->edge_domain);
		out_kv(o, "subject", "Subject", f.subject);
		out_kv(o, "subject_alt_names", "Subject alternative names", f.san);
		out_kv(o, "issuer", "Issuer", f.issuer);
		out_kv(o, "serial", "Serial number", f.serial);
		time_iso(f.not_after, when, sizeof(when));
		out_kv(o, "not_after", "Not after", when);
		out_kv_int(o, "days_left", "Days left", (long long)(f.not_after - time(NULL)) / 86400);
		out_kv(o, "key", "Public key", f.key);
		out_kv(o, "sha256_fingerprint", "SHA-256 fingerprint", f.sha256);
		out_kv_end(o);
	}
	free(pem);
	return UC_OK;
}

static int cert_delete(struct session *s, const void *args, struct out *o)
{
	const struct domain_args *a = args;
	struct err e;

	if (core_domain_cert_delete(&s->core, a->edge_domain, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "The certificate of %s and its key were deleted on this node.", a->edge_domain);
	return UC_OK;
}

static void explain_cert_delete(struct session *s, const void *args, struct strbuf *out)
{
	const struct domain_args *a = args;

	strbuf_addf(
	    out,
	    "This node's certificate for %s and its key are deleted: clients asking for %s get the server "
	    "certificate (https) or are refused (sip, xmpp).\n",
	    a->edge_domain, a->edge_domain);
}

static int sni_resolve(struct session *s, const void *args, struct out *o)
{
	static const char *const said[] = {"a domain certificate names it", "the server certificate names it",
					   "no name sent: the server certificate",
					   "nothing names it: the server certificate (https)",
					   "nothing names it: TLS alert 112 (unrecognized_name)"};
	const struct domain_args *a = args;
	enum sni_protocol p = !a->protocol			 ? SNI_HTTPS
			      : strcmp(a->protocol, "sip") == 0	 ? SNI_SIP
			      : strcmp(a->protocol, "xmpp") == 0 ? SNI_XMPP
								 : SNI_HTTPS;
	struct sni_choice ch;
	struct err e;

	if (core_sni_resolve(&s->core, a->hostname, p, &ch, &e) != 0)
		return cmd_fail(o, &e);
	out_kv_begin(o, NULL);
	out_kv(o, "hostname", "SNI name", a->hostname ? a->hostname : "(none)");
	out_kv(o, "protocol", "Protocol", a->protocol ? a->protocol : "https");
	out_kv(o, "verdict", "Verdict", said[ch.verdict]);
	if (ch.verdict == SNI_UNRECOGNIZED_NAME) {
		out_kv(o, "certificate", "Certificate", "none: error #112 Unrecognized Name");
	} else {
		char what[320];
		snprintf(what, sizeof(what), ch.verdict == SNI_DOMAIN ? "domain/%s" : "tomcat%s",
			 ch.verdict == SNI_DOMAIN ? ch.domain : "");
		out_kv(o, "certificate", "Certificate", what);
		out_kv(o, "subject", "Subject", ch.cert.subject);
		out_kv(o, "subject_alt_names", "Subject alternative names", ch.cert.san);
	}
	out_kv_end(o);
	return ch.verdict == SNI_UNRECOGNIZED_NAME ? UC_FAIL : UC_OK;
}

static int sni_client(struct session *s, const void *args, struct out *o)
{
	const struct domain_args *a = args;
	char name[520];
	struct err e;

	if (sni_client_name(a->dns_host, a->service_domain, name, sizeof(name), &e) != 0)
		return cmd_fail(o, &e);
	out_kv_begin(o, NULL);
	out_kv(o, "sni_name", "SNI name", name);
	out_kv_end(o);
	return UC_OK;
}

static void explain_delete(struct session *s, const void *args, struct strbuf *out)
{
	const struct domain_args *a = args;

	strbuf_addf(out,
		    "Domain %s is deleted for the cluster; this node's CSR, key and certificate for it go "
		    "too (other nodes keep theirs until they are deleted there).\n",
		    a->edge_domain);
}

/* ---- types ---- */

static bool check_domain(const struct check_in *c, const char *in, struct value *v)
{
	char canon[DOMAIN_MAX + 1];

	if (!domain_name_valid(in, canon, sizeof(canon), v->err, sizeof(v->err)))
		return false;
	v->canon = strdup(canon);
	return true;
}

static int add_name(const char *name, const char *created, void *ctx)
{
	strlist_add(ctx, name);
	return 0;
}

static void complete_domain(struct session *s, struct strlist *out)
{
	struct err e;

	core_domain_each(&s->core, add_name, out, &e);
}

static const struct type_def domain_type = {.name = "EDGE_DOMAIN",
					    .help = "a DNS domain, e.g. 100.example-name.com",
					    .check = check_domain,
					    .complete = complete_domain};
static const struct type_def *const domain_types[] = {&domain_type, NULL};

static const struct cmd_def domain_cmds[] = {
    {"domain add EDGE_DOMAIN", domain_add, PRIV_OPER, CMD_WRITE, "A domain that gets its own certificate",
     "domain add 100.example-name.com", name_bind, NULL},
    {"domain delete EDGE_DOMAIN", domain_delete, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Delete a domain with this node's CSR, key and certificate for it", "domain delete 100.example-name.com",
     name_bind, explain_delete},
    {"domain list", domain_list, PRIV_READ, 0, "The domains: CSR in progress, certificate, days left",
     "domain list", NULL, NULL},
    {"domain csr gen EDGE_DOMAIN [key-size {1024|2048|4096}$key_size] [digest {sha256|sha384|sha512}$digest] "
     "[san NAMES] [san-format {dns|collab-edge}$san_format]",
     csr_gen, PRIV_OPER, CMD_PREPARED,
     "New key and CSR for a domain on this node (RSA 2048 and SHA-256 by default); collab-edge adds "
     "collab-edge.DOMAIN",
     "domain csr gen 100.example-name.com san-format collab-edge", gen_bind, NULL},
    {"domain csr show EDGE_DOMAIN [pem]", csr_show, PRIV_READ, 0,
     "A domain's CSR in progress, decoded or PEM", "domain csr show 100.example-name.com", show_bind, NULL},
    {"domain csr export EDGE_DOMAIN FILE", csr_export, PRIV_OPER, 0,
     "A domain's CSR into the file area (never its key)", "domain csr export 100.example-name.com domain.csr",
     export_bind, NULL},
    {"domain csr discard EDGE_DOMAIN", csr_discard, PRIV_OPER, CMD_WRITE, "Drop a domain's CSR and its key",
     "domain csr discard 100.example-name.com", name_bind, NULL},
    {"domain cert upload EDGE_DOMAIN FILE [key FILE]", cert_upload, PRIV_OPER, CMD_PREPARED,
     "The CA-signed certificate of a domain (and its chain); key FILE only when its CSR was made elsewhere",
     "domain cert upload 100.example-name.com domain.pem", upload_bind, NULL},
    {"domain cert show EDGE_DOMAIN [pem]", cert_show, PRIV_READ, 0, "A domain's certificate on this node",
     "domain cert show 100.example-name.com", show_bind, NULL},
    {"domain cert delete EDGE_DOMAIN", cert_delete, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Delete a domain's certificate and key on this node", "domain cert delete 100.example-name.com",
     name_bind, explain_cert_delete},
    {"utils sni resolve [EDGE_DOMAIN$hostname] [protocol {https|sip|xmpp}$protocol]", sni_resolve, PRIV_READ,
     0, "Which certificate a client sending this SNI name gets (a domain's, the server's, or error 112)",
     "utils sni resolve collab-edge.customer1.com protocol sip", resolve_bind, NULL},
    {"utils sni client-name EDGE_DOMAIN$dns_host EDGE_DOMAIN$service_domain", sni_client, PRIV_READ, 0,
     "The SNI name an endpoint sends for a DNS host in a service domain",
     "utils sni client-name mra-host.sp.com example.com", client_bind, NULL},
};

static const struct kw_help domain_kw[] = {
    {"domain", "Edge domain certificates"},
    {"domain csr", "This node's certificate signing request for a domain"},
    {"domain cert", "This node's certificate for a domain"},
    {"utils sni", "SNI: which certificate a name gets, which name an endpoint sends"},
    {NULL, NULL},
};

const struct cmd_family domain_family = CMD_FAMILY("domain", domain_cmds, domain_kw, domain_types);
