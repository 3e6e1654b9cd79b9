#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "svc/units.h"

#define FIVE_YEARS 1825
#define TWENTY_YEARS 7300

/* ECDSA and ITLRecovery units share the trust store of their base unit. */
const struct unit_def units[] = {
    {"tomcat", "tomcat-trust", PKI_KEY_RSA, 2048, PKI_PROFILE_SERVER, FIVE_YEARS, CN_FQDN, false, "tomcat",
     true},
    {"tomcat-ECDSA", "tomcat-trust", PKI_KEY_EC, 256, PKI_PROFILE_SERVER, FIVE_YEARS, CN_FQDN_EC, false,
     "tomcat", true},
    {"ipsec", "ipsec-trust", PKI_KEY_RSA, 2048, PKI_PROFILE_SERVER, FIVE_YEARS, CN_FQDN, false, "ipsec",
     true},
    {"CallManager", "CallManager-trust", PKI_KEY_RSA, 2048, PKI_PROFILE_SIGNER, FIVE_YEARS, CN_FQDN, true,
     "callmanager,tftp,ctl-provider,tvs", true},
    {"CallManager-ECDSA", "CallManager-trust", PKI_KEY_EC, 256, PKI_PROFILE_SIGNER, FIVE_YEARS, CN_FQDN_EC,
     false, "callmanager", true},
    {"CAPF", "CAPF-trust", PKI_KEY_RSA, 2048, PKI_PROFILE_CA, FIVE_YEARS, CN_CAPF, false, "capf", false},
    {"TVS", "TVS-trust", PKI_KEY_RSA, 2048, PKI_PROFILE_SIGNER, FIVE_YEARS, CN_FQDN, false, "tvs", false},
    {"ITLRecovery", "CallManager-trust", PKI_KEY_RSA, 2048, PKI_PROFILE_SIGNER, TWENTY_YEARS, CN_ITLRECOVERY,
     true, "tftp", false},
    {"cup", "cup-trust", PKI_KEY_RSA, 2048, PKI_PROFILE_SERVER, FIVE_YEARS, CN_FQDN, false,
     "sip-proxy,presence-engine", true},
    {"cup-xmpp", "cup-xmpp-trust", PKI_KEY_RSA, 2048, PKI_PROFILE_SERVER, FIVE_YEARS, CN_FQDN, false,
     "xcp-connection-manager", true},
    {"cup-xmpp-s2s", "cup-xmpp-trust", PKI_KEY_RSA, 2048, PKI_PROFILE_SERVER, FIVE_YEARS, CN_FQDN, false,
     "xcp-connection-manager", true},
};

const size_t nunits = sizeof(units) / sizeof(units[0]);

const char *const trust_units[] = {
    "tomcat-trust",    "ipsec-trust",	   "CallManager-trust", "CAPF-trust",	       "TVS-trust",
    "cup-trust",       "cup-xmpp-trust",   "Phone-trust",	"Phone-VPN-trust",     "Phone-SAST-trust",
    "Phone-CTL-trust", "Phone-Edge-trust", "directory-trust",	"userlicensing-trust",
};

const size_t ntrust_units = sizeof(trust_units) / sizeof(trust_units[0]);

/* Names are matched ignoring case; an exact name wins over a unique prefix. */
int unit_lookup(const char *in, const char *(*name_of)(size_t), size_t n, char *err, size_t errlen,
		const char *what)
{
	int hit = -1, hits = 0;

	for (size_t i = 0; i < n; i++)
		if (strcasecmp(name_of(i), in) == 0)
			return (int)i;
	for (size_t i = 0; i < n; i++)
		if (*in && strncasecmp(name_of(i), in, strlen(in)) == 0)
			hit = (int)i, hits++;
	if (hits == 1)
		return hit;
	if (err) {
		size_t len = (size_t)snprintf(err, errlen, "%s:", hits ? "ambiguous" : what);
		for (size_t i = 0; i < n && len < errlen; i++)
			len += (size_t)snprintf(err + len, errlen - len, " %s", name_of(i));
	}
	return -1;
}

const char *unit_name(size_t i)
{
	return units[i].name;
}

const char *trust_unit_name(size_t i)
{
	return trust_units[i];
}

const struct unit_def *unit_find(const char *name)
{
	int i = unit_lookup(name, unit_name, nunits, NULL, 0, "");
	return i < 0 ? NULL : &units[i];
}
