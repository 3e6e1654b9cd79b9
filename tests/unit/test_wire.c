/* The CAPF and TVS wire formats against the fixtures: transcripts another
 * implementation wrote (tests/data/capf, tests/data/tvs). Every message
 * parses, its header matches the annotation, and building it again from
 * its elements gives the same bytes. */
#include <dirent.h>
#include <stdlib.h>

#include "fixture.h"
#include "unit.h"
#include "wire/wire.h"

/* Rebuilding the message from its parsed elements gives the same bytes. */
static int rebuilt_same(const struct wire_msg *m, const unsigned char *bytes, size_t len)
{
	struct wire_out w;
	int same;

	wire_begin(&w, m->proto, m->command, m->session);
	for (int i = 0; i < m->n; i++)
		wire_add(&w, m->v[i].tag, m->v[i].val, m->v[i].len);
	same = wire_end(&w) == 0 && w.len == len && memcmp(w.buf, bytes, len) == 0;
	wire_out_free(&w);
	return same;
}

static int fixtures(const char *sub, enum wire_proto p)
{
	char path[512], why[200];
	struct dirent *d;
	DIR *dir;
	int messages = 0;
	struct fixture_msg *fm = malloc(sizeof(*fm));

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, sub);
	CHECK((dir = opendir(path)) != NULL);
	while (dir && fm && (d = readdir(dir))) {
		size_t n = strlen(d->d_name);
		if (n < 4 || strcmp(d->d_name + n - 4, ".txt") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", TEST_DATA_DIR, sub, d->d_name);
		FILE *f = fopen(path, "r");
		CHECK(f != NULL);
		while (f && next_message(f, fm)) {
			struct wire_msg m;
			messages++;
			if (wire_parse(p, fm->bytes, fm->len, NULL, &m, why, sizeof(why)) != 0) {
				printf("not ok - %s: %s\n", d->d_name, why);
				unit_failed++;
				continue;
			}
			CHECK(m.command == fm->command && m.session == fm->session && m.body_len == fm->body);
			CHECK(rebuilt_same(&m, fm->bytes, fm->len));
		}
		if (f)
			fclose(f);
	}
	if (dir)
		closedir(dir);
	free(fm);
	return messages;
}

/* What the elements mean, on a few messages. */
static void decoded(void)
{
	struct fixture_msg *fm = message_of("capf/01-install-rsa-password.txt", 2);
	struct wire_msg m;
	char why[200], text[64];
	const unsigned char *der;
	size_t len;
	unsigned char type = 0;

	CHECK(wire_parse(WIRE_CAPF, fm->bytes, fm->len, NULL, &m, why, sizeof(why)) == 0);
	CHECK(wire_text(&m, 13, text, sizeof(text)) == 0);
	CHECK_STR(text, "SEP00112233AA01");
	CHECK(wire_text(&m, 11, text, sizeof(text)) == 0);
	CHECK_STR(text, "123456");
	CHECK(wire_uint(&m, 1) == 1 && wire_uint(&m, 7) == 3 && wire_uint(&m, 99) == -1);
	/* Message 6: the LSC in its 5-byte wrapper. */
	fm = message_of("capf/01-install-rsa-password.txt", 6);
	CHECK(wire_parse(WIRE_CAPF, fm->bytes, fm->len, NULL, &m, why, sizeof(why)) == 0);
	CHECK(m.command == 9 && wire_uint(&m, 3) == 1);
	CHECK(wire_capf_cert(wire_find(&m, 4), &der, &len, &type) == 0 && type == 1 && der[0] == 0x30);
	struct wire_out w;
	wire_begin(&w, WIRE_CAPF, m.command, m.session);
	wire_add_u8(&w, 3, 1);
	wire_add_capf_cert(&w, 4, 1, der, len);
	CHECK(wire_end(&w) == 0 && w.len == fm->len && memcmp(w.buf, fm->bytes, fm->len) == 0);
	wire_out_free(&w);
	/* TVS: a trusted answer with two roles and a TTL. */
	fm = message_of("tvs/01-trusted-ccm-tftp.txt", 2);
	CHECK(wire_parse(WIRE_TVS, fm->bytes, fm->len, NULL, &m, why, sizeof(why)) == 0);
	CHECK(wire_uint(&m, 7) == 0 && wire_uint(&m, 9) == 3600);
	const struct wire_elem *roles = wire_find(&m, 8);
	CHECK(roles && roles->len == 2 && roles->val[0] == 1 && roles->val[1] == 3);
}

