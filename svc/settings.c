/* The settings registry: every enterprise and service parameter with its
 * type, allowed values and default. Values live in the store; only values
 * that differ from the default are stored. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/capf.h"
#include "store/param.h"
#include "store/store.h"
#include "svc/cryptopolicy.h"
#include "svc/settings.h"

static const char *const fips_exchange_auth[] = {"Auto", "Basic Only", NULL};
static const char *const cti_security[] = {"Nonsecure", "Secure", NULL};
static const char *const capf_key_sizes[] = {"1024", "2048", "3072", "4096", NULL};

/* The documentation's CTI profile sizes are 512 and 1024 besides 2048 and
 * up. 512-bit RSA is factored in hours on rented machines, so it is named
 * and refused; 1024 still works with old phones but is below what NIST has
 * allowed since 2014, so it is taken with a warning. (FIPS mode, when it
 * comes, refuses it too.) */
static int capf_key_size_rule(struct core *c, const char *value, struct err *e)
{
	if (strcmp(value, "512") == 0) {
		err_set(
		    e, ERR_INVALID,
		    "Key Size 512 is refused: a 512-bit RSA key can be factored in hours; allowed: 1024 | "
		    "2048 | 3072 | 4096");
		return -1;
	}
	if (strcmp(value, "1024") == 0 && core_fips_mode(c)) {
		err_set(
		    e, ERR_REFUSED,
		    "Key Size 1024: FIPS mode refuses RSA keys below 2048 bits; allowed: 2048 | 3072 | 4096");
		return -1;
	}
	if (strcmp(value, "1024") == 0) {
		err_set(e, ERR_INVALID,
			"1024-bit RSA keys are below the 2048 bits NIST has required since 2014; use 2048 or "
			"more unless phones that cannot do better need it");
		return 1;
	}
	return 0;
}
/* The IPMA's CAPF profile must exist (the documentation's dependency
 * record): an empty value clears it. */
static int capf_instance_rule(struct core *c, const char *value, struct err *e)
{
	struct capf_profile p;

	if (!*value)
		return 0;
	if (store_capf_get(core_shared(c), value, &p) != STORE_OK) {
		err_set(e, ERR_INVALID, "There is no CAPF profile with instance ID %s (capf profile list)",
			value);
		return -1;
	}
	capf_profile_free(&p);
	return 0;
}

static const char *const on_off[] = {"enable", "disable", NULL};
static const char *const banner_ack[] = {"on", "off", NULL};
static const char *const tls_versions[] = {"1.0", "1.1", "1.2", "1.3", NULL};
static const char *const ctl_signers[] = {"ITLRecovery", "CallManager", NULL};

