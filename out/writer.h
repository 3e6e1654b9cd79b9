/* One writer per output format behind one interface (lldpd's writers are
 * the model). out.c keeps the sink and dispatches; the writers keep their
 * own state and render the whole command's output at the end. */
#ifndef UCSH_WRITER_H
#define UCSH_WRITER_H

#include "out/out.h"
#include "util/strbuf.h"

struct writer_ops {
	void *(*open)(void);
	void (*close)(void *w);
	void (*kv_begin)(void *w, const char *name);
	void (*kv)(void *w, const char *key, const char *label, const char *value);
	void (*kv_num)(void *w, const char *key, const char *label, long long value, const char *display);
	void (*kv_bool)(void *w, const char *key, const char *label, bool value);
	void (*kv_end)(void *w);
	void (*table_begin)(void *w, const char *name, const struct out_col *cols, int ncols);
	void (*row)(void *w, const char *const *cells);
	void (*table_end)(void *w, const char *empty);
	void (*msg)(void *w, const char *text);
	void (*content)(void *w, const char *key, const char *text);
	/* Appends the rendered output to dst. */
	void (*render)(void *w, struct strbuf *dst);
	bool line_oriented; /* | include / exclude / count apply */
};

extern const struct writer_ops text_writer;
extern const struct writer_ops json_writer;

#endif
