/* The SIP proxy's TLS side (the IM and Presence "peer authentication"
 * listener, port 5062): the default TLS context as rendered in
 * DEPLOY/tls/, the node's cup certificate, a client certificate required
 * from one of the context's peers. A peer that gets through is told so in
 * one line; SIP itself is not spoken here.
 *
 * Decoding the key and certificates is most of a handshake's cost, so the
 * parent builds the TLS server once and again only when one of its files
 * changed (inode, size, modification time); each connection's process
 * inherits it. A context change therefore applies from the next
 * connection, as everything else ucshd serves. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>

#include "daemon/node.h"
#include "daemon/serve.h"
#include "pki/pki.h"
#include "svc/tlsctx.h"

static struct pki_tls_server *server;
static char server_stamp[1024];

static void files_stamp(const char *deploy, char *out, size_t len)
{
	static const char *const files[] = {
	    "cup.pem", "cup.key", TLS_DIR "/" TLS_DEFAULT_CONTEXT "/context.conf",
	    TLS_DIR "/" TLS_DEFAULT_CONTEXT "/peers.txt", TLS_DIR "/" TLS_DEFAULT_CONTEXT "/ca.pem"};
	size_t n = 0;

	*out = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]) && n < len; i++) {
		char path[4200];
		struct stat sb = {0};
		snprintf(path, sizeof(path), "%s/%s", deploy, files[i]);
		stat(path, &sb);
		n +=
		    (size_t)snprintf(out + n, len - n, "%lu:%lld:%lld.%ld;", (unsigned long)sb.st_ino,
				     (long long)sb.st_size, (long long)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec);
	}
}

static void build(const char *deploy, const char *stamp)
{
	struct tls_context_files f;
	char cert[4200], key[4200], ca[4200], err[400];
	struct err e;

	pki_tls_server_free(server);
	server = NULL;
	snprintf(server_stamp, sizeof(server_stamp), "%s", stamp);
	if (tls_context_read(deploy, TLS_DEFAULT_CONTEXT, &f, &e) != 0) {
		syslog(LOG_WARNING, "SIP TLS: the default context is not rendered: %s", e.msg);
		return;
	}
	snprintf(cert, sizeof(cert), "%s/cup.pem", deploy);
	snprintf(key, sizeof(key), "%s/cup.key", deploy);
	snprintf(ca, sizeof(ca), "%s/ca.pem", f.dir);
	struct pki_tls_peer_opts po = {
	    cert,    key, ca, f.ciphers, f.min_version, f.empty_fragments, (const char *const *)f.peers,
	    f.npeers};
	if (pki_tls_peer_server(&po, &server, err, sizeof(err)) != 0)
		syslog(LOG_WARNING, "SIP TLS: %s", err);
	tls_context_files_free(&f);
}

void sip_prepare(const char *state_dir)
{
	struct node_config cfg;
	char err[512], stamp[sizeof(server_stamp)];

	if (config_load(NULL, state_dir, &cfg, err, sizeof(err)) != 0) {
		syslog(LOG_ERR, "%s", err);
		return;
	}
	files_stamp(cfg.deploy_dir, stamp, sizeof(stamp));
	if (!server || strcmp(stamp, server_stamp) != 0)
		build(cfg.deploy_dir, stamp);
	config_free(&cfg);
}

void serve_sip(int fd, const struct serve_opts *o)
{
	struct node n;
	struct pki_tls *t = NULL;
	char err[400], cn[256], how[128], line[600];

	if (open_node(o->state_dir, &n) != 0)
		return;
	if (!node_serves(&n, "sip-proxy") || !server)
		goto out;
	if (pki_tls_accept_peer(fd, server, &t, cn, sizeof(cn), err, sizeof(err)) == 0) {
		pki_tls_describe(t, how, sizeof(how));
		int len = snprintf(line, sizeof(line), "ucsh sip-proxy: peer %s accepted (%s)\r\n", cn, how);
		pki_tls_write(t, line, (size_t)len);
		syslog(LOG_INFO, "SIP TLS: peer %s accepted (%s)", cn, how);
	} else {
		syslog(LOG_INFO, "SIP TLS: refused: %s", err);
	}
	pki_tls_close(t);
out:
	close_node(&n);
}
