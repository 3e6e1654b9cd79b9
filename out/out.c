/* The sink: forwards records to the session's writer; errors go to stderr. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "out/sink.h"
#include "out/writer.h"
#include "util/timefmt.h"

struct out {
	const struct writer_ops *w;
	void *state;
	char *err_prefix;
};

struct out *out_new(enum out_format fmt, const char *err_prefix)
{
	struct out *o = calloc(1, sizeof(*o));

	if (!o || !(o->err_prefix = strdup(err_prefix ? err_prefix : "")))
		abort();
	o->w = fmt == OUT_JSON ? &json_writer : &text_writer;
	o->state = o->w->open();
	return o;
}

void out_free(struct out *o)
{
	if (!o)
		return;
	o->w->close(o->state);
	free(o->err_prefix);
	free(o);
}

void out_discard(struct out *o)
{
	o->w->close(o->state);
	o->state = o->w->open();
}

void out_render(struct out *o, struct strbuf *dst)
{
	o->w->render(o->state, dst);
}

bool out_line_oriented(const struct out *o)
{
	return o->w->line_oriented;
}

void out_kv_begin(struct out *o, const char *name)
{
	o->w->kv_begin(o->state, name);
}

void out_kv(struct out *o, const char *key, const char *label, const char *value)
{
	o->w->kv(o->state, key, label, value);
}

void out_kv_num(struct out *o, const char *key, const char *label, long long value, const char *display)
{
	o->w->kv_num(o->state, key, label, value, display);
}

void out_kv_int(struct out *o, const char *key, const char *label, long long value)
{
	o->w->kv_num(o->state, key, label, value, NULL);
}

void out_kv_bool(struct out *o, const char *key, const char *label, bool value)
{
	o->w->kv_bool(o->state, key, label, value);
}

void out_kv_time(struct out *o, const char *key, const char *label, long long when)
{
	char buf[32];

	time_iso(when, buf, sizeof(buf));
	o->w->kv(o->state, key, label, buf);
}

void out_kv_end(struct out *o)
{
	o->w->kv_end(o->state);
}

void out_table_begin(struct out *o, const char *name, const struct out_col *cols, int ncols)
{
	o->w->table_begin(o->state, name, cols, ncols);
}

void out_row(struct out *o, const char *const *cells)
{
	o->w->row(o->state, cells);
}

void out_table_end(struct out *o, const char *empty)
{
	o->w->table_end(o->state, empty);
}

void out_msg(struct out *o, const char *fmt, ...)
{
	struct strbuf b = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	o->w->msg(o->state, b.buf ? b.buf : "");
	strbuf_release(&b);
}

void out_content(struct out *o, const char *key, const char *text)
{
	o->w->content(o->state, key, text);
}

static void report(const char *prefix, const char *kind, const char *fmt, va_list ap)
{
	struct strbuf b = STRBUF_INIT, msg = STRBUF_INIT;

	strbuf_vaddf(&msg, fmt, ap);
	strbuf_addf(&b, "%s%% %s", prefix, kind);
	/* One line, whatever the message quotes. */
	strbuf_add_printable(&b, msg.buf ? msg.buf : "", false);
	strbuf_addc(&b, '\n');
	strbuf_release(&msg);
	/* Whatever stdout holds goes first, so a terminal shows them in order. */
	fflush(stdout);
	fputs(b.buf, stderr);
	strbuf_release(&b);
}

int out_error(struct out *o, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(o->err_prefix, "", fmt, ap);
	va_end(ap);
	return code;
}

void out_warn(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(o->err_prefix, "Warning: ", fmt, ap);
	va_end(ap);
}

void out_report(const char *prefix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(prefix ? prefix : "", "", fmt, ap);
	va_end(ap);
}
