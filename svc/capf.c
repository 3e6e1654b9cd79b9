#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "pki/pki.h"
#include "store/user.h"
#include "svc/capf.h"
#include "svc/cryptopolicy.h"
#include "svc/services.h"
#include "svc/settings.h"
#include "util/timefmt.h"

bool capf_instance_valid(const char *id, char *why, size_t len)
{
	size_t n = strlen(id);
	bool ok = n >= 1 && n <= 128;

	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)id[i]);
	if (!ok)
		snprintf(why, len, "an instance ID: 1-128 letters and digits");
	return ok;
}

void capf_status_text(const struct capf_profile *p, char *buf, size_t len)
{
	if (strcmp(p->status, "pending") == 0 && strcmp(p->operation, "none") != 0 &&
	    p->completes_by < (long long)time(NULL))
		snprintf(buf, len, "Expired");
	else if (strcmp(p->status, "failed") == 0)
		snprintf(buf, len, "Failed: %s", p->reason ? p->reason : "unknown");
	else if (strcmp(p->status, "pending") == 0)
		snprintf(buf, len, "Pending");
	else if (strcmp(p->status, "success") == 0)
		snprintf(buf, len, "Success");
	else
		snprintf(buf, len, "None");
}

static void warn(struct capf_result *r, const char *text)
{
	if (r->nwarn < 4)
		snprintf(r->warnings[r->nwarn++], sizeof(r->warnings[0]), "%s", text);
}

/* A uniformly random string of digits from the kernel's CSPRNG. */
static int random_digits(char *out, int n)
{
	for (int i = 0; i < n;) {
		unsigned char b;
		if (getrandom(&b, 1, 0) != 1)
			return -1;
		if (b < 250)
			out[i++] = (char)('0' + b % 10);
	}
	out[n] = '\0';
	return 0;
}

static void capf_secret_free(char *s)
{
	if (s)
		memset(s, 0, strlen(s));
	free(s);
}

/* One string serves one operation of one instance: what was used is kept
 * as a digest only. */
static void string_digest(const char *instance, const char *s, char *out, size_t len)
{
	char buf[300];

	snprintf(buf, sizeof(buf), "%s:%s", instance, s);
	pki_digest_hex(buf, strlen(buf), "SHA256", out, len);
}

int core_capf_done(struct core *c, struct capf_profile *p)
{
	char digest[80];

	if (p->auth_string) {
		string_digest(p->instance, p->auth_string, digest, sizeof(digest));
		if (store_capf_string_burn(core_shared(c), p->instance, digest) != STORE_OK)
			return -1;
	}
	free(p->operation);
	free(p->status);
	free(p->reason);
	capf_secret_free(p->auth_string);
	p->operation = strdup("none");
	p->status = strdup("success");
	p->reason = NULL;
	p->auth_string = NULL;
	p->failures = 0;
	return store_capf_put(core_shared(c), p) == STORE_OK ? 0 : -1;
}

static int check_user(struct core *c, const char *kind, const char *user, struct err *e)
{
	struct user_row u;
	const char *want = strcmp(kind, "appuser") == 0 ? "application" : "end";
	int rc = store_user_get(core_shared(c), user, &u);

	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_INVALID, "No %s user %s (user add %s %s)", want, user, want, user);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the users: %s", store_errmsg(core_shared(c)));
	rc = strcmp(u.kind, want) == 0
		 ? 0
		 : err_set(e, ERR_INVALID, "%s is an %s user; a %s profile needs an %s user", user, u.kind,
			   kind, want);
	user_row_free(&u);
	return rc;
}

