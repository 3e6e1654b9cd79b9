/* Core types: WORD (any one word), TEXT (free text, printable), INT(min-max). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/types.h"

static bool check_word(struct session *s, const struct type_def *t, long min, long max, const char *in,
		       char **canon, char *err, size_t errlen)
{
	if (!*in) {
		snprintf(err, errlen, "must not be empty");
		return false;
	}
	return true;
}

static bool check_text(struct session *s, const struct type_def *t, long min, long max, const char *in,
		       char **canon, char *err, size_t errlen)
{
	for (const unsigned char *p = (const unsigned char *)in; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			snprintf(err, errlen, "control characters are not allowed");
			return false;
		}
	return check_word(s, t, min, max, in, canon, err, errlen);
}

static bool check_int(struct session *s, const struct type_def *t, long min, long max, const char *in,
		      char **canon, char *err, size_t errlen)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(in, &end, 10);
	if (min == 0 && max == 0) {
		min = 0;
		max = 2147483647L;
	}
	if (!*in || *end || errno || v < min || v > max || (in[0] == '+')) {
		snprintf(err, errlen, "a whole number from %ld to %ld", min, max);
		return false;
	}
	return true;
}

static const struct type_def core_types[] = {
    {.name = "WORD", .help = "one word", .check = check_word},
    {.name = "TEXT", .help = "text (quote it when it has spaces)", .check = check_text},
    {.name = "INT", .help = "a whole number", .check = check_int},
    {.name = "N", .help = "a whole number", .check = check_int},
};

const struct type_def *types_core_find(const char *name)
{
	for (size_t i = 0; i < sizeof(core_types) / sizeof(core_types[0]); i++)
		if (strcmp(core_types[i].name, name) == 0)
			return &core_types[i];
	return NULL;
}
