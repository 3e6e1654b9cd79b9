#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pki/pki.h"
#include "store/audit.h"
#include "store/capf.h"
#include "svc/audit.h"
#include "svc/capf.h"
#include "svc/capfd.h"
#include "svc/enroll.h"
#include "svc/settings.h"
#include "wire/wire.h"

#define CAPF_MAX_BODY 16384
#define CAPF_VERSION 3

enum {
	AUTH_REQUEST = 1,
	AUTH_RESPONSE = 2,
	KEY_GEN_REQUEST = 3,
	KEY_GEN_RESPONSE = 4,
	STORE_CERT_REQUEST = 9,
	STORE_CERT_RESPONSE = 10,
	FETCH_CERT_REQUEST = 11,
	FETCH_CERT_RESPONSE = 12,
	DELETE_CERT_REQUEST = 13,
	DELETE_CERT_RESPONSE = 14,
	END_SESSION = 15,
	REQUEST_IN_PROGRESS = 17,
};
enum {
	E_REASON = 1,
	E_CERT_TYPE = 3,
	E_CERTIFICATE = 4,
	E_SIGNED_DATA = 6,
	E_VERSION = 7,
	E_AUTH_TYPE = 8,
	E_PUBLIC_KEY = 9,
	E_KEY_SIZE = 10,
	E_PASSWORD = 11,
	E_DEVICE_NAME = 13,
	E_SUDI_DATA = 16,
	E_KEY_TYPE = 17,
	E_CURVE = 18,
	E_SHA2_SIGNED_DATA = 20,
};
enum { REASON_NONE = 0, REASON_DONE = 1, REASON_INVALID = 7, REASON_UNKNOWN_DEVICE = 9 };

/* What the reference server reads from a device (§1.11); anything else
 * ends the session. */
static const uint8_t device_tags[] = {1, 2, 3, 4, 6, 7, 9, 11, 13, 16, 20, 0};

struct sess {
	struct core *c;
	const struct capf_io *io;
	uint32_t id;
	struct capf_outcome *out;
	uint8_t *body;
	struct wire_msg m;
	uint8_t *auth_body; /* the AUTH_RESPONSE, which proof points into */
	struct capf_proof proof;
};

static int send_out(struct sess *s, struct wire_out *w)
{
	int rc = wire_end(w) == 0 ? s->io->write(s->io->io, w->buf, w->len) : -1;

	wire_out_free(w);
	return rc;
}

static int end_session(struct sess *s, int reason, const char *result)
{
	struct wire_out w;

	wire_begin(&w, WIRE_CAPF, END_SESSION, s->id);
	wire_add_u8(&w, E_REASON, (uint8_t)reason);
	s->out->reason = send_out(s, &w) == 0 ? reason : -1;
	snprintf(s->out->result, sizeof(s->out->result), "%s", result);
	return reason;
}

/* The next message of the device, for this session; 0 or -1. */
static int receive(struct sess *s)
{
	uint8_t head[8];
	char why[200];

	free(s->body);
	s->body = NULL;
	if (s->io->read(s->io->io, head, sizeof(head)) != 0 ||
	    wire_header(WIRE_CAPF, head, &s->m, why, sizeof(why)) != 0 || s->m.session != s->id ||
	    s->m.body_len > CAPF_MAX_BODY || !(s->body = malloc(s->m.body_len + 1u)))
		return -1;
	if (s->io->read(s->io->io, s->body, s->m.body_len) != 0 ||
	    wire_body(&s->m, s->body, s->m.body_len, device_tags, why, sizeof(why)) != 0)
		return -1;
	return 0;
}

