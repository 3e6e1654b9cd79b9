/* The PKI core (DESIGN §2): keys, certificates, CSRs, parsing and chain
 * verification over OpenSSL 3. Pure: knows nothing of SQLite or the shell.
 * OpenSSL types stay behind the opaque handles below. Functions that can
 * fail take err/errlen and return 0 on success, else a negative pki_rc. */
#ifndef UCSH_PKI_H
#define UCSH_PKI_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Why a call failed: callers decide on these, never on the message. */
enum pki_rc {
	PKI_OK = 0,
	PKI_EFAIL = -1,	   /* OpenSSL or memory failed */
	PKI_EINPUT = -2,   /* what was asked for is not allowed (key size, curve, weak digest) */
	PKI_EPRIVKEY = -3, /* a private key where certificates were expected */
};

struct pki_key;	   /* a private key */
struct pki_pubkey; /* a public key alone */
struct pki_cert;   /* an X.509 certificate */
struct pki_csr;	   /* a PKCS#10 request */

struct pki_certlist {
	struct pki_cert **v;
	int n;
};

enum pki_key_type { PKI_KEY_RSA, PKI_KEY_EC };

struct pki_keyspec {
	enum pki_key_type type;
	int bits; /* RSA: 1024-4096; EC: 256, 384 or 521 (the curve) */
};

/* ---- keys (pki/key.c) ---- */
int pki_key_generate(const struct pki_keyspec *spec, struct pki_key **out, char *err, size_t errlen);
/* n keys in parallel threads, one per core. */
int pki_keys_generate(const struct pki_keyspec *specs, int n, struct pki_key **out, char *err, size_t errlen);
/* Unencrypted PKCS#8 PEM; free with pki_secret_free. */
char *pki_key_to_pem(const struct pki_key *k);
struct pki_key *pki_key_from_pem(const char *pem, char *err, size_t errlen);
void pki_key_free(struct pki_key *k);
/* "RSA-2048", "EC-P256" */
void pki_key_describe(const struct pki_key *k, char *buf, size_t len);
bool pki_key_matches_cert(const struct pki_key *k, const struct pki_cert *c);
bool pki_key_matches_csr(const struct pki_key *k, const struct pki_csr *r);
/* Wipes and frees a secret string. */
void pki_secret_free(char *s);

/* ---- building certificates and requests (pki/build.c) ---- */
struct pki_subject {
	const char *cn;
	const char *ou; /* one or more, ',' separated, "\," a literal comma */
	const char *o, *l, *st, *c;
};

enum pki_digest { PKI_DIGEST_DEFAULT = 0, PKI_SHA256, PKI_SHA384, PKI_SHA512 };

enum pki_profile {
	PKI_PROFILE_SERVER, /* tomcat, ipsec, cup...: KU DS KE DE KA; EKU server, client, ipsecEndSystem */
	PKI_PROFILE_SIGNER, /* CallManager, TVS, ITLRecovery: signs trust lists and TLS */
	PKI_PROFILE_CA,	    /* CAPF: issues locally significant certificates */
};

struct pki_request {
	const struct pki_subject *subject;
	const char *const *dns; /* subject alternative names */
	int ndns;
	const char *const *ips;
	int nips;
	enum pki_profile profile;
	enum pki_digest digest;
	int days; /* self-signed validity */
};

/* The digest to use for key k: the one asked for, if it is no weaker than
 * the key, else an error; the default is the weakest that is strong enough. */
int pki_digest_for(const struct pki_key *k, enum pki_digest asked, enum pki_digest *out, char *err,
		   size_t errlen);
const char *pki_digest_name(enum pki_digest d);
int pki_self_signed(const struct pki_key *k, const struct pki_request *req, struct pki_cert **out, char *err,
		    size_t errlen);
int pki_csr_build(const struct pki_key *k, const struct pki_request *req, struct pki_csr **out, char *err,
		  size_t errlen);

