/* The JSON writer: one object per command (jansson does the escaping). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "out/writer.h"

struct json_w {
	json_t *root;
	json_t *cur; /* kv block or table array being filled */
	const struct out_col *cols;
	int ncols;
};

static void *j_open(void)
{
	struct json_w *j = calloc(1, sizeof(*j));

	if (!j || !(j->root = json_object()))
		abort();
	return j;
}

static void j_close(void *w)
{
	struct json_w *j = w;

	json_decref(j->root);
	free(j);
}

static void j_kv_begin(void *w, const char *name)
{
	struct json_w *j = w;

	j->cur = j->root;
	if (name) {
		j->cur = json_object();
		json_object_set_new(j->root, name, j->cur);
	}
}

static void set(struct json_w *j, const char *key, json_t *v)
{
	json_object_set_new(j->cur ? j->cur : j->root, key, v);
}

static void j_kv(void *w, const char *key, const char *label, const char *value)
{
	set(w, key, value ? json_string(value) : json_null());
}

static void j_kv_num(void *w, const char *key, const char *label, long long value, const char *display)
{
	set(w, key, json_integer(value));
}

static void j_kv_bool(void *w, const char *key, const char *label, bool value)
{
	set(w, key, json_boolean(value));
}

static void j_kv_end(void *w)
{
	((struct json_w *)w)->cur = NULL;
}

static void j_table_begin(void *w, const char *name, const struct out_col *cols, int ncols)
{
	struct json_w *j = w;

	j->cols = cols;
	j->ncols = ncols;
	j->cur = json_array();
	json_object_set_new(j->root, name, j->cur);
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

static void j_row(void *w, const char *const *cells)
{
	struct json_w *j = w;
	json_t *row = json_object();

	for (int i = 0; i < j->ncols; i++)
		json_object_set_new(row, j->cols[i].key, typed(&j->cols[i], cells[i]));
	json_array_append_new(j->cur, row);
}

static void j_table_end(void *w, const char *empty)
{
	((struct json_w *)w)->cur = NULL;
}

static void j_msg(void *w, const char *text)
{
	struct json_w *j = w;
	json_t *m = json_object_get(j->root, "messages");

	if (!m) {
		m = json_array();
		json_object_set_new(j->root, "messages", m);
	}
	json_array_append_new(m, json_string(text));
}

static void j_content(void *w, const char *key, const char *text)
{
	struct json_w *j = w;

	json_object_set_new(j->root, key, json_stringn(text, strlen(text)));
}

static void j_render(void *w, struct strbuf *dst)
{
	struct json_w *j = w;
	char *s;

	if (!json_object_size(j->root))
		return;
	if (!(s = json_dumps(j->root, JSON_COMPACT)))
		abort();
	strbuf_adds(dst, s);
	strbuf_addc(dst, '\n');
	free(s);
}

const struct writer_ops json_writer = {
    .open = j_open,
    .close = j_close,
    .kv_begin = j_kv_begin,
    .kv = j_kv,
    .kv_num = j_kv_num,
    .kv_bool = j_kv_bool,
    .kv_end = j_kv_end,
    .table_begin = j_table_begin,
    .row = j_row,
    .table_end = j_table_end,
    .msg = j_msg,
    .content = j_content,
    .render = j_render,
    .line_oriented = false,
};
