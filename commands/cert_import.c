/* set cert import trust|own, utils cert verify. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands/families.h"
#include "commands/session.h"
#include "commands/unit_types.h"
#include "core/certs.h"
#include "core/trust.h"
#include "core/trustlist.h"
#include "node/filearea.h"
#include "store/cert.h"
#include "util/strbuf.h"
#include "util/timefmt.h"

/* Certificate uploads larger than this are not certificates. */
#define UPLOAD_MAX (1024 * 1024)

/* The bytes of an upload: FILE from the file area or, interactively without
 * FILE, what the administrator pastes. */
static int read_bytes(struct session *s, struct out *o, const char *file, unsigned char **buf, size_t *len)
{
	char err[512];
	int rc;

	if (!file) {
		if (!s->read_paste)
			return out_error(o, UC_USAGE,
					 "Give a FILE from the file area (pasting works interactively)");
		*buf = (unsigned char *)s->read_paste(s, "Paste the certificate and press Enter twice:");
		*len = strlen((char *)*buf);
		return UC_OK;
	}
	rc = filearea_read(s->config.file_area, file, UPLOAD_MAX, buf, len, err, sizeof(err));
	if (rc != FA_OK)
		return cmd_file_fail(o, rc, err);
	return UC_OK;
}

static int read_upload(struct session *s, struct out *o, const char *file, struct pki_certlist *l)
{
	unsigned char *buf;
	size_t len;
	char err[512];
	int rc;

	if ((rc = read_bytes(s, o, file, &buf, &len)) != UC_OK)
		return rc;
	rc = pki_parse_certs(buf, len, l, err, sizeof(err));
	free(buf);
	if (rc != 0)
		return out_error(o, UC_USAGE, "%s: %s; nothing was imported", file ? file : "pasted text",
				 err);
	return UC_OK;
}

struct import_args {
	const char *trust_unit;
	const struct unit_def *unit;
	const char *file;
	const char *password_file;
};

static const struct arg_bind trust_bind[] = {BIND(struct import_args, trust_unit),
					     BIND(struct import_args, file), BIND_END(struct import_args)};
static const struct arg_bind own_bind[] = {BIND(struct import_args, unit), BIND(struct import_args, file),
					   BIND(struct import_args, password_file),
					   BIND_END(struct import_args)};

static int import_trust(struct session *s, const void *args, struct out *o)
{
	const struct import_args *a = args;
	static const struct out_col cols[] = {{"item", "#", OT_INT},
					      {"subject_cn", "Subject CN", OT_STR},
					      {"result", "Result", OT_STR},
					      {"name", "Name", OT_STR}};
	static const char *const results[] = {"added", "replaced an older copy", "already present"};
	const char *unit = a->trust_unit, *file = a->file;
	struct pki_certlist l;
	struct trust_report r;
	struct err e;
	int rc;

	if ((rc = read_upload(s, o, file, &l)) != UC_OK)
		return rc;
	if (core_trust_import(&s->core, unit, &l, file ? file : "pasted text", &r, &e) != 0) {
		rc = cmd_fail(o, &e);
		goto out;
	}
	out_table_begin(o, "imported", cols, 4);
	for (int i = 0; i < r.n; i++) {
		char item[16];
		snprintf(item, sizeof(item), "%d", i + 1);
		const char *cells[] = {item, r.v[i].subject, results[r.v[i].verdict], r.v[i].name};
		out_row(o, cells);
	}
	out_table_end(o, NULL);
	out_msg(o, "%s: %d added, %d replaced, %d already present.", unit, r.counts[TRUST_ADDED],
		r.counts[TRUST_REPLACED], r.counts[TRUST_DUPLICATE]);
	if (r.restart.len)
		out_msg(o, "Restart to use it: %s (utils service restart SERVICE).", r.restart.buf);
	rc = UC_OK;
out:
	core_trust_report_free(&r);
	pki_certlist_free(&l);
	return rc;
}

