/* Bulk certificate exchange between clusters (the documentation's "Bulk
 * Certificate Management") over SFTP. Layout on the server, below the
 * configured directory: CLUSTER-ID/NODE_UNIT.p12 per exported unit and
 * node, consolidated/UNIT.p12 merged from every cluster; each file holds
 * certificates only, named "CLUSTER-ID/NODE", under a MAC keyed by the bulk
 * password. Network work happens before any write transaction. */
#ifndef UCSH_CORE_BULK_H
#define UCSH_CORE_BULK_H

#include <stdbool.h>
#include <stddef.h>

#include "svc/core.h"
#include "svc/trust.h"

enum {
	BULK_TOMCAT = 1,
	BULK_TFTP = 2,
	BULK_CAPF = 4,
	BULK_ITLRECOVERY = 8,
	BULK_ALL = 15,
};
#define BULK_NUNITS 4

/* The units as the documentation names them: tomcat, tftp, capf,
 * itlrecovery; "all" is every one. 0 when unknown. */
unsigned bulk_units_of(const char *name);
const char *bulk_unit_name(int i); /* i < BULK_NUNITS */

enum bulk_hostkey { BULK_HOSTKEY_NEW, BULK_HOSTKEY_KNOWN, BULK_HOSTKEY_CHANGED };

/* The server's host key fingerprint and what the node's known hosts say
 * (known: the fingerprint they hold, when any). */
int core_bulk_hostkey(struct core *c, const char *host, int port, char *fp, size_t fplen, char *known,
		      size_t knownlen, enum bulk_hostkey *state, struct err *e);

struct bulk_server {
	const char *host;
	int port;
	const char *user;
	const char *password; /* or */
	const char *key_pem;
	const char *directory;
};

/* Connects (the host key must be accepted_fp), logs in, checks the
 * directory, then keeps the settings and the secret (one transaction) and
 * the host key in the node's known hosts. */
int core_bulk_set_sftp(struct core *c, const struct bulk_server *srv, const char *accepted_fp, struct err *e);
int core_bulk_set_password(struct core *c, const char *pass, struct err *e);

struct bulk_info {
	bool configured, password_set;
	char host[256], user[128], directory[512], auth[16], hostkey[128], updated[32];
	long port;
};
int core_bulk_info(struct core *c, struct bulk_info *out, struct err *e);

/* Told of each file as it moves. */
struct bulk_progress {
	void (*fn)(void *arg, const char *file, size_t done, size_t total);
	void *arg;
};

struct bulk_file {
	const char *cluster, *name;
	unsigned long long size;
	long long mtime;
};
/* What the server holds, per cluster directory (consolidated included). */
int core_bulk_files(struct core *c, int (*fn)(const struct bulk_file *f, void *ctx), void *ctx,
		    struct err *e);

struct bulk_report {
	int files, certs; /* written (export, consolidate) */
	int clusters;	  /* consolidate: clusters merged */
	int own_skipped;  /* import: this cluster's certificates left out */
	struct {
		const char *trust;
		struct trust_report r;
	} stores[8];
	int nstores;
};
void bulk_report_free(struct bulk_report *r);

int core_bulk_export(struct core *c, unsigned units, const struct bulk_progress *p, struct bulk_report *r,
		     struct err *e);
int core_bulk_consolidate(struct core *c, unsigned units, const struct bulk_progress *p,
			  struct bulk_report *r, struct err *e);
/* Needs exports of at least two clusters and the consolidation of each
 * unit; adds the other clusters' certificates to the documentation's
 * trust stores in one transaction. */
int core_bulk_import(struct core *c, unsigned units, struct bulk_report *r, struct err *e);

#endif
