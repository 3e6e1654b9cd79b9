/* Node identity (set/show network) and certificate subject fields
 * (set/show web-security). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/families.h"
#include "commands/identity.h"
#include "commands/names.h"
#include "commands/session.h"
#include "svc/node.h"

static bool check_host(const struct check_in *c, const char *in, struct value *v)
{
	if (name_is_label(in))
		return true;
	snprintf(v->err, sizeof(v->err),
		 "1-63 letters, digits or hyphens, not starting or ending with a hyphen");
	return false;
}

static bool check_domain(const struct check_in *c, const char *in, struct value *v)
{
	if (name_is_domain(in))
		return true;
	snprintf(v->err, sizeof(v->err),
		 "a DNS domain such as example.com (labels of letters, digits, hyphens)");
	return false;
}

static bool check_addr(const struct check_in *c, const char *in, struct value *v)
{
	char buf[64];

	if (name_is_address(in, buf, sizeof(buf)) && strcmp(buf, "0.0.0.0") != 0 && strcmp(buf, "::") != 0 &&
	    strcmp(buf, "255.255.255.255") != 0) {
		v->canon = strdup(buf);
		return true;
	}
	snprintf(v->err, sizeof(v->err), "an IPv4 or IPv6 unicast address of this node");
	return false;
}

/* Subject fields become X.509 name attributes and CTL name strings, which
 * use ';', '=' and ',' as separators. */
static bool subject_text(const char *in, size_t maxlen, bool ou, char *err, size_t errlen)
{
	size_t n = strlen(in);

	if (n == 0 || n > maxlen) {
		snprintf(err, errlen, "1-%zu characters", maxlen);
		return false;
	}
	for (const char *p = in; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f || strchr(";=+<>\"", c) || (c == '\\' && !(ou && p[1] == ','))) {
			snprintf(err, errlen, "printable characters except ; = + < > \" \\%s",
				 ou ? " (',' separates units, '\\,' is a literal comma)" : "");
			return false;
		}
		if (c == '\\')
			p++;
	}
	return true;
}

static bool check_ou(const struct check_in *c, const char *in, struct value *v)
{
	/* Each unit between unescaped commas must be non-empty and at most 64. */
	const char *p = in;

	if (!subject_text(in, 512, true, v->err, sizeof(v->err)))
		return false;
	while (true) {
		size_t len = 0;
		while (p[len] && !(p[len] == ',' && (len == 0 || p[len - 1] != '\\')))
			len++;
		if (len == 0 || len > 64) {
			snprintf(v->err, sizeof(v->err),
				 "one or more units of 1-64 characters separated by ','");
			return false;
		}
		if (!p[len])
			return true;
		p += len + 1;
	}
}

static bool check_orgname(const struct check_in *c, const char *in, struct value *v)
{
	return subject_text(in, 64, false, v->err, sizeof(v->err));
}

static bool check_place(const struct check_in *c, const char *in, struct value *v)
{
	return subject_text(in, 128, false, v->err, sizeof(v->err));
}

static bool check_country(const struct check_in *c, const char *in, struct value *v)
{
	if (strlen(in) == 2 && isalpha((unsigned char)in[0]) && isalpha((unsigned char)in[1])) {
		char cc[3] = {(char)toupper((unsigned char)in[0]), (char)toupper((unsigned char)in[1]), 0};
		v->canon = strdup(cc);
		return true;
	}
	snprintf(v->err, sizeof(v->err), "a two-letter ISO 3166 country code such as US or DE");
	return false;
}

static int show_network(struct session *s, const void *args, struct out *o)
{
	struct node_identity id = {0};
	char fqdn[320];

	if (identity_load(s, o, &id, fqdn, sizeof(fqdn)) != UC_OK)
		return UC_FAIL;
	out_kv_begin(o, NULL);
	out_kv(o, "hostname", "Hostname", id.hostname);
	out_kv(o, "domain", "Domain", id.domain);
	out_kv(o, "fqdn", "FQDN", fqdn);
	out_kv(o, "ip", "IP address", id.ip);
	out_kv(o, "initialised", "Initialised", id.created);
	out_kv_end(o);
	node_identity_free(&id);
	return UC_OK;
}

