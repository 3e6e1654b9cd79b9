/* The grammar compiler and the command-tree walker on a table that uses
 * every grammar feature. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/bind.h"
#include "shell/grammar.h"
#include "shell/tree.h"
#include "unit.h"

static int noop(struct session *s, const void *args, struct out *o)
{
	return 0;
}

static bool check_unit(const struct check_in *c, const char *in, struct value *v)
{
	if (strcasecmp(in, "tomcat") == 0 || strcasecmp(in, "ipsec") == 0) {
		v->canon = strdup(strcasecmp(in, "tomcat") == 0 ? "tomcat" : "ipsec");
		return true;
	}
	snprintf(v->err, sizeof(v->err), "tomcat or ipsec");
	return false;
}

static void complete_unit(struct session *s, struct strlist *out)
{
	strlist_add(out, "tomcat");
	strlist_add(out, "ipsec");
}

static const struct type_def unit_type = {
    .name = "UNIT", .help = "a unit", .check = check_unit, .complete = complete_unit};
/* Another family's UNIT, defined differently. */
static const struct type_def other_unit_type = {.name = "UNIT", .help = "another unit", .check = check_unit};
static const struct type_def *const other_types[] = {&other_unit_type, NULL};
static bool check_file(const struct check_in *c, const char *in, struct value *v)
{
	return *in != '\0';
}

static const struct type_def file_type = {.name = "FILE", .help = "a file", .check = check_file};
static const struct type_def *const types[] = {&unit_type, &file_type, NULL};

static const struct cmd_def cmds[] = {
    {"show cert list {own|trust} [unit UNIT] [expiring INT(0-3650)]", noop, 0, 0, "list", NULL, NULL, NULL},
    {"show certificate WORD", noop, 0, 0, "one", NULL, NULL, NULL},
    {"set cert regen UNIT [key {rsa|ec} [size INT(512-4096)]] [digest {sha256|sha512}]", noop, 4, 0, "regen",
     NULL, NULL, NULL},
    {"ipsec add WORD TEXT [port INT(1-65535)] src WORD dst WORD [enable]", noop, 1, 0, "add", NULL, NULL,
     NULL},
    {"web WORD TEXT [INT [TEXT$more]]", noop, 0, 0, "web", NULL, NULL, NULL},
    {"del {WORD...|all}", noop, 0, 0, "del", NULL, NULL, NULL},
    {"show status", noop, 0, 0, "status", NULL, NULL, NULL},
    {"show statistics", noop, 0, 0, "statistics", NULL, NULL, NULL},
    {"show state", noop, 0, CMD_ALIAS, "an alias", NULL, NULL, NULL},
};

static const struct cmd_family fam = CMD_FAMILY("test", cmds, NULL, types);
static const struct cmd_family *const fams[] = {&fam};
static struct grammar G;
static struct tree_match M;

static int match(const char *line)
{
	char *words[32], *copy = strdup(line), *save = NULL;
	int n = 0, rc;

	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	tree_match_free(&M);
	rc = tree_match(NULL, &G, words, n, &M);
	free(copy);
	return rc;
}

static const char *get(const char *name)
{
	const struct targ *t = args_find(&M.args, name, false);
	return t ? t->value : NULL;
}

static bool has(const char *keyword)
{
	return args_find(&M.args, keyword, true) != NULL;
}

static const struct cmd_def *cmd(int i)
{
	return &cmds[i];
}

static void abbreviation(void)
{
	CHECK(match("sh cert l own") == TREE_OK && M.cmd == cmd(0));
	CHECK(has("own") && !has("trust"));
	CHECK(match("SHOW CERT LIST TRUST") == TREE_OK && has("trust"));
	/* "cert" is exact, so it wins over the longer "certificate". */
	CHECK(match("show cert list own") == TREE_OK && M.cmd == cmd(0));
	CHECK(match("show certi x") == TREE_OK && M.cmd == cmd(1));
	CHECK(match("s") == TREE_AMBIGUOUS);
	CHECK(strstr(M.msg, "set") && strstr(M.msg, "show"));
	CHECK(match("show stat") == TREE_AMBIGUOUS && strstr(M.msg, "status") && strstr(M.msg, "statistics"));
	CHECK(match("show statu") == TREE_OK && M.cmd == cmd(6));
	CHECK(match("bogus") == TREE_UNKNOWN && strstr(M.msg, "bogus"));
	CHECK(match("show cert list bogus") == TREE_UNKNOWN);
	CHECK(match("show cert list") == TREE_INCOMPLETE && strstr(M.msg, "own") && strstr(M.msg, "trust"));
}

