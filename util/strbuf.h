/* A growable string; allocation failure aborts (a shell cannot go on
 * without memory for its own output). */
#ifndef UCSH_STRBUF_H
#define UCSH_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len, cap;
};

#define STRBUF_INIT                                                                                          \
	{                                                                                                    \
		NULL, 0, 0                                                                                   \
	}

void strbuf_addc(struct strbuf *b, char c);
void strbuf_add(struct strbuf *b, const char *s, size_t n);
void strbuf_adds(struct strbuf *b, const char *s);
void strbuf_addf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* s with control characters (C0 but tab, DEL, and C1 in UTF-8) written as
 * \xNN, so text from certificates or file names cannot drive a terminal;
 * keep_lines keeps newlines. */
void strbuf_add_printable(struct strbuf *b, const char *s, bool keep_lines);
void strbuf_reset(struct strbuf *b);
/* Returns the string (never NULL) and leaves b empty. */
char *strbuf_detach(struct strbuf *b);
void strbuf_release(struct strbuf *b);

#endif
