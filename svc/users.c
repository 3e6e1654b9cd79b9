#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "svc/capf.h"
#include "svc/settings.h"
#include "svc/users.h"

const char *const cti_groups[] = {GROUP_CTI_ENABLED, GROUP_CTI_SECURE, GROUP_CTI_SRTP, NULL};

/* The applications the documentation says cannot use encryption. */
static const char *const no_encryption_users[] = {"CCMQRTSecureSysUser", "IPMASecureSysUser",
						  "WDSecureSysUser", NULL};

static bool prefix_of(const char *in, const char *name)
{
	for (; *in; in++, name++) {
		char a = (*in == '-' || *in == '_') ? ' ' : (char)tolower((unsigned char)*in);
		if (!*name || a != tolower((unsigned char)*name))
			return false;
	}
	return true;
}

const char *cti_group_find(const char *in)
{
	const char *hit = NULL;

	for (int i = 0; cti_groups[i]; i++) {
		if (strcasecmp(in, cti_groups[i]) == 0)
			return cti_groups[i];
		if (*in && prefix_of(in, cti_groups[i])) {
			if (hit)
				return NULL;
			hit = cti_groups[i];
		}
	}
	return hit;
}

bool user_name_valid(const char *name, char *why, size_t len)
{
	size_t n = strlen(name);
	bool ok = n >= 1 && n <= 128 && isalnum((unsigned char)name[0]);

	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)name[i]) || strchr("._@-", name[i]);
	if (!ok)
		snprintf(why, len,
			 "a user ID: 1-128 letters, digits, '.', '_', '@', '-', starting with a letter "
			 "or digit");
	return ok;
}

static bool is_no_encryption(const char *name)
{
	for (int i = 0; no_encryption_users[i]; i++)
		if (strcmp(no_encryption_users[i], name) == 0)
			return true;
	return false;
}

static int read_failed(struct core *c, struct err *e)
{
	return err_set(e, ERR_FAIL, "Cannot read the users: %s", store_errmsg(core_shared(c)));
}

int core_user_get(struct core *c, const char *name, struct user_row *out, struct err *e)
{
	int rc = store_user_get(core_shared(c), name, out);

	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "No user %s (user list shows them)", name);
	return rc == STORE_OK ? 0 : read_failed(c, e);
}

