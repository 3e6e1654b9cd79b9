/* The PostgreSQL backend: the cluster-wide database (CLUSTER.md). libpq is
 * loaded with dlopen on first use, so a standalone node never maps it. The
 * modules' named parameters ($name) become PostgreSQL's $1..$N once, when a
 * statement is prepared; values travel as text with their type (text or
 * int8) so that "$unit IS NULL" has a type on both engines. */
#include <dlfcn.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_int.h"

#define MAX_PARAMS 32
#define TEXTOID 25
#define INT8OID 20

static struct {
	void *handle;
	__typeof__(PQconnectdb) *connectdb;
	__typeof__(PQstatus) *status;
	__typeof__(PQerrorMessage) *error_message;
	__typeof__(PQfinish) *finish;
	__typeof__(PQexec) *exec;
	__typeof__(PQexecParams) *exec_params;
	__typeof__(PQresultStatus) *result_status;
	__typeof__(PQresultErrorField) *error_field;
	__typeof__(PQresultErrorMessage) *result_error;
	__typeof__(PQntuples) *ntuples;
	__typeof__(PQgetvalue) *getvalue;
	__typeof__(PQgetisnull) *getisnull;
	__typeof__(PQcmdTuples) *cmd_tuples;
	__typeof__(PQclear) *clear;
} pq;

static pthread_once_t pq_once = PTHREAD_ONCE_INIT;

static void pq_load(void)
{
	if (!(pq.handle = dlopen(LIBPQ_SONAME, RTLD_NOW | RTLD_LOCAL)))
		return;
	*(void **)&pq.connectdb = dlsym(pq.handle, "PQconnectdb");
	*(void **)&pq.status = dlsym(pq.handle, "PQstatus");
	*(void **)&pq.error_message = dlsym(pq.handle, "PQerrorMessage");
	*(void **)&pq.finish = dlsym(pq.handle, "PQfinish");
	*(void **)&pq.exec = dlsym(pq.handle, "PQexec");
	*(void **)&pq.exec_params = dlsym(pq.handle, "PQexecParams");
	*(void **)&pq.result_status = dlsym(pq.handle, "PQresultStatus");
	*(void **)&pq.error_field = dlsym(pq.handle, "PQresultErrorField");
	*(void **)&pq.result_error = dlsym(pq.handle, "PQresultErrorMessage");
	*(void **)&pq.ntuples = dlsym(pq.handle, "PQntuples");
	*(void **)&pq.getvalue = dlsym(pq.handle, "PQgetvalue");
	*(void **)&pq.getisnull = dlsym(pq.handle, "PQgetisnull");
	*(void **)&pq.cmd_tuples = dlsym(pq.handle, "PQcmdTuples");
	*(void **)&pq.clear = dlsym(pq.handle, "PQclear");
	if (!pq.connectdb || !pq.status || !pq.error_message || !pq.finish || !pq.exec || !pq.exec_params ||
	    !pq.result_status || !pq.error_field || !pq.result_error || !pq.ntuples || !pq.getvalue ||
	    !pq.getisnull || !pq.cmd_tuples || !pq.clear) {
		dlclose(pq.handle);
		pq.handle = NULL;
	}
}

struct pg_stmt {
	struct stmt base;
	char *sql; /* with $1..$N */
	int n;
	char *names[MAX_PARAMS]; /* "$unit", in order of first appearance */
	const char *values[MAX_PARAMS];
	char ints[MAX_PARAMS][24];
	Oid types[MAX_PARAMS];
	PGresult *res;
	int row, nrows;
	long long changes;
};

static const struct backend pg_backend;

/* A cluster store reads from this node's database (a hot standby, or the
 * primary itself on the publisher) and writes to the primary. */
struct pg_conns {
	PGconn *read, *write; /* write == read on the publisher; NULL until the first write */
	char *primary;	      /* libpq conninfo of the primary (multi-host, read-write) */
	bool writing;	      /* inside a transaction on the primary */
	bool locked;	      /* ...holding the writers' lock: a write transaction */
	bool replay_late;     /* the last write had not reached this node in time */
	int replay_wait_ms;
};

static struct pg_conns *conns(struct store *st)
{
	return st->conn;
}

static PGconn *conn_of(struct store *st)
{
	struct pg_conns *c = conns(st);

	return c->writing ? c->write : c->read;
}

