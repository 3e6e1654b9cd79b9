#include <stdlib.h>
#include <string.h>

#include "store/capf.h"
#include "store/store_int.h"

const char store_capf_ddl[] =
    "CREATE TABLE capf_profile ("
    "  instance TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('appuser', 'enduser')),"
    "  user_name TEXT NOT NULL REFERENCES app_user (name),"
    "  operation TEXT NOT NULL CHECK (operation IN ('none', 'install', 'delete', 'troubleshoot')),"
    "  auth_mode TEXT NOT NULL CHECK (auth_mode IN ('auth-string', 'null-string', 'existing-cert')),"
    "  auth_string TEXT,"
    "  key_type TEXT NOT NULL CHECK (key_type IN ('rsa', 'ec')),"
    "  key_size INTEGER NOT NULL,"
    "  curve TEXT,"
    "  completes_by INTEGER NOT NULL,"
    "  status TEXT NOT NULL,"
    "  reason TEXT,"
    "  failures INTEGER NOT NULL DEFAULT 0,"
    "  created TEXT NOT NULL,"
    "  updated TEXT NOT NULL);"
    "CREATE INDEX capf_profile_by_user ON capf_profile (user_name);"
    "CREATE TABLE capf_used_string ("
    "  instance TEXT NOT NULL,"
    "  digest TEXT NOT NULL,"
    "  PRIMARY KEY (instance, digest));"
    "CREATE TABLE lsc ("
    "  instance TEXT PRIMARY KEY,"
    "  user_name TEXT NOT NULL,"
    "  serial TEXT NOT NULL,"
    "  not_before INTEGER NOT NULL,"
    "  not_after INTEGER NOT NULL,"
    "  pem TEXT NOT NULL,"
    "  key_desc TEXT NOT NULL,"
    "  issued TEXT NOT NULL);";

#define PROFILE_COLS                                                                                         \
	"instance, kind, user_name, operation, auth_mode, auth_string, key_type, key_size, curve, "          \
	"completes_by, status, reason, failures, created, updated"

int store_capf_put(struct store *st, const struct capf_profile *p)
{
	struct stmt *s = store_stmt(
	    st,
	    "INSERT INTO capf_profile (" PROFILE_COLS ") VALUES ($instance, $kind, $user, $operation,"
	    " $auth_mode, $auth_string, $key_type, $key_size, $curve, $completes_by, $status, $reason,"
	    " $failures, $now, $now) ON CONFLICT (instance) DO UPDATE SET kind = excluded.kind,"
	    " user_name = excluded.user_name, operation = excluded.operation, auth_mode = excluded.auth_mode,"
	    " auth_string = excluded.auth_string, key_type = excluded.key_type, key_size = excluded.key_size,"
	    " curve = excluded.curve, completes_by = excluded.completes_by, status = excluded.status,"
	    " reason = excluded.reason, failures = excluded.failures, updated = excluded.updated");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$instance", p->instance);
	bind_text(s, "$kind", p->kind);
	bind_text(s, "$user", p->user);
	bind_text(s, "$operation", p->operation);
	bind_text(s, "$auth_mode", p->auth_mode);
	bind_text(s, "$auth_string", p->auth_string);
	bind_text(s, "$key_type", p->key_type);
	bind_int(s, "$key_size", p->key_size);
	bind_text(s, "$curve", p->curve);
	bind_int(s, "$completes_by", p->completes_by);
	bind_text(s, "$status", p->status);
	bind_text(s, "$reason", p->reason);
	bind_int(s, "$failures", p->failures);
	bind_text(s, "$now", store_now(st));
	return store_step_done(st, s, "store the CAPF profile");
}

static void read_profile(struct stmt *s, struct capf_profile *p)
{
	p->instance = stmt_dup(s, 0);
	p->kind = stmt_dup(s, 1);
	p->user = stmt_dup(s, 2);
	p->operation = stmt_dup(s, 3);
	p->auth_mode = stmt_dup(s, 4);
	p->auth_string = stmt_dup(s, 5);
	p->key_type = stmt_dup(s, 6);
	p->key_size = col_int(s, 7);
	p->curve = stmt_dup(s, 8);
	p->completes_by = col_int(s, 9);
	p->status = stmt_dup(s, 10);
	p->reason = stmt_dup(s, 11);
	p->failures = col_int(s, 12);
	p->created = stmt_dup(s, 13);
	p->updated = stmt_dup(s, 14);
}

int store_capf_get(struct store *st, const char *instance, struct capf_profile *out)
{
	struct stmt *s =
	    store_stmt(st, "SELECT " PROFILE_COLS " FROM capf_profile WHERE instance = $instance");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$instance", instance);
	if ((rc = store_step_one(st, s, "read the CAPF profile")) == STORE_OK) {
		read_profile(s, out);
		stmt_reset(s);
	}
	return rc;
}

int store_capf_delete(struct store *st, const char *instance)
{
	struct stmt *s = store_stmt(st, "DELETE FROM capf_profile WHERE instance = $instance");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$instance", instance);
	if ((rc = store_step_done(st, s, "delete the CAPF profile")) != STORE_OK)
		return rc;
	return stmt_changes(s) ? STORE_OK : STORE_NOTFOUND;
}

