#include <stdio.h>
#include <string.h>

#include "node/curl.h"
#include "node/https.h"

static size_t discard(char *buf, size_t size, size_t n, void *ctx)
{
	(void)buf;
	(void)ctx;
	return size * n;
}

static long tls_version(int min_tls)
{
	return min_tls >= 13   ? (long)CURL_SSLVERSION_TLSv1_3
	       : min_tls == 12 ? (long)CURL_SSLVERSION_TLSv1_2
	       : min_tls == 11 ? (long)CURL_SSLVERSION_TLSv1_1
			       : (long)CURL_SSLVERSION_TLSv1_0;
}

int https_check(const char *url, const char *ca_file, int min_tls, int timeout_s, struct https_check *r)
{
	struct curl_api c;
	char errbuf[CURL_ERROR_SIZE] = "";
	CURL *h;
	CURLcode rc;

	memset(r, 0, sizeof(*r));
	if (curl_load(&c, r->reason, sizeof(r->reason)) != 0)
		return -1;
	if (!(h = c.init())) {
		snprintf(r->reason, sizeof(r->reason), "cannot start libcurl");
		return -1;
	}
	c.setopt(h, CURLOPT_URL, url);
	c.setopt(h, CURLOPT_PROTOCOLS_STR, "https");
	c.setopt(h, CURLOPT_CAINFO, ca_file);
	c.setopt(h, CURLOPT_CAPATH, NULL); /* the bundle given, never the system's */
	c.setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	c.setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	c.setopt(h, CURLOPT_SSLVERSION, tls_version(min_tls));
	c.setopt(h, CURLOPT_PROXY, "");
	c.setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	c.setopt(h, CURLOPT_NOSIGNAL, 1L);
	c.setopt(h, CURLOPT_CONNECTTIMEOUT, (long)timeout_s);
	c.setopt(h, CURLOPT_TIMEOUT, (long)timeout_s * 2);
	c.setopt(h, CURLOPT_WRITEFUNCTION, discard);
	c.setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	rc = c.perform(h);
	c.getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	if (rc == CURLE_OK) {
		r->verified = true;
		snprintf(
		    r->reason, sizeof(r->reason),
		    "the server's certificate chains to the trust store and names the host; HTTP status %ld",
		    r->status);
	} else {
		snprintf(r->reason, sizeof(r->reason), "%s", *errbuf ? errbuf : c.strerror(rc));
	}
	c.cleanup(h);
	return 0;
}
