#include <stdlib.h>
#include <string.h>

#include "store/bulk.h"
#include "store/store_int.h"

const char store_bulk_ddl[] = "CREATE TABLE bulk_config ("
			      "  id INTEGER PRIMARY KEY CHECK (id = 1),"
			      "  host TEXT,"
			      "  port INTEGER,"
			      "  user_name TEXT,"
			      "  directory TEXT,"
			      "  auth TEXT CHECK (auth IN ('password', 'key')),"
			      "  secret TEXT,"
			      "  hostkey TEXT,"
			      "  p12_password TEXT,"
			      "  updated TEXT NOT NULL);";

int store_bulk_get(struct store *st, struct bulk_row *out)
{
	struct stmt *s = store_stmt(st, "SELECT host, port, user_name, directory, auth, secret, hostkey, "
					"p12_password, updated FROM bulk_config WHERE id = 1");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return STORE_ERROR;
	if ((rc = store_step_one(st, s, "read the bulk settings")) == STORE_OK) {
		out->host = stmt_dup(s, 0);
		out->port = col_int(s, 1);
		out->user = stmt_dup(s, 2);
		out->directory = stmt_dup(s, 3);
		out->auth = stmt_dup(s, 4);
		out->secret = stmt_dup(s, 5);
		out->hostkey = stmt_dup(s, 6);
		out->p12_password = stmt_dup(s, 7);
		out->updated = stmt_dup(s, 8);
		stmt_reset(s);
	}
	return rc;
}

int store_bulk_put_sftp(struct store *st, const struct bulk_row *r)
{
	struct stmt *s = store_stmt(
	    st,
	    "INSERT INTO bulk_config (id, host, port, user_name, directory, auth, secret, hostkey, updated)"
	    " VALUES (1, $host, $port, $user, $directory, $auth, $secret, $hostkey, $now)"
	    " ON CONFLICT (id) DO UPDATE SET host = excluded.host, port = excluded.port,"
	    " user_name = excluded.user_name, directory = excluded.directory, auth = excluded.auth,"
	    " secret = excluded.secret, hostkey = excluded.hostkey, updated = excluded.updated");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$host", r->host);
	bind_int(s, "$port", r->port);
	bind_text(s, "$user", r->user);
	bind_text(s, "$directory", r->directory);
	bind_text(s, "$auth", r->auth);
	bind_text(s, "$secret", r->secret);
	bind_text(s, "$hostkey", r->hostkey);
	bind_text(s, "$now", store_now(st));
	return store_step_done(st, s, "write the bulk settings");
}

int store_bulk_put_password(struct store *st, const char *p12_password)
{
	struct stmt *s =
	    store_stmt(st, "INSERT INTO bulk_config (id, p12_password, updated) VALUES (1, $pass, $now)"
			   " ON CONFLICT (id) DO UPDATE SET p12_password = excluded.p12_password,"
			   " updated = excluded.updated");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$pass", p12_password);
	bind_text(s, "$now", store_now(st));
	return store_step_done(st, s, "write the bulk password");
}

static void wipe(char *s)
{
	if (s)
		explicit_bzero(s, strlen(s));
	free(s);
}

void bulk_row_free(struct bulk_row *r)
{
	free(r->host);
	free(r->user);
	free(r->directory);
	free(r->auth);
	wipe(r->secret);
	free(r->hostkey);
	wipe(r->p12_password);
	free(r->updated);
	memset(r, 0, sizeof(*r));
}
