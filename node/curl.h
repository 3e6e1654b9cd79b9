/* libcurl, loaded with dlopen on first use (a node that never mails or
 * tests its SSO server never maps it): the functions ucsh calls. */
#ifndef UCSH_NODE_CURL_H
#define UCSH_NODE_CURL_H

#include <curl/curl.h>
#include <stddef.h>

struct curl_api {
	void *handle;
	__typeof__(curl_easy_init) *init;
	__typeof__(curl_easy_setopt) *setopt;
	__typeof__(curl_easy_perform) *perform;
	__typeof__(curl_easy_getinfo) *getinfo;
	__typeof__(curl_easy_cleanup) *cleanup;
	__typeof__(curl_easy_strerror) *strerror;
	__typeof__(curl_slist_append) *slist_append;
	__typeof__(curl_slist_free_all) *slist_free_all;
};

/* Stays loaded until exit: unloading a library whose dependencies hold
 * thread-local storage leaves stale DTLS entries behind, which
 * LeakSanitizer's exit scan trips over. */
int curl_load(struct curl_api *c, char *err, size_t errlen);

#endif
