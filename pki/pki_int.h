/* Shared by the pki/ modules only: the handles' insides. */
#ifndef UCSH_PKI_INT_H
#define UCSH_PKI_INT_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "pki/pki.h"

struct pki_key {
	EVP_PKEY *k;
};

struct pki_cert {
	X509 *x;
};

struct pki_pubkey {
	EVP_PKEY *k;
};

struct pki_csr {
	X509_REQ *r;
};

/* Wraps x (taking ownership); NULL when out of memory. */
struct pki_cert *pki_cert_wrap(X509 *x);
/* The first OpenSSL error as text after what, into err. */
void pki_openssl_error(char *err, size_t errlen, const char *what);

/* A TLS server connection (pki/tls.c, pki/tlspeer.c). */
struct ssl_ctx_st;
struct ssl_st;
struct pki_tls {
	struct ssl_ctx_st *ctx;
	struct ssl_st *ssl;
};
/* TLS1_VERSION ... TLS1_3_VERSION for 10 ... 13. */
int pki_tls_version(int v);
int pki_certlist_push(struct pki_certlist *l, X509 *x);
/* A memory BIO's content as a malloc'd string. */
char *pki_bio_string(BIO *b);
/* The digest of a trust list's hash code (1 SHA-1, 2 SHA-256, 3 SHA-512). */
const EVP_MD *pki_ctl_md(int hash);
/* "RSA-2048", "EC-P256" for any key. */
void pki_describe_pkey(EVP_PKEY *k, char *buf, size_t len);

#endif
