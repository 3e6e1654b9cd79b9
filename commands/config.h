/* show config's parts (commands/config.c writes the batch file). */
#ifndef UCSH_COMMANDS_CONFIG_H
#define UCSH_COMMANDS_CONFIG_H

#include "commands/session.h"
#include "util/strbuf.h"

/* prefix, then each word as the lexer reads it back, then a line end. */
void config_line(struct strbuf *sb, const char *prefix, const char *const *words, int n);
/* XMPP secure modes, TLS peer subjects and contexts, the banner's
 * acknowledgement; the security modes, the TLS minimum and SSO as
 * comments (they ask for confirmation or need a secret). */
int config_security(struct session *s, struct out *o, struct strbuf *sb);

#endif
