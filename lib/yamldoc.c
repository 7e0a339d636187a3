#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "yamldoc.h"

void
yerr(struct yctx *c, yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;

	if (c->failed)
		return;		/* the first error is the one to fix */
	c->failed = 1;
	fprintf(stderr, "%s: %s:%lu:%lu: ", progname, c->origin,
	    n ? (unsigned long)n->start_mark.line + 1 : 0UL,
	    n ? (unsigned long)n->start_mark.column + 1 : 0UL);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

yaml_node_t *
ynode(struct yctx *c, int id)
{
	return yaml_document_get_node(c->doc, id);
}

const char *
yscalar(struct yctx *c, yaml_node_t *n, const char *what)
{
	if (n == NULL || n->type != YAML_SCALAR_NODE) {
		yerr(c, n, "%s: expected a single value", what);
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

int
ymapping(struct yctx *c, yaml_node_t *n, const char *what)
{
	yaml_node_pair_t *p, *q;

	if (n == NULL || n->type != YAML_MAPPING_NODE) {
		yerr(c, n, "%s: expected keys and values", what);
		return 0;
	}
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		yaml_node_t *k = ynode(c, p->key);

		if (yscalar(c, k, "key") == NULL)
			return 0;
		/* Earlier keys passed this test: each is a scalar. */
		for (q = n->data.mapping.pairs.start; q < p; q++)
			if (!strcmp((const char *)k->data.scalar.value,
			    (const char *)ynode(c, q->key)->data.scalar.value)) {
				yerr(c, k, "%s: duplicate key '%s'", what,
				    (const char *)k->data.scalar.value);
				return 0;
			}
	}
	return 1;
}

int
yload(yaml_document_t *doc, const char *text, size_t len, const char *origin)
{
	yaml_parser_t parser;
	int ok;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	ok = yaml_parser_load(&parser, doc);
	if (!ok)
		fprintf(stderr, "%s: %s:%lu:%lu: %s\n", progname, origin,
		    (unsigned long)parser.problem_mark.line + 1,
		    (unsigned long)parser.problem_mark.column + 1,
		    parser.problem ? parser.problem : "bad YAML");
	yaml_parser_delete(&parser);
	return ok ? 0 : -1;
}

int
ybool(struct yctx *c, yaml_node_t *n, const char *what)
{
	const char *s = yscalar(c, n, what);

	if (s == NULL)
		return 0;
	if (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcmp(s, "1"))
		return 1;
	if (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcmp(s, "0"))
		return 0;
	yerr(c, n, "%s: expected true or false, not '%s'", what, s);
	return 0;
}
