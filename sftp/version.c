#include "sftp/version.h"
#include "sftp/libssh.h"

const char *sftp_library_version(void)
{
	const struct libssh_api *ssh = libssh_loaded();

	/* Loading libssh just to print its version would cost every `show
	 * version` the start-up we avoid; until an SFTP command has loaded it,
	 * report the version ucsh was built with, and say so. */
	if (ssh)
		return ssh->version(0);
	return SSH_STRINGIFY(LIBSSH_VERSION) " (built with; loaded on demand)";
}
