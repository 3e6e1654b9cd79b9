#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <editline/readline.h>

#include "shell/repl.h"
#include "shell/run.h"

int repl_run(struct session *s)
{
	char prompt[128];
	char *line;
	int last = 0;

	snprintf(prompt, sizeof(prompt), "%s:", s->account);
	while (!s->quit && (line = readline(prompt)) != NULL) {
		last = run_line(s, line, "", NULL);
		free(line);
	}
	if (!s->quit)
		fputc('\n', stdout);
	(void)last; /* an interactive session ends well however its last command did */
	return 0;
}
