/* The UNIT and TRUST_UNIT parameter types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/unit_types.h"
#include "core/units.h"

static bool check_unit(struct session *s, const struct type_def *t, long min, long max, const char *in,
		       char **canon, char *err, size_t errlen)
{
	int i = unit_lookup(in, unit_name, nunits, err, errlen, "one of");

	if (i < 0)
		return false;
	*canon = strdup(units[i].name);
	return true;
}

static bool check_trust(struct session *s, const struct type_def *t, long min, long max, const char *in,
			char **canon, char *err, size_t errlen)
{
	int i = unit_lookup(in, trust_unit_name, ntrust_units, err, errlen, "one of");

	if (i < 0)
		return false;
	*canon = strdup(trust_units[i]);
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
				   .complete = complete_units};
const struct type_def trust_unit_type = {.name = "TRUST_UNIT",
					 .help = "trust store, e.g. tomcat-trust, CallManager-trust",
					 .check = check_trust,
					 .complete = complete_trust};
