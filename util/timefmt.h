/* Times as ucsh prints them: always UTC (DESIGN §6). */
#ifndef UCSH_TIMEFMT_H
#define UCSH_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* YYYY-MM-DD */
void time_date(long long when, char *buf, size_t len);
/* YYYY-MM-DDTHH:MM:SSZ */
void time_iso(long long when, char *buf, size_t len);
/* Parses YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z (the DATE parameter). */
bool time_parse_date(const char *in, time_t *out);

#endif
