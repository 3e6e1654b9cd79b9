#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "node/knownhosts.h"
#include "pki/pki.h"
#include "sftp/client.h"
#include "store/bulk.h"
#include "store/cert.h"
#include "store/cluster.h"
#include "svc/bulk.h"
#include "svc/certs.h"
#include "svc/node.h"
#include "svc/settings.h"

#define TIMEOUT_S 20
#define P12_MAX (4 * 1024 * 1024)
#define CONSOLIDATED "consolidated"

/* The documentation's mapping: which unit goes into which trust stores. */
static const struct {
	const char *name, *unit;
	const char *trusts[2];
} bulk_units[BULK_NUNITS] = {
    {"tomcat", "tomcat", {"tomcat-trust", NULL}},
    {"tftp", "CallManager", {"CallManager-trust", "Phone-SAST-trust"}},
    {"capf", "CAPF", {"CallManager-trust", NULL}},
    {"itlrecovery", "ITLRecovery", {"Phone-SAST-trust", "CallManager-trust"}},
};

unsigned bulk_units_of(const char *name)
{
	if (strcmp(name, "all") == 0)
		return BULK_ALL;
	for (int i = 0; i < BULK_NUNITS; i++)
		if (strcmp(name, bulk_units[i].name) == 0)
			return 1u << i;
	return 0;
}

const char *bulk_unit_name(int i)
{
	return bulk_units[i].name;
}

int core_bulk_hostkey(struct core *c, const char *host, int port, char *fp, size_t fplen, char *known,
		      size_t knownlen, enum bulk_hostkey *state, struct err *e)
{
	struct sftpc *s;
	int k;

	*known = '\0';
	if (sftpc_connect(host, port, TIMEOUT_S, &s, fp, fplen, e->msg, sizeof(e->msg)) != 0)
		return err_set(e, ERR_FAIL, "%s", e->msg);
	sftpc_close(s);
	if ((k = knownhosts_get(c->state_dir, host, port, known, knownlen)) < 0)
		return err_set(e, ERR_FAIL, "Cannot read %s/known_hosts", c->state_dir);
	*state = k == 0			  ? BULK_HOSTKEY_NEW
		 : strcmp(known, fp) == 0 ? BULK_HOSTKEY_KNOWN
					  : BULK_HOSTKEY_CHANGED;
	return 0;
}

static int changed_key(const char *host, const char *known, const char *fp, struct err *e)
{
	return err_set(
	    e, ERR_REFUSED,
	    "THE HOST KEY OF %s HAS CHANGED: known %s, now %s. Someone may be intercepting the "
	    "connection; if the server's key was replaced on purpose, accept the new one with set cert "
	    "bulk sftp",
	    host, known, fp);
}

/* Connects to host:port, insisting on the host key fp, and logs in. */
static int login(struct core *c, const char *host, int port, const char *fp, const struct sftpc_login *l,
		 struct sftpc **out, struct err *e)
{
	char now[128], known[128];

	*out = NULL;
	if (sftpc_connect(host, port, TIMEOUT_S, out, now, sizeof(now), e->msg, sizeof(e->msg)) != 0)
		return err_set(e, ERR_FAIL, "%s", e->msg);
	if (knownhosts_get(c->state_dir, host, port, known, sizeof(known)) == 1 && strcmp(known, now) != 0)
		goto changed;
	if (strcmp(fp, now) != 0) {
		snprintf(known, sizeof(known), "%s", fp);
		goto changed;
	}
	if (sftpc_login(*out, l, e->msg, sizeof(e->msg)) != 0) {
		sftpc_close(*out);
		*out = NULL;
		return err_set(e, ERR_FAIL, "%s: %s", host, e->msg);
	}
	return 0;
changed:
	sftpc_close(*out);
	*out = NULL;
	return changed_key(host, known, now, e);
}

struct set_job {
	const struct bulk_server *srv;
	const char *fp;
};

