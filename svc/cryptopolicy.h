/* The one place that says which algorithms ucsh offers, which are weak and
 * what FIPS mode forbids (DESIGN §7: PSK, DES, 3DES, MD5, BLOWFISH,
 * NULL_ENC, DH groups below 14). Names are the documentation's; each maps
 * to strongSwan's keyword. The modern set comes first and the first entry
 * of each kind is the default. */
#ifndef UCSH_CRYPTOPOLICY_H
#define UCSH_CRYPTOPOLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "svc/core.h"

enum crypto_kind {
	CRYPTO_IKE_ENC, /* IPsec phase 1 encryption */
	CRYPTO_HASH,	/* IPsec phase 1 hash (the PRF with GCM) and ESP integrity */
	CRYPTO_ESP,	/* IPsec phase 2 (ESP) encryption */
	CRYPTO_DH,	/* Diffie-Hellman group, phase 1 and 2 */
	CRYPTO_AUTH,	/* IPsec peer authentication: cert, psk */
};

struct crypto_alg {
	const char *name;    /* as ucsh prints it: "AES-256-GCM", "3DES", "14" */
	const char *swan;    /* strongSwan's keyword: "aes256gcm16", "3des", "modp2048" */
	bool weak;	     /* accepted with a warning */
	bool fips_forbidden; /* refused in FIPS mode */
	bool aead;	     /* encryption with its own integrity (GCM) */
};

/* The entry for name (case-insensitive; "SHA-1" and "SHA1" alike), or NULL. */
const struct crypto_alg *crypto_find(enum crypto_kind k, const char *name);
/* The default of kind k. */
const struct crypto_alg *crypto_default(enum crypto_kind k);
/* "AES-128-CBC, AES-256-CBC, ..." (with fips, only what FIPS mode allows). */
void crypto_names(enum crypto_kind k, bool fips, char *buf, size_t len);
/* 0 allowed; 1 allowed but weak (the warning in why); -1 refused (unknown,
 * or forbidden in FIPS mode; why names what is allowed). what labels the
 * field in messages ("encryption", "ESP algorithm"). */
int crypto_check(enum crypto_kind k, const char *name, bool fips, const char *what, char *why, size_t len);
/* Whether the node is in FIPS mode (utils fips). */
bool core_fips_mode(struct core *c);

/* The rules for keys and certificates, the same in every command: FIPS
 * mode refuses RSA keys below 2048 bits and SHA-1 or MD5 signatures and
 * digests; Common Criteria mode refuses certificates that are not X.509
 * v3. */
struct crypto_policy {
	bool fips, cc;
};
struct crypto_policy core_crypto_policy(struct core *c);
/* At start: in FIPS mode, OpenSSL's FIPS provider (when installed) becomes
 * the only one this process uses; 1 when it did. */
int core_crypto_start(struct core *c);

struct pki_facts;
struct pki_keyspec;
/* 0 allowed; -1 refused, why naming the rule and the mode. what labels the
 * subject ("tomcat", "the CAPF profile's key"). */
int crypto_check_rsa_bits(const struct crypto_policy *p, long bits, const char *what, char *why, size_t len);
int crypto_check_keyspec(const struct crypto_policy *p, const struct pki_keyspec *k, const char *what,
			 char *why, size_t len);
/* digest: "SHA-1", "sha1", "MD5", "SHA-512"... */
int crypto_check_digest(const struct crypto_policy *p, const char *digest, const char *what, char *why,
			size_t len);
/* A certificate's key, signature and version. */
int crypto_check_cert(const struct crypto_policy *p, const struct pki_facts *f, const char *what, char *why,
		      size_t len);

#endif
