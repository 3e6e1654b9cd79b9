/* Creating and rendering a sink: for the engine (shell/), not for handlers. */
#ifndef UCSH_SINK_H
#define UCSH_SINK_H

#include "out/out.h"
#include "util/strbuf.h"

struct out *out_new(enum out_format fmt, const char *err_prefix);
void out_free(struct out *o);
/* Forgets what was emitted: a change that was not saved reports nothing
 * it did (its error says why). */
void out_discard(struct out *o);
/* Appends everything emitted, rendered by the sink's writer, to dst. */
void out_render(struct out *o, struct strbuf *dst);
/* Whether the output is lines of text that filters can select. */
bool out_line_oriented(const struct out *o);

#endif
