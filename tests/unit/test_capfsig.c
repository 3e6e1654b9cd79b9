/* A device's proof of its certificate to CAPF: the signatures of fixture 05
 * (another implementation's client, RSA, bare digests, a SUDI block signed
 * over the little-endian session id) verify; altered ones, standard
 * PKCS#1 signatures and other keys do not; ECDSA both ways. */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdlib.h>

#include "fixture.h"
#include "pki/pki.h"
#include "unit.h"
#include "wire/wire.h"

static char err[512];

static struct pki_cert *cert_file(const char *name)
{
	char path[512], *pem = NULL;
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/capf/%s", TEST_DATA_DIR, name);
	if (!(f = fopen(path, "r")))
		return NULL;
	pem = calloc(1, 20000);
	n = fread(pem, 1, 19999, f);
	fclose(f);
	struct pki_cert *c = n ? pki_cert_from_pem(pem, err, sizeof(err)) : NULL;
	free(pem);
	return c;
}

static struct pki_cert *cert_der(const uint8_t *der, size_t len)
{
	struct pki_certlist l = {0};
	struct pki_cert *c = NULL;

	if (pki_parse_certs(der, len, &l, err, sizeof(err)) == 0 && l.n == 1)
		c = pki_cert_dup(l.v[0]);
	pki_certlist_free(&l);
	return c;
}

static void fixture05(void)
{
	struct fixture_msg *fm = message_of("capf/05-upgrade-lsc-auth.txt", 2);
	struct wire_msg m;
	const uint8_t *der, *sig, *sudi_der, *sudi_sig;
	size_t len, siglen, sudi_len, sudi_siglen, at = 0;
	uint8_t id;
	char why[200];

	CHECK(fm && wire_parse(WIRE_CAPF, fm->bytes, fm->len, NULL, &m, why, sizeof(why)) == 0);
	CHECK(wire_capf_cert(wire_find(&m, 4), &der, &len, NULL) == 0);
	struct pki_cert *lsc = cert_der(der, len), *capf = cert_file("capf.pem");
	CHECK(lsc && capf);
	/* Signed: the device name, its 0x00, the certificate's DER. */
	const struct wire_elem *name = wire_find(&m, 13);
	CHECK(name && name->len == 16);
	size_t n = name->len + len;
	uint8_t *signed_bytes = malloc(n);
	memcpy(signed_bytes, name->val, name->len);
	memcpy(signed_bytes + name->len, der, len);

	const struct wire_elem *s1 = wire_find(&m, 6);
	CHECK(s1 &&
	      pki_capf_sig_check(lsc, "SHA1", signed_bytes, n, s1->val, s1->len, err, sizeof(err)) == 0);
	CHECK(wire_capf_block(wire_find(&m, 20), &at, &id, &sig, &siglen) == 0 && id == 3 && siglen == 256);
	CHECK(pki_capf_sig_check(lsc, "SHA512", signed_bytes, n, sig, siglen, err, sizeof(err)) == 0);
	/* The wrong digest, other bytes, another key: refused with a reason. */
	CHECK(pki_capf_sig_check(lsc, "SHA512", signed_bytes, n, s1->val, s1->len, err, sizeof(err)) ==
	      PKI_EINPUT);
	CHECK(strstr(err, "another digest") != NULL);
	signed_bytes[0] ^= 1;
	CHECK(pki_capf_sig_check(lsc, "SHA1", signed_bytes, n, s1->val, s1->len, err, sizeof(err)) ==
	      PKI_EINPUT);
	signed_bytes[0] ^= 1;
	CHECK(pki_capf_sig_check(capf, "SHA1", signed_bytes, n, s1->val, s1->len, err, sizeof(err)) ==
	      PKI_EINPUT);
	CHECK(pki_capf_sig_check(lsc, "SHA1", signed_bytes, n, s1->val, 0, err, sizeof(err)) == PKI_EINPUT);

	/* SUDI: certificate, SHA-1 signature, SHA-512 signature, each over the
	 * session id in little-endian order and the SUDI certificate. */
	const struct wire_elem *sudi = wire_find(&m, 16);
	at = 0;
	CHECK(wire_capf_block(sudi, &at, &id, &sudi_der, &sudi_len) == 0 && id == 0);
	CHECK(wire_capf_block(sudi, &at, &id, &sig, &siglen) == 0 && id == 1);
	CHECK(wire_capf_block(sudi, &at, &id, &sudi_sig, &sudi_siglen) == 0 && id == 3);
	CHECK(at == sudi->len && wire_capf_block(sudi, &at, &id, &sig, &siglen) == -1);
	uint8_t *sudi_signed = malloc(4 + sudi_len);
	uint32_t session = m.session;
	for (int i = 0; i < 4; i++)
		sudi_signed[i] = (uint8_t)(session >> (8 * i));
	memcpy(sudi_signed + 4, sudi_der, sudi_len);
	struct pki_cert *sudi_cert = cert_der(sudi_der, sudi_len);
	CHECK(sudi_cert && pki_capf_sig_check(sudi_cert, "SHA512", sudi_signed, 4 + sudi_len, sudi_sig,
					      sudi_siglen, err, sizeof(err)) == 0);
	/* Big-endian, as every header field is, is not what devices sign. */
	for (int i = 0; i < 4; i++)
		sudi_signed[i] = (uint8_t)(session >> (24 - 8 * i));
	CHECK(pki_capf_sig_check(sudi_cert, "SHA512", sudi_signed, 4 + sudi_len, sudi_sig, sudi_siglen, err,
				 sizeof(err)) == PKI_EINPUT);

	/* The LSC was issued by the fixture's CAPF certificate, which is self-signed. */
	CHECK(pki_cert_signed_by(lsc, capf) && pki_cert_signed_by(capf, capf));
	CHECK(!pki_cert_signed_by(capf, lsc) && !pki_cert_signed_by(lsc, lsc));

	/* A truncated block is not read past the element. */
	struct wire_elem cut = *wire_find(&m, 20);
	cut.len = 100;
	at = 0;
	CHECK(wire_capf_block(&cut, &at, &id, &sig, &siglen) == -1);
	free(signed_bytes);
	free(sudi_signed);
	pki_cert_free(lsc);
	pki_cert_free(capf);
	pki_cert_free(sudi_cert);
}