static char *chain_pem(const struct pki_certlist *l, int skip)
{
	size_t cap = 1, len = 0;
	char *out = calloc(1, 1);

	for (int i = 0; out && i < l->n; i++) {
		char *p;
		if (i == skip || !(p = pki_cert_to_pem(l->v[i])))
			continue;
		cap += strlen(p);
		char *n = realloc(out, cap);
		if (n) {
			out = n;
			memcpy(out + len, p, strlen(p) + 1);
			len += strlen(p);
		}
		free(p);
	}
	if (out && !*out) {
		free(out);
		out = NULL;
	}
	return out;
}

/* The passphrase of a PKCS#12 file: password-file FILE, else asked with
 * echo off. It is wiped after use and never printed or logged. */
static int p12_passphrase(struct session *s, struct out *o, const char *pwfile, char *pass, size_t len)
{
	unsigned char *buf;
	size_t n;
	char err[512];
	int rc;

	if (pwfile) {
		rc = filearea_read(s->config.file_area, pwfile, 4096, &buf, &n, err, sizeof(err));
		if (rc != FA_OK)
			return cmd_file_fail(o, rc, err);
		buf[strcspn((char *)buf, "\r\n")] = '\0';
		snprintf(pass, len, "%s", (char *)buf);
		pki_secret_free((char *)buf);
		return UC_OK;
	}
	if (!s->ask_secret)
		return out_error(o, UC_USAGE,
				 "The PKCS#12 file needs its passphrase: add password-file FILE");
	if (s->ask_secret(s, "PKCS#12 passphrase: ", pass, len) != 0)
		return out_error(o, UC_FAIL, "No passphrase given; nothing was imported");
	return UC_OK;
}

/* The certificate to install, its key when it brings one, and the rest of
 * the upload as chain candidates. */
struct own_upload {
	struct pki_certlist certs; /* leaf first when from PKCS#12 */
	struct pki_key *key;	   /* PKCS#12 only */
};

static int load_own(struct session *s, struct out *o, const char *file, const char *pwfile,
		    struct own_upload *up)
{
	unsigned char *buf;
	size_t len;
	char err[512], pass[1024];
	int rc;

	memset(up, 0, sizeof(*up));
	if ((rc = read_bytes(s, o, file, &buf, &len)) != UC_OK)
		return rc;
	int prc = pki_parse_certs(buf, len, &up->certs, err, sizeof(err));
	if (prc == 0) {
		free(buf);
		return UC_OK;
	}
	if (!file || len < 2 || buf[0] != 0x30 || prc == PKI_EPRIVKEY) {
		free(buf);
		return out_error(o, UC_USAGE, "%s: %s; nothing was imported", file ? file : "pasted text",
				 err);
	}
	/* DER that is no certificate: perhaps PKCS#12 with its own key. */
	struct pki_cert *leaf = NULL;
	struct pki_certlist chain;
	if ((rc = p12_passphrase(s, o, pwfile, pass, sizeof(pass))) != UC_OK) {
		free(buf);
		return rc;
	}
	rc = pki_parse_pkcs12(buf, len, pass, &up->key, &leaf, &chain, err, sizeof(err));
	explicit_bzero(pass, sizeof(pass));
	free(buf);
	if (rc != 0)
		return out_error(o, UC_USAGE, "%s: %s; nothing was imported", file, err);
	up->certs.v = calloc((size_t)chain.n + 2, sizeof(*up->certs.v));
	up->certs.v[up->certs.n++] = leaf;
	for (int i = 0; i < chain.n; i++)
		up->certs.v[up->certs.n++] = chain.v[i];
	free(chain.v);
	return UC_OK;
}

