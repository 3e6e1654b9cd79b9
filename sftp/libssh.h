/* libssh is loaded on demand: it pulls in about ten libraries (GSSAPI,
 * Kerberos, zlib) that would double every command's start-up, and only the
 * SFTP commands need it (DESIGN §6). */
#ifndef UCSH_SFTP_LIBSSH_H
#define UCSH_SFTP_LIBSSH_H

#include <stddef.h>

#include <libssh/libssh.h>
#include <libssh/sftp.h>

/* The functions ucsh uses, resolved once. */
struct libssh_api {
	__typeof__(ssh_version) *version;
	__typeof__(ssh_new) *new_session;
	__typeof__(ssh_free) *free_session;
	__typeof__(ssh_options_set) *options_set;
	__typeof__(ssh_connect) *connect;
	__typeof__(ssh_disconnect) *disconnect;
	__typeof__(ssh_is_connected) *is_connected;
	__typeof__(ssh_get_error) *get_error;
	__typeof__(ssh_get_server_publickey) *get_server_publickey;
	__typeof__(ssh_get_publickey_hash) *get_publickey_hash;
	__typeof__(ssh_get_fingerprint_hash) *get_fingerprint_hash;
	__typeof__(ssh_clean_pubkey_hash) *clean_pubkey_hash;
	__typeof__(ssh_key_free) *key_free;
	__typeof__(ssh_string_free_char) *string_free_char;
	__typeof__(ssh_userauth_password) *userauth_password;
	__typeof__(ssh_userauth_publickey) *userauth_publickey;
	__typeof__(ssh_pki_import_privkey_base64) *pki_import_privkey_base64;
	__typeof__(sftp_new) *sftp_new;
	__typeof__(sftp_init) *sftp_init;
	__typeof__(sftp_free) *sftp_free;
	__typeof__(sftp_get_error) *sftp_get_error;
	__typeof__(sftp_open) *sftp_open;
	__typeof__(sftp_close) *sftp_close;
	__typeof__(sftp_write) *sftp_write;
	__typeof__(sftp_read) *sftp_read;
	__typeof__(sftp_rename) *sftp_rename;
	__typeof__(sftp_unlink) *sftp_unlink;
	__typeof__(sftp_mkdir) *sftp_mkdir;
	__typeof__(sftp_stat) *sftp_stat;
	__typeof__(sftp_opendir) *sftp_opendir;
	__typeof__(sftp_readdir) *sftp_readdir;
	__typeof__(sftp_dir_eof) *sftp_dir_eof;
	__typeof__(sftp_closedir) *sftp_closedir;
	__typeof__(sftp_attributes_free) *sftp_attributes_free;
};

/* Loads libssh once; NULL with err set when it cannot be loaded. */
const struct libssh_api *libssh_load(char *err, size_t errlen);
/* The API when already loaded, else NULL (never loads). */
const struct libssh_api *libssh_loaded(void);

#endif
