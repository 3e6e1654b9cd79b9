/* The store: opening, migrations, refusing foreign/newer/corrupt files,
 * transactions and the typed modules. */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/account.h"
#include "store/cert.h"
#include "store/domain.h"
#include "store/effect.h"
#include "store/ipsec.h"
#include "store/node.h"
#include "store/param.h"
#include "store/statedir.h"
#include "store/store.h"
#include "store/tlsctx.h"
#include "unit.h"
#include "util/hex.h"
#include "util/strbuf.h"

static char dir[] = "/tmp/ucsh-unit-XXXXXX";
static char path[256];

static void write_file(const char *p, const void *data, size_t n)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd >= 0) {
		if (write(fd, data, n) != (ssize_t)n)
			perror("write");
		close(fd);
	}
}

static void sql(const char *p, const char *stmt)
{
	sqlite3 *db;

	sqlite3_open(p, &db);
	sqlite3_exec(db, stmt, NULL, NULL, NULL);
	sqlite3_close(db);
}

static void fresh_and_reopen(void)
{
	struct store *st;
	char err[512];

	CHECK(store_open(path, &st, err, sizeof(err)) == STORE_OK);
	CHECK(store_schema_version(st) == store_schema_latest());
	CHECK(store_schema_latest() >= 1);
	store_close(st);
	/* A second open migrates nothing and keeps the version. */
	CHECK(store_open(path, &st, err, sizeof(err)) == STORE_OK);
	CHECK(store_schema_version(st) == store_schema_latest());
	store_close(st);
}

static void node_account_param(void)
{
	struct store *st;
	char err[512], *v = NULL;
	struct node_identity id = {"host1", "example.com", "192.0.2.1", NULL}, got = {0};
	struct web_security ws = {"A\\,B,C", "Org", "City", "State", "DE", NULL}, wgot = {0};
	bool init;
	int level;

	CHECK(store_open(path, &st, err, sizeof(err)) == STORE_OK);
	CHECK(store_node_initialised(st, &init) == STORE_OK && !init);
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_node_init(st, &id, &ws, "alice") == STORE_OK);
	CHECK(store_commit(st) == STORE_OK);
	CHECK(store_node_initialised(st, &init) == STORE_OK && init);
	CHECK(store_node_get(st, &got) == STORE_OK);
	CHECK_STR(got.hostname, "host1");
	CHECK(got.created && strlen(got.created) == 20);
	node_identity_free(&got);
	CHECK(store_web_security_get(st, &wgot) == STORE_OK);
	CHECK_STR(wgot.orgunit, "A\\,B,C");
	CHECK(wgot.althost == NULL);
	web_security_free(&wgot);
	CHECK(store_account_level(st, "alice", &level) == STORE_OK && level == 4);
	CHECK(store_account_level(st, "mallory", &level) == STORE_NOTFOUND);

	/* A rolled-back transaction leaves nothing behind. */
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_node_set(st, NODE_HOSTNAME, "changed") == STORE_OK);
	CHECK(store_param_set(st, "enterprise", "x", "1") == STORE_OK);
	store_rollback(st);
	CHECK(store_node_get(st, &got) == STORE_OK);
	CHECK_STR(got.hostname, "host1");
	node_identity_free(&got);
	CHECK(store_param_get(st, "enterprise", "x", &v) == STORE_NOTFOUND);

	CHECK(store_param_set(st, "enterprise", "x", "1") == STORE_OK);
	CHECK(store_param_set(st, "enterprise", "x", "2") == STORE_OK);
	CHECK(store_param_get(st, "enterprise", "x", &v) == STORE_OK);
	CHECK_STR(v, "2");
	free(v);
	CHECK(store_param_clear(st, "enterprise", "x") == STORE_OK);
	CHECK(store_param_get(st, "enterprise", "x", &v) == STORE_NOTFOUND);
	store_close(st);
}

/* Migration 7: the CAPF certificate validity goes from days to whole
 * years, rounded up and kept within 1-20; the default (5) is not stored. */
