/* Chain verification: the verdict a TLS peer would reach. */
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>

#include "pki/pki_int.h"

static STACK_OF(X509) * stack_of(const struct pki_certlist *l)
{
	STACK_OF(X509) *sk = sk_X509_new_null();

	for (int i = 0; sk && l && i < l->n; i++)
		sk_X509_push(sk, l->v[i]->x);
	return sk;
}

int pki_verify(const struct pki_cert *leaf, const struct pki_verify_opts *o, char *reason, size_t len)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	STACK_OF(X509) *untrusted = stack_of(o->untrusted);
	X509_VERIFY_PARAM *param;
	int rc = 1;

	if (!store || !ctx || !untrusted) {
		snprintf(reason, len, "out of memory");
		goto out;
	}
	for (int i = 0; o->trusted && i < o->trusted->n; i++)
		X509_STORE_add_cert(store, o->trusted->v[i]->x);
	if (!X509_STORE_CTX_init(ctx, store, leaf->x, untrusted)) {
		snprintf(reason, len, "cannot set up verification");
		goto out;
	}
	param = X509_STORE_CTX_get0_param(ctx);
	/* Any certificate in a trust store is an anchor, root or not: the
	 * documentation has administrators upload the sub-CA that signed a
	 * certificate, not its root. */
	X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
	if (o->purpose == PKI_PURPOSE_SERVER)
		X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
	else if (o->purpose == PKI_PURPOSE_CLIENT)
		X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_CLIENT);
	if (o->host && !X509_VERIFY_PARAM_set1_host(param, o->host, 0)) {
		snprintf(reason, len, "bad host name");
		goto out;
	}
	if (o->at)
		X509_VERIFY_PARAM_set_time(param, o->at);
	if (X509_verify_cert(ctx) == 1) {
		snprintf(reason, len, "ok");
		rc = 0;
	} else {
		int e = X509_STORE_CTX_get_error(ctx);
		snprintf(reason, len, "%s (at depth %d)", X509_verify_cert_error_string(e),
			 X509_STORE_CTX_get_error_depth(ctx));
	}
out:
	sk_X509_free(untrusted);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	return rc;
}
