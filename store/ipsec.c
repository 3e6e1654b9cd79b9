#include <stdlib.h>
#include <string.h>

#include "store/ipsec.h"
#include "store/store_int.h"

const char store_ipsec_ddl[] = "CREATE TABLE ipsec_policy ("
			       "  grp TEXT NOT NULL,"
			       "  name TEXT NOT NULL,"
			       "  auth TEXT NOT NULL CHECK (auth IN ('psk', 'cert')),"
			       "  psk TEXT,"
			       "  peer_type TEXT NOT NULL CHECK (peer_type IN ('same', 'different')),"
			       "  cert TEXT,"
			       "  src TEXT NOT NULL,"
			       "  src_port INTEGER NOT NULL,"
			       "  dst TEXT NOT NULL,"
			       "  dst_port INTEGER NOT NULL,"
			       "  remote_port INTEGER NOT NULL,"
			       "  protocol TEXT NOT NULL CHECK (protocol IN ('tcp', 'udp', 'any')),"
			       "  encryption TEXT NOT NULL,"
			       "  hash TEXT NOT NULL,"
			       "  esp TEXT NOT NULL,"
			       "  p1_lifetime INTEGER NOT NULL,"
			       "  p1_dh INTEGER NOT NULL,"
			       "  p2_lifetime INTEGER NOT NULL,"
			       "  p2_dh INTEGER NOT NULL,"
			       "  enabled INTEGER NOT NULL,"
			       "  created TEXT NOT NULL,"
			       "  updated TEXT NOT NULL,"
			       "  PRIMARY KEY (grp, name));";

#define COLUMNS                                                                                              \
	"grp, name, auth, psk, peer_type, cert, src, src_port, dst, dst_port, remote_port, protocol, "       \
	"encryption, hash, esp, p1_lifetime, p1_dh, p2_lifetime, p2_dh, enabled, created, updated"

int store_ipsec_put(struct store *st, const struct ipsec_row *r)
{
	struct stmt *s = store_stmt(
	    st, "INSERT INTO ipsec_policy (" COLUMNS ") VALUES ($grp, $name, $auth, $psk, $peer_type, $cert, "
		"$src, $src_port, $dst, $dst_port, $remote_port, $protocol, $encryption, $hash, $esp, "
		"$p1_lifetime, $p1_dh, $p2_lifetime, $p2_dh, $enabled, $now, $now)"
		" ON CONFLICT (grp, name) DO UPDATE SET auth = excluded.auth, psk = excluded.psk,"
		" peer_type = excluded.peer_type, cert = excluded.cert, src = excluded.src,"
		" src_port = excluded.src_port, dst = excluded.dst, dst_port = excluded.dst_port,"
		" remote_port = excluded.remote_port, protocol = excluded.protocol,"
		" encryption = excluded.encryption, hash = excluded.hash, esp = excluded.esp,"
		" p1_lifetime = excluded.p1_lifetime, p1_dh = excluded.p1_dh,"
		" p2_lifetime = excluded.p2_lifetime, p2_dh = excluded.p2_dh, enabled = excluded.enabled,"
		" updated = excluded.updated");

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$grp", r->grp);
	bind_text(s, "$name", r->name);
	bind_text(s, "$auth", r->auth);
	bind_text(s, "$psk", r->psk);
	bind_text(s, "$peer_type", r->peer_type);
	bind_text(s, "$cert", r->cert);
	bind_text(s, "$src", r->src);
	bind_int(s, "$src_port", r->src_port);
	bind_text(s, "$dst", r->dst);
	bind_int(s, "$dst_port", r->dst_port);
	bind_int(s, "$remote_port", r->remote_port);
	bind_text(s, "$protocol", r->protocol);
	bind_text(s, "$encryption", r->encryption);
	bind_text(s, "$hash", r->hash);
	bind_text(s, "$esp", r->esp);
	bind_int(s, "$p1_lifetime", r->p1_lifetime);
	bind_int(s, "$p1_dh", r->p1_dh);
	bind_int(s, "$p2_lifetime", r->p2_lifetime);
	bind_int(s, "$p2_dh", r->p2_dh);
	bind_int(s, "$enabled", r->enabled);
	bind_text(s, "$now", store_now(st));
	return store_step_done(st, s, "write the IPsec policy");
}

