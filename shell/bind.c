#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "shell/bind.h"

static size_t struct_size(const struct arg_bind *b)
{
	while (b->kind != BIND_END)
		b++;
	return b->offset;
}

/* The keyword given for the named choice {a|b}$name. */
static const struct targ *choice_find(const struct args *a, const char *name)
{
	for (int i = 0; i < a->n; i++)
		if (a->v[i].is_kw && a->v[i].choice && strcmp(a->v[i].choice, name) == 0)
			return &a->v[i];
	return NULL;
}

void *args_bind(const struct cmd_def *cmd, const struct args *a)
{
	size_t size, lists;
	char *buf;
	const char **pool;
	int used = 0;

	if (!cmd->bind)
		return NULL;
	/* The struct, then room for the values of repeated parameters. */
	size = struct_size(cmd->bind);
	lists = (size + alignof(const char *) - 1) / alignof(const char *) * alignof(const char *);
	if (!(buf = calloc(1, lists + ((size_t)a->n * 2 + 8) * sizeof(const char *))))
		abort();
	pool = (const char **)(void *)(buf + lists);
	for (const struct arg_bind *b = cmd->bind; b->kind != BIND_END; b++) {
		char *field = buf + b->offset;
		const struct targ *t = args_find(a, b->name, b->kind == BIND_FLAG);
		if (b->kind == BIND_STR && !t)
			t = choice_find(a, b->name);
		switch (b->kind) {
		case BIND_STR: {
			const char *v = t ? t->value : NULL;
			memcpy(field, &v, sizeof(v));
			break;
		}
		case BIND_NUM: {
			const long *v = t ? &t->num : NULL;
			memcpy(field, &v, sizeof(v));
			break;
		}
		case BIND_PTR: {
			const void *v = t ? t->ptr : NULL;
			memcpy(field, &v, sizeof(v));
			break;
		}
		case BIND_FLAG: {
			bool v = t != NULL;
			memcpy(field, &v, sizeof(v));
			break;
		}
		case BIND_LIST: {
			struct arg_list l = {pool + used, 0};
			for (int i = 0; i < a->n; i++)
				if (!a->v[i].is_kw && strcmp(a->v[i].name, b->name) == 0)
					pool[used++] = a->v[i].value, l.n++;
			used++; /* a NULL after each list */
			memcpy(field, &l, sizeof(l));
			break;
		}
		case BIND_END:
			break;
		}
	}
	return buf;
}
