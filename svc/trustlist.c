/* Trust lists served by TFTP (CTL-FORMAT.md): ITLFile.tlv, kept current
 * whenever a unit it lists changes, and CTLFile.tlv in the mode and with the
 * signer the store records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "node/deploy.h"
#include "pki/ctl.h"
#include "store/cert.h"
#include "store/cluster.h"
#include "store/node.h"
#include "svc/services.h"
#include "svc/settings.h"
#include "svc/trustlist.h"
#include "util/hex.h"

#define MAX_PEERS 32

/* The certificates (and the signer's key) a trust list is made from. */
struct material {
	struct pki_cert *ccm, *capf, *tvs, *itlr;
	struct pki_key *key;
	struct pki_cert *signer;
	char fqdn[320], ip[64];
};

static struct pki_cert *own_cert(struct core *c, const char *unit, char *err, size_t errlen)
{
	struct cert_row row;
	struct pki_cert *cert;

	if (store_cert_get(c->store, "own", unit, unit, &row) != STORE_OK) {
		snprintf(err, errlen, "%s has no certificate", unit);
		return NULL;
	}
	cert = pki_cert_from_pem(row.pem, err, errlen);
	cert_row_free(&row);
	return cert;
}

static int load_material(struct core *c, const char *signer_unit, struct material *m, char *err,
			 size_t errlen)
{
	struct node_identity id = {0};
	char *key_pem = NULL;

	memset(m, 0, sizeof(*m));
	if (store_node_get(c->store, &id) != STORE_OK) {
		snprintf(err, errlen, "cannot read the node identity");
		return -1;
	}
	snprintf(m->fqdn, sizeof(m->fqdn), "%s.%s", id.hostname, id.domain);
	snprintf(m->ip, sizeof(m->ip), "%s", strchr(id.ip, ':') ? "" : id.ip);
	node_identity_free(&id);
	if (!(m->ccm = own_cert(c, "CallManager", err, errlen)) ||
	    !(m->capf = own_cert(c, "CAPF", err, errlen)) || !(m->tvs = own_cert(c, "TVS", err, errlen)) ||
	    !(m->itlr = own_cert(c, "ITLRecovery", err, errlen)))
		return -1;
	m->signer = strcmp(signer_unit, "CallManager") == 0 ? m->ccm : m->itlr;
	if (store_own_key(c->store, signer_unit, &key_pem) != STORE_OK) {
		snprintf(err, errlen, "%s has no key", signer_unit);
		return -1;
	}
	m->key = pki_key_from_pem(key_pem, err, errlen);
	pki_secret_free(key_pem);
	return m->key ? 0 : -1;
}

static void material_free(struct material *m)
{
	pki_cert_free(m->ccm);
	pki_cert_free(m->capf);
	pki_cert_free(m->tvs);
	pki_cert_free(m->itlr);
	pki_key_free(m->key);
}

/* The other nodes of the cluster as their published certificates show
 * them (none on a standalone node). */
struct peer {
	char name[64], fqdn[320], ip[64];
	struct pki_cert *ccm, *tvs;
};
struct peers {
	struct core *c;
	struct peer v[MAX_PEERS];
	int n;
	bool failed;
};

static struct peer *peer_of(struct peers *p, const struct node_cert *nc)
{
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, nc->node) == 0)
			return &p->v[i];
	if (p->n == MAX_PEERS)
		return NULL;
	struct peer *r = &p->v[p->n++];
	snprintf(r->name, sizeof(r->name), "%s", nc->node);
	snprintf(r->fqdn, sizeof(r->fqdn), "%s", nc->fqdn);
	snprintf(r->ip, sizeof(r->ip), "%s", strchr(nc->ip, ':') ? "" : nc->ip);
	return r;
}

static int add_peer_cert(const struct node_cert *nc, void *ctx)
{
	struct peers *p = ctx;
	struct peer *r;
	struct pki_cert *cert;

	if (strcmp(nc->node, p->c->node_name) == 0 || !(r = peer_of(p, nc)))
		return 0;
	if (!(cert = pki_cert_from_pem(nc->pem, NULL, 0))) {
		p->failed = true;
		return 1;
	}
	if (strcmp(nc->unit, "TVS") == 0)
		r->tvs = cert;
	else
		r->ccm = cert;
	return 0;
}

static int load_peers(struct core *c, struct peers *p, char *err, size_t errlen)
{
	memset(p, 0, sizeof(*p));
	p->c = c;
	if (!c->member)
		return 0;
	if (store_node_cert_each(c->cluster, "CallManager", add_peer_cert, p) != STORE_OK ||
	    store_node_cert_each(c->cluster, "TVS", add_peer_cert, p) != STORE_OK || p->failed) {
		snprintf(err, errlen, "cannot read the other nodes' certificates: %s",
			 p->failed ? "one is unreadable" : store_errmsg(c->cluster));
		return -1;
	}
	return 0;
}

