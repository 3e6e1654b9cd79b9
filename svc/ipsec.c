/* IPsec policies: the documentation's fields, checked one by one (a bad
 * value names the allowed ones), algorithms through the crypto policy; a
 * change that touches enabled policies rewrites swanctl.conf (effect
 * "ipsec") and marks IPsec for restart. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cert.h"
#include "svc/cryptopolicy.h"
#include "svc/ipsec.h"
#include "svc/services.h"

#define P1_LIFETIME_DEFAULT 3600
#define P2_LIFETIME_DEFAULT 3600
#define LIFETIME_MIN 300
#define LIFETIME_MAX 86400
#define PSK_MIN 8

static bool id_chars(const char *s, size_t max)
{
	size_t n = strlen(s);

	return n >= 1 && n <= max &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == n;
}

bool ipsec_name_valid(const char *s, char *why, size_t len)
{
	if (id_chars(s, 50))
		return true;
	snprintf(why, len, "1-50 letters, digits and hyphens");
	return false;
}

static bool host_name(const char *s)
{
	size_t n = strlen(s), label = 0;

	if (n == 0 || n > 253 || s[0] == '.' || s[n - 1] == '.' || strspn(s, "0123456789.") == n)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '.') {
			if (label == 0 || p[-1] == '-')
				return false;
			label = 0;
		} else if (isalnum((unsigned char)*p) || (*p == '-' && label > 0)) {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return s[n - 1] != '-';
}

static int family_of(const char *s)
{
	unsigned char buf[16];

	if (inet_pton(AF_INET, s, buf) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, s, buf) == 1)
		return AF_INET6;
	return 0;
}

bool ipsec_address_valid(const char *s, char *why, size_t len)
{
	if (family_of(s) || host_name(s))
		return true;
	snprintf(why, len, "an IPv4 or IPv6 address or a host name (FQDN)");
	return false;
}

struct check {
	struct core *c;
	bool fips;
	struct ipsec_result *r;
	struct err *e;
};

static void warn(struct ipsec_result *r, const char *msg)
{
	if (r->nwarn < (int)(sizeof(r->warnings) / sizeof(r->warnings[0])))
		snprintf(r->warnings[r->nwarn++], sizeof(r->warnings[0]), "%s", msg);
}

/* An algorithm field: canonical name into *field, a weak one warned of. */
static int set_alg(struct check *k, enum crypto_kind kind, const char *what, const char *value, char **field)
{
	char why[400];
	int rc = crypto_check(kind, value, k->fips, what, why, sizeof(why));

	if (rc < 0)
		return err_set(k->e, ERR_INVALID, "%s", why);
	if (rc > 0)
		warn(k->r, why);
	free(*field);
	*field = strdup(crypto_find(kind, value)->name);
	return 0;
}

static int set_dh(struct check *k, const char *what, long value, long long *field)
{
	char text[16];
	char *canon = NULL;

	snprintf(text, sizeof(text), "%ld", value);
	if (set_alg(k, CRYPTO_DH, what, text, &canon) != 0)
		return -1;
	*field = atoll(canon);
	free(canon);
	return 0;
}

static int set_text(char **field, const char *value)
{
	free(*field);
	*field = value ? strdup(value) : NULL;
	return 0;
}