static int check_key(struct core *c, struct capf_profile *p, const struct capf_request *q, bool add,
		     struct capf_result *r, struct err *e)
{
	if (q->key_type) {
		free(p->key_type);
		p->key_type = strdup(q->key_type);
		if (add || q->key_size || q->curve || strcmp(p->key_type, "rsa") == 0) {
			free(p->curve);
			p->curve = NULL;
			p->key_size = 0;
		}
	}
	bool rsa = strcmp(p->key_type, "rsa") == 0;
	if (q->key_size && !rsa)
		return err_set(e, ERR_INVALID,
			       "A key size goes with key rsa; an EC key takes curve P-256 | P-384 | P-521");
	if (q->curve && rsa)
		return err_set(e, ERR_INVALID,
			       "A curve goes with key ec; an RSA key takes size 1024 | 2048 | 3072 | 4096");
	if (rsa) {
		if (q->key_size)
			p->key_size = q->key_size;
		if (!p->key_size)
			p->key_size = setting_int(c, "capf", "key-size");
		if (p->key_size == 512)
			return err_set(e, ERR_INVALID,
				       "Key size 512 is refused: a 512-bit RSA key can be factored in "
				       "hours; allowed: 1024 | 2048 | 3072 | 4096");
		if (p->key_size != 1024 && p->key_size != 2048 && p->key_size != 3072 && p->key_size != 4096)
			return err_set(e, ERR_INVALID, "Key size %ld: allowed 1024 | 2048 | 3072 | 4096",
				       (long)p->key_size);
		struct crypto_policy policy = core_crypto_policy(c);
		char why[300];
		if (crypto_check_rsa_bits(&policy, p->key_size, "The CAPF profile's key", why, sizeof(why)) !=
		    0)
			return err_set(e, ERR_REFUSED, "%s; allowed: 2048 | 3072 | 4096", why);
		if (p->key_size == 1024)
			warn(r, "1024-bit RSA keys are below the 2048 bits NIST has required since 2014");
	} else {
		if (q->curve) {
			free(p->curve);
			p->curve = strdup(q->curve);
		}
		if (!p->curve)
			p->curve = strdup("P-256");
		p->key_size = 0;
	}
	return 0;
}

static int check_string(struct core *c, struct capf_profile *p, const struct capf_request *q,
			struct capf_result *r, struct err *e)
{
	char digest[80];
	bool used = false;

	if (q->auth_mode) {
		free(p->auth_mode);
		p->auth_mode = strdup(q->auth_mode);
	}
	bool by_string = strcmp(p->auth_mode, "auth-string") == 0;
	if (q->auth_string && !by_string)
		return err_set(e, ERR_INVALID, "An authentication string goes with auth auth-string only");
	if (!by_string) {
		free(p->auth_string);
		p->auth_string = NULL;
		return 0;
	}
	if (q->auth_string) {
		const char *s = q->auth_string;
		if (strcmp(s, "generate") == 0) {
			if (random_digits(r->generated, 8) != 0)
				return err_set(e, ERR_FAIL, "Cannot generate a string: no randomness");
			s = r->generated;
		}
		free(p->auth_string);
		p->auth_string = strdup(s);
	}
	if (!p->auth_string && strcmp(p->operation, "none") != 0)
		return err_set(
		    e, ERR_INVALID,
		    "Operation %s by authentication string needs a string: auth auth-string DIGITS "
		    "(4-10 digits) or auth auth-string generate",
		    p->operation);
	if (!p->auth_string)
		return 0;
	string_digest(p->instance, p->auth_string, digest, sizeof(digest));
	if (store_capf_string_used(core_shared(c), p->instance, digest, &used) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the profile: %s", store_errmsg(core_shared(c)));
	if (used)
		return err_set(
		    e, ERR_INVALID,
		    "That string was used for %s before; a string serves one operation: choose another "
		    "or generate one",
		    p->instance);
	return 0;
}

/* The fields of q onto p, with every rule; p is complete afterwards. */
static int apply_request(struct core *c, struct capf_profile *p, const struct capf_request *q, bool add,
			 struct capf_result *r, struct err *e)
{
	time_t now = time(NULL);

