/* The PKI core: keys, self-signed certificates, CSRs, parsing, facts,
 * verification. The bats suites cross-check the same output with the
 * openssl command line. */
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#include "pki/pki.h"
#include "unit.h"

static char err[512];

static struct pki_key *keygen(enum pki_key_type t, int bits)
{
	struct pki_keyspec spec = {t, bits};
	struct pki_key *k = NULL;

	CHECK(pki_key_generate(&spec, &k, err, sizeof(err)) == 0);
	return k;
}

static const struct pki_subject subj = {
    "node1.example.com", "Voice\\,Video,IT", "Example Inc", "Berlin", "Berlin", "DE"};
static const char *const dns[] = {"node1.example.com", "node1"};
static const char *const ips[] = {"192.0.2.10"};

static struct pki_cert *self_signed(struct pki_key *k, enum pki_digest d, int days)
{
	struct pki_request req = {&subj, dns, 2, ips, 1, PKI_PROFILE_SERVER, d, days};
	struct pki_cert *c = NULL;

	CHECK(pki_self_signed(k, &req, &c, err, sizeof(err)) == 0);
	return c;
}

static void keys(void)
{
	struct pki_key *rsa = keygen(PKI_KEY_RSA, 2048), *ec = keygen(PKI_KEY_EC, 384), *back;
	struct pki_keyspec bad = {PKI_KEY_RSA, 1000}, badec = {PKI_KEY_EC, 255};
	struct pki_key *none = NULL;
	char desc[32], *pem;

	pki_key_describe(rsa, desc, sizeof(desc));
	CHECK_STR(desc, "RSA-2048");
	pki_key_describe(ec, desc, sizeof(desc));
	CHECK_STR(desc, "EC-P384");
	CHECK(pki_key_generate(&bad, &none, err, sizeof(err)) != 0 && none == NULL);
	CHECK(pki_key_generate(&badec, &none, err, sizeof(err)) != 0 && strstr(err, "P-256"));
	pem = pki_key_to_pem(ec);
	CHECK(pem && strstr(pem, "-----BEGIN PRIVATE KEY-----")); /* PKCS#8, unencrypted */
	back = pki_key_from_pem(pem, err, sizeof(err));
	CHECK(back != NULL);
	pki_key_describe(back, desc, sizeof(desc));
	CHECK_STR(desc, "EC-P384");
	CHECK(pki_key_from_pem("garbage", err, sizeof(err)) == NULL);
	pki_secret_free(pem);
	pki_key_free(back);
	pki_key_free(rsa);
	pki_key_free(ec);
}

static void digests(void)
{
	struct pki_key *rsa4k = keygen(PKI_KEY_RSA, 4096), *p521 = keygen(PKI_KEY_EC, 521),
		       *p256 = keygen(PKI_KEY_EC, 256);
	enum pki_digest d;

	CHECK(pki_digest_for(p256, PKI_DIGEST_DEFAULT, &d, err, sizeof(err)) == 0 && d == PKI_SHA256);
	CHECK(pki_digest_for(p521, PKI_DIGEST_DEFAULT, &d, err, sizeof(err)) == 0 && d == PKI_SHA512);
	CHECK(pki_digest_for(p521, PKI_SHA256, &d, err, sizeof(err)) != 0 && strstr(err, "weaker"));
	CHECK(pki_digest_for(rsa4k, PKI_DIGEST_DEFAULT, &d, err, sizeof(err)) == 0 && d == PKI_SHA384);
	CHECK(pki_digest_for(rsa4k, PKI_SHA512, &d, err, sizeof(err)) == 0 && d == PKI_SHA512);
	pki_key_free(rsa4k);
	pki_key_free(p521);
	pki_key_free(p256);
}