/* SQLSTATE classes that mean one thing to an administrator. */
static int class_of(const char *sqlstate)
{
	if (!sqlstate)
		return STORE_E_UNAVAILABLE; /* no result: the connection is gone */
	if (strcmp(sqlstate, "25006") == 0)
		return STORE_E_READONLY;
	if (strncmp(sqlstate, "08", 2) == 0 || strcmp(sqlstate, "57P01") == 0 ||
	    strcmp(sqlstate, "57P03") == 0)
		return STORE_E_UNAVAILABLE;
	if (strncmp(sqlstate, "23", 2) == 0)
		return STORE_E_CONFLICT;
	if (strcmp(sqlstate, "40001") == 0 || strcmp(sqlstate, "40P01") == 0 ||
	    strcmp(sqlstate, "55P03") == 0)
		return STORE_E_BUSY;
	return STORE_E_OTHER;
}

/* Keeps the server's message (first line) and its class for store_fail. */
static void note_error(struct store *st, PGresult *res)
{
	const char *msg = res ? pq.result_error(res) : pq.error_message(conn_of(st));
	size_t len = strcspn(msg, "\n");

	snprintf(st->pg_msg, sizeof(st->pg_msg), "%.*s", (int)len, msg);
	st->errclass = class_of(res ? pq.error_field(res, PG_DIAG_SQLSTATE) : NULL);
}

static int param_index(struct pg_stmt *p, const char *name, size_t len)
{
	for (int i = 0; i < p->n; i++)
		if (strlen(p->names[i]) == len && strncmp(p->names[i], name, len) == 0)
			return i;
	if (p->n == MAX_PARAMS)
		return -1;
	if (!(p->names[p->n] = strndup(name, len)))
		abort();
	return p->n++;
}

static bool name_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (!first && c >= '0' && c <= '9');
}

/* $name -> $N outside quoted strings and identifiers. */
static bool translate(struct pg_stmt *p, const char *sql)
{
	size_t cap = strlen(sql) + 1;
	char *out = malloc(cap + 8 * MAX_PARAMS), quote = 0;
	size_t o = 0;

	if (!out)
		abort();
	for (const char *c = sql; *c;) {
		if (quote) {
			if (*c == quote)
				quote = 0;
			out[o++] = *c++;
		} else if (*c == '\'' || *c == '"') {
			quote = *c;
			out[o++] = *c++;
		} else if (*c == '$' && name_char(c[1], true)) {
			size_t len = 1;
			while (name_char(c[len], false))
				len++;
			int i = param_index(p, c, len);
			if (i < 0) {
				free(out);
				return false;
			}
			o += (size_t)sprintf(out + o, "$%d", i + 1);
			c += len;
		} else {
			out[o++] = *c++;
		}
	}
	out[o] = '\0';
	p->sql = out;
	return true;
}

static void pg_finalize(struct stmt *s)
{
	struct pg_stmt *p = (struct pg_stmt *)s;

	if (!p)
		return;
	if (p->res)
		pq.clear(p->res);
	for (int i = 0; i < p->n; i++)
		free(p->names[i]);
	free(p->sql);
	free(p);
}

static struct stmt *pg_prepare(struct store *st, const char *sql)
{
	struct pg_stmt *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->base.st = st;
	if (!translate(p, sql)) {
		snprintf(st->pg_msg, sizeof(st->pg_msg), "more than %d parameters", MAX_PARAMS);
		pg_finalize(&p->base);
		return NULL;
	}
	for (int i = 0; i < p->n; i++)
		p->types[i] = TEXTOID;
	return &p->base;
}

static void pg_reset(struct stmt *s)
{
	struct pg_stmt *p = (struct pg_stmt *)s;

	if (p->res)
		pq.clear(p->res);
	p->res = NULL;
	p->row = p->nrows = 0;
	for (int i = 0; i < p->n; i++) {
		p->values[i] = NULL;
		p->types[i] = TEXTOID;
	}
}

static int bound_index(struct pg_stmt *p, const char *name)
{
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->names[i], name) == 0)
			return i;
	fprintf(stderr, "ucsh: internal error: no parameter %s in \"%s\"\n", name, p->sql);
	abort();
}

static void pg_bind_text(struct stmt *s, const char *name, const char *v)
{
	struct pg_stmt *p = (struct pg_stmt *)s;
	int i = bound_index(p, name);

	p->values[i] = v;
	p->types[i] = TEXTOID;
}

static void pg_bind_int(struct stmt *s, const char *name, long long v)
{
	struct pg_stmt *p = (struct pg_stmt *)s;
	int i = bound_index(p, name);

	snprintf(p->ints[i], sizeof(p->ints[i]), "%lld", v);
	p->values[i] = p->ints[i];
	p->types[i] = INT8OID;
}

