/* The SERVICE parameter type. */
#include <stdlib.h>
#include <string.h>

#include "commands/service_type.h"
#include "core/services.h"

static bool check_service(struct session *s, const struct type_def *t, long min, long max, const char *in,
			  char **canon, char *err, size_t errlen)
{
	const struct service_def *sv = service_find(in, err, errlen);

	if (!sv)
		return false;
	*canon = strdup(sv->id);
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
    .complete = complete_service};
