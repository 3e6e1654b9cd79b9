/* The engine's side of the output sink. */
#ifndef UCSH_OUT_IMPL_H
#define UCSH_OUT_IMPL_H

#include <signal.h>

#include "shell/lex.h"
#include "shell/out.h"

struct out *out_new(enum out_format fmt, const char *err_prefix);
/* Renders what was emitted, through the filters, to stdout; paged when page
 * is set (interactive sessions). Returns 0, or UC_USAGE (message printed)
 * for a filter that cannot be used. */
int out_finish(struct out *o, const struct lex_filter *filters, int nfilters, bool page,
	       volatile sig_atomic_t *interrupt);
void out_free(struct out *o);
/* Prints "% msg" with a prefix, outside any command's sink. */
void out_report(const char *prefix, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool out_has_text(const struct out *o);

#endif
