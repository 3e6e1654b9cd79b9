#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pki/pki.h"
#include "store/node.h"
#include "svc/capf.h"
#include "svc/certstore.h"
#include "svc/cryptopolicy.h"
#include "svc/ipsec.h"
#include "svc/secmode.h"
#include "svc/settings.h"
#include "svc/units.h"

static const char *const mode_ids[] = {"fips-mode", "esm-mode", "cc-mode"};
static const char *const mode_names[] = {"FIPS mode", "Enhanced Security Mode", "Common Criteria mode"};

const char *secmode_name(enum secmode m)
{
	return mode_names[m];
}

static bool mode_on(struct core *c, enum secmode m)
{
	return setting_int(c, "security", mode_ids[m]) == 1;
}

int core_secmode_state(struct core *c, struct secmode_state *st, struct err *e)
{
	char *tls = setting_text(c, "security", "tls-min-version");
	char *pending = setting_text(c, "security", "restart-pending");

	memset(st, 0, sizeof(*st));
	if (!tls || !pending) {
		free(tls);
		free(pending);
		return err_set(e, ERR_FAIL, "Cannot read the security modes");
	}
	st->fips = mode_on(c, SECMODE_FIPS);
	st->esm = mode_on(c, SECMODE_ESM);
	st->cc = mode_on(c, SECMODE_CC);
	snprintf(st->tls_min, sizeof(st->tls_min), "%s", tls);
	snprintf(st->restart_pending, sizeof(st->restart_pending), "%s", pending);
	free(tls);
	free(pending);
	st->provider = pki_fips_provider(false, st->provider_desc, sizeof(st->provider_desc)) == 1;
	return 0;
}

/* ---- findings ---- */

struct scan {
	struct core *c;
	struct secmode_plan *p;
	struct crypto_policy policy;
	char names[4][320]; /* the node's FQDN, host name, IP, alternate host */
	int failed;
	struct err *e;
};

static void add(struct secmode_plan *p, const char *what, const char *name, const char *why, bool regen)
{
	struct secmode_finding *f;

	if (!(p->v = realloc(p->v, (size_t)(p->n + 1) * sizeof(*p->v))))
		abort();
	f = &p->v[p->n++];
	snprintf(f->what, sizeof(f->what), "%s", what);
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->why, sizeof(f->why), "%s", why);
	f->regenerate = regen;
	p->nregen += regen;
}

/* "DNS:a, DNS:b, IP:c": whether a DNS name is none of the node's own (a
 * certificate shared by several servers). */
static bool names_other_servers(const struct scan *s, const char *san)
{
	char buf[1024], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", san);
	for (char *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		bool ours = false;
		if (strncmp(t, "DNS:", 4) != 0)
			continue;
		for (int i = 0; i < 4 && !ours; i++)
			ours = *s->names[i] && strcasecmp(t + 4, s->names[i]) == 0;
		if (!ours)
			return true;
	}
	return false;
}

static int own_one(const struct cert_row *r, void *arg)
{
	struct scan *s = arg;
	struct cert_view v;
	char why[300];
	struct err e;

	if (core_cert_view(s->c, "own", r->unit, r->name, &v, &e) != 0)
		return 0;
	if (crypto_check_cert(&s->policy, &v.facts, r->unit, why, sizeof(why)) != 0)
		add(s->p, "own", r->unit, why, unit_find(r->unit) != NULL);
	else if (s->policy.fips && s->policy.cc && !v.facts.self_signed &&
		 names_other_servers(s, v.facts.san))
		add(s->p, "own", r->unit,
		    "a multi-server SAN certificate: with FIPS and Common Criteria both on it becomes "
		    "self-signed",
		    unit_find(r->unit) != NULL);
	core_cert_view_free(&v);
	return 0;
}

static int trust_one(const struct cert_row *r, void *arg)
{
	struct scan *s = arg;
	struct cert_view v;
	char why[300], name[160];
	struct err e;

	if (core_cert_view(s->c, "trust", r->unit, r->name, &v, &e) != 0)
		return 0;
	snprintf(name, sizeof(name), "%s/%s", r->unit, r->name);
	if (crypto_check_cert(&s->policy, &v.facts, name, why, sizeof(why)) != 0)
		add(s->p, "trust", name, why, false);
	core_cert_view_free(&v);
	return 0;
}

