/* libFuzzer target for the CTL/ITL parser and verifier: any bytes must give
 * a clean error or a verdict, never a crash or an out-of-bounds read. */
#include <stddef.h>
#include <stdint.h>

#include "pki/ctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_file f;
	char err[256];
	int signer;

	if (ctl_parse(data, size, &f, err, sizeof(err)) == 0) {
		ctl_verify(data, size, &f, &signer, err, sizeof(err));
		ctl_free(&f);
	}
	return 0;
}
