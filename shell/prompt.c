#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "shell/prompt.h"
#include "util/strbuf.h"

static int ask_secret(struct session *s, const char *prompt, char *buf, size_t len)
{
	struct termios old, quiet;
	bool ok;

	(void)s;
	fputs(prompt, stdout);
	fflush(stdout);
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ICANON;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	ok = fgets(buf, (int)len, stdin) != NULL;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stdout);
	if (!ok)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static char *read_paste(struct session *s, const char *prompt)
{
	struct strbuf b = STRBUF_INIT;
	char line[4096];
	size_t total = 0;

	(void)s;
	puts(prompt);
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		if (line[0] == '\n' || (line[0] == '\r' && line[1] == '\n'))
			break;
		total += strlen(line);
		if (total > 1024 * 1024)
			break;
		strbuf_adds(&b, line);
	}
	return strbuf_detach(&b);
}

static bool ask_yes(struct session *s, const char *question)
{
	char line[64];

	(void)s;
	printf("%s (yes/no)? ", question);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, "yes") == 0;
}

/* "label [##########          ] 50%", redrawn in place; a new line at 100%. */
static void progress(struct session *s, const char *label, size_t done, size_t total)
{
	int width = 30, filled = total ? (int)((double)done / (double)total * width) : width;

	(void)s;
	printf("\r%-40.40s [%.*s%*s] %3d%%", label, filled, "##############################", width - filled,
	       "", total ? (int)((double)done * 100 / (double)total) : 100);
	if (done >= total)
		putchar('\n');
	fflush(stdout);
}

void prompt_install(struct session *s)
{
	s->ask_secret = ask_secret;
	s->read_paste = read_paste;
	s->ask_yes = ask_yes;
	s->progress = progress;
}
