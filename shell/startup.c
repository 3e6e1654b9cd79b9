#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands/session.h"
#include "node/sysinfo.h"
#include "shell/audit.h"
#include "shell/render.h"
#include "shell/startup.h"
#include "store/account.h"
#include "store/node.h"
#include "store/statedir.h"
#include "svc/certs.h"
#include "svc/cluster.h"
#include "svc/cryptopolicy.h"
#include "svc/files.h"

/* Defaults for the certificate subject until `set web-security` is run:
 * neutral values that are visibly placeholders ("XX" is the user-assigned
 * ISO 3166 code, never a real country). */
static const struct web_security default_subject = {
    .orgunit = "ucsh",
    .orgname = "ucsh",
    .locality = "Unknown",
    .state = "Unknown",
    .country = "XX",
};

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Like an install: identity, the first administrator, and a key and
 * self-signed certificate for every own unit, in one transaction. */
static int first_start(struct session *s)
{
	char host[64], domain[256], ip[64], err[512] = "";
	struct node_identity id = {host, domain, ip, NULL};
	struct timespec t0;
	bool done;

	int missing = 0;

	if (store_node_initialised(s->store, &done) != STORE_OK ||
	    (done && core_missing_units(&s->core, &missing) != 0))
		goto fail;
	if (done && missing == 0)
		return UC_OK;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sysinfo_identity(host, sizeof(host), domain, sizeof(domain), ip, sizeof(ip));
	if (s->interactive) {
		printf("%s: generating keys and certificates for node %s.%s ...\n",
		       done ? "Upgrade" : "First start", host, domain);
		fflush(stdout);
	}
	if (store_begin(s->store, true) != STORE_OK)
		goto fail;
	/* Re-check under the write lock: two first starts may race. */
	if (store_node_initialised(s->store, &done) != STORE_OK)
		goto fail;
	if (!done && store_node_init(s->store, &id, &default_subject, s->account) != STORE_OK)
		goto fail;
	if (core_provision_units(&s->core, err, sizeof(err)) != 0)
		goto fail;
	struct err e;
	if (core_commit(&s->core, &e) != 0) {
		snprintf(err, sizeof(err), "%s", e.msg);
		goto fail;
	}
	if (core_after_commit(&s->core, &e) != 0)
		out_report(NULL, "Warning: %s", e.msg);
	if (core_file_area_prepare(&s->core, &e) != 0)
		out_report(NULL, "Warning: %s", e.msg);
	if (!done && s->interactive)
		printf("Initialised node %s.%s (%s) in %.1f s; %s is its administrator (level 4).\n", host,
		       domain, ip, seconds_since(&t0), s->account);
	return UC_OK;
fail:
	out_report(NULL, "First start failed: %s", *err ? err : store_errmsg(s->store));
	store_rollback(s->store);
	core_abandon(&s->core);
	return UC_FAIL;
}

static int identify(struct session *s)
{
	struct passwd *pw = getpwuid(geteuid());

	if (!pw) {
		out_report(NULL, "Permission denied: this OS user has no name");
		return UC_DENIED;
	}
	s->account = strdup(pw->pw_name);
#ifdef UCSH_TEST_HOOKS
	/* Test builds only (configure --enable-test-hooks): lets the suites
	 * act as other accounts without creating OS users. */
	const char *as = getenv("UCSH_TEST_ACCOUNT");
	if (as && *as) {
		free(s->account);
		s->account = strdup(as);
	}
#endif
	if (!s->account)
		abort();
	return UC_OK;
}

int startup_open(struct session *s, const struct startup_opts *opts)
{
	char err[512], *db;
	size_t n;
	int rc;

	s->state_dir = statedir_resolve(opts->state_dir);
	if ((rc = identify(s)) != UC_OK)
		return rc;
	audit_open_syslog();
	if (statedir_prepare(s->state_dir, err, sizeof(err)) != STORE_OK) {
		out_report(NULL, "%s", err);
		return UC_FAIL;
	}
	if (config_load(opts->config, s->state_dir, &s->config, err, sizeof(err)) != 0) {
		out_report(NULL, "%s", err);
		return UC_USAGE;
	}
	n = strlen(s->state_dir) + sizeof("/ucsh.db");
	if (!(db = malloc(n)))
		abort();
	snprintf(db, n, "%s/ucsh.db", s->state_dir);
	rc = store_open(db, &s->store, err, sizeof(err));
	free(db);
	if (rc != STORE_OK) {
		out_report(NULL, "%s", err);
		return UC_FAIL;
	}
	s->core = (struct core){.store = s->store, .config = &s->config, .state_dir = s->state_dir};
	s->audit_lock = -1;
	/* Everything a start reads, in one snapshot: whether the node is
	 * initialised, whether files are behind the store, the account. */
	bool ready = false, behind = false, done = false;
	int missing = 0;
	if (store_begin(s->store, false) == STORE_OK && store_node_initialised(s->store, &done) == STORE_OK &&
	    (!done || core_missing_units(&s->core, &missing) == 0)) {
		ready = done && missing == 0;
		behind = ready && fx_behind(&s->core, NULL);
		rc = ready ? store_account_level(s->store, s->account, &s->level) : STORE_OK;
	}
	store_rollback(s->store);
	if (!ready) {
		if ((rc = first_start(s)) != UC_OK)
			return rc;
		rc = store_account_level(s->store, s->account, &s->level);
	}
	/* A node in a cluster reads the cluster-wide settings from there. */
	char why[512];
	if (rc == STORE_OK && core_cluster_open(&s->core, why, sizeof(why)) != 0)
		out_report(NULL, "Warning: %s", why);
	if (rc == STORE_OK)
		core_crypto_start(&s->core);
	/* Trust stores and trust lists follow the cluster (the one cheap
	 * generation check of every start). */
	if (core_cluster_behind(&s->core))
		behind = true;
	/* A change whose files were not written (the process was killed
	 * between commit and the writes) is finished now. */
	struct err e;
	if (behind && fx_heal(&s->core, &e) != 0)
		out_report(NULL, "Warning: the deploy and TFTP files are behind the store: %s", e.msg);
	if (rc == STORE_NOTFOUND) {
		out_report(NULL, "Permission denied: %s is not a ucsh account on this node", s->account);
		return UC_DENIED;
	}
	if (rc != STORE_OK) {
		out_report(NULL, "Cannot read accounts: %s", store_errmsg(s->store));
		return UC_FAIL;
	}
	return UC_OK;
}

void startup_close(struct session *s)
{
	core_cluster_close(&s->core);
	store_close(s->store);
	s->store = NULL;
	config_free(&s->config);
	free(s->account);
	s->account = NULL;
}
