#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "commands/services.h"

const struct service_def services[] = {
	{"tomcat", "Cisco Tomcat"},
	{"callmanager", "Cisco CallManager"},
	{"tftp", "Cisco TFTP"},
	{"ctl-provider", "Cisco CTL Provider"},
	{"capf", "Cisco Certificate Authority Proxy Function"},
	{"tvs", "Cisco Trust Verification Service"},
	{"sip-proxy", "Cisco SIP Proxy"},
	{"xcp-connection-manager", "Cisco XCP Connection Manager"},
	{"ipma", "Cisco IP Manager Assistant"},
	{"device-activation", "Cisco Device Activation Service"},
	{"presence-engine", "Cisco Presence Engine"},
	{"ipsec", "IPsec"},
};

const size_t nservices = sizeof(services) / sizeof(services[0]);

static const char *without_cisco(const char *name)
{
	return strncasecmp(name, "Cisco ", 6) == 0 ? name + 6 : name;
}

static bool prefix_of(const char *text, const char *full)
{
	return strncasecmp(full, text, strlen(text)) == 0;
}

const struct service_def *service_find(const char *text, char *err, size_t errlen)
{
	const char *bare = without_cisco(text);
	const struct service_def *hit = NULL;
	int nhits = 0;

	if (!*bare) {
		snprintf(err, errlen, "a service name or id");
		return NULL;
	}
	for (size_t i = 0; i < nservices; i++)
		if (strcasecmp(services[i].id, text) == 0 || strcasecmp(without_cisco(services[i].name), bare) == 0)
			return &services[i];
	for (size_t i = 0; i < nservices; i++)
		if (prefix_of(text, services[i].id) || prefix_of(bare, without_cisco(services[i].name))) {
			hit = &services[i];
			nhits++;
		}
	if (nhits == 1)
		return hit;
	if (nhits > 1) {
		size_t len = (size_t)snprintf(err, errlen, "ambiguous: matches");
		for (size_t i = 0; i < nservices && len < errlen; i++)
			if (prefix_of(text, services[i].id) || prefix_of(bare, without_cisco(services[i].name)))
				len += (size_t)snprintf(err + len, errlen - len, " %s", services[i].id);
		return NULL;
	}
	snprintf(err, errlen, "no such service (utils service list shows them)");
	return NULL;
}

static bool check_service(struct session *s, const struct type_def *t, long min, long max, const char *in,
			  char **canon, char *err, size_t errlen)
{
	const struct service_def *sv = service_find(in, err, errlen);

	if (!sv)
		return false;
	*canon = strdup(sv->id);
	return true;
}

static void complete_service(struct session *s, struct strlist *out)
{
	for (size_t i = 0; i < nservices; i++)
		strlist_add(out, services[i].id);
}

const struct type_def service_type = {
	"SERVICE", "service: short id or name, with or without \"Cisco \", or a unique prefix", check_service,
	complete_service,
};
