/* Loading the PKI core (ucsh-pki.so, which links libcrypto) on first use:
 * from the directory of the running binary (the build tree), else from
 * the installed package library directory. */
#ifndef UCSH_PKI_PLUGIN_H
#define UCSH_PKI_PLUGIN_H

#include <stdbool.h>

struct pki_api;

/* The loaded table; a binary whose PKI core cannot be loaded is broken:
 * it says so on stderr and exits 1. */
const struct pki_api *pki_api(void);
bool pki_plugin_loaded(void);

#endif
