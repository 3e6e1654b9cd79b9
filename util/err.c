#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

/* Formatted apart first: the arguments may be e->msg itself (a lower
 * layer's reason, prefixed). */
int err_set(struct err *e, enum err_code code, const char *fmt, ...)
{
	char buf[sizeof(e->msg)];
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	memcpy(e->msg, buf, sizeof(buf));
	return code;
}
