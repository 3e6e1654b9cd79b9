/* node and web_security rows: a single row each (id = 1). */
#include <stdlib.h>

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
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM node WHERE id = 1");
	int rc;

	if (!s)
		return STORE_ERROR;
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "read node");
	*yes = rc == SQLITE_ROW;
	return STORE_OK;
}

int store_node_init(struct store *st, const struct node_identity *id, const struct web_security *ws,
		    const char *admin_account)
{
	sqlite3_stmt *s;
	int rc;

	s = store_stmt(st, "INSERT INTO node (id, hostname, domain, ip, created)"
			   " VALUES (1, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, id->hostname, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, id->domain, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, id->ip, -1, SQLITE_STATIC);
	if ((rc = store_step_done(st, s, "create node")) != STORE_OK)
		return rc;
	if ((rc = store_web_security_set(st, ws)) != STORE_OK)
		return rc;
	s = store_stmt(st, "INSERT INTO account (name, level, created)"
			   " VALUES (?, 4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, admin_account, -1, SQLITE_STATIC);
	return store_step_done(st, s, "create first account");
}

int store_node_get(struct store *st, struct node_identity *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT hostname, domain, ip, created FROM node WHERE id = 1");
	int rc;

	if (!s)
		return STORE_ERROR;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->hostname = store_col_dup(s, 0);
		out->domain = store_col_dup(s, 1);
		out->ip = store_col_dup(s, 2);
		out->created = store_col_dup(s, 3);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return rc == SQLITE_ROW ? STORE_OK : store_fail(st, "read node");
}

int store_node_set(struct store *st, enum node_field field, const char *value)
{
	static const char *const sql[] = {
	    [NODE_HOSTNAME] = "UPDATE node SET hostname = ? WHERE id = 1",
	    [NODE_DOMAIN] = "UPDATE node SET domain = ? WHERE id = 1",
	    [NODE_IP] = "UPDATE node SET ip = ? WHERE id = 1",
	};
	sqlite3_stmt *s = store_stmt(st, sql[field]);

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, value, -1, SQLITE_STATIC);
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
	sqlite3_stmt *s = store_stmt(st, "SELECT orgunit, orgname, locality, state, country, althost"
					 " FROM web_security WHERE id = 1");
	int rc;

	if (!s)
		return STORE_ERROR;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->orgunit = store_col_dup(s, 0);
		out->orgname = store_col_dup(s, 1);
		out->locality = store_col_dup(s, 2);
		out->state = store_col_dup(s, 3);
		out->country = store_col_dup(s, 4);
		out->althost = store_col_dup(s, 5);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return rc == SQLITE_ROW ? STORE_OK : store_fail(st, "read web-security");
}

int store_web_security_set(struct store *st, const struct web_security *ws)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT OR REPLACE INTO web_security"
					 " (id, orgunit, orgname, locality, state, country, althost)"
					 " VALUES (1, ?, ?, ?, ?, ?, ?)");

	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, ws->orgunit, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, ws->orgname, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, ws->locality, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, ws->state, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, ws->country, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, ws->althost, -1, SQLITE_STATIC);
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
