/* ucshd: the node's network services for phones and CTI applications —
 * the Certificate Authority Proxy Function (TCP 3804) and the Trust
 * Verification Service (TCP 2445), both over TLS. Each connection is
 * served by its own process, so a hostile message ends only that session
 * and nothing it allocated outlives it. */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "daemon/serve.h"
#include "node/runfile.h"
#include "pki/pki.h"
#include "store/statedir.h"

#define MAX_SESSIONS 512

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* ADDR:PORT, [ADDR]:PORT or PORT (all addresses). */
static int listen_on(const char *spec, char *err, size_t errlen)
{
	char host[256] = "", port[16];
	const char *colon = strrchr(spec, ':');
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE},
			*ai;
	int fd = -1, one = 1;

	if (colon) {
		size_t n = (size_t)(colon - spec);
		if (spec[0] == '[' && n >= 2 && spec[n - 1] == ']')
			snprintf(host, sizeof(host), "%.*s", (int)(n - 2), spec + 1);
		else
			snprintf(host, sizeof(host), "%.*s", (int)n, spec);
	}
	snprintf(port, sizeof(port), "%s", colon ? colon + 1 : spec);
	int rc = getaddrinfo(*host ? host : NULL, port, &hints, &ai);
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", spec, gai_strerror(rc));
		return -1;
	}
	for (struct addrinfo *a = ai; a && fd < 0; a = a->ai_next) {
		if ((fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, 0)) < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 128) != 0) {
			snprintf(err, errlen, "%s: %s", spec, strerror(errno));
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(ai);
	return fd;
}

static void usage(FILE *f)
{
	fputs("usage: ucshd [--state-dir DIR] [--capf ADDR:PORT] [--tvs ADDR:PORT] [--sip ADDR:PORT] "
	      "[--allow-tls10] "
	      "[--timeout SECONDS]\n"
	      "  --capf ADDR:PORT   where CAPF listens (default :3804)\n"
	      "  --tvs ADDR:PORT    where the Trust Verification Service listens (default :2445)\n"
	      "  --sip ADDR:PORT    where the SIP proxy's TLS peer authentication listens (default :5062)\n"
	      "  --allow-tls10      CAPF and TVS accept TLS 1.0 (7900-series phones); otherwise set tls\n"
	      "                     min-version, never below 1.2\n"
	      "  --timeout SECONDS  handshake and read timeout of a connection (default 30)\n"
	      "ucshd stays in the foreground (systemd runs it; doc/ucshd.service).\n",
	      f);
}

static int sessions;

/* A session that crashed (or, in the sanitizer build, leaked) is said so. */
static void ended(int status)
{
	if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0))
		fprintf(stderr, "ucshd: a session ended abnormally (status %d)\n", status);
}

static void reap(void)
{
	int status;

	while (waitpid(-1, &status, WNOHANG) > 0) {
		sessions--;
		ended(status);
	}
}

enum listener { L_CAPF, L_TVS, L_SIP, NLISTENERS };

static void serve(int fd, enum listener which, uint32_t session, const struct serve_opts *o)
{
	struct timeval tv = {.tv_sec = o->timeout_s};

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	/* Request and answer, one message each way at a time: Nagle's wait
	 * for an ACK the peer delays would cost 40 ms a turn. */
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (which == L_CAPF)
		serve_capf(fd, session, o);
	else if (which == L_TVS)
		serve_tvs(fd, o);
	else
		serve_sip(fd, o);
}

/* CAPF sessions are numbered from 1 across the process, as the
 * reference does; test builds may fix the first one to replay fixtures. */
static uint32_t first_session(void)
{
#ifdef UCSH_TEST_HOOKS
	const char *v = getenv("UCSH_TEST_CAPF_SESSION");
	if (v && *v)
		return (uint32_t)strtoul(v, NULL, 0);
#endif
	return 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {{"state-dir", required_argument, NULL, 's'},
					     {"tvs", required_argument, NULL, 't'},
					     {"capf", required_argument, NULL, 'c'},
					     {"sip", required_argument, NULL, 'S'},
					     {"allow-tls10", no_argument, NULL, '1'},
					     {"timeout", required_argument, NULL, 'T'},
					     {"foreground", no_argument, NULL, 'f'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct serve_opts o = {.timeout_s = 30};
	const char *tvs = "2445", *capf = "3804", *sip = "5062", *state = NULL;
	char err[512];
	int c, lfd[NLISTENERS];
	uint32_t session;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			state = optarg;
			break;
		case 't':
			tvs = optarg;
			break;
		case 'c':
			capf = optarg;
			break;
		case 'S':
			sip = optarg;
			break;
		case '1':
			o.allow_tls10 = true;
			break;
		case 'T':
			o.timeout_s = atoi(optarg);
			if (o.timeout_s < 1 || o.timeout_s > 3600) {
				fputs("ucshd: --timeout takes 1-3600 seconds\n", stderr);
				return 2;
			}
			break;
		case 'f':
			break; /* always in the foreground */
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	o.state_dir = statedir_resolve(state);
	if (statedir_prepare(o.state_dir, err, sizeof(err)) != 0) {
		fprintf(stderr, "ucshd: %s\n", err);
		return 1;
	}
	openlog("ucshd", LOG_PID, LOG_DAEMON);
	if ((lfd[L_CAPF] = listen_on(capf, err, sizeof(err))) < 0 ||
	    (lfd[L_TVS] = listen_on(tvs, err, sizeof(err))) < 0 ||
	    (lfd[L_SIP] = listen_on(sip, err, sizeof(err))) < 0) {
		fprintf(stderr, "ucshd: cannot listen: %s\n", err);
		return 1;
	}
	session = first_session();
	if (pki_tls_init() != PKI_OK) {
		fputs("ucshd: cannot start TLS (the PKI plugin or OpenSSL)\n", stderr);
		return 1;
	}
	if (runfile_write(o.state_dir, capf, tvs, sip, err, sizeof(err)) != 0)
		fprintf(stderr, "ucshd: %s (utils service list will not show it)\n", err);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	signal(SIGPIPE, SIG_IGN);
	fprintf(stderr, "ucshd: CAPF on %s, TVS on %s, SIP TLS on %s\n", capf, tvs, sip);
	while (!stop) {
		struct pollfd p[NLISTENERS] = {{lfd[0], POLLIN, 0}, {lfd[1], POLLIN, 0}, {lfd[2], POLLIN, 0}};
		reap();
		if (poll(p, NLISTENERS, 500) <= 0)
			continue;
		for (int i = 0; i < NLISTENERS; i++) {
			if (!(p[i].revents & POLLIN))
				continue;
			int fd = accept4(lfd[i], NULL, NULL, SOCK_CLOEXEC);
			if (fd < 0)
				continue;
			if (sessions >= MAX_SESSIONS) {
				close(fd); /* the others keep being served */
				continue;
			}
			uint32_t id = i == L_CAPF ? session++ : 0;
			if (i == L_SIP)
				sip_prepare(o.state_dir);
			pid_t pid = fork();
			if (pid == 0) {
				for (int l = 0; l < NLISTENERS; l++)
					close(lfd[l]);
				serve(fd, (enum listener)i, id, &o);
				exit(0); /* atexit: the leak check of the sanitizer build */
			}
			if (pid > 0)
				sessions++;
			close(fd);
		}
	}
	for (int l = 0; l < NLISTENERS; l++)
		close(lfd[l]);
	runfile_remove(o.state_dir);
	int status;
	while (wait(&status) > 0)
		ended(status);
	return 0;
}