static void capf_validity_years(void)
{
	static const struct {
		const char *days, *years;
	} cases[] = {{"1825", NULL}, {"1460", "4"}, {"366", "2"}, {"365", "1"}, {"1", "1"}, {"9000", "20"}};
	struct store *st;
	char err[512], stmt[1024], *v;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(stmt, sizeof(stmt),
			 "DELETE FROM param; INSERT INTO param VALUES ('capf', 'certificate-validity', '%s');"
			 "INSERT INTO param VALUES ('capf', 'key-size', '1024');"
			 /* back to a version-6 schema: what migrations 8+ made goes */
			 "DROP TABLE edge_domain; DROP TABLE tls_context_peer; DROP TABLE "
			 "tls_context_cipher; DROP TABLE "
			 "tls_context; DROP TABLE tls_peer_subject; "
			 "DROP TABLE bulk_config; DROP TABLE ipsec_policy; DROP TABLE tvs_query; DROP TABLE "
			 "capf_session; DROP TABLE "
			 "lsc; DROP TABLE "
			 "capf_used_string; DROP TABLE capf_profile;"
			 "DROP TABLE user_group_member; DROP TABLE app_user; PRAGMA user_version = 6",
			 cases[i].days);
		sql(path, stmt);
		CHECK(store_open(path, &st, err, sizeof(err)) == STORE_OK);
		CHECK(store_schema_version(st) == store_schema_latest());
		v = NULL;
		if (cases[i].years) {
			CHECK(store_param_get(st, "capf", "certificate-validity", &v) == STORE_OK);
			CHECK_STR(v, cases[i].years);
		} else {
			CHECK(store_param_get(st, "capf", "certificate-validity", &v) == STORE_NOTFOUND);
		}
		free(v);
		v = NULL;
		CHECK(store_param_get(st, "capf", "key-size", &v) == STORE_OK);
		CHECK_STR(v, "1024");
		free(v);
		store_close(st);
	}
	sql(path, "DELETE FROM param");
}

static void refusals(void)
{
	struct store *st;
	char err[512], p[300];
	struct stat sb;

	/* Written by a newer ucsh: refused, version untouched. */
	sql(path, "PRAGMA user_version = 999");
	CHECK(store_open(path, &st, err, sizeof(err)) == STORE_REFUSED && st == NULL);
	CHECK(strstr(err, "newer ucsh") != NULL);
	sql(path, "PRAGMA user_version = 1");

	/* Not SQLite at all: refused and not overwritten. */
	snprintf(p, sizeof(p), "%s/junk.db", dir);
	write_file(p, "this is not a database, it is a text file of some length\n", 58);
	CHECK(store_open(p, &st, err, sizeof(err)) == STORE_REFUSED);
	CHECK(strstr(err, "not a ucsh database") != NULL);
	CHECK(stat(p, &sb) == 0 && sb.st_size == 58);

	/* An SQLite header over garbage: refused. */
	char bad[4096];
	memset(bad, 0xA5, sizeof(bad));
	memcpy(bad, "SQLite format 3", 16);
	snprintf(p, sizeof(p), "%s/corrupt.db", dir);
	write_file(p, bad, sizeof(bad));
	CHECK(store_open(p, &st, err, sizeof(err)) == STORE_REFUSED);
	CHECK(stat(p, &sb) == 0 && sb.st_size == 4096);

	/* A directory where the file should be. */
	snprintf(p, sizeof(p), "%s/adir.db", dir);
	mkdir(p, 0700);
	CHECK(store_open(p, &st, err, sizeof(err)) == STORE_REFUSED);

	/* An empty file is SQLite's empty database: initialised. */
	snprintf(p, sizeof(p), "%s/empty.db", dir);
	write_file(p, "", 0);
	CHECK(store_open(p, &st, err, sizeof(err)) == STORE_OK);
	store_close(st);
}

static void state_dirs(void)
{
	char p[300], err[512];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/state", dir);
	CHECK(statedir_prepare(p, err, sizeof(err)) == STORE_OK);
	CHECK(stat(p, &sb) == 0 && (sb.st_mode & 07777) == 0700);
	chmod(p, 0755);
	CHECK(statedir_prepare(p, err, sizeof(err)) == STORE_REFUSED && strstr(err, "o-rwx"));
	chmod(p, 02770);
	CHECK(statedir_prepare(p, err, sizeof(err)) == STORE_OK);
	mode_t old = umask(0);
	CHECK(old == 007);
	setenv("UCSH_STATE_DIR", "/env/dir", 1);
	CHECK_STR(statedir_resolve(NULL), "/env/dir");
	CHECK_STR(statedir_resolve("/opt/dir"), "/opt/dir");
	unsetenv("UCSH_STATE_DIR");
}

/* The cluster's generation is an outside counter: raised, never lowered. */
static void effect_want_at(void)
{
	struct store *st;
	char err[256];
	long long gen = -1;

	CHECK(store_open(path, &st, err, sizeof(err)) == STORE_OK);
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_effect_want_at(st, "cluster", 7) == STORE_OK);
	CHECK(store_effect_want_at(st, "cluster", 5) == STORE_OK);
	CHECK(store_commit(st) == STORE_OK);
	CHECK(store_effect_wanted(st, "cluster", &gen) == STORE_OK && gen == 7);
	store_close(st);
}

