#include <stdlib.h>
#include <string.h>

#include "store/cert.h"
#include "svc/certs.h"
#include "svc/csr.h"
#include "svc/files.h"

#define MAX_DNS 24

struct csr_job {
	const char *unit;
	const char *pem, *key_pem;
	struct csr_result *res;
};

static int csr_apply(struct core *c, void *arg, struct err *e)
{
	struct csr_job *j = arg;

	if (store_csr_get(c->store, j->unit, NULL, NULL, &j->res->replaced) != STORE_OK)
		j->res->replaced = NULL;
	if (store_csr_put(c->store, j->unit, j->pem, j->key_pem) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot store the request: %s", store_errmsg(c->store));
	return 0;
}

/* The request for the unit's subject, with the extra names after the
 * node's own. */
static int build(struct core *c, const struct csr_request *rq, struct pki_key *k, struct pki_csr **csr,
		 struct err *e)
{
	struct pki_request req;
	const char *dns[MAX_DNS];
	int n, rc;

	if (core_unit_request(c, rq->unit, &req, e->msg, sizeof(e->msg)) != 0) {
		e->code = ERR_FAIL;
		return -1;
	}
	req.digest = rq->digest;
	/* The subject is borrowed: core_unit_request_free needs the original. */
	const struct pki_subject *own = req.subject;
	struct pki_subject subj = *own;
	if (rq->no_ou)
		subj.ou = NULL;
	req.subject = &subj;
	n = req.ndns;
	memcpy(dns, req.dns, (size_t)n * sizeof(*dns));
	for (int i = 0; i < rq->nextra && n < MAX_DNS; i++)
		dns[n++] = rq->extra_dns[i];
	req.dns = dns;
	req.ndns = n;
	rc = pki_csr_build(k, &req, csr, e->msg, sizeof(e->msg));
	req.subject = own;
	core_unit_request_free(&req);
	if (rc != 0)
		e->code = rc == PKI_EINPUT ? ERR_INVALID : ERR_FAIL;
	return rc;
}

int core_csr_generate(struct core *c, const struct csr_request *rq, struct csr_result *res, struct err *e)
{
	struct pki_key *k = NULL;
	struct pki_csr *csr = NULL;
	char *key_pem = NULL;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (core_unit_key_allowed(c, rq->unit, &rq->key, e) != 0)
		return -1;
	if ((rc = pki_key_generate(&rq->key, &k, e->msg, sizeof(e->msg))) != 0) {
		e->code = rc == PKI_EINPUT ? ERR_INVALID : ERR_FAIL;
		return -1;
	}
	if ((rc = build(c, rq, k, &csr, e)) != 0)
		goto out;
	res->pem = pki_csr_to_pem(csr);
	key_pem = pki_key_to_pem(k);
	if (!res->pem || !key_pem) {
		rc = err_set(e, ERR_FAIL, "Cannot encode the request");
		goto out;
	}
	struct csr_job j = {rq->unit->name, res->pem, key_pem, res};
	rc = core_write(c, csr_apply, &j, e);
out:
	pki_secret_free(key_pem);
	pki_csr_free(csr);
	pki_key_free(k);
	return rc;
}

void core_csr_result_free(struct csr_result *res)
{
	free(res->pem);
	free(res->replaced);
	memset(res, 0, sizeof(*res));
}

int core_csr_each(struct core *c, int (*fn)(const char *unit, const char *created, void *ctx), void *ctx,
		  struct err *e)
{
	if (store_csr_each(c->store, fn, ctx) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot list requests: %s", store_errmsg(c->store));
	return 0;
}

int core_csr_pem(struct core *c, const char *unit, char **pem, struct err *e)
{
	int rc = store_csr_get(c->store, unit, pem, NULL, NULL);

	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "%s has no pending CSR (set csr gen %s)", unit, unit);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the request: %s", store_errmsg(c->store));
	return 0;
}

int core_csr_export(struct core *c, const char *unit, const char *name, struct err *e)
{
	char *pem = NULL;
	int rc;

	if (core_csr_pem(c, unit, &pem, e) != 0)
		return -1;
	rc = core_file_create(c, name, pem, strlen(pem), e);
	free(pem);
	return rc;
}

int core_csr_delete(struct core *c, const char *unit, struct err *e)
{
	int rc = store_csr_delete(c->store, unit);

	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "%s has no pending CSR", unit);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot delete the request: %s", store_errmsg(c->store));
	return 0;
}
