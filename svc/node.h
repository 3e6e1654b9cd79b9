/* The node's identity (host name, domain, address) and the subject fields
 * of its certificates (set web-security). */
#ifndef UCSH_CORE_NODE_H
#define UCSH_CORE_NODE_H

#include <stddef.h>

#include "store/node.h"
#include "svc/core.h"

/* The identity and its FQDN; free id with node_identity_free. */
int core_identity(struct core *c, struct node_identity *id, char *fqdn, size_t len, struct err *e);
int core_identity_set(struct core *c, enum node_field field, const char *value, struct err *e);
/* Free ws with web_security_free. */
int core_subject(struct core *c, struct web_security *ws, struct err *e);
/* A NULL country keeps the current one. */
int core_subject_set(struct core *c, const struct web_security *ws, struct err *e);

/* The versions of the libraries in use (or built with, for those loaded on
 * demand). */
struct versions {
	const char *openssl, *libssh, *sqlite;
};
void core_versions(struct versions *v);

/* The store's last error, for messages about a read that failed. */
const char *core_store_error(struct core *c);

#endif
