#include <jansson.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shell/out_impl.h"
#include "shell/pager.h"
#include "shell/strbuf.h"

struct out {
	enum out_format fmt;
	char *err_prefix;
	struct strbuf text; /* rendered text output */
	int blocks;	    /* blocks rendered so far, for blank lines between them */
	json_t *root;
	json_t *cur; /* kv block or table array being filled */
	/* text mode: the block being collected, to align it */
	char **cells;
	int ncells, cellcap;
	const struct out_col *cols;
	int ncols;
};

struct out *out_new(enum out_format fmt, const char *err_prefix)
{
	struct out *o = calloc(1, sizeof(*o));

	if (!o || !(o->err_prefix = strdup(err_prefix ? err_prefix : "")))
		abort();
	o->fmt = fmt;
	if (fmt == OUT_JSON)
		o->root = json_object();
	return o;
}

void out_free(struct out *o)
{
	if (!o)
		return;
	for (int i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	free(o->cells);
	strbuf_release(&o->text);
	json_decref(o->root);
	free(o->err_prefix);
	free(o);
}

enum out_format out_format_of(const struct out *o)
{
	return o->fmt;
}

static void cell_push(struct out *o, const char *s)
{
	if (o->ncells == o->cellcap) {
		o->cellcap = o->cellcap ? o->cellcap * 2 : 64;
		o->cells = realloc(o->cells, (size_t)o->cellcap * sizeof(char *));
		if (!o->cells)
			abort();
	}
	o->cells[o->ncells++] = s ? strdup(s) : NULL;
}

static void cells_clear(struct out *o)
{
	for (int i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	o->ncells = 0;
}

static void block_start(struct out *o)
{
	if (o->blocks++ && o->text.len)
		strbuf_addc(&o->text, '\n');
}

/* ---- key/value blocks ---- */

void out_kv_begin(struct out *o, const char *name)
{
	if (o->fmt == OUT_JSON) {
		o->cur = o->root;
		if (name) {
			o->cur = json_object();
			json_object_set_new(o->root, name, o->cur);
		}
		return;
	}
	cells_clear(o);
}

static void kv_json(struct out *o, const char *key, json_t *v)
{
	json_object_set_new(o->cur ? o->cur : o->root, key, v);
}

void out_kv(struct out *o, const char *key, const char *label, const char *value)
{
	if (o->fmt == OUT_JSON) {
		kv_json(o, key, value ? json_string(value) : json_null());
		return;
	}
	cell_push(o, label);
	cell_push(o, value ? value : "");
}

void out_kv_int(struct out *o, const char *key, const char *label, long long value)
{
	char buf[32];

	if (o->fmt == OUT_JSON) {
		kv_json(o, key, json_integer(value));
		return;
	}
	snprintf(buf, sizeof(buf), "%lld", value);
	out_kv(o, key, label, buf);
}

void out_kv_bool(struct out *o, const char *key, const char *label, bool value)
{
	if (o->fmt == OUT_JSON) {
		kv_json(o, key, json_boolean(value));
		return;
	}
	out_kv(o, key, label, value ? "yes" : "no");
}

void out_kv_time(struct out *o, const char *key, const char *label, long long when)
{
	time_t t = (time_t)when;
	struct tm tm;
	char buf[32];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	out_kv(o, key, label, buf);
}

void out_kv_end(struct out *o)
{
	size_t w = 0;

	if (o->fmt == OUT_JSON) {
		o->cur = NULL;
		return;
	}
	for (int i = 0; i < o->ncells; i += 2)
		if (strlen(o->cells[i]) > w)
			w = strlen(o->cells[i]);
	block_start(o);
	for (int i = 0; i < o->ncells; i += 2)
		strbuf_addf(&o->text, "%-*s : %s\n", (int)w, o->cells[i], o->cells[i + 1]);
	cells_clear(o);
}

/* ---- tables ---- */

void out_table_begin(struct out *o, const char *name, const struct out_col *cols, int ncols)
{
	o->cols = cols;
	o->ncols = ncols;
	if (o->fmt == OUT_JSON) {
		o->cur = json_array();
		json_object_set_new(o->root, name, o->cur);
		return;
	}
	cells_clear(o);
}

static json_t *typed(const struct out_col *c, const char *v)
{
	if (!v)
		return json_null();
	switch (c->type) {
	case OT_INT:
		return json_integer(strtoll(v, NULL, 10));
	case OT_BOOL:
		return json_boolean(strcmp(v, "yes") == 0 || strcmp(v, "true") == 0);
	default:
		return json_string(v);
	}
}

void out_row(struct out *o, const char *const *cells)
{
	if (o->fmt == OUT_JSON) {
		json_t *row = json_object();
		for (int i = 0; i < o->ncols; i++)
			json_object_set_new(row, o->cols[i].key, typed(&o->cols[i], cells[i]));
		json_array_append_new(o->cur, row);
		return;
	}
	for (int i = 0; i < o->ncols; i++)
		cell_push(o, cells[i] ? cells[i] : "");
}

/* Display width: counts UTF-8 code points, not bytes. */
static size_t width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void pad(struct strbuf *b, const char *s, size_t w, bool last)
{
	strbuf_adds(b, s);
	if (last)
		return;
	for (size_t n = width(s); n < w + 2; n++)
		strbuf_addc(b, ' ');
}

void out_table_end(struct out *o)
{
	int nrows, nc = o->ncols;
	size_t *w;

	if (o->fmt == OUT_JSON) {
		o->cur = NULL;
		return;
	}
	nrows = nc ? o->ncells / nc : 0;
	if (!nrows)
		return;
	w = calloc((size_t)nc, sizeof(*w));
	if (!w)
		abort();
	for (int c = 0; c < nc; c++) {
		w[c] = width(o->cols[c].title);
		for (int r = 0; r < nrows; r++)
			if (width(o->cells[r * nc + c]) > w[c])
				w[c] = width(o->cells[r * nc + c]);
	}
	block_start(o);
	for (int c = 0; c < nc; c++)
		pad(&o->text, o->cols[c].title, w[c], c == nc - 1);
	strbuf_addc(&o->text, '\n');
	for (int c = 0; c < nc; c++) {
		for (size_t k = 0; k < w[c]; k++)
			strbuf_addc(&o->text, '-');
		if (c < nc - 1)
			strbuf_adds(&o->text, "  ");
	}
	strbuf_addc(&o->text, '\n');
	for (int r = 0; r < nrows; r++) {
		for (int c = 0; c < nc; c++)
			pad(&o->text, o->cells[r * nc + c], w[c], c == nc - 1);
		strbuf_addc(&o->text, '\n');
	}
	free(w);
	cells_clear(o);
}

/* ---- messages and bodies ---- */

void out_msg(struct out *o, const char *fmt, ...)
{
	struct strbuf b = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (o->fmt == OUT_JSON) {
		json_t *m = json_object_get(o->root, "messages");
		if (!m) {
			m = json_array();
			json_object_set_new(o->root, "messages", m);
		}
		json_array_append_new(m, json_string(b.buf ? b.buf : ""));
	} else {
		strbuf_adds(&o->text, b.buf ? b.buf : "");
		strbuf_addc(&o->text, '\n');
	}
	strbuf_release(&b);
}

void out_content(struct out *o, const char *key, const char *text)
{
	size_t n = strlen(text);

	if (o->fmt == OUT_JSON) {
		json_object_set_new(o->root, key, json_stringn(text, n));
		return;
	}
	strbuf_add(&o->text, text, n);
	if (n && text[n - 1] != '\n')
		strbuf_addc(&o->text, '\n');
}

/* ---- errors ---- */

static void report(const char *prefix, const char *kind, const char *fmt, va_list ap)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_addf(&b, "%s%% %s", prefix, kind);
	strbuf_vaddf(&b, fmt, ap);
	strbuf_addc(&b, '\n');
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

bool out_has_text(const struct out *o)
{
	return o->text.len > 0;
}

/* ---- rendering ---- */

/* Keeps the lines that pass every filter; with count, just their number. */
static int filter_text(struct out *o, const struct lex_filter *f, int nf, struct strbuf *dst)
{
	regex_t *re = calloc((size_t)nf + 1, sizeof(*re));
	int nre = 0, rc = UC_OK;
	long count = -1;
	char *line, *save = NULL;

	if (!re)
		abort();
	for (int i = 0; i < nf; i++) {
		if (f[i].kind == FILTER_COUNT) {
			count = 0;
			continue;
		}
		if (regcomp(&re[i], f[i].pattern, REG_EXTENDED | REG_NOSUB) != 0) {
			out_error(o, UC_USAGE, "Invalid regular expression \"%s\"", f[i].pattern);
			rc = UC_USAGE;
			nf = i;
			goto out;
		}
		nre = i + 1;
	}
	for (line = o->text.buf ? strtok_r(o->text.buf, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		bool keep = true;
		for (int i = 0; i < nf && keep; i++) {
			if (f[i].kind == FILTER_COUNT)
				continue;
			bool hit = regexec(&re[i], line, 0, NULL, 0) == 0;
			keep = f[i].kind == FILTER_INCLUDE ? hit : !hit;
		}
		if (!keep)
			continue;
		if (count >= 0)
			count++;
		else
			strbuf_addf(dst, "%s\n", line);
	}
	if (count >= 0)
		strbuf_addf(dst, "%ld\n", count);
out:
	for (int i = 0; i < nre; i++)
		if (f[i].kind != FILTER_COUNT)
			regfree(&re[i]);
	free(re);
	return rc;
}

int out_finish(struct out *o, const struct lex_filter *filters, int nfilters, bool page,
	       volatile sig_atomic_t *interrupt)
{
	struct strbuf text = STRBUF_INIT;
	int rc = UC_OK;

	if (o->fmt == OUT_JSON) {
		if (nfilters)
			return out_error(o, UC_USAGE,
					 "Output filters (| include, | exclude, | count) "
					 "work on text output only; use jq with --json");
		if (json_object_size(o->root)) {
			json_dumpf(o->root, stdout, JSON_COMPACT);
			fputc('\n', stdout);
		}
		return UC_OK;
	}
	if (nfilters)
		rc = filter_text(o, filters, nfilters, &text);
	else
		text = o->text, o->text = (struct strbuf)STRBUF_INIT;
	if (rc == UC_OK && text.len) {
		if (page)
			pager_write(text.buf, text.len, interrupt);
		else
			fwrite(text.buf, 1, text.len, stdout);
	}
	strbuf_release(&text);
	return rc;
}
