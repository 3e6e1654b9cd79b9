#include <dlfcn.h>
#include <stdio.h>

#include "shell/edit.h"

#ifndef LIBEDIT_SONAME
#define LIBEDIT_SONAME "libedit.so.2"
#endif

/* The loaded library's entry points: set once, then only read. */
static struct edit_api api;
static void *handle;

#define SYM(field, name)                                                                                     \
	do {                                                                                                 \
		*(void **)&api.field = dlsym(h, name);                                                       \
		if (!api.field) {                                                                            \
			snprintf(err, errlen, "%s lacks %s", LIBEDIT_SONAME, name);                          \
			dlclose(h);                                                                          \
			return NULL;                                                                         \
		}                                                                                            \
	} while (0)

const struct edit_api *edit_load(char *err, size_t errlen)
{
	void *h;

	if (handle)
		return &api;
	if (!(h = dlopen(LIBEDIT_SONAME, RTLD_NOW | RTLD_LOCAL))) {
		snprintf(err, errlen, "cannot load %s: %s", LIBEDIT_SONAME, dlerror());
		return NULL;
	}
	SYM(init, "el_init");
	SYM(set, "el_set");
	SYM(get, "el_get");
	SYM(gets, "el_gets");
	SYM(line, "el_line");
	SYM(insertstr, "el_insertstr");
	SYM(resize, "el_resize");
	SYM(end, "el_end");
	SYM(history_init, "history_init");
	SYM(history, "history");
	SYM(history_end, "history_end");
	handle = h;
	return &api;
}
