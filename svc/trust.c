/* Trust stores (DESIGN §7): naming, the replacement rules of an import,
 * and loading a store for verification. Used by every path that adds
 * trusted certificates: the import command, and later bulk import, CAPF and
 * cluster sync. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/cert.h"
#include "svc/certs.h"
#include "svc/cryptopolicy.h"
#include "svc/tlsctx.h"
#include "svc/trust.h"
#include "util/strbuf.h"
#include "util/timefmt.h"

/* The trust name (DESIGN §7): CN, else the first DNS name, else cert_<serial>;
 * characters outside [A-Za-z0-9._-] become '_'. */
static void trust_name(const struct pki_facts *f, char *buf, size_t len)
{
	if (*f->subject_cn)
		snprintf(buf, len, "%s", f->subject_cn);
	else if (*f->first_dns)
		snprintf(buf, len, "%s", f->first_dns);
	else
		snprintf(buf, len, "cert_%s", f->serial);
	for (char *p = buf; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			*p = '_';
}

struct compare {
	const struct pki_cert *cert;
	const struct pki_facts *f;
	enum trust_verdict verdict;
	long long replace_id;
	char old_name[256];
};

static int compare_row(const struct cert_row *r, void *ctx)
{
	struct compare *c = ctx;
	struct pki_cert *old = pki_cert_from_pem(r->pem, NULL, 0);

	if (!old)
		return 0;
	if (pki_cert_same_issuer_serial(old, c->cert)) {
		c->verdict = TRUST_DUPLICATE;
		snprintf(c->old_name, sizeof(c->old_name), "%s", r->name);
	} else if (pki_cert_same_subject(old, c->cert) && pki_cert_same_key(old, c->cert)) {
		/* A renewal of the same CA key: the later one stays. */
		if (c->f->not_before > r->not_before && c->verdict == TRUST_ADDED) {
			c->verdict = TRUST_REPLACED;
			c->replace_id = r->id;
		} else {
			c->verdict = TRUST_DUPLICATE;
		}
		snprintf(c->old_name, sizeof(c->old_name), "%s", r->name);
	}
	pki_cert_free(old);
	return c->verdict == TRUST_DUPLICATE;
}

static int import_one(struct store *st, const char *unit, const struct pki_cert *cert,
		      const struct pki_facts *f, struct compare *cmp, char *name, size_t namelen)
{
	struct cert_row row, existing;
	char *pem;
	int rc;

	*cmp = (struct compare){cert, f, TRUST_ADDED, 0, ""};
	if (store_cert_related(st, unit, f->subject, f->issuer, f->serial, compare_row, cmp) != STORE_OK)
		return -1;
	if (cmp->verdict == TRUST_DUPLICATE) {
		snprintf(name, namelen, "%s", cmp->old_name);
		return 0;
	}
	if (cmp->verdict == TRUST_REPLACED) {
		if (store_cert_delete(st, cmp->replace_id) != STORE_OK)
			return -1;
		snprintf(name, namelen, "%s", cmp->old_name);
	} else {
		trust_name(f, name, namelen);
		if (store_cert_get(st, "trust", unit, name, &existing) == STORE_OK) {
			/* A different certificate has that name already. */
			size_t n = strlen(name);
			snprintf(name + n, namelen - n, "_%s", f->serial);
			cert_row_free(&existing);
		}
	}
	if (!(pem = pki_cert_to_pem(cert)))
		return -1;
	core_cert_row_fill(&row, f, "trust", unit, name, pem, NULL);
	rc = store_cert_add_trust(st, &row) == STORE_OK ? 0 : -1;
	free(pem);
	return rc;
}

static int collect_cert(const struct cert_row *r, void *ctx)
{
	struct pki_cert *c = pki_cert_from_pem(r->pem, NULL, 0);
	struct pki_certlist *l = ctx;
	struct pki_cert **v;

	if (!c)
		return 0;
	if (!(v = realloc(l->v, (size_t)(l->n + 1) * sizeof(*v)))) {
		pki_cert_free(c);
		return 1;
	}
	l->v = v;
	l->v[l->n++] = c;
	return 0;
}

/* Every certificate of a trust store, parsed. */
int core_trust_load(struct core *c, const char *unit, struct pki_certlist *l)
{
	memset(l, 0, sizeof(*l));
	return store_cert_each(core_shared(c), "trust", unit, 0, true, collect_cert, l) == STORE_OK ? 0 : -1;
}

int core_cert_verify(struct core *c, const char *unit, const struct pki_certlist *l,
		     const struct pki_certlist *more, const struct pki_verify_opts *how,
		     struct pki_findings *out, struct err *e)
{
	struct pki_certlist trust, untrusted = {0};
	struct pki_verify_opts o = *how;

	memset(out, 0, sizeof(*out));
	if (core_trust_load(c, unit, &trust) != 0)
		return err_set(e, ERR_FAIL, "Cannot read %s: %s", unit, store_errmsg(core_shared(c)));
	if (!(untrusted.v = calloc((size_t)(l->n + more->n) + 1, sizeof(*untrusted.v))))
		abort();
	for (int i = 1; i < l->n; i++)
		untrusted.v[untrusted.n++] = l->v[i];
	for (int i = 0; i < more->n; i++)
		untrusted.v[untrusted.n++] = more->v[i];
	o.trusted = &trust;
	o.untrusted = &untrusted;
	int rc = pki_verify_all(l->v[0], &o, out);
	free(untrusted.v);
	pki_certlist_free(&trust);
	if (rc != 0)
		return err_set(e, ERR_FAIL, "Cannot verify: %s", out->n ? out->v[0].rule : "failed");
	return 0;
}

void core_trust_mark_users(struct core *c, const char *trust, struct strbuf *names)
{
	for (size_t i = 0; i < nunits; i++)
		if (strcmp(units[i].trust, trust) == 0 && strcmp(units[i].name, trust) != 0) {
			core_mark_restart(c, &units[i], "trust store changed", names);
			break; /* the units of a store share their services' restart */
		}
}

/* All or nothing: one unusable certificate refuses the whole upload. */
static int check_usable(struct core *c, const struct pki_certlist *l, const char *what, struct err *e)
{
	struct crypto_policy policy = core_crypto_policy(c);
	time_t now = time(NULL);
	char why[300], label[300];

	for (int i = 0; i < l->n; i++) {
		struct pki_facts f;
		pki_cert_facts(l->v[i], &f);
		const char *who = *f.subject_cn ? f.subject_cn : f.subject;
		if (strncmp(f.key, "RSA-", 4) == 0 && atoi(f.key + 4) > 4096)
			return err_set(e, ERR_INVALID,
				       "%s: certificate %d (%s) has a %s key; keys above 4096 bits are not "
				       "supported; nothing was imported",
				       what, i + 1, who, f.key);
		snprintf(label, sizeof(label), "%.100s: certificate %d (%.160s)", what, i + 1, who);
		if (crypto_check_cert(&policy, &f, label, why, sizeof(why)) != 0)
			return err_set(e, ERR_REFUSED, "%s; nothing was imported", why);
		if (f.not_after < now) {
			char when[32];
			time_date(f.not_after, when, sizeof(when));
			return err_set(e, ERR_INVALID,
				       "%s: certificate %d (%s) expired on %s; nothing was imported", what,
				       i + 1, who, when);
		}
	}
	return 0;
}

/* A peer's certificate in cup-trust or cup-xmpp-trust names a TLS peer. */
static int auto_peer(struct core *c, const char *unit, const char *cn, struct trust_report *r, struct err *e)
{
	struct tls_auto a;

	if (!*cn || core_tls_auto_peer(c, unit, cn, &a, e) != 0)
		return *cn ? -1 : 0;
	if (a.subject_added)
		strbuf_addf(&r->peer_subjects, "%s%s", r->peer_subjects.len ? ", " : "", cn);
	if (a.peer_added)
		strbuf_addf(&r->peer_contexts, "%s%s", r->peer_contexts.len ? ", " : "", cn);
	return 0;
}

int core_trust_import(struct core *c, const char *unit, const struct pki_certlist *l, const char *what,
		      struct trust_report *r, struct err *e)
{
	memset(r, 0, sizeof(*r));
	if (check_usable(c, l, what, e) != 0 || core_shared_write(c, e) != 0)
		return -1;
	if (!(r->v = calloc((size_t)l->n + 1, sizeof(*r->v))))
		abort();
	for (int i = 0; i < l->n; i++) {
		struct pki_facts f;
		struct compare cmp;
		struct trust_item *it = &r->v[r->n++];
		pki_cert_facts(l->v[i], &f);
		if (import_one(core_shared(c), unit, l->v[i], &f, &cmp, it->name, sizeof(it->name)) != 0)
			return err_set(e, ERR_FAIL, "Cannot import certificate %d: %s; nothing was imported",
				       i + 1, store_errmsg(core_shared(c)));
		snprintf(it->subject, sizeof(it->subject), "%s", *f.subject_cn ? f.subject_cn : f.subject);
		it->verdict = cmp.verdict;
		r->counts[cmp.verdict]++;
		if (auto_peer(c, unit, f.subject_cn, r, e) != 0)
			return -1;
	}
	if (r->counts[TRUST_ADDED] + r->counts[TRUST_REPLACED]) {
		core_trust_mark_users(c, unit, &r->restart);
		fx_deploy_trust(c, unit);
	}
	return 0;
}

struct merge {
	struct store *to;
	int *counts;
	int failed;
};

static int merge_one(const struct cert_row *r, void *ctx)
{
	struct merge *m = ctx;
	struct pki_cert *cert = pki_cert_from_pem(r->pem, NULL, 0);
	struct pki_facts f;
	struct compare cmp;
	char name[256];

	if (!cert)
		return 0; /* unreadable rows were never usable */
	pki_cert_facts(cert, &f);
	if (import_one(m->to, r->unit, cert, &f, &cmp, name, sizeof(name)) != 0)
		m->failed = 1;
	else
		m->counts[cmp.verdict]++;
	pki_cert_free(cert);
	return m->failed;
}

int core_trust_merge(struct store *from, struct store *to, int counts[3])
{
	struct merge m = {to, counts, 0};

	counts[0] = counts[1] = counts[2] = 0;
	if (store_cert_each(from, "trust", NULL, 0, true, merge_one, &m) != STORE_OK || m.failed)
		return -1;
	return 0;
}

void core_trust_report_free(struct trust_report *r)
{
	free(r->v);
	strbuf_release(&r->restart);
	strbuf_release(&r->peer_subjects);
	strbuf_release(&r->peer_contexts);
	memset(r, 0, sizeof(*r));
}

int core_trust_parse(const unsigned char *buf, size_t len, const char *what, struct pki_certlist *l,
		     struct err *e)
{
	char why[400];

	if (pki_parse_certs(buf, len, l, why, sizeof(why)) != 0)
		return err_set(e, ERR_INVALID, "%s: %s; nothing was imported", what, why);
	return 0;
}
