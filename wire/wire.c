#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/wire.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

size_t wire_header_size(enum wire_proto p)
{
	return p == WIRE_CAPF ? 8 : 10;
}

int wire_header(enum wire_proto p, const uint8_t *h, struct wire_msg *m, char *why, size_t len)
{
	memset(m, 0, sizeof(*m));
	m->proto = p;
	if (p == WIRE_CAPF) {
		if (h[0] != WIRE_CAPF_ID) {
			snprintf(why, len, "protocol id 0x%02x, not CAPF's 0x55", h[0]);
			return -1;
		}
		m->command = h[1];
		m->session = get32(h + 2);
		m->body_len = get16(h + 6);
		return 0;
	}
	if (h[0] != WIRE_TVS_ID || h[1] != WIRE_TVS_VERSION) {
		snprintf(why, len, "protocol id 0x%02x version %u, not TVS's 0x57 version 1", h[0], h[1]);
		return -1;
	}
	m->command = h[2];
	m->session = get32(h + 4);
	m->body_len = get16(h + 8);
	return 0;
}

static int known(const uint8_t *allowed, uint8_t tag)
{
	if (!allowed)
		return 1;
	for (; *allowed; allowed++)
		if (*allowed == tag)
			return 1;
	return 0;
}

int wire_body(struct wire_msg *m, const uint8_t *body, size_t len, const uint8_t *allowed, char *why,
	      size_t whylen)
{
	size_t at = 0;

	m->n = 0;
	while (at < len) {
		if (len - at < 3) {
			snprintf(why, whylen, "a truncated element header at byte %zu", at);
			return -1;
		}
		uint8_t tag = body[at];
		uint16_t n = get16(body + at + 1);
		if (n > len - at - 3) {
			snprintf(why, whylen, "element %u claims %u bytes, %zu remain", tag, n, len - at - 3);
			return -1;
		}
		if (!known(allowed, tag)) {
			snprintf(why, whylen, "unknown element tag %u", tag);
			return -1;
		}
		if (m->n == WIRE_MAX_ELEMS) {
			snprintf(why, whylen, "more than %d elements", WIRE_MAX_ELEMS);
			return -1;
		}
		m->v[m->n++] = (struct wire_elem){tag, n, body + at + 3};
		at += 3 + (size_t)n;
	}
	return 0;
}

int wire_parse(enum wire_proto p, const uint8_t *buf, size_t len, const uint8_t *allowed, struct wire_msg *m,
	       char *why, size_t whylen)
{
	size_t h = wire_header_size(p);

	if (len < h) {
		snprintf(why, whylen, "%zu bytes, shorter than a header", len);
		return -1;
	}
	if (wire_header(p, buf, m, why, whylen) != 0)
		return -1;
	if (m->body_len != len - h) {
		snprintf(why, whylen, "the header says %u body bytes, there are %zu", m->body_len, len - h);
		return -1;
	}
	return wire_body(m, buf + h, len - h, allowed, why, whylen);
}

const struct wire_elem *wire_find(const struct wire_msg *m, uint8_t tag)
{
	for (int i = 0; i < m->n; i++)
		if (m->v[i].tag == tag)
			return &m->v[i];
	return NULL;
}

long long wire_uint(const struct wire_msg *m, uint8_t tag)
{
	const struct wire_elem *e = wire_find(m, tag);

	if (!e)
		return -1;
	switch (e->len) {
	case 1:
		return e->val[0];
	case 2:
		return get16(e->val);
	case 4:
		return get32(e->val);
	default:
		return -1;
	}
}

int wire_text(const struct wire_msg *m, uint8_t tag, char *out, size_t len)
{
	const struct wire_elem *e = wire_find(m, tag);

	if (!e || e->len == 0 || e->val[e->len - 1] != 0 || e->len > len ||
	    memchr(e->val, 0, e->len - 1u) != NULL)
		return -1;
	memcpy(out, e->val, e->len);
	return 0;
}

static void reserve(struct wire_out *w, size_t more)
{
	if (w->len + more <= w->cap)
		return;
	size_t cap = w->cap ? w->cap : 256;
	while (cap < w->len + more)
		cap *= 2;
	if (!(w->buf = realloc(w->buf, cap)))
		abort();
	w->cap = cap;
}

static void put(struct wire_out *w, const void *p, size_t n)
{
	reserve(w, n);
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void put16(struct wire_out *w, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};

	put(w, b, 2);
}

static void put32(struct wire_out *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};

	put(w, b, 4);
}

void wire_begin(struct wire_out *w, enum wire_proto p, uint8_t command, uint32_t session)
{
	memset(w, 0, sizeof(*w));
	if (p == WIRE_CAPF) {
		uint8_t h[2] = {WIRE_CAPF_ID, command};
		put(w, h, 2);
		put32(w, session);
	} else {
		uint8_t h[4] = {WIRE_TVS_ID, WIRE_TVS_VERSION, command, 0};
		put(w, h, 4);
		put32(w, session);
	}
	put16(w, 0); /* the body length, at the end */
	w->header = w->len;
}

void wire_add(struct wire_out *w, uint8_t tag, const void *val, size_t len)
{
	if (len > WIRE_MAX_BODY) {
		w->failed = 1;
		return;
	}
	put(w, &tag, 1);
	put16(w, (uint16_t)len);
	put(w, val, len);
}

void wire_add_u8(struct wire_out *w, uint8_t tag, uint8_t v)
{
	wire_add(w, tag, &v, 1);
}

void wire_add_u16(struct wire_out *w, uint8_t tag, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};

	wire_add(w, tag, b, 2);
}

void wire_add_u32(struct wire_out *w, uint8_t tag, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};

	wire_add(w, tag, b, 4);
}

void wire_add_text(struct wire_out *w, uint8_t tag, const char *s)
{
	wire_add(w, tag, s, strlen(s) + 1);
}

int wire_end(struct wire_out *w)
{
	size_t body = w->len - w->header;

	if (w->failed || body > WIRE_MAX_BODY)
		return -1;
	w->buf[w->header - 2] = (uint8_t)(body >> 8);
	w->buf[w->header - 1] = (uint8_t)body;
	return 0;
}

void wire_out_free(struct wire_out *w)
{
	free(w->buf);
	memset(w, 0, sizeof(*w));
}

void wire_add_capf_cert(struct wire_out *w, uint8_t tag, uint8_t type, const uint8_t *der, size_t len)
{
	if (len + 5 > WIRE_MAX_BODY) {
		w->failed = 1;
		return;
	}
	uint8_t head[5] = {1, (uint8_t)((len + 2) >> 8), (uint8_t)(len + 2), 0, type};
	put(w, &tag, 1);
	put16(w, (uint16_t)(len + 5));
	put(w, head, 5);
	put(w, der, len);
}

int wire_capf_cert(const struct wire_elem *e, const uint8_t **der, size_t *len, uint8_t *type)
{
	if (!e || e->len < 6 || e->val[0] != 1 || get16(e->val + 1) != e->len - 3)
		return -1;
	*der = e->val + 5;
	*len = e->len - 5u;
	if (type)
		*type = e->val[4];
	return 0;
}

int wire_capf_block(const struct wire_elem *e, size_t *at, uint8_t *id, const uint8_t **data, size_t *len)
{
	if (!e || *at > e->len || e->len - *at < 3 || get16(e->val + *at + 1) > e->len - *at - 3)
		return -1;
	*id = e->val[*at];
	*len = get16(e->val + *at + 1);
	*data = e->val + *at + 3;
	*at += 3 + *len;
	return 0;
}
