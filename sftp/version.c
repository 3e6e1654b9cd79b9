#include <libssh/libssh.h>

#include "sftp/version.h"

const char *sftp_library_version(void)
{
	return ssh_version(0);
}
