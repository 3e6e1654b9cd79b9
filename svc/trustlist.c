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
#include "store/node.h"
#include "svc/services.h"
#include "svc/settings.h"
#include "svc/trustlist.h"

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

static bool capf_activated(struct core *c)
{
	bool on = false, pending;

	service_state_of(c->store, service_find("capf", NULL, 0), &on, &pending, NULL);
	return on;
}

/* CTL: both signers as SAST, the node as CCM+TFTP (certificate-less in
 * non-secure mode), CAPF while its service is activated (the CTL client's
 * rule), TVS. */
int trustlist_build_ctl(struct core *c, bool secure, const char *signer_unit, unsigned char **out,
			size_t *len, char *err, size_t errlen)
{
	struct material m;
	int rc = -1;

	if (load_material(c, signer_unit, &m, err, errlen) == 0) {
		bool capf = capf_activated(c);
		struct ctl_entry e[5] = {
		    {m.itlr, CTL_SAST, NULL, NULL},
		    {m.ccm, CTL_SAST, NULL, NULL},
		    {secure ? m.ccm : NULL, CTL_CCM_TFTP, m.fqdn, *m.ip ? m.ip : NULL},
		    {capf ? m.capf : m.tvs, capf ? CTL_CAPF : CTL_TVS, NULL, NULL},
		    {m.tvs, CTL_TVS, NULL, NULL},
		};
		size_t n = capf ? 5 : 4;
		rc =
		    ctl_build(CTL_NAME, e, n, m.signer, m.key, CTL_SHA512, time(NULL), out, len, err, errlen);
	}
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
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc = -1;

	if (load_material(c, "ITLRecovery", &m, e->msg, sizeof(e->msg)) == 0) {
		struct ctl_entry v[] = {
		    {m.itlr, CTL_SAST, NULL, NULL}, {m.ccm, CTL_TFTP, m.fqdn, *m.ip ? m.ip : NULL},
		    {m.ccm, CTL_SAST, NULL, NULL},  {m.tvs, CTL_TVS, NULL, NULL},
		    {m.capf, CTL_CAPF, NULL, NULL},
		};
		rc = ctl_build(ITL_NAME, v, 5, m.itlr, m.key, CTL_SHA512, time(NULL), &buf, &len, e->msg,
			       sizeof(e->msg));
		if (rc == 0)
			rc = write_tftp(c, ITL_NAME, buf, len, e->msg, sizeof(e->msg));
	}
	free(buf);
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

int trustlist_write_ctl(struct core *c, struct err *e)
{
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

int trustlist_set_mode(struct core *c, bool secure, const char *signer, struct err *e)
{
	if (setting_set(c, "enterprise", "cluster-security-mode", secure ? "1" : "0", e) != 0 ||
	    setting_set(c, "ctl", "signer", signer, e) != 0 || setting_set(c, "ctl", "stale", "0", e) != 0)
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
