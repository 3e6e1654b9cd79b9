#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "node/deploy.h"
#include "node/runfile.h"

#define RUNFILE "ucshd.run"

int runfile_write(const char *state_dir, const char *capf, const char *tvs, const char *sip, char *err,
		  size_t errlen)
{
	char text[900];
	int n = snprintf(text, sizeof(text), "pid %ld\ncapf %s\ntvs %s\nsip-proxy %s\n", (long)getpid(), capf,
			 tvs, sip);

	return deploy_write(state_dir, RUNFILE, text, (size_t)n, 0640, NULL, err, errlen);
}

void runfile_remove(const char *state_dir)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", state_dir, RUNFILE);
	unlink(path);
}

int runfile_listening(const char *state_dir, const char *service, char *where, size_t len)
{
	unsigned char *data = NULL;
	size_t n = 0;
	int missing = 0, rc = -1;
	char err[200], key[32];
	long pid = 0;
	time_t mtime;

	if (deploy_read(state_dir, RUNFILE, 4096, &data, &n, &mtime, &missing, err, sizeof(err)) != 0)
		return -1;
	snprintf(key, sizeof(key), "\n%s ", service);
	char *text = (char *)data, *at;
	text[n] = '\0'; /* deploy_read leaves room for it */
	if (sscanf(text, "pid %ld", &pid) == 1 && pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM) &&
	    (at = strstr(text, key))) {
		at += strlen(key);
		snprintf(where, len, "%.*s", (int)strcspn(at, "\n"), at);
		rc = 0;
	}
	free(data);
	return rc;
}
