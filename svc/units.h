/* The node's certificate units (DESIGN §7): own units with their key and
 * trust store, and the trust units. */
#ifndef UCSH_CORE_UNITS_H
#define UCSH_CORE_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include "pki/pki.h"

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
	bool names_node;      /* serves the node's name: its certificate must name the node */
};

extern const struct unit_def units[];
extern const size_t nunits;
extern const char *const trust_units[];
extern const size_t ntrust_units;

const struct unit_def *unit_find(const char *name);

/* Index of in among n names (name_of(i)), ignoring case; an exact name wins
 * over a unique prefix. -1 when none or ambiguous; err (may be NULL) then
 * says "<what> a b c" or "ambiguous: a b c". */
int unit_lookup(const char *in, const char *(*name_of)(size_t), size_t n, char *err, size_t errlen,
		const char *what);
const char *unit_name(size_t i);
const char *trust_unit_name(size_t i);

#endif
