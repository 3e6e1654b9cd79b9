#include <dlfcn.h>
#include <stdio.h>

#include "sftp/libssh.h"

#ifndef LIBSSH_SONAME
#define LIBSSH_SONAME "libssh.so.4"
#endif

static struct libssh_api api;
static void *handle;

const struct libssh_api *libssh_load(char *err, size_t errlen)
{
	void *h;

	if (handle)
		return &api;
	h = dlopen(LIBSSH_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(err, errlen, "cannot load %s: %s", LIBSSH_SONAME, dlerror());
		return NULL;
	}
	*(void **)&api.version = dlsym(h, "ssh_version");
	if (!api.version) {
		snprintf(err, errlen, "%s lacks ssh_version", LIBSSH_SONAME);
		dlclose(h);
		return NULL;
	}
	handle = h;
	return &api;
}

const struct libssh_api *libssh_loaded(void)
{
	return handle ? &api : NULL;
}