static void hostile(void)
{
	static const unsigned char ok[] = {0x55, 1, 0, 0, 0, 9, 0, 8, 7, 0, 1, 3, 8, 0, 1, 0};
	/* What the reference client reads from a server. */
	static const uint8_t client_tags[] = {1, 2, 3, 4, 7, 8, 10, 17, 18, 0};
	unsigned char buf[64];
	struct wire_msg m;
	char why[200], text[8];

	CHECK(wire_parse(WIRE_CAPF, ok, sizeof(ok), client_tags, &m, why, sizeof(why)) == 0);
	/* An unknown tag for this receiver (8 is not one the server reads). */
	memcpy(buf, ok, sizeof(ok));
	CHECK(wire_parse(WIRE_CAPF, buf, sizeof(ok), (const uint8_t[]){7, 0}, &m, why, sizeof(why)) == -1 &&
	      strstr(why, "unknown element tag 8"));
	/* The header's length against the bytes there are. */
	CHECK(wire_parse(WIRE_CAPF, ok, sizeof(ok) - 1, NULL, &m, why, sizeof(why)) == -1);
	CHECK(wire_parse(WIRE_CAPF, ok, 5, NULL, &m, why, sizeof(why)) == -1);
	/* An element longer than the body. */
	memcpy(buf, ok, sizeof(ok));
	buf[14] = 9;
	CHECK(wire_parse(WIRE_CAPF, buf, sizeof(ok), NULL, &m, why, sizeof(why)) == -1 &&
	      strstr(why, "claims"));
	/* Another protocol, another TVS version. */
	buf[0] = 0x57;
	CHECK(wire_parse(WIRE_CAPF, buf, sizeof(ok), NULL, &m, why, sizeof(why)) == -1);
	static const unsigned char tvs2[] = {0x57, 2, 1, 0, 0, 0, 0, 1, 0, 0};
	CHECK(wire_parse(WIRE_TVS, tvs2, sizeof(tvs2), NULL, &m, why, sizeof(why)) == -1);
	/* More elements than a message may hold. */
	struct wire_out w;
	wire_begin(&w, WIRE_CAPF, 2, 1);
	for (int i = 0; i <= WIRE_MAX_ELEMS; i++)
		wire_add_u8(&w, 1, 1);
	CHECK(wire_end(&w) == 0);
	CHECK(wire_parse(WIRE_CAPF, w.buf, w.len, NULL, &m, why, sizeof(why)) == -1 &&
	      strstr(why, "more than"));
	wire_out_free(&w);
	/* Text without its 0x00, with an inner 0x00, or too long for the caller. */
	wire_begin(&w, WIRE_CAPF, 2, 1);
	wire_add(&w, 13, "SEP1", 4);
	wire_add(&w, 11,
		 "12\0"
		 "3\0",
		 5);
	wire_add_text(&w, 7, "0123456789");
	CHECK(wire_end(&w) == 0 && wire_parse(WIRE_CAPF, w.buf, w.len, NULL, &m, why, sizeof(why)) == 0);
	CHECK(wire_text(&m, 13, text, sizeof(text)) == -1);
	CHECK(wire_text(&m, 11, text, sizeof(text)) == -1);
	CHECK(wire_text(&m, 7, text, sizeof(text)) == -1);
	wire_out_free(&w);
	/* A body that cannot be framed. */
	unsigned char *big = calloc(1, 70000);
	wire_begin(&w, WIRE_TVS, 1, 1);
	wire_add(&w, 2, big, 70000);
	CHECK(wire_end(&w) == -1);
	wire_out_free(&w);
	wire_begin(&w, WIRE_TVS, 1, 1);
	wire_add(&w, 2, big, 40000);
	wire_add(&w, 2, big, 40000);
	CHECK(wire_end(&w) == -1);
	wire_out_free(&w);
	free(big);
	/* A wrapper whose inner length disagrees. */
	struct wire_elem e = {4, 7, (const uint8_t *)"\x01\x00\x09\x00\x01\x30\x00"};
	const unsigned char *der;
	size_t len;
	CHECK(wire_capf_cert(&e, &der, &len, NULL) == -1);
}

int main(void)
{
	CHECK(fixtures("capf", WIRE_CAPF) >= 30);
	CHECK(fixtures("tvs", WIRE_TVS) == 6);
	decoded();
	hostile();
	return unit_summary("wire");
}
