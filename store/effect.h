/* What the files outside the store should be: a generation number per
 * target (a unit's deploy files, a trust bundle, ITLFile.tlv, CTLFile.tlv).
 * A change raises `want` in its own transaction; writing the files raises
 * `done`. A target with done < want is behind the store (svc/effects.c). */
#ifndef UCSH_STORE_EFFECT_H
#define UCSH_STORE_EFFECT_H

#include "store/store.h"

/* Inside the change's transaction. */
int store_effect_want(struct store *st, const char *target);
/* Raises target's wanted generation to gen (an outside counter: the
 * cluster's), never lowering it. */
int store_effect_want_at(struct store *st, const char *target, long long gen);
/* The current wanted generation of target (0 when never wanted). */
int store_effect_wanted(struct store *st, const char *target, long long *gen);
/* Records that the files of target reflect at least generation gen. */
int store_effect_done(struct store *st, const char *target, long long gen);
/* Calls fn for every target that is behind; stops when fn returns non-zero. */
int store_effect_behind(struct store *st, int (*fn)(const char *target, void *ctx), void *ctx);

extern const char store_effect_ddl[];

#endif
