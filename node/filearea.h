/* The file area (DESIGN §6): the one directory whose files commands may read
 * and write. Every name is confined to it: "..", absolute paths outside it and
 * symlinks leading out of it are refused. */
#ifndef UCSH_NODE_FILEAREA_H
#define UCSH_NODE_FILEAREA_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

enum fa_rc { FA_OK = 0, FA_INVALID, FA_NOTFOUND, FA_ERROR, FA_EXISTS };

struct file_entry {
	char *name; /* relative to the area */
	long long size;
	time_t mtime;
};

/* Whether name is acceptable as a file-area name at all (no "..", no control
 * characters, not empty). */
/* Creates the area directory when it does not exist (first start). */
int filearea_prepare(const char *area, char *err, size_t errlen);

int filearea_check_name(const char *name, char *err, size_t errlen);
/* Every access opens the area's directory and walks to the file one
 * component at a time without following links, so a directory swapped for
 * a link while ucsh works cannot lead it outside the area. */
/* Regular files below area (recursively), sorted by name. */
int filearea_list(const char *area, struct file_entry **out, int *n, char *err, size_t errlen);
void file_entries_free(struct file_entry *v, int n);
/* Reads a file of at most max bytes; *data is malloc'd and NUL-terminated. */
int filearea_read(const char *area, const char *name, size_t max, unsigned char **data, size_t *len,
		  char *err, size_t errlen);
/* Reads a text file (UTF-8, no NUL bytes) of at most max bytes. */
int filearea_read_text(const char *area, const char *name, size_t max, char **text, char *err, size_t errlen);
/* Removes a file, or a link itself (never what it points to). */
int filearea_delete(const char *area, const char *name, char *err, size_t errlen);
/* Creates name with data (temp file, fsync, rename); an existing name is
 * FA_EXISTS. */
int filearea_create(const char *area, const char *name, const void *data, size_t len, mode_t mode, char *err,
		    size_t errlen);

#endif
