#include "commands/cmd.h"
#include "node/filearea.h"

const char *priv_name(int level)
{
	return level >= PRIV_ADMIN ? "administrator" : level >= PRIV_OPER ? "operator" : "read-only";
}

int cmd_fail(struct out *o, const struct err *e)
{
	return out_error(o, e->code == ERR_INVALID ? UC_USAGE : UC_FAIL, "%s", e->msg);
}

int cmd_file_fail(struct out *o, int fa_rc, const char *msg)
{
	return out_error(o, fa_rc == FA_INVALID ? UC_USAGE : UC_FAIL, "%s", msg);
}