static int install(struct sess *s, const struct capf_profile *p, const char *password)
{
	struct wire_out w;
	const struct wire_elem *spki;
	struct pki_pubkey *pub = NULL;
	struct enroll_result r = {0};
	struct err e;
	char desc[32], why[200];
	int rc;

	wire_begin(&w, WIRE_CAPF, KEY_GEN_REQUEST, s->id);
	if (strcmp(p->key_type, "rsa") == 0) {
		wire_add_u16(&w, E_KEY_SIZE, (uint16_t)p->key_size);
		wire_add_u8(&w, E_KEY_TYPE, 0);
	} else {
		wire_add_u8(&w, E_KEY_TYPE, 1);
		wire_add_u8(&w, E_CURVE,
			    strcmp(p->curve, "P-384") == 0   ? 1
			    : strcmp(p->curve, "P-521") == 0 ? 2
							     : 0);
	}
	if (send_out(s, &w) != 0)
		return end_session(s, REASON_INVALID, "the device went away");
	/* Key generation on a phone "may take up to 30 or more minutes". */
	s->io->wait_long(s->io->io, (int)setting_int(s->c, "capf", "keygen-wait") * 60);
	rc = receive(s);
	if (rc == 0 && s->m.command == REQUEST_IN_PROGRESS)
		rc = receive(s);
	if (rc != 0 || s->m.command != KEY_GEN_RESPONSE || !(spki = wire_find(&s->m, E_PUBLIC_KEY)))
		return end_session(s, REASON_INVALID, "no public key from the device");
	if (pki_pubkey_from_spki(spki->val, spki->len, &pub, desc, sizeof(desc), why, sizeof(why)) != 0)
		return end_session(s, REASON_INVALID, "the public key is not one");
	/* Stored before it is sent, as the protocol requires. */
	rc = core_capf_issue(s->c, p->instance, password, &s->proof, pub, desc, &r, &e);
	pki_pubkey_free(pub);
	if (rc != 0) {
		enroll_result_free(&r);
		return end_session(s, REASON_INVALID, e.msg);
	}
	struct pki_cert *lsc = pki_cert_from_pem(r.pem, NULL, 0);
	size_t len = 0;
	unsigned char *der = lsc ? pki_cert_to_der(lsc, &len) : NULL;
	pki_cert_free(lsc);
	enroll_result_free(&r);
	if (!der)
		return end_session(s, REASON_INVALID, "cannot encode the LSC");
	wire_begin(&w, WIRE_CAPF, STORE_CERT_REQUEST, s->id);
	wire_add_u8(&w, E_CERT_TYPE, 1);
	wire_add_capf_cert(&w, E_CERTIFICATE, 1, der, len);
	free(der);
	if (send_out(s, &w) != 0 || receive(s) != 0 || s->m.command != STORE_CERT_RESPONSE)
		return end_session(s, REASON_INVALID, "LSC issued; the device did not confirm storing it");
	return end_session(s, REASON_DONE,
			   wire_uint(&s->m, E_REASON) == REASON_DONE
			       ? "LSC issued and stored by the device"
			       : "LSC issued; the device reported it could not store it");
}

struct done_job {
	const struct capf_profile *p;
	const uint8_t *der; /* fetch: the device's LSC */
	size_t len;
	bool deleted;
};

/* The operation is done: none pending, its string spent. */
static int finish_apply(struct core *c, void *arg, struct err *e)
{
	struct done_job *j = arg;
	struct capf_profile p;
	struct pki_facts f;
	int rc = 0;

	if (core_shared_write(c, e) != 0 || core_capf_get(c, j->p->instance, &p, e) != 0)
		return -1;
	if (j->der) {
		struct pki_certlist l = {0};
		char why[200];
		if (pki_parse_certs(j->der, j->len, &l, why, sizeof(why)) != 0 || l.n != 1) {
			pki_certlist_free(&l);
			capf_profile_free(&p);
			return err_set(e, ERR_INVALID, "the device's certificate is not one: %s", why);
		}
		pki_cert_facts(l.v[0], &f);
		struct lsc_row row = {p.instance,   p.user,	 f.serial,
				      f.not_before, f.not_after, pki_cert_to_pem(l.v[0]),
				      NULL,	    f.key};
		pki_certlist_free(&l);
		rc = row.pem && store_lsc_put(core_shared(c), &row) == STORE_OK ? 0 : -1;
		free(row.pem);
	} else if (j->deleted) {
		rc = store_lsc_delete(core_shared(c), p.instance) == STORE_ERROR ? -1 : 0;
	}
	if (rc == 0)
		rc = core_capf_done(c, &p);
	capf_profile_free(&p);
	return rc == 0
		   ? 0
		   : err_set(e, ERR_FAIL, "Cannot record the operation: %s", store_errmsg(core_shared(c)));
}

