#ifndef UCSH_PKI_VERSION_H
#define UCSH_PKI_VERSION_H

/* The OpenSSL library in use at run time, e.g. "OpenSSL 3.0.17 1 Jul 2025". */
const char *pki_library_version(void);

#endif
