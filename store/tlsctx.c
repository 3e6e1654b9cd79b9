#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/tlsctx.h"

/* The default context offers what current peers (and Microsoft's Lync and
 * Skype for Business servers) negotiate: ECDHE and RSA key exchange with
 * AES-GCM. */
#define DEFAULT_CIPHERS(now)                                                                                 \
	"INSERT INTO tls_context_cipher (context, cipher, position) VALUES"                                  \
	"  ('" TLS_DEFAULT_CONTEXT "', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 1),"                         \
	"  ('" TLS_DEFAULT_CONTEXT "', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 2),"                         \
	"  ('" TLS_DEFAULT_CONTEXT "', 'TLS_RSA_WITH_AES_256_GCM_SHA384', 3),"                               \
	"  ('" TLS_DEFAULT_CONTEXT "', 'TLS_RSA_WITH_AES_128_GCM_SHA256', 4);"                               \
	"INSERT INTO tls_context (name, empty_fragments, updated) VALUES ('" TLS_DEFAULT_CONTEXT             \
	"', 1, " now ");"

const char store_tlsctx_ddl[] =
    "CREATE TABLE tls_peer_subject ("
    "  cn TEXT PRIMARY KEY,"
    "  description TEXT,"
    "  automatic INTEGER NOT NULL DEFAULT 0,"
    "  created TEXT NOT NULL);"
    "CREATE TABLE tls_context ("
    "  name TEXT PRIMARY KEY,"
    "  empty_fragments INTEGER NOT NULL DEFAULT 1,"
    "  updated TEXT NOT NULL);"
    "CREATE TABLE tls_context_cipher ("
    "  context TEXT NOT NULL,"
    "  cipher TEXT NOT NULL,"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (context, cipher));"
    "CREATE TABLE tls_context_peer ("
    "  context TEXT NOT NULL,"
    "  cn TEXT NOT NULL,"
    "  PRIMARY KEY (context, cn));" DEFAULT_CIPHERS("strftime('%Y-%m-%dT%H:%M:%SZ', 'now')");

const char store_tlsctx_cluster_ddl[] =
    "CREATE TABLE tls_peer_subject ("
    "  cn TEXT COLLATE \"C\" PRIMARY KEY,"
    "  description TEXT,"
    "  automatic BIGINT NOT NULL DEFAULT 0,"
    "  created TEXT NOT NULL);"
    "CREATE TABLE tls_context ("
    "  name TEXT COLLATE \"C\" PRIMARY KEY,"
    "  empty_fragments BIGINT NOT NULL DEFAULT 1,"
    "  updated TEXT NOT NULL);"
    "CREATE TABLE tls_context_cipher ("
    "  context TEXT COLLATE \"C\" NOT NULL,"
    "  cipher TEXT NOT NULL,"
    "  position BIGINT NOT NULL,"
    "  PRIMARY KEY (context, cipher));"
    "CREATE TABLE tls_context_peer ("
    "  context TEXT COLLATE \"C\" NOT NULL,"
    "  cn TEXT COLLATE \"C\" NOT NULL,"
    "  PRIMARY KEY (context, cn));" DEFAULT_CIPHERS(
	"to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");

static int changed_by(struct store *st, struct stmt *s, const char *what, bool *changed)
{
	int rc = store_step_done(st, s, what);

	if (rc == STORE_OK)
		*changed = stmt_changes(s) > 0;
	return rc;
}

int store_tls_subject_add(struct store *st, const char *cn, const char *description, bool automatic,
			  bool *added)
{
	struct stmt *s =
	    store_stmt(st, "INSERT INTO tls_peer_subject (cn, description, automatic, created)"
			   " VALUES ($cn, $description, $automatic, $now) ON CONFLICT (cn) DO NOTHING");

	*added = false;
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$cn", cn);
	bind_text(s, "$description", description);
	bind_int(s, "$automatic", automatic);
	bind_text(s, "$now", store_now(st));
	return changed_by(st, s, "add a TLS peer subject", added);
}

int store_tls_subject_exists(struct store *st, const char *cn)
{
	struct stmt *s = store_stmt(st, "SELECT 1 FROM tls_peer_subject WHERE cn = $cn");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$cn", cn);
	if ((rc = store_step_one(st, s, "read a TLS peer subject")) == STORE_OK)
		stmt_reset(s);
	return rc;
}

int store_tls_subject_delete(struct store *st, const char *cn, int *contexts)
{
	struct stmt *s = store_stmt(st, "DELETE FROM tls_context_peer WHERE cn = $cn");
	bool gone = false;
	int rc;

	*contexts = 0;
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$cn", cn);
	if ((rc = store_step_done(st, s, "take a TLS peer subject out of its contexts")) != STORE_OK)
		return rc;
	*contexts = (int)stmt_changes(s);
	if (!(s = store_stmt(st, "DELETE FROM tls_peer_subject WHERE cn = $cn")))
		return STORE_ERROR;
	bind_text(s, "$cn", cn);
	if ((rc = changed_by(st, s, "delete a TLS peer subject", &gone)) != STORE_OK)
		return rc;
	return gone ? STORE_OK : STORE_NOTFOUND;
}

int store_tls_subject_each(struct store *st, int (*fn)(const struct tls_subject_row *r, void *ctx), void *ctx)
{
	struct stmt *s =
	    store_stmt(st, "SELECT cn, description, automatic, created FROM tls_peer_subject ORDER BY cn");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct tls_subject_row r = {stmt_dup(s, 0), stmt_dup(s, 1), col_int(s, 2) != 0,
					    stmt_dup(s, 3)};
		int stop = fn(&r, ctx);
		tls_subject_row_free(&r);
		if (stop)
			break;
	}
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list TLS peer subjects") : STORE_OK;
}

