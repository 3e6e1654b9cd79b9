#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sftp/client.h"
#include "sftp/libssh.h"

#define CHUNK 32768

struct sftpc {
	const struct libssh_api *api;
	ssh_session ssh;
	sftp_session sftp;
};

/* What an SFTP status code means, for people. */
static const char *status_text(int code)
{
	switch (code) {
	case SSH_FX_NO_SUCH_FILE:
		return "no such file or directory";
	case SSH_FX_PERMISSION_DENIED:
		return "permission denied";
	case SSH_FX_WRITE_PROTECT:
		return "the directory is read-only";
	case SSH_FX_CONNECTION_LOST:
	case SSH_FX_NO_CONNECTION:
		return "the connection to the server was lost";
	case SSH_FX_FILE_ALREADY_EXISTS:
		return "the file exists";
	default: /* SFTP version 3 says no more for a full disk either */
		return "the server refused it (a full disk or quota?)";
	}
}

static int fail(struct sftpc *c, const char *what, const char *path, char *err, size_t errlen)
{
	int code = c->sftp ? c->api->sftp_get_error(c->sftp) : 0;

	if (!c->api->is_connected(c->ssh))
		code = SSH_FX_CONNECTION_LOST;
	/* A dead connection shows as a generic failure: say what libssh knows. */
	if (code == SSH_FX_FAILURE || code == 0 || code == SSH_FX_CONNECTION_LOST ||
	    code == SSH_FX_NO_CONNECTION)
		snprintf(err, errlen, "%s %s: %s (%s)", what, path, status_text(code),
			 c->api->get_error(c->ssh));
	else
		snprintf(err, errlen, "%s %s: %s", what, path, status_text(code));
	return -1;
}

int sftpc_connect(const char *host, int port, int timeout_s, struct sftpc **out, char *fp, size_t fplen,
		  char *err, size_t errlen)
{
	const struct libssh_api *api = libssh_load(err, errlen);
	struct sftpc *c;
	ssh_key key = NULL;
	unsigned char *hash = NULL;
	size_t hlen = 0;
	long timeout = timeout_s;
	bool no = false;

	*out = NULL;
	if (!api)
		return -1;
	if (!(c = calloc(1, sizeof(*c))) || !(c->ssh = api->new_session())) {
		free(c);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	c->api = api;
	/* Nothing of the invoking user's ~/.ssh: the node's own known hosts
	 * and the stored credentials only. */
	api->options_set(c->ssh, SSH_OPTIONS_PROCESS_CONFIG, &no);
	api->options_set(c->ssh, SSH_OPTIONS_SSH_DIR, "/nonexistent");
	api->options_set(c->ssh, SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
	api->options_set(c->ssh, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
	api->options_set(c->ssh, SSH_OPTIONS_HOST, host);
	api->options_set(c->ssh, SSH_OPTIONS_PORT, &port);
	api->options_set(c->ssh, SSH_OPTIONS_TIMEOUT, &timeout);
	if (api->connect(c->ssh) != SSH_OK) {
		snprintf(err, errlen, "cannot connect to %s port %d: %s", host, port, api->get_error(c->ssh));
		goto bad;
	}
	if (api->get_server_publickey(c->ssh, &key) != SSH_OK ||
	    api->get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) != 0) {
		snprintf(err, errlen, "%s sent no usable host key", host);
		goto bad;
	}
	char *text = api->get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	snprintf(fp, fplen, "%s", text ? text : "");
	if (text)
		api->string_free_char(text);
	api->clean_pubkey_hash(&hash);
	api->key_free(key);
	*out = c;
	return 0;
bad:
	if (key)
		api->key_free(key);
	sftpc_close(c);
	return -1;
}

int sftpc_login(struct sftpc *c, const struct sftpc_login *l, char *err, size_t errlen)
{
	const struct libssh_api *api = c->api;
	int rc = SSH_AUTH_ERROR;

	if (l->key_pem) {
		ssh_key key = NULL;
		if (api->pki_import_privkey_base64(l->key_pem, NULL, NULL, NULL, &key) != SSH_OK) {
			snprintf(err, errlen,
				 "the stored private key cannot be read (an OpenSSH or PEM key "
				 "without a passphrase is needed)");
			return -1;
		}
		rc = api->userauth_publickey(c->ssh, l->user, key);
		api->key_free(key);
	} else if (l->password) {
		rc = api->userauth_password(c->ssh, l->user, l->password);
	}
	if (rc != SSH_AUTH_SUCCESS) {
		snprintf(err, errlen, "the server refused the %s of %s", l->key_pem ? "key" : "password",
			 l->user);
		return -1;
	}
	if (!(c->sftp = api->sftp_new(c->ssh)) || api->sftp_init(c->sftp) != SSH_OK) {
		snprintf(err, errlen, "the server offers no SFTP: %s", api->get_error(c->ssh));
		return -1;
	}
	return 0;
}

int sftpc_put(struct sftpc *c, const char *dir, const char *name, const void *data, size_t len,
	      bool may_exist, sftpc_progress progress, void *arg, char *err, size_t errlen)
{
	const struct libssh_api *api = c->api;
	char part[4096], path[4096];
	size_t done = 0;
	sftp_file f;

	snprintf(part, sizeof(part), "%s/.%s.part", dir, name);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = api->sftp_open(c->sftp, part, O_WRONLY | O_CREAT | O_TRUNC, 0640)))
		return fail(c, "cannot write", part, err, errlen);
	while (done < len) {
		size_t n = len - done < CHUNK ? len - done : CHUNK;
		ssize_t w = api->sftp_write(f, (const char *)data + done, n);
		if (w <= 0) {
			fail(c, "cannot write", part, err, errlen);
			api->sftp_close(f);
			api->sftp_unlink(c->sftp, part);
			return -1;
		}
		done += (size_t)w;
		if (progress)
			progress(arg, done, len);
	}
	if (api->sftp_close(f) != SSH_NO_ERROR) {
		fail(c, "cannot write", part, err, errlen);
		api->sftp_unlink(c->sftp, part);
		return -1;
	}
	if (may_exist)
		api->sftp_unlink(c->sftp, path);
	if (api->sftp_rename(c->sftp, part, path) != 0) {
		fail(c, "cannot rename into", path, err, errlen);
		api->sftp_unlink(c->sftp, part);
		return -1;
	}
	return 0;
}

