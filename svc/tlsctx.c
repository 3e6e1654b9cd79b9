#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "node/deploy.h"
#include "pki/pki.h"
#include "svc/cryptopolicy.h"
#include "svc/deploy.h"
#include "svc/secmode.h"
#include "svc/services.h"
#include "svc/settings.h"
#include "svc/tlsciphers.h"
#include "svc/tlsctx.h"
#include "util/utf8.h"

bool tls_cn_valid(const char *cn, char *why, size_t len)
{
	size_t n = strlen(cn), bad;

	if (!n || n > TLS_CN_MAX) {
		snprintf(why, len, "a subject CN has 1-%d characters", TLS_CN_MAX);
		return false;
	}
	if (!utf8_valid(cn, &bad)) {
		snprintf(why, len, "a subject CN is UTF-8 text");
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)cn; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			snprintf(why, len, "a subject CN holds no control characters");
			return false;
		}
	if (cn[0] == ' ' || cn[n - 1] == ' ') {
		snprintf(why, len, "a subject CN neither starts nor ends with a space");
		return false;
	}
	return true;
}

static int store_err(struct core *c, struct err *e, const char *what)
{
	return err_set(e, ERR_FAIL, "Cannot %s: %s", what, store_errmsg(core_shared(c)));
}

/* A change the SIP proxy reads at its start, and the files it loads. */
static void changed(struct core *c, struct tls_change *r)
{
	r->changed = true;
	r->restart = service_mark_restart(c->store, "sip-proxy", "TLS context changed") == STORE_OK;
	c->fx.tls = true;
}

int core_tls_subject_add(struct core *c, const char *cn, const char *description, struct tls_change *r,
			 struct err *e)
{
	char why[120];
	bool added;

	memset(r, 0, sizeof(*r));
	if (!tls_cn_valid(cn, why, sizeof(why)))
		return err_set(e, ERR_INVALID, "\"%s\": %s", cn, why);
	if (description && (strlen(description) > TLS_DESC_MAX || !utf8_valid(description, NULL)))
		return err_set(e, ERR_INVALID, "A description is UTF-8 text of at most %d bytes",
			       TLS_DESC_MAX);
	if (core_shared_write(c, e) != 0)
		return -1;
	if (store_tls_subject_add(core_shared(c), cn, description, false, &added) != STORE_OK)
		return store_err(c, e, "add the peer subject");
	if (added)
		changed(c, r);
	return 0;
}

int core_tls_subject_delete(struct core *c, const char *cn, struct tls_change *r, struct err *e)
{
	int rc;

	memset(r, 0, sizeof(*r));
	if (core_shared_write(c, e) != 0)
		return -1;
	rc = store_tls_subject_delete(core_shared(c), cn, &r->contexts);
	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "There is no TLS peer subject \"%s\" (tls peer-subject list)",
			       cn);
	if (rc != STORE_OK)
		return store_err(c, e, "delete the peer subject");
	changed(c, r);
	return 0;
}

int core_tls_subject_each(struct core *c, int (*fn)(const struct tls_subject_row *r, void *ctx), void *ctx,
			  struct err *e)
{
	return store_tls_subject_each(core_shared(c), fn, ctx) == STORE_OK
		   ? 0
		   : store_err(c, e, "list peer subjects");
}

int core_tls_context_each(struct core *c, int (*fn)(const struct tls_context_row *r, void *ctx), void *ctx,
			  struct err *e)
{
	return store_tls_context_each(core_shared(c), fn, ctx) == STORE_OK ? 0
									   : store_err(c, e, "list contexts");
}

int core_tls_context_get(struct core *c, const char *name, struct tls_context_row *out, struct err *e)
{
	int rc = store_tls_context_get(core_shared(c), name, out);

	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "There is no TLS context \"%s\" (tls context list)", name);
	return rc == STORE_OK ? 0 : store_err(c, e, "read the context");
}

static int context_exists(struct core *c, const char *name, struct err *e)
{
	struct tls_context_row row;

	if (core_tls_context_get(c, name, &row, e) != 0)
		return -1;
	tls_context_row_free(&row);
	return 0;
}

int core_tls_context_ciphers(struct core *c, const char *name, int (*fn)(const char *cipher, void *ctx),
			     void *ctx, struct err *e)
{
	return store_tls_ciphers(core_shared(c), name, fn, ctx) == STORE_OK ? 0
									    : store_err(c, e, "list ciphers");
}

int core_tls_context_peers(struct core *c, const char *name, int (*fn)(const char *cn, void *ctx), void *ctx,
			   struct err *e)
{
	return store_tls_peers(core_shared(c), name, fn, ctx) == STORE_OK ? 0 : store_err(c, e, "list peers");
}

