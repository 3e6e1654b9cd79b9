/* The store's entity functions on the PostgreSQL backend, against real
 * servers started by tests/cluster.bats (the same functions on SQLite are
 * tested by test_store). The last line is "N passed, N failed".
 *   pg_backend PRIMARY [STANDBY]  entity functions; a standby is read-only
 *   pg_backend cluster PRIMARY STANDBY  writes go to the primary, reads to
 *                                 the standby, which has them on return
 *   pg_backend down PRIMARY STANDBY  the primary is stopped: reads work,
 *                                 writes fail as unavailable */
#include <stdlib.h>
#include <unistd.h>

#include "store/account.h"
#include "store/capf.h"
#include "store/cert.h"
#include "store/cluster.h"
#include "store/domain.h"
#include "store/effect.h"
#include "store/param.h"
#include "store/secretfile.h"
#include "store/service.h"
#include "store/store.h"
#include "store/tlsctx.h"
#include "store/user.h"
#include "unit.h"

/* The tables these checks use, in PostgreSQL's words (the cluster schema
 * proper comes with the cluster commands). */
static const char schema[] =
    "DROP TABLE IF EXISTS param, account, effect, secret_file, service, cert;"
    "CREATE TABLE param (scope TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,"
    "  PRIMARY KEY (scope, name));"
    "CREATE TABLE account (name TEXT PRIMARY KEY, level INTEGER NOT NULL CHECK (level IN (0, 1, 4)),"
    "  created TEXT NOT NULL);"
    "CREATE TABLE effect (target TEXT PRIMARY KEY, want BIGINT NOT NULL, done BIGINT NOT NULL);"
    "CREATE TABLE secret_file (name TEXT PRIMARY KEY);"
    "CREATE TABLE service (id TEXT PRIMARY KEY, activated INTEGER NOT NULL,"
    "  restart_pending INTEGER NOT NULL DEFAULT 0, pending_reason TEXT);"
    "CREATE TABLE cert (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('own', 'trust')), unit TEXT NOT NULL, name TEXT NOT NULL,"
    "  pem TEXT NOT NULL, chain TEXT, subject TEXT NOT NULL, subject_cn TEXT NOT NULL,"
    "  issuer TEXT NOT NULL, issuer_cn TEXT NOT NULL, serial TEXT NOT NULL, not_before BIGINT NOT NULL,"
    "  not_after BIGINT NOT NULL, key_desc TEXT NOT NULL, self_signed INTEGER NOT NULL,"
    "  sha256 TEXT NOT NULL, added TEXT NOT NULL, UNIQUE (kind, unit, name));";

static int count_behind(const char *target, void *ctx)
{
	++*(int *)ctx;
	return 0;
}

static int count_cert(const struct cert_row *r, void *ctx)
{
	++*(int *)ctx;
	return 0;
}

static void params_accounts(struct store *st)
{
	char *v = NULL;
	int level = -1, n = 0;
	struct account_row *rows;

	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_param_set(st, "enterprise", "cluster-id", "Lab") == STORE_OK);
	CHECK(store_param_set(st, "enterprise", "cluster-id", "Lab-2") == STORE_OK); /* upsert */
	CHECK(store_account_add(st, "alice", 4) == STORE_OK);
	CHECK(store_account_set_level(st, "alice", 1) == STORE_OK);
	CHECK(store_account_set_level(st, "nobody", 1) == STORE_NOTFOUND); /* changes() */
	CHECK(store_commit(st) == STORE_OK);
	CHECK(store_param_get(st, "enterprise", "cluster-id", &v) == STORE_OK);
	CHECK_STR(v, "Lab-2");
	free(v);
	CHECK(store_param_get(st, "enterprise", "missing", &v) == STORE_NOTFOUND);
	CHECK(store_account_level(st, "alice", &level) == STORE_OK && level == 1);
	CHECK(store_account_list(st, &rows, &n) == STORE_OK && n == 1);
	CHECK(n == 1 && rows[0].created && strlen(rows[0].created) == 20);
	account_rows_free(rows, n);
	/* A rolled-back transaction leaves nothing behind. */
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_param_clear(st, "enterprise", "cluster-id") == STORE_OK);
	store_rollback(st);
	CHECK(store_param_get(st, "enterprise", "cluster-id", &v) == STORE_OK);
	free(v);
	/* Errors are classified alike on both backends. */
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_account_add(st, "alice", 4) == STORE_ERROR);
	CHECK(store_error_class(st) == STORE_E_CONFLICT);
	store_rollback(st);
	CHECK(store_begin(st, false) == STORE_OK);
	CHECK(store_param_set(st, "enterprise", "x", "y") == STORE_ERROR);
	CHECK(store_error_class(st) == STORE_E_READONLY);
	store_rollback(st);
}

