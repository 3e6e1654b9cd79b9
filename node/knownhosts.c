#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "node/deploy.h"
#include "node/knownhosts.h"
#include "util/strbuf.h"

#define NAME "known_hosts"
#define MAX_FILE (1024 * 1024)

static void key_of(const char *host, int port, char *buf, size_t len)
{
	snprintf(buf, len, "[%s]:%d", host, port);
}

/* The file's lines; NULL text when there is none yet. */
static int read_all(const char *state_dir, char **text)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int missing = 0;
	char err[200];

	*text = NULL;
	time_t mtime;

	if (deploy_read(state_dir, NAME, MAX_FILE, &data, &len, &mtime, &missing, err, sizeof(err)) != 0)
		return missing ? 0 : -1;
	char *t = realloc(data, len + 1);
	if (!t) {
		free(data);
		return -1;
	}
	t[len] = '\0';
	*text = t;
	return 0;
}

int knownhosts_get(const char *state_dir, const char *host, int port, char *fp, size_t fplen)
{
	char key[400], *text, *save = NULL;
	int found = 0;

	if (read_all(state_dir, &text) != 0)
		return -1;
	key_of(host, port, key, sizeof(key));
	for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line && !found;
	     line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');
		if (sp && (size_t)(sp - line) == strlen(key) &&
		    strncmp(line, key, (size_t)(sp - line)) == 0) {
			snprintf(fp, fplen, "%s", sp + 1);
			found = 1;
		}
	}
	free(text);
	return found;
}

int knownhosts_put(const char *state_dir, const char *host, int port, const char *fp, char *err,
		   size_t errlen)
{
	struct strbuf out = STRBUF_INIT;
	char key[400], *text, *save = NULL;
	int rc;

	if (read_all(state_dir, &text) != 0) {
		snprintf(err, errlen, "cannot read %s/%s", state_dir, NAME);
		return -1;
	}
	key_of(host, port, key, sizeof(key));
	for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');
		if (!(sp && (size_t)(sp - line) == strlen(key) &&
		      strncmp(line, key, (size_t)(sp - line)) == 0))
			strbuf_addf(&out, "%s\n", line);
	}
	strbuf_addf(&out, "%s %s\n", key, fp);
	rc = deploy_write(state_dir, NAME, out.buf, out.len, 0600, NULL, err, errlen);
	free(text);
	strbuf_release(&out);
	return rc;
}