static int set_network_field(struct session *s, struct out *o, enum node_field f, const char *label,
			     const char *value)
{
	struct err e;

	if (core_identity_set(&s->core, f, value, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "%c%s set to %s.", toupper((unsigned char)label[0]), label + 1, value);
	return UC_OK;
}

struct network_args {
	const char *host, *domain, *addr;
	const char *orgunit, *orgname, *locality, *state, *country, *althost;
};

static const struct arg_bind host_bind[] = {BIND(struct network_args, host), BIND_END(struct network_args)};
static const struct arg_bind domain_bind[] = {BIND(struct network_args, domain),
					      BIND_END(struct network_args)};
static const struct arg_bind addr_bind[] = {BIND(struct network_args, addr), BIND_END(struct network_args)};
static const struct arg_bind ws_bind[] = {
    BIND(struct network_args, orgunit),	 BIND(struct network_args, orgname),
    BIND(struct network_args, locality), BIND(struct network_args, state),
    BIND(struct network_args, country),	 BIND(struct network_args, althost),
    BIND_END(struct network_args)};

static int set_hostname(struct session *s, const void *args, struct out *o)
{
	return set_network_field(s, o, NODE_HOSTNAME, "hostname", ((const struct network_args *)args)->host);
}

static int set_domain(struct session *s, const void *args, struct out *o)
{
	return set_network_field(s, o, NODE_DOMAIN, "domain", ((const struct network_args *)args)->domain);
}

static int set_ip(struct session *s, const void *args, struct out *o)
{
	return set_network_field(s, o, NODE_IP, "IP address", ((const struct network_args *)args)->addr);
}

static int show_web_security(struct session *s, const void *args, struct out *o)
{
	struct web_security ws = {0};
	struct err e;

	if (core_subject(&s->core, &ws, &e) != 0)
		return cmd_fail(o, &e);
	out_kv_begin(o, NULL);
	out_kv(o, "orgunit", "Organizational unit", ws.orgunit);
	out_kv(o, "orgname", "Organization", ws.orgname);
	out_kv(o, "locality", "Locality", ws.locality);
	out_kv(o, "state", "State", ws.state);
	out_kv(o, "country", "Country", ws.country);
	out_kv(o, "althost", "Alternate host name", ws.althost);
	out_kv_end(o);
	web_security_free(&ws);
	return UC_OK;
}

static int set_web_security(struct session *s, const void *args, struct out *o)
{
	const struct network_args *a = args;
	struct web_security ws = {
	    .orgunit = (char *)a->orgunit,
	    .orgname = (char *)a->orgname,
	    .locality = (char *)a->locality,
	    .state = (char *)a->state,
	    .country = (char *)a->country,
	    .althost = (char *)a->althost,
	};
	struct err e;

	/* COUNTRY left out keeps the current one. */
	if (core_subject_set(&s->core, &ws, &e) != 0)
		return cmd_fail(o, &e);
	out_msg(o, "Web-security subject fields set; new certificates and CSRs use them.");
	return UC_OK;
}

static const struct cmd_def network_cmds[] = {
    {"show network", show_network, PRIV_READ, 0, "The node's host name, domain and IP address", NULL, NULL,
     NULL},
    {"set network hostname HOST", set_hostname, PRIV_ADMIN, CMD_WRITE,
     "Set the node's host name (used in certificates and trust lists)", "set network hostname cucm-pub",
     host_bind, NULL},
    {"set network domain DOMAIN", set_domain, PRIV_ADMIN, CMD_WRITE, "Set the node's DNS domain",
     "set network domain example.com", domain_bind, NULL},
    {"set network ip ADDR", set_ip, PRIV_ADMIN, CMD_WRITE, "Set the node's IP address",
     "set network ip 192.0.2.10", addr_bind, NULL},
    {"show web-security", show_web_security, PRIV_READ, 0,
     "Subject fields used for self-signed certificates and CSRs", NULL, NULL, NULL},
    {"set web-security ORGUNIT ORGNAME LOCALITY STATE [COUNTRY [ALTHOST]]", set_web_security, PRIV_OPER,
     CMD_WRITE, "Set the subject fields for self-signed certificates and CSRs",
     "set web-security \"Voice,Video\" \"Example Inc\" Berlin Berlin DE", ws_bind, NULL},
};

static const struct kw_help network_kw[] = {
    {"set network", "The node's identity: host name, domain, IP address"},
    {"show network", "The node's host name, domain and IP address"},
    {NULL, NULL},
};

static const struct type_def type_host = {.name = "HOST",
					  .help = "host name: 1-63 letters, digits, hyphens",
					  .check = check_host,
					  .complete = NULL};
static const struct type_def type_domain = {
    .name = "DOMAIN", .help = "DNS domain, e.g. example.com", .check = check_domain, .complete = NULL};
static const struct type_def type_addr = {
    .name = "ADDR", .help = "IPv4 or IPv6 address", .check = check_addr, .complete = NULL};
static const struct type_def type_orgunit = {
    .name = "ORGUNIT",
    .help = "organizational unit(s): ',' separates units, '\\,' is a literal comma",
    .check = check_ou,
    .complete = NULL};
static const struct type_def type_orgname = {.name = "ORGNAME",
					     .help = "organization name, 1-64 characters",
					     .check = check_orgname,
					     .complete = NULL};
static const struct type_def type_locality = {
    .name = "LOCALITY", .help = "locality (city), 1-128 characters", .check = check_place, .complete = NULL};
static const struct type_def type_state = {
    .name = "STATE", .help = "state or province, 1-128 characters", .check = check_place, .complete = NULL};
static const struct type_def type_country = {
    .name = "COUNTRY", .help = "two-letter country code, e.g. US", .check = check_country, .complete = NULL};
static const struct type_def type_althost = {
    .name = "ALTHOST",
    .help = "alternate host name (FQDN) added as a subject alternative name",
    .check = check_domain,
    .complete = NULL};

static const struct type_def *const network_types[] = {
    &type_host,	    &type_domain, &type_addr,	 &type_orgunit, &type_orgname,
    &type_locality, &type_state,  &type_country, &type_althost, NULL,
};

const struct cmd_family network_family = CMD_FAMILY("network", network_cmds, network_kw, network_types);