static void effects_services_secrets(struct store *st)
{
	long long gen = -1;
	int behind = 0;
	bool yes = true;
	struct service_state sv = {0};

	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_effect_want(st, "trust:tomcat-trust") == STORE_OK);
	CHECK(store_effect_want(st, "trust:tomcat-trust") == STORE_OK);
	CHECK(store_effect_wanted(st, "trust:tomcat-trust", &gen) == STORE_OK && gen == 2);
	CHECK(store_effect_done(st, "trust:tomcat-trust", 1) == STORE_OK);
	CHECK(store_effect_behind(st, count_behind, &behind) == STORE_OK && behind == 1);
	CHECK(store_effect_done(st, "trust:tomcat-trust", 2) == STORE_OK);
	CHECK(store_effect_done(st, "trust:tomcat-trust", 1) == STORE_OK); /* never goes back */
	behind = 0;
	CHECK(store_effect_behind(st, count_behind, &behind) == STORE_OK && behind == 0);
	CHECK(store_secret_file_add(st, "pw.txt") == STORE_OK);
	CHECK(store_secret_file_add(st, "pw.txt") == STORE_OK); /* DO NOTHING */
	CHECK(store_service_set_pending(st, "tomcat", true, true, "first") == STORE_OK);
	CHECK(store_service_set_pending(st, "tomcat", true, true, "second") == STORE_OK);
	CHECK(store_commit(st) == STORE_OK);
	CHECK(store_secret_file_is(st, "pw.txt", &yes) == STORE_OK && yes);
	CHECK(store_secret_file_is(st, "other", &yes) == STORE_OK && !yes);
	CHECK(store_service_get(st, "tomcat", &sv) == STORE_OK && sv.activated && sv.restart_pending);
	CHECK_STR(sv.pending_reason, "first");
	free(sv.pending_reason);
}

static void certificates(struct store *st)
{
	struct cert_row r = {.kind = "trust",
			     .unit = "tomcat-trust",
			     .name = "RootCA",
			     .pem = "-----BEGIN CERTIFICATE-----\n...",
			     .subject = "CN=RootCA",
			     .subject_cn = "RootCA",
			     .issuer = "CN=RootCA",
			     .issuer_cn = "RootCA",
			     .serial = "01",
			     .not_before = 1700000000,
			     .not_after = 1900000000,
			     .key_desc = "RSA-2048",
			     .self_signed = true,
			     .sha256 = "AA"},
			got;
	int n = 0;

	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_cert_add_trust(st, &r) == STORE_OK);
	CHECK(store_commit(st) == STORE_OK);
	CHECK(store_cert_get(st, "trust", "tomcat-trust", "RootCA", &got) == STORE_OK);
	CHECK(got.not_after == 1900000000 && got.self_signed && got.chain == NULL && got.id > 0);
	CHECK_STR(got.pem, r.pem);
	cert_row_free(&got);
	/* "$unit IS NULL": a typed NULL, and an expiry bound as int8. */
	CHECK(store_cert_each(st, "trust", NULL, 0, false, count_cert, &n) == STORE_OK && n == 1);
	n = 0;
	CHECK(store_cert_each(st, "trust", NULL, 1800000000, false, count_cert, &n) == STORE_OK && n == 0);
	CHECK(store_cert_count(st, "trust", &n) == STORE_OK && n == 1);
}

