/* Issuing an LSC under a CAPF profile (offline enrolment today; the CAPF
 * service of ucshd calls core_capf_issue too). A wrong string is recorded
 * against the profile even though the command fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pki/pki.h"
#include "store/cert.h"
#include "store/cluster.h"
#include "svc/capf.h"
#include "svc/capfauth.h"
#include "svc/cluster.h"
#include "svc/cryptopolicy.h"
#include "svc/enroll.h"
#include "svc/files.h"
#include "svc/services.h"
#include "svc/settings.h"

#define CSR_MAX (64 * 1024)

/* Constant time: a wrong string must not say how much of it was right. */
static bool same_string(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	unsigned char d = na != nb;

	for (size_t i = 0; i < na && i < nb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

static int not_here(struct core *c, struct err *e)
{
	char publisher[64];

	if (core_cluster_publisher(c, publisher, sizeof(publisher)) != 0 ||
	    strcmp(publisher, c->node_name) == 0)
		return 0;
	return err_set(
	    e, ERR_REFUSED,
	    "CAPF runs on the first node of the cluster: run capf enroll on %s (its CAPF key signs)",
	    publisher);
}

static int check_ready(struct core *c, struct err *e)
{
	bool on = false, pending;

	if (not_here(c, e) != 0)
		return -1;
	if (setting_int(c, "enterprise", "cluster-security-mode") != 1)
		return err_set(e, ERR_REFUSED,
			       "The cluster is not in mixed mode: CAPF operations need it "
			       "(utils ctl set-cluster mixed-mode)");
	service_state_of(c->store, service_find("capf", NULL, 0), &on, &pending, NULL);
	if (!on)
		return err_set(e, ERR_REFUSED,
			       "Cisco Certificate Authority Proxy Function is not activated "
			       "(utils service activate capf)");
	return 0;
}

/* The request's key against the profile's: "RSA-2048" / "EC-P256". */
static int check_key(struct core *c, const struct capf_profile *p, const char *key_desc, struct err *e)
{
	struct crypto_policy policy = core_crypto_policy(c);
	char want[32], why[300];

	/* A profile made before FIPS mode may still ask for a weak key. */
	if (strncmp(key_desc, "RSA-", 4) == 0 &&
	    crypto_check_rsa_bits(&policy, atol(key_desc + 4), "The requested key", why, sizeof(why)) != 0)
		return err_set(e, ERR_REFUSED, "%s; update profile %s to 2048 bits or more", why,
			       p->instance);

	if (strcmp(p->key_type, "rsa") == 0)
		snprintf(want, sizeof(want), "RSA-%lld", p->key_size);
	else
		snprintf(want, sizeof(want), "EC-P%s", p->curve ? p->curve + 2 : "");
	if (strcmp(want, key_desc) != 0)
		return err_set(e, ERR_INVALID, "The request has a %s key; profile %s asks for %s", key_desc,
			       p->instance, want);
	return 0;
}

struct job {
	const char *instance, *string;
	const struct capf_proof *proof;
	const struct pki_pubkey *pub;
	char key_desc[32];
	struct enroll_result *r;
};

/* Whether the device proved itself as p asks; why says how it did not. */
static bool proven(struct core *c, const struct capf_profile *p, const struct job *j, char *why, size_t len)
{
	*why = 0;
	if (strcmp(p->auth_mode, "auth-string") == 0)
		return j->string && p->auth_string && same_string(j->string, p->auth_string);
	if (strcmp(p->auth_mode, "existing-cert") == 0)
		return j->proof && capf_proof_check(c, j->proof, why, len) == 0;
	return true;
}

/* Inside the change: a failure that must be kept is recorded and
 * reported through r->rejected, and the change commits. */
static int record_failure(struct core *c, struct capf_profile *p, struct job *j, const char *why,
			  struct err *e)
{
	long max = setting_int(c, "capf", "max-auth-failures");
	bool by_cert = strcmp(p->auth_mode, "existing-cert") == 0;
	char what[400];

	if (by_cert)
		snprintf(what, sizeof(what), "Certificate authentication failed for %s (%s)", p->instance,
			 why);
	else
		snprintf(what, sizeof(what), "Wrong authentication string for %s", p->instance);

	p->failures++;
	free(p->status);
	free(p->reason);
	p->status = strdup("failed");
	if (p->failures >= max) {
		free(p->operation);
		free(p->auth_string);
		p->operation = strdup("none");
		p->auth_string = NULL;
		p->reason = strdup(by_cert ? "too many failed certificate authentications"
					   : "too many invalid authentication strings");
		snprintf(j->r->rejected, sizeof(j->r->rejected),
			 "%s; %lld failures: the operation is cancelled (status \"Failed: %s\"); schedule it "
			 "again%s",
			 what, p->failures, p->reason, by_cert ? "" : " with a new string");
	} else {
		p->reason =
		    strdup(by_cert ? "failed certificate authentication" : "invalid authentication string");
		snprintf(j->r->rejected, sizeof(j->r->rejected),
			 "%s (%lld of %ld failures allowed); the operation stays pending", what, p->failures,
			 max);
	}
	if (store_capf_put(core_shared(c), p) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot record the failure: %s", store_errmsg(core_shared(c)));
	c->refused = true;
	return 0;
}

static int issue(struct core *c, struct capf_profile *p, struct job *j, struct err *e)
{
	struct cert_row row;
	struct pki_cert *capf = NULL, *lsc = NULL;
	struct pki_key *key = NULL;
	struct pki_facts f;
	char *key_pem = NULL, why[300];
	int rc = -1;

	if (store_cert_get(c->store, "own", "CAPF", "CAPF", &row) != STORE_OK)
		return err_set(e, ERR_FAIL, "The CAPF unit has no certificate");
	capf = pki_cert_from_pem(row.pem, why, sizeof(why));
	cert_row_free(&row);
	if (store_own_key(c->store, "CAPF", &key_pem) == STORE_OK)
		key = pki_key_from_pem(key_pem, why, sizeof(why));
	pki_secret_free(key_pem);
	int days = (int)setting_int(c, "capf", "certificate-validity") * 365;
	if (!capf || !key ||
	    pki_lsc_issue(capf, key, j->pub, p->instance, days, &lsc, why, sizeof(why)) != 0) {
		err_set(e, ERR_FAIL, "Cannot issue the LSC: %s", why);
		goto out;
	}
	pki_cert_facts(lsc, &f);
	struct lsc_row l = {p->instance,	  p->user, f.serial, f.not_before, f.not_after,
			    pki_cert_to_pem(lsc), NULL,	   f.key};
	if (!l.pem || store_lsc_put(core_shared(c), &l) != STORE_OK) {
		free(l.pem);
		err_set(e, ERR_FAIL, "Cannot store the LSC: %s", store_errmsg(core_shared(c)));
		goto out;
	}
	if (core_capf_done(c, p) != 0) {
		free(l.pem);
		err_set(e, ERR_FAIL, "Cannot update the profile: %s", store_errmsg(core_shared(c)));
		goto out;
	}
	j->r->pem = l.pem;
	snprintf(j->r->serial, sizeof(j->r->serial), "%s", f.serial);
	j->r->not_after = f.not_after;
	rc = 0;
out:
	pki_cert_free(capf);
	pki_cert_free(lsc);
	pki_key_free(key);
	return rc;
}

static int enroll_apply(struct core *c, void *arg, struct err *e)
{
	struct job *j = arg;
	struct capf_profile p;
	char why[300];
	int rc;

	if (core_shared_write(c, e) != 0 || core_capf_get(c, j->instance, &p, e) != 0)
		return -1;
	if (strcmp(p.operation, "install") != 0)
		rc = err_set(e, ERR_REFUSED,
			     "Profile %s has no Install/Upgrade operation pending (%s): capf profile "
			     "update %s operation install",
			     p.instance, p.operation, p.instance);
	else if (p.completes_by < (long long)time(NULL))
		rc = err_set(e, ERR_REFUSED,
			     "The operation of %s expired: schedule it again (capf profile update %s "
			     "operation install completes-by DATE)",
			     p.instance, p.instance);
	else if (strcmp(p.auth_mode, "existing-cert") == 0 && !j->proof)
		rc = err_set(e, ERR_REFUSED,
			     "Profile %s authenticates by the existing certificate: the application "
			     "enrols over the CAPF protocol with it, not offline",
			     p.instance);
	else if (!proven(c, &p, j, why, sizeof(why)))
		rc = record_failure(c, &p, j, why, e);
	else if ((rc = check_key(c, &p, j->key_desc, e)) == 0)
		rc = issue(c, &p, j, e);
	capf_profile_free(&p);
	return rc;
}

static int check_apply(struct core *c, void *arg, struct err *e)
{
	struct job *j = arg;
	struct capf_profile p;
	char why[300];
	int rc = 0;

	if (core_shared_write(c, e) != 0 || core_capf_get(c, j->instance, &p, e) != 0)
		return -1;
	if (!proven(c, &p, j, why, sizeof(why)))
		rc = record_failure(c, &p, j, why, e);
	capf_profile_free(&p);
	return rc;
}

int core_capf_authenticate(struct core *c, const char *instance, const char *string,
			   const struct capf_proof *proof, struct enroll_result *r, struct err *e)
{
	struct job j = {instance, string, proof, NULL, "", r};

	if (core_write(c, check_apply, &j, e) != 0)
		return -1;
	if (*r->rejected)
		return err_set(e, ERR_REFUSED, "%s", r->rejected);
	return 0;
}

int core_capf_issue(struct core *c, const char *instance, const char *string, const struct capf_proof *proof,
		    const struct pki_pubkey *pub, const char *key_desc, struct enroll_result *r,
		    struct err *e)
{
	struct job j = {instance, string, proof, pub, "", r};

	snprintf(j.key_desc, sizeof(j.key_desc), "%s", key_desc);
	if (check_ready(c, e) != 0)
		return -1;
	if (core_write(c, enroll_apply, &j, e) != 0)
		return -1;
	if (*r->rejected)
		return err_set(e, ERR_REFUSED, "%s", r->rejected);
	return 0;
}

int core_capf_enroll(struct core *c, const char *instance, const char *string, const char *csr_file,
		     const char *out_file, struct enroll_result *r, struct err *e)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	struct pki_csr *csr = NULL;
	char key_desc[32], why[300];
	int rc;

	memset(r, 0, sizeof(*r));
	if (check_ready(c, e) != 0 || core_file_read(c, csr_file, CSR_MAX, &buf, &len, e) != 0)
		return -1;
	rc = pki_csr_parse_verified(buf, len, &csr, key_desc, sizeof(key_desc), why, sizeof(why));
	free(buf);
	if (rc != 0)
		return err_set(e, ERR_INVALID, "%s: %s; nothing was issued", csr_file, why);
	struct pki_pubkey *pub = pki_pubkey_of_csr(csr);
	pki_csr_free(csr);
	if (!pub)
		return err_set(e, ERR_FAIL, "Cannot read the request's key");
	rc = core_capf_issue(c, instance, string, NULL, pub, key_desc, r, e);
	pki_pubkey_free(pub);
	if (rc == 0 && out_file && core_file_create(c, out_file, r->pem, strlen(r->pem), e) != 0)
		return -1;
	return rc;
}

void enroll_result_free(struct enroll_result *r)
{
	free(r->pem);
	r->pem = NULL;
}
