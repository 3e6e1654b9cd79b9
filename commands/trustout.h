/* A trust import's report: one row per certificate, then the counts. */
#ifndef UCSH_TRUSTOUT_H
#define UCSH_TRUSTOUT_H

#include "out/out.h"
#include "svc/trust.h"

void trust_report_out(struct out *o, const char *key, const char *unit, const struct trust_report *r);

#endif