struct node_certs {
	int n;
	char first[64];
};

static int count_node_cert(const struct node_cert *nc, void *ctx)
{
	struct node_certs *k = ctx;
	if (!k->n++)
		snprintf(k->first, sizeof(k->first), "%s:%s", nc->node, nc->pem);
	return 0;
}

/* TLS peer subjects and contexts: the default context comes with the
 * cluster schema; ciphers keep their order. */
static void tls_rows(struct store *st)
{
	struct tls_context_row ctx;
	bool done;
	int contexts;

	CHECK(store_tls_context_get(st, TLS_DEFAULT_CONTEXT, &ctx) == STORE_OK && ctx.nciphers == 4);
	tls_context_row_free(&ctx);
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_tls_subject_add(st, "peer.example.com", NULL, true, &done) == STORE_OK && done);
	CHECK(store_tls_subject_add(st, "peer.example.com", NULL, true, &done) == STORE_OK && !done);
	CHECK(store_tls_peer_add(st, TLS_DEFAULT_CONTEXT, "peer.example.com", &done) == STORE_OK && done);
	CHECK(store_tls_cipher_add(st, TLS_DEFAULT_CONTEXT, "TLS_RSA_WITH_AES_128_CBC_SHA", &done) ==
		  STORE_OK &&
	      done);
	CHECK(store_tls_context_set_empty_fragments(st, TLS_DEFAULT_CONTEXT, false) == STORE_OK);
	CHECK(store_commit(st) == STORE_OK);
	CHECK(store_tls_context_get(st, TLS_DEFAULT_CONTEXT, &ctx) == STORE_OK && ctx.nciphers == 5 &&
	      ctx.npeers == 1 && !ctx.empty_fragments);
	tls_context_row_free(&ctx);
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_tls_subject_delete(st, "peer.example.com", &contexts) == STORE_OK && contexts == 1);
	/* Edge domains are the cluster's too. */
	CHECK(store_domain_add(st, "customer1.com", &done) == STORE_OK && done);
	CHECK(store_domain_add(st, "customer1.com", &done) == STORE_OK && !done);
	CHECK(store_commit(st) == STORE_OK);
	CHECK(store_domain_exists(st, "customer1.com") == STORE_OK);
}

/* Users, groups, CAPF profiles and LSCs: cluster-wide entities on the
 * cluster schema (the standard users come with it). */
static void cluster_entities(struct store *st)
{
	struct user_row u;
	struct capf_profile p = {.instance = "App1P1",
				 .kind = "appuser",
				 .user = "App1",
				 .operation = "install",
				 .auth_mode = "auth-string",
				 .auth_string = "1234",
				 .key_type = "ec",
				 .curve = "P-256",
				 .completes_by = 1900000000,
				 .status = "pending"},
			    got;
	struct lsc_row l = {"App1P1", "App1", "0A", 1700000000, 1900000000, "PEM", NULL, "EC-P256"}, lgot;
	bool yes = false;

	CHECK(store_user_get(st, "WDSecureSysUser", &u) == STORE_OK && u.standard);
	user_row_free(&u);
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_user_add(st, "App1", "application") == STORE_OK);
	CHECK(store_group_add(st, "Standard CTI Enabled", "App1") == STORE_OK);
	CHECK(store_group_add(st, "Standard CTI Enabled", "App1") == STORE_OK); /* nothing twice */
	CHECK(store_capf_put(st, &p) == STORE_OK);
	CHECK(store_capf_string_burn(st, "App1P1", "d1") == STORE_OK);
	CHECK(store_lsc_put(st, &l) == STORE_OK);
	CHECK(store_commit(st) == STORE_OK);
	CHECK(store_group_has(st, "Standard CTI Enabled", "App1", &yes) == STORE_OK && yes);
	CHECK(store_capf_get(st, "App1P1", &got) == STORE_OK && got.completes_by == 1900000000 &&
	      got.key_size == 0);
	CHECK_STR(got.curve, "P-256");
	capf_profile_free(&got);
	CHECK(store_capf_string_used(st, "App1P1", "d1", &yes) == STORE_OK && yes);
	CHECK(store_lsc_get(st, "App1P1", &lgot) == STORE_OK && lgot.not_after == 1900000000);
	CHECK_STR(lgot.pem, "PEM");
	CHECK_STR(lgot.key_desc, "EC-P256");
	lsc_row_free(&lgot);
	/* A user with a profile cannot go (the profile refers to it). */
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_user_delete(st, "App1") == STORE_ERROR);
	store_rollback(st);
	tls_rows(st);
}