int store_capf_each(struct store *st, int (*fn)(const struct capf_profile *p, void *ctx), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT " PROFILE_COLS " FROM capf_profile ORDER BY instance");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct capf_profile p;
		read_profile(s, &p);
		int stop = fn(&p, ctx);
		capf_profile_free(&p);
		if (stop)
			break;
	}
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list the CAPF profiles") : STORE_OK;
}

int store_capf_instances(struct store *st, int (*fn)(const char *instance, void *ctx), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT instance FROM capf_profile ORDER BY instance");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(col_text(s, 0), ctx))
			break;
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list the CAPF profiles") : STORE_OK;
}

void capf_profile_free(struct capf_profile *p)
{
	free(p->instance);
	free(p->kind);
	free(p->user);
	free(p->operation);
	free(p->auth_mode);
	if (p->auth_string)
		memset(p->auth_string, 0, strlen(p->auth_string));
	free(p->auth_string);
	free(p->key_type);
	free(p->curve);
	free(p->status);
	free(p->reason);
	free(p->created);
	free(p->updated);
	memset(p, 0, sizeof(*p));
}

int store_capf_string_used(struct store *st, const char *instance, const char *digest, bool *yes)
{
	struct stmt *s = store_stmt(
	    st, "SELECT count(*) FROM capf_used_string WHERE instance = $instance AND digest = $digest");
	long long n = 0;
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$instance", instance);
	bind_text(s, "$digest", digest);
	rc = store_step_int(st, s, "read used strings", &n);
	*yes = n > 0;
	return rc;
}

int store_capf_string_burn(struct store *st, const char *instance, const char *digest)
{
	struct stmt *s =
	    store_stmt(st, "INSERT INTO capf_used_string (instance, digest) VALUES ($instance, $digest)"
			   " ON CONFLICT (instance, digest) DO NOTHING");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$instance", instance);
	bind_text(s, "$digest", digest);
	return store_step_done(st, s, "burn the string");
}

int store_lsc_put(struct store *st, const struct lsc_row *l)
{
	struct stmt *s = store_stmt(
	    st,
	    "INSERT INTO lsc (instance, user_name, serial, not_before, not_after, pem, key_desc, issued)"
	    " VALUES ($instance, $user, $serial, $nb, $na, $pem, $key, $now) ON CONFLICT (instance) DO UPDATE"
	    " SET user_name = excluded.user_name, serial = excluded.serial, not_before = excluded.not_before,"
	    " not_after = excluded.not_after, pem = excluded.pem, key_desc = excluded.key_desc,"
	    " issued = excluded.issued");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$instance", l->instance);
	bind_text(s, "$user", l->user);
	bind_text(s, "$serial", l->serial);
	bind_int(s, "$nb", l->not_before);
	bind_int(s, "$na", l->not_after);
	bind_text(s, "$pem", l->pem);
	bind_text(s, "$key", l->key_desc ? l->key_desc : "");
	bind_text(s, "$now", store_now(st));
	return store_step_done(st, s, "store the LSC");
}

static void read_lsc(struct stmt *s, struct lsc_row *l, bool pem)
{
	l->instance = stmt_dup(s, 0);
	l->user = stmt_dup(s, 1);
	l->serial = stmt_dup(s, 2);
	l->not_before = col_int(s, 3);
	l->not_after = col_int(s, 4);
	l->issued = stmt_dup(s, 5);
	l->key_desc = stmt_dup(s, 6);
	l->pem = pem ? stmt_dup(s, 7) : NULL;
}

int store_lsc_get(struct store *st, const char *instance, struct lsc_row *out)
{
	struct stmt *s =
	    store_stmt(st, "SELECT instance, user_name, serial, not_before, not_after, issued, key_desc, pem"
			   " FROM lsc WHERE instance = $instance");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$instance", instance);
	if ((rc = store_step_one(st, s, "read the LSC")) == STORE_OK) {
		read_lsc(s, out, true);
		stmt_reset(s);
	}
	return rc;
}

int store_lsc_delete(struct store *st, const char *instance)
{
	struct stmt *s = store_stmt(st, "DELETE FROM lsc WHERE instance = $instance");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$instance", instance);
	if ((rc = store_step_done(st, s, "delete the LSC")) != STORE_OK)
		return rc;
	return stmt_changes(s) ? STORE_OK : STORE_NOTFOUND;
}

int store_lsc_each(struct store *st, int (*fn)(const struct lsc_row *l, void *ctx), void *ctx)
{
	struct stmt *s =
	    store_stmt(st, "SELECT instance, user_name, serial, not_before, not_after, issued, key_desc"
			   " FROM lsc ORDER BY instance");
	int rc;

	if (!s)
		return STORE_ERROR;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct lsc_row l;
		read_lsc(s, &l, false);
		int stop = fn(&l, ctx);
		lsc_row_free(&l);
		if (stop)
			break;
	}
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list the LSCs") : STORE_OK;
}

void lsc_row_free(struct lsc_row *l)
{
	free(l->instance);
	free(l->user);
	free(l->serial);
	free(l->pem);
	free(l->issued);
	free(l->key_desc);
	memset(l, 0, sizeof(*l));
}
