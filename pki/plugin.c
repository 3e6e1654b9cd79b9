#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pki/api.h"
#include "pki/plugin.h"

#ifndef UCSH_PKGLIBDIR
#define UCSH_PKGLIBDIR "/usr/local/lib/ucsh"
#endif
#define PLUGIN "ucsh-pki.so"

static const struct pki_api *api;

/* dir/ucsh-pki.so when it exists. */
static void *open_in(const char *dir, char *why, size_t len)
{
	char path[PATH_MAX + 32];
	void *h;

	snprintf(path, sizeof(path), "%s/%s", dir, PLUGIN);
	if (access(path, F_OK) != 0)
		return NULL;
	if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL)))
		snprintf(why, len, "%s", dlerror());
	return h;
}

static void *open_plugin(char *why, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	void *h = NULL;

	if (n > 0) {
		exe[n] = '\0';
		*strrchr(exe, '/') = '\0';
		h = open_in(exe, why, len);
	}
	return h ? h : open_in(UCSH_PKGLIBDIR, why, len);
}

const struct pki_api *pki_api(void)
{
	char why[512] = "not found next to ucsh nor in " UCSH_PKGLIBDIR;
	void *h;

	if (api)
		return api;
	if (!(h = open_plugin(why, sizeof(why))) || !(api = dlsym(h, PKI_API_SYMBOL))) {
		fflush(stdout);
		fprintf(stderr, "%% The PKI core (%s) cannot be loaded: %s\n", PLUGIN, h ? dlerror() : why);
		exit(1);
	}
	return api;
}

bool pki_plugin_loaded(void)
{
	return api != NULL;
}
