/* Reading trust-list files as a phone or CTI client would: the node's own
 * CTLFile.tlv / ITLFile.tlv, or a file from the file area, with the
 * signature verdict and the update rule (a new list must be signed by a
 * SAST of the previous one; a first list is trusted on first use). */
#ifndef UCSH_CTLFILE_H
#define UCSH_CTLFILE_H

#include <stdbool.h>
#include <time.h>

#include "pki/ctl.h"
#include "svc/core.h"

struct ctl_view {
	unsigned char *buf; /* the file; f points into it */
	struct ctl_file f;
	int signer; /* the record whose key signed the file, -1 when none */
	bool valid;
	char reason[300];
	char md5[64], sha1[80];
	size_t len;
	time_t mtime; /* 0 when not known */
};

/* name (CTL_NAME or ITL_NAME) from the TFTP directory; ERR_NOTFOUND when
 * there is none. */
int ctlfile_read_tftp(struct core *c, const char *name, struct ctl_view *v, struct err *e);
void ctl_view_free(struct ctl_view *v);

/* Whether a client accepts file (an update of previous when given), and
 * why; the files come from the file area. */
int ctlfile_judge(struct core *c, const char *file, const char *previous, bool *accepted, char *reason,
		  size_t len, struct err *e);

/* "SHA-512", ...; an ctl_bytes value as upper-case hex. */
const char *ctlfile_hash_name(int hash);
void ctlfile_hex(const struct ctl_bytes *b, char *out, size_t len);

#endif