static int import_own(struct session *s, const void *args, struct out *o)
{
	const struct import_args *a = args;
	const struct unit_def *u = a->unit;
	const char *file = a->file;
	struct own_upload up;
	struct pki_certlist trust = {0};
	struct pki_key *csr_key = NULL, *cur_key = NULL;
	char *csr_key_pem = NULL, *cur_key_pem = NULL, *new_key_pem = NULL, *chain = NULL, reason[300],
	     err[300];
	int rc, leaf = -1;
	bool by_csr = false;

	if ((rc = load_own(s, o, file, a->password_file, &up)) != UC_OK)
		return rc;
	if (store_csr_get(s->store, u->name, NULL, &csr_key_pem, NULL) == STORE_OK)
		csr_key = pki_key_from_pem(csr_key_pem, err, sizeof(err));
	if (store_own_key(s->store, u->name, &cur_key_pem) == STORE_OK)
		cur_key = pki_key_from_pem(cur_key_pem, err, sizeof(err));
	if (up.key) {
		/* A PKCS#12 file brings its own key: its certificate is the first. */
		if (!pki_key_matches_cert(up.key, up.certs.v[0])) {
			rc = out_error(o, UC_USAGE, "%s: its key does not belong to its certificate", file);
			goto out;
		}
		leaf = 0;
	}
	for (int i = 0; i < up.certs.n && leaf < 0; i++) {
		if (csr_key && pki_key_matches_cert(csr_key, up.certs.v[i]))
			leaf = i, by_csr = true;
		else if (cur_key && pki_key_matches_cert(cur_key, up.certs.v[i]))
			leaf = i;
	}
	if (leaf < 0) {
		rc = out_error(
		    o, UC_FAIL,
		    "%s: no certificate in it matches the key of %s's pending CSR or its current key; "
		    "nothing was imported",
		    file ? file : "pasted text", u->name);
		goto out;
	}
	if (core_trust_load(&s->core, u->trust, &trust) != 0) {
		rc = out_error(o, UC_FAIL, "Cannot read %s: %s", u->trust, store_errmsg(s->store));
		goto out;
	}
	struct pki_verify_opts vo = {&trust, &up.certs, PKI_PURPOSE_ANY, NULL, 0};
	if (pki_verify(up.certs.v[leaf], &vo, reason, sizeof(reason)) != 0) {
		rc = out_error(o, UC_FAIL,
			       "%s: the certificate does not chain to a root in %s (%s); import the CA with "
			       "set cert import trust %s FILE first; nothing was imported",
			       file ? file : "pasted text", u->trust, reason, u->trust);
		goto out;
	}
	if (up.key && !(new_key_pem = pki_key_to_pem(up.key))) {
		rc = out_error(o, UC_FAIL, "Cannot encode the key");
		goto out;
	}
	{
		struct pki_facts f;
		struct cert_row row;
		char *pem = pki_cert_to_pem(up.certs.v[leaf]);
		chain = chain_pem(&up.certs, leaf);
		pki_cert_facts(up.certs.v[leaf], &f);
		core_cert_row_fill(&row, &f, "own", u->name, u->name, pem, chain);
		rc = store_cert_put_own(s->store, &row, up.key ? new_key_pem : by_csr ? csr_key_pem : NULL);
		free(pem);
		if (rc != STORE_OK ||
		    ((by_csr || up.key) && store_csr_delete(s->store, u->name) == STORE_ERROR)) {
			rc =
			    out_error(o, UC_FAIL, "Cannot store the certificate: %s", store_errmsg(s->store));
			goto out;
		}
		out_msg(o, "%s now uses the certificate issued by %s (%s key%s).", u->name,
			*f.issuer_cn ? f.issuer_cn : f.issuer, f.key,
			up.key	 ? " from the PKCS#12 file"
			: by_csr ? " from its CSR"
				 : ", unchanged");
	}
	{
		struct strbuf names = STRBUF_INIT;
		core_mark_restart(&s->core, u, "certificate imported", &names);
		if (names.len)
			out_msg(o, "Restart to use it: %s (utils service restart SERVICE).", names.buf);
		strbuf_release(&names);
	}
	if (trustlist_note_change(&s->core, u->name))
		out_warn(
		    o,
		    "the cluster is in mixed mode: run utils ctl update CTLFile so phones get the new %s "
		    "certificate",
		    u->name);
	fx_deploy_unit(&s->core, u);
	rc = UC_OK;
out:
	free(chain);
	pki_certlist_free(&trust);
	pki_certlist_free(&up.certs);
	pki_key_free(up.key);
	pki_key_free(csr_key);
	pki_key_free(cur_key);
	pki_secret_free(csr_key_pem);
	pki_secret_free(cur_key_pem);
	pki_secret_free(new_key_pem);
	return rc;
}

static bool check_date(const struct check_in *c, const char *in, struct value *v)
{
	time_t when;

	if (time_parse_date(in, &when)) {
		v->num = (long)when;
		return true;
	}
	snprintf(v->err, sizeof(v->err), "a UTC date: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z");
	return false;
}

