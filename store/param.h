/* Stored parameter values. Definitions, types and defaults live in the
 * settings registry (svc/settings.c); only values that differ from the default
 * are stored. */
#ifndef UCSH_STORE_PARAM_H
#define UCSH_STORE_PARAM_H

#include "store/store.h"

/* *value is malloc'd; STORE_NOTFOUND when the parameter has its default. */
int store_param_get(struct store *st, const char *scope, const char *name, char **value);
int store_param_set(struct store *st, const char *scope, const char *name, const char *value);
/* Back to the default: removes the stored value. */
int store_param_clear(struct store *st, const char *scope, const char *name);

/* The same for a parameter each node of a cluster sets for itself (service
 * parameters: the appliance sets them per server); cluster database only. */
int store_node_param_get(struct store *st, const char *node, const char *scope, const char *name,
			 char **value);
int store_node_param_set(struct store *st, const char *node, const char *scope, const char *name,
			 const char *value);
int store_node_param_clear(struct store *st, const char *node, const char *scope, const char *name);

/* DDL of parameters (migration 1). */
extern const char store_param_ddl[];
/* Migration 7: CAPF certificate validity from days to years, rounded up. */
extern const char store_param_capf_years_ddl[];

#endif
