/* UTF-8 as certificates, JSON and terminals need it. */
#ifndef UCSH_UTF8_H
#define UCSH_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Whether s is well-formed UTF-8: no stray continuation bytes, no
 * overlong forms, no surrogates, nothing above U+10FFFF. On false, *bad
 * (may be NULL) is the offset of the first byte that is wrong. */
bool utf8_valid(const char *s, size_t *bad);

#endif
