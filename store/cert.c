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

static void bind_row(struct store *st, struct stmt *s, const struct cert_row *c)
{
	bind_text(s, "$kind", c->kind);
	bind_text(s, "$unit", c->unit);
	bind_text(s, "$name", c->name);
	bind_text(s, "$pem", c->pem);
	bind_text(s, "$chain", c->chain);
	bind_text(s, "$subject", c->subject);
	bind_text(s, "$subject_cn", c->subject_cn);
	bind_text(s, "$issuer", c->issuer);
	bind_text(s, "$issuer_cn", c->issuer_cn);
	bind_text(s, "$serial", c->serial);
	bind_int(s, "$not_before", c->not_before);
	bind_int(s, "$not_after", c->not_after);
	bind_text(s, "$key_desc", c->key_desc);
	bind_int(s, "$self_signed", c->self_signed);
	bind_text(s, "$sha256", c->sha256);
	bind_text(s, "$added", store_now(st));
}

static const char insert_sql[] =
    "INSERT INTO cert (kind, unit, name, pem, chain, subject, subject_cn, issuer, issuer_cn, serial,"
    " not_before, not_after, key_desc, self_signed, sha256, added)"
    " VALUES ($kind, $unit, $name, $pem, $chain, $subject, $subject_cn, $issuer, $issuer_cn, $serial,"
    " $not_before, $not_after, $key_desc, $self_signed, $sha256, $added)";

int store_cert_put_own(struct store *st, const struct cert_row *c, const char *key_pem)
{
	struct stmt *s = store_stmt(st, "DELETE FROM cert WHERE kind = 'own' AND unit = $unit");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$unit", c->unit);
	if ((rc = store_step_done(st, s, "replace certificate")) != STORE_OK)
		return rc;
	if (!(s = store_stmt(st, insert_sql)))
		return STORE_ERROR;
	bind_row(st, s, c);
	if ((rc = store_step_done(st, s, "store certificate")) != STORE_OK || !key_pem)
		return rc;
	if (!(s = store_stmt(st, "INSERT INTO own_key (unit, key_pem) VALUES ($unit, $key_pem)"
				 " ON CONFLICT (unit) DO UPDATE SET key_pem = excluded.key_pem")))
		return STORE_ERROR;
	bind_text(s, "$unit", c->unit);
	bind_text(s, "$key_pem", key_pem);
	return store_step_done(st, s, "store key");
}

int store_cert_add_trust(struct store *st, const struct cert_row *c)
{
	struct stmt *s = store_stmt(st, insert_sql);

	if (!s)
		return STORE_ERROR;
	bind_row(st, s, c);
	return store_step_done(st, s, "store certificate");
}

int store_cert_delete(struct store *st, long long id)
{
	struct stmt *s = store_stmt(st, "DELETE FROM cert WHERE id = $id");

	if (!s)
		return STORE_ERROR;
	bind_int(s, "$id", id);
	return store_step_done(st, s, "delete certificate");
}

static void read_row(struct stmt *s, struct cert_row *r, int pem_col)
{
	memset(r, 0, sizeof(*r));
	r->id = col_int(s, 0);
	r->kind = stmt_dup(s, 1);
	r->unit = stmt_dup(s, 2);
	r->name = stmt_dup(s, 3);
	r->chain = stmt_dup(s, 4);
	r->subject = stmt_dup(s, 5);
	r->subject_cn = stmt_dup(s, 6);
	r->issuer = stmt_dup(s, 7);
	r->issuer_cn = stmt_dup(s, 8);
	r->serial = stmt_dup(s, 9);
	r->not_before = col_int(s, 10);
	r->not_after = col_int(s, 11);
	r->key_desc = stmt_dup(s, 12);
	r->self_signed = col_int(s, 13) != 0;
	r->sha256 = stmt_dup(s, 14);
	r->added = stmt_dup(s, 15);
	if (pem_col >= 0)
		r->pem = stmt_dup(s, pem_col);
}

int store_cert_get(struct store *st, const char *kind, const char *unit, const char *name,
		   struct cert_row *out)
{
	struct stmt *s = store_stmt(
	    st, "SELECT " COLS ", pem FROM cert WHERE kind = $kind AND unit = $unit AND name = $name");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$kind", kind);
	bind_text(s, "$unit", unit);
	bind_text(s, "$name", name);
	if ((rc = store_step_one(st, s, "read certificate")) == STORE_OK) {
		read_row(s, out, 16);
		stmt_reset(s);
	}
	return rc;
}

int store_own_key_delete(struct store *st, const char *unit)
{
	struct stmt *s = store_stmt(st, "DELETE FROM own_key WHERE unit = $unit");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$unit", unit);
	return store_step_done(st, s, "delete a key");
}

