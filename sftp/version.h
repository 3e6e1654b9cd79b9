#ifndef UCSH_SFTP_VERSION_H
#define UCSH_SFTP_VERSION_H

/* The libssh version: the loaded library's when SFTP has been used in this
 * process, else the one ucsh was built with (marked as such). */
const char *sftp_library_version(void);

#endif
