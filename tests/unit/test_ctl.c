/* CTL/ITL files: the fixtures written by another implementation, a build
 * and parse round trip, and every single-byte corruption of a built file. */
#include <openssl/pem.h>
#include <stdlib.h>
#include <string.h>

#include "pki/ctl.h"
#include "unit.h"

static unsigned char *slurp(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	unsigned char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/ctl/%s", TEST_DATA_DIR, name);
	if (!(f = fopen(path, "rb")))
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

static char err[256];

static void fixtures(void)
{
	static const char *const valid[] = {"ctl-sha512.tlv", "ctl-sha1.tlv", "itl-sha512-v1.1.tlv"};
	struct ctl_file f;
	size_t len;
	int signer;
	unsigned char *b;

	for (size_t i = 0; i < 3; i++) {
		b = slurp(valid[i], &len);
		CHECK(b && ctl_parse(b, len, &f, err, sizeof(err)) == 0);
		CHECK(f.header_length == 528 && f.nrecords == 4 && f.version_major == 1 &&
		      f.version_minor == 2);
		CHECK(f.signature.len == 256 && f.modulus == 2 && f.sig_algorithm == 0);
		CHECK(ctl_verify(b, len, &f, &signer, err, sizeof(err)) == 0 && signer >= 0);
		CHECK(f.records[signer].role == CTL_SAST);
		CHECK(f.records[0].dns == NULL && !f.records[0].has_ip); /* this writer leaves them out */
		ctl_free(&f);
		free(b);
	}
	b = slurp("ctl-sha512.tlv", &len);
	ctl_parse(b, len, &f, err, sizeof(err));
	CHECK(f.hash == CTL_SHA512 && f.has_signer_version && f.signer_major == 1 && f.signer_minor == 0);
	CHECK_STR(f.filename, "CTLFile.tlv");
	CHECK(f.serial.len == 20 && f.serial.p[0] == 0x0C && f.serial.p[1] == 0xCA);
	CHECK(f.records[0].role == CTL_SAST && f.records[1].role == CTL_CCM_TFTP &&
	      f.records[2].role == CTL_CAPF && f.records[3].role == CTL_TVS);
	CHECK(f.records[2].public_key.len == 65); /* EC P-256 point */
	CHECK(f.records[0].public_key.len == 270);
	ctl_free(&f);
	free(b);
	b = slurp("ctl-sha1.tlv", &len);
	ctl_parse(b, len, &f, err, sizeof(err));
	CHECK(f.hash == CTL_SHA1);
	ctl_free(&f);
	free(b);
	b = slurp("itl-sha512-v1.1.tlv", &len);
	ctl_parse(b, len, &f, err, sizeof(err));
	CHECK(f.signer_minor == 1 && f.records[1].role == CTL_TFTP);
	CHECK_STR(f.filename, "ITLFile.tlv");
	ctl_free(&f);
	free(b);

	b = slurp("ctl-sha512-tampered.tlv", &len);
	CHECK(ctl_parse(b, len, &f, err, sizeof(err)) == 0);
	CHECK(ctl_verify(b, len, &f, &signer, err, sizeof(err)) == 1 && strstr(err, "tampered"));
	ctl_free(&f);
	free(b);
	b = slurp("ctl-sha512-truncated.tlv", &len);
	CHECK(ctl_parse(b, len, &f, err, sizeof(err)) != 0 && strstr(err, "past the end"));
	free(b);
	CHECK(ctl_parse((const unsigned char *)"", 0, &f, err, sizeof(err)) != 0 && strstr(err, "empty"));
	unsigned char junk[4096];
	memset(junk, 0xff, sizeof(junk));
	CHECK(ctl_parse(junk, sizeof(junk), &f, err, sizeof(err)) != 0);
}

static struct pki_cert *load_pem(const char *name)
{
	size_t len;
	unsigned char *b = slurp(name, &len);
	struct pki_certlist l;
	struct pki_cert *c = NULL;

	if (b && pki_parse_certs(b, len, &l, err, sizeof(err)) == 0) {
		c = pki_cert_dup(l.v[0]);
		pki_certlist_free(&l);
	}
	free(b);
	return c;
}

static void round_trip(void)
{
	struct pki_keyspec spec = {PKI_KEY_RSA, 2048};
	struct pki_key *k;
	struct pki_subject subj = {"ITLRECOVERY_node1", "IT", "Example", "Berlin", "Berlin", "DE"};
	struct pki_request req = {&subj, NULL, 0, NULL, 0, PKI_PROFILE_SIGNER, PKI_DIGEST_DEFAULT, 30};
	struct pki_cert *signer = NULL, *capf = load_pem("capf.pem"), *tvs = load_pem("tvs.pem");
	struct ctl_file f;
	unsigned char *out = NULL;
	size_t len;
	int idx, bad_parse = 0, bad_verify = 0, accepted = 0;

	CHECK(pki_key_generate(&spec, &k, err, sizeof(err)) == 0);
	CHECK(pki_self_signed(k, &req, &signer, err, sizeof(err)) == 0);
	struct ctl_entry e[] = {
	    {signer, CTL_SAST, NULL, NULL},
	    {tvs, CTL_CCM_TFTP, "node1.example.com", "192.0.2.10"},
	    {capf, CTL_CAPF, NULL, NULL},
	    {NULL, CTL_CCM_TFTP, "node2.example.com", "192.0.2.11"},
	};
	CHECK(ctl_build("CTLFile.tlv", e, 4, signer, k, CTL_SHA512, 1700000000, &out, &len, err,
			sizeof(err)) == 0);
	CHECK(ctl_parse(out, len, &f, err, sizeof(err)) == 0);
	CHECK(f.nrecords == 4 && f.header_length % 4 == 0 && f.hash == CTL_SHA512 &&
	      f.timestamp == 1700000000);
	CHECK_STR(f.filename, "CTLFile.tlv");
	CHECK(strncmp(f.signer_name, "CN=ITLRECOVERY_node1;OU=IT;O=Example;L=Berlin;ST=Berlin;C=DE", 60) ==
	      0);
	CHECK_STR(f.records[1].dns, "node1.example.com");
	CHECK(f.records[1].has_ip && f.records[1].ip[3] == 10);
	CHECK(f.records[3].cert.p == NULL && f.records[3].role == CTL_CCM_TFTP); /* non-secure style record */
	/* the certificate in the record is the one given, byte for byte */
	unsigned char *der = NULL;
	size_t derlen;
	der = pki_cert_to_der(capf, &derlen);
	CHECK(f.records[2].cert.len == derlen && memcmp(f.records[2].cert.p, der, derlen) == 0);
	free(der);
	CHECK(ctl_verify(out, len, &f, &idx, err, sizeof(err)) == 0 && idx == 0);
	ctl_free(&f);
	/* Every single-byte flip is caught: a parse error or a failed signature. */
	for (size_t i = 0; i < len; i++) {
		out[i] ^= 0x5a;
		if (ctl_parse(out, len, &f, err, sizeof(err)) != 0)
			bad_parse++;
		else {
			if (ctl_verify(out, len, &f, &idx, err, sizeof(err)) != 0)
				bad_verify++;
			else
				accepted++;
			ctl_free(&f);
		}
		out[i] ^= 0x5a;
	}
	CHECK(accepted == 0 && bad_parse + bad_verify == (int)len);
	if (accepted)
		printf("# %d flipped files were accepted\n", accepted);
	/* No truncation is accepted: each is a parse error or fails to verify. */
	int truncated_ok = 0;
	for (size_t cut = 0; cut < len; cut += 7)
		if (ctl_parse(out, cut, &f, err, sizeof(err)) == 0) {
			truncated_ok += ctl_verify(out, cut, &f, &idx, err, sizeof(err)) == 0;
			ctl_free(&f);
		}
	CHECK(truncated_ok == 0);
	free(out);
	pki_cert_free(signer);
	pki_cert_free(capf);
	pki_cert_free(tvs);
	pki_key_free(k);
}

int main(void)
{
	fixtures();
	round_trip();
	return unit_summary("ctl");
}
