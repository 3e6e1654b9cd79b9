/* The deploy directory: each unit's certificate, key and chain, and each
 * trust store as one bundle, for the services that consume them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node/deploy.h"
#include "pki/pki.h"
#include "store/cert.h"
#include "svc/deploy.h"
#include "util/strbuf.h"

struct bundle {
	struct strbuf pem;
};

static int add_to_bundle(const struct cert_row *r, void *ctx)
{
	struct bundle *b = ctx;

	strbuf_adds(&b->pem, r->pem);
	return 0;
}

int core_deploy_unit(struct core *c, const struct unit_def *u, struct err *e)
{
	const char *dir = c->config->deploy_dir, *group = c->config->deploy_group;
	struct cert_row row;
	struct strbuf name = STRBUF_INIT, chain = STRBUF_INIT;
	char *key = NULL;
	int rc = -1;

	if (store_cert_get(c->store, "own", u->name, u->name, &row) != STORE_OK) {
		return err_set(e, ERR_FAIL, "%s has no certificate", u->name);
	}
	if (store_own_key(c->store, u->name, &key) != STORE_OK) {
		err_set(e, ERR_FAIL, "%s has no key", u->name);
		goto out;
	}
	strbuf_adds(&chain, row.pem);
	if (row.chain)
		strbuf_adds(&chain, row.chain);
	strbuf_addf(&name, "%s.pem", u->name);
	if (deploy_write(dir, name.buf, row.pem, strlen(row.pem), group ? 0640 : 0600, group, e->msg,
			 sizeof(e->msg)) != 0)
		goto out;
	strbuf_reset(&name);
	strbuf_addf(&name, "%s.key", u->name);
	if (deploy_write(dir, name.buf, key, strlen(key), group ? 0640 : 0600, group, e->msg,
			 sizeof(e->msg)) != 0)
		goto out;
	strbuf_reset(&name);
	strbuf_addf(&name, "%s-chain.pem", u->name);
	if (deploy_write(dir, name.buf, chain.buf, chain.len, group ? 0640 : 0600, group, e->msg,
			 sizeof(e->msg)) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		e->code = ERR_FAIL;
	pki_secret_free(key);
	cert_row_free(&row);
	strbuf_release(&name);
	strbuf_release(&chain);
	return rc;
}

int core_trust_bundle(struct core *c, const char *trust, struct strbuf *pem, struct err *e)
{
	struct bundle b = {STRBUF_INIT};

	if (store_cert_each(core_shared(c), "trust", trust, 0, true, add_to_bundle, &b) != STORE_OK) {
		strbuf_release(&b.pem);
		return err_set(e, ERR_FAIL, "cannot read %s: %s", trust, store_errmsg(core_shared(c)));
	}
	*pem = b.pem;
	return 0;
}

int core_deploy_trust(struct core *c, const char *trust, struct err *e)
{
	struct bundle b = {STRBUF_INIT};
	struct strbuf name = STRBUF_INIT;
	int rc;

	if (core_trust_bundle(c, trust, &b.pem, e) != 0)
		return -1;
	strbuf_addf(&name, "%s.pem", trust);
	rc = deploy_write(c->config->deploy_dir, name.buf, b.pem.buf ? b.pem.buf : "", b.pem.len,
			  c->config->deploy_group ? 0640 : 0600, c->config->deploy_group, e->msg,
			  sizeof(e->msg));
	strbuf_release(&name);
	strbuf_release(&b.pem);
	if (rc != 0)
		e->code = ERR_FAIL;
	return rc;
}
