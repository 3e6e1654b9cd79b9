#include <string.h>
#include <strings.h>

#include "svc/tlsciphers.h"

const struct tls_suite *tls_suite_find(const char *name)
{
	for (size_t i = 0; i < tls_registry_len; i++)
		if (strcasecmp(tls_registry[i].name, name) == 0)
			return &tls_registry[i];
	return NULL;
}

bool tls_suite_is_13(const struct tls_suite *s)
{
	return (s->code >> 8) == 0x13;
}

bool tls_suite_fips_ok(const struct tls_suite *s)
{
	static const char *const banned[] = {"_anon_", "_NULL_", "EXPORT", "_MD5",
					     "_RC4_",  "_DES",	 "3DES",   NULL};

	if (!strstr(s->name, "_AES_"))
		return false;
	for (const char *const *b = banned; *b; b++)
		if (strstr(s->name, *b))
			return false;
	return true;
}