static int finish(struct sess *s, struct done_job *j)
{
	struct err e;

	return core_write(s->c, finish_apply, j, &e);
}

/* Troubleshoot: the device sends its LSC, or says it has none. */
static int fetch(struct sess *s, const struct capf_profile *p)
{
	struct wire_out w;
	const uint8_t *der;
	size_t len;

	wire_begin(&w, WIRE_CAPF, FETCH_CERT_REQUEST, s->id);
	if (send_out(s, &w) != 0 || receive(s) != 0 || s->m.command != FETCH_CERT_RESPONSE)
		return end_session(s, REASON_INVALID, "no FETCH_CERT_RESPONSE");
	if (wire_uint(&s->m, E_REASON) != REASON_DONE ||
	    wire_capf_cert(wire_find(&s->m, E_CERTIFICATE), &der, &len, NULL) != 0)
		return end_session(s, REASON_NONE, "the device has no LSC; the operation stays pending");
	struct done_job j = {p, der, len, false};
	if (finish(s, &j) != 0)
		return end_session(s, REASON_INVALID, "the device's certificate could not be kept");
	return end_session(s, REASON_NONE, "the device's LSC was fetched");
}

/* Delete: the device deletes its LSC (reason 1) or had none (7). */
static int delete_lsc(struct sess *s, const struct capf_profile *p)
{
	struct wire_out w;

	wire_begin(&w, WIRE_CAPF, DELETE_CERT_REQUEST, s->id);
	if (send_out(s, &w) != 0 || receive(s) != 0 || s->m.command != DELETE_CERT_RESPONSE)
		return end_session(s, REASON_INVALID, "no DELETE_CERT_RESPONSE");
	if (wire_uint(&s->m, E_REASON) != REASON_DONE)
		return end_session(s, REASON_DONE,
				   "the device had no LSC to delete; the operation stays pending");
	struct done_job j = {p, NULL, 0, true};
	if (finish(s, &j) != 0)
		return end_session(s, REASON_DONE, "the device deleted its LSC, but that was not recorded");
	return end_session(s, REASON_DONE, "the device deleted its LSC");
}

/* The certificate elements of the AUTH_RESPONSE, kept for the whole
 * session (an install checks them again when it issues). */
static void keep_proof(struct sess *s)
{
	const struct wire_elem *sig = wire_find(&s->m, E_SIGNED_DATA),
			       *sha2 = wire_find(&s->m, E_SHA2_SIGNED_DATA),
			       *sudi = wire_find(&s->m, E_SUDI_DATA);

	s->auth_body = s->body;
	s->body = NULL;
	s->proof.device = s->out->device;
	s->proof.session = s->id;
	if (wire_capf_cert(wire_find(&s->m, E_CERTIFICATE), &s->proof.cert, &s->proof.cert_len, NULL) != 0)
		s->proof.cert_len = 0;
	if (sig) {
		s->proof.sig_sha1 = sig->val;
		s->proof.sig_sha1_len = sig->len;
	}
	if (sha2) {
		s->proof.sha2 = sha2->val;
		s->proof.sha2_len = sha2->len;
	}
	if (sudi) {
		s->proof.sudi = sudi->val;
		s->proof.sudi_len = sudi->len;
	}
}

/* Failures count, as for capf enroll; the answer is END_SESSION 7. */
static int authenticate(struct sess *s, const struct capf_profile *p, const char *password)
{
	struct enroll_result r = {0};
	struct err e;

	if (strcmp(p->auth_mode, "null-string") == 0)
		return 0;
	if (core_capf_authenticate(s->c, p->instance, password, &s->proof, &r, &e) != 0)
		return end_session(s, REASON_INVALID, e.msg);
	return 0;
}

