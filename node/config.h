/* The node's config file (DESIGN §6): `key = value` lines, '#' comments. */
#ifndef UCSH_NODE_CONFIG_H
#define UCSH_NODE_CONFIG_H

#include <stddef.h>

struct config_hook {
	char *name; /* "system" or a service id */
	char *command;
};

struct node_config {
	char *path; /* the file read, or NULL when none was */
	char *file_area;
	char *deploy_dir;
	char *deploy_group;
	char *tftp_dir;
	int hook_timeout; /* seconds */
	/* libpq connection strings of the cluster database: the primary (for
	 * writes) and this node's own copy (for reads); both NULL on a
	 * standalone node. */
	char *cluster_primary;
	char *cluster_local;
	struct config_hook *hooks;
	int nhooks;
};

/* Reads explicit (--config) if given, else STATE/ucsh.conf if present, else
 * the system-wide file if present; fills defaults for the rest. Unknown keys
 * and bad values are errors with the file and line. */
int config_load(const char *explicit_path, const char *state_dir, struct node_config *cfg, char *err,
		size_t errlen);
void config_free(struct node_config *cfg);
const char *config_hook(const struct node_config *cfg, const char *name);

#endif
