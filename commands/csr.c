/* Certificate signing requests: set csr gen|delete, show csr list|own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/families.h"
#include "commands/names.h"
#include "commands/session.h"
#include "commands/unit_types.h"
#include "svc/csr.h"
#include "svc/preview.h"

#define MAX_EXTRA_SANS 16

struct csr_args {
	const struct unit_def *unit;
	const char *key; /* rsa, ec */
	const long *size;
	const char *digest;
	const char *san;
	const char *ou; /* yes, no */
	const char *file;
};

static const struct arg_bind gen_bind[] = {BIND(struct csr_args, unit), BIND(struct csr_args, key),
					   BIND(struct csr_args, size), BIND(struct csr_args, digest),
					   BIND(struct csr_args, san),	BIND(struct csr_args, ou),
					   BIND_END(struct csr_args)};
static const struct arg_bind export_bind[] = {BIND(struct csr_args, unit), BIND(struct csr_args, file),
					      BIND_END(struct csr_args)};
static const struct arg_bind unit_bind[] = {BIND(struct csr_args, unit), BIND_END(struct csr_args)};

static int csr_gen(struct session *s, const void *args, struct out *o)
{
	const struct csr_args *a = args;
	const char *extra[MAX_EXTRA_SANS];
	struct csr_request rq = {.unit = a->unit,
				 .digest = digest_arg(a->digest),
				 .extra_dns = extra,
				 .no_ou = a->ou && strcmp(a->ou, "no") == 0};
	struct csr_result res;
	struct err e;
	char *copy = a->san ? strdup(a->san) : NULL, *save = NULL;
	int rc;

	key_arg(a->unit, a->key, a->size, &rq.key);
	for (char *w = copy ? strtok_r(copy, ",", &save) : NULL; w && rq.nextra < MAX_EXTRA_SANS;
	     w = strtok_r(NULL, ",", &save))
		extra[rq.nextra++] = w;
	rc = core_csr_generate(&s->core, &rq, &res, &e);
	free(copy);
	if (rc != 0) {
		core_csr_result_free(&res);
		return cmd_fail(o, &e);
	}
	if (res.replaced)
		out_warn(o,
			 "the CSR of %s from %s is replaced; a certificate issued for it can no longer be "
			 "imported",
			 a->unit->name, res.replaced);
	out_msg(o,
		"CSR for %s generated; its key stays on this node until the signed certificate is imported.",
		a->unit->name);
	out_content(o, "pem", res.pem);
	core_csr_result_free(&res);
	return UC_OK;
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

	struct err e;

	out_table_begin(o, "csrs", cols, 2);
	if (core_csr_each(&s->core, list_one, o, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No unit has a pending CSR (set csr gen UNIT makes one).");
	return UC_OK;
}

static int csr_show(struct session *s, const void *args, struct out *o)
{
	const char *unit = ((const struct csr_args *)args)->unit->name;
	char *pem = NULL;
	struct err e;

	if (core_csr_pem(&s->core, unit, &pem, &e) != 0)
		return cmd_fail(o, &e);
	out_content(o, "pem", pem);
	free(pem);
	return UC_OK;
}

static int csr_export(struct session *s, const void *args, struct out *o)
{
	const struct csr_args *a = args;
	struct err e;

	if (core_csr_export(&s->core, a->unit->name, a->file, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Wrote the CSR of %s to %s (PEM); the key stays on this node.", a->unit->name, a->file);
	return UC_OK;
}

static int csr_delete(struct session *s, const void *args, struct out *o)
{
	const char *unit = ((const struct csr_args *)args)->unit->name;
	struct err e;

	if (core_csr_delete(&s->core, unit, &e) != 0)
		return cmd_fail(o, &e);
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

static void explain_delete(struct session *s, const void *args, struct strbuf *out)
{
	preview_csr_delete(&s->core, ((const struct csr_args *)args)->unit->name, out);
}

static const struct cmd_def csr_cmds[] = {
    {"set csr gen UNIT [key {rsa|ec}$key [size INT(256-4096)]] [digest {sha256|sha384|sha512}$digest] [san "
     "NAMES] [ou {yes|no}$ou]",
     csr_gen, PRIV_OPER, CMD_PREPARED, "New key and CSR for a unit, to be signed by a CA",
     "set csr gen tomcat", gen_bind, NULL},
    {"show csr list", csr_list, PRIV_READ, 0, "Units with a pending CSR", NULL, NULL, NULL},
    {"show csr own UNIT", csr_show, PRIV_READ, 0, "A unit's pending CSR (PEM)", "show csr own tomcat",
     unit_bind, NULL},
    {"set csr export UNIT FILE", csr_export, PRIV_OPER, 0,
     "Write a unit's pending CSR into the file area (to fetch it over SFTP)",
     "set csr export tomcat tomcat.csr", export_bind, NULL},
    {"set csr delete UNIT", csr_delete, PRIV_OPER, CMD_WRITE | CMD_CONFIRM,
     "Discard a unit's pending CSR and key", "set csr delete tomcat", unit_bind, explain_delete},
};

static const struct kw_help csr_kw[] = {
    {"set csr", "Certificate signing requests"},
    {"show csr", "Certificate signing requests"},
    {NULL, NULL},
};

const struct cmd_family csr_family = CMD_FAMILY("csr", csr_cmds, csr_kw, csr_types);