/* The fields the request gives, each checked on its own. */
static int apply_fields(struct check *k, struct ipsec_row *p, const struct ipsec_request *q)
{
	struct err *e = k->e;
	char why[200];

	if (q->mode && strcmp(q->mode, "transport") != 0)
		return err_set(e, ERR_INVALID,
			       "mode: only transport is supported (the documentation's only mode)");
	if (q->auth) {
		int rc = crypto_check(CRYPTO_AUTH, q->auth, k->fips, "authentication", why, sizeof(why));
		if (rc < 0)
			return err_set(e, ERR_INVALID, "%s", why);
		set_text(&p->auth, q->auth);
	}
	if (q->psk)
		set_text(&p->psk, q->psk);
	if (q->peer_type)
		set_text(&p->peer_type, q->peer_type);
	if (q->cert)
		set_text(&p->cert, q->cert);
	if (q->src && !ipsec_address_valid(q->src, why, sizeof(why)))
		return err_set(e, ERR_INVALID, "src %s: expected %s", q->src, why);
	if (q->dst && !ipsec_address_valid(q->dst, why, sizeof(why)))
		return err_set(e, ERR_INVALID, "dst %s: expected %s", q->dst, why);
	if (q->src)
		set_text(&p->src, q->src);
	if (q->dst)
		set_text(&p->dst, q->dst);
	if (q->src_port >= 0)
		p->src_port = q->src_port;
	if (q->dst_port >= 0)
		p->dst_port = q->dst_port;
	if (q->remote_port >= 0)
		p->remote_port = q->remote_port;
	if (q->protocol)
		set_text(&p->protocol, q->protocol);
	if ((q->encryption && set_alg(k, CRYPTO_IKE_ENC, "encryption", q->encryption, &p->encryption) != 0) ||
	    (q->hash && set_alg(k, CRYPTO_HASH, "hash", q->hash, &p->hash) != 0) ||
	    (q->esp && set_alg(k, CRYPTO_ESP, "ESP algorithm", q->esp, &p->esp) != 0) ||
	    (q->p1_dh >= 0 && set_dh(k, "phase 1 DH group", q->p1_dh, &p->p1_dh) != 0) ||
	    (q->p2_dh >= 0 && set_dh(k, "phase 2 DH group", q->p2_dh, &p->p2_dh) != 0))
		return -1;
	if (q->p1_lifetime >= 0)
		p->p1_lifetime = q->p1_lifetime;
	if (q->p2_lifetime >= 0)
		p->p2_lifetime = q->p2_lifetime;
	if (q->enable >= 0)
		p->enabled = q->enable == 1;
	return 0;
}

/* The rules between fields, on the policy as it would be stored. */
static int check_whole(struct check *k, struct ipsec_row *p)
{
	struct err *e = k->e;
	char why[400];

	if (!p->src || !p->dst)
		return err_set(e, ERR_INVALID, "A policy needs its addresses: src ADDR dst ADDR");
	if (strcmp(p->src, p->dst) == 0)
		return err_set(e, ERR_INVALID, "src and dst are both %s: the peer is another host", p->src);
	if (family_of(p->src) && family_of(p->dst) && family_of(p->src) != family_of(p->dst))
		return err_set(e, ERR_INVALID, "src %s and dst %s: one is IPv4, the other IPv6", p->src,
			       p->dst);
	if (strcmp(p->protocol, "any") == 0 && (p->src_port || p->dst_port))
		return err_set(e, ERR_INVALID,
			       "Ports need a protocol: protocol tcp or protocol udp (any has no ports)");
	if (p->p1_lifetime < LIFETIME_MIN || p->p1_lifetime > LIFETIME_MAX || p->p2_lifetime < LIFETIME_MIN ||
	    p->p2_lifetime > LIFETIME_MAX)
		return err_set(e, ERR_INVALID, "Lifetimes are %d-%d seconds", LIFETIME_MIN, LIFETIME_MAX);
	if (crypto_check(CRYPTO_AUTH, p->auth, k->fips, "authentication", why, sizeof(why)) < 0)
		return err_set(e, ERR_INVALID, "%s", why);
	if (strcmp(p->auth, "psk") == 0) {
		size_t n = p->psk ? strlen(p->psk) : 0;
		if (!p->psk)
			return err_set(
			    e, ERR_INVALID,
			    "Authentication by pre-shared key needs the key: psk-file FILE (or it is asked)");
		if (n < PSK_MIN || n >= IPSEC_PSK_MAX || !id_chars(p->psk, IPSEC_PSK_MAX))
			return err_set(e, ERR_INVALID,
				       "The pre-shared key must be %d-%d letters, digits and hyphens",
				       PSK_MIN, IPSEC_PSK_MAX - 1);
	} else if (p->psk) {
		explicit_bzero(p->psk, strlen(p->psk));
		free(p->psk);
		p->psk = NULL; /* a certificate policy keeps no key */
	}
	if (strcmp(p->peer_type, "different") == 0) {
		struct cert_row row;
		if (!p->cert)
			return err_set(
			    e, ERR_INVALID,
			    "Peer type different needs the peer's certificate: cert NAME (in ipsec-trust)");
		if (store_cert_get(core_cert_store(k->c, "trust"), "trust", "ipsec-trust", p->cert, &row) !=
		    STORE_OK)
			return err_set(
			    e, ERR_INVALID,
			    "%s is not in ipsec-trust (show cert list trust ipsec-trust; import it with "
			    "set cert import trust ipsec-trust FILE)",
			    p->cert);
		cert_row_free(&row);
		if (strcmp(p->auth, "cert") != 0)
			return err_set(e, ERR_INVALID, "A peer certificate needs auth cert");
	} else if (p->cert) {
		return err_set(e, ERR_INVALID,
			       "cert NAME is for peer-type different (a peer of the same type is "
			       "trusted through ipsec-trust)");
	}
	return 0;
}

