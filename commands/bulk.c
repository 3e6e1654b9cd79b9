/* Bulk certificates between clusters over SFTP (COMMANDS.md "Bulk
 * certificates"). Secrets come from files of the file area or are asked
 * with echo off; a server's host key is shown and accepted once (batch:
 * hostkey SHA256:… must name it), and a changed one is refused. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/families.h"
#include "commands/secret.h"
#include "commands/session.h"
#include "commands/trustout.h"
#include "svc/bulk.h"
#include "svc/files.h"
#include "util/timefmt.h"

#define SECRET_MAX 8192

struct bulk_args {
	const char *host;
	const long *port;
	const char *user;
	bool password;
	const char *password_file;
	const char *key;
	const char *directory;
	const char *hostkey;
	const char *unit;
};

static const struct arg_bind sftp_bind[] = {
    BIND(struct bulk_args, host),      BIND(struct bulk_args, port),	      BIND(struct bulk_args, user),
    BIND(struct bulk_args, password),  BIND(struct bulk_args, password_file), BIND(struct bulk_args, key),
    BIND(struct bulk_args, directory), BIND(struct bulk_args, hostkey),	      BIND_END(struct bulk_args)};
static const struct arg_bind password_bind[] = {BIND(struct bulk_args, password_file),
						BIND_END(struct bulk_args)};
static const struct arg_bind unit_bind[] = {BIND(struct bulk_args, unit), BIND_END(struct bulk_args)};

static bool plain(const char *s, const char *extra)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(extra, *s))
			return false;
	return true;
}

/* The host key: known and the same, or accepted now. */
static int accept_hostkey(struct session *s, struct out *o, const struct bulk_args *a, int port, char *fp,
			  size_t fplen)
{
	enum bulk_hostkey state;
	char known[128], question[400];
	struct err e;

	if (core_bulk_hostkey(&s->core, a->host, port, fp, fplen, known, sizeof(known), &state, &e) != 0)
		return cmd_fail(o, &e);
	if (a->hostkey && strcmp(a->hostkey, fp) != 0)
		return out_error(o, UC_FAIL, "The host key of %s is %s, not %s: nothing was changed", a->host,
				 fp, a->hostkey);
	if (state == BULK_HOSTKEY_KNOWN || (a->hostkey && state == BULK_HOSTKEY_NEW))
		return UC_OK;
	if (state == BULK_HOSTKEY_CHANGED) {
		if (a->hostkey) { /* named explicitly: the operator replaces it */
			out_warn(o, "The host key of %s changed from %s; %s is accepted as you named it.",
				 a->host, known, fp);
			return UC_OK;
		}
		return out_error(
		    o, UC_FAIL,
		    "THE HOST KEY OF %s HAS CHANGED: known %s, now %s. Someone may be intercepting "
		    "the connection. If the server's key was replaced on purpose, run this again with "
		    "hostkey %s",
		    a->host, known, fp, fp);
	}
	if (!s->ask_yes)
		return out_error(
		    o, UC_USAGE,
		    "%s is not known: its host key is %s. Check it with the server's administrator, then "
		    "add hostkey %s",
		    a->host, fp, fp);
	/* In the question: the command's output is shown only when it ends. */
	snprintf(question, sizeof(question), "The host key of %s port %d is %s.\nTrust it for %s", a->host,
		 port, fp, a->host);
	if (!s->ask_yes(s, question))
		return out_error(o, UC_FAIL, "Host key not accepted; nothing was changed");
	return UC_OK;
}