/* A device's key (OpenSSL's, to sign with) and its certificate. */
struct signer {
	struct pki_cert *cert;
	EVP_PKEY *key;
};

static struct signer signer(enum pki_key_type t, int bits)
{
	struct pki_keyspec spec = {t, bits};
	struct pki_subject subj = {"SEP001122334455", "", "", "", "", ""};
	struct pki_request req = {&subj, NULL, 0, NULL, 0, PKI_PROFILE_SERVER, PKI_DIGEST_DEFAULT, 30};
	struct pki_key *k = NULL;
	struct signer s = {NULL, NULL};

	CHECK(pki_key_generate(&spec, &k, err, sizeof(err)) == 0);
	CHECK(pki_self_signed(k, &req, &s.cert, err, sizeof(err)) == 0);
	char *pem = pki_key_to_pem(k);
	BIO *b = BIO_new_mem_buf(pem, -1);
	s.key = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
	BIO_free(b);
	pki_secret_free(pem);
	pki_key_free(k);
	return s;
}

static void signer_free(struct signer *s)
{
	pki_cert_free(s->cert);
	EVP_PKEY_free(s->key);
}

static size_t standard_sign(EVP_PKEY *k, const EVP_MD *md, const char *data, size_t len, unsigned char *sig,
			    size_t cap)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t siglen = cap;

	CHECK(EVP_DigestSignInit(ctx, NULL, md, NULL, k) == 1 &&
	      EVP_DigestSign(ctx, sig, &siglen, (const unsigned char *)data, len) == 1);
	EVP_MD_CTX_free(ctx);
	return siglen;
}

/* A standard RSA signature (DigestInfo inside) is not what devices make. */
static void standard_rsa_refused(void)
{
	struct signer s = signer(PKI_KEY_RSA, 2048);
	const char data[] = "SEP001122334455";
	unsigned char sig[512], md[20];
	size_t siglen = standard_sign(s.key, EVP_sha1(), data, sizeof(data), sig, sizeof(sig));

	CHECK(pki_capf_sig_check(s.cert, "SHA1", data, sizeof(data), sig, siglen, err, sizeof(err)) ==
	      PKI_EINPUT);
	/* The same key signing the bare digest, as devices do, passes. */
	EVP_Digest(data, sizeof(data), md, NULL, EVP_sha1(), NULL);
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(s.key, NULL);
	siglen = sizeof(sig);
	CHECK(pc && EVP_PKEY_sign_init(pc) == 1 && EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING) == 1 &&
	      EVP_PKEY_sign(pc, sig, &siglen, md, sizeof(md)) == 1);
	CHECK(pki_capf_sig_check(s.cert, "SHA1", data, sizeof(data), sig, siglen, err, sizeof(err)) == 0);
	EVP_PKEY_CTX_free(pc);
	signer_free(&s);
}

static void ecdsa(void)
{
	struct signer s = signer(PKI_KEY_EC, 256);
	const char data[] = "SEP001122334455";
	unsigned char sig[256];
	size_t siglen = standard_sign(s.key, EVP_sha512(), data, sizeof(data), sig, sizeof(sig));

	CHECK(pki_capf_sig_check(s.cert, "SHA512", data, sizeof(data), sig, siglen, err, sizeof(err)) == 0);
	CHECK(pki_capf_sig_check(s.cert, "SHA1", data, sizeof(data), sig, siglen, err, sizeof(err)) ==
	      PKI_EINPUT);
	sig[siglen - 1] ^= 1;
	CHECK(pki_capf_sig_check(s.cert, "SHA512", data, sizeof(data), sig, siglen, err, sizeof(err)) ==
	      PKI_EINPUT);
	CHECK(strstr(err, "ECDSA") != NULL);
	signer_free(&s);
}

int main(void)
{
	fixture05();
	standard_rsa_refused();
	ecdsa();
	return unit_summary("capfsig");
}
