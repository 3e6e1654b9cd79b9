#include <time.h>

#include "util/timefmt.h"

static struct tm utc(long long when)
{
	time_t t = (time_t)when;
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm;
}

void time_date(long long when, char *buf, size_t len)
{
	struct tm tm = utc(when);

	strftime(buf, len, "%Y-%m-%d", &tm);
}

void time_iso(long long when, char *buf, size_t len)
{
	struct tm tm = utc(when);

	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool time_parse_date(const char *in, time_t *out)
{
	struct tm tm = {0};
	const char *end;

	if (!(end = strptime(in, "%Y-%m-%d", &tm)))
		return false;
	if (*end) {
		const char *e2 = strptime(end, "T%H:%M:%SZ", &tm);
		if (!e2 || *e2) {
			tm.tm_sec = 0;
			if (!(e2 = strptime(end, "T%H:%MZ", &tm)) || *e2)
				return false;
		}
	}
	*out = timegm(&tm);
	return *out != (time_t)-1;
}