int core_user_add(struct core *c, const char *name, bool application, struct err *e)
{
	struct user_row old;
	char why[200];

	if (!user_name_valid(name, why, sizeof(why)))
		return err_set(e, ERR_INVALID, "%s: expected %s", name, why);
	if (core_shared_write(c, e) != 0)
		return -1;
	if (store_user_get(core_shared(c), name, &old) == STORE_OK) {
		err_set(
		    e, ERR_INVALID,
		    "%s exists already as an %s user; a name is an application user or an end user, never "
		    "both",
		    name, old.kind);
		user_row_free(&old);
		return -1;
	}
	if (store_user_add(core_shared(c), name, application ? "application" : "end") != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot add %s: %s", name, store_errmsg(core_shared(c)));
	return 0;
}

int core_user_delete(struct core *c, const char *name, struct err *e)
{
	struct user_row u;
	bool standard;

	if (core_shared_write(c, e) != 0 || core_user_get(c, name, &u, e) != 0)
		return -1;
	standard = u.standard;
	user_row_free(&u);
	if (standard)
		return err_set(e, ERR_REFUSED, "%s is a standard application user and cannot be deleted",
			       name);
	char profiles[400];
	if (core_capf_of_user(c, name, profiles, sizeof(profiles)) != 0)
		return read_failed(c, e);
	if (*profiles)
		return err_set(e, ERR_REFUSED,
			       "%s has CAPF profiles (%s): delete them first (capf profile delete)", name,
			       profiles);
	if (store_user_delete(core_shared(c), name) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot delete %s: %s", name, store_errmsg(core_shared(c)));
	return 0;
}

struct match {
	const char *pattern;
	int (*fn)(const struct user_row *u, void *ctx);
	void *ctx;
};

static int match_one(const struct user_row *u, void *ctx)
{
	struct match *m = ctx;

	if (m->pattern && fnmatch(m->pattern, u->name, FNM_CASEFOLD) != 0)
		return 0;
	return m->fn(u, m->ctx);
}

int core_users(struct core *c, const char *pattern, int (*fn)(const struct user_row *u, void *ctx), void *ctx,
	       struct err *e)
{
	struct match m = {pattern, fn, ctx};

	return store_user_each(core_shared(c), match_one, &m) == STORE_OK ? 0 : read_failed(c, e);
}

struct groups_of {
	const char *name;
	struct strbuf *out;
};

static int add_group_of(const char *group, const char *name, void *ctx)
{
	struct groups_of *g = ctx;

	if (strcmp(name, g->name) == 0)
		strbuf_addf(g->out, "%s%s", g->out->len ? ", " : "", group);
	return 0;
}

int core_user_groups(struct core *c, const char *name, struct strbuf *out, struct err *e)
{
	struct groups_of g = {name, out};

	return store_group_each(core_shared(c), NULL, add_group_of, &g) == STORE_OK ? 0 : read_failed(c, e);
}

static bool member(struct core *c, const char *group, const char *name)
{
	bool yes = false;

	store_group_has(core_shared(c), group, name, &yes);
	return yes;
}

/* What must hold before name joins group. */
static int check_add(struct core *c, const char *group, const char *name, struct err *e)
{
	struct user_row u;

	if (core_user_get(c, name, &u, e) != 0)
		return -1;
	user_row_free(&u);
	if (strcmp(group, GROUP_CTI_SRTP) != 0)
		return 0;
	for (int i = 0; i < 2; i++)
		if (!member(c, cti_groups[i], name))
			return err_set(
			    e, ERR_REFUSED,
			    "%s is not in \"%s\": a user gets SRTP key material only with \"%s\" and "
			    "\"%s\"; add it there first; nothing was changed",
			    name, cti_groups[i], GROUP_CTI_ENABLED, GROUP_CTI_SECURE);
	return 0;
}

/* What must hold before name leaves group. */
static int check_remove(struct core *c, const char *group, const char *name, struct err *e)
{
	struct user_row u;

	if (core_user_get(c, name, &u, e) != 0)
		return -1;
	user_row_free(&u);
	if (strcmp(group, GROUP_CTI_SRTP) != 0 && member(c, GROUP_CTI_SRTP, name))
		return err_set(e, ERR_REFUSED,
			       "%s is in \"%s\", which needs \"%s\": remove it from the SRTP group first; "
			       "nothing was changed",
			       name, GROUP_CTI_SRTP, group);
	return 0;
}

int core_group_add(struct core *c, const char *group, const char *const *names, int n, struct group_change *r,
		   struct err *e)
{
	memset(r, 0, sizeof(*r));
	if (core_shared_write(c, e) != 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (check_add(c, group, names[i], e) != 0)
			return -1;
	for (int i = 0; i < n; i++) {
		if (member(c, group, names[i])) {
			r->unchanged++;
			continue;
		}
		if (store_group_add(core_shared(c), group, names[i]) != STORE_OK)
			return err_set(e, ERR_FAIL, "Cannot add %s: %s", names[i],
				       store_errmsg(core_shared(c)));
		r->changed++;
		if (strcmp(group, GROUP_CTI_SRTP) == 0 && is_no_encryption(names[i]))
			strbuf_addf(&r->no_encryption, "%s%s", r->no_encryption.len ? ", " : "", names[i]);
	}
	return 0;
}

int core_group_remove(struct core *c, const char *group, const char *const *names, int n,
		      struct group_change *r, struct err *e)
{
	memset(r, 0, sizeof(*r));
	if (core_shared_write(c, e) != 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (check_remove(c, group, names[i], e) != 0)
			return -1;
	for (int i = 0; i < n; i++) {
		int rc = store_group_remove(core_shared(c), group, names[i]);
		if (rc == STORE_NOTFOUND)
			r->unchanged++;
		else if (rc == STORE_OK)
			r->changed++;
		else
			return err_set(e, ERR_FAIL, "Cannot remove %s: %s", names[i],
				       store_errmsg(core_shared(c)));
	}
	return 0;
}

void group_change_free(struct group_change *r)
{
	strbuf_release(&r->no_encryption);
}

int core_group_members(struct core *c, const char *group,
		       int (*fn)(const char *group, const char *name, void *ctx), void *ctx, struct err *e)
{
	return store_group_each(core_shared(c), group, fn, ctx) == STORE_OK ? 0 : read_failed(c, e);
}

static void check(struct user_security *s, const char *what, bool met, const char *detail)
{
	struct security_check *k = &s->v[s->n++];

	k->what = what;
	k->met = met;
	snprintf(k->detail, sizeof(k->detail), "%s", detail);
}

struct valid_lsc {
	struct core *c;
	const char *user;
	char instance[130];
};

static int find_valid_lsc(const struct lsc_row *l, void *ctx)
{
	struct valid_lsc *k = ctx;
	char state[64];

	if (strcmp(l->user, k->user) != 0)
		return 0;
	core_lsc_state(k->c, l, state, sizeof(state));
	if (strcmp(state, "current") != 0)
		return 0;
	snprintf(k->instance, sizeof(k->instance), "%s", l->instance);
	return 1;
}

int core_user_security(struct core *c, const char *name, struct user_security *out, struct err *e)
{
	struct user_row u;
	bool enabled, secure, srtp, mixed;

	memset(out, 0, sizeof(*out));
	if (core_user_get(c, name, &u, e) != 0)
		return -1;
	user_row_free(&u);
	enabled = member(c, GROUP_CTI_ENABLED, name);
	secure = member(c, GROUP_CTI_SECURE, name);
	srtp = member(c, GROUP_CTI_SRTP, name);
	mixed = setting_int(c, "enterprise", "cluster-security-mode") == 1;
	check(out, "In \"" GROUP_CTI_ENABLED "\"", enabled,
	      enabled ? "member" : "user group add Standard-CTI-Enabled");
	check(out, "In \"" GROUP_CTI_SECURE "\"", secure,
	      secure ? "member" : "user group add Standard-CTI-Secure-Connection");
	check(out, "Cluster in mixed mode", mixed,
	      mixed ? "cluster security mode 1" : "utils ctl set-cluster mixed-mode");
	struct valid_lsc k = {c, name, ""};
	store_lsc_each(core_shared(c), find_valid_lsc, &k);
	char lsc[200];
	snprintf(lsc, sizeof(lsc),
		 *k.instance ? "issued under profile %s" : "capf profile add, then capf enroll", k.instance);
	check(out, "A valid LSC under one of its CAPF profiles", *k.instance, lsc);
	out->tls = enabled && secure && mixed && *k.instance;
	check(out, "In \"" GROUP_CTI_SRTP "\"", srtp,
	      srtp ? "member" : "user group add Standard-CTI-Allow-Reception-of-SRTP-Key-Material");
	bool capable = !is_no_encryption(name);
	check(out, "Its application supports encryption", capable,
	      capable ? "not one of QRT, Manager Assistant, Web Dialer"
		      : "QRT, Manager Assistant and Web Dialer do not support encryption");
	out->srtp = out->tls && srtp && capable;
	return 0;
}
