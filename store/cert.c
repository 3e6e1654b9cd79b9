#include <stdlib.h>
#include <string.h>

#include "store/cert.h"
#include "store/store_int.h"

const char store_cert_ddl[] = "CREATE TABLE cert ("
			      "  id INTEGER PRIMARY KEY,"
			      "  kind TEXT NOT NULL CHECK (kind IN ('own', 'trust')),"
			      "  unit TEXT NOT NULL," /* tomcat, or tomcat-trust */
			      "  name TEXT NOT NULL," /* own: the unit; trust: from the CN (DESIGN 7) */
			      "  pem TEXT NOT NULL,"
			      "  chain TEXT," /* own, CA-signed: the issuing chain as PEM */
			      "  subject TEXT NOT NULL,"
			      "  subject_cn TEXT NOT NULL,"
			      "  issuer TEXT NOT NULL,"
			      "  issuer_cn TEXT NOT NULL,"
			      "  serial TEXT NOT NULL,"
			      "  not_before INTEGER NOT NULL,"
			      "  not_after INTEGER NOT NULL,"
			      "  key_desc TEXT NOT NULL,"
			      "  self_signed INTEGER NOT NULL,"
			      "  sha256 TEXT NOT NULL,"
			      "  added TEXT NOT NULL,"
			      "  UNIQUE (kind, unit, name));"
			      "CREATE INDEX cert_by_expiry ON cert (kind, not_after);"
			      "CREATE INDEX cert_by_subject ON cert (unit, subject);"
			      "CREATE INDEX cert_by_serial ON cert (unit, serial);"
			      "CREATE TABLE own_key ("
			      "  unit TEXT PRIMARY KEY,"
			      "  key_pem TEXT NOT NULL) WITHOUT ROWID;" /* PKCS#8; never printed */
			      "CREATE TABLE csr ("
			      "  unit TEXT PRIMARY KEY,"
			      "  pem TEXT NOT NULL,"
			      "  key_pem TEXT NOT NULL,"
			      "  created TEXT NOT NULL) WITHOUT ROWID;";

#define COLS                                                                                                 \
	"id, kind, unit, name, chain, subject, subject_cn, issuer, issuer_cn, serial, not_before, "          \
	"not_after,"                                                                                         \
	" key_desc, self_signed, sha256, added"

static void bind_row(sqlite3_stmt *s, const struct cert_row *c)
{
	sqlite3_bind_text(s, 1, c->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->pem, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->chain, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, c->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, c->subject_cn, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, c->issuer, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, c->issuer_cn, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, c->serial, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 11, c->not_before);
	sqlite3_bind_int64(s, 12, c->not_after);
	sqlite3_bind_text(s, 13, c->key_desc, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 14, c->self_signed);
	sqlite3_bind_text(s, 15, c->sha256, -1, SQLITE_STATIC);
}

static const char insert_sql[] =
    "INSERT INTO cert (kind, unit, name, pem, chain, subject, subject_cn, issuer, issuer_cn, serial,"
    " not_before, not_after, key_desc, self_signed, sha256, added)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";

int store_cert_put_own(struct store *st, const struct cert_row *c, const char *key_pem)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM cert WHERE kind = 'own' AND unit = ?");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, c->unit, -1, SQLITE_STATIC);
	if ((rc = store_step_done(st, s, "replace certificate")) != STORE_OK)
		return rc;
	if (!(s = store_stmt(st, insert_sql)))
		return STORE_ERROR;
	bind_row(s, c);
	if ((rc = store_step_done(st, s, "store certificate")) != STORE_OK || !key_pem)
		return rc;
	if (!(s = store_stmt(st, "INSERT OR REPLACE INTO own_key (unit, key_pem) VALUES (?, ?)")))
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, c->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key_pem, -1, SQLITE_STATIC);
	return store_step_done(st, s, "store key");
}

int store_cert_add_trust(struct store *st, const struct cert_row *c)
{
	sqlite3_stmt *s = store_stmt(st, insert_sql);

	if (!s)
		return STORE_ERROR;
	bind_row(s, c);
	return store_step_done(st, s, "store certificate");
}

int store_cert_delete(struct store *st, long long id)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM cert WHERE id = ?");

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return store_step_done(st, s, "delete certificate");
}

