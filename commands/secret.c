#include <ctype.h>
#include <stdio.h>

#include "commands/cmd.h"
#include "commands/secret.h"
#include "svc/files.h"

int cmd_read_secret(struct session *s, struct out *o, const char *file, const char *what, const char *option,
		    char *buf, size_t len)
{
	char prompt[80];
	struct err e;

	if (file) {
		if (core_file_read_secret(&s->core, file, buf, len, &e) != 0)
			return cmd_fail(o, &e);
		out_msg(o, "%s holds a secret: delete it with file delete %s when done.", file, file);
		return UC_OK;
	}
	if (!s->ask_secret)
		return out_error(o, UC_USAGE,
				 "The %s is needed: add %s FILE (it is asked in an interactive session)",
				 what, option);
	snprintf(prompt, sizeof(prompt), "%c%s: ", toupper((unsigned char)what[0]), what + 1);
	if (s->ask_secret(s, prompt, buf, len) != 0 || !*buf)
		return out_error(o, UC_FAIL, "No %s given; nothing was changed", what);
	return UC_OK;
}
