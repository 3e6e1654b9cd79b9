#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

static void grow(struct strbuf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->buf, cap);
	if (!p) {
		fputs("% out of memory\n", stderr);
		abort();
	}
	b->buf = p;
	b->cap = cap;
}

void strbuf_add(struct strbuf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void strbuf_addc(struct strbuf *b, char c)
{
	strbuf_add(b, &c, 1);
}

void strbuf_adds(struct strbuf *b, const char *s)
{
	strbuf_add(b, s, strlen(s));
}

void strbuf_vaddf(struct strbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void strbuf_addf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(b, fmt, ap);
	va_end(ap);
}

void strbuf_add_printable(struct strbuf *b, const char *s, bool keep_lines)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && *p != '\t' && !(keep_lines && *p == '\n')) || *p == 0x7f)
			strbuf_addf(b, "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			strbuf_addf(b, "\\x%02x\\x%02x", *p, p[1]), p++;
		else
			strbuf_addc(b, (char)*p);
	}
}

void strbuf_reset(struct strbuf *b)
{
	b->len = 0;
	if (b->buf)
		b->buf[0] = '\0';
}

char *strbuf_detach(struct strbuf *b)
{
	char *s = b->buf ? b->buf : strdup("");

	if (!s)
		abort();
	b->buf = NULL;
	b->len = b->cap = 0;
	return s;
}

void strbuf_release(struct strbuf *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = b->cap = 0;
}
