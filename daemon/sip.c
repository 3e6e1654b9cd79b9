/* The SIP proxy's TLS side (the IM and Presence "peer authentication"
 * listener, port 5062): the default TLS context as rendered in
 * DEPLOY/tls/, the node's cup certificate, a client certificate required
 * from one of the context's peers. A peer that gets through is told so in
 * one line; SIP itself is not spoken here. */
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "daemon/node.h"
#include "daemon/serve.h"
#include "pki/pki.h"
#include "svc/tlsctx.h"

void serve_sip(int fd, const struct serve_opts *o)
{
	struct node n;
	struct pki_tls *t = NULL;
	struct tls_context_files f;
	char cert[4096], key[4096], ca[4200], err[400], cn[256], how[128], line[600];
	struct err e;

	if (open_node(o->state_dir, &n) != 0)
		return;
	if (!node_serves(&n, "sip-proxy"))
		goto out;
	if (tls_context_read(n.config.deploy_dir, TLS_DEFAULT_CONTEXT, &f, &e) != 0) {
		syslog(LOG_WARNING, "SIP TLS: the default context is not rendered: %s", e.msg);
		goto out;
	}
	snprintf(cert, sizeof(cert), "%s/cup.pem", n.config.deploy_dir);
	snprintf(key, sizeof(key), "%s/cup.key", n.config.deploy_dir);
	snprintf(ca, sizeof(ca), "%s/ca.pem", f.dir);
	struct pki_tls_peer_opts po = {
	    cert,    key, ca, f.ciphers, f.min_version, f.empty_fragments, (const char *const *)f.peers,
	    f.npeers};
	if (pki_tls_accept_peer(fd, &po, &t, cn, sizeof(cn), err, sizeof(err)) == 0) {
		pki_tls_describe(t, how, sizeof(how));
		int len = snprintf(line, sizeof(line), "ucsh sip-proxy: peer %s accepted (%s)\r\n", cn, how);
		pki_tls_write(t, line, (size_t)len);
		syslog(LOG_INFO, "SIP TLS: peer %s accepted (%s)", cn, how);
	} else {
		syslog(LOG_INFO, "SIP TLS: refused: %s", err);
	}
	pki_tls_close(t);
	tls_context_files_free(&f);
out:
	close_node(&n);
}