const struct setting_def settings[] = {
    {.scope = "enterprise",
     .id = "cluster-id",
     .name = "Cluster ID",
     .kind = SET_ID,
     .min = 1,
     .max = 50,
     .def = "StandAloneCluster",
     .extra = "._-"},
    {.scope = "enterprise",
     .id = "cluster-security-mode",
     .name = "Cluster Security Mode",
     .kind = SET_INT,
     .min = 0,
     .max = 1,
     .def = "0",
     .read_only = true,
     .set_by = "utils ctl set-cluster"},
    {.scope = "enterprise",
     .id = "capf-operation-expires",
     .name = "CAPF Operation Expires in (days)",
     .kind = SET_INT,
     .min = 1,
     .max = 365,
     .def = "10"},
    {.scope = "enterprise",
     .id = "activation-ttl",
     .name = "Activation Time to Live (Hours)",
     .kind = SET_INT,
     .min = 1,
     .max = 720,
     .def = "168"},
    {.scope = "capf",
     .id = "key-size",
     .name = "Key Size",
     .kind = SET_CHOICE,
     .choices = capf_key_sizes,
     .def = "2048",
     .restart = "capf",
     .rule = capf_key_size_rule},
    {.scope = "capf",
     .id = "certificate-validity",
     .name = "Duration Of Certificate Validity (in years)",
     .kind = SET_INT,
     .min = 1,
     .max = 20,
     .def = "5",
     .restart = "capf"},
    {.scope = "capf",
     .id = "max-auth-failures",
     .name = "Maximum Authentication Failures",
     .kind = SET_INT,
     .min = 1,
     .max = 100,
     .def = "3"},
    {.scope = "capf",
     .id = "keygen-wait",
     .name = "Maximum Wait for Key Generation on the Device (minutes)",
     .kind = SET_INT,
     .min = 1,
     .max = 240,
     .def = "60"},
    {.scope = "capf",
     .id = "key-gen-retries",
     .name = "Maximum Number of Key Generation Retries",
     .kind = SET_INT,
     .min = 0,
     .max = 5,
     .def = "3",
     .restart = "capf"},
    {.scope = "tvs",
     .id = "cache-ttl",
     .name = "TVS Cache TTL (seconds)",
     .kind = SET_INT,
     .min = 1,
     .max = 2592000,
     .def = "86400"},
    {.scope = "presence-engine",
     .id = "fips-exchange-auth",
     .name = "FIPS Mode Exchange Server Authentication",
     .kind = SET_CHOICE,
     .choices = fips_exchange_auth,
     .def = "Auto",
     .restart = "presence-engine"},
    {.scope = "ipma",
     .id = "ctimanager-security",
     .name = "CTIManager Connection Security Flag",
     .kind = SET_CHOICE,
     .choices = cti_security,
     .def = "Nonsecure",
     .restart = "ipma"},
    {.scope = "ipma",
     .id = "capf-instance-id",
     .name = "CAPF Profile Instance ID for Secure Connection to CTIManager",
     .kind = SET_ID,
     .min = 0,
     .max = 128,
     .def = "",
     .rule = capf_instance_rule},

    /* Set by their own commands, not by set param. */
    {.scope = "cli",
     .id = "session-timeout",
     .name = "Session timeout (minutes)",
     .kind = SET_INT,
     .min = 5,
     .max = 99999,
     .def = "30",
     .internal = true},
    {.scope = "monitor",
     .id = "start",
     .name = "Notification start (days before expiry)",
     .kind = SET_INT,
     .min = 1,
     .max = 365,
     .def = "30",
     .internal = true},
    {.scope = "monitor",
     .id = "frequency",
     .name = "Frequency",
     .kind = SET_TEXT,
     .def = "24h",
     .internal = true},
    {.scope = "monitor",
     .id = "email",
     .name = "E-mail notification",
     .kind = SET_CHOICE,
     .choices = on_off,
     .def = "disable",
     .internal = true},
    {.scope = "monitor",
     .id = "last-mail",
     .name = "Last mail sent (seconds since 1970, UTC)",
     .kind = SET_INT,
     .min = 0,
     .max = 1L << 40,
     .def = "0",
     .internal = true},
    {.scope = "monitor", .id = "to", .name = "Recipients", .kind = SET_TEXT, .def = "", .internal = true},
    {.scope = "monitor", .id = "smtp", .name = "SMTP server", .kind = SET_TEXT, .def = "", .internal = true},
    /* Node-local: whether the node joined a cluster, for when its database
     * cannot be reached (cluster-wide writes are then refused). */
    {.scope = "cluster",
     .id = "member",
     .name = "Member of a cluster",
     .kind = SET_INT,
     .min = 0,
     .max = 1,
     .def = "0",
     .internal = true},
    {.scope = "ctl",
     .id = "stale",
     .name = "CTL out of date",
     .kind = SET_INT,
     .min = 0,
     .max = 1,
     .def = "0",
     .internal = true},
    {.scope = "ctl",
     .id = "signer",
     .name = "CTL signer",
     .kind = SET_CHOICE,
     .choices = ctl_signers,
     .def = "ITLRecovery",
     .internal = true},
    /* The node's FIPS mode: every crypto choice goes through
     * svc/cryptopolicy.c, which refuses what FIPS forbids when it is 1. */
    /* IM and Presence XMPP security (svc/xmpp.c): cluster-wide. */
    {.scope = "xmpp",
     .id = "client-secure",
     .name = "XMPP client to IM/P service secure mode",
     .kind = SET_CHOICE,
     .choices = on_off,
     .def = "enable",
     .internal = true},
    {.scope = "xmpp",
     .id = "router-secure",
     .name = "XMPP router-to-router secure mode",
     .kind = SET_CHOICE,
     .choices = on_off,
     .def = "disable",
     .internal = true},
    {.scope = "xmpp",
     .id = "web-client-secure",
     .name = "Web client to IM/P service secure mode",
     .kind = SET_CHOICE,
     .choices = on_off,
     .def = "disable",
     .internal = true},
    /* Single sign-on through OpenAM (svc/sso.c): cluster-wide. */
    {.scope = "sso", .id = "url", .name = "OpenAM URL", .kind = SET_TEXT, .def = "", .internal = true},
    {.scope = "sso", .id = "path", .name = "Relative Path", .kind = SET_TEXT, .def = "", .internal = true},
    {.scope = "sso", .id = "profile", .name = "Profile Name", .kind = SET_TEXT, .def = "", .internal = true},
    {.scope = "sso",
     .id = "login-module",
     .name = "Login Module Instance Name",
     .kind = SET_TEXT,
     .def = "",
     .internal = true},
    {.scope = "sso",
     .id = "password",
     .name = "Profile Password",
     .kind = SET_TEXT,
     .def = "",
     .internal = true},
    {.scope = "sso",
     .id = "enabled",
     .name = "Single sign-on",
     .kind = SET_CHOICE,
     .choices = on_off,
     .def = "disable",
     .internal = true},
    /* The login banner (svc/banner.c): cluster-wide. */
    {.scope = "banner", .id = "text", .name = "Login banner", .kind = SET_TEXT, .def = "", .internal = true},
    {.scope = "banner",
     .id = "acknowledge",
     .name = "Banner acknowledgement",
     .kind = SET_CHOICE,
     .choices = banner_ack,
     .def = "off",
     .internal = true},
    {.scope = "security",
     .id = "fips-mode",
     .name = "FIPS mode",
     .kind = SET_INT,
     .min = 0,
     .max = 1,
     .def = "0",
     .internal = true},
    /* Enhanced Security and Common Criteria modes need FIPS mode
     * (svc/secmode.c); the TLS minimum is what this node's TLS servers
     * offer. All node-local: each node is switched on its own. */
    {.scope = "security",
     .id = "esm-mode",
     .name = "Enhanced Security Mode",
     .kind = SET_INT,
     .min = 0,
     .max = 1,
     .def = "0",
     .internal = true},
    {.scope = "security",
     .id = "cc-mode",
     .name = "Common Criteria mode",
     .kind = SET_INT,
     .min = 0,
     .max = 1,
     .def = "0",
     .internal = true},
    {.scope = "security",
     .id = "tls-min-version",
     .name = "TLS minimum version",
     .kind = SET_CHOICE,
     .choices = tls_versions,
     .def = "1.2",
     .internal = true},
    /* Why the node waits for utils system restart ("" when it does not). */
    {.scope = "security",
     .id = "restart-pending",
     .name = "Node restart pending",
     .kind = SET_TEXT,
     .def = "",
     .internal = true},
};

