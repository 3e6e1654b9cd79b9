/* A device proves itself with the certificate it holds. The reference
 * implementation checks the issuer's signature only; ucsh also requires
 * the certificate to name the device (otherwise any phone's LSC would get
 * an LSC for every other device name) and to be within its dates. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pki/pki.h"
#include "store/cert.h"
#include "svc/capfauth.h"
#include "svc/cryptopolicy.h"
#include "util/timefmt.h"
#include "wire/wire.h"

static struct pki_cert *parse_one(const uint8_t *der, size_t len)
{
	struct pki_certlist l = {0};
	struct pki_cert *c = NULL;
	char why[200];

	if (pki_parse_certs(der, len, &l, why, sizeof(why)) == 0 && l.n == 1)
		c = pki_cert_dup(l.v[0]);
	pki_certlist_free(&l);
	return c;
}

struct issuer_search {
	const struct pki_cert *cert;
	const char *issuer;
	bool found;
};

static int try_trusted(const struct cert_row *row, void *ctx)
{
	struct issuer_search *s = ctx;
	struct pki_cert *cand;

	if (strcmp(row->subject, s->issuer) != 0 || !(cand = pki_cert_from_pem(row->pem, NULL, 0)))
		return 0;
	s->found = pki_cert_signed_by(s->cert, cand);
	pki_cert_free(cand);
	return s->found;
}

/* Signed by this node's CAPF certificate (the LSC issuer) or one in
 * CAPF-trust. */
static bool trusted_issuer(struct core *c, const struct pki_cert *cert, const struct pki_facts *f)
{
	struct cert_row row;
	struct issuer_search s = {cert, f->issuer, false};

	if (store_cert_get(c->store, "own", "CAPF", "CAPF", &row) == STORE_OK) {
		struct pki_cert *capf = pki_cert_from_pem(row.pem, NULL, 0);
		s.found = capf && pki_cert_signed_by(cert, capf);
		pki_cert_free(capf);
		cert_row_free(&row);
	}
	if (!s.found)
		store_cert_each(core_cert_store(c, "trust"), "trust", "CAPF-trust", 0, true, try_trusted, &s);
	return s.found;
}

/* Dates and issuer of a certificate the device sent; what names it. */
static int vouched(struct core *c, const struct pki_cert *cert, const char *what, struct pki_facts *f,
		   char *why, size_t len)
{
	long long now = (long long)time(NULL);
	char when[32];

	pki_cert_facts(cert, f);
	if (now < f->not_before || now > f->not_after) {
		time_iso(now < f->not_before ? f->not_before : f->not_after, when, sizeof(when));
		snprintf(why, len, "the device's %s %s %s", what,
			 now < f->not_before ? "is not valid before" : "expired on", when);
		return -1;
	}
	if (!trusted_issuer(c, cert, f)) {
		snprintf(why, len,
			 "the device's %s was not issued by this CAPF or a CA in CAPF-trust (issuer %s)",
			 what, f->issuer);
		return -1;
	}
	return 0;
}

static bool names_device(const char *cn, const char *device)
{
	size_t n = strlen(cn), d = strlen(device);

	return strcmp(cn, device) == 0 ||
	       (n > d + 1 && cn[n - d - 1] == '-' && strcmp(cn + n - d, device) == 0);
}

/* SUDI_DATA: certificate, SHA-1 signature, SHA-512 signature, the last
 * over the session id (little-endian) and the SUDI certificate. */
static int sudi_check(struct core *c, const struct capf_proof *p, char *why, size_t len)
{
	struct wire_elem e = {16, (uint16_t)p->sudi_len, p->sudi};
	const uint8_t *der, *sig1, *sig;
	size_t der_len, sig1_len, sig_len, at = 0;
	uint8_t id1, id2, id3;
	struct pki_facts f;
	char reason[200];
	int rc = -1;

	if (wire_capf_block(&e, &at, &id1, &der, &der_len) != 0 ||
	    wire_capf_block(&e, &at, &id2, &sig1, &sig1_len) != 0 ||
	    wire_capf_block(&e, &at, &id3, &sig, &sig_len) != 0 || at != p->sudi_len || id3 != 3) {
		snprintf(why, len, "the SUDI block is not certificate, SHA-1 and SHA-512 signatures");
		return -1;
	}
	struct pki_cert *sudi = parse_one(der, der_len);
	uint8_t *data = malloc(4 + der_len);
	if (!sudi || !data)
		snprintf(why, len, "the SUDI certificate is not one");
	else if (vouched(c, sudi, "SUDI certificate", &f, why, len) == 0 &&
		 crypto_check_cert(&(struct crypto_policy){core_fips_mode(c), false}, &f,
				   "the SUDI certificate", why, len) == 0) {
		for (int i = 0; i < 4; i++)
			data[i] = (uint8_t)(p->session >> (8 * i));
		memcpy(data + 4, der, der_len);
		if (pki_capf_sig_check(sudi, "SHA512", data, 4 + der_len, sig, sig_len, reason,
				       sizeof(reason)) != 0)
			snprintf(why, len, "the SUDI signature: %s", reason);
		else
			rc = 0;
	}
	free(data);
	pki_cert_free(sudi);
	return rc;
}

int capf_proof_check(struct core *c, const struct capf_proof *p, char *why, size_t len)
{
	struct wire_elem sha2 = {20, (uint16_t)p->sha2_len, p->sha2};
	const uint8_t *sig;
	size_t sig_len, at = 0, n = strlen(p->device) + 1;
	uint8_t id;
	struct pki_facts f;
	struct crypto_policy policy = core_crypto_policy(c);
	char reason[200];
	int rc = -1;

	if (!p->cert_len || !p->sig_sha1_len || !p->sha2_len) {
		snprintf(why, len, "the device sent no %s",
			 !p->cert_len	    ? "certificate"
			 : !p->sig_sha1_len ? "SHA-1 signature"
					    : "SHA-512 signature");
		return -1;
	}
	if (wire_capf_block(&sha2, &at, &id, &sig, &sig_len) != 0 || at != p->sha2_len || id != 3) {
		snprintf(why, len, "the SHA-2 signature is not a SHA-512 one");
		return -1;
	}
	struct pki_cert *cert = parse_one(p->cert, p->cert_len);
	uint8_t *data = malloc(n + p->cert_len);
	if (!cert || !data)
		snprintf(why, len, "the device's certificate is not one");
	else if (vouched(c, cert, "certificate", &f, why, len) != 0)
		;
	else if (!names_device(f.subject_cn, p->device))
		snprintf(why, len, "the device's certificate is for %s, not %s", f.subject_cn, p->device);
	else if (crypto_check_cert(&policy, &f, "the device's certificate", why, len) != 0)
		;
	else {
		/* Signed: the device name, its 0x00, the certificate. FIPS mode
		 * uses no SHA-1: the SHA-512 signature alone decides. */
		memcpy(data, p->device, n);
		memcpy(data + n, p->cert, p->cert_len);
		if (!policy.fips && pki_capf_sig_check(cert, "SHA1", data, n + p->cert_len, p->sig_sha1,
						       p->sig_sha1_len, reason, sizeof(reason)) != 0)
			snprintf(why, len, "the SHA-1 signature: %s", reason);
		else if (pki_capf_sig_check(cert, "SHA512", data, n + p->cert_len, sig, sig_len, reason,
					    sizeof(reason)) != 0)
			snprintf(why, len, "the SHA-512 signature: %s", reason);
		else
			rc = p->sudi_len ? sudi_check(c, p, why, len) : 0;
	}
	free(data);
	pki_cert_free(cert);
	return rc;
}
