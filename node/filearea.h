/* The file area (DESIGN §6): the one directory whose files commands may read
 * and write. Every name is confined to it: "..", absolute paths outside it and
 * symlinks leading out of it are refused. */
#ifndef UCSH_NODE_FILEAREA_H
#define UCSH_NODE_FILEAREA_H

#include <stddef.h>
#include <time.h>

enum fa_rc { FA_OK = 0, FA_INVALID, FA_NOTFOUND, FA_ERROR };

struct file_entry {
	char *name; /* relative to the area */
	long long size;
	time_t mtime;
};

/* Whether name is acceptable as a file-area name at all (no "..", no control
 * characters, not empty). */
int filearea_check_name(const char *name, char *err, size_t errlen);
/* The real path of name inside area; the file need not exist, its directory must. */
int filearea_path(const char *area, const char *name, char **out, char *err, size_t errlen);
/* Regular files below area (recursively), sorted by name. */
int filearea_list(const char *area, struct file_entry **out, int *n, char *err, size_t errlen);
void file_entries_free(struct file_entry *v, int n);
/* Reads a file of at most max bytes; *data is malloc'd and NUL-terminated. */
int filearea_read(const char *area, const char *name, size_t max, unsigned char **data, size_t *len,
		  char *err, size_t errlen);
/* Reads a text file (UTF-8, no NUL bytes) of at most max bytes. */
int filearea_read_text(const char *area, const char *name, size_t max, char **text, char *err, size_t errlen);
int filearea_delete(const char *area, const char *name, char *err, size_t errlen);

#endif
