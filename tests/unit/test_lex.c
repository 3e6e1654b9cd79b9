/* The lexer: words, quoting, escapes, comments, filters, the '?' marker. */
#include "shell/lex.h"
#include "unit.h"

static struct lex_line L;
static char err[256];

static int lex(const char *line)
{
	lex_free(&L);
	err[0] = '\0';
	return lex_line(line, false, &L, err, sizeof(err));
}

static void words(void)
{
	CHECK(lex("  show   cert list ") == 0);
	CHECK(L.nwords == 3);
	CHECK_STR(L.words[0], "show");
	CHECK_STR(L.words[2], "list");
	CHECK(!L.partial && !L.help && L.nfilters == 0);
	CHECK(lex("show") == 0 && L.partial);
	CHECK(lex("") == 0 && L.nwords == 0);
	CHECK(lex("\t \n") == 0 && L.nwords == 0);
}

static void quoting(void)
{
	CHECK(lex("set x \"two words\" 'single \"q\"'") == 0);
	CHECK(L.nwords == 4);
	CHECK_STR(L.words[2], "two words");
	CHECK_STR(L.words[3], "single \"q\"");
	CHECK(lex("a \"in \\\"q\\\" \\\\ \\n\"") == 0);
	CHECK_STR(L.words[1], "in \"q\" \\ \\n");
	CHECK(lex("a 'no \\' b") == 0 && L.nwords == 3);
	CHECK_STR(L.words[1], "no \\");
	CHECK(lex("a pre\"mid dle\"post") == 0);
	CHECK_STR(L.words[1], "premid dlepost");
	CHECK(lex("a \"\"") == 0 && L.nwords == 2);
	CHECK_STR(L.words[1], "");
	CHECK(lex("a \"open") == -1);
	CHECK(strstr(err, "unterminated quote") != NULL);
	CHECK(lex_line("a \"open", true, &L, err, sizeof(err)) == 0 && L.open_quote && L.partial);
}

static void escapes(void)
{
	CHECK(lex("a b\\ c") == 0 && L.nwords == 2);
	CHECK_STR(L.words[1], "b c");
	/* A backslash before an ordinary character is kept for the command. */
	CHECK(lex("a Voice\\,Video") == 0);
	CHECK_STR(L.words[1], "Voice\\,Video");
	CHECK(lex("a \\#x \\|y \\?") == 0 && L.nwords == 4 && !L.help && L.nfilters == 0);
	CHECK_STR(L.words[1], "#x");
	CHECK_STR(L.words[2], "|y");
	CHECK_STR(L.words[3], "?");
}

static void comments(void)
{
	CHECK(lex("# a whole comment") == 0 && L.nwords == 0);
	CHECK(lex("show version # trailing") == 0 && L.nwords == 2 && !L.partial);
	CHECK(lex("a b#c") == 0 && L.nwords == 2);
	CHECK_STR(L.words[1], "b#c");
	CHECK(lex("a \"#quoted\"") == 0 && L.nwords == 2);
	CHECK_STR(L.words[1], "#quoted");
}

static void filters(void)
{
	CHECK(lex("show x | include foo bar | exclude ^b | count") == 0);
	CHECK(L.nwords == 2 && L.nfilters == 3);
	CHECK(L.filters[0].kind == FILTER_INCLUDE);
	CHECK_STR(L.filters[0].pattern, "foo bar");
	CHECK(L.filters[1].kind == FILTER_EXCLUDE);
	CHECK_STR(L.filters[1].pattern, "^b");
	CHECK(L.filters[2].kind == FILTER_COUNT && L.filters[2].pattern == NULL);
	CHECK(lex("show x|i foo") == 0 && L.nwords == 2 && L.nfilters == 1);
	CHECK(L.filters[0].kind == FILTER_INCLUDE);
	CHECK(lex("show x | include \"a|b\"") == 0);
	CHECK_STR(L.filters[0].pattern, "a|b");
	CHECK(lex("show x | include") == -1 && strstr(err, "regular expression"));
	CHECK(lex("show x | grep y") == -1 && strstr(err, "unknown filter"));
	CHECK(lex("show x |") == -1 && strstr(err, "missing filter"));
	CHECK(lex("show x | c") == 0 && L.nfilters == 1 && L.filters[0].kind == FILTER_COUNT);
}

static void help_marker(void)
{
	CHECK(lex("show ?") == 0 && L.help && !L.partial && L.nwords == 1);
	CHECK(lex("sh?") == 0 && L.help && L.partial && L.nwords == 1);
	CHECK_STR(L.words[0], "sh");
	CHECK(lex("?") == 0 && L.help && L.nwords == 0);
	CHECK(lex("show \"what?\"") == 0 && !L.help && L.nwords == 2);
	CHECK(lex("show x ? ignored words") == 0 && L.help && L.nwords == 2);
}

int main(void)
{
	words();
	quoting();
	escapes();
	comments();
	filters();
	help_marker();
	lex_free(&L);
	return unit_summary("lexer");
}
