/* The typed parameter registry: enterprise and service parameters with
 * their types, allowed values and defaults. Values live in the store. */
#ifndef UCSH_SETTINGS_H
#define UCSH_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

struct store;

enum param_kind { PARAM_INT, PARAM_CHOICE, PARAM_ID };

struct param_def {
	const char *scope; /* "enterprise" or a service id */
	const char *id;	   /* short, stable: what scripts use */
	const char *name;  /* as the appliance's documentation spells it */
	enum param_kind kind;
	long min, max;		    /* PARAM_INT; PARAM_ID: length bounds */
	const char *const *choices; /* PARAM_CHOICE, NULL-terminated */
	const char *def;
	bool read_only; /* changed by other commands only */
	const char *set_by;
	const char *extra; /* PARAM_ID: characters allowed besides letters and digits */
};

/* The current value of a parameter (stored, or its default); malloc'd.
 * NULL when the parameter does not exist or the store failed. */
char *param_value(struct store *st, const char *scope, const char *id);
long param_int(struct store *st, const char *scope, const char *id);

extern const struct param_def params[];
extern const size_t nparams;

/* By id or full name, ignoring case, or a unique prefix of either; NULL
 * with err ("no such ...", "ambiguous ...") otherwise. */
const struct param_def *param_lookup(const char *scope, const char *text, char *err, size_t errlen);
/* "1-365", "Auto | Basic Only", ... */
void param_describe_allowed(const struct param_def *p, char *buf, size_t len);
/* Whether value is allowed for p; *canon gets the canonical spelling. */
bool param_check(const struct param_def *p, const char *value, char **canon);

#endif
