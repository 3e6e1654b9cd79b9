#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "node/auditlog.h"
#include "util/strbuf.h"

#define LOG_MAX (64 * 1024 * 1024)

static void log_path(const char *state_dir, char *buf, size_t len)
{
	snprintf(buf, len, "%s/audit.pending", state_dir);
}

/* Tabs, newlines and backslashes escaped: one record per line. */
static void add_field(struct strbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			strbuf_adds(b, "\\\\");
		else if (*s == '\t')
			strbuf_adds(b, "\\t");
		else if (*s == '\n')
			strbuf_adds(b, "\\n");
		else
			strbuf_addc(b, *s);
	}
	strbuf_addc(b, '\t');
}

int auditlog_append(const char *state_dir, const char *account, const char *source, int status,
		    const char *line)
{
	struct strbuf b = STRBUF_INIT;
	struct timespec now;
	struct tm tm;
	char path[4096], when[32], ref[64];
	int fd, rc = -1;

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(ref, sizeof(ref), "%lld.%09ld.%ld", (long long)now.tv_sec, now.tv_nsec, (long)getpid());
	add_field(&b, ref);
	add_field(&b, when);
	add_field(&b, account);
	add_field(&b, source);
	strbuf_addf(&b, "%d\t", status);
	add_field(&b, line);
	b.buf[b.len - 1] = '\n';
	log_path(state_dir, path, sizeof(path));
	/* Mode from the state directory's umask (0600, or 0660 when shared). */
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666)) < 0)
		goto out;
	/* Shared: appends run side by side; a move into the store waits. */
	if (flock(fd, LOCK_SH) == 0 && write(fd, b.buf, b.len) == (ssize_t)b.len)
		rc = 0;
	close(fd);
out:
	strbuf_release(&b);
	return rc;
}

/* Splits a record in place; false when it is not one of ours. */
static bool parse(char *line, struct auditlog_rec *r)
{
	char *f[6];
	int n = 0;
	char *p = line, *w = line;

	f[n++] = w;
	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			*w++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
		} else if (*p == '\t') {
			*w++ = '\0';
			if (n == 6)
				return false;
			f[n++] = w;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	if (n != 6)
		return false;
	*r = (struct auditlog_rec){f[0], f[1], f[2], f[3], atoi(f[4]), f[5]};
	return true;
}

int auditlog_take(const char *state_dir, int (*fn)(const struct auditlog_rec *r, void *ctx), void *ctx)
{
	char path[4096], *buf = NULL, *save = NULL;
	struct stat st;
	int fd;

	log_path(state_dir, path, sizeof(path));
	/* The common case costs one stat: nothing pending. */
	if (stat(path, &st) != 0 || st.st_size == 0)
		return -1;
	if ((fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return errno == ENOENT ? -1 : -2;
	if (flock(fd, LOCK_EX) != 0 || fstat(fd, &st) != 0 || st.st_size > LOG_MAX)
		goto fail;
	if (!(buf = malloc((size_t)st.st_size + 1)))
		goto fail;
	if (pread(fd, buf, (size_t)st.st_size, 0) != st.st_size)
		goto fail;
	buf[st.st_size] = '\0';
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct auditlog_rec r;
		if (parse(line, &r) && fn(&r, ctx) != 0)
			goto fail;
	}
	free(buf);
	return fd;
fail:
	free(buf);
	close(fd);
	return -2;
}

void auditlog_done(int lock, bool commit)
{
	if (lock < 0)
		return;
	if (commit && ftruncate(lock, 0) != 0) {
		/* The records stay; their references keep a second move from
		 * duplicating them. */
	}
	close(lock);
}
