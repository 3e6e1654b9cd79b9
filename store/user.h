/* Application and end users and their CTI security groups (cluster-wide:
 * the same functions run on the node's store and the cluster's). */
#ifndef UCSH_STORE_USER_H
#define UCSH_STORE_USER_H

#include <stdbool.h>

#include "store/store.h"

struct user_row {
	char *name;
	char *kind;    /* "application" or "end" */
	bool standard; /* created by ucsh; never deleted */
	char *created;
};

int store_user_add(struct store *st, const char *name, const char *kind);
/* STORE_NOTFOUND when there is no such user. */
int store_user_get(struct store *st, const char *name, struct user_row *out);
/* Its group memberships go with it. STORE_NOTFOUND when absent. */
int store_user_delete(struct store *st, const char *name);
/* Every user, by name; stops when fn returns non-zero. */
int store_user_each(struct store *st, int (*fn)(const struct user_row *u, void *ctx), void *ctx);
void user_row_free(struct user_row *u);

/* Adds name to group (nothing when it is a member already). */
int store_group_add(struct store *st, const char *group, const char *name);
/* STORE_NOTFOUND when name is not a member. */
int store_group_remove(struct store *st, const char *group, const char *name);
int store_group_has(struct store *st, const char *group, const char *name, bool *yes);
/* Members of group (NULL: every group), by group and name. */
int store_group_each(struct store *st, const char *group,
		     int (*fn)(const char *group, const char *name, void *ctx), void *ctx);

/* Single sign-on per end user (migration 14: a column of app_user). */
int store_user_sso_set(struct store *st, const char *name, bool on);
int store_user_sso_get(struct store *st, const char *name, bool *on);
/* The end users with SSO on, by name. */
int store_user_sso_each(struct store *st, int (*fn)(const char *name, void *ctx), void *ctx);

/* DDL of users and group members with the standard application users
 * (migration 8); the SSO column (migration 14; cluster schema 7). */
extern const char store_user_ddl[];
extern const char store_user_sso_ddl[];
extern const char store_user_sso_cluster_ddl[];

#endif
