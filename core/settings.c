/* The settings registry: every enterprise and service parameter with its
 * type, allowed values and default. Values live in the store; only values
 * that differ from the default are stored. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/settings.h"
#include "store/param.h"

static const char *const fips_exchange_auth[] = {"Auto", "Basic Only", NULL};
static const char *const cti_security[] = {"Nonsecure", "Secure", NULL};
static const char *const capf_key_sizes[] = {"1024", "2048", "3072", "4096", NULL};

const struct param_def params[] = {
    {.scope = "enterprise",
     .id = "cluster-id",
     .name = "Cluster ID",
     .kind = PARAM_ID,
     .min = 1,
     .max = 50,
     .def = "StandAloneCluster",
     .extra = "._-"},
    {.scope = "enterprise",
     .id = "cluster-security-mode",
     .name = "Cluster Security Mode",
     .kind = PARAM_INT,
     .min = 0,
     .max = 1,
     .def = "0",
     .read_only = true,
     .set_by = "utils ctl set-cluster"},
    {.scope = "enterprise",
     .id = "capf-operation-expires",
     .name = "CAPF Operation Expires in (days)",
     .kind = PARAM_INT,
     .min = 1,
     .max = 365,
     .def = "10"},
    {.scope = "enterprise",
     .id = "activation-ttl",
     .name = "Activation Time to Live (Hours)",
     .kind = PARAM_INT,
     .min = 1,
     .max = 720,
     .def = "168"},
    {.scope = "capf",
     .id = "key-size",
     .name = "Key Size",
     .kind = PARAM_CHOICE,
     .choices = capf_key_sizes,
     .def = "2048"},
    {.scope = "capf",
     .id = "certificate-validity",
     .name = "Duration Of Certificate Validity (in days)",
     .kind = PARAM_INT,
     .min = 1,
     .max = 1825,
     .def = "1825"},
    {.scope = "presence-engine",
     .id = "fips-exchange-auth",
     .name = "FIPS Mode Exchange Server Authentication",
     .kind = PARAM_CHOICE,
     .choices = fips_exchange_auth,
     .def = "Auto"},
    {.scope = "ipma",
     .id = "ctimanager-security",
     .name = "CTIManager Connection Security Flag",
     .kind = PARAM_CHOICE,
     .choices = cti_security,
     .def = "Nonsecure"},
    {.scope = "ipma",
     .id = "capf-instance-id",
     .name = "CAPF Profile Instance ID for Secure Connection to CTIManager",
     .kind = PARAM_ID,
     .min = 0,
     .max = 128,
     .def = ""},
};

const size_t nparams = sizeof(params) / sizeof(params[0]);
#define NPARAMS nparams

const struct param_def *param_lookup(const char *scope, const char *text, char *err, size_t errlen)
{
	const struct param_def *hit = NULL;
	int nhits = 0;
	size_t len = strlen(text);

	for (size_t i = 0; i < NPARAMS; i++)
		if (strcmp(params[i].scope, scope) == 0 &&
		    (strcasecmp(params[i].id, text) == 0 || strcasecmp(params[i].name, text) == 0))
			return &params[i];
	for (size_t i = 0; i < NPARAMS; i++)
		if (len && strcmp(params[i].scope, scope) == 0 &&
		    (strncasecmp(params[i].id, text, len) == 0 ||
		     strncasecmp(params[i].name, text, len) == 0)) {
			hit = &params[i];
			nhits++;
		}
	if (nhits == 1)
		return hit;
	snprintf(err, errlen, "%s parameter \"%s\"; show param %s%s lists them",
		 nhits ? "ambiguous" : "no such", text,
		 strcmp(scope, "enterprise") == 0 ? "enterprise" : "service ",
		 strcmp(scope, "enterprise") == 0 ? "" : scope);
	return NULL;
}

void param_describe_allowed(const struct param_def *p, char *buf, size_t len)
{
	size_t n = 0;

	switch (p->kind) {
	case PARAM_INT:
		snprintf(buf, len, "%ld-%ld", p->min, p->max);
		break;
	case PARAM_ID:
		snprintf(buf, len, "%s%ld-%ld letters or digits%s%s", p->min == 0 ? "empty, or " : "",
			 p->min ? p->min : 1, p->max, p->extra ? " or any of " : "",
			 p->extra ? p->extra : "");
		break;
	case PARAM_CHOICE:
		buf[0] = '\0';
		for (const char *const *c = p->choices; *c && n < len; c++)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", c == p->choices ? "" : " | ", *c);
		break;
	}
}

/* Validates value for p; *canon gets the canonical spelling. */
bool param_check(const struct param_def *p, const char *value, char **canon)
{
	size_t len = strlen(value);
	char *end;
	long v;

	switch (p->kind) {
	case PARAM_INT:
		errno = 0;
		v = strtol(value, &end, 10);
		if (!*value || *end || errno || v < p->min || v > p->max || value[0] == '+')
			return false;
		*canon = malloc(24);
		if (*canon)
			snprintf(*canon, 24, "%ld", v);
		return *canon != NULL;
	case PARAM_ID:
		if ((long)len < p->min || (long)len > p->max)
			return false;
		for (const char *c = value; *c; c++)
			if (!isalnum((unsigned char)*c) && !(p->extra && strchr(p->extra, *c)))
				return false;
		*canon = strdup(value);
		return *canon != NULL;
	case PARAM_CHOICE:
		for (const char *const *c = p->choices; *c; c++)
			if (strcasecmp(*c, value) == 0)
				return (*canon = strdup(*c)) != NULL;
		return false;
	}
	return false;
}

char *param_value(struct store *st, const char *scope, const char *id)
{
	char err[128], *v = NULL;
	const struct param_def *p = param_lookup(scope, id, err, sizeof(err));
	int rc;

	if (!p)
		return NULL;
	rc = store_param_get(st, p->scope, p->id, &v);
	if (rc == STORE_NOTFOUND)
		return strdup(p->def);
	return rc == STORE_OK ? v : NULL;
}

long param_int(struct store *st, const char *scope, const char *id)
{
	char *v = param_value(st, scope, id);
	long n = v ? strtol(v, NULL, 10) : 0;

	free(v);
	return n;
}
