/* OpenSSL's FIPS provider, when the system has one (Debian 12's OpenSSL
 * ships none): found through the configuration OpenSSL reads, never
 * assumed. */
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <stdio.h>

#include "pki/pki_int.h"

int pki_fips_provider(bool activate, char *desc, size_t len)
{
	OSSL_PROVIDER *fips = OSSL_PROVIDER_try_load(NULL, "fips", 1);
	const char *name = NULL, *version = NULL;
	OSSL_PARAM q[] = {OSSL_PARAM_utf8_ptr("name", &name, 0), OSSL_PARAM_utf8_ptr("version", &version, 0),
			  OSSL_PARAM_END};

	if (!fips) {
		snprintf(desc, len, "no FIPS provider is installed for OpenSSL %s",
			 OpenSSL_version(OPENSSL_VERSION_STRING));
		return 0;
	}
	OSSL_PROVIDER_get_params(fips, q);
	snprintf(desc, len, "%s %s", name ? name : "OpenSSL FIPS Provider", version ? version : "");
	if (!activate) {
		OSSL_PROVIDER_unload(fips);
		return 1;
	}
	/* From now on every algorithm fetched must come from it. */
	if (!OSSL_PROVIDER_try_load(NULL, "base", 1) || EVP_default_properties_enable_fips(NULL, 1) != 1) {
		snprintf(desc, len, "the FIPS provider is installed but could not be made the only one");
		return 0;
	}
	return 1;
}