static int check_cipher(struct core *c, const struct tls_suite *s, struct tls_change *r, struct err *e)
{
	char ossl[128];

	if (tls_suite_is_13(s))
		return err_set(e, ERR_INVALID,
			       "%s is a TLS 1.3 suite: TLS 1.3 always offers OpenSSL's default suites; a "
			       "context's ciphers govern TLS 1.2 and below",
			       s->name);
	if (core_fips_mode(c) && !tls_suite_fips_ok(s))
		return err_set(e, ERR_REFUSED,
			       "%s: FIPS mode allows AES cipher suites only (no RC4, DES, 3DES, "
			       "NULL, anonymous or export suites)",
			       s->name);
	if (!pki_tls_cipher_openssl(s->code, ossl, sizeof(ossl)))
		snprintf(r->warning, sizeof(r->warning),
			 "%s is kept, but this node's OpenSSL cannot offer it: it is left out of the "
			 "rendered cipher "
			 "list",
			 s->name);
	return 0;
}

int core_tls_cipher(struct core *c, const char *context, const char *cipher, bool add, struct tls_change *r,
		    struct err *e)
{
	const struct tls_suite *s = tls_suite_find(cipher);
	bool done;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!s)
		return err_set(e, ERR_INVALID,
			       "\"%s\" is not a cipher suite of the IANA registry; give its IANA name, e.g. "
			       "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
			       cipher);
	if (context_exists(c, context, e) != 0 || (add && check_cipher(c, s, r, e) != 0) ||
	    core_shared_write(c, e) != 0)
		return -1;
	rc = add ? store_tls_cipher_add(core_shared(c), context, s->name, &done)
		 : store_tls_cipher_remove(core_shared(c), context, s->name, &done);
	if (rc != STORE_OK)
		return store_err(c, e, "change the context's ciphers");
	if (done)
		changed(c, r);
	return 0;
}

int core_tls_peer(struct core *c, const char *context, const char *cn, bool add, struct tls_change *r,
		  struct err *e)
{
	bool done;
	int rc;

	memset(r, 0, sizeof(*r));
	if (context_exists(c, context, e) != 0)
		return -1;
	if (add && (rc = store_tls_subject_exists(core_shared(c), cn)) != STORE_OK)
		return rc == STORE_NOTFOUND ? err_set(e, ERR_INVALID,
						      "\"%s\" is not a TLS peer subject: add it first (tls "
						      "peer-subject add CN)",
						      cn)
					    : store_err(c, e, "read the peer subjects");
	if (core_shared_write(c, e) != 0)
		return -1;
	rc = add ? store_tls_peer_add(core_shared(c), context, cn, &done)
		 : store_tls_peer_remove(core_shared(c), context, cn, &done);
	if (rc != STORE_OK)
		return store_err(c, e, "change the context's peers");
	if (done)
		changed(c, r);
	return 0;
}

int core_tls_empty_fragments(struct core *c, const char *context, bool on, struct tls_change *r,
			     struct err *e)
{
	struct tls_context_row row;

	memset(r, 0, sizeof(*r));
	if (core_tls_context_get(c, context, &row, e) != 0)
		return -1;
	bool same = row.empty_fragments == on;
	tls_context_row_free(&row);
	if (same)
		return 0;
	if (core_shared_write(c, e) != 0)
		return -1;
	if (store_tls_context_set_empty_fragments(core_shared(c), context, on) != STORE_OK)
		return store_err(c, e, "change the context");
	changed(c, r);
	return 0;
}

int core_tls_auto_peer(struct core *c, const char *trust, const char *cn, struct tls_auto *a, struct err *e)
{
	char why[120];

	memset(a, 0, sizeof(*a));
	if ((strcmp(trust, "cup-trust") != 0 && strcmp(trust, "cup-xmpp-trust") != 0) ||
	    !tls_cn_valid(cn, why, sizeof(why)))
		return 0;
	if (store_tls_subject_add(core_shared(c), cn, "added by a trust certificate import", true,
				  &a->subject_added) != STORE_OK ||
	    store_tls_peer_add(core_shared(c), TLS_DEFAULT_CONTEXT, cn, &a->peer_added) != STORE_OK)
		return store_err(c, e, "add the certificate's subject as a TLS peer");
	if (a->subject_added || a->peer_added) {
		struct tls_change r;
		changed(c, &r);
	}
	return 0;
}

struct cipher_walk {
	struct strbuf *ciphers, *skipped;
};

static int add_cipher(const char *iana, void *arg)
{
	struct cipher_walk *w = arg;
	const struct tls_suite *s = tls_suite_find(iana);
	char ossl[128];

	if (s && pki_tls_cipher_openssl(s->code, ossl, sizeof(ossl)))
		strbuf_addf(w->ciphers, "%s%s", w->ciphers->len ? ":" : "", ossl);
	else
		strbuf_addf(w->skipped, "%s%s", w->skipped->len ? ", " : "", iana);
	return 0;
}

int core_tls_cipher_string(struct core *c, const char *context, struct strbuf *ciphers,
			   struct strbuf *skipped, struct err *e)
{
	struct cipher_walk w = {ciphers, skipped};

	return core_tls_context_ciphers(c, context, add_cipher, &w, e);
}

static int add_line(const char *text, void *arg)
{
	strbuf_addf(arg, "%s\n", text);
	return 0;
}

