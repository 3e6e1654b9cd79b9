#include "util/utf8.h"

/* The length of the sequence at p, 0 when it is not well-formed. */
static int sequence(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f)) /* overlong, surrogate */
			return 0;
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f)) /* overlong, > U+10FFFF */
			return 0;
		return 4;
	}
	return 0;
}

bool utf8_valid(const char *s, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = sequence(p);
		if (!n) {
			if (bad)
				*bad = (size_t)(p - (const unsigned char *)s);
			return false;
		}
		p += n;
	}
	return true;
}
