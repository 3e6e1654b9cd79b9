/* The UNIT and TRUST_UNIT parameter types. */
#ifndef UCSH_UNIT_TYPES_H
#define UCSH_UNIT_TYPES_H

#include "commands/cmd.h"

#include "svc/units.h"

extern const struct type_def unit_type;
extern const struct type_def trust_unit_type;

/* The arguments "[key {rsa|ec}$key [size INT$size]] [digest {...}$digest]"
 * of regen and CSR generation, as the PKI core takes them. */
enum pki_digest digest_arg(const char *digest);
/* Whether a key was asked for; *spec then holds it (default sizes 2048 and
 * P-256), else the unit's own key type. */
bool key_arg(const struct unit_def *u, const char *key, const long *size, struct pki_keyspec *spec);

#endif
