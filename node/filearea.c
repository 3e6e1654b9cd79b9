#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "node/filearea.h"

#define MAX_DEPTH 8

int filearea_check_name(const char *name, char *err, size_t errlen)
{
	const char *p = name;

	if (!*name) {
		snprintf(err, errlen, "empty file name");
		return FA_INVALID;
	}
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c < 0x20 || *c == 0x7f) {
			snprintf(err, errlen, "control characters are not allowed in file names");
			return FA_INVALID;
		}
	while (*p) {
		size_t len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			snprintf(err, errlen, "\"..\" is not allowed: files must stay inside the file area");
			return FA_INVALID;
		}
		p += len;
		while (*p == '/')
			p++;
	}
	return FA_OK;
}

static bool inside(const char *root, const char *path)
{
	size_t n = strlen(root);

	return strncmp(root, path, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* Creates the default area on first use; a configured one must exist. */
static int real_area(const char *area, char *out, char *err, size_t errlen)
{
	/* 0770 under the umask: 0700 for one admin, group-shared for several. */
	if (mkdir(area, 0770) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create the file area %s: %s", area, strerror(errno));
		return FA_ERROR;
	}
	if (!realpath(area, out)) {
		snprintf(err, errlen, "the file area %s is not usable: %s", area, strerror(errno));
		return FA_ERROR;
	}
	return FA_OK;
}

int filearea_path(const char *area, const char *name, char **out, char *err, size_t errlen)
{
	char root[PATH_MAX], joined[PATH_MAX * 2], dir[PATH_MAX * 2], real[PATH_MAX];
	const char *rel = name;
	char *slash;
	int rc;

	*out = NULL;
	if ((rc = filearea_check_name(name, err, errlen)) != FA_OK ||
	    (rc = real_area(area, root, err, errlen)) != FA_OK)
		return rc;
	if (name[0] == '/') {
		if (!inside(root, name) && !inside(area, name)) {
			snprintf(err, errlen, "%s is outside the file area (%s)", name, area);
			return FA_INVALID;
		}
		rel = name + (inside(root, name) ? strlen(root) : strlen(area));
		while (*rel == '/')
			rel++;
	}
	snprintf(joined, sizeof(joined), "%s/%s", root, rel);
	if (realpath(joined, real)) {
		if (!inside(root, real)) {
			snprintf(err, errlen, "%s leads outside the file area", name);
			return FA_INVALID;
		}
		*out = strdup(real);
		return *out ? FA_OK : FA_ERROR;
	}
	if (errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return FA_ERROR;
	}
	/* A file still to be written: its directory must be inside. */
	snprintf(dir, sizeof(dir), "%s", joined);
	slash = strrchr(dir, '/');
	*slash = '\0';
	if (!realpath(dir, real) || !inside(root, real)) {
		snprintf(err, errlen, "%s: no such directory in the file area", name);
		return FA_NOTFOUND;
	}
	if (strlen(real) + strlen(slash + 1) + 2 > sizeof(real)) {
		snprintf(err, errlen, "%s: name too long", name);
		return FA_INVALID;
	}
	strcat(real, "/");
	strcat(real, slash + 1);
	*out = strdup(real);
	return *out ? FA_OK : FA_ERROR;
}

struct lister {
	struct file_entry *v;
	int n, cap;
};

static void walk_dir(struct lister *l, const char *root, const char *rel, int depth)
{
	char path[PATH_MAX * 2], sub[PATH_MAX * 2];
	struct dirent *d;
	struct stat sb;
	DIR *dir;

	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	if (depth > MAX_DEPTH || !(dir = opendir(path)))
		return;
	while ((d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", d->d_name) >=
			(int)sizeof(sub) ||
		    snprintf(path, sizeof(path), "%s/%s", root, sub) >= (int)sizeof(path))
			continue; /* too deep to name */
		if (lstat(path, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			walk_dir(l, root, sub, depth + 1);
			continue;
		}
		if (!S_ISREG(sb.st_mode))
			continue; /* symlinks and devices are not listed */
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 32;
			l->v = realloc(l->v, (size_t)l->cap * sizeof(*l->v));
			if (!l->v)
				abort();
		}
		l->v[l->n++] = (struct file_entry){strdup(sub), (long long)sb.st_size, sb.st_mtime};
	}
	closedir(dir);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct file_entry *)a)->name, ((const struct file_entry *)b)->name);
}

