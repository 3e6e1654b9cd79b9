/* The SERVICE parameter type. */
#include <stdlib.h>
#include <string.h>

#include "commands/service_type.h"
#include "svc/services.h"

static bool check_service(const struct check_in *c, const char *in, struct value *v)
{
	const struct service_def *sv = service_find(in, v->err, sizeof(v->err));

	if (!sv)
		return false;
	v->canon = strdup(sv->id);
	v->ptr = sv;
	return true;
}

static void complete_service(struct session *s, struct strlist *out)
{
	for (size_t i = 0; i < nservices; i++)
		strlist_add(out, services[i].id);
}

const struct type_def service_type = {
    .name = "SERVICE",
    .help = "service: short id or name, with or without \"Cisco \", or a unique prefix",
    .check = check_service,
    .kind = VAL_PTR,
    .complete = complete_service};
