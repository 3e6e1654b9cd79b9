/* Opening the database, pragmas, transactions and the statement cache. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_int.h"

#define BUSY_TIMEOUT_MS 5000

static const char sqlite_magic[16] = "SQLite format 3";

/* Refuses anything at path that SQLite would otherwise happily overwrite or
 * misread: a non-empty file without the SQLite header, or not a regular file. */
static int check_existing_file(const char *path, bool *exists, char *err, size_t errlen)
{
	struct stat sb;
	char head[16];
	int fd;
	ssize_t n;

	*exists = false;
	if (lstat(path, &sb) != 0) {
		if (errno == ENOENT)
			return STORE_OK;
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return STORE_REFUSED;
	}
	*exists = true;
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file; refusing to use it as the database", path);
		return STORE_REFUSED;
	}
	if (sb.st_size == 0)
		return STORE_OK; /* SQLite's own representation of an empty database */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return STORE_REFUSED;
	}
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n != (ssize_t)sizeof(head) || memcmp(head, sqlite_magic, sizeof(head)) != 0) {
		snprintf(err, errlen, "%s is not a ucsh database (no SQLite header); refusing to touch it",
			 path);
		return STORE_REFUSED;
	}
	return STORE_OK;
}

static int exec_sql(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(st->err, sizeof(st->err), "%s", msg ? msg : sqlite3_errmsg(st->db));
		st->errcode = sqlite3_errcode(st->db) & 0xff;
		sqlite3_free(msg);
		return STORE_ERROR;
	}
	return STORE_OK;
}

int store_open(const char *path, struct store **out, char *err, size_t errlen)
{
	struct store *st;
	bool exists;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW;
	int rc, version;

	*out = NULL;
	if ((rc = check_existing_file(path, &exists, err, errlen)) != STORE_OK)
		return rc;
	if (!exists) {
		/* Created here with the state directory's umask (0600, or 0660 in
		 * a group-shared one): SQLite's own default is 0644, and its -wal
		 * and -shm files copy the database's mode. */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
		if (fd < 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
			return STORE_REFUSED;
		}
		if (fd >= 0)
			close(fd);
	}
	if ((st = calloc(1, sizeof(*st))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return STORE_ERROR;
	}
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path, sqlite3_errmsg(st->db));
		rc = STORE_REFUSED;
		goto fail;
	}
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	/* Keep the -wal file between commands instead of creating and
	 * deleting it in every one of them. */
	int persist = 1;
	sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	sqlite3_extended_result_codes(st->db, 1);
	/* Read the schema version before anything writes: a newer or corrupt
	 * file must be left exactly as it was. */
	version = store_schema_version(st);
	if (version < 0) {
		snprintf(err, errlen, "%s is corrupt or not a ucsh database (%s); refusing to touch it", path,
			 st->err);
		rc = STORE_REFUSED;
		goto fail;
	}
	if (version > store_schema_latest()) {
		snprintf(err, errlen,
			 "%s was written by a newer ucsh (schema %d; this ucsh knows up to %d); upgrade ucsh",
			 path, version, store_schema_latest());
		rc = STORE_REFUSED;
		goto fail;
	}
	/* WAL lets readers work while one session writes; NORMAL sync in WAL
	 * mode never corrupts, and at worst loses the last commit on power loss.
	 * WAL mode persists in the file, so only a new database needs it. */
	if ((version == 0 && exec_sql(st, "PRAGMA journal_mode=WAL") != STORE_OK) ||
	    exec_sql(st, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA "
			 "journal_size_limit=16777216; PRAGMA wal_autocheckpoint=2000;") != STORE_OK ||
	    store_migrate(st) != STORE_OK) {
		snprintf(err, errlen, "cannot prepare %s: %s", path, st->err);
		rc = version > 0 && (st->errcode == SQLITE_CORRUPT || st->errcode == SQLITE_NOTADB)
			 ? STORE_REFUSED
			 : STORE_ERROR;
		goto fail;
	}
	*out = st;
	return STORE_OK;
fail:
	store_close(st);
	return rc;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->in_tx)
		store_rollback(st);
	for (int i = 0; i < STORE_STMT_CACHE; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	free(st);
}

sqlite3_stmt *store_stmt(struct store *st, const char *sql)
{
	int i;

	for (i = 0; i < STORE_STMT_CACHE && st->cache[i].sql; i++) {
		if (st->cache[i].sql == sql) {
			sqlite3_reset(st->cache[i].stmt);
			sqlite3_clear_bindings(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
	}
	if (i == STORE_STMT_CACHE) {
		/* Full: recycle the last slot rather than grow without bound. */
		i = STORE_STMT_CACHE - 1;
		sqlite3_finalize(st->cache[i].stmt);
		st->cache[i].sql = NULL;
		st->cache[i].stmt = NULL;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->cache[i].stmt, NULL) !=
	    SQLITE_OK) {
		store_fail(st, "prepare");
		return NULL;
	}
	st->cache[i].sql = sql;
	return st->cache[i].stmt;
}

int store_fail(struct store *st, const char *what)
{
	snprintf(st->err, sizeof(st->err), "%s: %s", what, sqlite3_errmsg(st->db));
	st->errcode = sqlite3_errcode(st->db) & 0xff;
	return STORE_ERROR;
}

int store_step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, what);
	return STORE_OK;
}

char *store_col_dup(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t ? strdup((const char *)t) : NULL;
}

int store_begin(struct store *st, bool write)
{
	if (st->in_tx)
		return STORE_OK;
	/* Cached statements: a batch line should not parse BEGIN and COMMIT. */
	sqlite3_stmt *s = store_stmt(st, write ? "BEGIN IMMEDIATE" : "BEGIN");
	if (!s || store_step_done(st, s, "begin") != STORE_OK)
		return STORE_ERROR;
	st->in_tx = true;
	return STORE_OK;
}

int store_commit(struct store *st)
{
	if (!st->in_tx)
		return STORE_OK;
	sqlite3_stmt *s = store_stmt(st, "COMMIT");
	if (!s || store_step_done(st, s, "commit") != STORE_OK) {
		store_rollback(st);
		return STORE_ERROR;
	}
	st->in_tx = false;
	return STORE_OK;
}

void store_rollback(struct store *st)
{
	if (!st->in_tx)
		return;
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = false;
}

bool store_in_transaction(const struct store *st)
{
	return st->in_tx;
}

const char *store_errmsg(const struct store *st)
{
	return st->err;
}

int store_schema_version(struct store *st)
{
	sqlite3_stmt *s = NULL;
	int v = -1;

	/* Reading the schema table first makes a damaged first page fail here. */
	if (sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK) {
		store_fail(st, "read schema version");
		return -1;
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	else
		store_fail(st, "read schema version");
	sqlite3_finalize(s);
	return v;
}

const char *store_library_version(void)
{
	return sqlite3_libversion();
}