static int pg_step(struct stmt *s)
{
	struct pg_stmt *p = (struct pg_stmt *)s;
	struct store *st = s->st;

	if (!p->res) {
		p->res = pq.exec_params(conn_of(st), p->sql, p->n, p->types, p->values, NULL, NULL, 0);
		ExecStatusType rs = p->res ? pq.result_status(p->res) : PGRES_FATAL_ERROR;
		if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
			note_error(st, p->res);
			return STMT_ERROR;
		}
		p->nrows = pq.ntuples(p->res);
		p->changes = atoll(pq.cmd_tuples(p->res));
		p->row = -1;
	}
	return ++p->row < p->nrows ? STMT_ROW : STMT_DONE;
}

static const char *pg_column(struct stmt *s, int col)
{
	struct pg_stmt *p = (struct pg_stmt *)s;

	if (!p->res || p->row < 0 || p->row >= p->nrows || pq.getisnull(p->res, p->row, col))
		return NULL;
	return pq.getvalue(p->res, p->row, col);
}

static long long pg_column_int(struct stmt *s, int col)
{
	const char *v = pg_column(s, col);

	return v ? strtoll(v, NULL, 10) : 0;
}

static long long pg_changes(struct stmt *s)
{
	return ((struct pg_stmt *)s)->changes;
}

static void pg_fail(struct store *st, const char *what)
{
	snprintf(st->err, sizeof(st->err), "%s: %.200s", what, st->pg_msg);
}

static int pg_exec(struct store *st, const char *sql)
{
	PGresult *res = pq.exec(conn_of(st), sql);
	ExecStatusType rs = res ? pq.result_status(res) : PGRES_FATAL_ERROR;
	int rc = STORE_OK;

	if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK) {
		note_error(st, res);
		snprintf(st->err, sizeof(st->err), "%.250s", st->pg_msg);
		rc = STORE_ERROR;
	}
	if (res)
		pq.clear(res);
	return rc;
}

/* One value of a query without parameters, copied into buf ("" on error). */
static bool query_value(PGconn *conn, const char *sql, char *buf, size_t len)
{
	PGresult *res = pq.exec(conn, sql);
	bool ok = res && pq.result_status(res) == PGRES_TUPLES_OK && pq.ntuples(res) == 1;

	snprintf(buf, len, "%s", ok ? pq.getvalue(res, 0, 0) : "");
	if (res)
		pq.clear(res);
	return ok;
}

/* The first write of a session reaches the primary; a publisher that cannot
 * be reached makes the cluster configuration read-only. */
static int connect_writer(struct store *st)
{
	struct pg_conns *c = conns(st);

	if (c->write && pq.status(c->write) == CONNECTION_OK)
		return STORE_OK;
	if (c->write && c->write != c->read)
		pq.finish(c->write);
	c->write = pq.connectdb(c->primary);
	if (!c->write || pq.status(c->write) != CONNECTION_OK) {
		const char *msg = c->write ? pq.error_message(c->write) : "out of memory";
		snprintf(st->pg_msg, sizeof(st->pg_msg), "the publisher cannot be reached: %.*s",
			 (int)strcspn(msg, "\n"), msg);
		st->errclass = STORE_E_UNAVAILABLE;
		if (c->write)
			pq.finish(c->write);
		c->write = NULL;
		return STORE_ERROR;
	}
	return STORE_OK;
}

/* Writers queue on one transaction-scoped advisory lock: the single-writer
 * discipline SQLite's BEGIN IMMEDIATE gives, so a read-check-write of one
 * command never interleaves with another node's. */
static int pg_begin(struct store *st, bool write)
{
	struct pg_conns *c = conns(st);

	if (write && connect_writer(st) != STORE_OK) {
		pg_fail(st, "begin");
		return STORE_ERROR;
	}
	c->writing = c->locked = write;
	if (pg_exec(st, write ? "BEGIN; SELECT pg_advisory_xact_lock(7563487)" : "BEGIN READ ONLY") !=
	    STORE_OK) {
		PGresult *res = pq.exec(conn_of(st), "ROLLBACK");
		if (res)
			pq.clear(res);
		c->writing = c->locked = false;
		return STORE_ERROR;
	}
	return STORE_OK;
}

static int pg_begin_unqueued(struct store *st)
{
	struct pg_conns *c = conns(st);

	if (connect_writer(st) != STORE_OK) {
		pg_fail(st, "begin");
		return STORE_ERROR;
	}
	c->writing = true;
	c->locked = false;
	if (pg_exec(st, "BEGIN; SET LOCAL lock_timeout = '2s'") != STORE_OK) {
		PGresult *res = pq.exec(conn_of(st), "ROLLBACK");
		if (res)
			pq.clear(res);
		c->writing = false;
		return STORE_ERROR;
	}
	return STORE_OK;
}

/* After a write, until this node's copy has replayed it (bounded): the
 * administrator sees their own change on their node. */