static const struct type_def date_type = {.name = "DATE",
					  .help = "UTC date: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z",
					  .check = check_date,
					  .kind = VAL_NUM};

struct verify_args {
	const char *file;
	const char *trust; /* NULL: tomcat-trust */
	const char *untrusted;
	const char *purpose;
	const char *host;
	const long *at;
};

static const struct arg_bind verify_bind[] = {
    BIND(struct verify_args, file),    BIND(struct verify_args, trust), BIND(struct verify_args, untrusted),
    BIND(struct verify_args, purpose), BIND(struct verify_args, host),	BIND(struct verify_args, at),
    BIND_END(struct verify_args)};

static int verify(struct session *s, const void *args, struct out *o)
{
	const struct verify_args *a = args;
	const char *file = a->file, *unit = a->trust, *extra = a->untrusted;

	struct pki_certlist l, more = {0}, trust = {0}, untrusted = {0};
	char reason[300];
	int rc;

	if (!unit)
		unit = "tomcat-trust";
	if ((rc = read_upload(s, o, file, &l)) != UC_OK)
		return rc;
	if (extra && (rc = read_upload(s, o, extra, &more)) != UC_OK)
		goto out;
	if (core_trust_load(&s->core, unit, &trust) != 0) {
		rc = out_error(o, UC_FAIL, "Cannot read %s", unit);
		goto out;
	}
	/* The first certificate is the one checked; the rest help build the chain. */
	untrusted.v = calloc((size_t)(l.n + more.n) + 1, sizeof(*untrusted.v));
	for (int i = 1; untrusted.v && i < l.n; i++)
		untrusted.v[untrusted.n++] = l.v[i];
	for (int i = 0; untrusted.v && i < more.n; i++)
		untrusted.v[untrusted.n++] = more.v[i];
	struct pki_verify_opts vo = {&trust, &untrusted,
				     !a->purpose			 ? PKI_PURPOSE_ANY
				     : strcmp(a->purpose, "server") == 0 ? PKI_PURPOSE_SERVER
									 : PKI_PURPOSE_CLIENT,
				     a->host, 0};
	if (a->at)
		vo.at = (time_t)*a->at;
	rc = pki_verify(l.v[0], &vo, reason, sizeof(reason));
	out_kv_begin(o, NULL);
	out_kv(o, "trust", "Trust store", unit);
	out_kv_bool(o, "verified", "Verified", rc == 0);
	out_kv(o, "reason", "Reason", reason);
	out_kv_end(o);
	rc = rc == 0 ? UC_OK : UC_FAIL;
out:
	free(untrusted.v);
	pki_certlist_free(&trust);
	pki_certlist_free(&more);
	pki_certlist_free(&l);
	return rc;
}

static const struct type_def *const import_types[] = {&date_type, NULL};

static const struct cmd_def import_cmds[] = {
    {"set cert import trust TRUST_UNIT [FILE]", import_trust, PRIV_OPER, CMD_WRITE,
     "Add every certificate of a file (PEM, DER or PKCS#7) to a trust store; all or nothing",
     "set cert import trust tomcat-trust ca-chain.pem", trust_bind},
    {"set cert import own UNIT [FILE] [password-file FILE]", import_own, PRIV_OPER, CMD_WRITE,
     "Install a CA-signed certificate for a unit: it must match the CSR (or current) key, or bring its key "
     "in a PKCS#12 file, and chain to a root in the unit's trust store",
     "set cert import own tomcat tomcat-signed.pem", own_bind},
    {"utils cert verify FILE [trust TRUST_UNIT] [untrusted FILE] [purpose {server|client}$purpose] [host "
     "DOMAIN] "
     "[at DATE]",
     verify, PRIV_READ, 0, "Would a peer trusting TRUST_UNIT (default tomcat-trust) accept this certificate?",
     "utils cert verify peer.pem trust tomcat-trust purpose server host peer.example.com", verify_bind},
};

static const struct kw_help import_kw[] = {
    {"set cert import", "Import certificates from the file area"},
    {"utils cert", "Certificate utilities"},
    {NULL, NULL},
};

const struct cmd_family cert_import_family = CMD_FAMILY("cert-import", import_cmds, import_kw, import_types);
