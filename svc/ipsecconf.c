/* One IKEv2 connection per enabled policy, named GROUP_NAME (group and
 * policy names have no underscore), with one transport-mode child of the
 * same name. PSK policies identify both ends by their addresses and find
 * their key in secrets; certificate policies present the node's ipsec
 * certificate and accept a peer certificate issued by (or equal to) one in
 * ipsec-trust, or only the named one for peer type "different". */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node/deploy.h"
#include "pki/pki.h"
#include "store/cert.h"
#include "store/ipsec.h"
#include "svc/ipsec.h"
#include "svc/ipsecconf.h"
#include "util/strbuf.h"

#define SUBDIR "swanctl"

static const char *const subdirs[] = {"x509", "x509ca", "private"};

static bool is_ip(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

/* "10.0.0.1[tcp/5000]"; a host name stands for the IKE address (dynamic). */
static void selector(struct strbuf *b, const char *addr, const char *protocol, long long port)
{
	strbuf_adds(b, is_ip(addr) ? addr : "dynamic");
	if (strcmp(protocol, "any") == 0)
		return;
	if (port)
		strbuf_addf(b, "[%s/%lld]", protocol, port);
	else
		strbuf_addf(b, "[%s]", protocol);
}

struct render {
	struct strbuf conns, secrets;
	const char *dir;
};

static int connection(const struct ipsec_row *r, void *arg)
{
	struct render *x = arg;
	struct strbuf *b = &x->conns;
	char ike[96], esp[96];
	bool psk = strcmp(r->auth, "psk") == 0;

	ipsec_ike_proposal(r, ike, sizeof(ike));
	ipsec_esp_proposal(r, esp, sizeof(esp));
	strbuf_addf(b, "\t%s_%s {\n", r->grp, r->name);
	strbuf_addf(b, "\t\tversion = 2\n\t\tlocal_addrs = %s\n\t\tremote_addrs = %s\n", r->src, r->dst);
	strbuf_addf(b, "\t\tremote_port = %lld\n\t\tproposals = %s\n\t\trekey_time = %llds\n", r->remote_port,
		    ike, r->p1_lifetime);
	if (psk) {
		strbuf_addf(b, "\t\tlocal {\n\t\t\tauth = psk\n\t\t\tid = %s\n\t\t}\n", r->src);
		strbuf_addf(b, "\t\tremote {\n\t\t\tauth = psk\n\t\t\tid = %s\n\t\t}\n", r->dst);
		strbuf_addf(
		    &x->secrets,
		    "\tike-%s_%s {\n\t\tid-local = %s\n\t\tid-remote = %s\n\t\tsecret = \"%s\"\n\t}\n",
		    r->grp, r->name, r->src, r->dst, r->psk);
	} else {
		strbuf_addf(b, "\t\tlocal {\n\t\t\tauth = pubkey\n\t\t\tcerts = ipsec.pem\n\t\t}\n");
		strbuf_addf(b, "\t\tremote {\n\t\t\tauth = pubkey\n\t\t\tid = %%any\n");
		if (strcmp(r->peer_type, "different") == 0)
			strbuf_addf(b, "\t\t\tcerts = \"%s/x509ca/%s.pem\"\n", x->dir, r->cert);
		strbuf_addf(b, "\t\t}\n");
	}
	strbuf_addf(b, "\t\tchildren {\n\t\t\t%s_%s {\n\t\t\t\tmode = transport\n", r->grp, r->name);
	strbuf_adds(b, "\t\t\t\tlocal_ts = ");
	selector(b, r->src, r->protocol, r->src_port);
	strbuf_adds(b, "\n\t\t\t\tremote_ts = ");
	selector(b, r->dst, r->protocol, r->dst_port);
	strbuf_addf(b, "\n\t\t\t\tesp_proposals = %s\n\t\t\t\trekey_time = %llds\n", esp, r->p2_lifetime);
	strbuf_adds(b, "\t\t\t}\n\t\t}\n\t}\n");
	return 0;
}

char *ipsec_swanctl_text(struct core *c, const char *dir, struct err *e)
{
	struct render x = {STRBUF_INIT, STRBUF_INIT, dir};
	struct strbuf out = STRBUF_INIT;

	if (store_ipsec_each(c->store, NULL, true, connection, &x) != STORE_OK) {
		strbuf_release(&x.conns);
		strbuf_release(&x.secrets);
		err_set(e, ERR_FAIL, "cannot read the IPsec policies: %s", store_errmsg(c->store));
		return NULL;
	}
	strbuf_adds(&out, "# Written by ucsh from the enabled IPsec policies (ipsec policy list); ucsh\n"
			  "# rewrites it on every change. Load: swanctl --load-all --file <this file>\n");
	strbuf_addf(&out, "connections {\n%s}\n", x.conns.buf ? x.conns.buf : "");
	strbuf_addf(&out, "secrets {\n%s}\n", x.secrets.buf ? x.secrets.buf : "");
	if (x.secrets.buf)
		explicit_bzero(x.secrets.buf, x.secrets.len);
	strbuf_release(&x.conns);
	strbuf_release(&x.secrets);
	return strbuf_detach(&out);
}

struct trust_files {
	const char *dir;
	mode_t mode;
	const char *group;
	char **names;
	int n;
	struct err *e;
	int failed;
};

static int write_trust(const struct cert_row *row, void *arg)
{
	struct trust_files *t = arg;
	char name[300];
	char **grown = realloc(t->names, (size_t)(t->n + 1) * sizeof(*grown));

	if (!grown) {
		t->failed = 1;
		return 1;
	}
	t->names = grown;
	snprintf(name, sizeof(name), "%s.pem", row->name);
	t->names[t->n++] = strdup(name);
	if (deploy_write(t->dir, name, row->pem, strlen(row->pem), t->mode, t->group, t->e->msg,
			 sizeof(t->e->msg)) != 0) {
		t->failed = 1;
		return 1;
	}
	return 0;
}

/* x509ca/: one file per certificate of ipsec-trust, and no other. */
static int write_trusted(struct core *c, const char *dir, mode_t mode, struct err *e)
{
	struct trust_files t = {dir, mode, c->config->deploy_group, NULL, 0, e, 0};
	int rc =
	    store_cert_each(core_cert_store(c, "trust"), "trust", "ipsec-trust", 0, true, write_trust, &t);

	if (rc != STORE_OK && !t.failed)
		err_set(e, ERR_FAIL, "cannot read ipsec-trust: %s",
			store_errmsg(core_cert_store(c, "trust")));
	if (rc == STORE_OK && !t.failed)
		deploy_remove_others(dir, ".pem", (const char *const *)t.names, t.n);
	for (int i = 0; i < t.n; i++)
		free(t.names[i]);
	free(t.names);
	return rc == STORE_OK && !t.failed ? 0 : -1;
}

static int write_own(struct core *c, const char *base, mode_t mode, struct err *e)
{
	const char *group = c->config->deploy_group;
	struct cert_row row;
	char *key = NULL, dir[4200];
	int rc = -1;

	if (store_cert_get(c->store, "own", "ipsec", "ipsec", &row) != STORE_OK)
		return err_set(e, ERR_FAIL, "the ipsec unit has no certificate");
	if (store_own_key(c->store, "ipsec", &key) != STORE_OK) {
		err_set(e, ERR_FAIL, "the ipsec unit has no key");
		goto out;
	}
	snprintf(dir, sizeof(dir), "%s/x509", base);
	if (deploy_write(dir, "ipsec.pem", row.pem, strlen(row.pem), mode, group, e->msg, sizeof(e->msg)) !=
	    0)
		goto out;
	snprintf(dir, sizeof(dir), "%s/private", base);
	rc = deploy_write(dir, "ipsec.key", key, strlen(key), mode, group, e->msg, sizeof(e->msg));
out:
	pki_secret_free(key);
	cert_row_free(&row);
	return rc;
}

int core_ipsec_render(struct core *c, struct err *e)
{
	const char *group = c->config->deploy_group;
	mode_t mode = group ? 0640 : 0600;
	char base[4096], dir[4200];
	char *text;
	int rc;

	snprintf(base, sizeof(base), "%s/" SUBDIR, c->config->deploy_dir);
	if (strpbrk(base, "\"\n\\"))
		return err_set(e, ERR_FAIL,
			       "the deploy directory's path cannot be written in swanctl.conf: %s", base);
	if (!(text = ipsec_swanctl_text(c, base, e)))
		return -1;
	/* The certificates first: a charon that reloads between the writes
	 * finds what the new file names. */
	snprintf(dir, sizeof(dir), "%s/x509ca", base);
	for (size_t i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
		char sub[4200];
		snprintf(sub, sizeof(sub), "%s/%s", base, subdirs[i]);
		if (deploy_make_dir(sub) != 0) {
			free(text);
			return err_set(e, ERR_FAIL, "cannot create %s", sub);
		}
	}
	rc = write_own(c, base, mode, e);
	if (rc == 0)
		rc = write_trusted(c, dir, mode, e);
	if (rc == 0)
		rc = deploy_write(base, "swanctl.conf", text, strlen(text), mode, group, e->msg,
				  sizeof(e->msg));
	explicit_bzero(text, strlen(text));
	free(text);
	if (rc != 0)
		e->code = ERR_FAIL;
	return rc;
}

void ipsec_remove_temps(struct core *c)
{
	char dir[4200];

	snprintf(dir, sizeof(dir), "%s/" SUBDIR, c->config->deploy_dir);
	deploy_remove_temps(dir);
	for (size_t i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
		snprintf(dir, sizeof(dir), "%s/" SUBDIR "/%s", c->config->deploy_dir, subdirs[i]);
		deploy_remove_temps(dir);
	}
}
