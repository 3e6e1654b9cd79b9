#include <arpa/inet.h>
#include <netinet/in.h>
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

/* "192.0.2.1:50712", "[2001:db8::1]:50712". */
static void peer_of(int fd, char *buf, size_t len)
{
	struct sockaddr_storage ss = {0};
	socklen_t sl = sizeof(ss);
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	if (getpeername(fd, (struct sockaddr *)&ss, &sl) != 0)
		ss.ss_family = AF_UNSPEC;
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
		port = ntohs(a->sin6_port);
		snprintf(buf, len, "[%s]:%d", host, port);
		return;
	}
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
		port = ntohs(a->sin_port);
	}
	snprintf(buf, len, "%s:%d", host, port);
}

void serve_capf(int fd, uint32_t session, const struct serve_opts *o)
{
	struct node n;
	struct tls_io tio = {NULL, fd};
	struct capf_io io = {io_read, io_write, io_wait_long, &tio, NULL};
	struct capf_outcome out;
	char cert[4096], key[4096], err[300], peer[80];

	peer_of(fd, peer, sizeof(peer));
	io.peer = peer;

	if (open_node(o->state_dir, &n) != 0)
		return;
	/* Checked per connection: utils service deactivate takes effect at once. */
	if (node_serves(&n, "capf")) {
		snprintf(cert, sizeof(cert), "%s/CAPF.pem", n.config.deploy_dir);
		snprintf(key, sizeof(key), "%s/CAPF.key", n.config.deploy_dir);
		if (pki_tls_accept(fd, cert, key, node_tls_min(&n, o->allow_tls10), &tio.t, err,
				   sizeof(err)) == 0) {
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
