/* Validators for host names, domains and addresses, shared by the families
 * whose parameters carry them. */
#ifndef UCSH_NAMES_H
#define UCSH_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* One DNS label: 1-63 letters, digits, hyphens; no hyphen at either end. */
bool name_is_label(const char *s);
/* Dotted DNS name of labels, at most 253 characters. */
bool name_is_domain(const char *s);
/* An IPv4 or IPv6 address; *canon gets its normal written form. */
bool name_is_address(const char *s, char *canon, size_t canonlen);

#endif
