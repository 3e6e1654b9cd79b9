/* Single sign-on through OpenAM (the OS administration "Single Sign On"
 * section): the OpenAM server's settings (cluster-wide; the profile
 * password is kept, never shown), whether SSO is on, which end users use
 * it, and a check of the server over HTTPS against tomcat-trust. */
#ifndef UCSH_CORE_SSO_H
#define UCSH_CORE_SSO_H

#include <stdbool.h>

#include "node/https.h"
#include "svc/core.h"

#define SSO_PASSWORD_MAX 128

struct sso_request {
	const char *url, *path, *profile, *login_module;
	const char *password;
};

struct sso_config {
	char *url, *path, *profile, *login_module;
	bool password_set;
	bool enabled;
};

/* Inside a write transaction; every field checked first (ERR_INVALID).
 * Cisco Tomcat is marked for restart (*tomcat_marked when it runs). */
int core_sso_set(struct core *c, const struct sso_request *q, bool *tomcat_marked, struct err *e);
int core_sso_get(struct core *c, struct sso_config *cfg, struct err *e);
void sso_config_free(struct sso_config *cfg);
/* Enabling needs the OpenAM settings (ERR_REFUSED). */
int core_sso_enable(struct core *c, bool on, struct err *e);
/* End users only: an application user is refused (ERR_REFUSED). */
int core_sso_user(struct core *c, const char *name, bool on, struct err *e);
int core_sso_users(struct core *c, int (*fn)(const char *name, void *ctx), void *ctx, struct err *e);
/* An HTTPS request to the OpenAM URL, the server verified with
 * tomcat-trust only. */
int core_sso_test(struct core *c, struct https_check *r, struct err *e);

#endif