int store_own_key(struct store *st, const char *unit, char **key_pem)
{
	struct stmt *s = store_stmt(st, "SELECT key_pem FROM own_key WHERE unit = $unit");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$unit", unit);
	if ((rc = store_step_one(st, s, "read key")) == STORE_OK) {
		*key_pem = stmt_dup(s, 0);
		stmt_reset(s);
	}
	return rc;
}

/* Calls fn for every row s yields until it returns non-zero. */
static int each_row(struct store *st, struct stmt *s, int pem_col,
		    int (*fn)(const struct cert_row *row, void *ctx), void *ctx, const char *what)
{
	int rc;

	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct cert_row r;
		int stop;
		read_row(s, &r, pem_col);
		stop = fn(&r, ctx);
		cert_row_free(&r);
		if (stop)
			break;
	}
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, what) : STORE_OK;
}

int store_cert_each(struct store *st, const char *kind, const char *unit, long long before, bool with_pem,
		    int (*fn)(const struct cert_row *row, void *ctx), void *ctx)
{
	struct stmt *s =
	    with_pem
		? store_stmt(st,
			     "SELECT " COLS ", pem FROM cert WHERE kind = $kind"
			     " AND ($unit IS NULL OR unit = $unit) AND ($before = 0 OR not_after < $before)"
			     " ORDER BY unit, name")
		: store_stmt(st,
			     "SELECT " COLS " FROM cert WHERE kind = $kind"
			     " AND ($unit IS NULL OR unit = $unit) AND ($before = 0 OR not_after < $before)"
			     " ORDER BY unit, name");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$kind", kind);
	bind_text(s, "$unit", unit);
	bind_int(s, "$before", before);
	return each_row(st, s, with_pem ? 16 : -1, fn, ctx, "list certificates");
}

int store_cert_related(struct store *st, const char *unit, const char *subject, const char *issuer,
		       const char *serial, int (*fn)(const struct cert_row *row, void *ctx), void *ctx)
{
	struct stmt *s = store_stmt(
	    st, "SELECT " COLS ", pem FROM cert WHERE kind = 'trust' AND unit = $unit"
		" AND (subject = $subject OR (serial = $serial AND issuer = $issuer)) ORDER BY id");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$unit", unit);
	bind_text(s, "$subject", subject);
	bind_text(s, "$issuer", issuer);
	bind_text(s, "$serial", serial);
	return each_row(st, s, 16, fn, ctx, "find certificates");
}

int store_cert_count(struct store *st, const char *kind, int *count)
{
	struct stmt *s = store_stmt(st, "SELECT count(*) FROM cert WHERE kind = $kind");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$kind", kind);
	if ((rc = store_step_one(st, s, "count certificates")) == STORE_OK) {
		*count = (int)col_int(s, 0);
		stmt_reset(s);
	}
	return rc;
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
	struct stmt *s = store_stmt(
	    st, "INSERT INTO csr (unit, pem, key_pem, created) VALUES ($unit, $pem, $key_pem, $now)"
		" ON CONFLICT (unit) DO UPDATE SET pem = excluded.pem, key_pem = excluded.key_pem,"
		" created = excluded.created");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$unit", unit);
	bind_text(s, "$pem", pem);
	bind_text(s, "$key_pem", key_pem);
	bind_text(s, "$now", store_now(st));
	return store_step_done(st, s, "store request");
}

int store_csr_get(struct store *st, const char *unit, char **pem, char **key_pem, char **created)
{
	struct stmt *s = store_stmt(st, "SELECT pem, key_pem, created FROM csr WHERE unit = $unit");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$unit", unit);
	if ((rc = store_step_one(st, s, "read request")) == STORE_OK) {
		if (pem)
			*pem = stmt_dup(s, 0);
		if (key_pem)
			*key_pem = stmt_dup(s, 1);
		if (created)
			*created = stmt_dup(s, 2);
		stmt_reset(s);
	}
	return rc;
}

int store_csr_delete(struct store *st, const char *unit)
{
	struct stmt *s = store_stmt(st, "DELETE FROM csr WHERE unit = $unit");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$unit", unit);
	if ((rc = store_step_done(st, s, "delete request")) != STORE_OK)
		return rc;
	return stmt_changes(s) ? STORE_OK : STORE_NOTFOUND;
}

int store_csr_each(struct store *st, int (*fn)(const char *unit, const char *created, void *ctx), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT unit, created FROM csr ORDER BY unit");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(col_text(s, 0), col_text(s, 1), ctx))
			break;
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list requests") : STORE_OK;
}
