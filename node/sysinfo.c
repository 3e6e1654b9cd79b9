#include <arpa/inet.h>
#include <ctype.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "node/sysinfo.h"

static void first_ipv4(char *ip, size_t iplen)
{
	struct ifaddrs *ifs, *i;

	snprintf(ip, iplen, "127.0.0.1");
	if (getifaddrs(&ifs) != 0)
		return;
	for (i = ifs; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || (i->ifa_flags & IFF_LOOPBACK) ||
		    !(i->ifa_flags & IFF_UP))
			continue;
		inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr, ip,
			  (socklen_t)iplen);
		break;
	}
	freeifaddrs(ifs);
}

/* Keeps letters, digits and '-' so the name is a valid DNS label. */
static void to_label(char *s)
{
	for (char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-')
			*p = '-';
	if (!*s || *s == '-')
		s[0] = 'u';
	if (strlen(s) > 63)
		s[63] = '\0';
}

void sysinfo_identity(char *host, size_t hostlen, char *domain, size_t domainlen, char *ip, size_t iplen)
{
	char name[256] = "";
	char *dot;

	if (gethostname(name, sizeof(name) - 1) != 0 || !name[0])
		snprintf(name, sizeof(name), "ucsh");
	dot = strchr(name, '.');
	if (dot) {
		*dot = '\0';
		snprintf(domain, domainlen, "%s", dot + 1);
	} else {
		snprintf(domain, domainlen, "localdomain");
	}
	to_label(name);
	snprintf(host, hostlen, "%s", name);
	first_ipv4(ip, iplen);
}
