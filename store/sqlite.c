/* The SQLite backend: the node's own database file. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_int.h"

struct sqlite_stmt {
	struct stmt base;
	sqlite3_stmt *s;
};

static sqlite3 *db_of(struct store *st)
{
	return st->conn;
}

static struct stmt *lite_prepare(struct store *st, const char *sql)
{
	struct sqlite_stmt *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	if (sqlite3_prepare_v3(db_of(st), sql, -1, SQLITE_PREPARE_PERSISTENT, &p->s, NULL) != SQLITE_OK) {
		free(p);
		return NULL;
	}
	p->base.st = st;
	return &p->base;
}

static sqlite3_stmt *raw(struct stmt *s)
{
	return ((struct sqlite_stmt *)s)->s;
}

static void lite_finalize(struct stmt *s)
{
	if (!s)
		return;
	sqlite3_finalize(raw(s));
	free(s);
}

static void lite_reset(struct stmt *s)
{
	sqlite3_reset(raw(s));
	sqlite3_clear_bindings(raw(s));
}

/* A name the statement does not have is a programming error: stop at once
 * rather than run the SQL with a NULL where a value was meant. */
static int index_of(struct stmt *s, const char *name)
{
	int i = sqlite3_bind_parameter_index(raw(s), name);

	if (i <= 0) {
		fprintf(stderr, "ucsh: internal error: no parameter %s in \"%s\"\n", name,
			sqlite3_sql(raw(s)));
		abort();
	}
	return i;
}

static void lite_bind_text(struct stmt *s, const char *name, const char *v)
{
	sqlite3_bind_text(raw(s), index_of(s, name), v, -1, SQLITE_STATIC);
}

static void lite_bind_int(struct stmt *s, const char *name, long long v)
{
	sqlite3_bind_int64(raw(s), index_of(s, name), v);
}

static int lite_step(struct stmt *s)
{
	int rc = sqlite3_step(raw(s));

	return rc == SQLITE_ROW ? STMT_ROW : rc == SQLITE_DONE ? STMT_DONE : STMT_ERROR;
}

static const char *lite_column(struct stmt *s, int col)
{
	return (const char *)sqlite3_column_text(raw(s), col);
}

static long long lite_column_int(struct stmt *s, int col)
{
	return sqlite3_column_int64(raw(s), col);
}

static long long lite_changes(struct stmt *s)
{
	return sqlite3_changes64(db_of(s->st));
}

static int class_of(int code)
{
	switch (code) {
	case SQLITE_READONLY:
		return STORE_E_READONLY;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_E_BUSY;
	case SQLITE_CONSTRAINT:
		return STORE_E_CONFLICT;
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
		return STORE_E_UNAVAILABLE;
	default:
		return STORE_E_OTHER;
	}
}

static void lite_fail(struct store *st, const char *what)
{
	snprintf(st->err, sizeof(st->err), "%s: %s", what, sqlite3_errmsg(db_of(st)));
	st->errcode = sqlite3_errcode(db_of(st)) & 0xff;
	st->errclass = class_of(st->errcode);
}

static int lite_exec(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db_of(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(st->err, sizeof(st->err), "%s", msg ? msg : sqlite3_errmsg(db_of(st)));
		st->errcode = sqlite3_errcode(db_of(st)) & 0xff;
		st->errclass = class_of(st->errcode);
		sqlite3_free(msg);
		return STORE_ERROR;
	}
	return STORE_OK;
}

/* Write transactions take the lock up front (BEGIN IMMEDIATE) so two
 * sessions queue on the busy timeout instead of failing half-way. Cached
 * statements: a batch line should not parse BEGIN and COMMIT. */
static int lite_begin(struct store *st, bool write)
{
	struct stmt *s = store_stmt(st, write ? "BEGIN IMMEDIATE" : "BEGIN");

	return s ? store_step_done(st, s, "begin") : STORE_ERROR;
}

static int lite_commit(struct store *st)
{
	struct stmt *s = store_stmt(st, "COMMIT");

	return s ? store_step_done(st, s, "commit") : STORE_ERROR;
}

static void lite_rollback(struct store *st)
{
	if (sqlite3_get_autocommit(db_of(st)) == 0)
		sqlite3_exec(db_of(st), "ROLLBACK", NULL, NULL, NULL);
}

static void lite_close(struct store *st)
{
	sqlite3_close(db_of(st));
	st->conn = NULL;
}

static const struct backend sqlite_backend = {
    .name = "SQLite",
    .prepare = lite_prepare,
    .finalize = lite_finalize,
    .reset = lite_reset,
    .bind_text = lite_bind_text,
    .bind_int = lite_bind_int,
    .step = lite_step,
    .column = lite_column,
    .column_int = lite_column_int,
    .changes = lite_changes,
    .exec = lite_exec,
    .begin = lite_begin,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .close = lite_close,
    .fail = lite_fail,
};

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
	st->be = &sqlite_backend;
	sqlite3 *db = NULL;
	int orc = sqlite3_open_v2(path, &db, flags, NULL);
	st->conn = db;
	if (orc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path, sqlite3_errmsg(db));
		rc = STORE_REFUSED;
		goto fail;
	}
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	/* Keep the -wal file between commands instead of creating and
	 * deleting it in every one of them. */
	int persist = 1;
	sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	sqlite3_extended_result_codes(db, 1);
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
	if ((version == 0 && lite_exec(st, "PRAGMA journal_mode=WAL") != STORE_OK) ||
	    lite_exec(st, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA "
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

int store_schema_version(struct store *st)
{
	sqlite3 *db = st->conn;
	sqlite3_stmt *s = NULL;
	int v = -1;

	/* Reading the schema table first makes a damaged first page fail here. */
	if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK) {
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