static void run(struct sess *s)
{
	struct wire_out w;
	struct capf_profile p;
	char password[32] = "";
	int rc;

	wire_begin(&w, WIRE_CAPF, AUTH_REQUEST, s->id);
	wire_add_u8(&w, E_VERSION, CAPF_VERSION);
	wire_add_u8(&w, E_AUTH_TYPE, 0);
	if (send_out(s, &w) != 0 || receive(s) != 0) {
		snprintf(s->out->result, sizeof(s->out->result), "broken off before authentication");
		return;
	}
	if (s->m.command != AUTH_RESPONSE || wire_uint(&s->m, E_VERSION) != CAPF_VERSION ||
	    wire_text(&s->m, E_DEVICE_NAME, s->out->device, sizeof(s->out->device)) != 0) {
		end_session(s, REASON_INVALID, "not an AUTH_RESPONSE of version 3 with a device name");
		return;
	}
	keep_proof(s);
	/* The device is looked up before authentication (§1.7). */
	rc = store_capf_get(core_shared(s->c), s->out->device, &p);
	if (rc != STORE_OK) {
		end_session(s, rc == STORE_NOTFOUND ? REASON_UNKNOWN_DEVICE : REASON_INVALID,
			    "unknown device");
		return;
	}
	snprintf(s->out->operation, sizeof(s->out->operation), "%s", p.operation);
	/* Nothing pending (a string already used included) says only that. */
	if (strcmp(p.operation, "none") == 0 || p.completes_by < (long long)time(NULL))
		end_session(s, REASON_NONE,
			    strcmp(p.operation, "none") == 0 ? "nothing pending" : "the operation expired");
	else if (wire_find(&s->m, E_PASSWORD) &&
		 wire_text(&s->m, E_PASSWORD, password, sizeof(password)) != 0)
		end_session(s, REASON_INVALID, "a malformed authentication string");
	else if (authenticate(s, &p, password) != 0)
		;
	else if (strcmp(p.operation, "install") == 0)
		install(s, &p, password);
	else if (strcmp(p.operation, "troubleshoot") == 0)
		fetch(s, &p);
	else
		delete_lsc(s, &p);
	capf_profile_free(&p);
	memset(password, 0, sizeof(password));
}

/* The session's row and its audit row, in one transaction. */
static void record(struct core *c, const char *peer, const struct capf_outcome *out)
{
	const char *device = *out->device ? out->device : "-";
	char result[740], line[900], source[80];
	int lock, committed = 0;

	if (store_begin(c->store, true) != STORE_OK)
		return;
	snprintf(result, sizeof(result), "%s (END_SESSION %d)", out->result, out->reason);
	snprintf(line, sizeof(line), "capf session %s %s: %s", device, out->operation, result);
	snprintf(source, sizeof(source), "capf %s", peer ? peer : "-");
	if ((lock = core_audit_take(c)) != -2 &&
	    store_capf_session_log(c->store, device, out->operation, result) == STORE_OK &&
	    store_audit_add(c->store, "ucshd", source, line, out->reason == 0 || out->reason == 1 ? 0 : 1) ==
		STORE_OK)
		committed = store_commit(c->store) == STORE_OK;
	if (!committed)
		store_rollback(c->store);
	core_audit_release(lock, committed);
}

void core_capf_serve(struct core *c, uint32_t session, const struct capf_io *io, struct capf_outcome *out)
{
	struct sess s = {c, io, session, out, NULL, {0}, NULL, {0}};

	memset(out, 0, sizeof(*out));
	out->reason = -1;
	snprintf(out->operation, sizeof(out->operation), "-");
	run(&s);
	free(s.body);
	free(s.auth_body);
	record(c, io->peer, out);
}

int core_capf_sessions(struct core *c, int last, int (*fn)(const struct capf_session *q, void *ctx),
		       void *ctx, struct err *e)
{
	if (store_capf_session_last(c->store, last, fn, ctx) != STORE_OK)
		return err_set(e, ERR_FAIL, "Cannot read the sessions: %s", store_errmsg(c->store));
	return 0;
}
