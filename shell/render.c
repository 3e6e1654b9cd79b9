/* Filters (| include, | exclude, | count) and the pager: separate from the
 * writers, applied to what a writer rendered. */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "shell/pager.h"
#include "shell/render.h"

/* Keeps the lines that pass every filter; with count, just their number. */
static int filter_text(struct out *o, char *text, const struct lex_filter *f, int nf, struct strbuf *dst)
{
	regex_t *re = calloc((size_t)nf + 1, sizeof(*re));
	int nre = 0, rc = UC_OK;
	long count = -1;
	char *line, *save = NULL;

	if (!re)
		abort();
	for (int i = 0; i < nf; i++) {
		if (f[i].kind == FILTER_COUNT) {
			count = 0;
			continue;
		}
		if (regcomp(&re[i], f[i].pattern, REG_EXTENDED | REG_NOSUB) != 0) {
			out_error(o, UC_USAGE, "Invalid regular expression \"%s\"", f[i].pattern);
			rc = UC_USAGE;
			nf = i;
			goto out;
		}
		nre = i + 1;
	}
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		bool keep = true;
		for (int i = 0; i < nf && keep; i++) {
			if (f[i].kind == FILTER_COUNT)
				continue;
			bool hit = regexec(&re[i], line, 0, NULL, 0) == 0;
			keep = f[i].kind == FILTER_INCLUDE ? hit : !hit;
		}
		if (!keep)
			continue;
		if (count >= 0)
			count++;
		else
			strbuf_addf(dst, "%s\n", line);
	}
	if (count >= 0)
		strbuf_addf(dst, "%ld\n", count);
out:
	for (int i = 0; i < nre; i++)
		if (f[i].kind != FILTER_COUNT)
			regfree(&re[i]);
	free(re);
	return rc;
}

int out_finish(struct out *o, const struct lex_filter *filters, int nfilters, bool page,
	       volatile sig_atomic_t *interrupt)
{
	struct strbuf rendered = STRBUF_INIT, text = STRBUF_INIT;
	int rc = UC_OK;

	if (nfilters && !out_line_oriented(o))
		return out_error(o, UC_USAGE,
				 "Output filters (| include, | exclude, | count) "
				 "work on text output only; use jq with --json");
	out_render(o, &rendered);
	if (nfilters) {
		rc = filter_text(o, rendered.buf, filters, nfilters, &text);
		strbuf_release(&rendered);
	} else {
		text = rendered;
	}
	if (rc == UC_OK && text.len) {
		if (page && out_line_oriented(o))
			pager_write(text.buf, text.len, interrupt);
		else
			fwrite(text.buf, 1, text.len, stdout);
	}
	strbuf_release(&text);
	return rc;
}
