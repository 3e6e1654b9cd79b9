#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cert.h"
#include "store/domain.h"
#include "svc/certs.h"
#include "svc/cryptopolicy.h"
#include "svc/csr.h"
#include "svc/domain.h"
#include "svc/files.h"
#include "svc/units.h"

bool domain_name_valid(const char *name, char *canon, size_t clen, char *why, size_t wlen)
{
	size_t n = strlen(name), label = 0, labels = 1;

	if (!n || n > DOMAIN_MAX || n >= clen) {
		snprintf(why, wlen, "a domain has 1-%d characters", DOMAIN_MAX);
		return false;
	}
	for (size_t i = 0; i <= n; i++) {
		char ch = name[i];
		if (ch == '.' || ch == '\0') {
			if (!label || label > 63 || name[i - 1] == '-') {
				snprintf(why, wlen,
					 "each label of a domain has 1-63 letters, digits or hyphens and "
					 "does not end "
					 "with a hyphen");
				return false;
			}
			labels += ch == '.';
			label = 0;
		} else if (isalnum((unsigned char)ch) || (ch == '-' && label)) {
			label++;
		} else {
			snprintf(why, wlen,
				 "a domain takes letters, digits, hyphens and dots only (\"%c\" at %zu)", ch,
				 i + 1);
			return false;
		}
		canon[i] = (char)tolower((unsigned char)ch);
	}
	if (labels < 2) {
		snprintf(why, wlen, "a domain has at least two labels (example.com)");
		return false;
	}
	return true;
}

void domain_unit(const char *name, char *unit, size_t len)
{
	snprintf(unit, len, "%s%s", DOMAIN_UNIT, name);
}

int core_domain_known(struct core *c, const char *name, struct err *e)
{
	int rc = store_domain_exists(core_shared(c), name);

	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "There is no domain %s (domain list)", name);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the domains: %s", store_errmsg(core_shared(c)));
	return 0;
}