const size_t nsettings = sizeof(settings) / sizeof(settings[0]);

const struct setting_def *setting_find(const char *scope, const char *text, char *err, size_t errlen)
{
	const struct setting_def *hit = NULL;
	int nhits = 0;
	size_t len = strlen(text);

	for (size_t i = 0; i < nsettings; i++)
		if (!settings[i].internal && strcmp(settings[i].scope, scope) == 0 &&
		    (strcasecmp(settings[i].id, text) == 0 || strcasecmp(settings[i].name, text) == 0))
			return &settings[i];
	for (size_t i = 0; i < nsettings; i++)
		if (len && !settings[i].internal && strcmp(settings[i].scope, scope) == 0 &&
		    (strncasecmp(settings[i].id, text, len) == 0 ||
		     strncasecmp(settings[i].name, text, len) == 0)) {
			hit = &settings[i];
			nhits++;
		}
	if (nhits == 1)
		return hit;
	snprintf(err, errlen, "%s parameter \"%s\"; show param %s%s lists them",
		 nhits ? "ambiguous" : "no such", text,
		 strcmp(scope, "enterprise") == 0 ? "enterprise" : "service ",
		 strcmp(scope, "enterprise") == 0 ? "" : scope);
	return NULL;
}

void setting_describe(const struct setting_def *p, char *buf, size_t len)
{
	size_t n = 0;

	switch (p->kind) {
	case SET_INT:
		snprintf(buf, len, "%ld-%ld", p->min, p->max);
		break;
	case SET_ID:
		snprintf(buf, len, "%s%ld-%ld letters or digits%s%s", p->min == 0 ? "empty, or " : "",
			 p->min ? p->min : 1, p->max, p->extra ? " or any of " : "",
			 p->extra ? p->extra : "");
		break;
	case SET_TEXT:
		snprintf(buf, len, "text");
		break;
	case SET_CHOICE:
		buf[0] = '\0';
		for (const char *const *c = p->choices; *c && n < len; c++)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", c == p->choices ? "" : " | ", *c);
		break;
	}
}