static void read_row(sqlite3_stmt *s, struct cert_row *r, int pem_col)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(s, 0);
	r->kind = store_col_dup(s, 1);
	r->unit = store_col_dup(s, 2);
	r->name = store_col_dup(s, 3);
	r->chain = store_col_dup(s, 4);
	r->subject = store_col_dup(s, 5);
	r->subject_cn = store_col_dup(s, 6);
	r->issuer = store_col_dup(s, 7);
	r->issuer_cn = store_col_dup(s, 8);
	r->serial = store_col_dup(s, 9);
	r->not_before = sqlite3_column_int64(s, 10);
	r->not_after = sqlite3_column_int64(s, 11);
	r->key_desc = store_col_dup(s, 12);
	r->self_signed = sqlite3_column_int(s, 13) != 0;
	r->sha256 = store_col_dup(s, 14);
	r->added = store_col_dup(s, 15);
	if (pem_col >= 0)
		r->pem = store_col_dup(s, pem_col);
}

int store_cert_get(struct store *st, const char *kind, const char *unit, const char *name,
		   struct cert_row *out)
{
	sqlite3_stmt *s =
	    store_stmt(st, "SELECT " COLS ", pem FROM cert WHERE kind = ? AND unit = ? AND name = ?");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_row(s, out, 16);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return rc == SQLITE_ROW ? STORE_OK : store_fail(st, "read certificate");
}

int store_own_key(struct store *st, const char *unit, char **key_pem)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT key_pem FROM own_key WHERE unit = ?");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, unit, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*key_pem = store_col_dup(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return rc == SQLITE_ROW ? STORE_OK : store_fail(st, "read key");
}

int store_cert_each(struct store *st, const char *kind, const char *unit, long long before, bool with_pem,
		    int (*fn)(const struct cert_row *row, void *ctx), void *ctx)
{
	sqlite3_stmt *s = with_pem
			      ? store_stmt(st, "SELECT " COLS ", pem FROM cert WHERE kind = ?1"
					       " AND (?2 IS NULL OR unit = ?2) AND (?3 = 0 OR not_after < ?3)"
					       " ORDER BY unit, name")
			      : store_stmt(st, "SELECT " COLS " FROM cert WHERE kind = ?1"
					       " AND (?2 IS NULL OR unit = ?2) AND (?3 = 0 OR not_after < ?3)"
					       " ORDER BY unit, name");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, unit, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, before);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cert_row r;
		int stop;
		read_row(s, &r, with_pem ? 16 : -1);
		stop = fn(&r, ctx);
		cert_row_free(&r);
		if (stop)
			break;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : store_fail(st, "list certificates");
}

int store_cert_related(struct store *st, const char *unit, const char *subject, const char *issuer,
		       const char *serial, int (*fn)(const struct cert_row *row, void *ctx), void *ctx)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " COLS ", pem FROM cert WHERE kind = 'trust' AND unit = ?1"
					 " AND (subject = ?2 OR (serial = ?4 AND issuer = ?3)) ORDER BY id");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, issuer, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, serial, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cert_row r;
		int stop;
		read_row(s, &r, 16);
		stop = fn(&r, ctx);
		cert_row_free(&r);
		if (stop)
			break;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : store_fail(st, "find certificates");
}

int store_cert_count(struct store *st, const char *kind, int *count)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM cert WHERE kind = ?");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : store_fail(st, "count certificates");
}

void cert_row_free(struct cert_row *r)
{
	free(r->kind);
	free(r->unit);
	free(r->name);
	free(r->pem);
	free(r->chain);
	free(r->subject);
	free(r->subject_cn);
	free(r->issuer);
	free(r->issuer_cn);
	free(r->serial);
	free(r->key_desc);
	free(r->sha256);
	free(r->added);
	memset(r, 0, sizeof(*r));
}

int store_csr_put(struct store *st, const char *unit, const char *pem, const char *key_pem)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT OR REPLACE INTO csr (unit, pem, key_pem, created)"
					 " VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, pem, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, key_pem, -1, SQLITE_STATIC);
	return store_step_done(st, s, "store request");
}

int store_csr_get(struct store *st, const char *unit, char **pem, char **key_pem, char **created)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT pem, key_pem, created FROM csr WHERE unit = ?");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, unit, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (pem)
			*pem = store_col_dup(s, 0);
		if (key_pem)
			*key_pem = store_col_dup(s, 1);
		if (created)
			*created = store_col_dup(s, 2);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return rc == SQLITE_ROW ? STORE_OK : store_fail(st, "read request");
}

int store_csr_delete(struct store *st, const char *unit)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM csr WHERE unit = ?");
	int rc;

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, unit, -1, SQLITE_STATIC);
	if ((rc = store_step_done(st, s, "delete request")) != STORE_OK)
		return rc;
	return sqlite3_changes(st->db) ? STORE_OK : STORE_NOTFOUND;
}

int store_csr_each(struct store *st, int (*fn)(const char *unit, const char *created, void *ctx), void *ctx)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT unit, created FROM csr ORDER BY unit");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1), ctx))
			break;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : store_fail(st, "list requests");
}
