/* Certificate signing requests: set csr gen|delete, show csr list|own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/families.h"
#include "commands/names.h"
#include "commands/session.h"
#include "commands/unit_types.h"
#include "core/certs.h"

#define MAX_EXTRA_SANS 16

struct csr_args {
	const struct unit_def *unit;
	const char *key; /* rsa, ec */
	const long *size;
	const char *digest;
	const char *san;
};

static const struct arg_bind gen_bind[] = {BIND(struct csr_args, unit), BIND(struct csr_args, key),
					   BIND(struct csr_args, size), BIND(struct csr_args, digest),
					   BIND(struct csr_args, san),	BIND_END(struct csr_args)};
static const struct arg_bind unit_bind[] = {BIND(struct csr_args, unit), BIND_END(struct csr_args)};

static int csr_gen(struct session *s, const void *args, struct out *o)
{
	const struct csr_args *a = args;
	const struct unit_def *u = a->unit;
	const char *sans = a->san;
	struct pki_keyspec spec;
	struct pki_request req;
	struct pki_key *k = NULL;
	struct pki_csr *csr = NULL;
	const char *dns[MAX_EXTRA_SANS + 4];
	char err[512], *copy = NULL, *save = NULL, *pem = NULL, *key_pem = NULL;
	int rc = UC_FAIL, n;

	key_arg(u, a->key, a->size, &spec);
	if (u->rsa_only && spec.type != PKI_KEY_RSA)
		return out_error(o, UC_USAGE, "%s signs trust lists and must keep an RSA key", u->name);
	if (core_unit_request(&s->core, u, &req, err, sizeof(err)) != 0)
		return out_error(o, UC_FAIL, "%s", err);
	req.digest = digest_arg(a->digest);
	/* The node's names, then the ones asked for. */
	n = req.ndns;
	memcpy(dns, req.dns, (size_t)n * sizeof(*dns));
	if (sans && (copy = strdup(sans)))
		for (char *w = strtok_r(copy, ",", &save); w && n < MAX_EXTRA_SANS + 3;
		     w = strtok_r(NULL, ",", &save))
			dns[n++] = w;
	req.dns = dns;
	req.ndns = n;
	int prc;
	if ((prc = pki_key_generate(&spec, &k, err, sizeof(err))) != 0 ||
	    (prc = pki_csr_build(k, &req, &csr, err, sizeof(err))) != 0) {
		rc = out_error(o, prc == PKI_EINPUT ? UC_USAGE : UC_FAIL, "%s", err);
		goto out;
	}
	pem = pki_csr_to_pem(csr);
	key_pem = pki_key_to_pem(k);
	if (!pem || !key_pem) {
		rc = out_error(o, UC_FAIL, "Cannot encode the request");
		goto out;
	}
	char *old = NULL;
	if (store_csr_get(s->store, u->name, NULL, NULL, &old) == STORE_OK) {
		out_warn(o,
			 "the CSR of %s from %s is replaced; a certificate issued for it can no longer be "
			 "imported",
			 u->name, old);
		free(old);
	}
	if (store_csr_put(s->store, u->name, pem, key_pem) != STORE_OK) {
		rc = out_error(o, UC_FAIL, "Cannot store the request: %s", store_errmsg(s->store));
		goto out;
	}
	out_msg(o,
		"CSR for %s generated; its key stays on this node until the signed certificate is imported.",
		u->name);
	out_content(o, "pem", pem);
	rc = UC_OK;
out:
	free(copy);
	free(pem);
	pki_secret_free(key_pem);
	pki_csr_free(csr);
	pki_key_free(k);
	core_unit_request_free(&req);
	return rc;
}

static int list_one(const char *unit, const char *created, void *ctx)
{
	const char *cells[] = {unit, created};

	out_row(ctx, cells);
	return 0;
}

static int csr_list(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {{"unit", "Unit", OT_STR}, {"created", "Created (UTC)", OT_STR}};

	out_table_begin(o, "csrs", cols, 2);
	if (store_csr_each(s->store, list_one, o) != STORE_OK)
		return out_error(o, UC_FAIL, "Cannot list requests: %s", store_errmsg(s->store));
	out_table_end(o, NULL);
	return UC_OK;
}

static int csr_show(struct session *s, const void *args, struct out *o)
{
	const char *unit = ((const struct csr_args *)args)->unit->name;
	char *pem = NULL;
	int rc = store_csr_get(s->store, unit, &pem, NULL, NULL);

	if (rc == STORE_NOTFOUND)
		return out_error(o, UC_FAIL, "%s has no pending CSR (set csr gen %s)", unit, unit);
	if (rc != STORE_OK)
		return out_error(o, UC_FAIL, "Cannot read the request: %s", store_errmsg(s->store));
	out_content(o, "pem", pem);
	free(pem);
	return UC_OK;
}

static int csr_delete(struct session *s, const void *args, struct out *o)
{
	const char *unit = ((const struct csr_args *)args)->unit->name;
	int rc = store_csr_delete(s->store, unit);

	if (rc == STORE_NOTFOUND)
		return out_error(o, UC_FAIL, "%s has no pending CSR", unit);
	if (rc != STORE_OK)
		return out_error(o, UC_FAIL, "Cannot delete the request: %s", store_errmsg(s->store));
	out_msg(o, "The CSR of %s and its key were deleted.", unit);
	return UC_OK;
}

static bool check_names(const struct check_in *c, const char *in, struct value *v)
{
	char *copy = strdup(in), *save = NULL;
	int n = 0;
	bool ok = copy != NULL;

	for (char *w = copy ? strtok_r(copy, ",", &save) : NULL; w && ok; w = strtok_r(NULL, ",", &save), n++)
		ok = name_is_domain(w) && n < MAX_EXTRA_SANS;
	free(copy);
	if (!ok || n == 0)
		snprintf(v->err, sizeof(v->err), "DNS names separated by ',' (at most %d)", MAX_EXTRA_SANS);
	return ok && n > 0;
}

static const struct type_def names_type = {
    .name = "NAMES", .help = "extra DNS names for the SAN, ',' separated", .check = check_names};
static const struct type_def *const csr_types[] = {&names_type, NULL};

static const struct cmd_def csr_cmds[] = {
    {"set csr gen UNIT [key {rsa|ec}$key [size INT(256-4096)]] [digest {sha256|sha384|sha512}$digest] [san "
     "NAMES]",
     csr_gen, PRIV_OPER, CMD_WRITE, "New key and CSR for a unit, to be signed by a CA", "set csr gen tomcat",
     gen_bind},
    {"show csr list", csr_list, PRIV_READ, 0, "Units with a pending CSR", NULL, NULL},
    {"show csr own UNIT", csr_show, PRIV_READ, 0, "A unit's pending CSR (PEM)", "show csr own tomcat",
     unit_bind},
    {"set csr delete UNIT", csr_delete, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Discard a unit's pending CSR and key", "set csr delete tomcat", unit_bind},
};

static const struct kw_help csr_kw[] = {
    {"set csr", "Certificate signing requests"},
    {"show csr", "Certificate signing requests"},
    {NULL, NULL},
};

const struct cmd_family csr_family = CMD_FAMILY("csr", csr_cmds, csr_kw, csr_types);