struct render {
	struct core *c;
	struct strbuf ca;
	char *min;
	int failed;
	struct err *e;
};

static int write_file(struct render *x, const char *dir, const char *name, const struct strbuf *b)
{
	const struct node_config *cfg = x->c->config;

	if (deploy_write(dir, name, b->buf ? b->buf : "", b->len, cfg->deploy_group ? 0640 : 0600,
			 cfg->deploy_group, x->e->msg, sizeof(x->e->msg)) != 0) {
		x->e->code = ERR_FAIL;
		return -1;
	}
	return 0;
}

static int render_one(const struct tls_context_row *r, void *arg)
{
	struct render *x = arg;
	struct strbuf ciphers = STRBUF_INIT, skipped = STRBUF_INIT, peers = STRBUF_INIT, conf = STRBUF_INIT;
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/%s/%s", x->c->config->deploy_dir, TLS_DIR, r->name);
	if (core_tls_cipher_string(x->c, r->name, &ciphers, &skipped, x->e) != 0 ||
	    core_tls_context_peers(x->c, r->name, add_line, &peers, x->e) != 0) {
		x->failed = 1;
		goto out;
	}
	strbuf_addf(&conf,
		    "# The TLS context %s, rendered by ucsh.\n"
		    "# TLS 1.2 and below offer these ciphers only; TLS 1.3 offers OpenSSL's defaults.\n"
		    "ciphers = %s\n"
		    "min_version = %s\n"
		    "empty_fragments = %s\n",
		    r->name, ciphers.buf ? ciphers.buf : "", x->min,
		    r->empty_fragments ? "enable" : "disable");
	if (skipped.len)
		strbuf_addf(&conf, "# left out (this OpenSSL cannot offer them): %s\n", skipped.buf);
	strbuf_addf(&ciphers, "\n");
	if (write_file(x, dir, "context.conf", &conf) != 0 || write_file(x, dir, "ciphers", &ciphers) != 0 ||
	    write_file(x, dir, "peers.txt", &peers) != 0 || write_file(x, dir, "ca.pem", &x->ca) != 0)
		x->failed = 1;
out:
	strbuf_release(&ciphers);
	strbuf_release(&skipped);
	strbuf_release(&peers);
	strbuf_release(&conf);
	return x->failed;
}

int core_tls_render(struct core *c, struct err *e)
{
	struct render x = {c, STRBUF_INIT, setting_text(c, "security", "tls-min-version"), 0, e};
	int rc = 0;

	if (!x.min)
		return err_set(e, ERR_FAIL, "Cannot read the TLS minimum version");
	if (core_trust_bundle(c, "cup-trust", &x.ca, e) != 0 ||
	    core_tls_context_each(c, render_one, &x, e) != 0 || x.failed)
		rc = -1;
	strbuf_release(&x.ca);
	free(x.min);
	return rc;
}

static void conf_value(char *text, const char *key, char **out)
{
	size_t n = strlen(key);

	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (strncmp(line, key, n) == 0 && strncmp(line + n, " = ", 3) == 0) {
			free(*out);
			*out = strdup(line + n + 3);
		}
}

static char *read_text(const char *dir, const char *name, struct err *e)
{
	unsigned char *data = NULL;
	size_t len;
	int missing;
	time_t mtime;

	if (deploy_read(dir, name, 1 << 20, &data, &len, &mtime, &missing, e->msg, sizeof(e->msg)) != 0) {
		e->code = ERR_FAIL;
		return NULL;
	}
	data[len] = '\0'; /* deploy_read leaves room for it */
	return (char *)data;
}

int tls_context_read(const char *deploy_dir, const char *name, struct tls_context_files *f, struct err *e)
{
	char *conf, *peers, *copy, *min = NULL, *frag = NULL, *save = NULL;

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "%s/%s/%s", deploy_dir, TLS_DIR, name);
	if (!(conf = read_text(f->dir, "context.conf", e)))
		return -1;
	if (!(peers = read_text(f->dir, "peers.txt", e))) {
		free(conf);
		return -1;
	}
	/* strtok writes into the text: one copy per key. */
	copy = strdup(conf);
	conf_value(copy, "ciphers", &f->ciphers);
	strcpy(copy, conf);
	conf_value(copy, "min_version", &min);
	strcpy(copy, conf);
	conf_value(copy, "empty_fragments", &frag);
	f->min_version = tls_version_number(min);
	f->empty_fragments = !frag || strcmp(frag, "disable") != 0;
	if (!f->ciphers)
		f->ciphers = strdup("");
	for (char *p = strtok_r(peers, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		if (!(f->peers = realloc(f->peers, (size_t)(f->npeers + 1) * sizeof(*f->peers))))
			abort();
		f->peers[f->npeers++] = strdup(p);
	}
	free(copy);
	free(min);
	free(frag);
	free(conf);
	free(peers);
	return 0;
}

void tls_context_files_free(struct tls_context_files *f)
{
	for (int i = 0; i < f->npeers; i++)
		free(f->peers[i]);
	free(f->peers);
	free(f->ciphers);
	memset(f, 0, sizeof(*f));
}
