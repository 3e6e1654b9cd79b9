/* show status: the node at a glance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/families.h"
#include "commands/identity.h"
#include "commands/session.h"
#include "svc/certstore.h"
#include "svc/cluster.h"
#include "svc/services.h"
#include "svc/settings.h"
#include "svc/trustlist.h"
#include "util/strbuf.h"

/* Standalone, or this node's place in the cluster and how far behind the
 * publisher its copy is. */
static void cluster_line(struct session *s, struct out *o)
{
	struct local_replication lr;
	struct err e;
	char text[160];

	if (!s->config.cluster_primary)
		snprintf(text, sizeof(text), "standalone");
	else if (!s->core.cluster)
		snprintf(text, sizeof(text),
			 "the cluster database cannot be reached; cluster-wide settings are read-only");
	else if (!s->core.member)
		snprintf(text, sizeof(text), "configured, not a member (utils cluster init or join)");
	else if (core_cluster_local(&s->core, &lr, &e) != 0)
		snprintf(text, sizeof(text), "member; replication state unknown: %.100s", e.msg);
	else if (!lr.standby)
		snprintf(text, sizeof(text), "member; this node's database is the primary");
	else
		snprintf(text, sizeof(text), "member; replication lag %lld s (%lld bytes to replay)",
			 lr.lag_seconds < 0 ? 0 : lr.lag_seconds, lr.pending_bytes);
	out_kv(o, "cluster", "Cluster", text);
}

/* The security modes (utils fips status says more), and why the node
 * waits for a restart. */
static void security_modes(struct session *s, struct out *o)
{
	static const char *const ids[] = {"fips-mode", "esm-mode", "cc-mode"};
	static const char *const keys[] = {"fips", "enhanced_security", "common_criteria"};
	static const char *const labels[] = {"FIPS mode", "Enhanced Security Mode", "Common Criteria mode"};
	char *restart = setting_text(&s->core, "security", "restart-pending");

	for (int i = 0; i < 3; i++)
		out_kv(o, keys[i], labels[i],
		       setting_int(&s->core, "security", ids[i]) == 1 ? "enabled" : "disabled");
	out_kv(o, "node_restart", "Node restart pending", restart && *restart ? restart : "no");
	free(restart);
}

static int show_status(struct session *s, const void *args, struct out *o)
{
	struct node_identity id = {0};
	char fqdn[320], *cluster;
	long mode;
	struct strbuf pending = STRBUF_INIT;
	struct cert_counts counts;
	char expiring[80];
	struct err e;
	int rc = UC_OK;

	if (identity_load(s, o, &id, fqdn, sizeof(fqdn)) != UC_OK)
		return UC_FAIL;
	cluster = setting_text(&s->core, "enterprise", "cluster-id");
	mode = setting_int(&s->core, "enterprise", "cluster-security-mode");
	for (size_t i = 0; i < nservices; i++) {
		bool on, due;
		if (service_state_of(s->store, &services[i], &on, &due, NULL) != STORE_OK) {
			rc = out_error(o, UC_FAIL, "Cannot read services: %s", store_errmsg(s->store));
			goto out;
		}
		if (due)
			strbuf_addf(&pending, "%s%s", pending.len ? ", " : "", services[i].name);
	}
	if (core_cert_counts(&s->core, 30, &counts, &e) != 0) {
		rc = cmd_fail(o, &e);
		goto out;
	}
	out_kv_begin(o, NULL);
	out_kv(o, "fqdn", "Node", fqdn);
	out_kv(o, "ip", "IP address", id.ip);
	out_kv(o, "cluster_id", "Cluster ID", cluster);
	out_kv_num(o, "cluster_security_mode", "Cluster security mode", mode,
		   mode ? "1 (mixed mode)" : "0 (non-secure)");
	out_kv_int(o, "own_certificates", "Own certificates", counts.own);
	out_kv_int(o, "trusted_certificates", "Trusted certificates", counts.trust);
	snprintf(expiring, sizeof(expiring), "%d%s", counts.expiring,
		 counts.expiring ? " (utils cert monitor run lists them)" : "");
	out_kv_num(o, "expiring_30_days", "Expiring within 30 days", counts.expiring, expiring);
	cluster_line(s, o);
	out_kv(o, "restart_pending", "Services pending restart", pending.len ? pending.buf : "none");
	security_modes(s, o);
	if (mode == 1)
		out_kv(o, "ctl", "CTL file",
		       fx_behind(&s->core, "ctl")      ? "behind the store: not written since it changed"
		       : trustlist_ctl_stale(&s->core) ? "out of date: run utils ctl update CTLFile"
						       : "current");
	out_kv(o, "files", "Deploy and TFTP files",
	       fx_behind(&s->core, NULL) ? "behind the store: a change was not written out; the next start "
					   "rewrites them"
					 : "current");
	out_kv_end(o);
out:
	strbuf_release(&pending);
	free(cluster);
	node_identity_free(&id);
	return rc;
}

static const struct cmd_def status_cmds[] = {
    {"show status", show_status, PRIV_READ, 0,
     "The node at a glance: identity, cluster, security mode, certificates and those expiring within 30 "
     "days, "
     "services pending restart",
     NULL, NULL, NULL},
};

const struct cmd_family status_family = CMD_FAMILY("status", status_cmds, NULL, NULL);