/* ---- encoding ---- */
char *pki_cert_to_pem(const struct pki_cert *c);
/* DER bytes, malloc'd; *len set. */
unsigned char *pki_cert_to_der(const struct pki_cert *c, size_t *len);
struct pki_cert *pki_cert_from_pem(const char *pem, char *err, size_t errlen);
struct pki_cert *pki_cert_dup(const struct pki_cert *c);
void pki_cert_free(struct pki_cert *c);
char *pki_csr_to_pem(const struct pki_csr *r);
struct pki_csr *pki_csr_from_pem(const char *pem, char *err, size_t errlen);
void pki_csr_free(struct pki_csr *r);
void pki_certlist_free(struct pki_certlist *l);

/* ---- the FIPS provider (pki/fips.c) ---- */
/* 1 when OpenSSL's FIPS provider is installed (desc: its name and
 * version); with activate it then becomes the only provider this process
 * uses. 0 when there is none (desc says so): ucsh's own policy is all. */
int pki_fips_provider(bool activate, char *desc, size_t len);

/* ---- TLS server side for ucshd (pki/tls.c) ---- */
struct pki_tls;
/* Loads and starts OpenSSL's TLS once, so that the session processes
 * forked afterwards inherit it instead of each paying for it (2 ms). */
int pki_tls_init(void);
/* The handshake on an accepted socket with the certificate (chain) and key
 * files; min_version 10-13 (TLS 1.0 and 1.1 at security level 0: their
 * SHA-1 handshakes). */
int pki_tls_accept(int fd, const char *cert_file, const char *key_file, int min_version, struct pki_tls **out,
		   char *err, size_t errlen);
/* Exactly len bytes; -1 on end, error or the socket's timeout. */
int pki_tls_read(struct pki_tls *t, void *buf, size_t len);
/* One write of the whole message. */
int pki_tls_write(struct pki_tls *t, const void *buf, size_t len);
void pki_tls_close(struct pki_tls *t);

/* ---- a peer-authenticating TLS server (pki/tlspeer.c) ---- */
struct pki_tls_peer_opts {
	const char *cert_file, *key_file;
	const char *ca_file;	  /* the CAs a client certificate must chain to */
	const char *ciphers;	  /* OpenSSL's cipher list for TLS 1.2 and below; "": TLS 1.3 only */
	int min_version;	  /* 10, 11, 12 or 13 */
	bool empty_fragments;	  /* the CBC countermeasure of TLS 1.0 */
	const char *const *peers; /* the subject CNs a client certificate may carry */
	int npeers;
};
/* A server made once from o (files read, key decoded: the costly part)
 * for many connections; o's strings are copied. */
struct pki_tls_server;
int pki_tls_peer_server(const struct pki_tls_peer_opts *o, struct pki_tls_server **out, char *err,
			size_t errlen);
void pki_tls_server_free(struct pki_tls_server *s);
/* The handshake: a client certificate is required, must chain to ca_file
 * and name one of peers (its CN in peer_cn, also on refusal when known). */
int pki_tls_accept_peer(int fd, const struct pki_tls_server *s, struct pki_tls **out, char *peer_cn,
			size_t cnlen, char *err, size_t errlen);
/* "TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384" */
void pki_tls_describe(const struct pki_tls *t, char *buf, size_t len);
/* 1 when this OpenSSL can offer the cipher suite with IANA code point code
 * (its OpenSSL name in name), 0 when it cannot. */
int pki_tls_cipher_openssl(unsigned code, char *name, size_t len);

/* ---- the CAPF's certificates (pki/lsc.c) ---- */
/* A certificate request, PEM or DER, whose signature verifies with its own
 * key (PKI_EINPUT otherwise); key_desc: "RSA-2048", "EC-P256". */
int pki_csr_parse_verified(const unsigned char *buf, size_t len, struct pki_csr **out, char *key_desc,
			   size_t desclen, char *err, size_t errlen);
