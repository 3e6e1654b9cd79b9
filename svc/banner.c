#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node/deploy.h"
#include "svc/banner.h"
#include "svc/files.h"
#include "svc/settings.h"
#include "util/utf8.h"

/* A control character other than tab and line ends (ESC starts the
 * sequences that move a terminal's cursor or retitle its window), DEL, or
 * a C1 control (U+0080-U+009F, two bytes: C2 80-9F). */
static bool control_at(const unsigned char *p, size_t left)
{
	if (*p < 0x20)
		return *p != '\t' && *p != '\n' && *p != '\r';
	if (*p == 0x7f)
		return true;
	return *p == 0xc2 && left > 1 && p[1] >= 0x80 && p[1] <= 0x9f;
}

bool banner_text_valid(const char *data, size_t len, char *why, size_t wlen)
{
	size_t bad, line = 1;

	if (len > BANNER_MAX) {
		snprintf(why, wlen, "it has %zu bytes; a banner has at most %d", len, BANNER_MAX);
		return false;
	}
	if (strlen(data) != len) {
		snprintf(why, wlen, "it holds a NUL byte; a banner is printable UTF-8 text");
		return false;
	}
	if (!utf8_valid(data, &bad)) {
		snprintf(why, wlen, "it is not UTF-8 (byte %zu); save it as UTF-8 text", bad + 1);
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n')
			line++;
		if (control_at((const unsigned char *)data + i, len - i)) {
			snprintf(
			    why, wlen,
			    "line %zu holds a control character (0x%02x); allowed: printable text, tabs and "
			    "line ends",
			    line, (unsigned char)data[i]);
			return false;
		}
	}
	if (strspn(data, " \t\r\n") == len) {
		snprintf(why, wlen, "it is empty; delete banner removes a banner");
		return false;
	}
	return true;
}

static bool txt_name(const char *file)
{
	size_t n = strlen(file);

	return n > 4 && strcmp(file + n - 4, ".txt") == 0;
}

/* Line ends as Unix has them, and exactly one at the end. */
static char *normalised(const char *data)
{
	size_t n = strlen(data), j = 0;
	char *out = malloc(n + 2);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!(data[i] == '\r' && data[i + 1] == '\n'))
			out[j++] = data[i] == '\r' ? '\n' : data[i];
	while (j && out[j - 1] == '\n')
		j--;
	out[j++] = '\n';
	out[j] = 0;
	return out;
}

int core_banner_set(struct core *c, const char *file, int *lines, struct err *e)
{
	unsigned char *data = NULL;
	char why[200], *text;
	size_t len;
	int rc;

	if (!txt_name(file))
		return err_set(e, ERR_INVALID, "%s: a banner is a .txt file", file);
	/* Read more than a banner may hold, to say what is wrong with it. */
	if (core_file_read(c, file, 1 << 20, &data, &len, e) != 0)
		return -1;
	if (len > BANNER_MAX) {
		free(data);
		return err_set(e, ERR_INVALID, "%s is too large: a banner has at most %d bytes", file,
			       BANNER_MAX);
	}
	if (!banner_text_valid((char *)data, len, why, sizeof(why))) {
		free(data);
		return err_set(e, ERR_INVALID, "%s cannot be the banner: %s", file, why);
	}
	text = normalised((char *)data);
	free(data);
	if (!text)
		return err_set(e, ERR_FAIL, "out of memory");
	*lines = 0;
	for (const char *p = text; *p; p++)
		*lines += *p == '\n';
	rc = setting_set(c, "banner", "text", text, e);
	free(text);
	if (rc == 0)
		c->fx.banner = true;
	return rc;
}

int core_banner_delete(struct core *c, struct err *e)
{
	char *text = setting_text(c, "banner", "text");
	bool none = text && !*text;

	free(text);
	if (none)
		return err_set(e, ERR_NOTFOUND, "There is no banner");
	if (setting_set(c, "banner", "text", "", e) != 0)
		return -1;
	c->fx.banner = true;
	return 0;
}

int core_banner_acknowledge(struct core *c, bool on, struct err *e)
{
	return setting_set(c, "banner", "acknowledge", on ? "on" : "off", e);
}

int core_banner_get(struct core *c, struct banner *b, struct err *e)
{
	char *ack = setting_text(c, "banner", "acknowledge");

	b->text = setting_text(c, "banner", "text");
	if (!b->text || !ack) {
		free(ack);
		banner_free(b);
		return err_set(e, ERR_FAIL, "Cannot read the banner");
	}
	b->acknowledge = strcmp(ack, "on") == 0;
	free(ack);
	if (!*b->text) {
		free(b->text);
		b->text = NULL;
	}
	return 0;
}

void banner_free(struct banner *b)
{
	free(b->text);
	b->text = NULL;
}

int core_banner_render(struct core *c, struct err *e)
{
	char *text = setting_text(c, "banner", "text");
	const char *dir = c->config->deploy_dir;
	int rc = 0;

	if (!text)
		return err_set(e, ERR_FAIL, "Cannot read the banner");
	if (!*text) {
		if (deploy_remove(dir, BANNER_FILE, e->msg, sizeof(e->msg)) != 0)
			rc = err_set(e, ERR_FAIL, "%s", e->msg);
	} else if (deploy_write(dir, BANNER_FILE, text, strlen(text), c->config->deploy_group ? 0640 : 0600,
				c->config->deploy_group, e->msg, sizeof(e->msg)) != 0) {
		rc = err_set(e, ERR_FAIL, "%s", e->msg);
	}
	free(text);
	return rc;
}
