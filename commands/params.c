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
#include "svc/node.h"
#include "svc/params.h"
#include "svc/services.h"
#include "svc/settings.h"

static int show_scope(struct session *s, struct out *o, const char *scope)
{
	static const struct out_col cols[] = {
	    {"id", "ID", OT_STR},	    {"name", "Parameter", OT_STR},  {"value", "Value", OT_STR},
	    {"default", "Default", OT_STR}, {"allowed", "Allowed", OT_STR},
	};
	int rc = UC_OK;

	out_table_begin(o, "parameters", cols, 5);
	for (size_t i = 0; i < nsettings; i++) {
		char allowed[128], *v;
		if (settings[i].internal || strcmp(settings[i].scope, scope) != 0)
			continue;
		if (!(v = setting_text(&s->core, scope, settings[i].id))) {
			rc = out_error(o, UC_FAIL, "Cannot read %s: %s", settings[i].id,
				       core_store_error(&s->core));
			break;
		}
		setting_describe(&settings[i], allowed, sizeof(allowed));
		if (settings[i].read_only)
			snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed), " (set by %s)",
				 settings[i].set_by);
		const char *cells[] = {settings[i].id, settings[i].name, v, settings[i].def, allowed};
		out_row(o, cells);
		free(v);
	}
	out_table_end(o, NULL);
	return rc;
}

struct param_args {
	const char *service; /* NULL: enterprise */
	const char *param;
	const char *value;
};

static const struct arg_bind param_bind[] = {BIND(struct param_args, service), BIND(struct param_args, param),
					     BIND(struct param_args, value), BIND_END(struct param_args)};
static const struct arg_bind param_enterprise_bind[] = {
    BIND(struct param_args, param), BIND(struct param_args, value), BIND_END(struct param_args)};
static const struct arg_bind show_param_bind[] = {BIND(struct param_args, service),
						  BIND_END(struct param_args)};

static int show_param(struct session *s, const void *args, struct out *o)
{
	const struct param_args *a = args;
	const char *svc = a->service;
	int count = 0;

	for (size_t i = 0; i < nsettings; i++)
		count += !settings[i].internal && strcmp(settings[i].scope, svc ? svc : "enterprise") == 0;
	if (!count) {
		out_msg(o, "Service %s has no parameters.", svc);
		return UC_OK;
	}
	return show_scope(s, o, svc ? svc : "enterprise");
}

static int set_param(struct session *s, const void *args, struct out *o)
{
	const struct param_args *a = args;
	const struct setting_def *p;
	struct param_change r;
	char err[256];
	struct err e;

	if (!(p = setting_find(a->service ? a->service : "enterprise", a->param, err, sizeof(err))))
		return out_error(o, UC_USAGE, "Invalid parameter: %s", err);
	if (core_param_set(&s->core, p, a->value, &r, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "%s = %s", p->name, r.value);
	if (*r.warning)
		out_warn(o, "%s", r.warning);
	if (r.restart)
		out_msg(o, "Restart %s to use it (utils service restart %s).", r.restart->name,
			r.restart->id);
	param_change_free(&r);
	return UC_OK;
}

static bool check_param_name(const struct check_in *c, const char *in, struct value *v)
{
	if (*in)
		return true;
	snprintf(v->err, sizeof(v->err), "a parameter id or name");
	return false;
}

static void complete_param(struct session *s, struct strlist *out)
{
	for (size_t i = 0; i < nsettings; i++)
		strlist_add(out, settings[i].id);
}

static bool check_value(const struct check_in *c, const char *in, struct value *v)
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
     "Parameters with their values, defaults and allowed values", "show param service ipma", show_param_bind,
     NULL},
    {"set param enterprise PARAM VALUE", set_param, PRIV_OPER, CMD_WRITE, "Set an enterprise parameter",
     "set param enterprise capf-operation-expires 14", param_enterprise_bind, NULL},
    {"set param service SERVICE PARAM VALUE", set_param, PRIV_OPER, CMD_WRITE, "Set a service parameter",
     "set param service \"Cisco IP Manager Assistant\" ctimanager-security Secure", param_bind, NULL},
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
