#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/capf.h"
#include "svc/certstore.h"
#include "svc/files.h"
#include "svc/trust.h"

struct lsc_adapter {
	int (*fn)(const struct cert_row *r, void *ctx);
	void *ctx;
	long long before;
};

/* An LSC as a certificate row of kind "lsc", unit CAPF (its issuer). */
static int lsc_as_cert(const struct lsc_row *l, void *arg)
{
	struct lsc_adapter *a = arg;

	if (a->before && l->not_after >= a->before)
		return 0;
	struct cert_row r = {.kind = (char *)"lsc",
			     .unit = (char *)"CAPF",
			     .name = l->instance,
			     .subject_cn = l->instance,
			     .issuer_cn = (char *)"CAPF",
			     .serial = l->serial,
			     .not_before = l->not_before,
			     .not_after = l->not_after,
			     .key_desc = l->key_desc};
	return a->fn(&r, a->ctx);
}

int core_cert_each(struct core *c, const char *kind, const char *unit, long long before,
		   int (*fn)(const struct cert_row *r, void *ctx), void *ctx, struct err *e)
{
	if (strcmp(kind, "lsc") == 0) {
		struct lsc_adapter a = {fn, ctx, before};
		if (store_lsc_each(core_shared(c), lsc_as_cert, &a) != STORE_OK)
			return err_set(e, ERR_FAIL, "Cannot list the LSCs: %s", store_errmsg(core_shared(c)));
		return 0;
	}
	struct store *st = core_cert_store(c, kind);

	if (store_cert_each(st, kind, unit, before, false, fn, ctx) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot list certificates: %s", store_errmsg(st));
	return 0;
}

static int get(struct core *c, const char *kind, const char *unit, const char *name, struct cert_row *row,
	       struct err *e)
{
	struct store *st = core_cert_store(c, kind);
	int rc = store_cert_get(st, kind, unit, name, row);

	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "No certificate %s in %s", name, unit);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read %s: %s", name, store_errmsg(st));
	return 0;
}

int core_cert_view(struct core *c, const char *kind, const char *unit, const char *name, struct cert_view *v,
		   struct err *e)
{
	struct pki_cert *cert;
	char why[256];

	memset(v, 0, sizeof(*v));
	if (get(c, kind, unit, name, &v->row, e) != 0)
		return -1;
	if (!(cert = pki_cert_from_pem(v->row.pem, why, sizeof(why)))) {
		cert_row_free(&v->row);
		return err_set(e, ERR_FAIL, "Stored certificate %s is unreadable: %s", name, why);
	}
	pki_cert_facts(cert, &v->facts);
	pki_cert_free(cert);
	return 0;
}

void core_cert_view_free(struct cert_view *v)
{
	cert_row_free(&v->row);
}

int core_trust_delete(struct core *c, const char *unit, const char *name, struct strbuf *restart,
		      struct err *e)
{
	struct cert_row row;
	int rc;

	if (core_shared_write(c, e) != 0 || get(c, "trust", unit, name, &row, e) != 0)
		return -1;
	rc = store_cert_delete(core_shared(c), row.id);
	cert_row_free(&row);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot delete %s: %s", name, store_errmsg(core_shared(c)));
	core_trust_mark_users(c, unit, restart);
	fx_deploy_trust(c, unit);
	return 0;
}

static int count_one(const struct cert_row *r, void *ctx)
{
	++*(int *)ctx;
	return 0;
}

int core_cert_counts(struct core *c, int days, struct cert_counts *n, struct err *e)
{
	memset(n, 0, sizeof(*n));
	if (store_cert_count(c->store, "own", &n->own) != STORE_OK ||
	    store_cert_count(core_shared(c), "trust", &n->trust) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot count certificates: %s", store_errmsg(core_shared(c)));
	long long before = (long long)time(NULL) + (long long)days * 86400;
	if (core_cert_each(c, "own", NULL, before, count_one, &n->expiring, e) != 0 ||
	    core_cert_each(c, "trust", NULL, before, count_one, &n->expiring, e) != 0)
		return -1;
	return 0;
}

int core_cert_export(struct core *c, bool own, const char *unit, const char *name, const char *file, bool der,
		     struct err *e)
{
	struct cert_row row;
	struct pki_cert *cert = NULL;
	unsigned char *bytes = NULL;
	size_t len = 0;
	char why[256];
	int rc = -1;

	if (get(c, own ? "own" : "trust", unit, name, &row, e) != 0)
		return -1;
	if (der && (!(cert = pki_cert_from_pem(row.pem, why, sizeof(why))) ||
		    !(bytes = pki_cert_to_der(cert, &len)))) {
		err_set(e, ERR_FAIL, "Cannot encode %s", name);
		goto out;
	}
	rc = core_file_create(c, file, der ? (void *)bytes : row.pem, der ? len : strlen(row.pem), e);
out:
	free(bytes);
	pki_cert_free(cert);
	cert_row_free(&row);
	return rc;
}