static int count_row(const struct ipsec_row *r, void *ctx)
{
	(*(int *)ctx)++;
	return 0;
}

static void ipsec_policies(void)
{
	struct store *st;
	struct ipsec_row r = {0}, back;
	char err[256];
	int n = 0, changed = 0, deleted = 0;

	CHECK(store_open(path, &st, err, sizeof(err)) == STORE_OK);
	r = (struct ipsec_row){.grp = "g1",
			       .name = "p1",
			       .auth = "psk",
			       .psk = "abc-123-xyz",
			       .peer_type = "same",
			       .src = "192.0.2.1",
			       .dst = "192.0.2.2",
			       .dst_port = 5060,
			       .remote_port = 500,
			       .protocol = "udp",
			       .encryption = "AES-256-GCM",
			       .hash = "SHA-256",
			       .esp = "3DES",
			       .p1_lifetime = 3600,
			       .p1_dh = 19,
			       .p2_lifetime = 1200,
			       .p2_dh = 14};
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_ipsec_put(st, &r) == STORE_OK);
	r.name = "p2";
	r.enabled = true;
	CHECK(store_ipsec_put(st, &r) == STORE_OK);
	r.grp = "g2";
	CHECK(store_ipsec_put(st, &r) == STORE_OK);
	CHECK(store_commit(st) == STORE_OK);
	CHECK(store_ipsec_get(st, "g1", "p1", &back) == STORE_OK);
	CHECK_STR(back.psk, "abc-123-xyz");
	CHECK(back.dst_port == 5060 && back.src_port == 0 && back.p2_dh == 14 && !back.enabled);
	CHECK_STR(back.esp, "3DES");
	ipsec_row_free(&back);
	CHECK(store_ipsec_get(st, "g1", "nope", &back) == STORE_NOTFOUND);
	/* Enabled only, one group, every group. */
	CHECK(store_ipsec_each(st, NULL, true, count_row, &n) == STORE_OK && n == 2);
	n = 0;
	CHECK(store_ipsec_each(st, "g1", false, count_row, &n) == STORE_OK && n == 2);
	/* A group's flags change together; a second time changes nothing. */
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_ipsec_set_enabled(st, "g1", NULL, true, &changed) == STORE_OK && changed == 1);
	CHECK(store_ipsec_set_enabled(st, "g1", NULL, true, &changed) == STORE_OK && changed == 0);
	CHECK(store_ipsec_set_enabled(st, "g1", "p2", false, &changed) == STORE_OK && changed == 1);
	CHECK(store_ipsec_delete(st, "g1", NULL, &deleted) == STORE_OK && deleted == 2);
	CHECK(store_ipsec_delete(st, "g2", "p2", &deleted) == STORE_OK && deleted == 1);
	CHECK(store_ipsec_delete(st, "g2", "p2", &deleted) == STORE_OK && deleted == 0);
	CHECK(store_commit(st) == STORE_OK);
	n = 0;
	CHECK(store_ipsec_each(st, NULL, false, count_row, &n) == STORE_OK && n == 0);
	store_close(st);
}

static int collect(const char *text, void *ctx)
{
	struct strbuf *b = ctx;

	strbuf_addf(b, "%s%s", b->len ? "," : "", text);
	return 0;
}

/* Peer subjects, the default context from the migration, ciphers in the
 * order added, and a deleted subject leaving its contexts. */
