#include <openssl/crypto.h>

#include "pki/version.h"

const char *pki_library_version(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}
