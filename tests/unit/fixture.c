/* Reading the annotated wire transcripts (tests/unit/fixture.h). */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

int next_message(FILE *f, struct fixture_msg *m)
{
	char line[512];
	int in = 0;
	long at;

	memset(m, 0, sizeof(*m));
	for (;;) {
		at = ftell(f);
		if (!fgets(line, sizeof(line), f))
			return in;
		if (strncmp(line, "## message", 10) == 0) {
			if (in) {
				fseek(f, at, SEEK_SET);
				return 1;
			}
			in = 1;
			char *d = strchr(line, ':');
			if (d)
				snprintf(m->dir, sizeof(m->dir), "%.4s", d + 2);
		} else if (in && strstr(line, "#   header:")) {
			char *p;
			if ((p = strstr(line, "command ")))
				m->command = (unsigned)strtoul(p + 8, NULL, 10);
			if ((p = strstr(line, "session id ")))
				m->session = (unsigned)strtoul(p + 11, NULL, 16);
			if ((p = strstr(line, "body length ")))
				m->body = (unsigned)strtoul(p + 12, NULL, 10);
		} else if (in && line[0] == ' ') {
			char *p = line + 10; /* after "    0000  " */
			while (*p && *p != '\n') {
				while (*p == ' ')
					p++;
				if (!p[0] || p[0] == '\n' || !p[1])
					break;
				m->bytes[m->len++] =
				    (unsigned char)strtoul((char[3]){p[0], p[1], 0}, NULL, 16);
				p += 2;
			}
		}
	}
}

struct fixture_msg *message_of(const char *file, int k)
{
	static struct fixture_msg m;
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, file);
	if (!(f = fopen(path, "r")))
		return NULL;
	for (int i = 0; i < k && next_message(f, &m); i++)
		;
	fclose(f);
	return &m;
}
