/* Parsing what administrators upload: PEM bundles, DER, PKCS#7, PKCS#12. */
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "pki/pki_int.h"

static int take_pkcs7(PKCS7 *p7, struct pki_certlist *out, char *err, size_t errlen)
{
	STACK_OF(X509) *certs = NULL;

	if (OBJ_obj2nid(p7->type) == NID_pkcs7_signed && p7->d.sign)
		certs = p7->d.sign->cert;
	else if (OBJ_obj2nid(p7->type) == NID_pkcs7_signedAndEnveloped && p7->d.signed_and_enveloped)
		certs = p7->d.signed_and_enveloped->cert;
	if (!certs || sk_X509_num(certs) == 0) {
		snprintf(err, errlen, "the PKCS#7 file holds no certificates (not a certificate chain)");
		return -1;
	}
	for (int i = 0; i < sk_X509_num(certs); i++) {
		X509 *x = sk_X509_value(certs, i);
		X509_up_ref(x);
		if (pki_certlist_push(out, x) != 0) {
			X509_free(x);
			return -1;
		}
	}
	return 0;
}

static bool is_key_label(const char *name)
{
	return strstr(name, "PRIVATE KEY") != NULL;
}

/* How many "-----BEGIN " lines the upload has. */
static int count_blocks(const unsigned char *buf, size_t len)
{
	const unsigned char *p = buf, *end = buf + len;
	int n = 0;

	while (p < end && (p = memmem(p, (size_t)(end - p), "-----BEGIN ", 11)) != NULL) {
		n++;
		p += 11;
	}
	return n;
}

