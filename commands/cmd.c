#include "commands/cmd.h"

const char *priv_name(int level)
{
	return level >= PRIV_ADMIN ? "administrator" : level >= PRIV_OPER ? "operator" : "read-only";
}

int cmd_fail(struct out *o, const struct err *e)
{
	return out_error(o, e->code == ERR_INVALID ? UC_USAGE : UC_FAIL, "%s", e->msg);
}
