#ifndef UCSH_ACCOUNT_H
#define UCSH_ACCOUNT_H

struct session;

/* Idle minutes after which an interactive session ends. */
long account_session_timeout(struct session *s);

#endif
