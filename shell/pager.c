#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "shell/pager.h"

enum key { KEY_PAGE, KEY_LINE, KEY_QUIT };

static const char more[] = "--More--";

/* Screen rows one line of text takes when wrapped at cols. */
static int rows_of(const char *line, size_t len, int cols)
{
	size_t width = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)line[i] & 0xc0) != 0x80)
			width++;
	return width == 0 ? 1 : (int)((width + (size_t)cols - 1) / (size_t)cols);
}

static enum key read_key(void)
{
	struct termios old, raw;
	enum key k = KEY_QUIT;
	unsigned char c;

	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return KEY_QUIT;
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG); /* Ctrl-C arrives as a key */
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	while (read(STDIN_FILENO, &c, 1) == 1) {
		if (c == ' ') {
			k = KEY_PAGE;
			break;
		}
		if (c == '\r' || c == '\n') {
			k = KEY_LINE;
			break;
		}
		if (c == 'q' || c == 'Q' || c == 3 /* Ctrl-C */) {
			k = KEY_QUIT;
			break;
		}
	}
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	return k;
}

void pager_write(const char *text, size_t len, volatile sig_atomic_t *interrupt)
{
	struct winsize ws = {0};
	int rows = 24, cols = 80, used = 0, budget;
	const char *p = text, *end = text + len;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 1) {
		rows = ws.ws_row;
		cols = ws.ws_col ? ws.ws_col : 80;
	}
	budget = rows - 1; /* the last row holds --More-- */
	while (p < end && !(interrupt && *interrupt)) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		int need = rows_of(p, nl ? n - 1 : n, cols);
		if (used + need > budget && used > 0) {
			enum key k;
			fputs(more, stdout);
			fflush(stdout);
			k = read_key();
			fputs("\r        \r", stdout); /* erase --More-- */
			if (k == KEY_QUIT)
				break;
			budget = k == KEY_PAGE ? rows - 1 : need;
			used = 0;
		}
		fwrite(p, 1, n, stdout);
		used += need;
		p += n;
	}
	fflush(stdout);
}
