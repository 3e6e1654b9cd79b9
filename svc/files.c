#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "node/deploy.h"
#include "store/secretfile.h"
#include "svc/files.h"

#define SECRET_MAX 4096

/* FA_INVALID is the caller's mistake; the rest are failures. */
static int fa_err(int rc, const char *msg, struct err *e)
{
	return err_set(e,
		       rc == FA_INVALID	   ? ERR_INVALID
		       : rc == FA_NOTFOUND ? ERR_NOTFOUND
					   : ERR_FAIL,
		       "%s", msg);
}

int core_file_list(struct core *c, struct file_entry **v, int *n, struct err *e)
{
	char why[512];
	int rc = filearea_list(c->config->file_area, v, n, why, sizeof(why));

	return rc == FA_OK ? 0 : fa_err(rc, why, e);
}

int core_file_read(struct core *c, const char *name, size_t max, unsigned char **data, size_t *len,
		   struct err *e)
{
	char why[512];
	int rc = filearea_read(c->config->file_area, name, max, data, len, why, sizeof(why));

	return rc == FA_OK ? 0 : fa_err(rc, why, e);
}

int core_file_read_text(struct core *c, const char *name, size_t max, char **text, struct err *e)
{
	char why[512];
	bool secret = false;
	int rc;

	if (store_secret_file_is(c->store, name, &secret) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read %s: %s", name, store_errmsg(c->store));
	if (secret)
		return err_set(e, ERR_REFUSED,
			       "%s holds a secret (ucsh read it as a password file); it is never shown",
			       name);
	if ((rc = filearea_read_text(c->config->file_area, name, max, text, why, sizeof(why))) != FA_OK)
		return fa_err(rc, why, e);
	if (strstr(*text, "PRIVATE KEY-----")) {
		free(*text);
		*text = NULL;
		return err_set(e, ERR_REFUSED, "%s holds a private key; ucsh never shows keys", name);
	}
	return 0;
}

/* In the caller's transaction, or in one of its own. */
static int remember_secret(struct core *c, const char *name, struct err *e)
{
	bool own = !store_in_transaction(c->store);
	int rc;

	if (own && store_begin(c->store, true) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot remember %s as a secret: %s", name,
			       store_errmsg(c->store));
	rc = store_secret_file_add(c->store, name);
	if (own && rc == STORE_OK && store_commit(c->store) != STORE_OK)
		rc = STORE_ERROR;
	if (own && rc != STORE_OK)
		store_rollback(c->store);
	return rc == STORE_OK
		   ? 0
		   : err_set(e, ERR_FAIL, "Cannot remember %s as a secret: %s", name, store_errmsg(c->store));
}

int core_file_read_secret(struct core *c, const char *name, char *buf, size_t len, struct err *e)
{
	unsigned char *data;
	size_t n;

	if (core_file_read(c, name, SECRET_MAX, &data, &n, e) != 0)
		return -1;
	data[strcspn((char *)data, "\r\n")] = '\0';
	if (strlen((char *)data) >= len) {
		explicit_bzero(data, n);
		free(data);
		return err_set(e, ERR_INVALID, "%s: the secret is too long", name);
	}
	memcpy(buf, data, strlen((char *)data) + 1);
	explicit_bzero(data, n);
	free(data);
	return remember_secret(c, name, e);
}

int core_file_delete(struct core *c, const char *name, struct err *e)
{
	char why[512];
	int rc = filearea_delete(c->config->file_area, name, why, sizeof(why));

	if (rc != FA_OK)
		return fa_err(rc, why, e);
	/* A new file of that name is not the old secret. */
	if (store_secret_file_forget(c->store, name) != STORE_OK)
		return err_set(e, ERR_FAIL, "Deleted %s, but: %s", name, store_errmsg(c->store));
	return 0;
}

int core_file_area_prepare(struct core *c, struct err *e)
{
	char why[512];

	if (filearea_prepare(c->config->file_area, why, sizeof(why)) != FA_OK)
		return err_set(e, ERR_FAIL, "%s", why);
	return 0;
}

int core_file_create(struct core *c, const char *name, const void *data, size_t len, struct err *e)
{
	char why[512];
	mode_t mask = umask(0);
	int rc;

	/* Like any file the shell creates: as the state directory's umask says. */
	umask(mask);
	rc = filearea_create(c->config->file_area, name, data, len, 0666 & ~mask, why, sizeof(why));
	if (rc == FA_EXISTS)
		return err_set(e, ERR_REFUSED, "%s", why);
	return rc == FA_OK ? 0 : fa_err(rc, why, e);
}

bool core_file_name_ok(const char *name, char *why, size_t len)
{
	return filearea_check_name(name, why, len) == FA_OK;
}