static void peers_free(struct peers *p)
{
	for (int i = 0; i < p->n; i++) {
		pki_cert_free(p->v[i].ccm);
		pki_cert_free(p->v[i].tvs);
	}
	p->n = 0;
}

static bool capf_activated(struct core *c)
{
	bool on = false, pending;

	service_state_of(c->store, service_find("capf", NULL, 0), &on, &pending, NULL);
	return on;
}

/* CTL: both signers as SAST, every node of the cluster as CCM+TFTP
 * (certificate-less in non-secure mode), CAPF while its service is
 * activated (the CTL client's rule), every node's TVS. */
int trustlist_build_ctl(struct core *c, bool secure, const char *signer_unit, unsigned char **out,
			size_t *len, char *err, size_t errlen)
{
	struct material m;
	struct peers *p = calloc(1, sizeof(*p));
	struct ctl_entry e[4 + 2 * MAX_PEERS + 2];
	int n = 0, rc = -1;

	if (!p)
		abort();
	if (load_material(c, signer_unit, &m, err, errlen) == 0 && load_peers(c, p, err, errlen) == 0) {
		e[n++] = (struct ctl_entry){m.itlr, CTL_SAST, NULL, NULL};
		e[n++] = (struct ctl_entry){m.ccm, CTL_SAST, NULL, NULL};
		e[n++] = (struct ctl_entry){secure ? m.ccm : NULL, CTL_CCM_TFTP, m.fqdn, *m.ip ? m.ip : NULL};
		for (int i = 0; i < p->n; i++)
			if (p->v[i].ccm)
				e[n++] = (struct ctl_entry){secure ? p->v[i].ccm : NULL, CTL_CCM_TFTP,
							    p->v[i].fqdn, *p->v[i].ip ? p->v[i].ip : NULL};
		if (capf_activated(c))
			e[n++] = (struct ctl_entry){m.capf, CTL_CAPF, NULL, NULL};
		e[n++] = (struct ctl_entry){m.tvs, CTL_TVS, NULL, NULL};
		for (int i = 0; i < p->n; i++)
			if (p->v[i].tvs)
				e[n++] = (struct ctl_entry){p->v[i].tvs, CTL_TVS, NULL, NULL};
		rc =
		    ctl_build(CTL_NAME, e, n, m.signer, m.key, CTL_SHA512, time(NULL), out, len, err, errlen);
	}
	peers_free(p);
	free(p);
	material_free(&m);
	return rc;
}

static int write_tftp(struct core *c, const char *name, const unsigned char *buf, size_t len, char *err,
		      size_t errlen)
{
	mode_t mask = umask(0);

	umask(mask);
	return deploy_write(c->config->tftp_dir, name, buf, len, 0666 & ~mask, c->config->deploy_group, err,
			    errlen);
}

int trustlist_write_itl(struct core *c, struct err *e)
{
	struct material m;
	struct peers *p = calloc(1, sizeof(*p));
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc = -1;

	if (!p)
		abort();
	if (load_material(c, "ITLRecovery", &m, e->msg, sizeof(e->msg)) == 0 &&
	    load_peers(c, p, e->msg, sizeof(e->msg)) == 0) {
		struct ctl_entry v[5 + MAX_PEERS] = {
		    {m.itlr, CTL_SAST, NULL, NULL}, {m.ccm, CTL_TFTP, m.fqdn, *m.ip ? m.ip : NULL},
		    {m.ccm, CTL_SAST, NULL, NULL},  {m.tvs, CTL_TVS, NULL, NULL},
		    {m.capf, CTL_CAPF, NULL, NULL},
		};
		int n = 5;
		/* The cluster's TVS certificates: a phone asks any of them. */
		for (int i = 0; i < p->n; i++)
			if (p->v[i].tvs)
				v[n++] = (struct ctl_entry){p->v[i].tvs, CTL_TVS, NULL, NULL};
		rc = ctl_build(ITL_NAME, v, n, m.itlr, m.key, CTL_SHA512, time(NULL), &buf, &len, e->msg,
			       sizeof(e->msg));
		if (rc == 0)
			rc = write_tftp(c, ITL_NAME, buf, len, e->msg, sizeof(e->msg));
	}
	free(buf);
	peers_free(p);
	free(p);
	material_free(&m);
	if (rc != 0)
		e->code = ERR_FAIL;
	return rc;
}

/* The CTL's signer as the last set-cluster or reset localkey chose it. */
static char *ctl_signer(struct core *c)
{
	return setting_text(c, "ctl", "signer");
}

/* The CTL the publisher signed for the cluster, as it is (nothing when it
 * signed none yet). */
static int write_cluster_ctl(struct core *c, struct err *e)
{
	char *hex = NULL;
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc = store_ctl_get(c->cluster, &hex);

	if (rc == STORE_NOTFOUND)
		return 0;
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "cannot read the cluster's CTL: %s", store_errmsg(c->cluster));
	if (hex_decode(hex, &buf, &len) != 0)
		rc = err_set(e, ERR_FAIL, "the cluster's CTL is not hex");
	else if ((rc = write_tftp(c, CTL_NAME, buf, len, e->msg, sizeof(e->msg))) != 0)
		e->code = ERR_FAIL;
	free(hex);
	free(buf);
	return rc;
}