	if (q->operation) {
		bool changed = strcmp(p->operation, q->operation) != 0 || add;
		free(p->operation);
		p->operation = strdup(q->operation);
		if (changed || strcmp(q->operation, "none") != 0) {
			free(p->status);
			free(p->reason);
			p->status = strdup(strcmp(q->operation, "none") == 0 ? "none" : "pending");
			p->reason = NULL;
			p->failures = 0;
		}
	}
	if (check_string(c, p, q, r, e) != 0 || check_key(c, p, q, add, r, e) != 0)
		return -1;
	if (q->completes_by) {
		if (q->completes_by <= now)
			return err_set(e, ERR_INVALID, "completes-by must be in the future");
		p->completes_by = q->completes_by;
	} else if (add || q->operation) {
		p->completes_by = now + setting_int(c, "enterprise", "capf-operation-expires") * 86400L;
	}
	if (strcmp(p->operation, "none") != 0) {
		bool on = false, pending;
		service_state_of(c->store, service_find("capf", NULL, 0), &on, &pending, NULL);
		if (setting_int(c, "enterprise", "cluster-security-mode") != 1)
			warn(r, "the cluster is not in mixed mode: the operation can run once it is "
				"(utils ctl set-cluster mixed-mode)");
		if (!on)
			warn(r, "Cisco Certificate Authority Proxy Function is not activated: the "
				"operation can run once it is (utils service activate capf)");
	}
	return 0;
}

static int put(struct core *c, const struct capf_profile *p, struct err *e)
{
	if (store_capf_put(core_shared(c), p) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot store the profile: %s", store_errmsg(core_shared(c)));
	return 0;
}

int core_capf_add(struct core *c, const char *instance, const struct capf_request *q, struct capf_result *r,
		  struct err *e)
{
	struct capf_profile p = {0}, old;
	char why[100];
	int rc;

	memset(r, 0, sizeof(*r));
	if (!capf_instance_valid(instance, why, sizeof(why)))
		return err_set(e, ERR_INVALID, "%s: expected %s", instance, why);
	if (core_shared_write(c, e) != 0 || check_user(c, q->kind, q->user, e) != 0)
		return -1;
	/* Instance IDs and device names share one namespace. */
	if (store_capf_get(core_shared(c), instance, &old) == STORE_OK) {
		err_set(e, ERR_INVALID,
			"Instance ID %s is taken (a CAPF profile of %s); device names are unique", instance,
			old.user);
		capf_profile_free(&old);
		return -1;
	}
	p.instance = strdup(instance);
	p.kind = strdup(q->kind);
	p.user = strdup(q->user);
	p.operation = strdup("none");
	p.auth_mode = strdup("auth-string");
	p.key_type = strdup("rsa");
	p.status = strdup("none");
	struct capf_request full = *q;
	if (!full.operation)
		full.operation = "none";
	rc = apply_request(c, &p, &full, true, r, e) == 0 ? put(c, &p, e) : -1;
	capf_profile_free(&p);
	return rc;
}

int core_capf_get(struct core *c, const char *instance, struct capf_profile *out, struct err *e)
{
	int rc = store_capf_get(core_shared(c), instance, out);

	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "No CAPF profile %s (capf profile list)", instance);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the profile: %s", store_errmsg(core_shared(c)));
	return 0;
}

int core_capf_update(struct core *c, const char *instance, const struct capf_request *q,
		     struct capf_result *r, struct err *e)
{
	struct capf_profile p;
	int rc;

