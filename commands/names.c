#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "commands/names.h"

static bool label_n(const char *s, size_t n)
{
	if (n < 1 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return false;
	return true;
}

bool name_is_label(const char *s)
{
	return label_n(s, strlen(s));
}

bool name_is_domain(const char *s)
{
	size_t total = strlen(s);

	if (total < 1 || total > 253)
		return false;
	while (*s) {
		size_t n = strcspn(s, ".");
		if (!label_n(s, n))
			return false;
		s += n;
		if (*s == '.' && !*++s)
			return false; /* no trailing dot */
	}
	return true;
}

bool name_is_address(const char *s, char *canon, size_t canonlen)
{
	unsigned char bin[16];

	if (inet_pton(AF_INET, s, bin) == 1)
		return inet_ntop(AF_INET, bin, canon, (socklen_t)canonlen) != NULL;
	if (inet_pton(AF_INET6, s, bin) == 1)
		return inet_ntop(AF_INET6, bin, canon, (socklen_t)canonlen) != NULL;
	return false;
}