static void read_row(struct stmt *s, struct ipsec_row *r)
{
	r->grp = stmt_dup(s, 0);
	r->name = stmt_dup(s, 1);
	r->auth = stmt_dup(s, 2);
	r->psk = stmt_dup(s, 3);
	r->peer_type = stmt_dup(s, 4);
	r->cert = stmt_dup(s, 5);
	r->src = stmt_dup(s, 6);
	r->src_port = col_int(s, 7);
	r->dst = stmt_dup(s, 8);
	r->dst_port = col_int(s, 9);
	r->remote_port = col_int(s, 10);
	r->protocol = stmt_dup(s, 11);
	r->encryption = stmt_dup(s, 12);
	r->hash = stmt_dup(s, 13);
	r->esp = stmt_dup(s, 14);
	r->p1_lifetime = col_int(s, 15);
	r->p1_dh = col_int(s, 16);
	r->p2_lifetime = col_int(s, 17);
	r->p2_dh = col_int(s, 18);
	r->enabled = col_int(s, 19) != 0;
	r->created = stmt_dup(s, 20);
	r->updated = stmt_dup(s, 21);
}

int store_ipsec_get(struct store *st, const char *grp, const char *name, struct ipsec_row *out)
{
	struct stmt *s =
	    store_stmt(st, "SELECT " COLUMNS " FROM ipsec_policy WHERE grp = $grp AND name = $name");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$grp", grp);
	bind_text(s, "$name", name);
	if ((rc = store_step_one(st, s, "read the IPsec policy")) == STORE_OK) {
		read_row(s, out);
		stmt_reset(s);
	}
	return rc;
}

int store_ipsec_delete(struct store *st, const char *grp, const char *name, int *deleted)
{
	struct stmt *s =
	    store_stmt(st, "DELETE FROM ipsec_policy WHERE grp = $grp AND ($name IS NULL OR name = $name)");
	int rc;

	*deleted = 0;
	if (!s)
		return STORE_ERROR;
	bind_text(s, "$grp", grp);
	bind_text(s, "$name", name);
	if ((rc = store_step_done(st, s, "delete IPsec policies")) == STORE_OK)
		*deleted = (int)stmt_changes(s);
	return rc;
}

int store_ipsec_set_enabled(struct store *st, const char *grp, const char *name, bool on, int *changed)
{
	struct stmt *s =
	    store_stmt(st, "UPDATE ipsec_policy SET enabled = $on, updated = $now"
			   " WHERE grp = $grp AND ($name IS NULL OR name = $name) AND enabled <> $on");
	int rc;

	*changed = 0;
	if (!s)
		return STORE_ERROR;
	bind_int(s, "$on", on);
	bind_text(s, "$now", store_now(st));
	bind_text(s, "$grp", grp);
	bind_text(s, "$name", name);
	if ((rc = store_step_done(st, s, "change IPsec policies")) == STORE_OK)
		*changed = (int)stmt_changes(s);
	return rc;
}

int store_ipsec_each(struct store *st, const char *grp, bool enabled_only,
		     int (*fn)(const struct ipsec_row *r, void *ctx), void *ctx)
{
	struct stmt *s =
	    store_stmt(st, "SELECT " COLUMNS " FROM ipsec_policy"
			   " WHERE ($grp IS NULL OR grp = $grp) AND ($enabled_only = 0 OR enabled <> 0)"
			   " ORDER BY grp, name");
	int rc;

	if (!s)
		return STORE_ERROR;
	bind_text(s, "$grp", grp);
	bind_int(s, "$enabled_only", enabled_only);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct ipsec_row r;
		read_row(s, &r);
		int stop = fn(&r, ctx);
		ipsec_row_free(&r);
		if (stop)
			break;
	}
	stmt_reset(s);
	return rc == STMT_ERROR ? store_fail(st, "list IPsec policies") : STORE_OK;
}

void ipsec_row_free(struct ipsec_row *r)
{
	free(r->grp);
	free(r->name);
	free(r->auth);
	if (r->psk)
		explicit_bzero(r->psk, strlen(r->psk));
	free(r->psk);
	free(r->peer_type);
	free(r->cert);
	free(r->src);
	free(r->dst);
	free(r->protocol);
	free(r->encryption);
	free(r->hash);
	free(r->esp);
	free(r->created);
	free(r->updated);
	memset(r, 0, sizeof(*r));
}
