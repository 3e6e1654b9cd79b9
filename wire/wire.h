/* The CAPF and TVS wire formats (CAPF-TVS-PROTOCOL.md §1.2, §2.2): a
 * header, then elements `tag u8 | length u16 | value`, all big-endian.
 * Parsing never copies: elements point into the caller's buffer. No I/O,
 * no crypto; ucshd's CAPF and TVS services and the tests' client use it. */
#ifndef UCSH_WIRE_H
#define UCSH_WIRE_H

#include <stddef.h>
#include <stdint.h>

enum wire_proto {
	WIRE_CAPF, /* 0x55, 8-byte header: id, command, session u32, length u16 */
	WIRE_TVS,  /* 0x57, 10-byte header: id, version 1, command, 0, session u32, length u16 */
};

#define WIRE_CAPF_ID 0x55
#define WIRE_TVS_ID 0x57
#define WIRE_TVS_VERSION 1
#define WIRE_MAX_ELEMS 32
#define WIRE_MAX_BODY 65535

struct wire_elem {
	uint8_t tag;
	uint16_t len;
	const uint8_t *val;
};

struct wire_msg {
	enum wire_proto proto;
	uint8_t command;
	uint32_t session;
	uint16_t body_len;
	int n;
	struct wire_elem v[WIRE_MAX_ELEMS];
};

/* The header's size for p (8 or 10). */
size_t wire_header_size(enum wire_proto p);
/* Reads a header (exactly wire_header_size bytes): m's command, session and
 * body length. -1 with why on a wrong protocol id or TVS version. */
int wire_header(enum wire_proto p, const uint8_t *hdr, struct wire_msg *m, char *why, size_t len);
/* The body's elements into m. allowed: a NUL-terminated list of the tags
 * the receiver knows (NULL: any); an unknown one, a truncated element, more
 * than WIRE_MAX_ELEMS or trailing bytes are -1 with why. */
int wire_body(struct wire_msg *m, const uint8_t *body, size_t len, const uint8_t *allowed, char *why,
	      size_t whylen);
/* Header and body at once: buf holds exactly one message. */
int wire_parse(enum wire_proto p, const uint8_t *buf, size_t len, const uint8_t *allowed, struct wire_msg *m,
	       char *why, size_t whylen);
/* The first element with tag, or NULL. */
const struct wire_elem *wire_find(const struct wire_msg *m, uint8_t tag);
/* A u8 / u16 / u32 element's value; -1 when absent or of another length. */
long long wire_uint(const struct wire_msg *m, uint8_t tag);
/* A CAPF text element (ASCII then one 0x00, counted in the length) into
 * out; -1 when absent, without its 0x00, with another 0x00 or too long. */
int wire_text(const struct wire_msg *m, uint8_t tag, char *out, size_t len);

/* Building one message in one buffer (sent in one write). */
struct wire_out {
	uint8_t *buf;
	size_t len, cap;
	size_t header;
	int failed; /* the body outgrew WIRE_MAX_BODY */
};
void wire_begin(struct wire_out *w, enum wire_proto p, uint8_t command, uint32_t session);
void wire_add(struct wire_out *w, uint8_t tag, const void *val, size_t len);
void wire_add_u8(struct wire_out *w, uint8_t tag, uint8_t v);
void wire_add_u16(struct wire_out *w, uint8_t tag, uint16_t v);
void wire_add_u32(struct wire_out *w, uint8_t tag, uint32_t v);
/* A CAPF text element: s and one 0x00. */
void wire_add_text(struct wire_out *w, uint8_t tag, const char *s);
/* Fills in the body length; -1 when the body is too long. */
int wire_end(struct wire_out *w);
void wire_out_free(struct wire_out *w);

/* CAPF's certificate wrapper (§1.6): 01 | u16 DER length + 2 | 00 | type | DER. */
void wire_add_capf_cert(struct wire_out *w, uint8_t tag, uint8_t type, const uint8_t *der, size_t len);
/* The DER inside a wrapped certificate element; -1 when it is not one. */
int wire_capf_cert(const struct wire_elem *e, const uint8_t **der, size_t *len, uint8_t *type);
/* The next `id u8 | u16 length | data` block of e's value from *at on
 * (SHA2_SIGNED_DATA is one, SUDI_DATA three back to back), advancing *at;
 * -1 when none starts there or it overruns the value. */
int wire_capf_block(const struct wire_elem *e, size_t *at, uint8_t *id, const uint8_t **data, size_t *len);

#endif
