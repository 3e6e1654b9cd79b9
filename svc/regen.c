#include <stdio.h>
#include <string.h>

#include "store/cert.h"
#include "svc/certs.h"
#include "svc/regen.h"
#include "svc/trustlist.h"
#include "svc/xmpp.h"

struct regen_job {
	const struct regen_request *rq;
	struct regen_result *res;
	struct pki_key *key;
};

int core_regen_apply(struct core *c, const struct unit_def *u, const struct pki_key *key, enum pki_digest d,
		     int days, struct regen_result *res, struct err *e)
{
	if (core_self_signed(c, u, key, d, days, e->msg, sizeof(e->msg)) != 0) {
		e->code = ERR_FAIL;
		return -1;
	}
	res->csr_discarded |= store_csr_delete(c->store, u->name) == STORE_OK;
	core_mark_restart(c, u, "certificate regenerated", &res->restart);
	res->ctl_stale |= trustlist_note_change(c, u->name);
	fx_deploy_unit(c, u);
	/* Router-to-router secure mode keeps the nodes' XMPP certificates trusted. */
	return strcmp(u->name, "cup-xmpp") == 0 ? core_xmpp_replicate(c, NULL, e) : 0;
}

static int regen_apply(struct core *c, void *arg, struct err *e)
{
	struct regen_job *j = arg;

	return core_regen_apply(c, j->rq->unit, j->key, j->rq->digest, j->rq->days, j->res, e);
}

int core_regen(struct core *c, const struct regen_request *rq, struct regen_result *res, struct err *e)
{
	const struct unit_def *u = rq->unit;
	struct pki_keyspec spec = rq->key_given ? rq->key : (struct pki_keyspec){u->key, u->bits};
	struct regen_job j = {rq, res, NULL};
	enum pki_digest d;
	int rc;

	memset(res, 0, sizeof(*res));
	if ((rc = core_unit_key_allowed(c, u, &spec, e)) != 0)
		return rc;
	if ((rc = pki_key_generate(&spec, &j.key, e->msg, sizeof(e->msg))) != 0) {
		char why[400];
		snprintf(why, sizeof(why), "%.399s", e->msg);
		return err_set(e, rc == PKI_EINPUT ? ERR_INVALID : ERR_FAIL, "Cannot make the key: %s", why);
	}
	/* A digest weaker than the key is the administrator's choice to fix. */
	if ((rc = pki_digest_for(j.key, rq->digest, &d, e->msg, sizeof(e->msg))) != 0) {
		e->code = rc == PKI_EINPUT ? ERR_INVALID : ERR_FAIL;
		pki_key_free(j.key);
		return -1;
	}
	pki_key_describe(j.key, res->key_desc, sizeof(res->key_desc));
	rc = core_write(c, regen_apply, &j, e);
	pki_key_free(j.key);
	return rc;
}
