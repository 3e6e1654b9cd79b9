/* The node identity as commands show it. */
#ifndef UCSH_IDENTITY_H
#define UCSH_IDENTITY_H

#include <stddef.h>

#include "commands/cmd.h"
#include "svc/node.h"

/* Reads the identity and its FQDN; on failure reports and returns UC_FAIL. */
int identity_load(struct session *s, struct out *o, struct node_identity *id, char *fqdn, size_t len);

#endif
