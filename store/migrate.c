/* Schema migrations, keyed on PRAGMA user_version. Migration N brings the
 * schema from version N-1 to N; they are applied in order, each in its own
 * transaction, and never edited once released: add a new one instead. */
#include <stdio.h>

#include "store/store_int.h"

static const char *const migrations[] = {
    /* 1: node identity, subject fields, accounts, parameters */
    "CREATE TABLE node ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  hostname TEXT NOT NULL,"
    "  domain TEXT NOT NULL,"
    "  ip TEXT NOT NULL,"
    "  created TEXT NOT NULL);"
    "CREATE TABLE web_security ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  orgunit TEXT NOT NULL,"
    "  orgname TEXT NOT NULL,"
    "  locality TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  country TEXT NOT NULL,"
    "  althost TEXT);"
    "CREATE TABLE account ("
    "  name TEXT PRIMARY KEY,"
    "  level INTEGER NOT NULL CHECK (level IN (0, 1, 4)),"
    "  created TEXT NOT NULL);"
    "CREATE TABLE param ("
    "  scope TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY (scope, name)) WITHOUT ROWID;",
    /* 2: audit trail and service state */
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  time TEXT NOT NULL,"
    "  account TEXT NOT NULL,"
    "  source TEXT NOT NULL," /* interactive, batch */
    "  line TEXT NOT NULL,"   /* secrets masked */
    "  status INTEGER NOT NULL);"
    "CREATE TABLE service ("
    "  id TEXT PRIMARY KEY,"
    "  activated INTEGER NOT NULL,"
    "  restart_pending INTEGER NOT NULL DEFAULT 0,"
    "  pending_reason TEXT) WITHOUT ROWID;",
    /* 3: certificates, own keys, pending requests */
    "CREATE TABLE cert ("
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
    "  created TEXT NOT NULL) WITHOUT ROWID;",
};

#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int store_schema_latest(void)
{
	return N_MIGRATIONS;
}

static int apply_one(struct store *st, int target)
{
	char sql[64];
	char *msg = NULL;
	int rc;

	if (store_begin(st, true) != STORE_OK)
		return STORE_ERROR;
	/* Another session may have migrated while we waited for the lock. */
	if (store_schema_version(st) >= target) {
		store_rollback(st);
		return STORE_OK;
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", target);
	if (sqlite3_exec(st->db, migrations[target - 1], NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(st->err, sizeof(st->err), "migration %d: %s", target, msg ? msg : "failed");
		sqlite3_free(msg);
		store_rollback(st);
		return STORE_ERROR;
	}
	rc = store_commit(st);
	return rc;
}

int store_migrate(struct store *st)
{
	int v = store_schema_version(st);

	if (v < 0)
		return STORE_ERROR;
	for (int target = v + 1; target <= N_MIGRATIONS; target++)
		if (apply_one(st, target) != STORE_OK)
			return STORE_ERROR;
	return STORE_OK;
}
