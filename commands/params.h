/* The typed parameter registry: enterprise and service parameters with
 * their types, allowed values and defaults. Values live in the store. */
#ifndef UCSH_PARAMS_H
#define UCSH_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

struct session;

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
char *param_value(struct session *s, const char *scope, const char *id);
long param_int(struct session *s, const char *scope, const char *id);

#endif
