#include <stdlib.h>

#include "shell/batch.h"
#include "shell/run.h"

void batch_line(struct session *s, struct batch *b, const char *line, long lineno)
{
	char prefix[32];
	int rc;

	if (b->stop)
		return;
	snprintf(prefix, sizeof(prefix), "line %ld: ", lineno);
	rc = run_line(s, line, prefix, NULL);
	if (rc != 0 && b->rc == 0)
		b->rc = rc;
	if ((rc != 0 && !s->keep_going) || s->quit)
		b->stop = true;
}

void batch_file(struct session *s, struct batch *b, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;

	while (!b->stop && getline(&line, &cap, f) >= 0)
		batch_line(s, b, line, ++lineno);
	free(line);
}
