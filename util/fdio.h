/* Writing a whole buffer to a descriptor. */
#ifndef UCSH_FDIO_H
#define UCSH_FDIO_H

#include <stddef.h>

/* Writes all len bytes (retrying short writes and EINTR); 0, or -1 with
 * errno set. */
int write_all(int fd, const void *data, size_t len);

#endif
