/* PEM and DER encodings of certificates and requests; handle lifetimes. */
#include <openssl/pem.h>
#include <stdlib.h>
#include <string.h>

#include "pki/pki_int.h"

struct pki_cert *pki_cert_wrap(X509 *x)
{
	struct pki_cert *c = calloc(1, sizeof(*c));

	if (c)
		c->x = x;
	return c;
}

int pki_certlist_push(struct pki_certlist *l, X509 *x)
{
	struct pki_cert **v = realloc(l->v, (size_t)(l->n + 1) * sizeof(*v));
	struct pki_cert *c;

	if (!v)
		return -1;
	l->v = v;
	if (!(c = pki_cert_wrap(x)))
		return -1;
	l->v[l->n++] = c;
	return 0;
}

void pki_certlist_free(struct pki_certlist *l)
{
	for (int i = 0; i < l->n; i++)
		pki_cert_free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

char *pki_bio_string(BIO *b)
{
	char *data, *s = NULL;
	long n = BIO_get_mem_data(b, &data);

	if (n >= 0 && (s = malloc((size_t)n + 1))) {
		memcpy(s, data, (size_t)n);
		s[n] = '\0';
	}
	return s;
}

char *pki_cert_to_pem(const struct pki_cert *c)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *s = NULL;

	if (b && PEM_write_bio_X509(b, c->x))
		s = pki_bio_string(b);
	BIO_free(b);
	return s;
}

unsigned char *pki_cert_to_der(const struct pki_cert *c, size_t *len)
{
	unsigned char *der = NULL, *out = NULL;
	int n = i2d_X509(c->x, &der);

	if (n > 0 && (out = malloc((size_t)n))) {
		memcpy(out, der, (size_t)n);
		*len = (size_t)n;
	}
	OPENSSL_free(der);
	return out;
}

struct pki_cert *pki_cert_from_pem(const char *pem, char *err, size_t errlen)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	struct pki_cert *c;

	BIO_free(b);
	if (!x) {
		pki_openssl_error(err, errlen, "not a PEM certificate");
		return NULL;
	}
	if (!(c = pki_cert_wrap(x)))
		X509_free(x);
	return c;
}

struct pki_cert *pki_cert_dup(const struct pki_cert *c)
{
	X509_up_ref(c->x);
	struct pki_cert *d = pki_cert_wrap(c->x);
	if (!d)
		X509_free(c->x);
	return d;
}

void pki_cert_free(struct pki_cert *c)
{
	if (!c)
		return;
	X509_free(c->x);
	free(c);
}

char *pki_csr_to_pem(const struct pki_csr *r)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *s = NULL;

	if (b && PEM_write_bio_X509_REQ(b, r->r))
		s = pki_bio_string(b);
	BIO_free(b);
	return s;
}

struct pki_csr *pki_csr_from_pem(const char *pem, char *err, size_t errlen)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509_REQ *r = b ? PEM_read_bio_X509_REQ(b, NULL, NULL, NULL) : NULL;
	struct pki_csr *out;

	BIO_free(b);
	if (!r) {
		pki_openssl_error(err, errlen, "not a PEM certificate request");
		return NULL;
	}
	if (!(out = calloc(1, sizeof(*out)))) {
		X509_REQ_free(r);
		return NULL;
	}
	out->r = r;
	return out;
}

void pki_csr_free(struct pki_csr *r)
{
	if (!r)
		return;
	X509_REQ_free(r->r);
	free(r);
}
