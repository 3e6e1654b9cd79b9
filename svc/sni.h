/* Which certificate a TLS client gets for the name it sends (the
 * multitenant Expressway's SNI rules): a domain certificate that names it,
 * else the server certificate when it names it or no name was sent; a name
 * neither matches gets the server certificate over HTTPS and error #112
 * "Unrecognized Name" over SIP and XMPP. */
#ifndef UCSH_CORE_SNI_H
#define UCSH_CORE_SNI_H

#include <stdbool.h>
#include <stddef.h>

#include "pki/pki.h"
#include "svc/core.h"

enum sni_protocol { SNI_HTTPS, SNI_SIP, SNI_XMPP };

enum sni_verdict {
	SNI_DOMAIN,	      /* a domain certificate names it */
	SNI_SERVER,	      /* the server certificate names it */
	SNI_NO_NAME,	      /* no SNI: the server certificate */
	SNI_FALLBACK,	      /* https, nothing names it: the server certificate */
	SNI_UNRECOGNIZED_NAME /* sip, xmpp, nothing names it: TLS alert 112 */
};

struct sni_choice {
	enum sni_verdict verdict;
	char domain[256];      /* SNI_DOMAIN: which */
	struct pki_facts cert; /* what the client gets (not for SNI_UNRECOGNIZED_NAME) */
};

int core_sni_resolve(struct core *c, const char *host, enum sni_protocol p, struct sni_choice *out,
		     struct err *e);
/* The SNI name an endpoint sends for DNS host dns_host in service domain
 * domain: the host unchanged when its domain is the service domain, else
 * its first label in the service domain. ERR_INVALID for a bad name. */
int sni_client_name(const char *dns_host, const char *domain, char *out, size_t len, struct err *e);

#endif
