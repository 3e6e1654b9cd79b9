/* The SIP proxy's TLS side: a server that requires a client certificate
 * chaining to the context's CAs and naming one of its peer subjects, and
 * offers only the context's cipher suites (TLS 1.2 and below). */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/pki_int.h"

struct pki_tls_server {
	SSL_CTX *ctx;
	char **peers;
	int npeers;
};

/* What the verify callback of one handshake sees. */
struct peer_check {
	const struct pki_tls_server *s;
	char *cn;
	size_t cnlen;
};

static int check_idx = -1;

static void subject_cn(X509 *x, char *out, size_t len)
{
	X509_NAME *n = X509_get_subject_name(x);
	int i = n ? X509_NAME_get_index_by_NID(n, NID_commonName, -1) : -1;
	unsigned char *utf8 = NULL;
	int ulen;

	*out = 0;
	if (i < 0)
		return;
	if ((ulen = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i)))) < 0)
		return;
	snprintf(out, len, "%.*s", ulen, (char *)utf8);
	OPENSSL_free(utf8);
}

/* The chain as OpenSSL verified it, then at the leaf the peer list. */
static int verify_peer(int ok, X509_STORE_CTX *ctx)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(ctx, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct peer_check *pc = SSL_get_ex_data(ssl, check_idx);

	if (!ok || X509_STORE_CTX_get_error_depth(ctx) != 0)
		return ok;
	subject_cn(X509_STORE_CTX_get_current_cert(ctx), pc->cn, pc->cnlen);
	for (int i = 0; i < pc->s->npeers; i++)
		if (strcmp(pc->s->peers[i], pc->cn) == 0)
			return 1;
	X509_STORE_CTX_set_error(ctx, X509_V_ERR_APPLICATION_VERIFICATION);
	return 0;
}

static int configure(SSL_CTX *ctx, const struct pki_tls_peer_opts *o, char *err, size_t errlen)
{
	int min = pki_tls_version(o->min_version);

	/* TLS 1.0 and 1.1 sign with SHA-1: OpenSSL 3 allows them at level 0 only. */
	if (o->min_version < 12)
		SSL_CTX_set_security_level(ctx, 0);
	if (!*o->ciphers && min < TLS1_3_VERSION)
		min = TLS1_3_VERSION; /* nothing to offer below it */
	SSL_CTX_set_min_proto_version(ctx, min);
	if (*o->ciphers && SSL_CTX_set_cipher_list(ctx, o->ciphers) != 1) {
		pki_openssl_error(err, errlen, "the context's cipher list");
		return -1;
	}
	if (!o->empty_fragments)
		SSL_CTX_set_options(ctx, SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_peer);
	if (SSL_CTX_use_certificate_chain_file(ctx, o->cert_file) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, o->key_file, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		pki_openssl_error(err, errlen, "cannot load the service's certificate and key");
		return -1;
	}
	if (SSL_CTX_load_verify_locations(ctx, o->ca_file, NULL) != 1) {
		pki_openssl_error(err, errlen, "cannot load the context's CA bundle");
		return -1;
	}
	/* The CAs it accepts, told to the client. */
	SSL_CTX_set_client_CA_list(ctx, SSL_load_client_CA_file(o->ca_file));
	return 0;
}

int pki_tls_peer_server(const struct pki_tls_peer_opts *o, struct pki_tls_server **out, char *err,
			size_t errlen)
{
	struct pki_tls_server *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (check_idx < 0)
		check_idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
	if (!s || !(s->ctx = SSL_CTX_new(TLS_server_method())) ||
	    !(s->peers = calloc((size_t)o->npeers + 1, sizeof(*s->peers)))) {
		pki_openssl_error(err, errlen, "cannot make a TLS context");
		goto fail;
	}
	for (; s->npeers < o->npeers; s->npeers++)
		if (!(s->peers[s->npeers] = strdup(o->peers[s->npeers])))
			abort();
	if (configure(s->ctx, o, err, errlen) != 0)
		goto fail;
	*out = s;
	return PKI_OK;
fail:
	pki_tls_server_free(s);
	return PKI_EFAIL;
}

void pki_tls_server_free(struct pki_tls_server *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->npeers; i++)
		free(s->peers[i]);
	free(s->peers);
	SSL_CTX_free(s->ctx);
	free(s);
}

int pki_tls_accept_peer(int fd, const struct pki_tls_server *s, struct pki_tls **out, char *peer_cn,
			size_t cnlen, char *err, size_t errlen)
{
	struct pki_tls *t = calloc(1, sizeof(*t));
	struct peer_check pc = {s, peer_cn, cnlen};

	*out = NULL;
	*peer_cn = 0;
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return PKI_EFAIL;
	}
	/* The connection holds its own reference: the server may be dropped
	 * while it runs. */
	SSL_CTX_up_ref(s->ctx);
	t->ctx = s->ctx;
	if (!(t->ssl = SSL_new(t->ctx)) || SSL_set_ex_data(t->ssl, check_idx, &pc) != 1 ||
	    SSL_set_fd(t->ssl, fd) != 1) {
		pki_openssl_error(err, errlen, "cannot start TLS");
		goto fail;
	}
	if (SSL_accept(t->ssl) != 1) {
		long v = SSL_get_verify_result(t->ssl);
		if (v == X509_V_ERR_APPLICATION_VERIFICATION)
			snprintf(err, errlen,
				 "the client certificate's subject CN=%s is not a peer of the context",
				 peer_cn);
		else if (v != X509_V_OK)
			snprintf(err, errlen, "the client certificate: %s", X509_verify_cert_error_string(v));
		else
			pki_openssl_error(err, errlen, "TLS handshake failed");
		goto fail;
	}
	SSL_set_ex_data(t->ssl, check_idx, NULL);
	*out = t;
	return PKI_OK;
fail:
	if (t->ssl)
		SSL_set_ex_data(t->ssl, check_idx, NULL);
	pki_tls_close(t);
	return PKI_EFAIL;
}

void pki_tls_describe(const struct pki_tls *t, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s", SSL_get_version(t->ssl), SSL_get_cipher_name(t->ssl));
}

int pki_tls_cipher_openssl(unsigned code, char *name, size_t len)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_method());
	STACK_OF(SSL_CIPHER) * all;
	int found = 0;

	*name = 0;
	if (!ctx)
		return 0;
	SSL_CTX_set_security_level(ctx, 0);
	if (SSL_CTX_set_cipher_list(ctx, "ALL:COMPLEMENTOFALL") == 1 && (all = SSL_CTX_get_ciphers(ctx)))
		for (int i = 0; i < sk_SSL_CIPHER_num(all) && !found; i++) {
			const SSL_CIPHER *c = sk_SSL_CIPHER_value(all, i);
			if ((SSL_CIPHER_get_protocol_id(c) & 0xFFFF) == code) {
				snprintf(name, len, "%s", SSL_CIPHER_get_name(c));
				found = 1;
			}
		}
	SSL_CTX_free(ctx);
	return found;
}
