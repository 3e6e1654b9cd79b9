/* Shared by the store/ modules only. */
#ifndef UCSH_STORE_INT_H
#define UCSH_STORE_INT_H

#include <sqlite3.h>
#include <time.h>

#include "store/store.h"

#define STORE_STMT_CACHE 32

struct store {
	sqlite3 *db;
	bool in_tx;
	/* Prepared statements keyed by the address of their static SQL text:
	 * a 10,000-line batch prepares each statement once. */
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[STORE_STMT_CACHE];
	char err[256];
	int errcode; /* SQLite's primary result code of the last failure */
	/* The audit rows' time, formatted once a second. */
	time_t audit_second;
	char audit_time[32];
};

/* Returns a reset statement for sql (a string literal), or NULL with err set. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);
/* Records SQLite's current error in st->err and returns STORE_ERROR. */
int store_fail(struct store *st, const char *what);
/* Steps a statement expected to finish (no rows); STORE_OK or STORE_ERROR. */
int store_step_done(struct store *st, sqlite3_stmt *s, const char *what);
int store_migrate(struct store *st);
/* Text column as a malloc'd copy (NULL stays NULL). */
char *store_col_dup(sqlite3_stmt *s, int col);

#endif
