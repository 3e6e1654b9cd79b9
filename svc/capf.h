/* CAPF profiles for CTI applications (application and end users), their
 * rules from the CTI chapter, and issuing LSCs. The CAPF network service
 * (ucshd) calls the same issuing function as capf enroll. Cluster-wide. */
#ifndef UCSH_CORE_CAPF_H
#define UCSH_CORE_CAPF_H

#include <stdbool.h>

#include "store/capf.h"
#include "svc/core.h"

/* An add or an update: NULL or 0 keeps the current value (update) or
 * takes the default (add). */
struct capf_request {
	const char *kind; /* appuser, enduser (add only) */
	const char *user; /* add only */
	const char *operation;
	const char *auth_mode;
	const char *auth_string; /* 4-10 digits, or "generate" */
	const char *key_type;	 /* rsa, ec */
	long key_size;
	const char *curve;
	long long completes_by;
};

struct capf_result {
	char generated[16]; /* a string made by generate, to hand to the application */
	char warnings[4][300];
	int nwarn;
};

bool capf_instance_valid(const char *id, char *why, size_t len);
/* "Pending", "Success", "Failed: why", "Expired", "None". */
void capf_status_text(const struct capf_profile *p, char *buf, size_t len);

int core_capf_add(struct core *c, const char *instance, const struct capf_request *q, struct capf_result *r,
		  struct err *e);
int core_capf_update(struct core *c, const char *instance, const struct capf_request *q,
		     struct capf_result *r, struct err *e);
/* The new instance gets the settings, not the string: a generated one when
 * the mode needs one. */
int core_capf_copy(struct core *c, const char *from, const char *to, struct capf_result *r, struct err *e);
/* n instances, or every one with all; *deleted counts them. */
int core_capf_delete(struct core *c, const char *const *ids, int n, bool all, int *deleted, struct err *e);
int core_capf_get(struct core *c, const char *instance, struct capf_profile *out, struct err *e);
int core_capf_each(struct core *c, int (*fn)(const struct capf_profile *p, void *ctx), void *ctx,
		   struct err *e);

/* Instance IDs only (completion). */
int core_capf_instances(struct core *c, int (*fn)(const char *instance, void *ctx), void *ctx, struct err *e);
/* Inside a change: p's operation is done — none pending, status success,
 * its string spent (kept as a digest, never set again) — and p is written.
 * 0, or -1 with the store's error. */
int core_capf_done(struct core *c, struct capf_profile *p);
/* Profiles of a user, as "a, b" (empty: none); for the user's rules. */
int core_capf_of_user(struct core *c, const char *user, char *out, size_t len);

/* An LSC against its profile: "current", "expired", "profile gone",
 * "profile now of USER" (the last two are stale). */
void core_lsc_state(struct core *c, const struct lsc_row *l, char *buf, size_t len);
int core_lsc_each(struct core *c, int (*fn)(const struct lsc_row *l, void *ctx), void *ctx, struct err *e);
int core_lsc_get(struct core *c, const char *instance, struct lsc_row *out, struct err *e);
/* Deletes the LSCs whose profile is gone or belongs to another user now. */
int core_lsc_delete_stale(struct core *c, int *deleted, struct err *e);

#endif
