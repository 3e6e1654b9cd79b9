#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/statedir.h"
#include "store/store.h"

#ifndef UCSH_DEFAULT_STATE_DIR
#define UCSH_DEFAULT_STATE_DIR "/var/lib/ucsh"
#endif

const char *statedir_resolve(const char *option)
{
	const char *env;

	if (option && *option)
		return option;
	env = getenv("UCSH_STATE_DIR");
	if (env && *env)
		return env;
	return UCSH_DEFAULT_STATE_DIR;
}

int statedir_prepare(const char *dir, char *err, size_t errlen)
{
	struct stat sb;

	umask(077); /* before mkdir: nothing is ever created readable by others */
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create state directory %s: %s", dir, strerror(errno));
		return STORE_REFUSED;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "state directory %s is not a directory", dir);
		return STORE_REFUSED;
	}
	if (sb.st_mode & S_IRWXO) {
		snprintf(err, errlen,
			 "state directory %s is accessible to other users (mode %04o); "
			 "run chmod o-rwx on it (0700, or 2770 for a shared group)",
			 dir, (unsigned)(sb.st_mode & 07777));
		return STORE_REFUSED;
	}
	if ((sb.st_mode & S_ISGID) && (sb.st_mode & S_IRWXG))
		umask(007);
	return STORE_OK;
}
