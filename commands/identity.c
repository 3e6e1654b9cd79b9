#include <stdio.h>

#include "commands/identity.h"
#include "commands/session.h"

int identity_load(struct session *s, struct out *o, struct node_identity *id, char *fqdn, size_t len)
{
	struct err e;

	if (core_identity(&s->core, id, fqdn, len, &e) != 0)
		return cmd_fail(o, &e);
	return UC_OK;
}
