#include <dlfcn.h>
#include <stdio.h>

#include "sftp/libssh.h"

#ifndef LIBSSH_SONAME
#define LIBSSH_SONAME "libssh.so.4"
#endif

static struct libssh_api api;
static void *handle;

#define SYM(field, name)                                                                                     \
	{                                                                                                    \
		(void **)&api.field, #name                                                                   \
	}

const struct libssh_api *libssh_load(char *err, size_t errlen)
{
	const struct {
		void **slot;
		const char *name;
	} syms[] = {
	    SYM(version, ssh_version),
	    SYM(new_session, ssh_new),
	    SYM(free_session, ssh_free),
	    SYM(options_set, ssh_options_set),
	    SYM(connect, ssh_connect),
	    SYM(disconnect, ssh_disconnect),
	    SYM(is_connected, ssh_is_connected),
	    SYM(get_error, ssh_get_error),
	    SYM(get_server_publickey, ssh_get_server_publickey),
	    SYM(get_publickey_hash, ssh_get_publickey_hash),
	    SYM(get_fingerprint_hash, ssh_get_fingerprint_hash),
	    SYM(clean_pubkey_hash, ssh_clean_pubkey_hash),
	    SYM(key_free, ssh_key_free),
	    SYM(string_free_char, ssh_string_free_char),
	    SYM(userauth_password, ssh_userauth_password),
	    SYM(userauth_publickey, ssh_userauth_publickey),
	    SYM(pki_import_privkey_base64, ssh_pki_import_privkey_base64),
	    SYM(sftp_new, sftp_new),
	    SYM(sftp_init, sftp_init),
	    SYM(sftp_free, sftp_free),
	    SYM(sftp_get_error, sftp_get_error),
	    SYM(sftp_open, sftp_open),
	    SYM(sftp_close, sftp_close),
	    SYM(sftp_write, sftp_write),
	    SYM(sftp_read, sftp_read),
	    SYM(sftp_rename, sftp_rename),
	    SYM(sftp_unlink, sftp_unlink),
	    SYM(sftp_mkdir, sftp_mkdir),
	    SYM(sftp_stat, sftp_stat),
	    SYM(sftp_opendir, sftp_opendir),
	    SYM(sftp_readdir, sftp_readdir),
	    SYM(sftp_dir_eof, sftp_dir_eof),
	    SYM(sftp_closedir, sftp_closedir),
	    SYM(sftp_attributes_free, sftp_attributes_free),
	};
	void *h;

	if (handle)
		return &api;
	h = dlopen(LIBSSH_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(err, errlen, "cannot load %s: %s", LIBSSH_SONAME, dlerror());
		return NULL;
	}
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++)
		if (!(*syms[i].slot = dlsym(h, syms[i].name))) {
			snprintf(err, errlen, "%s lacks %s", LIBSSH_SONAME, syms[i].name);
			dlclose(h);
			return NULL;
		}
	handle = h;
	return &api;
}

const struct libssh_api *libssh_loaded(void)
{
	return handle ? &api : NULL;
}