void tls_subject_row_free(struct tls_subject_row *r)
{
	free(r->cn);
	free(r->description);
	free(r->created);
}

#define CONTEXT_COLUMNS                                                                                      \
	"name, empty_fragments, updated,"                                                                    \
	" (SELECT count(*) FROM tls_context_cipher c WHERE c.context = tls_context.name),"                   \
	" (SELECT count(*) FROM tls_context_peer p WHERE p.context = tls_context.name)"

static void read_context(struct stmt *s, struct tls_context_row *r)
{
	r->name = stmt_dup(s, 0);
	r->empty_fragments = col_int(s, 1) != 0;
	r->updated = stmt_dup(s, 2);
	r->nciphers = (int)col_int(s, 3);
	r->npeers = (int)col_int(s, 4);
}

int store_tls_context_get(struct store *st, const char *name, struct tls_context_row *out)
{
	struct stmt *s = store_stmt(st, "SELECT " CONTEXT_COLUMNS " FROM tls_context WHERE name = $name");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$name", name);
	if ((rc = store_step_one(st, s, "read a TLS context")) == STORE_OK) {
		read_context(s, out);
		stmt_reset(s);
	}
	return rc;
}

int store_tls_context_each(struct store *st, int (*fn)(const struct tls_context_row *r, void *ctx), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT " CONTEXT_COLUMNS " FROM tls_context ORDER BY name");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct tls_context_row r;
		read_context(s, &r);
		int stop = fn(&r, ctx);
		tls_context_row_free(&r);
		if (stop)
			break;
	}
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list TLS contexts") : STORE_OK;
}

void tls_context_row_free(struct tls_context_row *r)
{
	free(r->name);
	free(r->updated);
}

static int touch(struct store *st, const char *context)
{
	struct stmt *s = store_stmt(st, "UPDATE tls_context SET updated = $now WHERE name = $name");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$now", store_now(st));
	bind_text(s, "$name", context);
	return store_step_done(st, s, "update a TLS context");
}

int store_tls_context_set_empty_fragments(struct store *st, const char *name, bool on)
{
	struct stmt *s = store_stmt(st, "UPDATE tls_context SET empty_fragments = $on, updated = $now"
					" WHERE name = $name");
	bool hit = false;
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_int(s, "$on", on);
	bind_text(s, "$now", store_now(st));
	bind_text(s, "$name", name);
	if ((rc = changed_by(st, s, "update a TLS context", &hit)) != STORE_OK)
		return rc;
	return hit ? STORE_OK : STORE_NOTFOUND;
}

static int each_text(struct store *st, const char *sql, const char *context, int (*fn)(const char *, void *),
		     void *ctx, const char *what)
{
	struct stmt *s = store_stmt(st, sql);
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$context", context);
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(col_text(s, 0), ctx))
			break;
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, what) : STORE_OK;
}

int store_tls_ciphers(struct store *st, const char *context, int (*fn)(const char *cipher, void *ctx),
		      void *ctx)
{
	return each_text(st,
			 "SELECT cipher FROM tls_context_cipher WHERE context = $context ORDER BY position",
			 context, fn, ctx, "list a TLS context's ciphers");
}

int store_tls_peers(struct store *st, const char *context, int (*fn)(const char *cn, void *ctx), void *ctx)
{
	return each_text(st, "SELECT cn FROM tls_context_peer WHERE context = $context ORDER BY cn", context,
			 fn, ctx, "list a TLS context's peers");
}

/* One row of a context's list added or removed; the context's updated
 * time follows when it changed. */
static int list_change(struct store *st, const char *sql, const char *context, const char *key,
		       const char *value, const char *what, bool *changed)
{
	struct stmt *s = store_stmt(st, sql);
	int rc;

	*changed = false;
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$context", context);
	bind_text(s, key, value);
	if ((rc = changed_by(st, s, what, changed)) != STORE_OK)
		return rc;
	return *changed ? touch(st, context) : STORE_OK;
}

int store_tls_cipher_add(struct store *st, const char *context, const char *cipher, bool *changed)
{
	return list_change(st,
			   "INSERT INTO tls_context_cipher (context, cipher, position)"
			   " SELECT $context, $cipher, coalesce(max(position), 0) + 1 FROM tls_context_cipher"
			   " WHERE context = $context ON CONFLICT (context, cipher) DO NOTHING",
			   context, "$cipher", cipher, "add a cipher to a TLS context", changed);
}

int store_tls_cipher_remove(struct store *st, const char *context, const char *cipher, bool *changed)
{
	return list_change(st, "DELETE FROM tls_context_cipher WHERE context = $context AND cipher = $cipher",
			   context, "$cipher", cipher, "remove a cipher from a TLS context", changed);
}

int store_tls_peer_add(struct store *st, const char *context, const char *cn, bool *changed)
{
	return list_change(st,
			   "INSERT INTO tls_context_peer (context, cn) VALUES ($context, $cn)"
			   " ON CONFLICT (context, cn) DO NOTHING",
			   context, "$cn", cn, "add a peer to a TLS context", changed);
}

int store_tls_peer_remove(struct store *st, const char *context, const char *cn, bool *changed)
{
	return list_change(st, "DELETE FROM tls_context_peer WHERE context = $context AND cn = $cn", context,
			   "$cn", cn, "remove a peer from a TLS context", changed);
}
