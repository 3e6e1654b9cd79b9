#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pki/pki.h"
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

struct crypto_policy core_crypto_policy(struct core *c)
{
	return (struct crypto_policy){core_fips_mode(c), setting_int(c, "security", "cc-mode") == 1};
}

int crypto_check_rsa_bits(const struct crypto_policy *p, long bits, const char *what, char *why, size_t len)
{
	if (p->fips && bits < 2048) {
		snprintf(why, len, "%s: FIPS mode refuses RSA keys below 2048 bits (this one has %ld)", what,
			 bits);
		return -1;
	}
	return 0;
}

int crypto_check_keyspec(const struct crypto_policy *p, const struct pki_keyspec *k, const char *what,
			 char *why, size_t len)
{
	return k->type == PKI_KEY_RSA ? crypto_check_rsa_bits(p, k->bits, what, why, len) : 0;
}

/* SHA-1 and MD5 under any of their spellings ("sha1WithRSAEncryption",
 * "ecdsa-with-SHA1", "RSA-SHA1", "SHA-1"); SHA-1xx never occurs. */
static const char *weak_digest(const char *name)
{
	char low[64];
	size_t n = 0;

	for (const char *s = name; *s && n + 1 < sizeof(low); s++)
		if (*s != '-' && *s != '_')
			low[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
	low[n] = 0;
	if (strstr(low, "md5"))
		return "MD5";
	for (const char *s = strstr(low, "sha1"); s; s = strstr(s + 1, "sha1"))
		if (s[4] < '0' || s[4] > '9')
			return "SHA-1";
	return NULL;
}

int crypto_check_digest(const struct crypto_policy *p, const char *digest, const char *what, char *why,
			size_t len)
{
	const char *weak = weak_digest(digest);

	if (p->fips && weak) {
		snprintf(why, len, "%s: FIPS mode refuses %s; allowed: SHA-256, SHA-384, SHA-512", what,
			 weak);
		return -1;
	}
	return 0;
}

int crypto_check_cert(const struct crypto_policy *p, const struct pki_facts *f, const char *what, char *why,
		      size_t len)
{
	if (strncmp(f->key, "RSA-", 4) == 0 &&
	    crypto_check_rsa_bits(p, atol(f->key + 4), what, why, len) != 0)
		return -1;
	if (p->fips && weak_digest(f->sig_alg)) {
		snprintf(why, len, "%s: FIPS mode refuses certificates signed with %s (%s)", what,
			 weak_digest(f->sig_alg), f->sig_alg);
		return -1;
	}
	if (p->cc && f->version != 3) {
		snprintf(why, len,
			 "%s: Common Criteria mode refuses X.509 v%d certificates; only v3 is allowed", what,
			 f->version);
		return -1;
	}
	return 0;
}

int core_crypto_start(struct core *c)
{
	char desc[200];

	return core_fips_mode(c) ? pki_fips_provider(true, desc, sizeof(desc)) : 0;
}
