/* Reading the annotated wire transcripts of tests/data/capf and
 * tests/data/tvs (their README describes the format). */
#ifndef UCSH_TEST_FIXTURE_H
#define UCSH_TEST_FIXTURE_H

#include <stddef.h>
#include <stdio.h>

struct fixture_msg {
	char dir[8]; /* "S->C" or "C->S" */
	unsigned command, session, body;
	unsigned char bytes[70000];
	size_t len;
};

/* The next message of a transcript: its "## message" line, its header
 * annotation and its hex lines. 0 at the end of the file. */
int next_message(FILE *f, struct fixture_msg *m);
/* Message k (from 1) of a transcript below TEST_DATA_DIR; a static
 * buffer, NULL when the file cannot be read. */
struct fixture_msg *message_of(const char *file, int k);

#endif
