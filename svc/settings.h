/* The one settings registry: every setting of the node with its scope,
 * type, allowed values, default, the service that restarts when it changes
 * and its label. Enterprise and service parameters (show/set param), the
 * CLI session timeout, the expiry monitor and the CTL state all live here
 * and are read with the typed getters below. Values live in the store;
 * only values that differ from the default are stored. */
#ifndef UCSH_SETTINGS_H
#define UCSH_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "svc/core.h"
#include "util/err.h"

enum setting_kind { SET_INT, SET_CHOICE, SET_ID, SET_TEXT };

struct setting_def {
	const char *scope; /* "enterprise", a service id, or internal: "cli", "monitor", "ctl" */
	const char *id;	   /* short, stable: what scripts use */
	const char *name;  /* as the appliance's documentation spells it */
	enum setting_kind kind;
	long min, max;		    /* SET_INT; SET_ID: length bounds */
	const char *const *choices; /* SET_CHOICE, NULL-terminated */
	const char *def;
	bool read_only; /* changed by other commands only */
	const char *set_by;
	const char *extra;   /* SET_ID: characters allowed besides letters and digits */
	const char *restart; /* the service that must restart to use a new value */
	bool internal;	     /* set by its own commands; not in show/set param */
	/* A rule beyond the type, run before it on the raw value: -1 refuses
	 * with the reason in e, 1 accepts with a warning in e->msg. */
	int (*rule)(struct core *c, const char *value, struct err *e);
};

/* The current value of a parameter (stored, or its default); malloc'd.
 * NULL when the parameter does not exist or the store failed. */
char *setting_text(struct core *c, const char *scope, const char *id);
long setting_int(struct core *c, const char *scope, const char *id);
/* Validates and stores value (inside the caller's transaction; a
 * cluster-wide setting joins it to the cluster's, core_shared_write). */
int setting_set(struct core *c, const char *scope, const char *id, const char *value, struct err *e);
/* The same for a definition at hand; *canon (may be NULL) gets the value as
 * stored. */
int setting_put(struct core *c, const struct setting_def *p, const char *value, char **canon, struct err *e);
/* Enterprise parameters, the CTL state and the login banner are the cluster's; service
 * parameters, the CLI and the expiry monitor are the node's. */
bool setting_cluster_wide(const struct setting_def *p);
/* The definition of scope/id, internal ones included; NULL when none. */
const struct setting_def *setting_def_of(const char *scope, const char *id);

extern const struct setting_def settings[];
extern const size_t nsettings;

/* A public setting by id or full name, ignoring case, or a unique prefix of
 * either; NULL
 * with err ("no such ...", "ambiguous ...") otherwise. */
const struct setting_def *setting_find(const char *scope, const char *text, char *err, size_t errlen);
/* "1-365", "Auto | Basic Only", ... */
void setting_describe(const struct setting_def *p, char *buf, size_t len);
/* Whether value is allowed for p; *canon gets the canonical spelling. */
bool setting_check(const struct setting_def *p, const char *value, char **canon);

#endif