int sftpc_get(struct sftpc *c, const char *path, size_t max, unsigned char **data, size_t *len, char *err,
	      size_t errlen)
{
	const struct libssh_api *api = c->api;
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0;
	sftp_file f;

	*data = NULL;
	*len = 0;
	if (!(f = api->sftp_open(c->sftp, path, O_RDONLY, 0)))
		return fail(c, "cannot read", path, err, errlen);
	for (;;) {
		if (n + CHUNK > cap) {
			unsigned char *grown = realloc(buf, cap = n + CHUNK);
			if (!grown)
				break;
			buf = grown;
		}
		ssize_t r = api->sftp_read(f, buf + n, CHUNK);
		if (r < 0) {
			fail(c, "cannot read", path, err, errlen);
			goto bad;
		}
		if (r == 0) {
			api->sftp_close(f);
			*data = buf;
			*len = n;
			return 0;
		}
		n += (size_t)r;
		if (n > max) {
			snprintf(err, errlen, "%s is larger than %zu bytes", path, max);
			goto bad;
		}
	}
	snprintf(err, errlen, "out of memory reading %s", path);
bad:
	api->sftp_close(f);
	free(buf);
	return -1;
}

int sftpc_stat(struct sftpc *c, const char *path, bool *exists, bool *is_dir, char *err, size_t errlen)
{
	sftp_attributes a = c->api->sftp_stat(c->sftp, path);

	*exists = a != NULL;
	if (is_dir)
		*is_dir = a && a->type == SSH_FILEXFER_TYPE_DIRECTORY;
	if (!a)
		return c->api->sftp_get_error(c->sftp) == SSH_FX_NO_SUCH_FILE
			   ? 0
			   : fail(c, "cannot look at", path, err, errlen);
	c->api->sftp_attributes_free(a);
	return 0;
}

int sftpc_mkdirs(struct sftpc *c, const char *path, char *err, size_t errlen)
{
	char buf[4096];
	size_t n = strlen(path);
	bool exists, is_dir;

	if (n >= sizeof(buf)) {
		snprintf(err, errlen, "the path is too long");
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		char keep = buf[i];
		buf[i] = '\0';
		if (sftpc_stat(c, buf, &exists, &is_dir, err, errlen) != 0)
			return -1;
		if (!is_dir && c->api->sftp_mkdir(c->sftp, buf, 0750) != 0)
			return fail(c, "cannot create", buf, err, errlen);
		buf[i] = keep;
	}
	return 0;
}

int sftpc_list(struct sftpc *c, const char *dir, int (*fn)(const struct sftpc_entry *e, void *ctx), void *ctx,
	       char *err, size_t errlen)
{
	const struct libssh_api *api = c->api;
	sftp_dir d = api->sftp_opendir(c->sftp, dir);
	sftp_attributes a;
	int stop = 0;

	if (!d)
		return fail(c, "cannot list", dir, err, errlen);
	while (!stop && (a = api->sftp_readdir(c->sftp, d))) {
		if (strcmp(a->name, ".") != 0 && strcmp(a->name, "..") != 0) {
			struct sftpc_entry e = {a->name, a->type == SSH_FILEXFER_TYPE_DIRECTORY, a->size,
						(long long)a->mtime};
			stop = fn(&e, ctx);
		}
		api->sftp_attributes_free(a);
	}
	if (!stop && !api->sftp_dir_eof(d)) {
		api->sftp_closedir(d);
		return fail(c, "cannot list", dir, err, errlen);
	}
	api->sftp_closedir(d);
	return 0;
}

void sftpc_close(struct sftpc *c)
{
	if (!c)
		return;
	if (c->sftp)
		c->api->sftp_free(c->sftp);
	if (c->ssh) {
		c->api->disconnect(c->ssh);
		c->api->free_session(c->ssh);
	}
	free(c);
}
