/*
 * Reading YAML documents (profiles, oms.yaml) with messages that say
 * where: "FILE:LINE:COL: message", the first error only.
 */
#ifndef OMS_YAMLDOC_H
#define OMS_YAMLDOC_H

#include <stddef.h>
#include <yaml.h>

struct yctx {
	yaml_document_t *doc;
	const char *origin;	/* the file, for messages */
	int failed;		/* an error was reported: stop */
};

/* Report an error at node n (or the document start); the first counts. */
void yerr(struct yctx *c, yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
yaml_node_t *ynode(struct yctx *c, int id);
/* A scalar's text, or NULL after "WHAT: expected a single value". */
const char *yscalar(struct yctx *c, yaml_node_t *n, const char *what);

/*
 * Whether n is a mapping whose keys are single values, none given
 * twice; else "WHAT: expected keys and values", "key: expected a single
 * value" or "WHAT: duplicate key 'K'" is reported.  libyaml keeps both
 * values of a repeated key, and a reader that takes each key as the
 * only one would let the second replace, or leak, what the first set.
 */
int ymapping(struct yctx *c, yaml_node_t *n, const char *what);

/* true/yes/1 or false/no/0; anything else is reported, and is 0. */
int ybool(struct yctx *c, yaml_node_t *n, const char *what);

/*
 * Load text into doc; a syntax error is reported as ORIGIN:LINE:COL
 * and gives -1 (doc is then not to be deleted).
 */
int yload(yaml_document_t *doc, const char *text, size_t len,
    const char *origin);

/* Each key (as text) and value node of a mapping node. */
#define YFOR_PAIRS(c, n, k, v)						\
	for (yaml_node_pair_t *p_ = (n)->data.mapping.pairs.start;	\
	    p_ < (n)->data.mapping.pairs.top &&				\
	    ((k) = yscalar((c), ynode((c), p_->key), "key")) != NULL &&	\
	    ((v) = ynode((c), p_->value)) != NULL; p_++)

#endif
