/* The per-certificate report of a trust import, shared by set cert import
 * trust and set cert bulk import. */
#include <stdio.h>

#include "commands/trustout.h"
#include "svc/tlsctx.h"

void trust_report_out(struct out *o, const char *key, const char *unit, const struct trust_report *r)
{
	static const struct out_col cols[] = {{"item", "#", OT_INT},
					      {"subject_cn", "Subject CN", OT_STR},
					      {"result", "Result", OT_STR},
					      {"name", "Name", OT_STR}};
	static const char *const results[] = {"added", "replaced an older copy", "already present"};

	out_table_begin(o, key, cols, 4);
	for (int i = 0; i < r->n; i++) {
		char item[16];
		snprintf(item, sizeof(item), "%d", i + 1);
		const char *cells[] = {item, r->v[i].subject, results[r->v[i].verdict], r->v[i].name};
		out_row(o, cells);
	}
	out_table_end(o, NULL);
	out_msg(o, "%s: %d added, %d replaced, %d already present.", unit, r->counts[TRUST_ADDED],
		r->counts[TRUST_REPLACED], r->counts[TRUST_DUPLICATE]);
	if (r->peer_subjects.len)
		out_msg(o, "TLS peer subjects added: %s.", r->peer_subjects.buf);
	if (r->peer_contexts.len)
		out_msg(o, "Added to TLS context %s: %s.", TLS_DEFAULT_CONTEXT, r->peer_contexts.buf);
}
