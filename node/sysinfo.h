/* Facts about the machine, read once on the first start to seed the node's
 * identity (the administrator changes them with `set network ...`). */
#ifndef UCSH_NODE_SYSINFO_H
#define UCSH_NODE_SYSINFO_H

#include <stddef.h>

/* Short host name (a valid DNS label), domain ("localdomain" when the
 * machine has none) and the first non-loopback IPv4 address (127.0.0.1 when
 * there is none). Never fails. */
void sysinfo_identity(char *host, size_t hostlen, char *domain, size_t domainlen, char *ip, size_t iplen);

#endif
