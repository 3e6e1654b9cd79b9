/* The login banner (DESIGN §4): text an administrator uploads, shown at the
 * start of every interactive session and, through DEPLOY/banner.txt, by
 * sshd before login. With acknowledgement on, an interactive session goes
 * on only after the user answers yes. Cluster-wide in a cluster. */
#ifndef UCSH_CORE_BANNER_H
#define UCSH_CORE_BANNER_H

#include <stdbool.h>
#include <stddef.h>

#include "svc/core.h"

#define BANNER_MAX 8192
#define BANNER_FILE "banner.txt"

struct banner {
	char *text; /* NULL when none is set */
	bool acknowledge;
};

/* Whether data may be a banner: printable UTF-8 (tabs and line ends
 * allowed, no control or escape sequences a terminal would act on), not
 * empty, at most BANNER_MAX bytes. why says what is wrong. */
bool banner_text_valid(const char *data, size_t len, char *why, size_t wlen);

/* Inside the caller's transaction: the banner from FILE (a .txt file in the
 * file area); *lines gets its number of lines. */
int core_banner_set(struct core *c, const char *file, int *lines, struct err *e);
/* ERR_NOTFOUND when there is none. */
int core_banner_delete(struct core *c, struct err *e);
int core_banner_acknowledge(struct core *c, bool on, struct err *e);
/* The banner as stored; free with banner_free. */
int core_banner_get(struct core *c, struct banner *b, struct err *e);
void banner_free(struct banner *b);
/* The effect "banner": DEPLOY/banner.txt holds the banner, or is removed. */
int core_banner_render(struct core *c, struct err *e);

#endif