/* Validates value for p; *canon gets the canonical spelling. */
bool setting_check(const struct setting_def *p, const char *value, char **canon)
{
	size_t len = strlen(value);
	char *end;
	long v;

	switch (p->kind) {
	case SET_INT:
		errno = 0;
		v = strtol(value, &end, 10);
		if (!*value || *end || errno || v < p->min || v > p->max || value[0] == '+')
			return false;
		*canon = malloc(24);
		if (*canon)
			snprintf(*canon, 24, "%ld", v);
		return *canon != NULL;
	case SET_ID:
		if ((long)len < p->min || (long)len > p->max)
			return false;
		for (const char *c = value; *c; c++)
			if (!isalnum((unsigned char)*c) && !(p->extra && strchr(p->extra, *c)))
				return false;
		*canon = strdup(value);
		return *canon != NULL;
	case SET_TEXT:
		return (*canon = strdup(value)) != NULL;
	case SET_CHOICE:
		for (const char *const *c = p->choices; *c; c++)
			if (strcasecmp(*c, value) == 0)
				return (*canon = strdup(*c)) != NULL;
		return false;
	}
	return false;
}

const struct setting_def *setting_def_of(const char *scope, const char *id)
{
	for (size_t i = 0; i < nsettings; i++)
		if (strcmp(settings[i].scope, scope) == 0 && strcmp(settings[i].id, id) == 0)
			return &settings[i];
	return NULL;
}

bool setting_cluster_wide(const struct setting_def *p)
{
	static const char *const shared[] = {"enterprise", "ctl", "banner", "xmpp", "sso", NULL};

	for (const char *const *s = shared; *s; s++)
		if (strcmp(p->scope, *s) == 0)
			return true;
	return false;
}

/* Service parameters: each member of a cluster sets its own, kept in the
 * cluster database under its name. */
static bool node_keyed(struct core *c, const struct setting_def *p)
{
	return !p->internal && strcmp(p->scope, "enterprise") != 0 && c->member && c->cluster &&
	       *c->node_name;
}

static struct store *store_of(struct core *c, const struct setting_def *p)
{
	return node_keyed(c, p) ? c->cluster : setting_cluster_wide(p) ? core_shared(c) : c->store;
}

static int get_value(struct core *c, const struct setting_def *p, char **v)
{
	if (node_keyed(c, p))
		return store_node_param_get(c->cluster, c->node_name, p->scope, p->id, v);
	return store_param_get(store_of(c, p), p->scope, p->id, v);
}

static int put_value(struct core *c, const struct setting_def *p, const char *v)
{
	struct store *st = store_of(c, p);
	bool dflt = strcmp(v, p->def) == 0;

	if (node_keyed(c, p))
		return dflt ? store_node_param_clear(st, c->node_name, p->scope, p->id)
			    : store_node_param_set(st, c->node_name, p->scope, p->id, v);
	return dflt ? store_param_clear(st, p->scope, p->id) : store_param_set(st, p->scope, p->id, v);
}

char *setting_text(struct core *c, const char *scope, const char *id)
{
	const struct setting_def *p = setting_def_of(scope, id);
	char *v = NULL;
	int rc;

	if (!p)
		return NULL;
	rc = get_value(c, p, &v);
	if (rc == STORE_NOTFOUND)
		return strdup(p->def);
	return rc == STORE_OK ? v : NULL;
}

int setting_put(struct core *core, const struct setting_def *p, const char *value, char **canon,
		struct err *e)
{
	char allowed[128], *c = NULL;

	if (!setting_check(p, value, &c)) {
		free(c);
		setting_describe(p, allowed, sizeof(allowed));
		return err_set(e, ERR_INVALID, "Invalid value \"%s\" for \"%s\": %s", value, p->name,
			       allowed);
	}
	if ((setting_cluster_wide(p) || node_keyed(core, p) || (core->cut_off && !p->internal)) &&
	    core_shared_write(core, e) != 0) {
		free(c);
		return -1;
	}
	/* Only values that differ from the default are stored. */
	if (put_value(core, p, c) != STORE_OK) {
		free(c);
		return err_set(e, ERR_FAIL, "Cannot set \"%s\": %s", p->name,
			       store_errmsg(store_of(core, p)));
	}
	if (canon)
		*canon = c;
	else
		free(c);
	return 0;
}

int setting_set(struct core *c, const char *scope, const char *id, const char *value, struct err *e)
{
	const struct setting_def *p = setting_def_of(scope, id);

	if (!p)
		return err_set(e, ERR_FAIL, "no setting %s %s", scope, id);
	return setting_put(c, p, value, NULL, e);
}

long setting_int(struct core *c, const char *scope, const char *id)
{
	char *v = setting_text(c, scope, id);
	long n = v ? strtol(v, NULL, 10) : 0;

	free(v);
	return n;
}
