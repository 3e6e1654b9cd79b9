/* A minimal test harness: CHECK counts, main() ends with unit_summary(),
 * whose last line is "N passed, N failed". */
#ifndef UCSH_UNIT_H
#define UCSH_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed;

#define CHECK(cond)                                                                                          \
	do {                                                                                                 \
		if (cond) {                                                                                  \
			unit_passed++;                                                                       \
		} else {                                                                                     \
			unit_failed++;                                                                       \
			printf("not ok - %s:%d: %s\n", __FILE__, __LINE__, #cond);                           \
		}                                                                                            \
	} while (0)

#define CHECK_STR(a, b)                                                                                      \
	do {                                                                                                 \
		const char *a_ = (a), *b_ = (b);                                                             \
		if (a_ && b_ && strcmp(a_, b_) == 0) {                                                       \
			unit_passed++;                                                                       \
		} else {                                                                                     \
			unit_failed++;                                                                       \
			printf("not ok - %s:%d: %s == \"%s\" (got \"%s\")\n", __FILE__, __LINE__, #a,        \
			       b_ ? b_ : "(null)", a_ ? a_ : "(null)");                                      \
		}                                                                                            \
	} while (0)

static inline int unit_summary(const char *name)
{
	printf("# %s\n%d passed, %d failed\n", name, unit_passed, unit_failed);
	return unit_failed ? 1 : 0;
}

#endif
