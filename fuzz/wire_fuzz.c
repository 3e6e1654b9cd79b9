/* libFuzzer target for the CAPF and TVS message parser: any bytes, read as
 * either protocol, give a clean error or elements inside the buffer; every
 * accessor stays inside them; what parsed rebuilds to the same bytes. */
#include <stdlib.h>
#include <string.h>

#include "wire/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one(enum wire_proto p, const uint8_t *data, size_t size)
{
	struct wire_msg m;
	struct wire_out w;
	char why[200], text[64];
	const uint8_t *der;
	size_t len;

	if (wire_parse(p, data, size, NULL, &m, why, sizeof(why)) != 0)
		return;
	for (uint8_t tag = 1; tag < 25; tag++) {
		wire_uint(&m, tag);
		wire_text(&m, tag, text, sizeof(text));
		wire_capf_cert(wire_find(&m, tag), &der, &len, NULL);
	}
	/* SHA2_SIGNED_DATA and SUDI_DATA blocks stay inside their element. */
	for (int i = 0; i < m.n; i++) {
		const struct wire_elem *e = &m.v[i];
		size_t at = 0;
		uint8_t id;
		while (wire_capf_block(e, &at, &id, &der, &len) == 0)
			if (der < e->val || der + len > e->val + e->len || at > e->len)
				abort();
	}
	wire_begin(&w, p, m.command, m.session);
	for (int i = 0; i < m.n; i++)
		wire_add(&w, m.v[i].tag, m.v[i].val, m.v[i].len);
	/* TVS's reserved byte is ignored when read and written as 0. */
	if (p == WIRE_TVS && wire_end(&w) == 0 && w.len > 3)
		w.buf[3] = data[3];
	if (wire_end(&w) != 0 || w.len != size || memcmp(w.buf, data, size) != 0)
		abort(); /* parse and build disagree */
	wire_out_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(WIRE_CAPF, data, size);
	one(WIRE_TVS, data, size);
	return 0;
}
