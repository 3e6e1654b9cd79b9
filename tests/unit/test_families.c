/* Every family of the real command table, built into one grammar: a bind
 * row that reads a name its syntax does not declare (or binds it as another
 * kind), two parameters of one command with one name, or a type name that
 * two families define differently, or a confirmation that does not say what
 * it confirms fail here, before any command runs. */
#include <stdlib.h>

#include "shell/grammar.h"
#include "shell/registry.h"
#include "unit.h"

static bool has_param(const struct gseq *q)
{
	for (int e = 0; e < q->n; e++)
		if (q->v[e].kind == GEL_PARAM)
			return true;
	return false;
}

/* Every command that takes a parameter binds something: a handler without
 * a bind table could not read the values it is given. */
static void commands_with_parameters_bind(const struct grammar *g)
{
	for (int i = 0; i < g->nforms; i++) {
		const struct gform *f = &g->forms[i];
		bool params = has_param(&f->prefix);
		for (int o = 0; o < f->nopts; o++)
			for (int a = 0; a < f->opts[o].nalts; a++)
				params |= has_param(&f->opts[o].alts[a]);
		if (params && !f->cmd->bind)
			printf("# \"%s\" takes parameters but binds none\n", f->cmd->syntax);
		CHECK(!params || f->cmd->bind);
	}
}

/* A command that asks for confirmation says what it will do (cmd.h). */
static void confirmations_explain(void)
{
	for (int f = 0; f < registry_nfamilies; f++)
		for (size_t i = 0; i < registry_families[f]->ncmds; i++) {
			const struct cmd_def *c = &registry_families[f]->cmds[i];
			if ((c->flags & CMD_CONFIRM) && !c->explain)
				printf("# \"%s\" asks for confirmation without saying what it does\n",
				       c->syntax);
			CHECK(!(c->flags & CMD_CONFIRM) || c->explain);
		}
}

/* Types: one definition per name across every family. */
static void types_unique(void)
{
	for (int f = 0; f < registry_nfamilies; f++)
		for (const struct type_def *const *t = registry_families[f]->types; t && *t; t++)
			for (int g = 0; g < registry_nfamilies; g++)
				for (const struct type_def *const *u = registry_families[g]->types; u && *u;
				     u++)
					CHECK(strcmp((*t)->name, (*u)->name) != 0 || *t == *u);
}

int main(void)
{
	struct grammar g;
	char err[512];
	int rc = grammar_build(&g, registry_families, registry_nfamilies, err, sizeof(err));

	if (rc != 0)
		printf("not ok - the command table: %s\n", err);
	CHECK(rc == 0);
	if (rc == 0) {
		CHECK(g.nforms > 50);
		commands_with_parameters_bind(&g);
		grammar_free(&g);
	}
	types_unique();
	confirmations_explain();
	return unit_summary("every family's grammar");
}
