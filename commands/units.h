/* The node's certificate units (DESIGN §7): own units with their key and
 * trust store, and the trust units. */
#ifndef UCSH_UNITS_H
#define UCSH_UNITS_H

#include <stddef.h>

#include "pki/pki.h"
#include "shell/cmd.h"

enum unit_cn { CN_FQDN, CN_FQDN_EC, CN_ITLRECOVERY, CN_CAPF };

struct unit_def {
	const char *name;  /* tomcat */
	const char *trust; /* tomcat-trust */
	enum pki_key_type key;
	int bits;
	enum pki_profile profile;
	int days; /* self-signed validity */
	enum unit_cn cn;
	bool rsa_only;	      /* signs CTL/ITL files: must stay RSA */
	const char *services; /* service ids that use it, ',' separated */
};

extern const struct unit_def units[];
extern const size_t nunits;
extern const char *const trust_units[];
extern const size_t ntrust_units;

const struct unit_def *unit_find(const char *name);
const char *trust_unit_find(const char *name);

extern const struct type_def unit_type;
extern const struct type_def trust_unit_type;

#endif
