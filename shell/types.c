/* Core types: WORD (any one word), TEXT (free text, printable), INT(min-max). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/types.h"

static bool check_word(const struct check_in *c, const char *in, struct value *v)
{
	if (!*in) {
		snprintf(v->err, sizeof(v->err), "must not be empty");
		return false;
	}
	return true;
}

static bool check_text(const struct check_in *c, const char *in, struct value *v)
{
	for (const unsigned char *p = (const unsigned char *)in; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			snprintf(v->err, sizeof(v->err), "control characters are not allowed");
			return false;
		}
	return check_word(c, in, v);
}

static bool check_int(const struct check_in *c, const char *in, struct value *v)
{
	long min = c->min, max = c->max, n;
	char *end;

	errno = 0;
	n = strtol(in, &end, 10);
	if (min == 0 && max == 0)
		max = 2147483647L;
	if (!*in || *end || errno || n < min || n > max || in[0] == '+') {
		snprintf(v->err, sizeof(v->err), "a whole number from %ld to %ld", min, max);
		return false;
	}
	v->num = n;
	return true;
}

static const struct type_def core_types[] = {
    {.name = "WORD", .help = "one word", .check = check_word},
    {.name = "TEXT", .help = "text (quote it when it has spaces)", .check = check_text},
    {.name = "INT", .help = "a whole number", .check = check_int, .kind = VAL_NUM},
    {.name = "N", .help = "a whole number", .check = check_int, .kind = VAL_NUM},
};

const struct type_def *types_core_find(const char *name)
{
	for (size_t i = 0; i < sizeof(core_types) / sizeof(core_types[0]); i++)
		if (strcmp(core_types[i].name, name) == 0)
			return &core_types[i];
	return NULL;
}
