/* A command's output on its way to the terminal: filters, then the pager. */
#ifndef UCSH_RENDER_H
#define UCSH_RENDER_H

#include <signal.h>

#include "out/sink.h"
#include "shell/lex.h"

/* Renders what was emitted, through the filters, to stdout; paged when page
 * is set (interactive sessions). Returns 0, or UC_USAGE (message printed)
 * for a filter that cannot be used. */
int out_finish(struct out *o, const struct lex_filter *filters, int nfilters, bool page,
	       volatile sig_atomic_t *interrupt);

#endif
