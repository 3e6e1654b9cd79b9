/* The text writer: aligned "Label : value" blocks and column tables for
 * people, a blank line between blocks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/writer.h"

struct text_w {
	struct strbuf text;
	int blocks; /* blocks rendered so far, for blank lines between them */
	/* the block being collected, to align it */
	char **cells;
	int ncells, cellcap;
	const struct out_col *cols;
	int ncols;
};

static void *t_open(void)
{
	struct text_w *t = calloc(1, sizeof(*t));

	if (!t)
		abort();
	return t;
}

static void cells_clear(struct text_w *t)
{
	for (int i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	t->ncells = 0;
}

static void t_close(void *w)
{
	struct text_w *t = w;

	cells_clear(t);
	free(t->cells);
	strbuf_release(&t->text);
	free(t);
}

static void cell_push(struct text_w *t, const char *s)
{
	if (t->ncells == t->cellcap) {
		t->cellcap = t->cellcap ? t->cellcap * 2 : 64;
		t->cells = realloc(t->cells, (size_t)t->cellcap * sizeof(char *));
		if (!t->cells)
			abort();
	}
	struct strbuf b = STRBUF_INIT;

	/* Terminal control sequences in names never reach the terminal. */
	strbuf_add_printable(&b, s ? s : "", false);
	t->cells[t->ncells++] = strbuf_detach(&b);
}

static void block_start(struct text_w *t)
{
	if (t->blocks++ && t->text.len)
		strbuf_addc(&t->text, '\n');
}

static void t_kv_begin(void *w, const char *name)
{
	cells_clear(w);
}

static void t_kv(void *w, const char *key, const char *label, const char *value)
{
	if (!label)
		return;
	cell_push(w, label);
	cell_push(w, value);
}

static void t_kv_num(void *w, const char *key, const char *label, long long value, const char *display)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", value);
	t_kv(w, key, label, display ? display : buf);
}

static void t_kv_bool(void *w, const char *key, const char *label, bool value)
{
	t_kv(w, key, label, value ? "yes" : "no");
}

static void t_kv_end(void *w)
{
	struct text_w *t = w;
	size_t width = 0;

	for (int i = 0; i < t->ncells; i += 2)
		if (strlen(t->cells[i]) > width)
			width = strlen(t->cells[i]);
	if (t->ncells)
		block_start(t);
	for (int i = 0; i < t->ncells; i += 2)
		strbuf_addf(&t->text, "%-*s : %s\n", (int)width, t->cells[i], t->cells[i + 1]);
	cells_clear(t);
}

static void t_table_begin(void *w, const char *name, const struct out_col *cols, int ncols)
{
	struct text_w *t = w;

	t->cols = cols;
	t->ncols = ncols;
	cells_clear(t);
}

static void t_row(void *w, const char *const *cells)
{
	struct text_w *t = w;

	for (int i = 0; i < t->ncols; i++)
		cell_push(t, cells[i]);
}

/* Display width: counts UTF-8 code points, not bytes. */
static size_t width_of(const char *s)
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
	for (size_t n = width_of(s); n < w + 2; n++)
		strbuf_addc(b, ' ');
}

static void t_msg(void *w, const char *text);

static void t_table_end(void *w, const char *empty)
{
	struct text_w *t = w;
	int nc = t->ncols, nrows = nc ? t->ncells / nc : 0;
	size_t *wd;

	if (!nrows) {
		if (empty)
			t_msg(t, empty);
		return;
	}
	if (!(wd = calloc((size_t)nc, sizeof(*wd))))
		abort();
	for (int c = 0; c < nc; c++) {
		wd[c] = width_of(t->cols[c].title);
		for (int r = 0; r < nrows; r++)
			if (width_of(t->cells[r * nc + c]) > wd[c])
				wd[c] = width_of(t->cells[r * nc + c]);
	}
	block_start(t);
	for (int c = 0; c < nc; c++)
		pad(&t->text, t->cols[c].title, wd[c], c == nc - 1);
	strbuf_addc(&t->text, '\n');
	for (int c = 0; c < nc; c++) {
		for (size_t k = 0; k < wd[c]; k++)
			strbuf_addc(&t->text, '-');
		if (c < nc - 1)
			strbuf_adds(&t->text, "  ");
	}
	strbuf_addc(&t->text, '\n');
	for (int r = 0; r < nrows; r++) {
		for (int c = 0; c < nc; c++)
			pad(&t->text, t->cells[r * nc + c], wd[c], c == nc - 1);
		strbuf_addc(&t->text, '\n');
	}
	free(wd);
	cells_clear(t);
}

static void t_msg(void *w, const char *text)
{
	struct text_w *t = w;

	strbuf_add_printable(&t->text, text, true);
	strbuf_addc(&t->text, '\n');
}

static void t_content(void *w, const char *key, const char *text)
{
	struct text_w *t = w;
	size_t n = strlen(text);

	strbuf_add_printable(&t->text, text, true);
	if (n && text[n - 1] != '\n')
		strbuf_addc(&t->text, '\n');
}

static void t_render(void *w, struct strbuf *dst)
{
	struct text_w *t = w;

	if (t->text.len)
		strbuf_add(dst, t->text.buf, t->text.len);
}

const struct writer_ops text_writer = {
    .open = t_open,
    .close = t_close,
    .kv_begin = t_kv_begin,
    .kv = t_kv,
    .kv_num = t_kv_num,
    .kv_bool = t_kv_bool,
    .kv_end = t_kv_end,
    .table_begin = t_table_begin,
    .row = t_row,
    .table_end = t_table_end,
    .msg = t_msg,
    .content = t_content,
    .render = t_render,
    .line_oriented = true,
};
