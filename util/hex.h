/* Bytes as hexadecimal text and back (binary values in TEXT columns). */
#ifndef UCSH_HEX_H
#define UCSH_HEX_H

#include <stddef.h>

/* Lower-case hex, NUL-terminated, malloc'd. */
char *hex_encode(const unsigned char *buf, size_t len);
/* -1 on an odd length or a character that is not a hex digit. */
int hex_decode(const char *hex, unsigned char **out, size_t *len);

#endif