static void wait_for_replay(struct store *st)
{
	struct pg_conns *c = conns(st);
	char lsn[64], sql[200], yes[8];

	c->replay_late = false;
	if (c->write == c->read || !query_value(c->write, "SELECT pg_current_wal_lsn()", lsn, sizeof(lsn)))
		return;
	snprintf(sql, sizeof(sql),
		 "SELECT NOT pg_is_in_recovery() OR coalesce(pg_last_wal_replay_lsn() >= '%s'::pg_lsn, true)",
		 lsn);
	for (int waited = 0; waited <= c->replay_wait_ms; waited += 10) {
		if (query_value(c->read, sql, yes, sizeof(yes)) && strcmp(yes, "t") == 0)
			return;
		usleep(10000);
	}
	c->replay_late = true;
}

int store_begin_primary(struct store *st)
{
	struct pg_conns *c = conns(st);

	if (st->be != &pg_backend || st->in_tx)
		return st->in_tx ? STORE_OK : store_begin(st, false);
	if (connect_writer(st) != STORE_OK) {
		pg_fail(st, "begin");
		return STORE_ERROR;
	}
	c->writing = true;
	if (pg_exec(st, "BEGIN READ ONLY") != STORE_OK) {
		c->writing = false;
		return STORE_ERROR;
	}
	st->in_tx = true;
	return STORE_OK;
}

static int pg_commit(struct store *st)
{
	struct pg_conns *c = conns(st);
	int rc = pg_exec(st, "COMMIT");
	bool wrote = c->writing && c->locked;

	c->writing = c->locked = false;
	if (rc == STORE_OK && wrote)
		wait_for_replay(st);
	return rc;
}

static void pg_rollback(struct store *st)
{
	PGresult *res = pq.exec(conn_of(st), "ROLLBACK");

	if (res)
		pq.clear(res);
	conns(st)->writing = conns(st)->locked = false;
}

static void pg_close(struct store *st)
{
	struct pg_conns *c = conns(st);

	if (!c)
		return;
	if (c->write && c->write != c->read)
		pq.finish(c->write);
	if (c->read)
		pq.finish(c->read);
	free(c->primary);
	free(c);
	st->conn = NULL;
}

static const struct backend pg_backend = {
    .name = "PostgreSQL",
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .step = pg_step,
    .column = pg_column,
    .column_int = pg_column_int,
    .changes = pg_changes,
    .exec = pg_exec,
    .begin = pg_begin,
    .begin_unqueued = pg_begin_unqueued,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .close = pg_close,
    .fail = pg_fail,
};

static PGconn *connect_to(const char *conninfo, char *err, size_t errlen)
{
	PGconn *conn = pq.connectdb(conninfo);

	if (!conn || pq.status(conn) != CONNECTION_OK) {
		const char *msg = conn ? pq.error_message(conn) : "out of memory";
		snprintf(err, errlen, "cannot reach the cluster database: %.*s", (int)strcspn(msg, "\n"),
			 msg);
		if (conn)
			pq.finish(conn);
		return NULL;
	}
	return conn;
}

int store_open_cluster(const char *primary, const char *local, struct store **out, char *err, size_t errlen)
{
	struct store *st;
	struct pg_conns *c;
	char recovery[8];

	*out = NULL;
	pthread_once(&pq_once, pq_load);
	if (!pq.handle) {
		snprintf(err, errlen, "cannot load %s: install the Debian package libpq5", LIBPQ_SONAME);
		return STORE_ERROR;
	}
	if (!(st = calloc(1, sizeof(*st))) || !(c = calloc(1, sizeof(*c))) || !(c->primary = strdup(primary)))
		abort();
	st->be = &pg_backend;
	st->conn = c;
	c->replay_wait_ms = 5000;
	if (!(c->read = connect_to(local, err, errlen))) {
		store_close(st);
		return STORE_ERROR;
	}
	/* On the publisher this node's database is the primary: one connection. */
	if (query_value(c->read, "SELECT pg_is_in_recovery()", recovery, sizeof(recovery)) &&
	    strcmp(recovery, "f") == 0)
		c->write = c->read;
	/* Quiet notices and one time zone: times are epoch seconds or UTC text. */
	if (pg_exec(st, "SET client_min_messages = warning; SET TIME ZONE 'UTC'") != STORE_OK) {
		snprintf(err, errlen, "cannot set up the cluster database session: %s", st->err);
		store_close(st);
		return STORE_ERROR;
	}
	*out = st;
	return STORE_OK;
}

int store_open_pg(const char *conninfo, struct store **out, char *err, size_t errlen)
{
	return store_open_cluster(conninfo, conninfo, out, err, errlen);
}

bool store_replay_late(const struct store *st)
{
	return st->be == &pg_backend && ((struct pg_conns *)st->conn)->replay_late;
}
