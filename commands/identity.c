#include <stdio.h>

#include "commands/identity.h"
#include "commands/session.h"

int identity_load(struct session *s, struct out *o, struct node_identity *id, char *fqdn, size_t len)
{
	if (store_node_get(s->store, id) != STORE_OK)
		return out_error(o, UC_FAIL, "Cannot read the node identity: %s", store_errmsg(s->store));
	snprintf(fqdn, len, "%s.%s", id->hostname, id->domain);
	return UC_OK;
}