int core_domain_add(struct core *c, const char *name, bool *added, struct err *e)
{
	char canon[DOMAIN_MAX + 1], why[200];

	if (!domain_name_valid(name, canon, sizeof(canon), why, sizeof(why)))
		return err_set(e, ERR_INVALID, "\"%s\": %s", name, why);
	if (core_shared_write(c, e) != 0)
		return -1;
	if (store_domain_add(core_shared(c), canon, added) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot add the domain: %s", store_errmsg(core_shared(c)));
	return 0;
}

int core_domain_delete(struct core *c, const char *name, struct err *e)
{
	char unit[300];
	struct cert_row row;

	if (core_domain_known(c, name, e) != 0 || core_shared_write(c, e) != 0)
		return -1;
	domain_unit(name, unit, sizeof(unit));
	if (store_domain_delete(core_shared(c), name) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot delete the domain: %s", store_errmsg(core_shared(c)));
	/* This node's part: its request, key and certificate. */
	int rc = store_cert_get(c->store, "own", unit, unit, &row);
	if (rc == STORE_OK) {
		rc = store_cert_delete(c->store, row.id);
		cert_row_free(&row);
	}
	int crc = store_csr_delete(c->store, unit);
	if ((rc != STORE_OK && rc != STORE_NOTFOUND) || (crc != STORE_OK && crc != STORE_NOTFOUND) ||
	    store_own_key_delete(c->store, unit) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot delete the domain's certificate: %s",
			       store_errmsg(c->store));
	return 0;
}

int core_domain_each(struct core *c, int (*fn)(const char *name, const char *created, void *ctx), void *ctx,
		     struct err *e)
{
	if (store_domain_each(core_shared(c), fn, ctx) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot list the domains: %s", store_errmsg(core_shared(c)));
	return 0;
}

int core_domain_state(struct core *c, const char *name, struct domain_state *st, struct err *e)
{
	char unit[300];
	struct cert_row row;
	struct pki_certlist l = {0};
	char why[200];

	memset(st, 0, sizeof(*st));
	domain_unit(name, unit, sizeof(unit));
	if (store_csr_get(c->store, unit, NULL, NULL, &st->csr_created) != STORE_OK)
		st->csr_created = NULL;
	if (store_cert_get(c->store, "own", unit, unit, &row) != STORE_OK)
		return 0;
	if (pki_parse_certs((const unsigned char *)row.pem, strlen(row.pem), &l, why, sizeof(why)) ==
		PKI_OK &&
	    l.n) {
		pki_cert_facts(l.v[0], &st->cert);
		st->has_cert = true;
	}
	pki_certlist_free(&l);
	cert_row_free(&row);
	(void)e;
	return 0;
}

void domain_state_free(struct domain_state *st)
{
	free(st->csr_created);
	st->csr_created = NULL;
}

struct csr_job {
	const char *unit, *pem, *key_pem;
	struct domain_csr_result *r;
	const char *domain;
};

static int csr_apply(struct core *c, void *arg, struct err *e)
{
	struct csr_job *j = arg;

	/* The domain may have gone while the key was made. */
	if (core_domain_known(c, j->domain, e) != 0)
		return -1;
	if (store_csr_get(c->store, j->unit, NULL, NULL, &j->r->replaced) != STORE_OK)
		j->r->replaced = NULL;
	if (store_csr_put(c->store, j->unit, j->pem, j->key_pem) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot store the request: %s", store_errmsg(c->store));
	return 0;
}

/* The node's subject (organisation, place) with the domain as CN; the
 * domain, collab-edge.DOMAIN and the extra names as SANs. */
static int build(struct core *c, const struct domain_csr_request *q, struct pki_key *k, struct pki_csr **csr,
		 struct err *e)
{
	struct pki_request req;
	const char *dns[DOMAIN_SANS_MAX + 2];
	char edge[DOMAIN_MAX + 16];
	int n = 0, rc;

	if (core_unit_request(c, unit_find("tomcat"), &req, e->msg, sizeof(e->msg)) != 0) {
		e->code = ERR_FAIL;
		return -1;
	}
	const struct pki_subject *own = req.subject;
	struct pki_subject subj = *own;
	subj.cn = q->domain;
	dns[n++] = q->domain;
	if (q->collab_edge) {
		snprintf(edge, sizeof(edge), "collab-edge.%s", q->domain);
		dns[n++] = edge;
	}
	for (int i = 0; i < q->nsans && n < DOMAIN_SANS_MAX + 2; i++)
		dns[n++] = q->sans[i];
	req.subject = &subj;
	req.dns = dns;
	req.ndns = n;
	req.nips = 0;
	req.digest = q->digest ? q->digest : PKI_SHA256;
	rc = pki_csr_build(k, &req, csr, e->msg, sizeof(e->msg));
	req.subject = own;
	core_unit_request_free(&req);
	if (rc != 0)
		e->code = rc == PKI_EINPUT ? ERR_INVALID : ERR_FAIL;
	return rc;
}

static int check_request(struct core *c, const struct domain_csr_request *q, struct domain_csr_result *r,
			 struct err *e)
{
	struct crypto_policy policy = core_crypto_policy(c);
	char canon[DOMAIN_MAX + 1], why[300];

	if (q->bits != 1024 && q->bits != 2048 && q->bits != 4096)
		return err_set(e, ERR_INVALID, "Key size %d: allowed 1024 | 2048 | 4096", q->bits);
	if (crypto_check_rsa_bits(&policy, q->bits, "The domain's key", why, sizeof(why)) != 0)
		return err_set(e, ERR_REFUSED, "%s; allowed: 2048 | 4096", why);
	if (q->bits == 1024)
		snprintf(r->warning, sizeof(r->warning),
			 "a 1024-bit RSA key is below the 2048 bits NIST has required since 2014");
	if (q->nsans > DOMAIN_SANS_MAX)
		return err_set(e, ERR_INVALID, "At most %d more names", DOMAIN_SANS_MAX);
	for (int i = 0; i < q->nsans; i++)
		if (!domain_name_valid(q->sans[i], canon, sizeof(canon), why, sizeof(why)))
			return err_set(e, ERR_INVALID, "san \"%s\": %s", q->sans[i], why);
	return core_domain_known(c, q->domain, e);
}

int core_domain_csr_gen(struct core *c, const struct domain_csr_request *q, struct domain_csr_result *r,
			struct err *e)
{
	struct pki_keyspec spec = {PKI_KEY_RSA, q->bits};
	struct pki_key *k = NULL;
	struct pki_csr *csr = NULL;
	char *key_pem = NULL, unit[300];
	int rc;

	memset(r, 0, sizeof(*r));
	if (check_request(c, q, r, e) != 0)
		return -1;
	if ((rc = pki_key_generate(&spec, &k, e->msg, sizeof(e->msg))) != 0) {
		e->code = ERR_FAIL;
		return -1;
	}
	if ((rc = build(c, q, k, &csr, e)) != 0)
		goto out;
	r->pem = pki_csr_to_pem(csr);
	key_pem = pki_key_to_pem(k);
	if (!r->pem || !key_pem) {
		rc = err_set(e, ERR_FAIL, "Cannot encode the request");
		goto out;
	}
	domain_unit(q->domain, unit, sizeof(unit));
	struct csr_job j = {unit, r->pem, key_pem, r, q->domain};
	rc = core_write(c, csr_apply, &j, e);
out:
	pki_secret_free(key_pem);
	pki_csr_free(csr);
	pki_key_free(k);
	return rc;
}

void domain_csr_result_free(struct domain_csr_result *r)
{
	free(r->pem);
	free(r->replaced);
	r->pem = r->replaced = NULL;
}

int core_domain_csr(struct core *c, const char *name, char **pem, struct pki_csr_facts *f, struct err *e)
{
	char unit[300], why[200];
	struct pki_csr *csr;
	int rc;

	*pem = NULL;
	domain_unit(name, unit, sizeof(unit));
	if (core_domain_known(c, name, e) != 0)
		return -1;
	rc = store_csr_get(c->store, unit, pem, NULL, NULL);
	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "%s has no CSR in progress on this node (domain csr gen %s)",
			       name, name);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the request: %s", store_errmsg(c->store));
	if (f) {
		if (!(csr = pki_csr_from_pem(*pem, why, sizeof(why)))) {
			free(*pem);
			*pem = NULL;
			return err_set(e, ERR_FAIL, "The stored request cannot be read: %s", why);
		}
		pki_csr_facts(csr, f);
		pki_csr_free(csr);
	}
	return 0;
}

int core_domain_csr_export(struct core *c, const char *name, const char *file, struct err *e)
{
	char *pem = NULL;
	int rc;

	if (core_domain_csr(c, name, &pem, NULL, e) != 0)
		return -1;
	rc = core_file_create(c, file, pem, strlen(pem), e);
	free(pem);
	return rc;
}

int core_domain_csr_discard(struct core *c, const char *name, struct err *e)
{
	char *pem = NULL, unit[300];

	if (core_domain_csr(c, name, &pem, NULL, e) != 0)
		return -1;
	free(pem);
	domain_unit(name, unit, sizeof(unit));
	if (store_csr_delete(c->store, unit) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot discard the request: %s", store_errmsg(c->store));
	return 0;
}
