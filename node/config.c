#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "node/config.h"

#ifndef UCSH_SYSCONF_FILE
#define UCSH_SYSCONF_FILE "/etc/ucsh/ucsh.conf"
#endif

#define DEFAULT_HOOK_TIMEOUT 300

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		abort();
	return p;
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (!p)
		abort();
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static void set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

static int add_hook(struct node_config *cfg, const char *name, const char *cmd)
{
	struct config_hook *h = realloc(cfg->hooks, (size_t)(cfg->nhooks + 1) * sizeof(*h));

	if (!h)
		abort();
	cfg->hooks = h;
	h[cfg->nhooks++] = (struct config_hook){xstrdup(name), xstrdup(cmd)};
	return 0;
}

static int apply(struct node_config *cfg, const char *key, const char *val, char *why, size_t whylen)
{
	if (strcmp(key, "file_area") == 0 || strcmp(key, "deploy_dir") == 0 || strcmp(key, "tftp_dir") == 0) {
		if (val[0] != '/') {
			snprintf(why, whylen, "%s must be an absolute path", key);
			return -1;
		}
		set_str(key[0] == 'f'	? &cfg->file_area
			: key[0] == 'd' ? &cfg->deploy_dir
					: &cfg->tftp_dir,
			val);
	} else if (strcmp(key, "deploy_group") == 0) {
		set_str(&cfg->deploy_group, val);
	} else if (strcmp(key, "hook_timeout") == 0) {
		char *end;
		long t = strtol(val, &end, 10);
		if (*end || t < 1 || t > 86400) {
			snprintf(why, whylen, "hook_timeout must be 1-86400 seconds");
			return -1;
		}
		cfg->hook_timeout = (int)t;
	} else if (strcmp(key, "cluster.primary") == 0 || strcmp(key, "cluster.local") == 0) {
		/* Passwords belong in ~/.pgpass (passfile=...), never in a file
		 * an administrator may show or copy around. */
		if (strstr(val, "password=") || strstr(val, "://")) {
			snprintf(why, whylen,
				 "%s: give key = value connection settings without a password (put it in a "
				 "passfile, e.g. passfile=/var/lib/ucsh/.pgpass)",
				 key);
			return -1;
		}
		set_str(key[8] == 'p' ? &cfg->cluster_primary : &cfg->cluster_local, val);
	} else if (strncmp(key, "restart.", 8) == 0 && key[8]) {
		return add_hook(cfg, key + 8, val);
	} else if (strncmp(key, "status.", 7) == 0 && key[7]) {
		return add_hook(cfg, key, val); /* kept with its prefix: not a restart */
	} else {
		snprintf(why, whylen,
			 "unknown key \"%s\" (known: file_area, deploy_dir, deploy_group, tftp_dir, "
			 "hook_timeout, restart.system, restart.<service-id>, status.<service-id>, "
			 "cluster.primary, "
			 "cluster.local)",
			 key);
		return -1;
	}
	return 0;
}

static int parse_file(struct node_config *cfg, FILE *f, char *err, size_t errlen)
{
	char *line = NULL, why[256];
	size_t cap = 0;
	int lineno = 0, rc = 0;

	while (getline(&line, &cap, f) >= 0) {
		char *s = trim(line), *eq;
		lineno++;
		if (!*s || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			snprintf(why, sizeof(why), "expected key = value");
			rc = -1;
		} else {
			*eq = '\0';
			char *key = trim(s), *val = trim(eq + 1);
			if (!*val) {
				snprintf(why, sizeof(why), "%s has no value", key);
				rc = -1;
			} else {
				rc = apply(cfg, key, val, why, sizeof(why));
			}
		}
		if (rc < 0) {
			snprintf(err, errlen, "%s line %d: %s", cfg->path, lineno, why);
			break;
		}
	}
	free(line);
	return rc;
}

int config_load(const char *explicit_path, const char *state_dir, struct node_config *cfg, char *err,
		size_t errlen)
{
	char *local = path_join(state_dir, "ucsh.conf");
	FILE *f = NULL;
	int rc = 0;

	memset(cfg, 0, sizeof(*cfg));
	cfg->hook_timeout = DEFAULT_HOOK_TIMEOUT;
	if (explicit_path)
		cfg->path = xstrdup(explicit_path);
	else if (access(local, F_OK) == 0)
		cfg->path = xstrdup(local);
	else if (access(UCSH_SYSCONF_FILE, F_OK) == 0)
		cfg->path = xstrdup(UCSH_SYSCONF_FILE);
	if (cfg->path) {
		f = fopen(cfg->path, "re");
		if (!f) {
			snprintf(err, errlen, "cannot read config file %s: %s", cfg->path, strerror(errno));
			rc = -1;
		} else {
			rc = parse_file(cfg, f, err, errlen);
			fclose(f);
		}
	}
	if (rc == 0 && !cfg->cluster_primary != !cfg->cluster_local) {
		snprintf(err, errlen, "%s: a node in a cluster needs both cluster.primary and cluster.local",
			 cfg->path);
		rc = -1;
	}
	if (!cfg->file_area)
		cfg->file_area = path_join(state_dir, "files");
	if (!cfg->deploy_dir)
		cfg->deploy_dir = path_join(state_dir, "deploy");
	if (!cfg->tftp_dir)
		cfg->tftp_dir = path_join(state_dir, "tftp");
	free(local);
	if (rc < 0)
		config_free(cfg);
	return rc;
}

void config_free(struct node_config *cfg)
{
	free(cfg->path);
	free(cfg->file_area);
	free(cfg->deploy_dir);
	free(cfg->deploy_group);
	free(cfg->tftp_dir);
	free(cfg->cluster_primary);
	free(cfg->cluster_local);
	for (int i = 0; i < cfg->nhooks; i++) {
		free(cfg->hooks[i].name);
		free(cfg->hooks[i].command);
	}
	free(cfg->hooks);
	memset(cfg, 0, sizeof(*cfg));
}

const char *config_hook(const struct node_config *cfg, const char *name)
{
	const char *found = NULL;

	for (int i = 0; i < cfg->nhooks; i++)
		if (strcmp(cfg->hooks[i].name, name) == 0)
			found = cfg->hooks[i].command; /* the last one wins */
	return found;
}
