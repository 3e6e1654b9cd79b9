#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "shell/audit.h"
#include "store/audit.h"
#include "svc/audit.h"
#include "util/strbuf.h"

static bool is_secret(const struct args *a, int word)
{
	for (int i = 0; a && i < a->n; i++)
		if (a->v[i].word == word && a->v[i].type && a->v[i].type->secret)
			return true;
	return false;
}

static void add_quoted(struct strbuf *b, const char *w)
{
	if (*w && !strpbrk(w, " \t\"'\\|#?")) {
		strbuf_adds(b, w);
		return;
	}
	strbuf_addc(b, '"');
	for (; *w; w++) {
		if (*w == '"' || *w == '\\')
			strbuf_addc(b, '\\');
		strbuf_addc(b, *w);
	}
	strbuf_addc(b, '"');
}

char *audit_line(char *const *words, int nwords, const struct args *a)
{
	struct strbuf b = STRBUF_INIT;

	for (int i = 0; i < nwords; i++) {
		if (i)
			strbuf_addc(&b, ' ');
		if (is_secret(a, i))
			strbuf_adds(&b, "****");
		else
			add_quoted(&b, words[i]);
	}
	return strbuf_detach(&b);
}

/* Without a syslog socket, glibc tries to connect again on every message:
 * a batch of 10,000 lines would pay 10,000 failed connects. */
static bool syslog_present;

void audit_open_syslog(void)
{
	syslog_present = access(_PATH_LOG, F_OK) == 0;
	if (syslog_present)
		openlog("ucsh", LOG_PID, LOG_AUTHPRIV);
}

int audit_record(struct session *s, const char *line, int status, bool in_tx)
{
	const char *source = s->interactive ? "interactive" : "batch";

	if (syslog_present)
		syslog(LOG_AUTHPRIV | (status == 0 ? LOG_INFO : LOG_NOTICE),
		       "account=%s source=%s status=%d line=%s", s->account, source, status, line);
	if (!in_tx)
		return core_audit_append(&s->core, s->account, source, status, line);
	/* Rows pending from commands that changed nothing go first. */
	if (s->audit_lock < 0 && (s->audit_lock = core_audit_take(&s->core)) == -2) {
		s->audit_lock = -1;
		return -1;
	}
	return store_audit_add(s->store, s->account, source, line, status) == STORE_OK ? 0 : -1;
}

void audit_settle(struct session *s, bool committed)
{
	core_audit_release(s->audit_lock, committed);
	s->audit_lock = -1;
}