static int set_apply(struct core *c, void *arg, struct err *e)
{
	struct set_job *j = arg;
	struct bulk_row r = {.host = (char *)j->srv->host,
			     .port = j->srv->port,
			     .user = (char *)j->srv->user,
			     .directory = (char *)j->srv->directory,
			     .auth = j->srv->key_pem ? "key" : "password",
			     .secret = (char *)(j->srv->key_pem ? j->srv->key_pem : j->srv->password),
			     .hostkey = (char *)j->fp};

	if (store_bulk_put_sftp(c->store, &r) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot keep the settings: %s", store_errmsg(c->store));
	return 0;
}

int core_bulk_set_sftp(struct core *c, const struct bulk_server *srv, const char *accepted_fp, struct err *e)
{
	struct sftpc_login l = {srv->user, srv->password, srv->key_pem};
	struct set_job j = {srv, accepted_fp};
	struct sftpc *s;
	bool is_dir = false;

	if (login(c, srv->host, srv->port, accepted_fp, &l, &s, e) != 0)
		return -1;
	bool exists;
	int rc = sftpc_stat(s, srv->directory, &exists, &is_dir, e->msg, sizeof(e->msg));
	sftpc_close(s);
	if (rc != 0)
		return err_set(e, ERR_FAIL, "%s", e->msg);
	if (!is_dir)
		return err_set(e, ERR_INVALID, "%s has no directory %s (create it on the server first)",
			       srv->host, srv->directory);
	if (core_write(c, set_apply, &j, e) != 0)
		return -1;
	if (knownhosts_put(c->state_dir, srv->host, srv->port, accepted_fp, e->msg, sizeof(e->msg)) != 0)
		return err_set(e, ERR_FAIL, "The settings were kept, but not the host key: %s", e->msg);
	return 0;
}

static int password_apply(struct core *c, void *arg, struct err *e)
{
	if (store_bulk_put_password(c->store, arg) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot keep the password: %s", store_errmsg(c->store));
	return 0;
}

int core_bulk_set_password(struct core *c, const char *pass, struct err *e)
{
	size_t n = strlen(pass);

	if (n < 8 || n > 128)
		return err_set(e, ERR_INVALID,
			       "The bulk password must be 8-128 characters (every cluster of the "
			       "exchange uses the same one)");
	return core_write(c, password_apply, (void *)pass, e);
}

int core_bulk_info(struct core *c, struct bulk_info *out, struct err *e)
{
	struct bulk_row r;
	int rc = store_bulk_get(c->store, &r);

	memset(out, 0, sizeof(*out));
	if (rc == STORE_NOTFOUND)
		return 0;
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the bulk settings: %s", store_errmsg(c->store));
	out->configured = r.host != NULL;
	out->password_set = r.p12_password != NULL;
	snprintf(out->host, sizeof(out->host), "%s", r.host ? r.host : "");
	snprintf(out->user, sizeof(out->user), "%s", r.user ? r.user : "");
	snprintf(out->directory, sizeof(out->directory), "%s", r.directory ? r.directory : "");
	snprintf(out->auth, sizeof(out->auth), "%s", r.auth ? r.auth : "");
	snprintf(out->hostkey, sizeof(out->hostkey), "%s", r.hostkey ? r.hostkey : "");
	snprintf(out->updated, sizeof(out->updated), "%s", r.updated ? r.updated : "");
	out->port = (long)r.port;
	bulk_row_free(&r);
	return 0;
}

/* The stored server, logged in. */
struct conn {
	struct bulk_row cfg;
	struct sftpc *s;
	char *cluster;
};

static void conn_close(struct conn *k)
{
	sftpc_close(k->s);
	bulk_row_free(&k->cfg);
	free(k->cluster);
}

static int conn_open(struct core *c, struct conn *k, struct err *e)
{
	int rc;

	memset(k, 0, sizeof(*k));
	rc = store_bulk_get(c->store, &k->cfg);
	if (rc != STORE_OK && rc != STORE_NOTFOUND)
		return err_set(e, ERR_FAIL, "Cannot read the bulk settings: %s", store_errmsg(c->store));
	if (rc == STORE_NOTFOUND || !k->cfg.host)
		return err_set(e, ERR_REFUSED,
			       "No SFTP server is set: set cert bulk sftp host HOST user USER "
			       "{password|key FILE} directory DIR");
	if (!k->cfg.p12_password)
		return err_set(e, ERR_REFUSED,
			       "No bulk password is set: set cert bulk password (every cluster of "
			       "the exchange uses the same one)");
	if (!(k->cluster = setting_text(c, "enterprise", "cluster-id")))
		return err_set(e, ERR_FAIL, "Cannot read the cluster ID: %s", store_errmsg(c->store));
	bool key = k->cfg.auth && strcmp(k->cfg.auth, "key") == 0;
	struct sftpc_login l = {k->cfg.user, key ? NULL : k->cfg.secret, key ? k->cfg.secret : NULL};
	return login(c, k->cfg.host, (int)k->cfg.port, k->cfg.hostkey, &l, &k->s, e);
}

struct progress_ctx {
	const struct bulk_progress *p;
	const char *file;
};

static void on_progress(void *arg, size_t done, size_t total)
{
	struct progress_ctx *x = arg;

	if (x->p && x->p->fn)
		x->p->fn(x->p->arg, x->file, done, total);
#ifdef UCSH_TEST_HOOKS
	/* Test builds only: a window between a file's bytes and its rename,
	 * for the test that kills the server in the middle of an export. */
	const char *pause = getenv("UCSH_TEST_BULK_PAUSE");
	if (pause && done == total)
		sleep((unsigned)atoi(pause));
#endif
}

/* ---- export ---- */

struct names {
	char **v;
	int n;
};

static int add_name(struct names *l, const char *s)
{
	char **v = realloc(l->v, (size_t)(l->n + 1) * sizeof(*v));

	if (!v)
		return -1;
	l->v = v;
	l->v[l->n++] = strdup(s);
	return 0;
}

static void names_free(struct names *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static bool has_name(const struct names *l, const char *s)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

/* The names a directory holds (one listing saves a request per file). */
static int collect_any(const struct sftpc_entry *en, void *arg)
{
	if (!en->is_dir)
		add_name(arg, en->name);
	return 0;
}

/* One file of an export: built by the builder thread, then uploaded. */
struct export_job {
	const char *node, *pem;
	int u;
	unsigned char *der;
	size_t len;
	int rc;
	char err[400];
};

/* Builds the PKCS#12 files (CPU) while the main thread uploads the ones
 * ready (waiting on the network): the two overlap. */
struct builder {
	struct export_job *jobs;
	int n, ready;
	const char *cluster, *pass;
	bool stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void build_job(struct builder *b, struct export_job *j)
{
	struct pki_cert *cert = pki_cert_from_pem(j->pem, j->err, sizeof(j->err));
	char label[300];

	if (!cert) {
		j->rc = -1;
		return;
	}
	struct pki_cert *v[] = {cert};
	struct pki_certlist l = {v, 1};
	snprintf(label, sizeof(label), "%s/%s", b->cluster, j->node);
	const char *names[] = {label};
	j->rc = pki_p12_certs_build(&l, names, b->pass, &j->der, &j->len, j->err, sizeof(j->err)) == PKI_OK
		    ? 0
		    : -1;
	pki_cert_free(cert);
}

static void *build_all(void *arg)
{
	struct builder *b = arg;

	for (int i = 0; i < b->n; i++) {
		pthread_mutex_lock(&b->mu);
		bool stop = b->stop;
		pthread_mutex_unlock(&b->mu);
		if (stop)
			break;
		build_job(b, &b->jobs[i]);
		pthread_mutex_lock(&b->mu);
		b->ready = i + 1;
		pthread_cond_signal(&b->cv);
		pthread_mutex_unlock(&b->mu);
	}
	return NULL;
}

static int upload(struct conn *k, const char *dir, const struct names *there, struct builder *b,
		  const struct bulk_progress *p, struct bulk_report *r, struct err *e)
{
	for (int i = 0; i < b->n; i++) {
		struct export_job *j = &b->jobs[i];
		char name[200];
		pthread_mutex_lock(&b->mu);
		while (b->ready <= i)
			pthread_cond_wait(&b->cv, &b->mu);
		pthread_mutex_unlock(&b->mu);
		if (j->rc != 0)
			return err_set(e, ERR_FAIL, "%s's %s certificate: %s", j->node, bulk_units[j->u].unit,
				       j->err);
		snprintf(name, sizeof(name), "%s_%s.p12", j->node, bulk_units[j->u].name);
		struct progress_ctx x = {p, name};
		if (sftpc_put(k->s, dir, name, j->der, j->len, has_name(there, name), on_progress, &x, e->msg,
			      sizeof(e->msg)) != 0)
			return err_set(e, ERR_FAIL, "%s; the files already written stay", e->msg);
		r->files++;
		r->certs++;
	}
	return 0;
}

/* Every job of the units asked for; the lists hold the strings. */
static int export_jobs(struct core *c, unsigned which, struct node_certs lists[BULK_NUNITS],
		       struct export_job **jobs, int *n, struct err *e)
{
	*jobs = NULL;
	*n = 0;
	for (int u = 0; u < BULK_NUNITS; u++) {
		if (!(which & (1u << u)))
			continue;
		if (core_node_certs(c, bulk_units[u].unit, &lists[u], e) != 0)
			return -1;
		struct export_job *grown = realloc(*jobs, (size_t)(*n + lists[u].n + 1) * sizeof(*grown));
		if (!grown)
			return err_set(e, ERR_FAIL, "out of memory");
		*jobs = grown;
		for (int i = 0; i < lists[u].n; i++)
			(*jobs)[(*n)++] =
			    (struct export_job){.node = lists[u].node[i], .pem = lists[u].pem[i], .u = u};
	}
	return 0;
}

int core_bulk_export(struct core *c, unsigned which, const struct bulk_progress *p, struct bulk_report *r,
		     struct err *e)
{
	struct node_certs lists[BULK_NUNITS];
	struct export_job *jobs = NULL;
	struct names there = {0};
	struct conn k;
	char dir[1024], warm[3];
	int n = 0, rc = 0;

	memset(r, 0, sizeof(*r));
	memset(lists, 0, sizeof(lists));
	if (conn_open(c, &k, e) != 0) {
		conn_close(&k);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s/%s", k.cfg.directory, k.cluster);
	if (sftpc_mkdirs(k.s, dir, e->msg, sizeof(e->msg)) != 0 ||
	    sftpc_list(k.s, dir, collect_any, &there, e->msg, sizeof(e->msg)) != 0)
		rc = err_set(e, ERR_FAIL, "%s", e->msg);
	/* The PKI plugin is loaded here, not by two threads at once. */
	if (rc == 0 && (rc = export_jobs(c, which, lists, &jobs, &n, e)) == 0 && n &&
	    pki_random_hex(warm, 1) == 0) {
		struct builder b = {jobs,
				    n,
				    0,
				    k.cluster,
				    k.cfg.p12_password,
				    false,
				    PTHREAD_MUTEX_INITIALIZER,
				    PTHREAD_COND_INITIALIZER};
		pthread_t t;
		if (pthread_create(&t, NULL, build_all, &b) != 0) {
			rc = err_set(e, ERR_FAIL, "cannot start a thread");
		} else {
			rc = upload(&k, dir, &there, &b, p, r, e);
			pthread_mutex_lock(&b.mu);
			b.stop = true;
			pthread_mutex_unlock(&b.mu);
			pthread_join(t, NULL);
		}
		pthread_mutex_destroy(&b.mu);
		pthread_cond_destroy(&b.cv);
	}
	for (int i = 0; i < n; i++)
		free(jobs[i].der);
	free(jobs);
	for (int u = 0; u < BULK_NUNITS; u++)
		node_certs_free(&lists[u]);
	names_free(&there);
	conn_close(&k);
	return rc;
}

/* ---- what the server holds ---- */

/* Directories that are clusters (not consolidated, not hidden). */
static int collect_cluster(const struct sftpc_entry *en, void *arg)
{
	if (en->is_dir && en->name[0] != '.' && strcmp(en->name, CONSOLIDATED) != 0)
		add_name(arg, en->name);
	return 0;
}

struct unit_files {
	struct names files;
	const char *suffix; /* "_tomcat.p12" */
};

static int collect_unit_file(const struct sftpc_entry *en, void *arg)
{
	struct unit_files *f = arg;
	size_t n = strlen(en->name), s = strlen(f->suffix);

	if (!en->is_dir && en->name[0] != '.' && n > s && strcmp(en->name + n - s, f->suffix) == 0)
		add_name(&f->files, en->name);
	return 0;
}

static int clusters_of(struct conn *k, struct names *clusters, struct err *e)
{
	memset(clusters, 0, sizeof(*clusters));
	if (sftpc_list(k->s, k->cfg.directory, collect_cluster, clusters, e->msg, sizeof(e->msg)) != 0)
		return err_set(e, ERR_FAIL, "%s", e->msg);
	return 0;
}

static int unit_files_of(struct conn *k, const char *cluster, int u, struct unit_files *f, struct err *e)
{
	char dir[1024], suffix[32];

	snprintf(suffix, sizeof(suffix), "_%s.p12", bulk_units[u].name);
	memset(f, 0, sizeof(*f));
	f->suffix = strdup(suffix);
	snprintf(dir, sizeof(dir), "%s/%s", k->cfg.directory, cluster);
	if (sftpc_list(k->s, dir, collect_unit_file, f, e->msg, sizeof(e->msg)) != 0)
		return err_set(e, ERR_FAIL, "%s", e->msg);
	return 0;
}

static void unit_files_free(struct unit_files *f)
{
	names_free(&f->files);
	free((char *)f->suffix);
	f->suffix = NULL;
}

struct files_walk {
	struct conn *k;
	int (*fn)(const struct bulk_file *f, void *ctx);
	void *ctx;
	const char *cluster;
	int stop;
};

static int each_file(const struct sftpc_entry *en, void *arg)
{
	struct files_walk *w = arg;
	struct bulk_file f = {w->cluster, en->name, en->size, en->mtime};

	if (en->is_dir || en->name[0] == '.')
		return 0;
	return w->stop = w->fn(&f, w->ctx);
}

int core_bulk_files(struct core *c, int (*fn)(const struct bulk_file *f, void *ctx), void *ctx, struct err *e)
{
	struct conn k;
	struct names dirs = {0};
	int rc = 0;

	if (conn_open(c, &k, e) != 0) {
		conn_close(&k);
		return -1;
	}
	if ((rc = clusters_of(&k, &dirs, e)) == 0)
		add_name(&dirs, CONSOLIDATED);
	for (int i = 0; i < dirs.n && rc == 0; i++) {
		struct files_walk w = {&k, fn, ctx, dirs.v[i], 0};
		char dir[1024];
		bool exists, is_dir = true;
		snprintf(dir, sizeof(dir), "%s/%s", k.cfg.directory, dirs.v[i]);
		if (strcmp(dirs.v[i], CONSOLIDATED) == 0 &&
		    (sftpc_stat(k.s, dir, &exists, &is_dir, e->msg, sizeof(e->msg)) != 0 || !is_dir))
			continue;
		if (sftpc_list(k.s, dir, each_file, &w, e->msg, sizeof(e->msg)) != 0)
			rc = err_set(e, ERR_FAIL, "%s", e->msg);
		if (w.stop)
			break;
	}
	names_free(&dirs);
	conn_close(&k);
	return rc;
}

/* ---- consolidate ---- */

struct gathered {
	struct pki_certlist certs;
	struct names labels;
	struct names sha256;
};

static void gathered_free(struct gathered *g)
{
	pki_certlist_free(&g->certs);
	names_free(&g->labels);
	names_free(&g->sha256);
}

/* Adds the certificates of one file, skipping any already there. */
static int gather(struct conn *k, const char *path, struct gathered *g, struct err *e)
{
	unsigned char *data = NULL;
	size_t len = 0;
	struct pki_certlist l;
	char **labels = NULL;

	if (sftpc_get(k->s, path, P12_MAX, &data, &len, e->msg, sizeof(e->msg)) != 0)
		return err_set(e, ERR_FAIL, "%s", e->msg);
	int rc = pki_p12_certs_parse(data, len, k->cfg.p12_password, &l, &labels, e->msg, sizeof(e->msg));
	free(data);
	if (rc != PKI_OK)
		return err_set(e, ERR_INVALID, "%s: %s", path, e->msg);
	for (int i = 0; i < l.n; i++) {
		struct pki_facts f;
		bool dup = false;
		pki_cert_facts(l.v[i], &f);
		for (int j = 0; j < g->sha256.n && !dup; j++)
			dup = strcmp(g->sha256.v[j], f.sha256) == 0;
		if (dup)
			continue;
		struct pki_cert *copy = pki_cert_dup(l.v[i]);
		struct pki_cert **v = realloc(g->certs.v, (size_t)(g->certs.n + 1) * sizeof(*v));
		if (!copy || !v) {
			pki_cert_free(copy);
			rc = -1;
			break;
		}
		g->certs.v = v;
		g->certs.v[g->certs.n++] = copy;
		add_name(&g->labels, labels[i] ? labels[i] : "");
		add_name(&g->sha256, f.sha256);
	}
	pki_p12_names_free(labels, l.n);
	pki_certlist_free(&l);
	return rc == 0 ? 0 : err_set(e, ERR_FAIL, "out of memory");
}

int core_bulk_consolidate(struct core *c, unsigned which, const struct bulk_progress *p,
			  struct bulk_report *r, struct err *e)
{
	struct conn k;
	struct names clusters;
	char dir[1024];
	int rc;

	memset(r, 0, sizeof(*r));
	if (conn_open(c, &k, e) != 0) {
		conn_close(&k);
		return -1;
	}
	if ((rc = clusters_of(&k, &clusters, e)) == 0) {
		snprintf(dir, sizeof(dir), "%s/%s", k.cfg.directory, CONSOLIDATED);
		if (sftpc_mkdirs(k.s, dir, e->msg, sizeof(e->msg)) != 0)
			rc = err_set(e, ERR_FAIL, "%s", e->msg);
	}
	bool *seen = calloc((size_t)clusters.n + 1, sizeof(*seen));
	if (!seen && rc == 0)
		rc = err_set(e, ERR_FAIL, "out of memory");
	for (int u = 0; u < BULK_NUNITS && rc == 0; u++) {
		struct gathered g = {0};
		if (!(which & (1u << u)))
			continue;
		for (int i = 0; i < clusters.n && rc == 0; i++) {
			struct unit_files f;
			if ((rc = unit_files_of(&k, clusters.v[i], u, &f, e)) == 0)
				for (int j = 0; j < f.files.n && rc == 0; j++) {
					char path[2048];
					snprintf(path, sizeof(path), "%s/%s/%s", k.cfg.directory,
						 clusters.v[i], f.files.v[j]);
					rc = gather(&k, path, &g, e);
					seen[i] = true;
				}
			unit_files_free(&f);
		}
		if (rc == 0 && g.certs.n) {
			unsigned char *der = NULL;
			size_t len = 0;
			char name[64];
			if (pki_p12_certs_build(&g.certs, (const char *const *)g.labels.v, k.cfg.p12_password,
						&der, &len, e->msg, sizeof(e->msg)) != PKI_OK) {
				rc = err_set(e, ERR_FAIL, "%s", e->msg);
			} else {
				snprintf(name, sizeof(name), "%s.p12", bulk_units[u].name);
				struct progress_ctx x = {p, name};
				if (sftpc_put(k.s, dir, name, der, len, true, on_progress, &x, e->msg,
					      sizeof(e->msg)) != 0)
					rc = err_set(e, ERR_FAIL, "%s", e->msg);
				else
					r->files++, r->certs += g.certs.n;
			}
			free(der);
		}
		gathered_free(&g);
	}
	for (int i = 0; seen && i < clusters.n; i++)
		r->clusters += seen[i];
	free(seen);
	names_free(&clusters);
	conn_close(&k);
	return rc;
}

/* ---- import ---- */

/* Whether a certificate is this node's (or, in a cluster, any node's). */
static bool is_own(struct core *c, const struct pki_cert *cert)
{
	struct pki_facts f;
	struct node_certs l;
	struct err e;
	bool own = false;

	pki_cert_facts(cert, &f);
	for (int u = 0; u < BULK_NUNITS && !own; u++) {
		if (core_node_certs(c, bulk_units[u].unit, &l, &e) != 0)
			continue;
		for (int i = 0; i < l.n && !own; i++) {
			struct pki_cert *x = pki_cert_from_pem(l.pem[i], NULL, 0);
			struct pki_facts g;
			own = x && pki_cert_facts(x, &g) == 0 && strcmp(g.sha256, f.sha256) == 0;
			pki_cert_free(x);
		}
		node_certs_free(&l);
	}
	return own;
}

struct import_job {
	struct pki_certlist lists[BULK_NUNITS];
	unsigned units;
	struct bulk_report *r;
};

static int import_apply(struct core *c, void *arg, struct err *e)
{
	struct import_job *j = arg;
	char what[64];

	if (core_shared_write(c, e) != 0)
		return -1;
	for (int u = 0; u < BULK_NUNITS; u++) {
		if (!(j->units & (1u << u)) || j->lists[u].n == 0)
			continue;
		snprintf(what, sizeof(what), "consolidated/%s.p12", bulk_units[u].name);
		for (int t = 0; t < 2 && bulk_units[u].trusts[t]; t++) {
			int k = j->r->nstores++;
			j->r->stores[k].trust = bulk_units[u].trusts[t];
			if (core_trust_import(c, bulk_units[u].trusts[t], &j->lists[u], what,
					      &j->r->stores[k].r, e) != 0)
				return -1;
		}
	}
	return 0;
}

/* Which clusters exported a unit, and whether it was consolidated. */
static int check_ready(struct conn *k, const struct names *clusters, int u, struct err *e)
{
	char have[512] = "", path[1024];
	int n = 0;
	bool consolidated;

	for (int i = 0; i < clusters->n; i++) {
		struct unit_files f;
		if (unit_files_of(k, clusters->v[i], u, &f, e) != 0)
			return -1;
		if (f.files.n) {
			size_t len = strlen(have);
			snprintf(have + len, sizeof(have) - len, "%s%s", n ? ", " : "", clusters->v[i]);
			n++;
		}
		unit_files_free(&f);
	}
	if (n < 2)
		return err_set(
		    e, ERR_REFUSED,
		    "%s: exports from %d cluster%s (%s); at least two are needed: run set cert bulk export "
		    "%s on the other clusters",
		    bulk_units[u].name, n, n == 1 ? "" : "s", n ? have : "none", bulk_units[u].name);
	/* And its consolidation. */
	snprintf(path, sizeof(path), "%s/%s/%s.p12", k->cfg.directory, CONSOLIDATED, bulk_units[u].name);
	if (sftpc_stat(k->s, path, &consolidated, NULL, e->msg, sizeof(e->msg)) != 0)
		return err_set(e, ERR_FAIL, "%s", e->msg);
	if (!consolidated)
		return err_set(e, ERR_REFUSED,
			       "%s: no consolidation yet: run set cert bulk consolidate %s on one cluster",
			       bulk_units[u].name, bulk_units[u].name);
	return 0;
}

int core_bulk_import(struct core *c, unsigned which, struct bulk_report *r, struct err *e)
{
	struct import_job j = {.units = which, .r = r};
	struct conn k;
	struct names clusters = {0};
	int rc;

	memset(r, 0, sizeof(*r));
	if (conn_open(c, &k, e) != 0) {
		conn_close(&k);
		return -1;
	}
	rc = clusters_of(&k, &clusters, e);
	for (int u = 0; u < BULK_NUNITS && rc == 0; u++)
		if (which & (1u << u))
			rc = check_ready(&k, &clusters, u, e);
	/* Read everything before the transaction. */
	for (int u = 0; u < BULK_NUNITS && rc == 0; u++) {
		struct gathered g = {0};
		char path[1024], own_prefix[128];
		if (!(which & (1u << u)))
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s.p12", k.cfg.directory, CONSOLIDATED,
			 bulk_units[u].name);
		snprintf(own_prefix, sizeof(own_prefix), "%s/", k.cluster);
		if ((rc = gather(&k, path, &g, e)) == 0)
			for (int i = 0; i < g.certs.n; i++) {
				if (strncmp(g.labels.v[i], own_prefix, strlen(own_prefix)) == 0 ||
				    is_own(c, g.certs.v[i])) {
					r->own_skipped++;
					continue;
				}
				struct pki_cert *copy = pki_cert_dup(g.certs.v[i]);
				struct pki_cert **v =
				    realloc(j.lists[u].v, (size_t)(j.lists[u].n + 1) * sizeof(*v));
				if (!copy || !v) {
					pki_cert_free(copy);
					rc = err_set(e, ERR_FAIL, "out of memory");
					break;
				}
				j.lists[u].v = v;
				j.lists[u].v[j.lists[u].n++] = copy;
			}
		gathered_free(&g);
	}
	conn_close(&k);
	names_free(&clusters);
	if (rc == 0)
		rc = core_write(c, import_apply, &j, e);
	for (int u = 0; u < BULK_NUNITS; u++)
		pki_certlist_free(&j.lists[u]);
	return rc;
}

void bulk_report_free(struct bulk_report *r)
{
	for (int i = 0; i < r->nstores; i++)
		core_trust_report_free(&r->stores[i].r);
	r->nstores = 0;
}