static void options(void)
{
	CHECK(match("show cert list trust expiring 30 unit TOMCAT") == TREE_OK);
	CHECK_STR(get("unit"), "tomcat");
	CHECK_STR(get("expiring"), "30");
	CHECK(match("show cert list own unit ipsec expiring 5") == TREE_OK);
	CHECK(match("show cert list own unit tomcat unit ipsec") != TREE_OK);
	CHECK(match("show cert list own expiring x") == TREE_INVALID && strstr(M.msg, "INT"));
	CHECK(match("show cert list own expiring 4000") == TREE_INVALID && strstr(M.msg, "0 to 3650"));
	CHECK(match("show cert list own unit nginx") == TREE_INVALID && strstr(M.msg, "tomcat or ipsec"));
	CHECK(match("show cert list own unit") == TREE_INCOMPLETE);
	/* Nested optional parts inside an option. */
	CHECK(match("set cert regen tomcat key ec") == TREE_OK && has("ec"));
	CHECK(match("set cert regen tomcat digest sha512 key rsa size 2048") == TREE_OK);
	CHECK_STR(get("size"), "2048");
	CHECK(has("sha512") && has("rsa"));
	CHECK(match("set cert regen tomcat key ec size 256") == TREE_INVALID);
	CHECK(match("set cert regen tomcat size 1024") == TREE_UNKNOWN);
	/* Required options in any order, optional ones and flags between. */
	CHECK(match("ipsec add g1 n1 dst 10.0.0.2 src 10.0.0.1") == TREE_OK && M.cmd == cmd(3));
	CHECK_STR(get("src"), "10.0.0.1");
	CHECK_STR(get("dst"), "10.0.0.2");
	CHECK(match("ipsec add g1 n1 src a enable dst b port 500") == TREE_OK && has("enable"));
	CHECK(match("ipsec add g1 n1 src a") == TREE_INCOMPLETE && strstr(M.msg, "dst"));
	CHECK(match("ipsec add g1 n1 src a dst b port 0") == TREE_INVALID);
}

static bool has_item(const struct tree_next *n, const char *w);

/* Aliases match only in full and never make a prefix ambiguous. */
static void aliases(void)
{
	struct tree_next n;
	char *sh[] = {"show", "stat"};

	CHECK(match("show state") == TREE_OK && M.cmd == cmd(8));
	CHECK(match("SHOW STATE") == TREE_OK && M.cmd == cmd(8));
	CHECK(match("show stati") == TREE_OK && M.cmd == cmd(7));
	CHECK(match("show stat") == TREE_AMBIGUOUS && strstr(M.msg, "statistics, status") &&
	      !strstr(M.msg, "state"));
	CHECK(match("sh state") == TREE_UNKNOWN);
	CHECK(tree_next(NULL, &G, sh, 2, true, 4, false, &n) == TREE_OK);
	CHECK(has_item(&n, "status") && has_item(&n, "statistics") && !has_item(&n, "state"));
	tree_next_free(&n);
}

static void positional(void)
{
	CHECK(match("web a b") == TREE_OK && !get("int"));
	CHECK(match("web a b 7") == TREE_OK);
	CHECK_STR(get("int"), "7");
	CHECK(match("web a b 7 d") == TREE_OK);
	CHECK_STR(get("text"), "b");
	CHECK_STR(get("more"), "d");
	CHECK(match("web a b 7 d e") == TREE_UNKNOWN);
	CHECK(match("del 1 2 3") == TREE_OK);
	int nwords = 0;
	for (int i = 0; i < M.args.n; i++)
		nwords += !M.args.v[i].is_kw && strcmp(M.args.v[i].name, "word") == 0;
	CHECK(nwords == 3);
	CHECK(match("del all") == TREE_OK && has("all"));
	CHECK(match("del") == TREE_INCOMPLETE);
}

static bool has_item(const struct tree_next *n, const char *w)
{
	for (int i = 0; i < n->n; i++)
		if (strcmp(n->v[i].word, w) == 0)
			return true;
	return false;
}

