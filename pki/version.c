/* The OpenSSL version without loading libcrypto: the one ucsh was built
 * with until the PKI core is loaded, then the one in use. */
#include <openssl/opensslv.h>

#include "pki/api.h"
#include "pki/plugin.h"
#include "pki/version.h"

const char *pki_library_version(void)
{
	if (pki_plugin_loaded())
		return pki_api()->openssl_version();
	return OPENSSL_VERSION_TEXT " (built with; loaded on demand)";
}
