/* show param / set param. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands/families.h"
#include "commands/params.h"
#include "commands/services.h"
#include "shell/session.h"
#include "store/param.h"

static const char *const fips_exchange_auth[] = {"Auto", "Basic Only", NULL};
static const char *const cti_security[] = {"Nonsecure", "Secure", NULL};
static const char *const capf_key_sizes[] = {"1024", "2048", "3072", "4096", NULL};

static const struct param_def params[] = {
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

#define NPARAMS (sizeof(params) / sizeof(params[0]))

static const struct param_def *param_lookup(const char *scope, const char *text, char *err, size_t errlen)
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

static void describe_allowed(const struct param_def *p, char *buf, size_t len)
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
static bool param_check(const struct param_def *p, const char *value, char **canon)
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

char *param_value(struct session *s, const char *scope, const char *id)
{
	char err[128], *v = NULL;
	const struct param_def *p = param_lookup(scope, id, err, sizeof(err));
	int rc;

	if (!p)
		return NULL;
	rc = store_param_get(s->store, p->scope, p->id, &v);
	if (rc == STORE_NOTFOUND)
		return strdup(p->def);
	return rc == STORE_OK ? v : NULL;
}

long param_int(struct session *s, const char *scope, const char *id)
{
	char *v = param_value(s, scope, id);
	long n = v ? strtol(v, NULL, 10) : 0;

	free(v);
	return n;
}

static int show_scope(struct session *s, struct out *o, const char *scope)
{
	static const struct out_col cols[] = {
	    {"id", "ID", OT_STR},	    {"name", "Parameter", OT_STR},  {"value", "Value", OT_STR},
	    {"default", "Default", OT_STR}, {"allowed", "Allowed", OT_STR},
	};
	int rc = UC_OK;

	out_table_begin(o, "parameters", cols, 5);
	for (size_t i = 0; i < NPARAMS; i++) {
		char allowed[128], *v;
		if (strcmp(params[i].scope, scope) != 0)
			continue;
		if (!(v = param_value(s, scope, params[i].id))) {
			rc =
			    out_error(o, UC_FAIL, "Cannot read %s: %s", params[i].id, store_errmsg(s->store));
			break;
		}
		describe_allowed(&params[i], allowed, sizeof(allowed));
		if (params[i].read_only)
			snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed), " (set by %s)",
				 params[i].set_by);
		const char *cells[] = {params[i].id, params[i].name, v, params[i].def, allowed};
		out_row(o, cells);
		free(v);
	}
	out_table_end(o);
	return rc;
}

static int show_param(struct session *s, const struct args *a, struct out *o)
{
	const char *svc = arg_get(a, "SERVICE");
	int count = 0;

	for (size_t i = 0; i < NPARAMS; i++)
		count += strcmp(params[i].scope, svc ? svc : "enterprise") == 0;
	if (!count) {
		out_msg(o, "Service %s has no parameters.", svc);
		return UC_OK;
	}
	return show_scope(s, o, svc ? svc : "enterprise");
}

static int set_param(struct session *s, const struct args *a, struct out *o)
{
	const char *svc = arg_get(a, "SERVICE"), *scope = svc ? svc : "enterprise";
	const char *value = arg_get(a, "VALUE");
	const struct param_def *p;
	char err[256], allowed[128], *canon = NULL;
	int rc;

	if (!(p = param_lookup(scope, arg_get(a, "PARAM"), err, sizeof(err))))
		return out_error(o, UC_USAGE, "Invalid parameter: %s", err);
	if (p->read_only)
		return out_error(o, UC_USAGE, "\"%s\" is set by %s, not directly", p->name, p->set_by);
	if (!param_check(p, value, &canon)) {
		describe_allowed(p, allowed, sizeof(allowed));
		return out_error(o, UC_USAGE, "Invalid value \"%s\" for \"%s\": %s", value, p->name, allowed);
	}
	/* Only values that differ from the default are stored. */
	rc = strcmp(canon, p->def) == 0 ? store_param_clear(s->store, p->scope, p->id)
					: store_param_set(s->store, p->scope, p->id, canon);
	if (rc != STORE_OK)
		rc = out_error(o, UC_FAIL, "Cannot set \"%s\": %s", p->name, store_errmsg(s->store));
	else
		out_msg(o, "%s = %s", p->name, canon);
	free(canon);
	return rc;
}

static bool check_param_name(struct session *s, const struct type_def *t, long min, long max, const char *in,
			     char **canon, char *err, size_t errlen)
{
	if (*in)
		return true;
	snprintf(err, errlen, "a parameter id or name");
	return false;
}

static void complete_param(struct session *s, struct strlist *out)
{
	for (size_t i = 0; i < NPARAMS; i++)
		strlist_add(out, params[i].id);
}

static bool check_value(struct session *s, const struct type_def *t, long min, long max, const char *in,
			char **canon, char *err, size_t errlen)
{
	return true; /* checked against the parameter's own type by the handler */
}

static const struct type_def param_type = {.name = "PARAM",
					   .help = "parameter: its id or full name (quoted)",
					   .check = check_param_name,
					   .complete = complete_param};
static const struct type_def value_type = {
    .name = "VALUE", .help = "the new value (\"\" for empty)", .check = check_value, .complete = NULL};

static const struct type_def *const param_types[] = {&param_type, &value_type, &service_type, NULL};

static const struct cmd_def param_cmds[] = {
    {"show param {enterprise|service SERVICE}", show_param, PRIV_READ, 0,
     "Parameters with their values, defaults and allowed values", "show param service ipma"},
    {"set param enterprise PARAM VALUE", set_param, PRIV_OPER, CMD_WRITE, "Set an enterprise parameter",
     "set param enterprise capf-operation-expires 14"},
    {"set param service SERVICE PARAM VALUE", set_param, PRIV_OPER, CMD_WRITE, "Set a service parameter",
     "set param service \"Cisco IP Manager Assistant\" ctimanager-security Secure"},
};

static const struct kw_help param_kw[] = {
    {"show param", "Enterprise and service parameters"},
    {"set param", "Set an enterprise or service parameter"},
    {"set param enterprise", "Set an enterprise parameter"},
    {"show param enterprise", "Enterprise parameters"},
    {"show param service", "Parameters of one service"},
    {"set param service", "Set a service parameter"},
    {NULL, NULL},
};

const struct cmd_family param_family = CMD_FAMILY("param", param_cmds, param_kw, param_types);
