/* Accounts: OS login names and their privilege levels (DESIGN §5). */
#ifndef UCSH_STORE_ACCOUNT_H
#define UCSH_STORE_ACCOUNT_H

#include "store/store.h"

/* STORE_NOTFOUND when the account does not exist. */
int store_account_level(struct store *st, const char *name, int *level);

#endif