static int ipsec_one(const struct ipsec_row *r, void *arg)
{
	struct scan *s = arg;
	const struct {
		enum crypto_kind k;
		const char *name;
		const char *what;
	} f[] = {{CRYPTO_AUTH, r->auth, "authentication"},
		 {CRYPTO_IKE_ENC, r->encryption, "encryption"},
		 {CRYPTO_HASH, r->hash, "hash"},
		 {CRYPTO_ESP, r->esp, "ESP algorithm"}};
	char name[160], why[300], dh[8], what[240];

	snprintf(name, sizeof(name), "%s/%s", r->grp, r->name);
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		snprintf(what, sizeof(what), "IPsec policy %s, %s", name, f[i].what);
		if (crypto_check(f[i].k, f[i].name, s->policy.fips, what, why, sizeof(why)) < 0) {
			add(s->p, "ipsec", name, why, false);
			return 0;
		}
	}
	for (int i = 0; i < 2; i++) {
		snprintf(dh, sizeof(dh), "%lld", i ? r->p2_dh : r->p1_dh);
		snprintf(what, sizeof(what), "IPsec policy %s, phase %d DH group", name, i + 1);
		if (crypto_check(CRYPTO_DH, dh, s->policy.fips, what, why, sizeof(why)) < 0) {
			add(s->p, "ipsec", name, why, false);
			return 0;
		}
	}
	return 0;
}

static int capf_one(const struct capf_profile *p, void *arg)
{
	struct scan *s = arg;
	char why[300], what[200];

	snprintf(what, sizeof(what), "CAPF profile %s", p->instance);
	if (strcmp(p->key_type, "rsa") == 0 &&
	    crypto_check_rsa_bits(&s->policy, p->key_size, what, why, sizeof(why)) != 0)
		add(s->p, "capf", p->instance, why, false);
	return 0;
}

static void node_names(struct scan *s)
{
	struct node_identity id = {0};
	struct web_security ws = {0};

	if (store_node_get(s->c->store, &id) == STORE_OK) {
		snprintf(s->names[0], sizeof(s->names[0]), "%s.%s", id.hostname, id.domain);
		snprintf(s->names[1], sizeof(s->names[1]), "%s", id.hostname);
		snprintf(s->names[2], sizeof(s->names[2]), "%s", id.ip ? id.ip : "");
	}
	if (store_web_security_get(s->c->store, &ws) == STORE_OK && ws.althost)
		snprintf(s->names[3], sizeof(s->names[3]), "%s", ws.althost);
	node_identity_free(&id);
	web_security_free(&ws);
}

/* Everything that breaks the policy of p's modes. */
static int scan(struct core *c, struct secmode_plan *p, struct err *e)
{
	struct scan s = {c, p, {p->fips, p->cc}, {{0}}, 0, e};
	long capf_bits = setting_int(c, "capf", "key-size");
	char why[300];

	if (!p->fips && !p->cc)
		return 0;
	node_names(&s);
	if (core_cert_each(c, "own", NULL, 0, own_one, &s, e) != 0 ||
	    core_cert_each(c, "trust", NULL, 0, trust_one, &s, e) != 0 ||
	    core_ipsec_each(c, NULL, ipsec_one, &s, e) != 0 || core_capf_each(c, capf_one, &s, e) != 0)
		return -1;
	if (crypto_check_rsa_bits(&s.policy, capf_bits, "the CAPF service parameter Key Size", why,
				  sizeof(why)) != 0)
		add(p, "capf", "Key Size", why, false);
	return 0;
}

void secmode_plan_free(struct secmode_plan *p)
{
	free(p->v);
	p->v = NULL;
	p->n = p->nregen = 0;
}

static int plan_modes(struct core *c, enum secmode m, bool on, struct secmode_plan *p, struct err *e)
{
	char *tls = setting_text(c, "security", "tls-min-version");

	memset(p, 0, sizeof(*p));
	p->fips = p->was_fips = mode_on(c, SECMODE_FIPS);
	p->esm = p->was_esm = mode_on(c, SECMODE_ESM);
	p->cc = p->was_cc = mode_on(c, SECMODE_CC);
	snprintf(p->tls_min, sizeof(p->tls_min), "%s", tls ? tls : "1.2");
	free(tls);
	if (m == SECMODE_FIPS && !on && (p->esm || p->cc))
		return err_set(e, ERR_REFUSED, "%s needs FIPS mode: disable it first (utils %s disable)",
			       p->esm ? "Enhanced Security Mode" : "Common Criteria mode",
			       p->esm ? "EnhancedSecurityMode" : "fips_common_criteria");
	switch (m) {
	case SECMODE_FIPS:
		p->fips = on;
		break;
	case SECMODE_ESM:
		p->esm = on;
		break;
	case SECMODE_CC:
		p->cc = on;
		break;
	}
	/* Enhanced Security and Common Criteria stand on FIPS mode: asking for
	 * either turns it on too (the confirmation says so). */
	if (on && m != SECMODE_FIPS)
		p->fips = true;
	/* "TLS 1.1 or higher" in Common Criteria mode. */
	if (p->cc && strcmp(p->tls_min, "1.0") == 0) {
		snprintf(p->tls_min, sizeof(p->tls_min), "1.1");
		p->tls_raised = true;
	}
	return 0;
}

