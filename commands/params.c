/* show param / set param. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands/families.h"
#include "commands/service_type.h"
#include "commands/session.h"
#include "core/services.h"
#include "core/settings.h"
#include "store/param.h"

static int show_scope(struct session *s, struct out *o, const char *scope)
{
	static const struct out_col cols[] = {
	    {"id", "ID", OT_STR},	    {"name", "Parameter", OT_STR},  {"value", "Value", OT_STR},
	    {"default", "Default", OT_STR}, {"allowed", "Allowed", OT_STR},
	};
	int rc = UC_OK;

	out_table_begin(o, "parameters", cols, 5);
	for (size_t i = 0; i < nparams; i++) {
		char allowed[128], *v;
		if (strcmp(params[i].scope, scope) != 0)
			continue;
		if (!(v = param_value(s->store, scope, params[i].id))) {
			rc =
			    out_error(o, UC_FAIL, "Cannot read %s: %s", params[i].id, store_errmsg(s->store));
			break;
		}
		param_describe_allowed(&params[i], allowed, sizeof(allowed));
		if (params[i].read_only)
			snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed), " (set by %s)",
				 params[i].set_by);
		const char *cells[] = {params[i].id, params[i].name, v, params[i].def, allowed};
		out_row(o, cells);
		free(v);
	}
	out_table_end(o, NULL);
	return rc;
}

static int show_param(struct session *s, const struct args *a, struct out *o)
{
	const char *svc = arg_get(a, "SERVICE");
	int count = 0;

	for (size_t i = 0; i < nparams; i++)
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
		param_describe_allowed(p, allowed, sizeof(allowed));
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
	for (size_t i = 0; i < nparams; i++)
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
