#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/batch.h"
#include "shell/render.h"
#include "shell/run.h"

static void record(struct session *s, struct batch *b, int rc)
{
	if (rc != 0 && b->rc == 0)
		b->rc = rc;
	if ((rc != 0 && !s->keep_going) || s->quit)
		b->stop = true;
}

/* A command line is text: a NUL byte or a control character other than tab
 * would hide or mangle what it says (the line's end is not part of it). */
static bool line_is_text(const char *line, size_t len, const char *prefix)
{
	if (memchr(line, '\0', len)) {
		out_report(prefix, "A NUL byte in the command line; the line was not run");
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)line; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
			out_report(prefix,
				   "Control character 0x%02x in the command line (only tab is allowed); the "
				   "line was not run",
				   *p);
			return false;
		}
	return true;
}

void batch_line(struct session *s, struct batch *b, const char *line, long lineno)
{
	char prefix[32];

	if (b->stop)
		return;
	snprintf(prefix, sizeof(prefix), "line %ld: ", lineno);
	if (!line_is_text(line, strlen(line), prefix)) {
		record(s, b, UC_USAGE);
		return;
	}
	record(s, b, run_line(s, line, prefix, NULL));
}

void batch_file(struct session *s, struct batch *b, FILE *f)
{
	char *line = NULL, prefix[32];
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;

	/* In a file a '?' is never a question: nobody reads the answer. */
	s->refuse_questions = true;
	while (!b->stop && (n = getline(&line, &cap, f)) >= 0) {
		size_t len = (size_t)n;
		lineno++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len && line[len - 1] == '\r') /* written on Windows */
			line[--len] = '\0';
		snprintf(prefix, sizeof(prefix), "line %ld: ", lineno);
		if (!line_is_text(line, len, prefix)) {
			record(s, b, UC_USAGE);
			continue;
		}
		batch_line(s, b, line, lineno);
	}
	s->refuse_questions = false;
	free(line);
}
