#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "svc/cryptopolicy.h"
#include "svc/settings.h"

static const struct crypto_alg ike_enc[] = {
    {"AES-256-GCM", "aes256gcm16", false, false, true},
    {"AES-128-GCM", "aes128gcm16", false, false, true},
    {"AES-256-CBC", "aes256", false, false, false},
    {"AES-128-CBC", "aes128", false, false, false},
    {"3DES", "3des", true, true, false},
    {"DES", "des", true, true, false},
    {NULL, NULL, false, false, false},
};

static const struct crypto_alg hash[] = {
    {"SHA-256", "sha256", false, false, false}, {"SHA-384", "sha384", false, false, false},
    {"SHA-512", "sha512", false, false, false}, {"SHA1", "sha1", true, false, false},
    {"MD5", "md5", true, true, false},		{NULL, NULL, false, false, false},
};

/* RIJNDAEL is the documentation's old name of AES (128-bit, CBC). */
static const struct crypto_alg esp[] = {
    {"AES-256-GCM", "aes256gcm16", false, false, true},
    {"AES-128-GCM", "aes128gcm16", false, false, true},
    {"AES-256-CBC", "aes256", false, false, false},
    {"AES-128-CBC", "aes128", false, false, false},
    {"RIJNDAEL", "aes128", true, false, false},
    {"3DES", "3des", true, true, false},
    {"DES", "des", true, true, false},
    {"BLOWFISH", "blowfish", true, true, false},
    {"NULL_ENC", "null", true, true, false},
    {NULL, NULL, false, false, false},
};

static const struct crypto_alg dh[] = {
    {"19", "ecp256", false, false, false}, {"20", "ecp384", false, false, false},
    {"21", "ecp521", false, false, false}, {"14", "modp2048", false, false, false},
    {"5", "modp1536", true, true, false},  {"2", "modp1024", true, true, false},
    {"1", "modp768", true, true, false},   {NULL, NULL, false, false, false},
};

static const struct crypto_alg auth[] = {
    {"cert", "pubkey", false, false, false},
    {"psk", "psk", false, true, false},
    {NULL, NULL, false, false, false},
};

static const struct crypto_alg *table(enum crypto_kind k)
{
	switch (k) {
	case CRYPTO_IKE_ENC:
		return ike_enc;
	case CRYPTO_HASH:
		return hash;
	case CRYPTO_ESP:
		return esp;
	case CRYPTO_DH:
		return dh;
	case CRYPTO_AUTH:
		break;
	}
	return auth;
}

/* Compares ignoring case and hyphens: SHA-1 = SHA1 = sha1. */
static bool same_name(const char *a, const char *b)
{
	for (;; a++, b++) {
		while (*a == '-')
			a++;
		while (*b == '-')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (strncasecmp(a, b, 1) != 0)
			return false;
	}
}

const struct crypto_alg *crypto_find(enum crypto_kind k, const char *name)
{
	for (const struct crypto_alg *a = table(k); name && a->name; a++)
		if (same_name(a->name, name))
			return a;
	return NULL;
}

const struct crypto_alg *crypto_default(enum crypto_kind k)
{
	return table(k);
}

void crypto_names(enum crypto_kind k, bool fips, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	for (const struct crypto_alg *a = table(k); a->name; a++)
		if (!(fips && a->fips_forbidden) && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", a->name);
}

int crypto_check(enum crypto_kind k, const char *name, bool fips, const char *what, char *why, size_t len)
{
	const struct crypto_alg *a = crypto_find(k, name);
	char allowed[300];

	*why = 0;
	crypto_names(k, fips, allowed, sizeof(allowed));
	if (!a) {
		snprintf(why, len, "%s: \"%s\" is not one of %s", what, name ? name : "", allowed);
		return -1;
	}
	if (fips && a->fips_forbidden) {
		snprintf(why, len, "%s: %s is not allowed in FIPS mode; allowed: %s", what, a->name, allowed);
		return -1;
	}
	if (a->weak) {
		size_t n = 0;
		allowed[0] = 0;
		for (const struct crypto_alg *s = table(k); s->name; s++)
			if (!s->weak)
				n += (size_t)snprintf(allowed + n, sizeof(allowed) - n, "%s%s", n ? ", " : "",
						      s->name);
		snprintf(why, len, "%s %s is weak: prefer %s", what, a->name, allowed);
		return 1;
	}
	return 0;
}

bool core_fips_mode(struct core *c)
{
	return setting_int(c, "security", "fips-mode") == 1;
}
