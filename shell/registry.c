#include "shell/registry.h"
#include "commands/families.h"
#include "shell/help.h"

/* clang-format off */
const struct cmd_family *const registry_families[] = {
	&help_family,
	&system_family,
	&network_family,
	&param_family,
	&file_family,
	&service_family,
	&account_family,
	&status_family,
	&config_family,
	&cluster_family,
	&cert_family,
	&cert_import_family,
	&csr_family,
	&monitor_family,
	&ctl_family,
	&user_family,
	&capf_family,
	&ipsec_family,
	&bulk_family,
	&tvs_family,
	&banner_family,
	&fips_family,
	&tls_family,
	&xmpp_family,
	&sso_family,
	&domain_family,
};
/* clang-format on */

const int registry_nfamilies = sizeof(registry_families) / sizeof(registry_families[0]);