/* The cluster schema's own rows, in a PostgreSQL schema of their own. */
static void cluster_rows(struct store *st)
{
	struct cluster_node pub = {"pub", "pub.example.com", "192.0.2.1", "publisher", NULL, 0, ""},
			    sub = {"sub", "sub.example.com", "192.0.2.2", "subscriber", NULL, 0, "slot_sub"},
			    got;
	struct node_certs k = {0, ""};
	long long gen = 0, gen2 = 0;
	char *hex = NULL;
	int v = -1;

	CHECK(store_exec(st, "DROP SCHEMA IF EXISTS unit_cluster CASCADE; CREATE SCHEMA unit_cluster;"
			     " SET search_path = unit_cluster") == STORE_OK);
	CHECK(store_cluster_version(st, &v) == STORE_OK && v == 0);
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_cluster_migrate(st) == STORE_OK);
	CHECK(store_cluster_node_put(st, &pub) == STORE_OK && store_cluster_node_put(st, &sub) == STORE_OK);
	CHECK(store_cluster_bump(st, &gen) == STORE_OK && gen == 2);
	CHECK(store_node_cert_put(st, "sub", "TVS", "pem-1") == STORE_OK);
	CHECK(store_node_cert_put(st, "sub", "TVS", "pem-2") == STORE_OK); /* upsert */
	CHECK(store_node_cert_put(st, "pub", "TVS", "pem-p") == STORE_OK);
	CHECK(store_ctl_get(st, &hex) == STORE_NOTFOUND && hex == NULL);
	CHECK(store_ctl_put(st, "00ff", "pub") == STORE_OK);
	CHECK(store_commit(st) == STORE_OK);
	CHECK(store_cluster_version(st, &v) == STORE_OK && v == store_cluster_latest());
	cluster_entities(st);
	CHECK(store_cluster_member(st, "sub", &gen2) == STORE_OK && gen2 == 2);
	CHECK(store_cluster_member(st, "nobody", &gen2) == STORE_NOTFOUND);
	/* Publisher first; a node's certificate replaced, not doubled. */
	CHECK(store_node_cert_each(st, "TVS", count_node_cert, &k) == STORE_OK && k.n == 2);
	CHECK_STR(k.first, "pub:pem-p");
	CHECK(store_ctl_get(st, &hex) == STORE_OK);
	CHECK_STR(hex, "00ff");
	free(hex);
	/* The deployed generation is never lowered. */
	CHECK(store_begin(st, true) == STORE_OK && store_cluster_deployed(st, "sub", 2) == STORE_OK &&
	      store_cluster_deployed(st, "sub", 1) == STORE_OK && store_commit(st) == STORE_OK);
	CHECK(store_cluster_node_get(st, "sub", &got) == STORE_OK && got.deployed == 2);
	CHECK_STR(got.slot, "slot_sub");
	cluster_node_free(&got);
	/* A node that leaves takes its certificates with it. */
	CHECK(store_begin(st, true) == STORE_OK && store_cluster_node_delete(st, "sub") == STORE_OK &&
	      store_commit(st) == STORE_OK);
	k.n = 0;
	CHECK(store_node_cert_each(st, "TVS", count_node_cert, &k) == STORE_OK && k.n == 1);
	CHECK(store_exec(st, "DROP SCHEMA unit_cluster CASCADE; SET search_path = public") == STORE_OK);
}