static void tls_contexts(void)
{
	struct store *st;
	struct tls_context_row ctx;
	struct strbuf b = STRBUF_INIT;
	char err[256];
	bool done;
	int contexts;

	CHECK(store_open(path, &st, err, sizeof(err)) == STORE_OK);
	CHECK(store_tls_context_get(st, TLS_DEFAULT_CONTEXT, &ctx) == STORE_OK);
	CHECK(ctx.nciphers == 4 && ctx.npeers == 0 && ctx.empty_fragments);
	tls_context_row_free(&ctx);
	CHECK(store_tls_context_get(st, "nope", &ctx) == STORE_NOTFOUND);
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_tls_subject_add(st, "ocs.example.com", "OCS", false, &done) == STORE_OK && done);
	CHECK(store_tls_subject_add(st, "ocs.example.com", "again", true, &done) == STORE_OK && !done);
	CHECK(store_tls_subject_exists(st, "ocs.example.com") == STORE_OK);
	CHECK(store_tls_subject_exists(st, "other") == STORE_NOTFOUND);
	CHECK(store_tls_peer_add(st, TLS_DEFAULT_CONTEXT, "ocs.example.com", &done) == STORE_OK && done);
	CHECK(store_tls_peer_add(st, TLS_DEFAULT_CONTEXT, "ocs.example.com", &done) == STORE_OK && !done);
	CHECK(store_tls_cipher_add(st, TLS_DEFAULT_CONTEXT, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", &done) ==
		  STORE_OK &&
	      done);
	CHECK(store_tls_cipher_remove(st, TLS_DEFAULT_CONTEXT, "TLS_RSA_WITH_AES_256_GCM_SHA384", &done) ==
		  STORE_OK &&
	      done);
	CHECK(store_tls_cipher_remove(st, TLS_DEFAULT_CONTEXT, "TLS_RSA_WITH_AES_256_GCM_SHA384", &done) ==
		  STORE_OK &&
	      !done);
	CHECK(store_tls_context_set_empty_fragments(st, TLS_DEFAULT_CONTEXT, false) == STORE_OK);
	CHECK(store_commit(st) == STORE_OK);
	CHECK(store_tls_ciphers(st, TLS_DEFAULT_CONTEXT, collect, &b) == STORE_OK);
	CHECK_STR(b.buf, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
			 "TLS_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_3DES_EDE_CBC_SHA");
	strbuf_release(&b);
	CHECK(store_tls_peers(st, TLS_DEFAULT_CONTEXT, collect, &b) == STORE_OK);
	CHECK_STR(b.buf, "ocs.example.com");
	strbuf_release(&b);
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_tls_subject_delete(st, "ocs.example.com", &contexts) == STORE_OK && contexts == 1);
	CHECK(store_tls_subject_delete(st, "ocs.example.com", &contexts) == STORE_NOTFOUND);
	CHECK(store_commit(st) == STORE_OK);
	CHECK(store_tls_context_get(st, TLS_DEFAULT_CONTEXT, &ctx) == STORE_OK);
	CHECK(ctx.nciphers == 4 && ctx.npeers == 0 && !ctx.empty_fragments);
	tls_context_row_free(&ctx);
	store_close(st);
}

static int count_domain(const char *name, const char *created, void *ctx)
{
	(*(int *)ctx)++;
	return 0;
}

static void edge_domains(void)
{
	struct store *st;
	char err[256];
	bool added;
	int n = 0;

	CHECK(store_open(path, &st, err, sizeof(err)) == STORE_OK);
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_domain_add(st, "a.example.com", &added) == STORE_OK && added);
	CHECK(store_domain_add(st, "a.example.com", &added) == STORE_OK && !added);
	CHECK(store_domain_add(st, "b.example.com", &added) == STORE_OK && added);
	CHECK(store_commit(st) == STORE_OK);
	CHECK(store_domain_exists(st, "a.example.com") == STORE_OK);
	CHECK(store_domain_exists(st, "c.example.com") == STORE_NOTFOUND);
	CHECK(store_domain_each(st, count_domain, &n) == STORE_OK && n == 2);
	CHECK(store_begin(st, true) == STORE_OK);
	CHECK(store_domain_delete(st, "a.example.com") == STORE_OK);
	CHECK(store_domain_delete(st, "a.example.com") == STORE_NOTFOUND);
	CHECK(store_own_key_delete(st, "domain/a.example.com") == STORE_OK); /* none: no error */
	CHECK(store_commit(st) == STORE_OK);
	store_close(st);
}

/* The signed CTL is kept in a TEXT column as hex. */
static void hex_round_trip(void)
{
	const unsigned char bytes[] = {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff};
	unsigned char *back = NULL;
	size_t len = 0;
	char *hex = hex_encode(bytes, sizeof(bytes));

	CHECK_STR(hex, "00017f80feff");
	CHECK(hex_decode(hex, &back, &len) == 0 && len == sizeof(bytes) && memcmp(back, bytes, len) == 0);
	free(back);
	CHECK(hex_decode("00017F80FEFF", &back, &len) == 0 && len == 6 && back[5] == 0xff);
	free(back);
	CHECK(hex_decode("abc", &back, &len) == -1 && back == NULL);
	CHECK(hex_decode("zz", &back, &len) == -1 && back == NULL);
	free(hex);
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/ucsh.db", dir);
	fresh_and_reopen();
	node_account_param();
	capf_validity_years();
	effect_want_at();
	ipsec_policies();
	tls_contexts();
	edge_domains();
	hex_round_trip();
	refusals();
	state_dirs();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return unit_summary("store");
}
