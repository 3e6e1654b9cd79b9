/* ucshd's run file in the state directory (ucshd.run): its pid and where
 * each of its services listens, so utils service list can say so. */
#ifndef UCSH_RUNFILE_H
#define UCSH_RUNFILE_H

#include <stddef.h>

int runfile_write(const char *state_dir, const char *capf, const char *tvs, const char *sip, char *err,
		  size_t errlen);
void runfile_remove(const char *state_dir);
/* Where service ("capf", "tvs", "sip-proxy") listens: 0 and where, or -1 when ucshd is
 * not running (no file, or its process is gone). */
int runfile_listening(const char *state_dir, const char *service, char *where, size_t len);

#endif
