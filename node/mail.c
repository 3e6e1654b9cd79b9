#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "node/curl.h"
#include "node/mail.h"

struct payload {
	char *data;
	size_t len, off;
};

static size_t read_payload(char *buf, size_t size, size_t n, void *ctx)
{
	struct payload *p = ctx;
	size_t room = size * n, left = p->len - p->off;

	if (room > left)
		room = left;
	memcpy(buf, p->data + p->off, room);
	p->off += room;
	return room;
}

/* RFC 5322 message: headers, then the body with CRLF line ends. */
static char *compose(const struct mail *m)
{
	size_t cap = strlen(m->body) * 2 + 1024, len = 0;
	char *s = malloc(cap), date[64];
	time_t now = time(NULL);
	struct tm tm;

	if (!s)
		return NULL;
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	len += (size_t)snprintf(s + len, cap - len, "Date: %s\r\nFrom: <%s>\r\nTo: ", date, m->from);
	for (int i = 0; i < m->nto; i++)
		len += (size_t)snprintf(s + len, cap - len, "%s<%s>", i ? ", " : "", m->to[i]);
	len += (size_t)snprintf(
	    s + len, cap - len,
	    "\r\nSubject: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n",
	    m->subject);
	for (const char *p = m->body; *p && len + 3 < cap; p++) {
		if (*p == '\n')
			s[len++] = '\r';
		s[len++] = *p;
	}
	s[len] = '\0';
	return s;
}

int mail_send(const struct mail *m, char *err, size_t errlen)
{
	struct curl_api c;
	struct payload p = {0};
	struct curl_slist *rcpt = NULL;
	char url[512], from[300];
	CURL *h;
	CURLcode rc;
	int result = -1;

	if (curl_load(&c, err, errlen) != 0)
		return -1;
	if (!(h = c.init()) || !(p.data = compose(m))) {
		snprintf(err, errlen, "cannot prepare the message");
		goto out;
	}
	p.len = strlen(p.data);
	snprintf(url, sizeof(url), "smtp://%s", m->server);
	snprintf(from, sizeof(from), "<%s>", m->from);
	for (int i = 0; i < m->nto; i++) {
		char addr[300];
		snprintf(addr, sizeof(addr), "<%s>", m->to[i]);
		rcpt = c.slist_append(rcpt, addr);
	}
	c.setopt(h, CURLOPT_URL, url);
	c.setopt(h, CURLOPT_MAIL_FROM, from);
	c.setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	c.setopt(h, CURLOPT_READFUNCTION, read_payload);
	c.setopt(h, CURLOPT_READDATA, &p);
	c.setopt(h, CURLOPT_UPLOAD, 1L);
	c.setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	c.setopt(h, CURLOPT_TIMEOUT, 60L);
	/* Use TLS when the server offers it; never ask libcurl for anything else. */
	c.setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	c.setopt(h, CURLOPT_PROTOCOLS_STR, "smtp");
	if ((rc = c.perform(h)) != CURLE_OK)
		snprintf(err, errlen, "the mail server %s did not take the message: %s", m->server,
			 c.strerror(rc));
	else
		result = 0;
out:
	if (rcpt)
		c.slist_free_all(rcpt);
	if (h)
		c.cleanup(h);
	free(p.data);
	return result;
}
