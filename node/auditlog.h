/* The pending audit log: rows of commands that changed nothing (reads,
 * refusals, failures) are appended here instead of being committed to the
 * store one by one, so a read costs one append and no write transaction.
 * The next write transaction (or show audit) moves them into the audit
 * table, in order, before its own row; a mutation's row always commits with
 * the mutation. Records carry a unique reference, so a move interrupted
 * after its commit cannot duplicate them. */
#ifndef UCSH_AUDITLOG_H
#define UCSH_AUDITLOG_H

#include <stdbool.h>

struct auditlog_rec {
	const char *ref;  /* unique: seconds.nanoseconds.pid */
	const char *time; /* YYYY-MM-DDTHH:MM:SSZ */
	const char *account;
	const char *source;
	int status;
	const char *line;
};

/* Appends one record to STATE/audit.pending (one write under a shared
 * lock). Returns 0, or -1 with errno set. */
int auditlog_append(const char *state_dir, const char *account, const char *source, int status,
		    const char *line);

/* Calls fn for every pending record, oldest first, holding the log's
 * exclusive lock; returns the lock (a descriptor, -1 when there is nothing
 * pending) for auditlog_done once the records are committed, or -2 when the
 * log cannot be read or fn failed. */
int auditlog_take(const char *state_dir, int (*fn)(const struct auditlog_rec *r, void *ctx), void *ctx);
/* After the commit: empties the log and releases the lock. With commit
 * false the records stay pending. */
void auditlog_done(int lock, bool commit);

#endif
