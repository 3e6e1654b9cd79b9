#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/account.h"
#include "store/cert.h"
#include "store/user.h"
#include "svc/ipsec.h"
#include "svc/preview.h"
#include "svc/secmode.h"
#include "svc/settings.h"
#include "svc/trustlist.h"

static bool activated(struct core *c, const struct service_def *sv)
{
	bool on = false, pending;

	return sv && service_state_of(c->store, sv, &on, &pending, NULL) == STORE_OK && on;
}

/* The activated services that use u, as core_mark_restart would mark them. */
static void users(struct core *c, const struct unit_def *u, struct strbuf *names)
{
	char ids[128], *save = NULL;

	snprintf(ids, sizeof(ids), "%s", u->services);
	for (char *id = strtok_r(ids, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		const struct service_def *sv = service_find(id, NULL, 0);
		if (activated(c, sv))
			strbuf_addf(names, "%s%s", names->len ? ", " : "", sv->name);
	}
}

static void restarts(struct strbuf *out, const struct strbuf *names)
{
	if (names->len)
		strbuf_addf(out, "These services are marked for restart: %s.\n", names->buf);
	else
		strbuf_adds(out, "No activated service uses it, so none is marked for restart.\n");
}

static bool mixed_mode(struct core *c)
{
	return setting_int(c, "enterprise", "cluster-security-mode") == 1;
}

void preview_regen(struct core *c, const struct unit_def *u, struct strbuf *out)
{
	struct strbuf names = STRBUF_INIT;

	strbuf_addf(out,
		    "The key and certificate of %s are replaced by a new key and self-signed certificate.\n",
		    u->name);
	if (store_csr_get(c->store, u->name, NULL, NULL, NULL) == STORE_OK)
		strbuf_addf(out,
			    "The pending CSR of %s is discarded; a certificate issued for it can no "
			    "longer be imported.\n",
			    u->name);
	if (trustlist_lists(u->name)) {
		strbuf_adds(out, "The ITL (ITLFile.tlv) is rebuilt with the new certificate.\n");
		if (mixed_mode(c))
			strbuf_adds(out, "The cluster is in mixed mode: the CTL goes out of date until utils "
					 "ctl update CTLFile, and phones must download the new one.\n");
	}
	users(c, u, &names);
	restarts(out, &names);
	strbuf_release(&names);
}

void preview_trust_delete(struct core *c, const char *trust, const char *name, struct strbuf *out)
{
	struct strbuf names = STRBUF_INIT;
	struct cert_row row;

	if (store_cert_get(core_shared(c), "trust", trust, name, &row) == STORE_OK) {
		strbuf_addf(out,
			    "%s (%s) is removed from %s; peers whose certificates chain only to it are no "
			    "longer trusted.\n",
			    name, row.subject, trust);
		cert_row_free(&row);
	} else {
		strbuf_addf(out, "%s is removed from %s.\n", name, trust);
	}
	for (size_t i = 0; i < nunits; i++)
		if (strcmp(units[i].trust, trust) == 0) {
			users(c, &units[i], &names);
			break;
		}
	restarts(out, &names);
	strbuf_release(&names);
}

void preview_csr_delete(struct core *c, const char *unit, struct strbuf *out)
{
	strbuf_addf(out,
		    "The pending CSR of %s and its key are discarded; a certificate a CA issues for it "
		    "can no longer be imported.\n",
		    unit);
}

void preview_ctl(struct core *c, bool secure, bool update, const char *signer, struct strbuf *out)
{
	const struct service_def *capf = service_find("capf", NULL, 0);

	if (update)
		strbuf_addf(out,
			    "CTLFile.tlv is rebuilt from the current certificates and signed by %s "
			    "(cluster security mode stays %d).\n",
			    signer, secure ? 1 : 0);
	else
		strbuf_addf(out,
			    "Cluster security mode becomes %d (%s); CTLFile.tlv is rewritten and signed "
			    "by %s.\n",
			    secure ? 1 : 0, secure ? "mixed mode" : "non-secure", signer);
	if (secure)
		strbuf_addf(out,
			    "It lists ITLRecovery and CallManager as SAST, this node as CCM+TFTP, TVS%s.\n",
			    activated(c, capf) ? " and CAPF" : " (not CAPF: its service is deactivated)");
	else
		strbuf_adds(out, "Phones stop verifying signed configuration files and calls are no longer "
				 "encrypted.\n");
	strbuf_adds(out, "Cisco TFTP and Cisco CallManager are marked for restart; phones download the new "
			 "CTL when they restart.\n");
}

void preview_service_restart(struct core *c, const struct service_def *sv, struct strbuf *out)
{
	strbuf_addf(out,
		    "%s is restarted now through its hook (restart.%s); its connections drop while it "
		    "starts.\n",
		    sv->name, sv->id);
}

void preview_system_restart(struct core *c, struct strbuf *out)
{
	strbuf_adds(out, "The node restarts through its hook (restart.system): every service stops, and "
			 "SSH and console sessions end.\n");
}

void preview_account_delete(struct core *c, const char *name, struct strbuf *out)
{
	int level;

	if (store_account_level(c->store, name, &level) == STORE_OK)
		strbuf_addf(out, "Account %s (level %d) is deleted; the OS user %s can no longer use ucsh.\n",
			    name, level, name);
	else
		strbuf_addf(out, "Account %s is deleted.\n", name);
}

void preview_user_delete(struct core *c, const char *name, struct strbuf *out)
{
	struct user_row u;

	if (store_user_get(core_shared(c), name, &u) != STORE_OK) {
		strbuf_addf(out, "User %s is deleted.\n", name);
		return;
	}
	strbuf_addf(out, "The %s user %s is deleted with its CTI group memberships%s.\n", u.kind, name,
		    c->member ? ", on every node of the cluster" : "");
	user_row_free(&u);
}

void preview_capf_delete(struct core *c, const char *const *ids, int n, struct strbuf *out)
{
	if (n < 0)
		strbuf_addf(out,
			    "Every CAPF profile is deleted%s; their LSCs stay until utils capf stale-lsc "
			    "delete.\n",
			    c->member ? " on every node of the cluster" : "");
	else
		for (int i = 0; i < n; i++)
			strbuf_addf(
			    out,
			    "CAPF profile %s is deleted; its LSC stays until utils capf stale-lsc delete.\n",
			    ids[i]);
}

void preview_file_delete(struct core *c, const char *name, struct strbuf *out)
{
	strbuf_addf(out, "%s is removed from the file area for good.\n", name);
}

struct ipsec_preview {
	struct strbuf *out;
	int n, enabled;
};

static int ipsec_one(const struct ipsec_row *r, void *arg)
{
	struct ipsec_preview *p = arg;

	p->n++;
	p->enabled += r->enabled;
	return 0;
}

void preview_ipsec_delete(struct core *c, const char *grp, const char *name, struct strbuf *out)
{
	struct ipsec_preview p = {out, 0, 0};
	struct ipsec_row r;
	struct err e;

	if (name) {
		if (core_ipsec_get(c, grp, name, &r, &e) != 0)
			return;
		ipsec_one(&r, &p);
		ipsec_row_free(&r);
	} else {
		core_ipsec_each(c, grp, ipsec_one, &p, &e);
	}
	if (name)
		strbuf_addf(out, "IPsec policy %s of group %s is deleted", name, grp);
	else
		strbuf_addf(out, "The %d IPsec polic%s of group %s %s deleted", p.n, p.n == 1 ? "y" : "ies",
			    grp, p.n == 1 ? "is" : "are");
	strbuf_addf(out, "%s\n",
		    p.enabled
			? "; strongSwan's configuration is rewritten without it and IPsec needs a restart"
			: " (not enabled: strongSwan is not affected)");
}

static void say_provider(struct core *c, struct strbuf *out)
{
	struct secmode_state st;
	struct err e;

	if (core_secmode_state(c, &st, &e) != 0)
		return;
	if (st.provider)
		strbuf_addf(out, "OpenSSL's FIPS provider (%s) becomes the only crypto module ucsh uses.\n",
			    st.provider_desc);
	else
		strbuf_addf(
		    out,
		    "There is no FIPS provider (%s): ucsh enforces the policy itself, on a crypto module "
		    "that is not FIPS-validated.\n",
		    st.provider_desc);
}

void preview_secmode(struct core *c, enum secmode m, bool on, struct strbuf *out)
{
	struct secmode_plan p;
	struct err e;

	if (core_secmode_plan(c, m, on, &p, &e) != 0) {
		strbuf_addf(out, "%s\n", e.msg);
		return;
	}
	if (p.fips && !p.was_fips) {
		if (m != SECMODE_FIPS)
			strbuf_addf(out, "%s needs FIPS mode: FIPS mode is enabled too.\n", secmode_name(m));
		strbuf_adds(out,
			    "FIPS mode is enabled: from then on RSA keys below 2048 bits, SHA-1 and MD5 "
			    "signatures, CAPF key sizes below 2048, IPsec pre-shared keys, DES, 3DES, MD5, "
			    "BLOWFISH, NULL_ENC, DH groups below 14 and SHA-1 trust lists are refused.\n");
		say_provider(c, out);
	} else if (!p.fips && p.was_fips) {
		strbuf_adds(out, "FIPS mode is disabled: the permissive policy applies again; no certificate "
				 "changes.\n");
	}
	if (m == SECMODE_ESM && on != p.was_esm)
		strbuf_addf(out, "Enhanced Security Mode is %s.\n", on ? "enabled" : "disabled");
	if (m == SECMODE_CC && on != p.was_cc)
		strbuf_addf(out, "Common Criteria mode is %s%s.\n", on ? "enabled" : "disabled",
			    on ? ": only X.509 v3 certificates are accepted and TLS 1.1 or higher is required"
			       : "");
	if (p.tls_raised)
		strbuf_adds(out, "The TLS minimum version is raised from 1.0 to 1.1.\n");
	if (p.fips && p.cc && (!p.was_fips || !p.was_cc))
		strbuf_adds(out, "With FIPS and Common Criteria both on, multi-server SAN certificates are "
				 "replaced by self-signed ones.\n");
	for (int i = 0; i < p.n; i++)
		if (p.v[i].regenerate)
			strbuf_addf(out, "Regenerated (new key, self-signed): %s: %s.\n", p.v[i].name,
				    p.v[i].why);
	for (int i = 0; i < p.n; i++)
		if (!p.v[i].regenerate)
			strbuf_addf(out, "Flagged, not changed: %s.\n", p.v[i].why);
	strbuf_adds(out, "The node must restart for the change to take effect (utils system restart).\n");
	secmode_plan_free(&p);
}

void preview_tls_min(struct core *c, const char *version, struct strbuf *out)
{
	char *now = setting_text(c, "security", "tls-min-version");

	bool raised = now && strcmp(version, now) > 0;

	strbuf_addf(
	    out,
	    "This node's TLS servers accept TLS %s and higher (now %s)%s. The node must restart for it "
	    "to take effect (utils system restart).\n",
	    version, now ? now : "?", raised ? ": clients that cannot do it can no longer connect" : "");
	free(now);
}
