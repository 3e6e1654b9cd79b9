/* libedit, loaded when a session turns out to be interactive: batch runs
 * (most commands) then do not pay for it and its libraries at start-up. */
#ifndef UCSH_EDIT_H
#define UCSH_EDIT_H

#include <stddef.h>

#include <histedit.h>

struct edit_api {
	__typeof__(el_init) *init;
	__typeof__(el_set) *set;
	__typeof__(el_get) *get;
	__typeof__(el_gets) *gets;
	__typeof__(el_line) *line;
	__typeof__(el_insertstr) *insertstr;
	__typeof__(el_resize) *resize;
	__typeof__(el_end) *end;
	__typeof__(history_init) *history_init;
	__typeof__(history) *history;
	__typeof__(history_end) *history_end;
};

/* Loads libedit once; NULL with err set when it cannot be loaded. */
const struct edit_api *edit_load(char *err, size_t errlen);

#endif