int trustlist_write_ctl(struct core *c, struct err *e)
{
	if (c->member)
		return write_cluster_ctl(c, e);

	bool secure = setting_int(c, "enterprise", "cluster-security-mode") == 1;
	char *signer = ctl_signer(c);
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc = -1;

	if (signer && trustlist_build_ctl(c, secure, signer, &buf, &len, e->msg, sizeof(e->msg)) == 0)
		rc = write_tftp(c, CTL_NAME, buf, len, e->msg, sizeof(e->msg));
	free(buf);
	free(signer);
	if (rc != 0)
		e->code = ERR_FAIL;
	return rc;
}

bool trustlist_lists(const char *unit)
{
	return strcmp(unit, "CallManager") == 0 || strcmp(unit, "CAPF") == 0 || strcmp(unit, "TVS") == 0 ||
	       strcmp(unit, "ITLRecovery") == 0;
}

bool trustlist_note_change(struct core *c, const char *unit)
{
	if (!trustlist_lists(unit) || setting_int(c, "enterprise", "cluster-security-mode") != 1)
		return false;
	struct err e;
	return setting_set(c, "ctl", "stale", "1", &e) == 0;
}

int trustlist_may_sign(struct core *c, struct err *e)
{
	struct cluster_node me;
	bool publisher;

	if (!c->member)
		return 0;
	if (store_cluster_node_get(c->cluster, c->node_name, &me) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read this node in the node list: %s",
			       store_errmsg(c->cluster));
	publisher = strcmp(me.role, "publisher") == 0;
	cluster_node_free(&me);
	if (!publisher)
		return err_set(
		    e, ERR_REFUSED,
		    "The cluster's CTL is signed on the publisher, with its keys: run this command "
		    "there; every node then writes the signed file to its TFTP directory");
	return 0;
}

/* On the publisher of a cluster: signed now, inside the change, so the
 * cluster keeps exactly these bytes and every node writes them. */
static int sign_for_cluster(struct core *c, bool secure, const char *signer, struct err *e)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	char *hex;
	int rc;

	if (trustlist_build_ctl(c, secure, signer, &buf, &len, e->msg, sizeof(e->msg)) != 0)
		return err_set(e, ERR_FAIL, "Cannot build the CTL: %.400s", e->msg);
	hex = hex_encode(buf, len);
	rc = store_ctl_put(c->cluster, hex, c->node_name);
	free(hex);
	free(buf);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot keep the CTL in the cluster: %s",
			       store_errmsg(c->cluster));
	return 0;
}

int trustlist_set_mode(struct core *c, bool secure, const char *signer, struct err *e)
{
	if (trustlist_may_sign(c, e) != 0)
		return -1;
	if (setting_set(c, "enterprise", "cluster-security-mode", secure ? "1" : "0", e) != 0 ||
	    setting_set(c, "ctl", "signer", signer, e) != 0 || setting_set(c, "ctl", "stale", "0", e) != 0)
		return -1;
	if (c->member && sign_for_cluster(c, secure, signer, e) != 0)
		return -1;
	service_mark_restart(c->store, "tftp", "CTL file changed");
	service_mark_restart(c->store, "callmanager", "CTL file changed");
	fx_write_ctl(c);
	return 0;
}

bool trustlist_ctl_stale(struct core *c)
{
	return setting_int(c, "ctl", "stale") == 1;
}

int trustlist_check_ready(struct core *c, bool need_capf, void (*problem)(void *ctx, const char *msg),
			  void *ctx)
{
	static const char *const need_units[] = {"CallManager", "CAPF", "TVS", "ITLRecovery"};
	static const char *const need_services[] = {"ctl-provider", "tftp", "capf"};
	time_t now = time(NULL);
	char msg[300];
	int n = 0;

	for (size_t i = 0; i < 4; i++) {
		struct cert_row row;
		if (store_cert_get(c->store, "own", need_units[i], need_units[i], &row) != STORE_OK) {
			snprintf(msg, sizeof(msg), "Not ready: %s has no certificate", need_units[i]);
			problem(ctx, msg), n++;
			continue;
		}
		if (row.not_after < now) {
			snprintf(msg, sizeof(msg),
				 "Not ready: the %s certificate has expired (set cert regen %s)",
				 need_units[i], need_units[i]);
			problem(ctx, msg), n++;
		}
		cert_row_free(&row);
	}
	for (size_t i = 0; i < (need_capf ? 3 : 2); i++) {
		const struct service_def *sv = service_find(need_services[i], NULL, 0);
		bool on, pending;
		if (service_state_of(c->store, sv, &on, &pending, NULL) != STORE_OK || !on) {
			snprintf(msg, sizeof(msg),
				 "Not ready: %s is not activated (utils service activate %s)", sv->name,
				 sv->id);
			problem(ctx, msg), n++;
		}
	}
	return n;
}