static void certificates(void)
{
	struct pki_key *k = keygen(PKI_KEY_RSA, 2048), *other = keygen(PKI_KEY_EC, 256);
	struct pki_cert *c = self_signed(k, PKI_DIGEST_DEFAULT, 1825), *c2, *back;
	struct pki_facts f;
	char *pem;

	CHECK(c && pki_cert_facts(c, &f) == 0);
	CHECK(f.version == 3);
	CHECK_STR(f.subject_cn, "node1.example.com");
	CHECK(strstr(f.subject, "OU=IT") && strstr(f.subject, "OU=Voice\\,Video") &&
	      strstr(f.subject, "C=DE"));
	CHECK(strcmp(f.subject, f.issuer) == 0 && f.self_signed && f.is_ca);
	CHECK(strlen(f.serial) >= 31 && strlen(f.serial) <= 32);
	CHECK(f.not_after - f.not_before == 1825L * 86400);
	CHECK_STR(f.key, "RSA-2048");
	CHECK_STR(f.sig_alg, "sha256WithRSAEncryption");
	CHECK(strstr(f.san, "DNS:node1.example.com") && strstr(f.san, "IP Address:192.0.2.10"));
	CHECK_STR(f.first_dns, "node1.example.com");
	CHECK(strstr(f.key_usage, "Digital Signature") && strstr(f.key_usage, "Key Encipherment") &&
	      strstr(f.key_usage, "Data Encipherment") && strstr(f.key_usage, "Key Agreement"));
	CHECK(strstr(f.ext_key_usage, "TLS Web Server Authentication") &&
	      strstr(f.ext_key_usage, "TLS Web Client Authentication") &&
	      strstr(f.ext_key_usage, "IPSec End System"));
	CHECK(strlen(f.sha256) == 95 && strlen(f.sha1) == 59);
	CHECK(pki_key_matches_cert(k, c) && !pki_key_matches_cert(other, c));
	/* Two certificates never share a serial. */
	c2 = self_signed(k, PKI_SHA512, 30);
	struct pki_facts f2;
	pki_cert_facts(c2, &f2);
	CHECK(strcmp(f.serial, f2.serial) != 0);
	CHECK_STR(f2.sig_alg, "sha512WithRSAEncryption");
	CHECK(pki_cert_same_key(c, c2) && pki_cert_same_subject(c, c2) &&
	      !pki_cert_same_issuer_serial(c, c2));
	pem = pki_cert_to_pem(c);
	back = pki_cert_from_pem(pem, err, sizeof(err));
	CHECK(back && pki_cert_same_issuer_serial(c, back));
	free(pem);
	pki_cert_free(back);
	pki_cert_free(c2);
	pki_cert_free(c);
	pki_key_free(k);
	pki_key_free(other);
}

static void requests(void)
{
	struct pki_key *k = keygen(PKI_KEY_EC, 256), *other = keygen(PKI_KEY_EC, 256);
	struct pki_request req = {&subj, dns, 2, NULL, 0, PKI_PROFILE_SERVER, PKI_DIGEST_DEFAULT, 0};
	struct pki_csr *r = NULL, *back;
	char *pem;

	CHECK(pki_csr_build(k, &req, &r, err, sizeof(err)) == 0);
	pem = pki_csr_to_pem(r);
	CHECK(pem && strstr(pem, "-----BEGIN CERTIFICATE REQUEST-----"));
	back = pki_csr_from_pem(pem, err, sizeof(err));
	CHECK(back && pki_key_matches_csr(k, back) && !pki_key_matches_csr(other, back));
	/* The request verifies with its own key (what a CA checks first). */
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509_REQ *x = PEM_read_bio_X509_REQ(b, NULL, NULL, NULL);
	CHECK(x && X509_REQ_verify(x, X509_REQ_get0_pubkey(x)) == 1);
	X509_REQ_free(x);
	BIO_free(b);
	free(pem);
	pki_csr_free(back);
	pki_csr_free(r);
	pki_key_free(k);
	pki_key_free(other);
}

