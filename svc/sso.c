#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/user.h"
#include "svc/secmode.h"
#include "svc/services.h"
#include "svc/settings.h"
#include "svc/sso.h"
#include "util/utf8.h"

/* https://host[:port][/path], printable ASCII without spaces. */
static bool url_valid(const char *url, char *why, size_t len)
{
	const char *host = url + 8;
	size_t n = strlen(url);

	if (strncasecmp(url, "https://", 8) != 0) {
		snprintf(why, len, "the OpenAM URL must be an https:// URL");
		return false;
	}
	if (n > 512 || !*host || *host == '/' || *host == ':') {
		snprintf(
		    why, len,
		    "the OpenAM URL needs a host name (https://HOST[:PORT]/PATH, at most 512 characters)");
		return false;
	}
	for (const char *p = url; *p; p++)
		if (!isgraph((unsigned char)*p) || *p == '"' || *p == '\\') {
			snprintf(why, len,
				 "the OpenAM URL holds a space, a quote or a character that is not ASCII");
			return false;
		}
	return true;
}

static bool word_valid(const char *v, const char *label, const char *extra, char *why, size_t len)
{
	size_t n = strlen(v);

	if (!n || n > 64) {
		snprintf(why, len, "%s has 1-64 characters", label);
		return false;
	}
	for (const char *p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(extra, *p)) {
			snprintf(why, len, "%s takes letters and digits%s%s only", label,
				 *extra ? " and " : "", extra);
			return false;
		}
	return true;
}

int core_sso_set(struct core *c, const struct sso_request *q, bool *tomcat_marked, struct err *e)
{
	char why[200];

	*tomcat_marked = false;
	if (!url_valid(q->url, why, sizeof(why)) ||
	    !word_valid(q->path, "the relative path", "", why, sizeof(why)) ||
	    !word_valid(q->profile, "the profile name", "._-", why, sizeof(why)) ||
	    !word_valid(q->login_module, "the login module instance name", "._-", why, sizeof(why)))
		return err_set(e, ERR_INVALID, "Not saved: %s", why);
	if (!*q->password || strlen(q->password) > SSO_PASSWORD_MAX || !utf8_valid(q->password, NULL))
		return err_set(e, ERR_INVALID, "Not saved: the profile password has 1-%d characters",
			       SSO_PASSWORD_MAX);
	if (setting_set(c, "sso", "url", q->url, e) != 0 || setting_set(c, "sso", "path", q->path, e) != 0 ||
	    setting_set(c, "sso", "profile", q->profile, e) != 0 ||
	    setting_set(c, "sso", "login-module", q->login_module, e) != 0 ||
	    setting_set(c, "sso", "password", q->password, e) != 0)
		return -1;
	*tomcat_marked =
	    service_mark_restart(c->store, "tomcat", "single sign-on settings changed") == STORE_OK;
	return 0;
}

int core_sso_get(struct core *c, struct sso_config *cfg, struct err *e)
{
	char *password = setting_text(c, "sso", "password"), *enabled = setting_text(c, "sso", "enabled");

	memset(cfg, 0, sizeof(*cfg));
	cfg->url = setting_text(c, "sso", "url");
	cfg->path = setting_text(c, "sso", "path");
	cfg->profile = setting_text(c, "sso", "profile");
	cfg->login_module = setting_text(c, "sso", "login-module");
	cfg->password_set = password && *password;
	cfg->enabled = enabled && strcmp(enabled, "enable") == 0;
	if (password)
		explicit_bzero(password, strlen(password));
	free(password);
	free(enabled);
	if (!cfg->url || !cfg->path || !cfg->profile || !cfg->login_module) {
		sso_config_free(cfg);
		return err_set(e, ERR_FAIL, "Cannot read the single sign-on settings");
	}
	return 0;
}

void sso_config_free(struct sso_config *cfg)
{
	free(cfg->url);
	free(cfg->path);
	free(cfg->profile);
	free(cfg->login_module);
	memset(cfg, 0, sizeof(*cfg));
}

static bool configured(struct core *c)
{
	char *url = setting_text(c, "sso", "url");
	bool yes = url && *url;

	free(url);
	return yes;
}

int core_sso_enable(struct core *c, bool on, struct err *e)
{
	if (on && !configured(c))
		return err_set(e, ERR_REFUSED,
			       "There is no OpenAM server yet: set sso openam url URL path PATH "
			       "profile NAME login-module NAME first");
	return setting_set(c, "sso", "enabled", on ? "enable" : "disable", e);
}

int core_sso_user(struct core *c, const char *name, bool on, struct err *e)
{
	struct user_row u;
	int rc = store_user_get(core_shared(c), name, &u);

	if (rc == STORE_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "There is no user %s (user list)", name);
	if (rc != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read user %s: %s", name, store_errmsg(core_shared(c)));
	bool end = strcmp(u.kind, "end") == 0;
	user_row_free(&u);
	if (!end)
		return err_set(e, ERR_REFUSED,
			       "%s is an application user: single sign-on applies to end users only", name);
	if (core_shared_write(c, e) != 0)
		return -1;
	if (store_user_sso_set(core_shared(c), name, on) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot change user %s: %s", name, store_errmsg(core_shared(c)));
	return 0;
}

int core_sso_users(struct core *c, int (*fn)(const char *name, void *ctx), void *ctx, struct err *e)
{
	if (store_user_sso_each(core_shared(c), fn, ctx) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot list users: %s", store_errmsg(core_shared(c)));
	return 0;
}

int core_sso_test(struct core *c, struct https_check *r, struct err *e)
{
	char *url = setting_text(c, "sso", "url");
	char ca[4096];
	int rc;

	memset(r, 0, sizeof(*r));
	if (!url || !*url) {
		free(url);
		return err_set(e, ERR_REFUSED, "There is no OpenAM server to test: set sso openam first");
	}
	snprintf(ca, sizeof(ca), "%s/tomcat-trust.pem", c->config->deploy_dir);
	rc = https_check(url, ca, core_tls_min(c), 10, r);
	free(url);
	if (rc != 0)
		return err_set(e, ERR_FAIL, "Cannot test: %s", r->reason);
	return 0;
}
