/* Files other programs read: written atomically (temp file, fsync, rename)
 * so a reader never sees half a certificate or key. */
#ifndef UCSH_NODE_DEPLOY_H
#define UCSH_NODE_DEPLOY_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* Writes dir/name with mode; group (may be NULL) becomes the file's group
 * (keys shared with a service's group are 0640). Creates dir and the
 * directories above it (0770 under the umask) when missing. A file that
 * already holds the same bytes, mode and group is left as it is. Returns 0,
 * or -1 with err set. */
int deploy_write(const char *dir, const char *name, const void *data, size_t len, mode_t mode,
		 const char *group, char *err, size_t errlen);

/* dir and the missing directories above it (0770 under the umask); 0 or -1
 * (errno). */
int deploy_make_dir(const char *dir);

/* Reads dir/name (at most max bytes); *data malloc'd. 0, or -1 with err
 * ("no such file" when missing: *missing set). */
int deploy_read(const char *dir, const char *name, size_t max, unsigned char **data, size_t *len,
		time_t *mtime, int *missing, char *err, size_t errlen);

/* Removes dir/name; a file that is not there is no error. 0, or -1 with
 * err set. */
int deploy_remove(const char *dir, const char *name, char *err, size_t errlen);

/* Removes the temporary files (.NAME.XXXXXX) a killed writer left in dir;
 * returns how many. Call it only while holding deploy_lock. */
int deploy_remove_temps(const char *dir);

/* Removes the files of dir ending in suffix that keep does not name (what
 * a directory of per-certificate files held before a deletion); how many. */
int deploy_remove_others(const char *dir, const char *suffix, const char *const *keep, int nkeep);

/* An exclusive lock that every writer of the deploy and TFTP files holds,
 * so a temporary file seen under it is an orphan. Released by deploy_unlock
 * or when the process dies. Returns a descriptor, or -1 with err set. */
int deploy_lock(const char *state_dir, char *err, size_t errlen);
void deploy_unlock(int fd);

#endif