static void parsing(void)
{
	struct pki_key *k = keygen(PKI_KEY_EC, 256);
	struct pki_cert *a = self_signed(k, PKI_DIGEST_DEFAULT, 10),
			*b = self_signed(k, PKI_DIGEST_DEFAULT, 20);
	char *pa = pki_cert_to_pem(a), *pb = pki_cert_to_pem(b), *kp = pki_key_to_pem(k);
	size_t derlen;
	unsigned char *der = pki_cert_to_der(a, &derlen);
	struct pki_certlist l;
	char bundle[8192], junk[100000];

	snprintf(bundle, sizeof(bundle), "Subject: something\n%s\ntext between\n%s", pa, pb);
	CHECK(pki_parse_certs((unsigned char *)bundle, strlen(bundle), &l, err, sizeof(err)) == 0 &&
	      l.n == 2);
	pki_certlist_free(&l);
	CHECK(pki_parse_certs(der, derlen, &l, err, sizeof(err)) == 0 && l.n == 1);
	pki_certlist_free(&l);
	CHECK(pki_parse_certs(der, derlen / 2, &l, err, sizeof(err)) != 0 && strstr(err, "truncated"));
	CHECK(pki_parse_certs((unsigned char *)"", 0, &l, err, sizeof(err)) != 0 && strstr(err, "empty"));
	CHECK(pki_parse_certs((unsigned char *)"  \n", 3, &l, err, sizeof(err)) != 0 && strstr(err, "empty"));
	memset(junk, 'x', sizeof(junk));
	CHECK(pki_parse_certs((unsigned char *)junk, sizeof(junk), &l, err, sizeof(err)) != 0 &&
	      strstr(err, "neither"));
	snprintf(bundle, sizeof(bundle), "%s%s", pa, kp);
	CHECK(pki_parse_certs((unsigned char *)bundle, strlen(bundle), &l, err, sizeof(err)) != 0 &&
	      strstr(err, "private key") && l.n == 0);
	/* A PEM block cut short. */
	snprintf(bundle, sizeof(bundle), "%.*s", (int)(strlen(pa) - 40), pa);
	CHECK(pki_parse_certs((unsigned char *)bundle, strlen(bundle), &l, err, sizeof(err)) != 0);
	free(pa);
	free(pb);
	free(der);
	pki_secret_free(kp);
	pki_cert_free(a);
	pki_cert_free(b);
	pki_key_free(k);
}

static void verification(void)
{
	struct pki_key *k = keygen(PKI_KEY_EC, 256), *k2 = keygen(PKI_KEY_EC, 256);
	struct pki_cert *c = self_signed(k, PKI_DIGEST_DEFAULT, 10),
			*other = self_signed(k2, PKI_DIGEST_DEFAULT, 10);
	struct pki_certlist trust = {&c, 1}, wrong = {&other, 1};
	struct pki_verify_opts o = {&trust, NULL, PKI_PURPOSE_SERVER, "node1.example.com", 0, PKI_RFC5280};
	char reason[256];

	CHECK(pki_verify(c, &o, reason, sizeof(reason)) == 0);
	o.host = "elsewhere.example.com";
	CHECK(pki_verify(c, &o, reason, sizeof(reason)) == 1 && strstr(reason, "hostname mismatch"));
	o.host = NULL;
	o.at = time(NULL) + 30L * 86400;
	CHECK(pki_verify(c, &o, reason, sizeof(reason)) == 1 && strstr(reason, "expired"));
	o.at = 0;
	o.trusted = &wrong;
	CHECK(pki_verify(c, &o, reason, sizeof(reason)) == 1 && strstr(reason, "self-signed"));
	/* Every broken rule is listed, not only the first: expired and the
	 * wrong host at once; the web PKI profile adds its own. */
	struct pki_findings f;
	o.trusted = &trust;
	o.host = "elsewhere.example.com";
	o.at = time(NULL) + 30L * 86400;
	CHECK(pki_verify_all(c, &o, &f) == 0 && f.n == 2);
	bool expired = false, host = false;
	for (int i = 0; i < f.n; i++) {
		expired |= strstr(f.v[i].rule, "expired") != NULL && f.v[i].depth == 0;
		host |= strstr(f.v[i].rule, "hostname mismatch") != NULL;
	}
	CHECK(expired && host);
	CHECK(strstr(f.v[0].subject, "CN=") == f.v[0].subject);
	pki_findings_free(&f);
	o.host = NULL;
	o.at = 0;
	o.profile = PKI_WEBPKI;
	CHECK(pki_verify_all(c, &o, &f) == 0);
	CHECK(f.n == 0); /* ucsh's own certificates pass the web PKI rules */
	pki_findings_free(&f);
	pki_cert_free(c);
	pki_cert_free(other);
	pki_key_free(k);
	pki_key_free(k2);
}

/* Certificate-only PKCS#12: built, read back with the names, refused with
 * a wrong password or when a key is inside. */
