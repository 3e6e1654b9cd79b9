#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "daemon/node.h"
#include "daemon/serve.h"
#include "node/config.h"
#include "pki/pki.h"
#include "store/store.h"
#include "svc/cluster.h"
#include "svc/services.h"
#include "svc/tvs.h"
#include "wire/wire.h"

#define TVS_MAX_BODY 16384

enum { TVS_VERIFY_REQUEST = 1, TVS_VERIFY_RESPONSE = 2 };
enum { TVS_DEVICE_NAME = 1, TVS_CERTIFICATE = 2, TVS_STATUS = 7, TVS_ROLES = 8, TVS_TTL = 9 };

/* A prefix byte, then printable ASCII (CP-8841-SEP00112233AA01). */
static bool device_name(const struct wire_msg *m, char *out, size_t len)
{
	const struct wire_elem *e = wire_find(m, TVS_DEVICE_NAME);

	if (!e || e->len < 2 || e->len > len)
		return false;
	for (size_t i = 1; i < e->len; i++)
		if (!isgraph(e->val[i]))
			return false;
	memcpy(out, e->val + 1, e->len - 1u);
	out[e->len - 1] = '\0';
	return true;
}

/* Any error closes the connection without an answer, as the reference. */
static void session(struct node *n, struct pki_tls *t)
{
	uint8_t head[10], *body = NULL;
	struct wire_msg m;
	struct wire_out w;
	struct tvs_verdict v;
	char why[200], device[128];
	struct err e;
	static const uint8_t request_tags[] = {TVS_DEVICE_NAME, TVS_CERTIFICATE, 0};

	if (pki_tls_read(t, head, sizeof(head)) != 0 ||
	    wire_header(WIRE_TVS, head, &m, why, sizeof(why)) != 0)
		return;
	if (m.command != TVS_VERIFY_REQUEST || m.body_len > TVS_MAX_BODY || !(body = malloc(m.body_len + 1u)))
		return;
	const struct wire_elem *cert;
	if (pki_tls_read(t, body, m.body_len) != 0 ||
	    wire_body(&m, body, m.body_len, request_tags, why, sizeof(why)) != 0 ||
	    !device_name(&m, device, sizeof(device)) || !(cert = wire_find(&m, TVS_CERTIFICATE)) ||
	    core_tvs_verdict(&n->core, cert->val, cert->len, &v, &e) != 0) {
		free(body);
		return;
	}
	wire_begin(&w, WIRE_TVS, TVS_VERIFY_RESPONSE, m.session);
	wire_add_u8(&w, TVS_STATUS, v.trusted ? 0 : 1);
	if (v.trusted) {
		wire_add(&w, TVS_ROLES, v.roles, (size_t)v.nroles);
		wire_add_u32(&w, TVS_TTL, v.ttl);
	}
	if (wire_end(&w) == 0 && pki_tls_write(t, w.buf, w.len) == 0)
		core_tvs_log(&n->core, device, &v);
	wire_out_free(&w);
	free(body);
}

void serve_tvs(int fd, const struct serve_opts *o)
{
	struct node n;
	struct pki_tls *t = NULL;
	char cert[4096], key[4096], err[300];

	if (open_node(o->state_dir, &n) != 0)
		return;
	/* Checked per connection: utils service deactivate takes effect at once. */
	if (node_serves(&n, "tvs")) {
		snprintf(cert, sizeof(cert), "%s/TVS.pem", n.config.deploy_dir);
		snprintf(key, sizeof(key), "%s/TVS.key", n.config.deploy_dir);
		if (pki_tls_accept(fd, cert, key, node_tls_min(&n, o->allow_tls10), &t, err, sizeof(err)) ==
		    0)
			session(&n, t);
		else
			syslog(LOG_INFO, "TVS: %s", err);
		pki_tls_close(t);
	}
	close_node(&n);
}
