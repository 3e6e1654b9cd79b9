#include "commands/notices.h"

void notice_change(struct out *o, const struct strbuf *restart, bool ctl_stale, const char *unit)
{
	if (restart->len)
		out_msg(o, "Restart to use it: %s (utils service restart SERVICE).", restart->buf);
	if (ctl_stale)
		out_warn(o,
			 "the cluster is in mixed mode: run utils ctl update CTLFile so phones get the new "
			 "%s certificate",
			 unit);
}
