/* Private keys: generation, PKCS#8 PEM, description, matching. */
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/pki_int.h"

void pki_openssl_error(char *err, size_t errlen, const char *what)
{
	unsigned long e = ERR_peek_last_error();
	char buf[256] = "";

	if (e)
		ERR_error_string_n(e, buf, sizeof(buf));
	ERR_clear_error();
	if (err)
		snprintf(err, errlen, "%s%s%s", what, *buf ? ": " : "", buf);
}

static const char *curve_of(int bits)
{
	return bits == 256 ? "P-256" : bits == 384 ? "P-384" : bits == 521 ? "P-521" : NULL;
}

int pki_key_generate(const struct pki_keyspec *spec, struct pki_key **out, char *err, size_t errlen)
{
	EVP_PKEY *k = NULL;

	*out = NULL;
	if (spec->type == PKI_KEY_RSA) {
		if (spec->bits < 1024 || spec->bits > 4096 || spec->bits % 1024) {
			snprintf(err, errlen, "RSA keys are 1024, 2048, 3072 or 4096 bits");
			return PKI_EINPUT;
		}
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)spec->bits);
	} else {
		const char *curve = curve_of(spec->bits);
		if (!curve) {
			snprintf(err, errlen, "EC keys use the curves P-256, P-384 or P-521");
			return PKI_EINPUT;
		}
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
	}
	if (!k) {
		pki_openssl_error(err, errlen, "key generation failed");
		return -1;
	}
	if (!(*out = calloc(1, sizeof(**out)))) {
		EVP_PKEY_free(k);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	(*out)->k = k;
	return 0;
}

char *pki_key_to_pem(const struct pki_key *k)
{
	BIO *b = BIO_new(BIO_s_secmem());
	char *s = NULL;

	if (b && PEM_write_bio_PrivateKey(b, k->k, NULL, NULL, 0, NULL, NULL))
		s = pki_bio_string(b);
	BIO_free(b); /* secure-heap BIO: its buffer is wiped */
	return s;
}

struct pki_key *pki_key_from_pem(const char *pem, char *err, size_t errlen)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
	struct pki_key *out = NULL;

	BIO_free(b);
	if (!k) {
		pki_openssl_error(err, errlen, "not a usable private key");
		return NULL;
	}
	if (!(out = calloc(1, sizeof(*out)))) {
		EVP_PKEY_free(k);
		return NULL;
	}
	out->k = k;
	return out;
}

void pki_key_free(struct pki_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->k);
	free(k);
}

void pki_secret_free(char *s)
{
	if (!s)
		return;
	OPENSSL_cleanse(s, strlen(s));
	free(s);
}

void pki_describe_pkey(EVP_PKEY *k, char *buf, size_t len)
{
	char group[64] = "";

	if (EVP_PKEY_is_a(k, "RSA")) {
		snprintf(buf, len, "RSA-%d", EVP_PKEY_get_bits(k));
	} else if (EVP_PKEY_is_a(k, "EC")) {
		EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), NULL);
		snprintf(buf, len, "EC-%s",
			 strcmp(group, "prime256v1") == 0  ? "P256"
			 : strcmp(group, "secp384r1") == 0 ? "P384"
			 : strcmp(group, "secp521r1") == 0 ? "P521"
							   : group);
	} else {
		snprintf(buf, len, "%s-%d", EVP_PKEY_get0_type_name(k), EVP_PKEY_get_bits(k));
	}
}

void pki_key_describe(const struct pki_key *k, char *buf, size_t len)
{
	pki_describe_pkey(k->k, buf, len);
}

bool pki_key_matches_cert(const struct pki_key *k, const struct pki_cert *c)
{
	EVP_PKEY *pub = X509_get0_pubkey(c->x);

	return pub && EVP_PKEY_eq(k->k, pub) == 1;
}

bool pki_key_matches_csr(const struct pki_key *k, const struct pki_csr *r)
{
	EVP_PKEY *pub = X509_REQ_get0_pubkey(r->r);

	return pub && EVP_PKEY_eq(k->k, pub) == 1;
}

int pki_random_hex(char *out, size_t nbytes)
{
	unsigned char buf[64];

	if (nbytes > sizeof(buf) || RAND_bytes(buf, (int)nbytes) != 1)
		return -1;
	for (size_t i = 0; i < nbytes; i++)
		snprintf(out + 2 * i, 3, "%02X", buf[i]);
	return 0;
}