static int set_sftp(struct session *s, const void *args, struct out *o)
{
	const struct bulk_args *a = args;
	int port = a->port ? (int)*a->port : 22, rc;
	char fp[128], *secret = calloc(1, SECRET_MAX);
	unsigned char *key = NULL;
	size_t keylen = 0;
	struct err e;

	if (!secret)
		return out_error(o, UC_FAIL, "out of memory");
	if (!plain(a->user, "._-") || !plain(a->directory, "._-/~") || strstr(a->directory, "..")) {
		free(secret);
		return out_error(o, UC_USAGE,
				 "user: letters, digits, '.', '_', '-'; directory: a path of those and "
				 "'/' (no '..')");
	}
	if ((a->key != NULL) + (a->password || a->password_file) != 1) {
		free(secret);
		return out_error(o, UC_USAGE,
				 "Say how to log in: password (asked, or password-file FILE) or key FILE");
	}
	if (a->hostkey && strncmp(a->hostkey, "SHA256:", 7) != 0) {
		free(secret);
		return out_error(o, UC_USAGE, "hostkey: SHA256:<base64>, as ssh-keygen -lf prints it");
	}
	if ((rc = accept_hostkey(s, o, a, port, fp, sizeof(fp))) != UC_OK)
		goto out;
	if (a->key) {
		if (core_file_read(&s->core, a->key, SECRET_MAX - 1, &key, &keylen, &e) != 0) {
			rc = cmd_fail(o, &e);
			goto out;
		}
		memcpy(secret, key, keylen);
		secret[keylen] = '\0';
	} else if ((rc = cmd_read_secret(s, o, a->password_file, "SFTP password", "password-file", secret,
					 SECRET_MAX)) != UC_OK) {
		goto out;
	}
	struct bulk_server srv = {a->host,     port, a->user, a->key ? NULL : secret, a->key ? secret : NULL,
				  a->directory};
	if (core_bulk_set_sftp(&s->core, &srv, fp, &e) != 0) {
		rc = cmd_fail(o, &e);
		goto out;
	}
	out_msg(o, "Bulk certificates go to %s@%s:%s (port %d, host key %s).", a->user, a->host, a->directory,
		port, fp);
	rc = UC_OK;
out:
	if (key)
		explicit_bzero(key, keylen);
	free(key);
	explicit_bzero(secret, SECRET_MAX);
	free(secret);
	return rc;
}

