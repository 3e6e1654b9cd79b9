#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <syslog.h>

#include "daemon/node.h"
#include "daemon/serve.h"
#include "pki/pki.h"
#include "svc/capfd.h"

struct tls_io {
	struct pki_tls *t;
	int fd;
};

static int io_read(void *io, void *buf, size_t len)
{
	return pki_tls_read(((struct tls_io *)io)->t, buf, len);
}

static int io_write(void *io, const void *buf, size_t len)
{
	return pki_tls_write(((struct tls_io *)io)->t, buf, len);
}

static void io_wait_long(void *io, int seconds)
{
	struct timeval tv = {.tv_sec = seconds};

	setsockopt(((struct tls_io *)io)->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

void serve_capf(int fd, uint32_t session, const struct serve_opts *o)
{
	struct node n;
	struct tls_io tio = {NULL, fd};
	struct capf_io io = {io_read, io_write, io_wait_long, &tio};
	struct capf_outcome out;
	char cert[4096], key[4096], err[300];

	if (open_node(o->state_dir, &n) != 0)
		return;
	/* Checked per connection: utils service deactivate takes effect at once. */
	if (node_serves(&n, "capf")) {
		snprintf(cert, sizeof(cert), "%s/CAPF.pem", n.config.deploy_dir);
		snprintf(key, sizeof(key), "%s/CAPF.key", n.config.deploy_dir);
		if (pki_tls_accept(fd, cert, key, o->allow_tls10, &tio.t, err, sizeof(err)) == 0) {
			core_capf_serve(&n.core, session, &io, &out);
			syslog(LOG_INFO, "CAPF session %u: %s %s: %s (%d)", session, out.device,
			       out.operation, out.result, out.reason);
		} else {
			syslog(LOG_INFO, "CAPF: %s", err);
		}
		pki_tls_close(tio.t);
	}
	close_node(&n);
}
