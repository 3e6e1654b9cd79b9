/* The node's identity and the subject fields of its certificates. */
#ifndef UCSH_STORE_NODE_H
#define UCSH_STORE_NODE_H

#include "store/store.h"

struct node_identity {
	char *hostname;
	char *domain;
	char *ip;
	char *created; /* ISO 8601 UTC, set by the store on first start */
};

enum node_field { NODE_HOSTNAME, NODE_DOMAIN, NODE_IP };

struct web_security {
	char *orgunit; /* one or more OUs separated by ',' ("\," escapes) */
	char *orgname;
	char *locality;
	char *state;
	char *country;
	char *althost; /* NULL when unset */
};

/* True once the first start has written the node row. */
int store_node_initialised(struct store *st, bool *yes);
/* First start: identity, subject defaults and the first administrator, all
 * in the caller's transaction. */
int store_node_init(struct store *st, const struct node_identity *id, const struct web_security *ws,
		    const char *admin_account);
int store_node_get(struct store *st, struct node_identity *out);
int store_node_set(struct store *st, enum node_field field, const char *value);
void node_identity_free(struct node_identity *id);

int store_web_security_get(struct store *st, struct web_security *out);
int store_web_security_set(struct store *st, const struct web_security *ws);
void web_security_free(struct web_security *ws);

/* DDL of the node identity and web-security rows (migration 1). */
extern const char store_node_ddl[];

#endif