static int set_password(struct session *s, const void *args, struct out *o)
{
	const struct bulk_args *a = args;
	char pass[160];
	struct err e;
	int rc;

	if ((rc = cmd_read_secret(s, o, a->password_file, "bulk password", "password-file", pass,
				  sizeof(pass))) != UC_OK)
		return rc;
	rc = core_bulk_set_password(&s->core, pass, &e);
	explicit_bzero(pass, sizeof(pass));
	if (rc != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Bulk password set: every cluster of the exchange must use the same one.");
	return UC_OK;
}

static int show_sftp(struct session *s, const void *args, struct out *o)
{
	struct bulk_info i;
	struct err e;

	if (core_bulk_info(&s->core, &i, &e) != 0)
		return cmd_fail(o, &e);
	if (!i.configured && !i.password_set) {
		out_msg(o, "No SFTP server is set (set cert bulk sftp).");
		return UC_OK;
	}
	out_kv_begin(o, NULL);
	out_kv(o, "host", "Host", i.host);
	out_kv_int(o, "port", "Port", i.port);
	out_kv(o, "user", "User", i.user);
	out_kv(o, "directory", "Directory", i.directory);
	out_kv(o, "auth", "Authentication", i.auth);
	out_kv(o, "hostkey", "Host key", i.hostkey);
	out_kv_bool(o, "password_set", "Bulk password set", i.password_set);
	out_kv(o, "updated", "Updated", i.updated);
	out_kv_end(o);
	return UC_OK;
}

static int file_row(const struct bulk_file *f, void *arg)
{
	char size[32], when[32];

	snprintf(size, sizeof(size), "%llu", f->size);
	time_iso(f->mtime, when, sizeof(when));
	out_row(arg, (const char *const[]){f->cluster, f->name, size, when});
	return 0;
}

static int show_files(struct session *s, const void *args, struct out *o)
{
	static const struct out_col cols[] = {{"cluster", "Cluster", OT_STR},
					      {"file", "File", OT_STR},
					      {"size", "Size", OT_INT},
					      {"modified", "Modified (UTC)", OT_STR}};
	struct err e;

	out_table_begin(o, "files", cols, 4);
	if (core_bulk_files(&s->core, file_row, o, &e) != 0)
		return cmd_fail(o, &e);
	out_table_end(o, "No bulk files on the server.");
	return UC_OK;
}

static void on_progress(void *arg, const char *file, size_t done, size_t total)
{
	struct session *s = arg;

	s->progress(s, file, done, total);
}

static struct bulk_progress progress_of(struct session *s)
{
	return (struct bulk_progress){s->progress ? on_progress : NULL, s};
}

static int export(struct session *s, const void *args, struct out *o)
{
	const struct bulk_args *a = args;
	struct bulk_progress p = progress_of(s);
	struct bulk_report r;
	struct err e;

	if (core_bulk_export(&s->core, bulk_units_of(a->unit), &p, &r, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "%d file%s exported (%s).", r.files, r.files == 1 ? "" : "s", a->unit);
	return UC_OK;
}

static int consolidate(struct session *s, const void *args, struct out *o)
{
	const struct bulk_args *a = args;
	struct bulk_progress p = progress_of(s);
	struct bulk_report r;
	struct err e;

	if (core_bulk_consolidate(&s->core, bulk_units_of(a->unit), &p, &r, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "%d consolidated file%s written: %d certificates from %d cluster%s.", r.files,
		r.files == 1 ? "" : "s", r.certs, r.clusters, r.clusters == 1 ? "" : "s");
	return UC_OK;
}

static int import(struct session *s, const void *args, struct out *o)
{
	const struct bulk_args *a = args;
	struct bulk_report r;
	struct err e;

	if (core_bulk_import(&s->core, bulk_units_of(a->unit), &r, &e) != 0) {
		bulk_report_free(&r);
		return cmd_fail(o, &e);
	}
	for (int i = 0; i < r.nstores; i++)
		trust_report_out(o, r.stores[i].trust, r.stores[i].trust, &r.stores[i].r);
	if (r.own_skipped)
		out_msg(o, "%d certificate%s of this cluster left out.", r.own_skipped,
			r.own_skipped == 1 ? "" : "s");
	if (!r.nstores)
		out_msg(o,
			"Nothing to import: the consolidated files hold only this cluster's certificates.");
	bulk_report_free(&r);
	return UC_OK;
}

static void explain_import(struct session *s, const void *args, struct strbuf *out)
{
	const struct bulk_args *a = args;

	strbuf_addf(
	    out,
	    "The other clusters' %s certificates (from the consolidated files on the SFTP server) are "
	    "added to the trust stores: tomcat to tomcat-trust; tftp to CallManager-trust and "
	    "Phone-SAST-trust; capf to CallManager-trust; itlrecovery to Phone-SAST-trust and "
	    "CallManager-trust.\n",
	    a->unit);
}

static bool check_hostkey(const struct check_in *c, const char *in, struct value *v)
{
	if (strncmp(in, "SHA256:", 7) == 0 && strlen(in) > 7 && plain(in + 7, "+/="))
		return true;
	snprintf(v->err, sizeof(v->err), "SHA256:<base64>, as ssh-keygen -lf prints it");
	return false;
}

static const struct type_def hostkey_type = {
    .name = "HOSTKEY", .help = "the server's host key: SHA256:<base64>", .check = check_hostkey};
static const struct type_def *const bulk_types[] = {&hostkey_type, NULL};

#define UNITS "{tomcat|tftp|capf|itlrecovery|all}$unit"

static const struct cmd_def bulk_cmds[] = {
    {"set cert bulk sftp host PEER_ADDR$host [port INT(1-65535)] user WORD$user [password] [password-file "
     "FILE] "
     "[key FILE$key] directory WORD$directory [hostkey HOSTKEY$hostkey]",
     set_sftp, PRIV_OPER, CMD_PREPARED,
     "The SFTP server of the bulk exchange and its login (password asked or from a file, or a private key); "
     "its "
     "host key is shown and accepted once",
     "set cert bulk sftp host sftp.example.com user bulk key bulk_key directory /srv/bulk hostkey "
     "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
     sftp_bind, NULL},
    {"set cert bulk password [password-file FILE]", set_password, PRIV_OPER, CMD_PREPARED,
     "The PKCS#12 password every cluster of the exchange shares (asked, or from a file)",
     "set cert bulk password password-file bulk.pw", password_bind, NULL},
    {"show cert bulk sftp", show_sftp, PRIV_READ, 0,
     "The SFTP server, user, directory and host key (never a secret)", NULL, NULL, NULL},
    {"show cert bulk files", show_files, PRIV_READ, CMD_OWN_TX, "What the SFTP server holds, per cluster",
     NULL, NULL, NULL},
    {"set cert bulk export " UNITS, export, PRIV_OPER, CMD_OWN_TX,
     "Upload this cluster's certificates (certificates only) to DIR/CLUSTER-ID/NODE_UNIT.p12",
     "set cert bulk export all", unit_bind, NULL},
    {"set cert bulk consolidate " UNITS, consolidate, PRIV_OPER, CMD_OWN_TX,
     "Merge every cluster's exports into DIR/consolidated/UNIT.p12", "set cert bulk consolidate all",
     unit_bind, NULL},
    {"set cert bulk import " UNITS, import, PRIV_OPER, CMD_PREPARED | CMD_CONFIRM,
     "Add the other clusters' certificates to the trust stores (needs two clusters' exports and a "
     "consolidation)",
     "set cert bulk import all", unit_bind, explain_import},
};

static const struct kw_help bulk_kw[] = {
    {"set cert bulk", "Bulk certificate exchange between clusters over SFTP"},
    {"show cert bulk", "The bulk exchange's server and files"},
    {NULL, NULL},
};

const struct cmd_family bulk_family = CMD_FAMILY("bulk", bulk_cmds, bulk_kw, bulk_types);
