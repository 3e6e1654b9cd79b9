/* An SFTP client on libssh (loaded on first use): connect and read the
 * server's host key (the caller decides whether it is trusted: known hosts
 * are the node's, not ~/.ssh's), log in by password or private key, then
 * put files atomically (a temporary name, then a rename: a reader never
 * sees half a file), get, list and make directories. No ssh config file
 * and no agent are read. Secrets given in struct sftpc_login are only
 * read. */
#ifndef UCSH_SFTP_CLIENT_H
#define UCSH_SFTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

struct sftpc;

struct sftpc_login {
	const char *user;
	const char *password; /* or */
	const char *key_pem;  /* a private key (OpenSSH or PEM format) */
};

/* Connects (timeout_s for the connection and every reply); fp gets the
 * host key's "SHA256:<base64>" as OpenSSH prints it. 0 or -1 with err. */
int sftpc_connect(const char *host, int port, int timeout_s, struct sftpc **out, char *fp, size_t fplen,
		  char *err, size_t errlen);
/* Authenticates and starts the SFTP subsystem. */
int sftpc_login(struct sftpc *c, const struct sftpc_login *l, char *err, size_t errlen);

/* Called while a file moves: bytes done of total. */
typedef void (*sftpc_progress)(void *arg, size_t done, size_t total);

/* Writes dir/name through ".name.part" and a rename. SFTP version 3
 * renames only onto a free name: when may_exist, the name is removed first
 * (a reader sees the old file, none, then the new one; never half of one);
 * a caller that listed the directory and knows the name is new saves that
 * round trip. */
int sftpc_put(struct sftpc *c, const char *dir, const char *name, const void *data, size_t len,
	      bool may_exist, sftpc_progress progress, void *arg, char *err, size_t errlen);
/* Reads a whole file of at most max bytes; *data malloc'd. */
int sftpc_get(struct sftpc *c, const char *path, size_t max, unsigned char **data, size_t *len, char *err,
	      size_t errlen);
/* Creates path and its missing parents. */
int sftpc_mkdirs(struct sftpc *c, const char *path, char *err, size_t errlen);
/* Whether path exists, and whether it is a directory (is_dir may be NULL). */
int sftpc_stat(struct sftpc *c, const char *path, bool *exists, bool *is_dir, char *err, size_t errlen);

struct sftpc_entry {
	const char *name;
	bool is_dir;
	unsigned long long size;
	long long mtime;
};
/* Every entry of dir but "." and ".."; stops when fn returns non-zero. */
int sftpc_list(struct sftpc *c, const char *dir, int (*fn)(const struct sftpc_entry *e, void *ctx), void *ctx,
	       char *err, size_t errlen);

void sftpc_close(struct sftpc *c);

#endif
