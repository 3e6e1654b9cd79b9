#ifndef UCSH_SFTP_VERSION_H
#define UCSH_SFTP_VERSION_H

/* The libssh library in use at run time, e.g. "0.10.6/openssl/zlib". */
const char *sftp_library_version(void);

#endif
