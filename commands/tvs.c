/* What ucshd's Trust Verification Service answered: show tvs queries. */
#include <stdio.h>

#include "commands/families.h"
#include "commands/session.h"
#include "svc/tvs.h"

struct tvs_args {
	const long *last;
};

static const struct arg_bind last_bind[] = {BIND(struct tvs_args, last), BIND_END(struct tvs_args)};

static int query_row(const struct tvs_query *q, void *ctx)
{
	const char *cells[] = {q->time, q->device, q->trusted ? "trusted" : "not trusted",
			       *q->roles ? q->roles : "-", q->subject};

	out_row(ctx, cells);
	return 0;
}

static int show_queries(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {{"time", "Time (UTC)", OT_STR},
					      {"device", "Device", OT_STR},
					      {"verdict", "Verdict", OT_STR},
					      {"roles", "Roles", OT_STR},
					      {"subject", "Certificate subject", OT_STR}};
	const struct tvs_args *a = args;
	struct err e;

	out_table_begin(o, "queries", cols, 5);
	if (core_tvs_queries(&s->core, a->last ? (int)*a->last : 50, query_row, o, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No TVS queries.");
	return UC_OK;
}

static const struct cmd_def tvs_cmds[] = {
    {"show tvs queries [last INT(1-100000)]", show_queries, PRIV_READ, 0,
     "What the Trust Verification Service (ucshd) answered: device, verdict, roles (ITL codes); 50 by "
     "default",
     "show tvs queries last 20", last_bind, NULL},
};

static const struct kw_help tvs_kw[] = {
    {"show tvs", "The Trust Verification Service"},
    {NULL, NULL},
};

const struct cmd_family tvs_family = CMD_FAMILY("tvs", tvs_cmds, tvs_kw, NULL);
