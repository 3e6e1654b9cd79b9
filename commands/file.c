/* The file area: file list, file view, file delete (DESIGN §6). */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands/families.h"
#include "commands/session.h"
#include "svc/files.h"
#include "svc/preview.h"
#include "util/timefmt.h"

/* file view shows text files up to this size; larger ones are downloaded. */
#define VIEW_MAX (1024 * 1024)

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct file_entry *)a)->name, ((const struct file_entry *)b)->name);
}

static int by_size(const void *a, const void *b) /* largest first */
{
	const struct file_entry *x = a, *y = b;

	return x->size != y->size ? (x->size < y->size ? 1 : -1) : by_name(a, b);
}

static int by_modified(const void *a, const void *b) /* newest first */
{
	const struct file_entry *x = a, *y = b;

	return x->mtime != y->mtime ? (x->mtime < y->mtime ? 1 : -1) : by_name(a, b);
}

struct file_args {
	const char *pattern;
	const char *sort;
	const char *file;
};

static const struct arg_bind list_bind[] = {BIND(struct file_args, pattern), BIND(struct file_args, sort),
					    BIND_END(struct file_args)};
static const struct arg_bind file_bind[] = {BIND(struct file_args, file), BIND_END(struct file_args)};

static int file_list(struct session *s, const void *args, struct out *o)
{
	const struct file_args *a = args;
	static const struct out_col cols[] = {
	    {"name", "Name", OT_STR}, {"size", "Size", OT_INT}, {"modified", "Modified (UTC)", OT_STR}};
	const char *pattern = a->pattern;
	struct file_entry *v;
	struct err e;
	int n, shown = 0;

	if (core_file_list(&s->core, &v, &n, &e) != 0)
		return cmd_fail(o, &e);
	if (n)
		qsort(v, (size_t)n, sizeof(*v),
		      a->sort && strcmp(a->sort, "size") == 0	    ? by_size
		      : a->sort && strcmp(a->sort, "modified") == 0 ? by_modified
								    : by_name);
	out_table_begin(o, "files", cols, 3);
	for (int i = 0; i < n; i++) {
		char size[24], when[32];
		if (pattern && fnmatch(pattern, v[i].name, 0) != 0)
			continue;
		snprintf(size, sizeof(size), "%lld", v[i].size);
		time_iso(v[i].mtime, when, sizeof(when));
		const char *cells[] = {v[i].name, size, when};
		out_row(o, cells);
		shown++;
	}
	char empty[600];
	snprintf(empty, sizeof(empty),
		 pattern ? "No files match %s in the file area." : "The file area is empty.%s",
		 pattern ? pattern : "");
	out_table_end(o, empty);
	file_entries_free(v, n);
	return UC_OK;
}

static int file_view(struct session *s, const void *args, struct out *o)
{
	const char *name = ((const struct file_args *)args)->file;
	struct err e;
	char *text;

	if (core_file_read_text(&s->core, name, VIEW_MAX, &text, &e) != 0)
		return cmd_fail(o, &e);
	out_kv_begin(o, NULL);
	out_kv(o, "name", NULL, name);
	out_kv_end(o);
	out_content(o, "content", text);
	free(text);
	return UC_OK;
}

static int file_delete(struct session *s, const void *args, struct out *o)
{
	const char *name = ((const struct file_args *)args)->file;
	struct err e;

	if (core_file_delete(&s->core, name, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Deleted %s.", name);
	return UC_OK;
}

static bool check_file(const struct check_in *c, const char *in, struct value *v)
{
	return core_file_name_ok(in, v->err, sizeof(v->err));
}

static void complete_file(struct session *s, struct strlist *out)
{
	struct file_entry *v;
	struct err e;
	int n;

	if (core_file_list(&s->core, &v, &n, &e) != 0)
		return;
	for (int i = 0; i < n; i++)
		strlist_add(out, v[i].name);
	file_entries_free(v, n);
}

static bool check_pattern(const struct check_in *c, const char *in, struct value *v)
{
	return true;
}

static const struct type_def file_type = {.name = "FILE",
					  .help = "a file in the file area (file list shows them)",
					  .check = check_file,
					  .complete = complete_file};
static const struct type_def pattern_type = {
    .name = "PATTERN", .help = "shell-style pattern, e.g. '*.pem'", .check = check_pattern, .complete = NULL};
static const struct type_def *const file_types[] = {&file_type, &pattern_type, NULL};

static void explain_delete(struct session *s, const void *args, struct strbuf *out)
{
	preview_file_delete(&s->core, ((const struct file_args *)args)->file, out);
}

static const struct cmd_def file_cmds[] = {
    {"file list [PATTERN] [sort {name|size|modified}$sort]", file_list, PRIV_READ, 0,
     "Files in the file area with size and time", "file list *.pem sort modified", list_bind, NULL},
    {"file view FILE", file_view, PRIV_READ, 0, "Show a text file from the file area", "file view ca.pem",
     file_bind, NULL},
    {"file delete FILE", file_delete, PRIV_OPER, CMD_WRITE | CMD_CONFIRM, "Delete a file from the file area",
     "file delete old-ca.pem", file_bind, explain_delete},
};

static const struct kw_help file_kw[] = {
    {"file", "The file area: files uploaded to or exported from this node"},
    {NULL, NULL},
};

const struct cmd_family file_family = CMD_FAMILY("file", file_cmds, file_kw, file_types);