static void next_words(void)
{
	struct tree_next n;
	char *w1[] = {"show"}, *w2[] = {"show", "st"}, *w3[] = {"show", "cert", "list", "own"};
	char *w4[] = {"show", "cert", "list", "own", "unit"},
	     *w5[] = {"show", "cert", "list", "own", "unit", "t"};

	CHECK(tree_next(NULL, &G, w1, 1, false, 4, false, &n) == TREE_OK);
	CHECK(has_item(&n, "cert") && has_item(&n, "certificate") && has_item(&n, "status") && !n.can_end);
	tree_next_free(&n);
	CHECK(tree_next(NULL, &G, w2, 2, true, 4, false, &n) == TREE_OK);
	CHECK(n.n == 2 && has_item(&n, "status") && has_item(&n, "statistics"));
	tree_next_free(&n);
	CHECK(tree_next(NULL, &G, w3, 4, false, 4, false, &n) == TREE_OK);
	CHECK(has_item(&n, "unit") && has_item(&n, "expiring") && n.can_end);
	tree_next_free(&n);
	CHECK(tree_next(NULL, &G, w4, 5, false, 4, false, &n) == TREE_OK);
	/* ? shows the placeholder and the live values under it. */
	CHECK(n.n == 3 && has_item(&n, "<UNIT>") && has_item(&n, "tomcat") && !n.can_end);
	tree_next_free(&n);
	CHECK(tree_next(NULL, &G, w4, 5, false, 4, true, &n) == TREE_OK);
	CHECK(n.n == 2 && has_item(&n, "tomcat") && has_item(&n, "ipsec"));
	tree_next_free(&n);
	CHECK(tree_next(NULL, &G, w5, 6, true, 4, true, &n) == TREE_OK);
	CHECK(n.n == 1 && has_item(&n, "tomcat"));
	tree_next_free(&n);
	/* Commands above the level are hidden from help and completion. */
	CHECK(tree_next(NULL, &G, NULL, 0, false, 0, false, &n) == TREE_OK);
	CHECK(has_item(&n, "show") && !has_item(&n, "set") && !has_item(&n, "ipsec"));
	tree_next_free(&n);
	CHECK(tree_next(NULL, &G, NULL, 0, false, 4, false, &n) == TREE_OK);
	CHECK(has_item(&n, "set") && has_item(&n, "ipsec"));
	tree_next_free(&n);
}

static int build_bound(const char *syntax, const struct arg_bind *bind, char *err, size_t errlen)
{
	const struct cmd_def bad[] = {{syntax, noop, 0, 0, "x", NULL, bind, NULL}};
	const struct cmd_family f = CMD_FAMILY("bad", bad, NULL, types);
	const struct cmd_family *const fs[] = {&f};
	struct grammar g;
	int rc = grammar_build(&g, fs, 1, err, errlen);

	if (rc == 0)
		grammar_free(&g);
	return rc;
}

static int build_one(const char *syntax, char *err, size_t errlen)
{
	return build_bound(syntax, NULL, err, errlen);
}

struct probe {
	const char *file, *password_file, *digest, *unit;
	const long *size;
	bool pem;
	struct arg_list word;
	const void *def;
};

static const struct arg_bind ok_bind[] = {
    BIND(struct probe, unit),	BIND(struct probe, file), BIND(struct probe, password_file),
    BIND(struct probe, digest), BIND(struct probe, size), BIND(struct probe, pem),
    BIND_END(struct probe)};
static const struct arg_bind undeclared_bind[] = {BIND(struct probe, file), BIND(struct probe, password_file),
						  BIND_END(struct probe)};
static const struct arg_bind wrong_kind_bind[] = {BIND(struct probe, unit), BIND(struct probe, size),
						  BIND_END(struct probe)};
static const struct arg_bind ptr_bind[] = {BIND(struct probe, def), BIND_END(struct probe)};
static const struct arg_bind list_bind[] = {BIND(struct probe, word), BIND_END(struct probe)};

/* The binding of handlers' argument structs is checked when the grammar is
 * built, so a handler cannot read a name its syntax does not declare. */
