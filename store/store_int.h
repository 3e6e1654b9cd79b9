/* Shared by the store/ modules only: the backend interface under the typed
 * entity functions. Every module writes its SQL once, in the dialect both
 * backends accept (doc/HACKING.md): named parameters ($name) bound by name,
 * INSERT ... ON CONFLICT (...) DO UPDATE, BIGINT epoch times or text UTC
 * times bound from C, no INSERT OR REPLACE, no SQL date functions. */
#ifndef UCSH_STORE_INT_H
#define UCSH_STORE_INT_H

#include <stdbool.h>
#include <time.h>

#include "store/store.h"

#define STORE_STMT_CACHE 32

enum { STMT_ERROR = -1, STMT_DONE = 0, STMT_ROW = 1 };

struct store;

/* A backend's prepared statement begins with this. */
struct stmt {
	struct store *st;
};

struct backend {
	const char *name;
	struct stmt *(*prepare)(struct store *st, const char *sql);
	void (*finalize)(struct stmt *s);
	void (*reset)(struct stmt *s);
	/* v NULL binds SQL NULL; text is not copied: it must live until the
	 * statement is reset. */
	void (*bind_text)(struct stmt *s, const char *name, const char *v);
	void (*bind_int)(struct stmt *s, const char *name, long long v);
	int (*step)(struct stmt *s);			/* STMT_ROW, STMT_DONE, STMT_ERROR */
	const char *(*column)(struct stmt *s, int col); /* NULL for SQL NULL */
	long long (*column_int)(struct stmt *s, int col);
	long long (*changes)(struct stmt *s);		/* rows the last step changed */
	int (*exec)(struct store *st, const char *sql); /* STORE_OK or STORE_ERROR */
	int (*begin)(struct store *st, bool write);
	/* A write that does not queue behind the writers' lock (NULL: begin). */
	int (*begin_unqueued)(struct store *st);
	int (*commit)(struct store *st);
	void (*rollback)(struct store *st);
	void (*close)(struct store *st);
	/* Records the backend's last error after what in st->err. */
	void (*fail)(struct store *st, const char *what);
};

struct store {
	const struct backend *be;
	void *conn;
	bool in_tx;
	/* Prepared statements keyed by the address of their static SQL text:
	 * a 10,000-line batch prepares each statement once. */
	struct {
		const char *sql;
		struct stmt *stmt;
	} cache[STORE_STMT_CACHE];
	char err[256];
	int errcode;	  /* the backend's own code of the last failure (SQLite: primary result code) */
	int errclass;	  /* enum store_errclass of the last failure */
	char pg_msg[256]; /* PostgreSQL: the server's message of the last failure */
	/* store_now(): the current UTC time, formatted once a second. */
	time_t now_second;
	char now_text[32];
};

/* Returns a reset statement for sql (a string literal), or NULL with err set. */
struct stmt *store_stmt(struct store *st, const char *sql);
/* Records the backend's current error in st->err and returns STORE_ERROR. */
int store_fail(struct store *st, const char *what);
/* Steps a statement expected to finish (no rows); STORE_OK or STORE_ERROR. */
int store_step_done(struct store *st, struct stmt *s, const char *what);
/* Steps a statement that reads at most one row: STORE_OK with the row
 * ready to read, STORE_NOTFOUND, or STORE_ERROR. Reset it after reading. */
int store_step_one(struct store *st, struct stmt *s, const char *what);
/* store_step_one for a one-integer answer: *out is column 0 (0 when there
 * is no row); the statement is reset. */
int store_step_int(struct store *st, struct stmt *s, const char *what, long long *out);
int store_migrate(struct store *st);
/* Text column as a malloc'd copy (NULL stays NULL). */
char *stmt_dup(struct stmt *s, int col);
/* The current UTC time as the stores keep it (2026-01-31T12:00:00Z). */
const char *store_now(struct store *st);

static inline void bind_text(struct stmt *s, const char *name, const char *v)
{
	s->st->be->bind_text(s, name, v);
}

static inline void bind_int(struct stmt *s, const char *name, long long v)
{
	s->st->be->bind_int(s, name, v);
}

static inline int stmt_step(struct stmt *s)
{
	return s->st->be->step(s);
}

static inline void stmt_reset(struct stmt *s)
{
	s->st->be->reset(s);
}

static inline const char *col_text(struct stmt *s, int col)
{
	return s->st->be->column(s, col);
}

static inline long long col_int(struct stmt *s, int col)
{
	return s->st->be->column_int(s, col);
}

static inline long long stmt_changes(struct stmt *s)
{
	return s->st->be->changes(s);
}

#endif
