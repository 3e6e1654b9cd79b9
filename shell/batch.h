/* Batch mode (DESIGN §4): -c commands, -f files, stdin. Each line is its own
 * transaction; the run stops at the first failing line unless --continue,
 * and its exit code is that of the first failure. */
#ifndef UCSH_BATCH_H
#define UCSH_BATCH_H

#include <stdio.h>

#include "commands/session.h"

struct batch {
	int rc;	   /* exit code of the first failure, 0 so far */
	bool stop; /* a failure without --continue, or quit */
};

void batch_line(struct session *s, struct batch *b, const char *line, long lineno);
void batch_file(struct session *s, struct batch *b, FILE *f);

#endif