int core_secmode_plan(struct core *c, enum secmode m, bool on, struct secmode_plan *p, struct err *e)
{
	if (plan_modes(c, m, on, p, e) != 0 || scan(c, p, e) != 0) {
		secmode_plan_free(p);
		return -1;
	}
	return 0;
}

int core_secmode_findings(struct core *c, struct secmode_plan *p, struct err *e)
{
	return core_secmode_plan(c, SECMODE_FIPS, mode_on(c, SECMODE_FIPS), p, e);
}

/* ---- applying ---- */

struct job {
	struct secmode_plan *p;
	const struct unit_def **units;
	struct pki_key **keys;
	int n;
	struct regen_result *res;
	enum secmode m;
	bool on;
};

static int set_flag(struct core *c, const char *id, bool on, struct err *e)
{
	return setting_set(c, "security", id, on ? "1" : "0", e);
}

int core_node_restart_note(struct core *c, const char *why, struct err *e)
{
	return setting_set(c, "security", "restart-pending", why, e);
}

static int apply(struct core *c, void *arg, struct err *e)
{
	struct job *j = arg;
	char why[200];

	for (int i = 0; i < j->n; i++)
		if (core_regen_apply(c, j->units[i], j->keys[i], PKI_DIGEST_DEFAULT, 0, j->res, e) != 0)
			return -1;
	if (set_flag(c, "fips-mode", j->p->fips, e) != 0 || set_flag(c, "esm-mode", j->p->esm, e) != 0 ||
	    set_flag(c, "cc-mode", j->p->cc, e) != 0 ||
	    setting_set(c, "security", "tls-min-version", j->p->tls_min, e) != 0)
		return -1;
	c->fx.tls = true;
	snprintf(why, sizeof(why), "%s %s", secmode_name(j->m), j->on ? "enabled" : "disabled");
	return core_node_restart_note(c, why, e);
}

/* One key per unit to regenerate: its default type, RSA at 2048 bits or more. */
static int make_keys(struct secmode_plan *p, struct job *j, struct err *e)
{
	struct pki_keyspec *specs = calloc((size_t)p->nregen + 1, sizeof(*specs));

	j->units = calloc((size_t)p->nregen + 1, sizeof(*j->units));
	j->keys = calloc((size_t)p->nregen + 1, sizeof(*j->keys));
	if (!specs || !j->units || !j->keys)
		abort();
	for (int i = 0; i < p->n; i++) {
		const struct unit_def *u = p->v[i].regenerate ? unit_find(p->v[i].name) : NULL;
		if (!u)
			continue;
		j->units[j->n] = u;
		specs[j->n++] =
		    (struct pki_keyspec){u->key, u->key == PKI_KEY_RSA && u->bits < 2048 ? 2048 : u->bits};
	}
	int rc = j->n ? pki_keys_generate(specs, j->n, j->keys, e->msg, sizeof(e->msg)) : PKI_OK;
	free(specs);
	if (rc != PKI_OK)
		return err_set(e, ERR_FAIL, "Cannot make the new keys: %s", e->msg);
	return 0;
}

int core_secmode_set(struct core *c, enum secmode m, bool on, struct secmode_plan *p,
		     struct regen_result *res, struct err *e)
{
	struct job j = {.p = p, .res = res, .m = m, .on = on};
	int rc;

	memset(res, 0, sizeof(*res));
	if (core_secmode_plan(c, m, on, p, e) != 0)
		return -1;
	if ((rc = make_keys(p, &j, e)) == 0)
		rc = core_write(c, apply, &j, e);
	for (int i = 0; i < j.n; i++)
		pki_key_free(j.keys[i]);
	free(j.keys);
	free(j.units);
	return rc;
}

int tls_version_number(const char *version)
{
	return version && strlen(version) == 3 && version[0] == '1' && version[1] == '.' &&
		       version[2] >= '0' && version[2] <= '3'
		   ? 10 + version[2] - '0'
		   : 12;
}

int core_tls_min(struct core *c)
{
	char *v = setting_text(c, "security", "tls-min-version");
	int n = tls_version_number(v);

	free(v);
	return n;
}

int core_tls_min_set(struct core *c, const char *version, struct err *e)
{
	char why[200];

	if (strcmp(version, "1.0") == 0 && mode_on(c, SECMODE_CC))
		return err_set(e, ERR_REFUSED,
			       "Common Criteria mode needs TLS 1.1 or higher; allowed: 1.1 | 1.2 | 1.3");
	if (setting_set(c, "security", "tls-min-version", version, e) != 0)
		return -1;
	c->fx.tls = true; /* the contexts name it */
	snprintf(why, sizeof(why), "TLS minimum version set to %s", version);
	return core_node_restart_note(c, why, e);
}
