/* Application and end users and the three standard CTI security groups
 * (the CTI chapter), cluster-wide. */
#ifndef UCSH_CORE_USERS_H
#define UCSH_CORE_USERS_H

#include <stdbool.h>

#include "store/user.h"
#include "svc/core.h"
#include "util/strbuf.h"

#define GROUP_CTI_ENABLED "Standard CTI Enabled"
#define GROUP_CTI_SECURE "Standard CTI Secure Connection"
#define GROUP_CTI_SRTP "Standard CTI Allow Reception of SRTP Key Material"

extern const char *const cti_groups[]; /* the three, NULL-terminated */
/* The group a name, a case-insensitive unique prefix ('-' and '_' match a
 * space) or NULL when it names none or several. */
const char *cti_group_find(const char *in);

/* Whether name is a valid user ID (what is allowed in why). */
bool user_name_valid(const char *name, char *why, size_t len);

int core_user_add(struct core *c, const char *name, bool application, struct err *e);
int core_user_delete(struct core *c, const char *name, struct err *e);
int core_user_get(struct core *c, const char *name, struct user_row *out, struct err *e);
/* Users whose name matches pattern (fnmatch; NULL: all). */
int core_users(struct core *c, const char *pattern, int (*fn)(const struct user_row *u, void *ctx), void *ctx,
	       struct err *e);
/* Groups of name, as "a, b" (empty when none). */
int core_user_groups(struct core *c, const char *name, struct strbuf *out, struct err *e);

struct group_change {
	int changed, unchanged; /* members added/removed, and already so */
	/* Added to the SRTP group: users whose applications cannot use it. */
	struct strbuf no_encryption;
};
/* All or nothing: every user is checked before any is changed. */
int core_group_add(struct core *c, const char *group, const char *const *names, int n, struct group_change *r,
		   struct err *e);
int core_group_remove(struct core *c, const char *group, const char *const *names, int n,
		      struct group_change *r, struct err *e);
void group_change_free(struct group_change *r);
int core_group_members(struct core *c, const char *group,
		       int (*fn)(const char *group, const char *name, void *ctx), void *ctx, struct err *e);

/* user security: each condition with its state. */
struct security_check {
	const char *what;
	bool met;
	char detail[200];
};
struct user_security {
	bool tls;  /* TLS to CTIManager (port 2749), else 2748 */
	bool srtp; /* SRTP key material */
	struct security_check v[8];
	int n;
};
int core_user_security(struct core *c, const char *name, struct user_security *out, struct err *e);

#endif