/* A Locally Significant Certificate for device with the request's key,
 * signed by issuer (CAPF-TVS-PROTOCOL.md §1.9): CN = device plus the
 * issuer's O, OU, L, ST, C; SHA-256; CA:FALSE; digitalSignature and
 * keyEncipherment; serverAuth, clientAuth, ipsecEndSystem; URI:device. */
int pki_lsc_issue(const struct pki_cert *issuer, const struct pki_key *issuer_key,
		  const struct pki_pubkey *pub, const char *device, int days, struct pki_cert **out,
		  char *err, size_t errlen);
/* A device's public key: from a SubjectPublicKeyInfo (CAPF's PUBLIC_KEY
 * element; PKI_EINPUT when it is not one) or from a checked request;
 * desc: "RSA-2048", "EC-P256". */
int pki_pubkey_from_spki(const unsigned char *der, size_t len, struct pki_pubkey **out, char *desc,
			 size_t desclen, char *err, size_t errlen);
struct pki_pubkey *pki_pubkey_of_csr(const struct pki_csr *r);
void pki_pubkey_free(struct pki_pubkey *k);

/* ---- a device's proof of its certificate to CAPF (pki/capfsig.c) ---- */
/* Whether sig is signer's signature over data with digest alg ("SHA1",
 * "SHA512") as devices make it (§1.8): RSA, the raw private-key operation
 * on a PKCS#1 type-1 block holding the bare digest; EC, ECDSA. PKI_EINPUT
 * with the reason when not. */
int pki_capf_sig_check(const struct pki_cert *signer, const char *alg, const void *data, size_t len,
		       const unsigned char *sig, size_t siglen, char *err, size_t errlen);
/* Whether issuer's subject is c's issuer and its key signed c (the
 * signature only: dates and the rest are the caller's). */
bool pki_cert_signed_by(const struct pki_cert *c, const struct pki_cert *issuer);

/* ---- parsing uploads (pki/parse.c) ---- */
/* PEM (one or many certificates, or PKCS#7), DER certificate, or PKCS#7 in
 * DER/BER. Refuses empty, garbage, truncated input and anything holding a
 * private key, with a one-line reason. */
int pki_parse_certs(const unsigned char *buf, size_t len, struct pki_certlist *out, char *err, size_t errlen);
/* A PKCS#12 file: its key, its certificate and any chain certificates. */
int pki_parse_pkcs12(const unsigned char *buf, size_t len, const char *pass, struct pki_key **key,
		     struct pki_cert **cert, struct pki_certlist *chain, char *err, size_t errlen);

/* ---- certificate-only PKCS#12 for the bulk exchange (pki/p12.c) ---- */
/* A PKCS#12 file holding certs and no key, each certificate with its
 * friendly name (names[i]; names or an entry may be NULL), under a MAC
 * keyed by pass (SHA-256; the certificates, public, are not encrypted).
 * *out malloc'd. */
int pki_p12_certs_build(const struct pki_certlist *certs, const char *const *names, const char *pass,
			unsigned char **out, size_t *len, char *err, size_t errlen);
/* Its certificates and their friendly names (an entry is NULL when it has
 * none; free with pki_p12_names_free(names, certs->n)). PKI_EINPUT with the
 * reason when the MAC does not verify with pass, when it holds a private
 * key, or no certificate. */
int pki_p12_certs_parse(const unsigned char *buf, size_t len, const char *pass, struct pki_certlist *certs,
			char ***names, char *err, size_t errlen);
void pki_p12_names_free(char **names, int n);

