/* CTL and ITL trust-list files (CTL-FORMAT.md): TLV decode, encode, sign
 * and verify. Pure: bytes in, bytes out. */
#ifndef UCSH_PKI_CTL_H
#define UCSH_PKI_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "pki/pki.h"

enum ctl_role {
	CTL_SAST = 0,
	CTL_CCM = 1,
	CTL_CCM_TFTP = 2,
	CTL_TFTP = 3,
	CTL_CAPF = 4,
	CTL_APP_SERVER = 7,
	CTL_TVS = 21,
};

enum ctl_hash { CTL_SHA1 = 1, CTL_SHA256 = 2, CTL_SHA512 = 3 };

struct ctl_bytes {
	const unsigned char *p; /* points into the parsed buffer */
	size_t len;
};

struct ctl_record {
	size_t offset, length;
	const char *dns; /* NULL when absent */
	const char *subject, *issuer;
	int role; /* -1 when absent */
	struct ctl_bytes serial, public_key, signature, cert;
	bool has_ip;
	unsigned char ip[4];
};

struct ctl_file {
	int version_major, version_minor;
	size_t header_length;
	bool has_signer_version;
	int signer_major, signer_minor;
	const char *signer_name, *issuer_name;
	struct ctl_bytes serial;
	int hash;	   /* enum ctl_hash */
	int sig_algorithm; /* 0 = RSA */
	int modulus;	   /* 0..3 */
	struct ctl_bytes signature;
	size_t signature_offset; /* of the SIGNATURE element (its tag) */
	const char *filename;
	uint32_t timestamp;
	struct ctl_record *records;
	int nrecords;
};

/* Parses buf (which must outlive f). Every length is checked against the
 * buffer and its container; errors say where. */
int ctl_parse(const unsigned char *buf, size_t len, struct ctl_file *f, char *err, size_t errlen);
void ctl_free(struct ctl_file *f);

/* Verifies the signature with the SAST record whose serial matches the
 * header's; *signer gets that record's index. 0 valid, 1 invalid (reason). */
int ctl_verify(const unsigned char *buf, size_t len, const struct ctl_file *f, int *signer, char *reason,
	       size_t rlen);

/* One record to write. Without cert (non-secure mode) only dns, role and ip. */
struct ctl_entry {
	const struct pki_cert *cert;
	int role;
	const char *dns; /* may be NULL */
	const char *ip;	 /* dotted IPv4, may be NULL */
};

/* Builds and signs a trust list. The signer must be an RSA key and its
 * certificate should be among the entries as a SAST record. */
int ctl_build(const char *filename, const struct ctl_entry *entries, int n,
	      const struct pki_cert *signer_cert, const struct pki_key *signer_key, enum ctl_hash hash,
	      time_t when, unsigned char **out, size_t *outlen, char *err, size_t errlen);

const char *ctl_role_name(int role);

#endif