/* IPsec is told when what it runs changes. */
static void applied(struct core *c, struct ipsec_result *r)
{
	fx_write_ipsec(c);
	r->applied = true;
	r->restart = service_mark_restart(c->store, "ipsec", "IPsec policies changed") == STORE_OK;
}

static int put(struct core *c, const struct ipsec_row *p, struct err *e)
{
	if (store_ipsec_put(c->store, p) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot write the policy: %s", store_errmsg(c->store));
	return 0;
}

static int names_ok(const char *grp, const char *name, struct err *e)
{
	char why[100];

	if (!ipsec_name_valid(grp, why, sizeof(why)))
		return err_set(e, ERR_INVALID, "Policy group %s: expected %s", grp, why);
	if (name && !ipsec_name_valid(name, why, sizeof(why)))
		return err_set(e, ERR_INVALID, "Policy name %s: expected %s", name, why);
	return 0;
}

int core_ipsec_add(struct core *c, const char *grp, const char *name, const struct ipsec_request *q,
		   struct ipsec_result *r, struct err *e)
{
	struct ipsec_row p = {0}, old;
	struct check k = {c, core_fips_mode(c), r, e};
	int rc;

	memset(r, 0, sizeof(*r));
	if (names_ok(grp, name, e) != 0)
		return -1;
	if ((rc = store_ipsec_get(c->store, grp, name, &old)) == STORE_OK) {
		ipsec_row_free(&old);
		return err_set(e, ERR_INVALID, "Policy %s %s exists: ipsec policy update %s %s …", grp, name,
			       grp, name);
	}
	if (rc != STORE_NOTFOUND)
		return err_set(e, ERR_FAIL, "Cannot read the policies: %s", store_errmsg(c->store));
	p.grp = strdup(grp);
	p.name = strdup(name);
	p.auth = strdup(crypto_default(CRYPTO_AUTH)->name);
	p.peer_type = strdup("same");
	p.remote_port = 500;
	p.protocol = strdup("any");
	p.encryption = strdup(crypto_default(CRYPTO_IKE_ENC)->name);
	p.hash = strdup(crypto_default(CRYPTO_HASH)->name);
	p.esp = strdup(crypto_default(CRYPTO_ESP)->name);
	p.p1_lifetime = P1_LIFETIME_DEFAULT;
	p.p2_lifetime = P2_LIFETIME_DEFAULT;
	p.p1_dh = p.p2_dh = atoll(crypto_default(CRYPTO_DH)->name);
	rc = apply_fields(&k, &p, q) == 0 && check_whole(&k, &p) == 0 ? put(c, &p, e) : -1;
	if (rc == 0 && p.enabled)
		applied(c, r);
	ipsec_row_free(&p);
	return rc;
}

int core_ipsec_update(struct core *c, const char *grp, const char *name, const struct ipsec_request *q,
		      struct ipsec_result *r, struct err *e)
{
	struct ipsec_row p;
	struct check k = {c, core_fips_mode(c), r, e};
	int rc;

	memset(r, 0, sizeof(*r));
	if (core_ipsec_get(c, grp, name, &p, e) != 0)
		return -1;
	bool was = p.enabled;
	/* A new peer type drops a certificate that no longer applies. */
	if (q->peer_type && strcmp(q->peer_type, "same") == 0 && !q->cert)
		set_text(&p.cert, NULL);
	rc = apply_fields(&k, &p, q) == 0 && check_whole(&k, &p) == 0 ? put(c, &p, e) : -1;
	if (rc == 0 && (was || p.enabled))
		applied(c, r);
	ipsec_row_free(&p);
	return rc;
}

int core_ipsec_enable(struct core *c, const char *grp, const char *name, bool on, struct ipsec_result *r,
		      struct err *e)
{
	struct ipsec_row p;

	memset(r, 0, sizeof(*r));
	if (name) {
		if (core_ipsec_get(c, grp, name, &p, e) != 0)
			return -1;
		ipsec_row_free(&p);
	}
	if (store_ipsec_set_enabled(c->store, grp, name, on, &r->count) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot change the policies: %s", store_errmsg(c->store));
	if (!name && r->count == 0) {
		int n = 0;
		core_ipsec_each(c, grp, NULL, &n, e);
		if (n == 0)
			return err_set(e, ERR_INVALID, "There is no policy group %s (ipsec policy list)",
				       grp);
	}
	if (r->count)
		applied(c, r);
	return 0;
}

struct counting {
	int (*fn)(const struct ipsec_row *r, void *ctx);
	void *ctx;
};

static int count_or_call(const struct ipsec_row *r, void *arg)
{
	struct counting *k = arg;

	if (!k->fn) {
		(*(int *)k->ctx)++;
		return 0;
	}
	return k->fn(r, k->ctx);
}

int core_ipsec_delete(struct core *c, const char *grp, const char *name, struct ipsec_result *r,
		      struct err *e)
{
	struct ipsec_row p;
	bool any_enabled = false;

	memset(r, 0, sizeof(*r));
	if (name) {
		if (core_ipsec_get(c, grp, name, &p, e) != 0)
			return -1;
		any_enabled = p.enabled;
		ipsec_row_free(&p);
	} else {
		int enabled = 0;
		struct counting k = {NULL, &enabled};
		if (store_ipsec_each(c->store, grp, true, count_or_call, &k) != STORE_OK)
			return err_set(e, ERR_FAIL, "Cannot read the policies: %s", store_errmsg(c->store));
		any_enabled = enabled > 0;
	}
	if (store_ipsec_delete(c->store, grp, name, &r->count) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot delete the policies: %s", store_errmsg(c->store));
	if (r->count == 0)
		return err_set(e, ERR_INVALID, "There is no policy group %s (ipsec policy list)", grp);
	if (any_enabled)
		applied(c, r);
	return 0;
}

int core_ipsec_get(struct core *c, const char *grp, const char *name, struct ipsec_row *out, struct err *e)
{
	int rc = store_ipsec_get(c->store, grp, name, out);

	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_INVALID, "There is no policy %s in group %s (ipsec policy list %s)",
			       name, grp, grp);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the policy: %s", store_errmsg(c->store));
	return 0;
}

int core_ipsec_each(struct core *c, const char *grp, int (*fn)(const struct ipsec_row *r, void *ctx),
		    void *ctx, struct err *e)
{
	struct counting k = {fn, ctx};

	if (store_ipsec_each(c->store, grp, false, count_or_call, &k) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the policies: %s", store_errmsg(c->store));
	return 0;
}

struct groups {
	int (*fn)(const char *grp, void *ctx);
	void *ctx;
	char last[64];
};

static int each_group(const struct ipsec_row *r, void *arg)
{
	struct groups *g = arg;

	if (strcmp(g->last, r->grp) == 0)
		return 0;
	snprintf(g->last, sizeof(g->last), "%s", r->grp);
	return g->fn(r->grp, g->ctx);
}

int core_ipsec_groups(struct core *c, int (*fn)(const char *grp, void *ctx), void *ctx)
{
	struct groups g = {fn, ctx, ""};

	return store_ipsec_each(c->store, NULL, false, each_group, &g) == STORE_OK ? 0 : -1;
}

static const char *swan(enum crypto_kind k, const char *name)
{
	const struct crypto_alg *a = crypto_find(k, name);

	return a ? a->swan : name;
}

static const char *swan_dh(long long group)
{
	char text[16];
	const struct crypto_alg *a;

	snprintf(text, sizeof(text), "%lld", group);
	a = crypto_find(CRYPTO_DH, text);
	return a ? a->swan : "unknown-dh-group";
}

void ipsec_ike_proposal(const struct ipsec_row *r, char *buf, size_t len)
{
	const struct crypto_alg *enc = crypto_find(CRYPTO_IKE_ENC, r->encryption);

	/* An AEAD cipher has its own integrity: the hash is the PRF. */
	snprintf(buf, len, "%s-%s%s-%s", enc ? enc->swan : r->encryption, enc && enc->aead ? "prf" : "",
		 swan(CRYPTO_HASH, r->hash), swan_dh(r->p1_dh));
}

void ipsec_esp_proposal(const struct ipsec_row *r, char *buf, size_t len)
{
	const struct crypto_alg *esp = crypto_find(CRYPTO_ESP, r->esp);

	if (esp && esp->aead)
		snprintf(buf, len, "%s-%s", esp->swan, swan_dh(r->p2_dh));
	else
		snprintf(buf, len, "%s-%s-%s", esp ? esp->swan : r->esp, swan(CRYPTO_HASH, r->hash),
			 swan_dh(r->p2_dh));
}
