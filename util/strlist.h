/* A growable list of malloc'd strings; allocation failure aborts. */
#ifndef UCSH_STRLIST_H
#define UCSH_STRLIST_H

struct strlist {
	char **v;
	int n, cap;
};

void strlist_add(struct strlist *l, const char *s);
void strlist_free(struct strlist *l);

#endif