static void binding(void)
{
	char err[256];

	CHECK(build_bound("imp UNIT [FILE] [password-file FILE] [digest {sha256|sha512}$digest] "
			  "[size INT(1-9)] [pem]",
			  ok_bind, err, sizeof(err)) == 0);
	CHECK(build_bound("imp [FILE]", undeclared_bind, err, sizeof(err)) < 0 &&
	      strstr(err, "reads \"password_file\", which its syntax does not declare"));
	/* size is text in this syntax (a WORD), not a number. */
	CHECK(build_bound("imp UNIT [size WORD]", wrong_kind_bind, err, sizeof(err)) < 0 &&
	      strstr(err, "binds \"size\" as a number"));
	CHECK(build_bound("imp UNIT$def", ptr_bind, err, sizeof(err)) < 0 && strstr(err, "as a definition"));
	CHECK(build_bound("imp WORD...", list_bind, err, sizeof(err)) == 0);
	CHECK(build_bound("imp WORD", list_bind, err, sizeof(err)) < 0);
	CHECK(build_one("imp FILE FILE", err, sizeof(err)) < 0 &&
	      strstr(err, "two parameters are named \"file\""));
	CHECK(build_one("imp FILE FILE$other", err, sizeof(err)) == 0);
	CHECK(build_one("imp FILE$Bad", err, sizeof(err)) < 0);
	CHECK(build_one("imp {a|WORD}$x", err, sizeof(err)) < 0 && strstr(err, "start with a keyword"));

	/* The values themselves: the password-file FILE is not the FILE. */
	const struct cmd_def c[] = {{"imp UNIT [FILE] [password-file FILE] [digest {sha256|sha512}$digest] "
				     "[size INT(1-9)] [pem]",
				     noop, 0, 0, "x", NULL, ok_bind, NULL}};
	const struct cmd_family f = CMD_FAMILY("bind", c, NULL, types);
	const struct cmd_family *const fs[] = {&f};
	struct grammar g;
	struct tree_match m = {0};
	char *w1[] = {"imp", "tomcat", "password-file", "pw.txt", "size", "7", "digest", "sha512"};
	CHECK(grammar_build(&g, fs, 1, err, sizeof(err)) == 0);
	CHECK(tree_match(NULL, &g, w1, 8, &m) == TREE_OK);
	struct probe *p = m.cmd ? args_bind(m.cmd, &m.args) : NULL;
	CHECK(p && !p->file && p->password_file && strcmp(p->password_file, "pw.txt") == 0);
	CHECK(p && strcmp(p->unit, "tomcat") == 0 && p->size && *p->size == 7 && !p->pem);
	CHECK(p && p->digest && strcmp(p->digest, "sha512") == 0);
	free(p);
	tree_match_free(&m);
	grammar_free(&g);
}

/* One type name, one definition, across every family. */
static void duplicate_types(void)
{
	char err[256];
	const struct cmd_def c[] = {{"other UNIT", noop, 0, 0, "x", NULL, NULL, NULL}};
	const struct cmd_family other = CMD_FAMILY("other", c, NULL, other_types);
	const struct cmd_family same = CMD_FAMILY("same", c, NULL, types);
	const struct cmd_family *const clash[] = {&fam, &other};
	const struct cmd_family *const fine[] = {&fam, &same};
	struct grammar g;

	CHECK(grammar_build(&g, clash, 2, err, sizeof(err)) < 0 &&
	      strstr(err, "type UNIT is registered twice"));
	CHECK(grammar_build(&g, fine, 2, err, sizeof(err)) == 0);
	grammar_free(&g);
}

static void grammar_errors(void)
{
	char err[256];

	CHECK(build_one("foo [bar", err, sizeof(err)) < 0 && strstr(err, "unterminated"));
	CHECK(build_one("foo {a|b", err, sizeof(err)) < 0);
	CHECK(build_one("foo BOGUS", err, sizeof(err)) < 0 && strstr(err, "unknown parameter type BOGUS"));
	CHECK(build_one("UNIT foo", err, sizeof(err)) < 0 && strstr(err, "start with a keyword"));
	CHECK(build_one("foo WORD... bar", err, sizeof(err)) < 0 && strstr(err, "must come last"));
	CHECK(build_one("foo [x UNIT] [UNIT]", err, sizeof(err)) < 0);
	CHECK(build_one("foo INT(5)", err, sizeof(err)) < 0 && strstr(err, "range"));
	CHECK(build_one("foo [x UNIT] bar", err, sizeof(err)) == 0); /* "bar" is a required flag */
}

int main(void)
{
	char err[256];

	if (grammar_build(&G, fams, 1, err, sizeof(err)) < 0) {
		printf("not ok - grammar: %s\n0 passed, 1 failed\n", err);
		return 1;
	}
	abbreviation();
	options();
	positional();
	aliases();
	next_words();
	grammar_errors();
	binding();
	duplicate_types();
	tree_match_free(&M);
	grammar_free(&G);
	return unit_summary("command tree");
}
