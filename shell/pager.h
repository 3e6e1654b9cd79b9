/* The --More-- pager of interactive sessions (DESIGN §4): space shows the
 * next page, Enter one more line, q or Ctrl-C stops. Never used in batch. */
#ifndef UCSH_PAGER_H
#define UCSH_PAGER_H

#include <signal.h>
#include <stddef.h>

/* Writes text to stdout a screenful at a time. */
void pager_write(const char *text, size_t len, volatile sig_atomic_t *interrupt);

#endif