static int parse_pem(const unsigned char *buf, size_t len, struct pki_certlist *out, char *err, size_t errlen)
{
	BIO *b = BIO_new_mem_buf(buf, (int)len);
	char *name = NULL, *header = NULL;
	unsigned char *data = NULL;
	long n;
	int rc = 0, blocks = 0;

	while (rc == 0 && PEM_read_bio(b, &name, &header, &data, &n)) {
		const unsigned char *p = data;
		blocks++;
		if (is_key_label(name)) {
			snprintf(err, errlen,
				 "the file contains a private key (%s); upload certificates only", name);
			rc = PKI_EPRIVKEY;
		} else if (strcmp(name, "CERTIFICATE") == 0 || strcmp(name, "X509 CERTIFICATE") == 0 ||
			   strcmp(name, "TRUSTED CERTIFICATE") == 0) {
			X509 *x = strcmp(name, "TRUSTED CERTIFICATE") == 0 ? d2i_X509_AUX(NULL, &p, n)
									   : d2i_X509(NULL, &p, n);
			if (!x) {
				snprintf(err, errlen, "PEM block %d is not a valid certificate", blocks);
				rc = -1;
			} else if (pki_certlist_push(out, x) != 0) {
				X509_free(x);
				rc = -1;
			}
		} else if (strcmp(name, "PKCS7") == 0 || strcmp(name, "CERTIFICATE CHAIN") == 0) {
			PKCS7 *p7 = d2i_PKCS7(NULL, &p, n);
			if (!p7) {
				snprintf(err, errlen, "PEM block %d is not a valid PKCS#7 structure", blocks);
				rc = -1;
			} else {
				rc = take_pkcs7(p7, out, err, errlen);
				PKCS7_free(p7);
			}
		} else {
			snprintf(err, errlen, "PEM block %d is a %s, not a certificate", blocks, name);
			rc = -1;
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(data);
		name = header = NULL;
		data = NULL;
	}
	ERR_clear_error();
	BIO_free(b);
	if (rc == 0 && blocks == 0) {
		snprintf(err, errlen, "no PEM block could be read (damaged or cut short?)");
		rc = -1;
	}
	/* OpenSSL stops at the first block it cannot decode: one unreadable
	 * block refuses the whole upload rather than passing unnoticed. */
	if (rc == 0 && count_blocks(buf, len) > blocks) {
		snprintf(err, errlen, "PEM block %d cannot be read (damaged or cut short?)", blocks + 1);
		rc = -1;
	}
	return rc;
}

/* The length an outer DER SEQUENCE header claims, or 0 when unreadable. */
static size_t der_claimed(const unsigned char *b, size_t len)
{
	size_t n, k;

	if (len < 2 || b[0] != 0x30)
		return 0;
	if (!(b[1] & 0x80))
		return 2 + b[1];
	k = b[1] & 0x7f;
	if (k == 0)
		return SIZE_MAX; /* BER indefinite length */
	if (k > 4 || len < 2 + k)
		return 0;
	n = 0;
	for (size_t i = 0; i < k; i++)
		n = (n << 8) | b[2 + i];
	return 2 + k + n;
}

static int parse_der(const unsigned char *buf, size_t len, struct pki_certlist *out, char *err, size_t errlen)
{
	const unsigned char *p = buf;
	size_t claimed = der_claimed(buf, len);
	X509 *x;
	PKCS7 *p7;

	if (claimed != SIZE_MAX && claimed > len) {
		snprintf(err, errlen, "the DER data is truncated (%zu of %zu bytes)", len, claimed);
		return -1;
	}
	if ((x = d2i_X509(NULL, &p, (long)len)) != NULL) {
		if (pki_certlist_push(out, x) != 0) {
			X509_free(x);
			return -1;
		}
		return 0;
	}
	p = buf;
	if ((p7 = d2i_PKCS7(NULL, &p, (long)len)) != NULL) {
		int rc = take_pkcs7(p7, out, err, errlen);
		PKCS7_free(p7);
		return rc;
	}
	ERR_clear_error();
	p = buf;
	EVP_PKEY *k = d2i_AutoPrivateKey(NULL, &p, (long)len);
	if (k) {
		EVP_PKEY_free(k);
		snprintf(err, errlen, "the file is a private key; upload certificates only");
		return PKI_EPRIVKEY;
	}
	ERR_clear_error();
	snprintf(err, errlen, "not a certificate: neither PEM, DER nor PKCS#7");
	return -1;
}

int pki_parse_certs(const unsigned char *buf, size_t len, struct pki_certlist *out, char *err, size_t errlen)
{
	size_t i = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	if (i == len) {
		snprintf(err, errlen, "the file is empty");
		return -1;
	}
	if (memmem(buf, len, "-----BEGIN ", 11))
		rc = parse_pem(buf, len, out, err, errlen);
	else if (buf[i] == 0x30)
		rc = parse_der(buf + i, len - i, out, err, errlen);
	else {
		snprintf(err, errlen, "not a certificate: neither PEM, DER nor PKCS#7");
		rc = -1;
	}
	if (rc != 0)
		pki_certlist_free(out);
	return rc;
}

int pki_parse_pkcs12(const unsigned char *buf, size_t len, const char *pass, struct pki_key **key,
		     struct pki_cert **cert, struct pki_certlist *chain, char *err, size_t errlen)
{
	const unsigned char *p = buf;
	PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
	EVP_PKEY *k = NULL;
	X509 *x = NULL;
	STACK_OF(X509) *ca = NULL;
	int rc = -1;

	*key = NULL;
	*cert = NULL;
	memset(chain, 0, sizeof(*chain));
	if (!p12) {
		snprintf(err, errlen, "not a PKCS#12 file");
		goto out;
	}
	if (PKCS12_mac_present(p12) && !PKCS12_verify_mac(p12, pass, -1) &&
	    !PKCS12_verify_mac(p12, NULL, 0)) {
		snprintf(err, errlen, "wrong passphrase for the PKCS#12 file");
		goto out;
	}
	if (!PKCS12_parse(p12, pass, &k, &x, &ca)) {
		pki_openssl_error(err, errlen, "cannot read the PKCS#12 file (unsupported algorithm?)");
		goto out;
	}
	if (!k || !x) {
		snprintf(err, errlen, "the PKCS#12 file must hold a certificate and its private key");
		goto out;
	}
	*key = calloc(1, sizeof(**key));
	*cert = pki_cert_wrap(x);
	if (!*key || !*cert)
		goto out;
	(*key)->k = k;
	k = NULL;
	x = NULL;
	for (int i = 0; i < sk_X509_num(ca); i++) {
		X509 *c = sk_X509_value(ca, i);
		X509_up_ref(c);
		if (pki_certlist_push(chain, c) != 0) {
			X509_free(c);
			goto out;
		}
	}
	rc = 0;
out:
	if (rc != 0) {
		pki_key_free(*key);
		*key = NULL;
		if (*cert) {
			pki_cert_free(*cert);
			*cert = NULL;
			x = NULL;
		}
		pki_certlist_free(chain);
	}
	EVP_PKEY_free(k);
	X509_free(x);
	sk_X509_pop_free(ca, X509_free);
	PKCS12_free(p12);
	ERR_clear_error();
	return rc;
}
