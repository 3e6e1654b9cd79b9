#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "node/filearea.h"
#include "util/fdio.h"

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

/* The area's directory, opened (the default one is created on first use). */
static int open_area(const char *area, char *err, size_t errlen)
{
	int fd;

	/* 0770 under the umask: 0700 for one admin, group-shared for several. */
	if (mkdir(area, 0770) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create the file area %s: %s", area, strerror(errno));
		return -1;
	}
	if ((fd = open(area, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		snprintf(err, errlen, "the file area %s is not usable: %s", area, strerror(errno));
	return fd;
}

int filearea_prepare(const char *area, char *err, size_t errlen)
{
	int fd = open_area(area, err, errlen);

	if (fd < 0)
		return FA_ERROR;
	close(fd);
	return FA_OK;
}

/* name relative to the area: absolute names must spell a path inside it. */
static int relative_name(const char *area, const char *name, const char **rel, char *err, size_t errlen)
{
	char root[PATH_MAX];

	*rel = name;
	if (name[0] != '/')
		return FA_OK;
	if (realpath(area, root) && inside(root, name))
		*rel = name + strlen(root);
	else if (inside(area, name))
		*rel = name + strlen(area);
	else {
		snprintf(err, errlen, "%s is outside the file area (%s)", name, area);
		return FA_INVALID;
	}
	while (**rel == '/')
		(*rel)++;
	return FA_OK;
}

/* Opens the directory that holds name inside the area, one component at a
 * time, never following a symbolic link (so swapping a directory for a link
 * while ucsh works cannot lead it outside), and gives the last component. */
static int open_parent(const char *area, const char *name, int *dirfd, char *leaf, size_t leaflen, char *err,
		       size_t errlen)
{
	char comp[NAME_MAX + 1];
	const char *rel, *p;
	int rc, fd;

	*dirfd = -1;
	if ((rc = filearea_check_name(name, err, errlen)) != FA_OK ||
	    (rc = relative_name(area, name, &rel, err, errlen)) != FA_OK)
		return rc;
	if ((fd = open_area(area, err, errlen)) < 0)
		return FA_ERROR;
	for (p = rel;;) {
		size_t len = strcspn(p, "/");
		const char *next = p + len;
		while (*next == '/')
			next++;
		if (len > NAME_MAX) {
			close(fd);
			snprintf(err, errlen, "%s: a name in it is too long", name);
			return FA_INVALID;
		}
		memcpy(comp, p, len);
		comp[len] = '\0';
		if (!*next) { /* the last component */
			if (!len || strcmp(comp, ".") == 0) {
				close(fd);
				snprintf(err, errlen, "%s names a directory, not a file", name);
				return FA_INVALID;
			}
			snprintf(leaf, leaflen, "%s", comp);
			*dirfd = fd;
			return FA_OK;
		}
		if (len && strcmp(comp, ".") != 0) {
			int sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			int saved = errno;
			close(fd);
			if (sub < 0) {
				snprintf(err, errlen,
					 saved == ENOENT ? "%s: no such directory in the file area"
							 : "%s leads outside the file area or through a link",
					 name);
				return saved == ENOENT ? FA_NOTFOUND : FA_INVALID;
			}
			fd = sub;
		}
		p = next;
	}
}

struct lister {
	struct file_entry *v;
	int n, cap;
};

/* Regular files below the directory fd (which it closes), without
 * following links into or out of it. */
static void walk_dir(struct lister *l, int fd, const char *rel, int depth)
{
	char sub[PATH_MAX * 2];
	struct dirent *d;
	struct stat sb;
	DIR *dir;

	if (depth > MAX_DEPTH || !(dir = fdopendir(fd))) {
		close(fd);
		return;
	}
	while ((d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", d->d_name) >= (int)sizeof(sub))
			continue; /* too deep to name */
		if (fstatat(dirfd(dir), d->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			int child =
			    openat(dirfd(dir), d->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (child >= 0)
				walk_dir(l, child, sub, depth + 1);
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
	struct lister l = {0};
	int fd = open_area(area, err, errlen);

	if (fd < 0)
		return FA_ERROR;
	walk_dir(&l, fd, "", 0);
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
	char leaf[NAME_MAX + 1];
	unsigned char *buf = NULL;
	struct stat sb;
	int dir, fd = -1, rc;
	ssize_t got;

	*data = NULL;
	*len = 0;
	if ((rc = open_parent(area, name, &dir, leaf, sizeof(leaf), err, errlen)) != FA_OK)
		return rc;
	rc = FA_ERROR;
	fd = openat(dir, leaf, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	int saved = errno;
	close(dir);
	if (fd < 0) {
		rc = saved == ENOENT ? FA_NOTFOUND : saved == ELOOP ? FA_INVALID : FA_ERROR;
		snprintf(err, errlen, "%s: %s", name,
			 saved == ENOENT  ? "no such file in the file area"
			 : saved == ELOOP ? "a link, not a file (links are not followed)"
					  : strerror(saved));
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
	char leaf[NAME_MAX + 1];
	struct stat sb;
	int dir, rc;

	if ((rc = open_parent(area, name, &dir, leaf, sizeof(leaf), err, errlen)) != FA_OK)
		return rc;
	if (fstatat(dir, leaf, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		snprintf(err, errlen, "%s: no such file in the file area", name);
		rc = FA_NOTFOUND;
	} else if (!S_ISREG(sb.st_mode) && !S_ISLNK(sb.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file", name);
		rc = FA_INVALID;
	} else if (unlinkat(dir, leaf, 0) != 0) { /* a link itself, never its target */
		snprintf(err, errlen, "cannot delete %s: %s", name, strerror(errno));
		rc = FA_ERROR;
	}
	close(dir);
	return rc;
}

int filearea_create(const char *area, const char *name, const void *data, size_t len, mode_t mode, char *err,
		    size_t errlen)
{
	char leaf[NAME_MAX + 1], tmp[NAME_MAX + 16];
	unsigned char rnd[6];
	int dir, fd = -1, rc;

	if ((rc = open_parent(area, name, &dir, leaf, sizeof(leaf), err, errlen)) != FA_OK)
		return rc;
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		snprintf(err, errlen, "cannot write %s: no randomness", name);
		close(dir);
		return FA_ERROR;
	}
	snprintf(tmp, sizeof(tmp), ".%.*s.%02x%02x%02x%02x%02x%02x", NAME_MAX - 16, leaf, rnd[0], rnd[1],
		 rnd[2], rnd[3], rnd[4], rnd[5]);
	if ((fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)) < 0)
		goto fail;
	if (write_all(fd, data, len) != 0)
		goto fail;
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	/* Never over an existing file, nor through a link put in its place. */
	if (renameat2(dir, tmp, dir, leaf, RENAME_NOREPLACE) != 0) {
		int saved = errno;
		rc = saved == EEXIST ? FA_EXISTS : FA_ERROR;
		if (saved == EEXIST)
			snprintf(err, errlen, "%s exists in the file area; delete it or choose another name",
				 name);
		else
			snprintf(err, errlen, "cannot write %s: %s", name, strerror(saved));
		unlinkat(dir, tmp, 0);
		close(dir);
		return rc;
	}
	close(dir);
	return FA_OK;
fail:
	snprintf(err, errlen, "cannot write %s: %s", name, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlinkat(dir, tmp, 0);
	close(dir);
	return FA_ERROR;
}