	memset(r, 0, sizeof(*r));
	if (core_shared_write(c, e) != 0 || core_capf_get(c, instance, &p, e) != 0)
		return -1;
	rc = apply_request(c, &p, q, false, r, e) == 0 ? put(c, &p, e) : -1;
	capf_profile_free(&p);
	return rc;
}

int core_capf_copy(struct core *c, const char *from, const char *to, struct capf_result *r, struct err *e)
{
	struct capf_profile p;
	int rc;

	if (core_shared_write(c, e) != 0 || core_capf_get(c, from, &p, e) != 0)
		return -1;
	struct capf_request q = {
	    .kind = p.kind,
	    .user = p.user,
	    .operation = p.operation,
	    .auth_mode = p.auth_mode,
	    .auth_string = strcmp(p.auth_mode, "auth-string") == 0 && strcmp(p.operation, "none") != 0
			       ? "generate"
			       : NULL,
	    .key_type = p.key_type,
	    .key_size = (long)p.key_size,
	    .curve = p.curve,
	};
	rc = core_capf_add(c, to, &q, r, e);
	capf_profile_free(&p);
	return rc;
}

/* The IPMA's secure connection names a profile (its dependency record). */
static int check_unused(struct core *c, const char *instance, struct err *e)
{
	char *ipma = setting_text(c, "ipma", "capf-instance-id");
	int rc = 0;

	if (ipma && strcmp(ipma, instance) == 0)
		rc = err_set(
		    e, ERR_REFUSED,
		    "%s is the IP Manager Assistant's \"CAPF Profile Instance ID for Secure Connection to "
		    "CTIManager\": set that parameter to another profile first; nothing was deleted",
		    instance);
	free(ipma);
	return rc;
}

struct all_ids {
	char **v;
	int n;
};

static int collect_id(const struct capf_profile *p, void *ctx)
{
	struct all_ids *a = ctx;
	char **v = realloc(a->v, (size_t)(a->n + 1) * sizeof(*v));

	if (!v)
		abort();
	a->v = v;
	a->v[a->n++] = strdup(p->instance);
	return 0;
}

int core_capf_delete(struct core *c, const char *const *ids, int n, bool all, int *deleted, struct err *e)
{
	struct all_ids a = {0};
	int rc = 0;

	*deleted = 0;
	if (core_shared_write(c, e) != 0)
		return -1;
	if (all && store_capf_each(core_shared(c), collect_id, &a) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the profiles: %s", store_errmsg(core_shared(c)));
	const char *const *v = all ? (const char *const *)a.v : ids;
	int count = all ? a.n : n;
	/* All or nothing: every one is checked first. */
	for (int i = 0; i < count && rc == 0; i++) {
		struct capf_profile p;
		if ((rc = core_capf_get(c, v[i], &p, e)) == 0) {
			capf_profile_free(&p);
			rc = check_unused(c, v[i], e);
		}
	}
	for (int i = 0; i < count && rc == 0; i++) {
		if (store_capf_delete(core_shared(c), v[i]) != STORE_OK)
			rc = err_set(e, ERR_FAIL, "Cannot delete %s: %s", v[i], store_errmsg(core_shared(c)));
		else
			++*deleted;
	}
	for (int i = 0; i < a.n; i++)
		free(a.v[i]);
	free(a.v);
	return rc;
}

int core_capf_each(struct core *c, int (*fn)(const struct capf_profile *p, void *ctx), void *ctx,
		   struct err *e)
{
	if (store_capf_each(core_shared(c), fn, ctx) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the profiles: %s", store_errmsg(core_shared(c)));
	return 0;
}

int core_capf_instances(struct core *c, int (*fn)(const char *instance, void *ctx), void *ctx, struct err *e)
{
	if (store_capf_instances(core_shared(c), fn, ctx) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the profiles: %s", store_errmsg(core_shared(c)));
	return 0;
}

struct of_user {
	const char *user;
	char *out;
	size_t len;
};

static int add_of_user(const struct capf_profile *p, void *ctx)
{
	struct of_user *k = ctx;
	size_t n = strlen(k->out);

	if (strcmp(p->user, k->user) == 0)
		snprintf(k->out + n, k->len - n, "%s%s", n ? ", " : "", p->instance);
	return 0;
}

int core_capf_of_user(struct core *c, const char *user, char *out, size_t len)
{
	struct of_user k = {user, out, len};

	out[0] = '\0';
	return store_capf_each(core_shared(c), add_of_user, &k) == STORE_OK ? 0 : -1;
}

void core_lsc_state(struct core *c, const struct lsc_row *l, char *buf, size_t len)
{
	struct capf_profile p;

	if (store_capf_get(core_shared(c), l->instance, &p) != STORE_OK) {
		snprintf(buf, len, "profile gone");
		return;
	}
	if (strcmp(p.user, l->user) != 0)
		snprintf(buf, len, "profile now of %s", p.user);
	else if (l->not_after < (long long)time(NULL))
		snprintf(buf, len, "expired");
	else
		snprintf(buf, len, "current");
	capf_profile_free(&p);
}

int core_lsc_each(struct core *c, int (*fn)(const struct lsc_row *l, void *ctx), void *ctx, struct err *e)
{
	if (store_lsc_each(core_shared(c), fn, ctx) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the LSCs: %s", store_errmsg(core_shared(c)));
	return 0;
}

int core_lsc_get(struct core *c, const char *instance, struct lsc_row *out, struct err *e)
{
	int rc = store_lsc_get(core_shared(c), instance, out);

	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "No LSC for %s (capf lsc list)", instance);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the LSC: %s", store_errmsg(core_shared(c)));
	return 0;
}

struct stale {
	struct core *c;
	struct all_ids ids;
};

static int collect_stale(const struct lsc_row *l, void *ctx)
{
	struct stale *k = ctx;
	char state[64];

	core_lsc_state(k->c, l, state, sizeof(state));
	if (strncmp(state, "profile", 7) == 0) {
		char **v = realloc(k->ids.v, (size_t)(k->ids.n + 1) * sizeof(*v));
		if (!v)
			abort();
		k->ids.v = v;
		k->ids.v[k->ids.n++] = strdup(l->instance);
	}
	return 0;
}

int core_lsc_delete_stale(struct core *c, int *deleted, struct err *e)
{
	struct stale k = {c, {0}};
	int rc = 0;

	*deleted = 0;
	if (core_shared_write(c, e) != 0)
		return -1;
	if (store_lsc_each(core_shared(c), collect_stale, &k) != STORE_OK)
		rc = err_set(e, ERR_FAIL, "Cannot read the LSCs: %s", store_errmsg(core_shared(c)));
	for (int i = 0; i < k.ids.n && rc == 0; i++) {
		if (store_lsc_delete(core_shared(c), k.ids.v[i]) != STORE_OK)
			rc = err_set(e, ERR_FAIL, "Cannot delete: %s", store_errmsg(core_shared(c)));
		else
			++*deleted;
	}
	for (int i = 0; i < k.ids.n; i++)
		free(k.ids.v[i]);
	free(k.ids.v);
	return rc;
}
