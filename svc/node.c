#include <stdio.h>

#include "pki/version.h"
#include "sftp/version.h"
#include "svc/node.h"

int core_identity(struct core *c, struct node_identity *id, char *fqdn, size_t len, struct err *e)
{
	if (store_node_get(c->store, id) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the node identity: %s", store_errmsg(c->store));
	snprintf(fqdn, len, "%s.%s", id->hostname, id->domain);
	return 0;
}

int core_identity_set(struct core *c, enum node_field field, const char *value, struct err *e)
{
	static const char *const labels[] = {"hostname", "domain", "IP address"};

	if (store_node_set(c->store, field, value) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot change the %s: %s", labels[field],
			       store_errmsg(c->store));
	return 0;
}

int core_subject(struct core *c, struct web_security *ws, struct err *e)
{
	if (store_web_security_get(c->store, ws) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read web-security: %s", store_errmsg(c->store));
	return 0;
}

int core_subject_set(struct core *c, const struct web_security *ws, struct err *e)
{
	struct web_security old = {0}, set = *ws;
	int rc = 0;

	if (!set.country) {
		if (core_subject(c, &old, e) != 0)
			return -1;
		set.country = old.country;
	}
	if (store_web_security_set(c->store, &set) != STORE_OK)
		rc = err_set(e, ERR_FAIL, "Cannot change web-security: %s", store_errmsg(c->store));
	web_security_free(&old);
	return rc;
}

void core_versions(struct versions *v)
{
	v->openssl = pki_library_version();
	v->libssh = sftp_library_version();
	v->sqlite = store_library_version();
}

const char *core_store_error(struct core *c)
{
	return store_errmsg(c->store);
}
