/* Schema migrations, keyed on PRAGMA user_version. Migration N brings the
 * schema from version N-1 to N; they are applied in order, each in its own
 * transaction, and never edited once released: add a new one instead.
 * Each entity's DDL lives beside its store module; this file only orders
 * them. */
#include <stdio.h>

#include "store/account.h"
#include "store/capf.h"
#include "store/domain.h"
#include "store/audit.h"
#include "store/bulk.h"
#include "store/cert.h"
#include "store/effect.h"
#include "store/ipsec.h"
#include "store/node.h"
#include "store/param.h"
#include "store/secretfile.h"
#include "store/service.h"
#include "store/store_int.h"
#include "store/tlsctx.h"
#include "store/wirelog.h"
#include "store/user.h"

static const char *const *const migrations[] = {
    /* 1: node identity, subject fields, accounts, parameters */
    (const char *const[]){store_node_ddl, store_account_ddl, store_param_ddl, NULL},
    /* 2: audit trail and service state */
    (const char *const[]){store_audit_ddl, store_service_ddl, NULL},
    /* 3: certificates, own keys, pending requests */
    (const char *const[]){store_cert_ddl, NULL},
    /* 4: generations of the files outside the store (effects) */
    (const char *const[]){store_effect_ddl, NULL},
    /* 5: references of audit rows moved from the pending log */
    (const char *const[]){store_audit_ref_ddl, NULL},
    /* 6: file-area files read as secrets */
    (const char *const[]){store_secret_file_ddl, NULL},
    /* 7: CAPF certificate validity in years */
    (const char *const[]){store_param_capf_years_ddl, NULL},
    /* 8: application and end users, CTI security groups */
    (const char *const[]){store_user_ddl, NULL},
    /* 9: CAPF profiles, used authentication strings, LSCs */
    (const char *const[]){store_capf_ddl, NULL},
    /* 10: what the TVS service answered */
    (const char *const[]){store_wirelog_ddl, NULL},
    /* 11: IPsec policies */
    (const char *const[]){store_ipsec_ddl, NULL},
    /* 12: the bulk certificate exchange's server, login and password */
    (const char *const[]){store_bulk_ddl, NULL},
    /* 13: TLS peer subjects and contexts */
    (const char *const[]){store_tlsctx_ddl, NULL},
    /* 14: single sign-on per end user */
    (const char *const[]){store_user_sso_ddl, NULL},
    /* 15: edge domains */
    (const char *const[]){store_domain_ddl, NULL},
};

#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int store_schema_latest(void)
{
	return N_MIGRATIONS;
}

static int apply_one(struct store *st, int target)
{
	char sql[64];

	if (store_begin(st, true) != STORE_OK)
		return STORE_ERROR;
	/* Another session may have migrated while we waited for the lock. */
	if (store_schema_version(st) >= target) {
		store_rollback(st);
		return STORE_OK;
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", target);
	for (const char *const *ddl = migrations[target - 1]; *ddl; ddl++)
		if (st->be->exec(st, *ddl) != STORE_OK)
			goto fail;
	if (st->be->exec(st, sql) != STORE_OK) {
	fail:;
		char why[sizeof(st->err)];
		snprintf(why, sizeof(why), "%s", st->err);
		snprintf(st->err, sizeof(st->err), "migration %d: %.200s", target, why);
		store_rollback(st);
		return STORE_ERROR;
	}
	return store_commit(st);
}

int store_migrate(struct store *st)
{
	int v = store_schema_version(st);

	if (v < 0)
		return STORE_ERROR;
	for (int target = v + 1; target <= N_MIGRATIONS; target++)
		if (apply_one(st, target) != STORE_OK)
			return STORE_ERROR;
	return STORE_OK;
}