/* A hot standby serves reads and refuses writes as read-only. */
static void standby(const char *conninfo)
{
	struct store *st;
	char err[512], *v = NULL;

	CHECK(store_open_pg(conninfo, &st, err, sizeof(err)) == STORE_OK);
	if (!st)
		return;
	/* Replication is asynchronous: wait for the primary's rows. */
	for (int i = 0; i < 100 && store_param_get(st, "enterprise", "cluster-id", &v) != STORE_OK; i++)
		usleep(100000);
	CHECK_STR(v, "Lab-2");
	free(v);
	CHECK(store_begin(st, true) == STORE_OK || store_error_class(st) == STORE_E_READONLY);
	CHECK(store_param_set(st, "enterprise", "x", "y") == STORE_ERROR);
	CHECK(store_error_class(st) == STORE_E_READONLY);
	store_rollback(st);
	store_close(st);
}

/* Reads on this node's standby, writes on the primary: a command sees its
 * own write on return, without polling. */
static void cluster(const char *primary, const char *standby)
{
	struct store *st;
	char err[512], *v = NULL, value[32];

	CHECK(store_open_cluster(primary, standby, &st, err, sizeof(err)) == STORE_OK);
	if (!st)
		return;
	for (int i = 0; i < 20; i++) {
		snprintf(value, sizeof(value), "round-%d", i);
		CHECK(store_begin(st, true) == STORE_OK);
		CHECK(store_param_set(st, "enterprise", "cluster-id", value) == STORE_OK);
		CHECK(store_commit(st) == STORE_OK);
		CHECK(!store_replay_late(st));
		CHECK(store_param_get(st, "enterprise", "cluster-id", &v) == STORE_OK);
		CHECK_STR(v, value);
		free(v);
		v = NULL;
	}
	store_close(st);
}

/* The publisher is gone: the standby still answers reads; a write fails as
 * unavailable and changes nothing. */
static void primary_down(const char *primary, const char *standby)
{
	struct store *st;
	char err[512], *v = NULL;

	CHECK(store_open_cluster(primary, standby, &st, err, sizeof(err)) == STORE_OK);
	if (!st)
		return;
	CHECK(store_param_get(st, "enterprise", "cluster-id", &v) == STORE_OK);
	CHECK_STR(v, "round-19");
	free(v);
	CHECK(store_begin(st, true) == STORE_ERROR);
	CHECK(store_error_class(st) == STORE_E_UNAVAILABLE);
	CHECK(strstr(store_errmsg(st), "the publisher cannot be reached") != NULL);
	CHECK(store_param_get(st, "enterprise", "cluster-id", &v) == STORE_OK);
	free(v);
	store_close(st);
}

int main(int argc, char **argv)
{
	struct store *st;
	char err[512];

	if (argc == 4 && strcmp(argv[1], "cluster") == 0) {
		cluster(argv[2], argv[3]);
		return unit_summary("pg backend: cluster reads and writes");
	}
	if (argc == 4 && strcmp(argv[1], "down") == 0) {
		primary_down(argv[2], argv[3]);
		return unit_summary("pg backend: publisher down");
	}
	if (argc < 2) {
		fprintf(stderr, "usage: pg_backend PRIMARY_CONNINFO [STANDBY_CONNINFO]\n");
		return 2;
	}
	CHECK(store_open_pg("host=127.0.0.1 port=1 connect_timeout=2", &st, err, sizeof(err)) == STORE_ERROR);
	CHECK(strstr(err, "cannot reach the cluster database") != NULL);
	CHECK(store_open_pg(argv[1], &st, err, sizeof(err)) == STORE_OK);
	if (!st) {
		printf("not ok - %s\n", err);
		return unit_summary("pg backend");
	}
	CHECK(store_exec(st, schema) == STORE_OK);
	params_accounts(st);
	effects_services_secrets(st);
	certificates(st);
	cluster_rows(st);
	store_close(st);
	if (argc > 2)
		standby(argv[2]);
	return unit_summary("pg backend");
}
