/* A growable list of malloc'd strings; allocation failure aborts. */
#ifndef UCSH_STRLIST_H
#define UCSH_STRLIST_H

#include <stdbool.h>

struct strlist {
	char **v;
	int n, cap;
};

void strlist_add(struct strlist *l, const char *s);
void strlist_free(struct strlist *l);
bool strlist_has(const struct strlist *l, const char *s);

#endif
