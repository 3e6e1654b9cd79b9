/* TLS cipher suites by their IANA names (svc/tlsregistry.c holds the
 * registry): which names exist, which this node's OpenSSL can offer, and
 * what FIPS mode allows. */
#ifndef UCSH_CORE_TLSCIPHERS_H
#define UCSH_CORE_TLSCIPHERS_H

#include <stdbool.h>
#include <stddef.h>

struct tls_suite {
	unsigned short code;
	const char *name;
};

extern const struct tls_suite tls_registry[];
extern const size_t tls_registry_len;

/* By name, ignoring case; NULL when the registry has none. */
const struct tls_suite *tls_suite_find(const char *name);
/* A TLS 1.3 suite (0x13xx): those stay OpenSSL's defaults. */
bool tls_suite_is_13(const struct tls_suite *s);
/* FIPS mode allows AES suites with an authenticated key exchange only
 * (no RC4, DES, 3DES, NULL, anonymous, export, MD5 or other ciphers). */
bool tls_suite_fips_ok(const struct tls_suite *s);

#endif
