#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "node/deploy.h"

int deploy_write(const char *dir, const char *name, const void *data, size_t len, mode_t mode,
		 const char *group, char *err, size_t errlen)
{
	char tmp[4096], path[4096];
	const char *p = data;
	struct group *gr = NULL;
	int fd;

	if (mkdir(dir, 0770) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	if (group && *group && !(gr = getgrnam(group))) {
		snprintf(err, errlen, "deploy_group %s does not exist", group);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name);
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "cannot write in %s: %s", dir, strerror(errno));
		return -1;
	}
	if (fchmod(fd, mode) != 0 || (gr && fchown(fd, (uid_t)-1, gr->gr_gid) != 0))
		goto fail;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += n;
		len -= (size_t)n;
	}
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
