#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdbool.h>

#include "node/deploy.h"
#include "util/fdio.h"

/* dir and the missing directories above it (swanctl/x509 below the deploy
 * directory). */
int deploy_make_dir(const char *dir)
{
	char parent[4096], *slash;

	if (mkdir(dir, 0770) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT || snprintf(parent, sizeof(parent), "%s", dir) >= (int)sizeof(parent) ||
	    !(slash = strrchr(parent, '/')) || slash == parent)
		return -1;
	*slash = 0;
	if (deploy_make_dir(parent) != 0)
		return -1;
	return mkdir(dir, 0770) == 0 || errno == EEXIST ? 0 : -1;
}

/* Whether path already holds exactly these bytes with this mode and group:
 * then nothing is written (no fsync, no new inode for readers to notice). */
static bool unchanged(const char *path, const void *data, size_t len, mode_t mode, const struct group *gr)
{
	unsigned char buf[8192];
	struct stat st;
	size_t at = 0;
	bool same;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return false;
	same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len &&
	       (st.st_mode & 07777) == mode && (!gr || st.st_gid == gr->gr_gid);
	while (same && at < len) {
		ssize_t n = read(fd, buf, len - at < sizeof(buf) ? len - at : sizeof(buf));
		same = n > 0 && memcmp(buf, (const unsigned char *)data + at, (size_t)n) == 0;
		at += n > 0 ? (size_t)n : 0;
	}
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	return same;
}

int deploy_write(const char *dir, const char *name, const void *data, size_t len, mode_t mode,
		 const char *group, char *err, size_t errlen)
{
	char tmp[4096], path[4096];
	struct group *gr = NULL;
	int fd;

	if (deploy_make_dir(dir) != 0) {
		snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	if (group && *group && !(gr = getgrnam(group))) {
		snprintf(err, errlen, "deploy_group %s does not exist", group);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (unchanged(path, data, len, mode, gr))
		return 0;
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name);
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "cannot write in %s: %s", dir, strerror(errno));
		return -1;
	}
	if (fchmod(fd, mode) != 0 || (gr && fchown(fd, (uid_t)-1, gr->gr_gid) != 0))
		goto fail;
	if (write_all(fd, data, len) != 0)
		goto fail;
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}

int deploy_read(const char *dir, const char *name, size_t max, unsigned char **data, size_t *len,
		time_t *mtime, int *missing, char *err, size_t errlen)
{
	char path[4096];
	struct stat sb;
	unsigned char *buf;
	int fd;
	ssize_t got;

	*data = NULL;
	*missing = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		*missing = errno == ENOENT;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > max) {
		snprintf(err, errlen, "%s is not a regular file of at most %zu bytes", path, max);
		close(fd);
		return -1;
	}
	if (!(buf = malloc((size_t)sb.st_size + 1))) {
		close(fd);
		return -1;
	}
	got = read(fd, buf, (size_t)sb.st_size);
	close(fd);
	if (got != sb.st_size) {
		free(buf);
		snprintf(err, errlen, "%s: short read", path);
		return -1;
	}
	*data = buf;
	*len = (size_t)got;
	*mtime = sb.st_mtime;
	return 0;
}

/* ".NAME.XXXXXX": what deploy_write's mkstemp makes. */
static bool is_temp_name(const char *name)
{
	size_t n = strlen(name);

	if (name[0] != '.' || n < 9 || name[n - 7] != '.')
		return false;
	for (size_t i = n - 6; i < n; i++)
		if (!((name[i] >= 'A' && name[i] <= 'Z') || (name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return false;
	return true;
}

int deploy_remove_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int removed = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (e->d_type == DT_REG && is_temp_name(e->d_name) && unlinkat(dirfd(d), e->d_name, 0) == 0)
			removed++;
	closedir(d);
	return removed;
}

int deploy_remove(const char *dir, const char *name, char *err, size_t errlen)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (unlink(path) == 0 || errno == ENOENT)
		return 0;
	snprintf(err, errlen, "cannot remove %s: %s", path, strerror(errno));
	return -1;
}

int deploy_remove_others(const char *dir, const char *suffix, const char *const *keep, int nkeep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t ns = strlen(suffix);
	int removed = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		bool kept = false;
		if (e->d_type != DT_REG || n < ns || strcmp(e->d_name + n - ns, suffix) != 0)
			continue;
		for (int i = 0; i < nkeep && !kept; i++)
			kept = strcmp(keep[i], e->d_name) == 0;
		if (!kept && unlinkat(dirfd(d), e->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

int deploy_lock(const char *state_dir, char *err, size_t errlen)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/deploy.lock", state_dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0660)) < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) != 0)
		if (errno != EINTR) {
			snprintf(err, errlen, "cannot lock %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
	return fd;
}

void deploy_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
