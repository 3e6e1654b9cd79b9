/* Accounts: OS login names and their privilege levels (DESIGN §5). */
#ifndef UCSH_STORE_ACCOUNT_H
#define UCSH_STORE_ACCOUNT_H

#include "store/store.h"

struct account_row {
	char *name;
	int level;
	char *created;
};

/* STORE_NOTFOUND when the account does not exist. */
int store_account_level(struct store *st, const char *name, int *level);
int store_account_add(struct store *st, const char *name, int level);
int store_account_set_level(struct store *st, const char *name, int level);
int store_account_delete(struct store *st, const char *name);
int store_account_count_level(struct store *st, int level, int *count);
int store_account_list(struct store *st, struct account_row **rows, int *count);
void account_rows_free(struct account_row *rows, int count);

/* DDL of accounts (migration 1). */
extern const char store_account_ddl[];

#endif