static void bulk_p12(void)
{
	struct pki_key *k = keygen(PKI_KEY_EC, 256), *k2 = keygen(PKI_KEY_EC, 256);
	struct pki_cert *a = self_signed(k, PKI_DIGEST_DEFAULT, 30),
			*b = self_signed(k2, PKI_DIGEST_DEFAULT, 30);
	struct pki_cert *v[] = {a, b};
	struct pki_certlist l = {v, 2}, back;
	const char *names[] = {"clusterA/node1", NULL};
	unsigned char *der = NULL;
	size_t len = 0;
	char **got = NULL;

	CHECK(pki_p12_certs_build(&l, names, "bulk-pass", &der, &len, err, sizeof(err)) == PKI_OK && len > 0);
	CHECK(pki_p12_certs_parse(der, len, "bulk-pass", &back, &got, err, sizeof(err)) == PKI_OK);
	CHECK(back.n == 2);
	int named = 0;
	for (int i = 0; i < back.n; i++)
		named += got[i] && strcmp(got[i], "clusterA/node1") == 0;
	CHECK(named == 1);
	pki_p12_names_free(got, back.n);
	pki_certlist_free(&back);
	CHECK(pki_p12_certs_parse(der, len, "other", &back, &got, err, sizeof(err)) == PKI_EINPUT);
	CHECK(strstr(err, "bulk password") != NULL && back.n == 0 && got == NULL);
	der[len / 2] ^= 0x55;
	CHECK(pki_p12_certs_parse(der, len, "bulk-pass", &back, &got, err, sizeof(err)) == PKI_EINPUT);
	free(der);
	struct pki_certlist none = {NULL, 0};
	CHECK(pki_p12_certs_build(&none, NULL, "bulk-pass", &der, &len, err, sizeof(err)) != PKI_OK);
	pki_cert_free(a);
	pki_cert_free(b);
	pki_key_free(k);
	pki_key_free(k2);
}

/* The first candidate that names the host wins; NULL candidates are skipped. */
static void sni_select(void)
{
	struct pki_key *k = keygen(PKI_KEY_EC, 256);
	struct pki_cert *c = self_signed(k, PKI_DIGEST_DEFAULT, 30);
	const struct pki_cert *v[] = {NULL, c, c};

	CHECK(pki_sni_select("node1.example.com", v, 3) == 1);
	CHECK(pki_sni_select("NODE1.example.com", v, 3) == 1);
	CHECK(pki_sni_select("other.example.com", v, 3) == -1);
	CHECK(pki_sni_select("", v, 3) == -1);
	CHECK(pki_sni_select(NULL, v, 3) == -1);
	pki_cert_free(c);
	pki_key_free(k);
}

/* What a request says, and whether its signature holds. */
static void csr_facts(void)
{
	struct pki_key *k = keygen(PKI_KEY_RSA, 2048);
	struct pki_request req = {&subj, dns, 2, NULL, 0, PKI_PROFILE_SERVER, PKI_SHA384, 0};
	struct pki_csr *r = NULL;
	struct pki_csr_facts f;

	CHECK(pki_csr_build(k, &req, &r, err, sizeof(err)) == 0);
	CHECK(pki_csr_facts(r, &f) == 0);
	CHECK_STR(f.subject_cn, "node1.example.com");
	CHECK_STR(f.key, "RSA-2048");
	CHECK_STR(f.sig_alg, "sha384WithRSAEncryption");
	CHECK_STR(f.san, "DNS:node1.example.com, DNS:node1");
	CHECK(f.signature_ok);
	pki_csr_free(r);
	pki_key_free(k);
}

/* IANA code points to OpenSSL's names; Debian's OpenSSL has no 3DES. */
static void tls_ciphers(void)
{
	char name[128], desc[200];
	int fips;

	CHECK(pki_tls_cipher_openssl(0xC02F, name, sizeof(name)) == 1);
	CHECK_STR(name, "ECDHE-RSA-AES128-GCM-SHA256");
	CHECK(pki_tls_cipher_openssl(0x009C, name, sizeof(name)) == 1);
	CHECK_STR(name, "AES128-GCM-SHA256");
	CHECK(pki_tls_cipher_openssl(0x1301, name, sizeof(name)) == 1);
	CHECK_STR(name, "TLS_AES_128_GCM_SHA256");
	CHECK(pki_tls_cipher_openssl(0x000A, name, sizeof(name)) == 0 && !*name);
	CHECK(pki_tls_cipher_openssl(0xFFFF, name, sizeof(name)) == 0);
	/* Whichever the answer, the description says it. */
	fips = pki_fips_provider(false, desc, sizeof(desc));
	CHECK(fips == 1 ? *desc != 0 : strstr(desc, "no FIPS provider is installed") != NULL);
}

int main(void)
{
	keys();
	digests();
	certificates();
	requests();
	parsing();
	verification();
	bulk_p12();
	tls_ciphers();
	csr_facts();
	sni_select();
	return unit_summary("pki");
}
