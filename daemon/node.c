#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "daemon/node.h"
#include "svc/cluster.h"
#include "svc/cryptopolicy.h"
#include "svc/secmode.h"
#include "svc/services.h"

int open_node(const char *state_dir, struct node *n)
{
	char err[512], db[4096];

	memset(n, 0, sizeof(*n));
	if (config_load(NULL, state_dir, &n->config, err, sizeof(err)) != 0) {
		syslog(LOG_ERR, "%s", err);
		return -1;
	}
	snprintf(db, sizeof(db), "%s/ucsh.db", state_dir);
	if (store_open(db, &n->store, err, sizeof(err)) != STORE_OK) {
		syslog(LOG_ERR, "%s", err);
		config_free(&n->config);
		return -1;
	}
	n->core = (struct core){.store = n->store, .config = &n->config, .state_dir = state_dir};
	if (core_cluster_open(&n->core, err, sizeof(err)) != 0)
		syslog(LOG_WARNING, "%s", err);
	/* FIPS mode: the FIPS provider, when installed, is the only one. */
	core_crypto_start(&n->core);
	return 0;
}

int node_tls_min(struct node *n, bool allow_tls10)
{
	int min = core_tls_min(&n->core);

	/* --allow-tls10 is for the 7900-series phones that need it; otherwise
	 * never below 1.2. */
	return allow_tls10 ? 10 : min < 12 ? 12 : min;
}

void close_node(struct node *n)
{
	core_cluster_close(&n->core);
	store_close(n->store);
	config_free(&n->config);
}

bool node_serves(struct node *n, const char *service)
{
	bool on = false, pending;

	service_state_of(n->store, service_find(service, NULL, 0), &on, &pending, NULL);
	return on;
}
