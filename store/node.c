/* node and web_security rows: a single row each (id = 1). */
#include <stdlib.h>

#include "store/account.h"
#include "store/node.h"
#include "store/store_int.h"

const char store_node_ddl[] = "CREATE TABLE node ("
			      "  id INTEGER PRIMARY KEY CHECK (id = 1),"
			      "  hostname TEXT NOT NULL,"
			      "  domain TEXT NOT NULL,"
			      "  ip TEXT NOT NULL,"
			      "  created TEXT NOT NULL);"
			      "CREATE TABLE web_security ("
			      "  id INTEGER PRIMARY KEY CHECK (id = 1),"
			      "  orgunit TEXT NOT NULL,"
			      "  orgname TEXT NOT NULL,"
			      "  locality TEXT NOT NULL,"
			      "  state TEXT NOT NULL,"
			      "  country TEXT NOT NULL,"
			      "  althost TEXT);";

int store_node_initialised(struct store *st, bool *yes)
{
	struct stmt *s = store_stmt(st, "SELECT 1 FROM node WHERE id = 1");
	int rc;

	if (!s)
		return STORE_ERROR;
	rc = store_step_one(st, s, "read node");
	if (rc == STORE_OK)
		stmt_reset(s);
	*yes = rc == STORE_OK;
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

int store_node_init(struct store *st, const struct node_identity *id, const struct web_security *ws,
		    const char *admin_account)
{
	struct stmt *s;
	int rc;

	s = store_stmt(st, "INSERT INTO node (id, hostname, domain, ip, created)"
			   " VALUES (1, $hostname, $domain, $ip, $now)");
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$hostname", id->hostname);
	bind_text(s, "$domain", id->domain);
	bind_text(s, "$ip", id->ip);
	bind_text(s, "$now", store_now(st));
	if ((rc = store_step_done(st, s, "create node")) != STORE_OK)
		return rc;
	if ((rc = store_web_security_set(st, ws)) != STORE_OK)
		return rc;
	return store_account_add(st, admin_account, 4);
}

int store_node_get(struct store *st, struct node_identity *out)
{
	struct stmt *s = store_stmt(st, "SELECT hostname, domain, ip, created FROM node WHERE id = 1");
	int rc;

	if (!s)
		return STORE_ERROR;
	if ((rc = store_step_one(st, s, "read node")) == STORE_OK) {
		out->hostname = stmt_dup(s, 0);
		out->domain = stmt_dup(s, 1);
		out->ip = stmt_dup(s, 2);
		out->created = stmt_dup(s, 3);
		stmt_reset(s);
	}
	return rc;
}

int store_node_set(struct store *st, enum node_field field, const char *value)
{
	static const char *const sql[] = {
	    [NODE_HOSTNAME] = "UPDATE node SET hostname = $value WHERE id = 1",
	    [NODE_DOMAIN] = "UPDATE node SET domain = $value WHERE id = 1",
	    [NODE_IP] = "UPDATE node SET ip = $value WHERE id = 1",
	};
	struct stmt *s = store_stmt(st, sql[field]);

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$value", value);
	return store_step_done(st, s, "update node");
}

void node_identity_free(struct node_identity *id)
{
	free(id->hostname);
	free(id->domain);
	free(id->ip);
	free(id->created);
	*id = (struct node_identity){0};
}

int store_web_security_get(struct store *st, struct web_security *out)
{
	struct stmt *s = store_stmt(st, "SELECT orgunit, orgname, locality, state, country, althost"
					" FROM web_security WHERE id = 1");
	int rc;

	if (!s)
		return STORE_ERROR;
	if ((rc = store_step_one(st, s, "read web-security")) == STORE_OK) {
		out->orgunit = stmt_dup(s, 0);
		out->orgname = stmt_dup(s, 1);
		out->locality = stmt_dup(s, 2);
		out->state = stmt_dup(s, 3);
		out->country = stmt_dup(s, 4);
		out->althost = stmt_dup(s, 5);
		stmt_reset(s);
	}
	return rc;
}

int store_web_security_set(struct store *st, const struct web_security *ws)
{
	struct stmt *s =
	    store_stmt(st, "INSERT INTO web_security"
			   " (id, orgunit, orgname, locality, state, country, althost)"
			   " VALUES (1, $orgunit, $orgname, $locality, $state, $country, $althost)"
			   " ON CONFLICT (id) DO UPDATE SET orgunit = excluded.orgunit,"
			   " orgname = excluded.orgname, locality = excluded.locality,"
			   " state = excluded.state, country = excluded.country, althost = excluded.althost");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$orgunit", ws->orgunit);
	bind_text(s, "$orgname", ws->orgname);
	bind_text(s, "$locality", ws->locality);
	bind_text(s, "$state", ws->state);
	bind_text(s, "$country", ws->country);
	bind_text(s, "$althost", ws->althost);
	return store_step_done(st, s, "update web-security");
}

void web_security_free(struct web_security *ws)
{
	free(ws->orgunit);
	free(ws->orgname);
	free(ws->locality);
	free(ws->state);
	free(ws->country);
	free(ws->althost);
	*ws = (struct web_security){0};
}
