/* The record interface. Handlers and services emit records (key/value
 * blocks, tables, messages, bodies); the writer chosen for the session turns
 * them into aligned text or one JSON document per command (DESIGN §4).
 * Nothing here asks which writer is in use, and nothing else printfs. */
#ifndef UCSH_OUT_H
#define UCSH_OUT_H

#include <stdbool.h>
#include <stdio.h>

enum out_format { OUT_TEXT, OUT_JSON };
enum out_type { OT_STR, OT_INT, OT_BOOL };

/* Exit codes of a command (DESIGN §4). */
enum uc_rc { UC_OK = 0, UC_FAIL = 1, UC_USAGE = 2, UC_DENIED = 3 };

struct out_col {
	const char *key;   /* JSON key (snake_case, stable) */
	const char *title; /* text column heading */
	enum out_type type;
};

struct out;

/* A block of "Label : value" lines; name nests it in JSON (NULL: top level).
 * A NULL label is a field for machines only: text output leaves it out. */
void out_kv_begin(struct out *o, const char *name);
void out_kv(struct out *o, const char *key, const char *label, const char *value);
void out_kv_int(struct out *o, const char *key, const char *label, long long value);
/* A number that people read with words around it ("1 (mixed mode)"). */
void out_kv_num(struct out *o, const char *key, const char *label, long long value, const char *display);
void out_kv_bool(struct out *o, const char *key, const char *label, bool value);
/* A time as ISO 8601 UTC (YYYY-MM-DDTHH:MM:SSZ). */
void out_kv_time(struct out *o, const char *key, const char *label, long long when);
void out_kv_end(struct out *o);

/* A table; cells are text, typed for JSON by their column (NULL = null). */
void out_table_begin(struct out *o, const char *name, const struct out_col *cols, int ncols);
void out_row(struct out *o, const char *const *cells);
/* empty: what people read instead of a table without rows (NULL: nothing);
 * JSON shows the empty array. */
void out_table_end(struct out *o, const char *empty);

/* A line for people; in JSON it joins the "messages" array. */
void out_msg(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A verbatim text body (a file's content); in JSON the string under key. */
void out_content(struct out *o, const char *key, const char *text);

/* "% message" on stderr (with the batch line prefix); returns code. */
int out_error(struct out *o, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void out_warn(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "% msg" with a prefix, outside any command's sink. */
void out_report(const char *prefix, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
