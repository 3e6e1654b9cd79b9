/* The UNIT and TRUST_UNIT parameter types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands/unit_types.h"
#include "svc/units.h"

static bool check_unit(const struct check_in *c, const char *in, struct value *v)
{
	int i = unit_lookup(in, unit_name, nunits, v->err, sizeof(v->err), "one of");

	if (i < 0)
		return false;
	v->canon = strdup(units[i].name);
	v->ptr = &units[i];
	return true;
}

static bool check_trust(const struct check_in *c, const char *in, struct value *v)
{
	const struct unit_def *own = unit_find(in);

	/* "tomcat" is a prefix of "tomcat-trust", but it names the unit. */
	if (own && strcasecmp(own->name, in) == 0) {
		snprintf(v->err, sizeof(v->err), "%s is an own certificate unit; its trust store is %s",
			 own->name, own->trust);
		return false;
	}
	int i = unit_lookup(in, trust_unit_name, ntrust_units, v->err, sizeof(v->err), "one of");

	if (i < 0)
		return false;
	v->canon = strdup(trust_units[i]);
	return true;
}

static void complete_units(struct session *s, struct strlist *out)
{
	for (size_t i = 0; i < nunits; i++)
		strlist_add(out, units[i].name);
}

static void complete_trust(struct session *s, struct strlist *out)
{
	for (size_t i = 0; i < ntrust_units; i++)
		strlist_add(out, trust_units[i]);
}

const struct type_def unit_type = {.name = "UNIT",
				   .help = "own certificate unit, e.g. tomcat, CallManager, ipsec",
				   .check = check_unit,
				   .complete = complete_units,
				   .kind = VAL_PTR};
const struct type_def trust_unit_type = {.name = "TRUST_UNIT",
					 .help = "trust store, e.g. tomcat-trust, CallManager-trust",
					 .check = check_trust,
					 .complete = complete_trust};

enum pki_digest digest_arg(const char *digest)
{
	if (!digest)
		return PKI_DIGEST_DEFAULT;
	return strcmp(digest, "sha512") == 0   ? PKI_SHA512
	       : strcmp(digest, "sha384") == 0 ? PKI_SHA384
					       : PKI_SHA256;
}

bool key_arg(const struct unit_def *u, const char *key, const long *size, struct pki_keyspec *spec)
{
	*spec = (struct pki_keyspec){u->key, u->bits};
	if (!key)
		return false;
	spec->type = strcmp(key, "ec") == 0 ? PKI_KEY_EC : PKI_KEY_RSA;
	spec->bits = size ? (int)*size : spec->type == PKI_KEY_EC ? 256 : 2048;
	return true;
}
