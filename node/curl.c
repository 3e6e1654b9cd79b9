#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "node/curl.h"

#ifndef LIBCURL_SONAME
#define LIBCURL_SONAME "libcurl.so.4"
#endif

int curl_load(struct curl_api *c, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	if (!(c->handle = dlopen(LIBCURL_SONAME, RTLD_NOW | RTLD_LOCAL))) {
		snprintf(err, errlen, "cannot load %s (apt-get install libcurl4): %s", LIBCURL_SONAME,
			 dlerror());
		return -1;
	}
	*(void **)&c->init = dlsym(c->handle, "curl_easy_init");
	*(void **)&c->setopt = dlsym(c->handle, "curl_easy_setopt");
	*(void **)&c->perform = dlsym(c->handle, "curl_easy_perform");
	*(void **)&c->getinfo = dlsym(c->handle, "curl_easy_getinfo");
	*(void **)&c->cleanup = dlsym(c->handle, "curl_easy_cleanup");
	*(void **)&c->strerror = dlsym(c->handle, "curl_easy_strerror");
	*(void **)&c->slist_append = dlsym(c->handle, "curl_slist_append");
	*(void **)&c->slist_free_all = dlsym(c->handle, "curl_slist_free_all");
	if (!c->init || !c->setopt || !c->perform || !c->getinfo || !c->cleanup || !c->strerror ||
	    !c->slist_append || !c->slist_free_all) {
		snprintf(err, errlen, "%s lacks the functions ucsh needs", LIBCURL_SONAME);
		dlclose(c->handle);
		return -1;
	}
	return 0;
}
