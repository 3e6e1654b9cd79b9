/* What every backend shares: the statement cache, transactions, errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/timefmt.h"

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->in_tx)
		store_rollback(st);
	for (int i = 0; i < STORE_STMT_CACHE; i++)
		if (st->cache[i].stmt)
			st->be->finalize(st->cache[i].stmt);
	if (st->conn)
		st->be->close(st);
	free(st);
}

struct stmt *store_stmt(struct store *st, const char *sql)
{
	int i;

	for (i = 0; i < STORE_STMT_CACHE && st->cache[i].sql; i++) {
		if (st->cache[i].sql == sql) {
			st->be->reset(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
	}
	if (i == STORE_STMT_CACHE) {
		/* Full: recycle the last slot rather than grow without bound. */
		i = STORE_STMT_CACHE - 1;
		st->be->finalize(st->cache[i].stmt);
		st->cache[i].sql = NULL;
		st->cache[i].stmt = NULL;
	}
	if (!(st->cache[i].stmt = st->be->prepare(st, sql))) {
		store_fail(st, "prepare");
		return NULL;
	}
	st->cache[i].sql = sql;
	return st->cache[i].stmt;
}

int store_fail(struct store *st, const char *what)
{
	st->be->fail(st, what);
	return STORE_ERROR;
}

int store_step_done(struct store *st, struct stmt *s, const char *what)
{
	int rc = stmt_step(s);

	stmt_reset(s);
	if (rc != STMT_DONE)
		return store_fail(st, what);
	return STORE_OK;
}

int store_step_one(struct store *st, struct stmt *s, const char *what)
{
	int rc = stmt_step(s);

	if (rc == STMT_ROW)
		return STORE_OK;
	stmt_reset(s);
	return rc == STMT_DONE ? STORE_NOTFOUND : store_fail(st, what);
}

int store_step_int(struct store *st, struct stmt *s, const char *what, long long *out)
{
	int rc = store_step_one(st, s, what);

	*out = 0;
	if (rc == STORE_OK) {
		*out = col_int(s, 0);
		stmt_reset(s);
	}
	return rc;
}

char *stmt_dup(struct stmt *s, int col)
{
	const char *t = col_text(s, col);

	return t ? strdup(t) : NULL;
}

const char *store_now(struct store *st)
{
	time_t now = time(NULL);

	/* Formatted once a second: a batch writes thousands of rows. */
	if (now != st->now_second) {
		st->now_second = now;
		time_iso(now, st->now_text, sizeof(st->now_text));
	}
	return st->now_text;
}

int store_begin(struct store *st, bool write)
{
	if (st->in_tx)
		return STORE_OK;
	if (st->be->begin(st, write) != STORE_OK)
		return STORE_ERROR;
	st->in_tx = true;
	return STORE_OK;
}

int store_begin_unqueued(struct store *st)
{
	if (st->in_tx)
		return STORE_OK;
	if ((st->be->begin_unqueued ? st->be->begin_unqueued(st) : st->be->begin(st, true)) != STORE_OK)
		return STORE_ERROR;
	st->in_tx = true;
	return STORE_OK;
}

int store_commit(struct store *st)
{
	if (!st->in_tx)
		return STORE_OK;
	if (st->be->commit(st) != STORE_OK) {
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
	st->be->rollback(st);
	st->in_tx = false;
}

enum store_errclass store_error_class(const struct store *st)
{
	return (enum store_errclass)st->errclass;
}

int store_exec(struct store *st, const char *sql)
{
	return st->be->exec(st, sql);
}

bool store_in_transaction(const struct store *st)
{
	return st->in_tx;
}

const char *store_errmsg(const struct store *st)
{
	return st->err;
}
