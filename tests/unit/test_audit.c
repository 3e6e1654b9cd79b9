/* Audit lines: rebuilt from words, quoted where needed, secrets masked. */
#include <stdlib.h>

#include "shell/audit.h"
#include "shell/grammar.h"
#include "shell/tree.h"
#include "unit.h"

static int noop(struct session *s, const void *args, struct out *o)
{
	return 0;
}

static bool any(const struct check_in *c, const char *in, struct value *v)
{
	return true;
}

static const struct type_def secret_type = {
    .name = "SECRET", .help = "a secret", .check = any, .secret = true};
static const struct type_def *const types[] = {&secret_type, NULL};
static const struct cmd_def cmds[] = {
    {"profile add WORD [auth-string SECRET] [note TEXT]", noop, 0, 0, "x", NULL, NULL, NULL},
};
static const struct cmd_family fam = CMD_FAMILY("t", cmds, NULL, types);
static const struct cmd_family *const fams[] = {&fam};

static char *masked(struct grammar *g, char **words, int n)
{
	struct tree_match m;
	char *line = NULL;

	if (tree_match(NULL, g, words, n, &m) == TREE_OK)
		line = audit_line(words, n, &m.args);
	tree_match_free(&m);
	return line;
}

int main(void)
{
	struct grammar g;
	char err[256], *line;
	char *w1[] = {"profile", "add", "p1", "auth-string", "123456", "note", "two words"};
	char *w2[] = {"pro", "add", "123456", "note", "a\"b\\c|d#e?"};
	char *w3[] = {"profile", "add", "p", "auth-string", "s e c r e t"};

	if (grammar_build(&g, fams, 1, err, sizeof(err)) < 0) {
		printf("not ok - %s\n0 passed, 1 failed\n", err);
		return 1;
	}
	line = masked(&g, w1, 7);
	CHECK_STR(line, "profile add p1 auth-string **** note \"two words\"");
	free(line);
	/* Only the secret parameter is masked, not a word that looks like it. */
	line = masked(&g, w2, 5);
	CHECK_STR(line, "pro add 123456 note \"a\\\"b\\\\c|d#e?\"");
	free(line);
	line = masked(&g, w3, 5);
	CHECK_STR(line, "profile add p auth-string ****");
	free(line);
	grammar_free(&g);
	return unit_summary("audit lines");
}
