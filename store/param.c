#include "store/param.h"
#include "store/store_int.h"

const char store_param_ddl[] = "CREATE TABLE param ("
			       "  scope TEXT NOT NULL,"
			       "  name TEXT NOT NULL,"
			       "  value TEXT NOT NULL,"
			       "  PRIMARY KEY (scope, name)) WITHOUT ROWID;";

/* The CAPF certificate validity was stored in days; the appliance's
 * parameter is in whole years (1-20, default 5, which is not stored). */
const char store_param_capf_years_ddl[] =
    "UPDATE param SET value = CAST(min(20, max(1, (CAST(value AS INTEGER) + 364) / 365)) AS TEXT)"
    "  WHERE scope = 'capf' AND name = 'certificate-validity';"
    "DELETE FROM param WHERE scope = 'capf' AND name = 'certificate-validity' AND value = '5';";

int store_param_get(struct store *st, const char *scope, const char *name, char **value)
{
	struct stmt *s = store_stmt(st, "SELECT value FROM param WHERE scope = $scope AND name = $name");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$scope", scope);
	bind_text(s, "$name", name);
	if ((rc = store_step_one(st, s, "read parameter")) == STORE_OK) {
		*value = stmt_dup(s, 0);
		stmt_reset(s);
	}
	return rc;
}

int store_param_set(struct store *st, const char *scope, const char *name, const char *value)
{
	struct stmt *s =
	    store_stmt(st, "INSERT INTO param (scope, name, value) VALUES ($scope, $name, $value)"
			   " ON CONFLICT (scope, name) DO UPDATE SET value = excluded.value");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$scope", scope);
	bind_text(s, "$name", name);
	bind_text(s, "$value", value);
	return store_step_done(st, s, "store parameter");
}

int store_param_clear(struct store *st, const char *scope, const char *name)
{
	struct stmt *s = store_stmt(st, "DELETE FROM param WHERE scope = $scope AND name = $name");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$scope", scope);
	bind_text(s, "$name", name);
	return store_step_done(st, s, "clear parameter");
}

int store_node_param_get(struct store *st, const char *node, const char *scope, const char *name,
			 char **value)
{
	struct stmt *s = store_stmt(
	    st, "SELECT value FROM node_param WHERE node = $node AND scope = $scope AND name = $name");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$node", node);
	bind_text(s, "$scope", scope);
	bind_text(s, "$name", name);
	if ((rc = store_step_one(st, s, "read parameter")) == STORE_OK) {
		*value = stmt_dup(s, 0);
		stmt_reset(s);
	}
	return rc;
}

int store_node_param_set(struct store *st, const char *node, const char *scope, const char *name,
			 const char *value)
{
	struct stmt *s =
	    store_stmt(st, "INSERT INTO node_param (node, scope, name, value)"
			   " VALUES ($node, $scope, $name, $value)"
			   " ON CONFLICT (node, scope, name) DO UPDATE SET value = excluded.value");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$node", node);
	bind_text(s, "$scope", scope);
	bind_text(s, "$name", name);
	bind_text(s, "$value", value);
	return store_step_done(st, s, "store parameter");
}

int store_node_param_clear(struct store *st, const char *node, const char *scope, const char *name)
{
	struct stmt *s =
	    store_stmt(st, "DELETE FROM node_param WHERE node = $node AND scope = $scope AND name = $name");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$node", node);
	bind_text(s, "$scope", scope);
	bind_text(s, "$name", name);
	return store_step_done(st, s, "clear parameter");
}
