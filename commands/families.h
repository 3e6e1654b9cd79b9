/* Every command family, for the engine's registry (shell/registry.c). */
#ifndef UCSH_FAMILIES_H
#define UCSH_FAMILIES_H

#include "commands/cmd.h"

extern const struct cmd_family system_family;
extern const struct cmd_family network_family;
extern const struct cmd_family param_family;
extern const struct cmd_family file_family;
extern const struct cmd_family service_family;
extern const struct cmd_family account_family;
extern const struct cmd_family status_family;
extern const struct cmd_family config_family;
extern const struct cmd_family cluster_family;
extern const struct cmd_family cert_family;
extern const struct cmd_family cert_import_family;
extern const struct cmd_family csr_family;
extern const struct cmd_family monitor_family;
extern const struct cmd_family ctl_family;
extern const struct cmd_family user_family;
extern const struct cmd_family capf_family;
extern const struct cmd_family ipsec_family;
extern const struct cmd_family banner_family;
extern const struct cmd_family fips_family;
extern const struct cmd_family tls_family;
extern const struct cmd_family xmpp_family;
extern const struct cmd_family sso_family;
extern const struct cmd_family domain_family;
extern const struct cmd_family bulk_family;
extern const struct cmd_family tvs_family;

#endif