/* ---- facts (pki/facts.c) ---- */
struct pki_facts {
	int version;
	char serial[100]; /* hex, upper case, no separators */
	char sig_alg[64];
	char subject[1024]; /* "CN=a,OU=b,..." (RFC 2253 order) */
	char issuer[1024];
	char subject_cn[256]; /* "" when none */
	char issuer_cn[256];
	time_t not_before, not_after;
	char key[32];	     /* RSA-2048, EC-P256 */
	char san[1024];	     /* "DNS:a, IP:b" */
	char first_dns[256]; /* the first SAN dNSName, "" when none */
	char key_usage[256];
	char ext_key_usage[256];
	bool is_ca;
	int path_len;  /* -1 when unlimited or not a CA */
	char sha1[64]; /* AA:BB:... */
	char sha256[100];
	bool self_signed;
};
int pki_cert_facts(const struct pki_cert *c, struct pki_facts *f);
/* What a certificate signing request says. */
struct pki_csr_facts {
	char subject[1024];
	char subject_cn[256];
	char key[32];
	char sig_alg[64];
	char san[1024];
	bool signature_ok; /* signed by the key it carries */
};
int pki_csr_facts(const struct pki_csr *c, struct pki_csr_facts *f);
/* Whether c names host: a SAN dNSName (wildcards as RFC 6125 allows) or
 * iPAddress, or the subject CN when there is no dNSName. */
bool pki_cert_names_host(const struct pki_cert *c, const char *host);
/* SNI selection: the index of the first of n candidates that names host
 * (pki_cert_names_host), or -1. The order is the caller's preference. */
int pki_sni_select(const char *host, const struct pki_cert *const *candidates, int n);
/* Same subject and public key (a renewal of the same CA key). */
bool pki_cert_same_key(const struct pki_cert *a, const struct pki_cert *b);
bool pki_cert_same_subject(const struct pki_cert *a, const struct pki_cert *b);
/* Issuer DN and serial both equal: the same certificate as far as X.509 goes. */
bool pki_cert_same_issuer_serial(const struct pki_cert *a, const struct pki_cert *b);

/* ---- verification (pki/verify.c) ---- */
enum pki_purpose { PKI_PURPOSE_ANY = 0, PKI_PURPOSE_SERVER, PKI_PURPOSE_CLIENT };

/* How strict a verifier to be. RFC5280: OpenSSL's X509_STRICT and the
 * authority/subject key identifier match; WEBPKI adds what public-web
 * clients enforce (SAN, EKU, no v1 CAs, no MD5/SHA-1, no weak keys, serial
 * numbers, key identifiers). LENIENT is OpenSSL's default (tests only). */
enum pki_strictness { PKI_RFC5280 = 0, PKI_WEBPKI, PKI_LENIENT };

struct pki_verify_opts {
	const struct pki_certlist *trusted;
	const struct pki_certlist *untrusted;
	enum pki_purpose purpose;
	const char *host; /* NULL: no host check */
	time_t at;	  /* 0: now */
	enum pki_strictness profile;
};

/* One rule a certificate of the path broke. */
struct pki_finding {
	int depth;	   /* 0: the certificate checked */
	char subject[256]; /* RFC 2253 */
	char rule[300];
};

struct pki_findings {
	struct pki_finding *v;
	int n;
};

/* Every rule the path of leaf breaks (none: a peer would accept it); 0, or
 * -1 when verification could not run (reason in the first finding). Any
 * certificate in trusted is an anchor. Free with pki_findings_free. */
int pki_verify_all(const struct pki_cert *leaf, const struct pki_verify_opts *o, struct pki_findings *out);
void pki_findings_free(struct pki_findings *f);
/* 0 when a peer would accept leaf; 1 when not, with the first reason. */
int pki_verify(const struct pki_cert *leaf, const struct pki_verify_opts *o, char *reason, size_t len);

/* Hex digest ("AA:BB:...") of bytes with alg ("MD5", "SHA1", "SHA256"). */
int pki_digest_hex(const void *data, size_t len, const char *alg, char *out, size_t outlen);

/* ---- randomness ---- */
int pki_random_hex(char *out, size_t nbytes); /* 2*nbytes hex digits + NUL */

#endif
