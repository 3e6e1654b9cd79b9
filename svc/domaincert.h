/* A domain's certificate on this node (issue 18): uploaded, shown,
 * deleted. It must name the domain and match the key of the CSR in
 * progress, or an uploaded unencrypted key when the CSR was made
 * elsewhere; its chain must verify against tomcat-trust (RFC 5280). */
#ifndef UCSH_CORE_DOMAINCERT_H
#define UCSH_CORE_DOMAINCERT_H

#include <stdbool.h>

#include "pki/pki.h"
#include "svc/core.h"

struct domain_upload {
	char issuer[256];
	char key_desc[32];
	bool key_from_csr; /* else the uploaded key */
	int intermediates;
};

int core_domain_cert_upload(struct core *c, const char *name, const char *file, const char *key_file,
			    struct domain_upload *r, struct err *e);
/* ERR_NOTFOUND when the domain has no certificate on this node. */
int core_domain_cert(struct core *c, const char *name, char **pem, struct pki_facts *f, struct err *e);
int core_domain_cert_delete(struct core *c, const char *name, struct err *e);

#endif
