/* A TLS server side for ucshd's CAPF and TVS services: the node's
 * certificate and key read from the deploy directory for each connection
 * (a regenerated certificate is used from the next one on), one message
 * per write, exact reads. Timeouts come from the socket (SO_RCVTIMEO). */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdlib.h>

#include "pki/pki_int.h"

int pki_tls_version(int v)
{
	return v <= 10 ? TLS1_VERSION : v == 11 ? TLS1_1_VERSION : v == 12 ? TLS1_2_VERSION : TLS1_3_VERSION;
}

int pki_tls_init(void)
{
	/* A context made and dropped: the configuration read, the providers
	 * and ciphers loaded. */
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	SSL_CTX_free(ctx);
	return ctx ? PKI_OK : PKI_EFAIL;
}

int pki_tls_accept(int fd, const char *cert_file, const char *key_file, int min_version, struct pki_tls **out,
		   char *err, size_t errlen)
{
	struct pki_tls *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (!t || !(t->ctx = SSL_CTX_new(TLS_server_method()))) {
		pki_openssl_error(err, errlen, "cannot make a TLS context");
		goto fail;
	}
	/* TLS 1.0 only for the 7900-series phones that need it, and then at
	 * security level 0 (their SHA-1 handshakes). */
	SSL_CTX_set_min_proto_version(t->ctx, pki_tls_version(min_version));
	if (min_version < 12)
		SSL_CTX_set_security_level(t->ctx, 0);
	if (SSL_CTX_use_certificate_chain_file(t->ctx, cert_file) != 1 ||
	    SSL_CTX_use_PrivateKey_file(t->ctx, key_file, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(t->ctx) != 1) {
		pki_openssl_error(err, errlen, "cannot load the service's certificate and key");
		goto fail;
	}
	if (!(t->ssl = SSL_new(t->ctx)) || SSL_set_fd(t->ssl, fd) != 1 || SSL_accept(t->ssl) != 1) {
		pki_openssl_error(err, errlen, "TLS handshake failed");
		goto fail;
	}
	*out = t;
	return PKI_OK;
fail:
	pki_tls_close(t);
	return PKI_EFAIL;
}

int pki_tls_read(struct pki_tls *t, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		size_t n = 0;
		if (SSL_read_ex(t->ssl, (unsigned char *)buf + got, len - got, &n) != 1)
			return -1;
		got += n;
	}
	return 0;
}

int pki_tls_write(struct pki_tls *t, const void *buf, size_t len)
{
	size_t n = 0;

	return SSL_write_ex(t->ssl, buf, len, &n) == 1 && n == len ? 0 : -1;
}

void pki_tls_close(struct pki_tls *t)
{
	if (!t)
		return;
	if (t->ssl) {
		SSL_shutdown(t->ssl);
		SSL_free(t->ssl);
	}
	SSL_CTX_free(t->ctx);
	free(t);
}
