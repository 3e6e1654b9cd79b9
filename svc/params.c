#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "svc/params.h"

int core_param_set(struct core *c, const struct setting_def *p, const char *value, struct param_change *r,
		   struct err *e)
{
	char *before = NULL;
	int rule = 0;

	memset(r, 0, sizeof(*r));
	if (p->read_only)
		return err_set(e, ERR_INVALID, "\"%s\" is set by %s, not directly", p->name, p->set_by);
	if (p->rule && (rule = p->rule(c, value, e)) < 0)
		return -1;
	if (rule > 0)
		snprintf(r->warning, sizeof(r->warning), "%s", e->msg);
	/* Only a setting a service reads at start needs the old value. */
	if (p->restart && !(before = setting_text(c, p->scope, p->id)))
		return err_set(e, ERR_FAIL, "Cannot read \"%s\": %s", p->name, store_errmsg(c->store));
	if (setting_put(c, p, value, &r->value, e) != 0) {
		free(before);
		return -1;
	}
	if (before && strcmp(before, r->value) != 0) {
		const struct service_def *sv = service_find(p->restart, NULL, 0);
		if (sv && service_mark_restart(c->store, sv->id, "parameter changed") == STORE_OK)
			r->restart = sv;
	}
	free(before);
	return 0;
}

void param_change_free(struct param_change *r)
{
	free(r->value);
	r->value = NULL;
}