int filearea_list(const char *area, struct file_entry **out, int *n, char *err, size_t errlen)
{
	char root[PATH_MAX];
	struct lister l = {0};
	int rc;

	if ((rc = real_area(area, root, err, errlen)) != FA_OK)
		return rc;
	walk_dir(&l, root, "", 0);
	if (l.n)
		qsort(l.v, (size_t)l.n, sizeof(*l.v), by_name);
	*out = l.v;
	*n = l.n;
	return FA_OK;
}

void file_entries_free(struct file_entry *v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static bool valid_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		if (!len || i + len > n || (c == 0))
			return false;
		for (size_t k = 1; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
		i += len;
	}
	return true;
}

int filearea_read(const char *area, const char *name, size_t max, unsigned char **data, size_t *len,
		  char *err, size_t errlen)
{
	char *path = NULL;
	unsigned char *buf = NULL;
	struct stat sb;
	int fd = -1, rc;
	ssize_t got;

	*data = NULL;
	*len = 0;
	if ((rc = filearea_path(area, name, &path, err, errlen)) != FA_OK)
		return rc;
	rc = FA_ERROR;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		rc = errno == ENOENT ? FA_NOTFOUND : FA_ERROR;
		snprintf(err, errlen, "%s: %s", name,
			 errno == ENOENT ? "no such file in the file area" : strerror(errno));
		goto out;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file", name);
		rc = FA_INVALID;
		goto out;
	}
	if ((size_t)sb.st_size > max) {
		snprintf(err, errlen, "%s is %lld bytes; at most %zu bytes are accepted here", name,
			 (long long)sb.st_size, max);
		rc = FA_INVALID;
		goto out;
	}
	if (!(buf = malloc((size_t)sb.st_size + 1)))
		abort();
	got = read(fd, buf, (size_t)sb.st_size);
	if (got != sb.st_size) {
		snprintf(err, errlen, "%s: short read", name);
		goto out;
	}
	buf[got] = '\0';
	*data = buf;
	*len = (size_t)got;
	buf = NULL;
	rc = FA_OK;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	free(path);
	return rc;
}

int filearea_read_text(const char *area, const char *name, size_t max, char **text, char *err, size_t errlen)
{
	unsigned char *buf;
	size_t len;
	int rc = filearea_read(area, name, max, &buf, &len, err, errlen);

	*text = NULL;
	if (rc != FA_OK)
		return rc;
	if (memchr(buf, '\0', len) || !valid_utf8(buf, len)) {
		snprintf(err, errlen, "%s is not a text file (binary or not UTF-8); download it instead",
			 name);
		free(buf);
		return FA_INVALID;
	}
	*text = (char *)buf;
	return FA_OK;
}

int filearea_delete(const char *area, const char *name, char *err, size_t errlen)
{
	char *path = NULL;
	struct stat sb;
	int rc;

	if ((rc = filearea_path(area, name, &path, err, errlen)) != FA_OK)
		return rc;
	rc = FA_OK;
	if (lstat(path, &sb) != 0) {
		snprintf(err, errlen, "%s: no such file in the file area", name);
		rc = FA_NOTFOUND;
	} else if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file", name);
		rc = FA_INVALID;
	} else if (unlink(path) != 0) {
		snprintf(err, errlen, "cannot delete %s: %s", name, strerror(errno));
		rc = FA_ERROR;
	}
	free(path);
	return rc;
}
