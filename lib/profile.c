#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "lifecycle.h"
#include "profile.h"
#include "text.h"
#include "util.h"
#include "yamldoc.h"

/*
 * The statuses a channel can report about its own order: whether it is
 * open, cancelled, shipped, delivered or returned.  Allocation, routing
 * and release are oms's own business.
 */
static int
order_status_parse_for_profile(const char *s)
{
	int st = order_status_parse(s);

	switch (st) {
	case OS_IMPORTED: case OS_CANCELLED: case OS_PARTIALLY_SHIPPED:
	case OS_SHIPPED: case OS_DELIVERED: case OS_PARTIALLY_RETURNED:
	case OS_RETURNED:
		return st;
	default:
		return -1;
	}
}

static int
line_status_parse_for_profile(const char *s)
{
	int st = line_status_parse(s);

	switch (st) {
	case LS_OPEN: case LS_CANCELLED: case LS_SHIPPED: case LS_DELIVERED:
	case LS_RETURNED:
		return st;
	default:
		return -1;
	}
}


static char *
scalar_dup(struct yctx *c, yaml_node_t *n, const char *what)
{
	const char *s = yscalar(c, n, what);

	return s ? xstrdup(s) : NULL;
}

/* A scalar or a sequence of scalars, as a string list. */
static char **
string_list(struct yctx *c, yaml_node_t *n, const char *what, int *count)
{
	char **v;
	yaml_node_item_t *it;
	int i = 0;

	*count = 0;
	if (n && n->type == YAML_SCALAR_NODE) {
		v = xcalloc(1, sizeof *v);
		v[0] = xstrdup((const char *)n->data.scalar.value);
		*count = 1;
		return v;
	}
	if (n == NULL || n->type != YAML_SEQUENCE_NODE) {
		yerr(c, n, "%s: expected a value or a list of values", what);
		return NULL;
	}
	v = xcalloc((size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start) + 1, sizeof *v);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		const char *s = yscalar(c, ynode(c, *it), what);

		if (s == NULL)
			break;
		v[i++] = xstrdup(s);
	}
	*count = i;
	return v;
}

static void
parse_source(struct yctx *c, yaml_node_t *n, const char *what,
    struct source *s)
{
	const char *k;
	yaml_node_t *v;

	s->set = 1;
	s->line = (int)n->start_mark.line + 1;
	s->col = (int)n->start_mark.column + 1;
	if (n->type != YAML_MAPPING_NODE) {
		s->columns = string_list(c, n, what, &s->ncolumns);
		return;
	}
	if (!ymapping(c, n, what))
		return;
	YFOR_PAIRS(c, n, k, v) {
		if (!strcmp(k, "column") || !strcmp(k, "columns")) {
			if (s->columns)
				yerr(c, ynode(c, p_->key), "%s: column and "
				    "columns: give one", what);
			else
				s->columns = string_list(c, v, what,
				    &s->ncolumns);
		} else if (!strcmp(k, "join"))
			s->join = scalar_dup(c, v, "join");
		else if (!strcmp(k, "value"))
			s->constant = scalar_dup(c, v, "value");
		else if (!strcmp(k, "default"))
			s->fallback = scalar_dup(c, v, "default");
		else if (!strcmp(k, "strip_prefix"))
			s->strip_prefix = scalar_dup(c, v, "strip_prefix");
		else if (!strcmp(k, "strip_suffix"))
			s->strip_suffix = scalar_dup(c, v, "strip_suffix");
		else if (!strcmp(k, "sum"))
			s->sum = ybool(c, v, "sum");
		else if (!strcmp(k, "map")) {
			const char *mk;
			yaml_node_t *mv;
			int cap;

			if (!ymapping(c, v, "map"))
				return;
			cap = (int)(v->data.mapping.pairs.top -
			    v->data.mapping.pairs.start);
			s->map_from = xcalloc((size_t)cap + 1, sizeof(char *));
			s->map_to = xcalloc((size_t)cap + 1, sizeof(char *));
			YFOR_PAIRS(c, v, mk, mv) {
				const char *to = yscalar(c, mv, "map");

				if (to == NULL)
					return;
				s->map_from[s->nmap] = xstrdup(mk);
				s->map_to[s->nmap++] = xstrdup(to);
			}
		} else
			yerr(c, ynode(c, p_->key), "%s: unknown key '%s'", what,
			    k);
	}
	if (s->ncolumns == 0 && s->constant == NULL)
		yerr(c, n, "%s: needs column, columns or value", what);
}

static void
parse_rules(struct yctx *c, yaml_node_t *n, const char *what,
    const char *result_key, struct rules *r)
{
	yaml_node_item_t *it;

	if (n->type != YAML_SEQUENCE_NODE) {
		yerr(c, n, "%s: expected a list of rules", what);
		return;
	}
	r->v = xcalloc((size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start) + 1, sizeof *r->v);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top && !c->failed; it++) {
		yaml_node_t *rn = ynode(c, *it), *v;
		struct cond *cd = &r->v[r->n++];
		const char *k;
		int have_op = 0;

		if (!ymapping(c, rn, what))
			return;
		cd->src.line = (int)rn->start_mark.line + 1;
		cd->src.col = (int)rn->start_mark.column + 1;
		YFOR_PAIRS(c, rn, k, v) {
			if (!strcmp(k, "column") || !strcmp(k, "columns")) {
				if (cd->src.columns) {
					yerr(c, ynode(c, p_->key), "%s: column "
					    "and columns: give one", what);
					break;
				}
				cd->src.set = 1;
				cd->src.columns = string_list(c, v, what,
				    &cd->src.ncolumns);
			} else if (!strcmp(k, "equals") || !strcmp(k, "in") ||
			    !strcmp(k, "prefix")) {
				if (cd->values) {
					yerr(c, ynode(c, p_->key), "%s: one of "
					    "equals, in, prefix per rule", what);
					break;
				}
				cd->op = !strcmp(k, "equals") ? COND_EQUALS :
				    !strcmp(k, "in") ? COND_IN : COND_PREFIX;
				cd->values = string_list(c, v, k, &cd->nvalues);
				have_op = 1;
			} else if (!strcmp(k, "empty") ||
			    !strcmp(k, "nonempty")) {
				int b = ybool(c, v, k);

				cd->op = (!strcmp(k, "empty")) == b ?
				    COND_EMPTY : COND_NONEMPTY;
				have_op = 1;
			} else if (result_key && !strcmp(k, result_key))
				cd->result = scalar_dup(c, v, k);
			else
				yerr(c, ynode(c, p_->key),
				    "%s: unknown key '%s'", what, k);
		}
		if (!cd->src.set)
			yerr(c, rn, "%s: rule needs a column", what);
		else if (!have_op)
			yerr(c, rn, "%s: rule needs one of equals, in, prefix, "
			    "empty, nonempty", what);
		else if (result_key && cd->result == NULL)
			yerr(c, rn, "%s: rule needs %s", what, result_key);
	}
}

static void
check_status_results(struct yctx *c, yaml_node_t *n, struct rules *r,
    int (*parse)(const char *), const char *what)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].result && parse(r->v[i].result) < 0)
			yerr(c, n, "%s: unknown status '%s'", what,
			    r->v[i].result);
}

static void
parse_address(struct yctx *c, yaml_node_t *n, const char *what,
    struct address_map *a)
{
	const char *k;
	yaml_node_t *v;

	if (!ymapping(c, n, what))
		return;
	YFOR_PAIRS(c, n, k, v) {
		struct source *s =
		    !strcmp(k, "name") ? &a->name :
		    !strcmp(k, "company") ? &a->company :
		    !strcmp(k, "address1") ? &a->address1 :
		    !strcmp(k, "address2") ? &a->address2 :
		    !strcmp(k, "city") ? &a->city :
		    !strcmp(k, "region") ? &a->region :
		    !strcmp(k, "postal_code") ? &a->postal_code :
		    !strcmp(k, "country") ? &a->country :
		    !strcmp(k, "phone") ? &a->phone : NULL;

		if (s == NULL)
			yerr(c, ynode(c, p_->key), "%s: unknown key '%s'", what,
			    k);
		else
			parse_source(c, v, k, s);
	}
}

static void
parse_order(struct yctx *c, yaml_node_t *n, struct profile *p)
{
	const char *k;
	yaml_node_t *v;

	if (!ymapping(c, n, "order"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		struct source *s =
		    !strcmp(k, "number") ? &p->order.number :
		    !strcmp(k, "placed_at") ? &p->order.placed_at :
		    !strcmp(k, "currency") ? &p->order.currency :
		    !strcmp(k, "email") ? &p->order.email :
		    !strcmp(k, "phone") ? &p->order.phone :
		    !strcmp(k, "customer_name") ? &p->order.customer_name :
		    !strcmp(k, "ship_method") ? &p->order.ship_method :
		    !strcmp(k, "shipping") ? &p->order.shipping :
		    !strcmp(k, "tax") ? &p->order.tax :
		    !strcmp(k, "discount") ? &p->order.discount :
		    !strcmp(k, "total") ? &p->order.total :
		    !strcmp(k, "risk") ? &p->order.risk :
		    !strcmp(k, "deliver_by") ? &p->order.deliver_by : NULL;

		if (s)
			parse_source(c, v, k, s);
		else if (!strcmp(k, "ship_to"))
			parse_address(c, v, "ship_to", &p->order.ship_to);
		else if (!strcmp(k, "bill_to"))
			parse_address(c, v, "bill_to", &p->order.bill_to);
		else if (!strcmp(k, "status")) {
			parse_rules(c, v, "order status", "status",
			    &p->status);
			check_status_results(c, v, &p->status,
			    order_status_parse_for_profile, "order status");
		} else
			yerr(c, ynode(c, p_->key), "order: unknown key '%s'", k);
	}
	if (!p->order.number.set)
		yerr(c, n, "order: needs number");
}

static void
parse_line(struct yctx *c, yaml_node_t *n, struct profile *p)
{
	const char *k;
	yaml_node_t *v;
	struct line_map *l = &p->line;

	if (!ymapping(c, n, "line"))
		return;
	p->has_lines = 1;
	YFOR_PAIRS(c, n, k, v) {
		struct source *s =
		    !strcmp(k, "id") ? &l->id :
		    !strcmp(k, "sku") ? &l->sku :
		    !strcmp(k, "title") ? &l->title :
		    !strcmp(k, "quantity") ? &l->quantity :
		    !strcmp(k, "unit_price") ? &l->unit_price :
		    !strcmp(k, "line_total") ? &l->line_total :
		    !strcmp(k, "discount") ? &l->discount :
		    !strcmp(k, "tax") ? &l->tax :
		    !strcmp(k, "requires_shipping") ? &l->requires_shipping :
		    NULL;

		if (s)
			parse_source(c, v, k, s);
		else if (!strcmp(k, "status")) {
			parse_rules(c, v, "line status", "status", &l->status);
			check_status_results(c, v, &l->status,
			    line_status_parse_for_profile, "line status");
		} else if (!strcmp(k, "packed")) {
			const char *pk;
			yaml_node_t *pv;

			if (!ymapping(c, v, "packed"))
				return;
			p->packed.set = 1;
			p->packed.item_sep = '|';
			p->packed.kv_sep = ':';
			YFOR_PAIRS(c, v, pk, pv) {
				const char *sv = yscalar(c, pv, pk);

				if (sv == NULL)
					return;
				if (!strcmp(pk, "prefix"))
					p->packed.prefix = xstrdup(sv);
				else if (!strcmp(pk, "separator") &&
				    strlen(sv) == 1)
					p->packed.item_sep = sv[0];
				else if (!strcmp(pk, "assign") &&
				    strlen(sv) == 1)
					p->packed.kv_sep = sv[0];
				else
					yerr(c, ynode(c, p_->key),
					    "packed: bad key or value '%s'", pk);
			}
			if (p->packed.prefix == NULL)
				yerr(c, v, "packed: needs prefix");
		} else
			yerr(c, ynode(c, p_->key), "line: unknown key '%s'", k);
	}
	if (!l->sku.set)
		yerr(c, n, "line: needs sku");
	if (!l->quantity.set)
		yerr(c, n, "line: needs quantity");
	if (!l->unit_price.set && !l->line_total.set)
		yerr(c, n, "line: needs unit_price or line_total");
}

static void
parse_stock(struct yctx *c, yaml_node_t *n, struct profile *p)
{
	const char *k;
	yaml_node_t *v;
	struct stock_map *m = &p->stock;

	if (!ymapping(c, n, "stock"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		struct source *s =
		    !strcmp(k, "sku") ? &m->sku :
		    !strcmp(k, "location") ? &m->location :
		    !strcmp(k, "quantity") ? &m->quantity :
		    !strcmp(k, "at") ? &m->at :
		    !strcmp(k, "reason") ? &m->reason :
		    !strcmp(k, "from") ? &m->from :
		    !strcmp(k, "to") ? &m->to :
		    !strcmp(k, "reference") ? &m->reference :
		    !strcmp(k, "id") ? &m->id : NULL;
		struct source *cs =
		    !strcmp(k, "title") ? &m->title :
		    !strcmp(k, "weight") ? &m->weight :
		    !strcmp(k, "weight_unit") ? &m->weight_unit :
		    !strcmp(k, "length") ? &m->length :
		    !strcmp(k, "width") ? &m->width :
		    !strcmp(k, "height") ? &m->height :
		    !strcmp(k, "length_unit") ? &m->length_unit :
		    !strcmp(k, "bin") ? &m->bin :
		    !strcmp(k, "tags") ? &m->tags : NULL;

		/* A catalogue has products, not quantities, and no more. */
		if (p->kind == KIND_CATALOGUE && s && s != &m->sku)
			yerr(c, ynode(c, p_->key), "stock: a catalogue has no "
			    "'%s'", k);
		else if (p->kind != KIND_CATALOGUE && cs)
			yerr(c, ynode(c, p_->key), "stock: '%s' is for "
			    "catalogue profiles", k);
		else if (s || cs)
			parse_source(c, v, k, s ? s : cs);
		else
			yerr(c, ynode(c, p_->key), "stock: unknown key '%s'", k);
	}
	if (c->failed)
		return;
	if (!m->sku.set)
		yerr(c, n, "stock: needs sku");
	if (p->kind == KIND_CATALOGUE) {
		if (!m->title.set && !m->weight.set && !m->length.set &&
		    !m->width.set && !m->height.set && !m->bin.set &&
		    !m->tags.set)
			yerr(c, n, "stock: a catalogue needs title, weight, "
			    "length, width, height, bin or tags");
		return;
	}
	if (!m->quantity.set)
		yerr(c, n, "stock: needs quantity");
	if (p->kind == KIND_SNAPSHOT && !m->location.set)
		yerr(c, n, "stock: a snapshot needs location");
	if (p->kind == KIND_MOVEMENTS && !m->from.set && !m->to.set)
		yerr(c, n, "stock: movements need from or to");
	if (p->kind == KIND_RECEIPTS && (!m->reference.set || !m->at.set))
		yerr(c, n, "stock: expected receipts need reference and at");
}

static char
parse_char(struct yctx *c, yaml_node_t *n, const char *what, int allow_none)
{
	const char *s = yscalar(c, n, what);

	if (s == NULL)
		return 0;
	if (!strcmp(s, "tab") || !strcmp(s, "\t"))
		return '\t';
	if (allow_none && (!strcmp(s, "none") || !strcmp(s, "auto")))
		return 0;
	if (strlen(s) != 1) {
		yerr(c, n, "%s: expected one character, not '%s'", what, s);
		return 0;
	}
	return s[0];
}

static void
parse_root(struct yctx *c, yaml_node_t *n, struct profile *p)
{
	const char *k;
	yaml_node_t *v, *stock_node = NULL;

	if (!ymapping(c, n, "profile"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "name"))
			p->name = scalar_dup(c, v, k);
		else if (!strcmp(k, "description"))
			p->description = scalar_dup(c, v, k);
		else if (!strcmp(k, "channel"))
			p->channel = scalar_dup(c, v, k);
		else if (!strcmp(k, "kind")) {
			const char *kd = yscalar(c, v, k);
			int kind = 0;

			while (kd && kind < KIND_COUNT &&
			    strcmp(kd, profile_kind_name(kind)) != 0)
				kind++;
			if (kd && kind < KIND_COUNT)
				p->kind = kind;
			else if (kd)
				yerr(c, v, "kind: expected orders, snapshot, "
				    "movements, receipts or catalogue, not '%s'",
				    kd);
		} else if (!strcmp(k, "stock"))
			stock_node = v;
		else if (!strcmp(k, "detect"))
			p->detect = string_list(c, v, k, &p->ndetect);
		else if (!strcmp(k, "delimiter"))
			p->delimiter = parse_char(c, v, k, 1);
		else if (!strcmp(k, "quote"))
			p->quote = parse_char(c, v, k, 1);
		else if (!strcmp(k, "encoding")) {
			const char *e = yscalar(c, v, k);

			if (e && (!strcasecmp(e, "windows-1252") ||
			    !strcasecmp(e, "cp1252") ||
			    !strcasecmp(e, "latin1") ||
			    !strcasecmp(e, "iso-8859-1")))
				p->windows1252 = 1;
			else if (e && strcasecmp(e, "utf-8") &&
			    strcasecmp(e, "utf8"))
				yerr(c, v, "encoding: expected utf-8 or "
				    "windows-1252, not '%s'", e);
		} else if (!strcmp(k, "decimal")) {
			p->money.decimal = parse_char(c, v, k, 0);
			if (p->money.decimal != '.' && p->money.decimal != ',')
				yerr(c, v, "decimal: expected '.' or ','");
		} else if (!strcmp(k, "rounding")) {
			const char *r = yscalar(c, v, k);

			if (r && !strcmp(r, "half-even"))
				p->money.round = 1;
			else if (r && strcmp(r, "reject"))
				yerr(c, v, "rounding: expected reject or "
				    "half-even, not '%s'", r);
		} else if (!strcmp(k, "date_format"))
			p->date_formats = string_list(c, v, k,
			    &p->ndate_formats);
		else if (!strcmp(k, "timezone")) {
			const char *z = yscalar(c, v, k);

			if (z && timezone_parse(z, &p->tz) < 0)
				yerr(c, v, "timezone: unknown zone '%s'", z);
		} else if (!strcmp(k, "currency"))
			p->currency = scalar_dup(c, v, k);
		else if (!strcmp(k, "prices_include_tax"))
			p->prices_include_tax = ybool(c, v, k);
		else if (!strcmp(k, "skip"))
			parse_rules(c, v, "skip", NULL, &p->skip);
		else if (!strcmp(k, "cancel"))
			parse_rules(c, v, "cancel", NULL, &p->cancel);
		else if (!strcmp(k, "hold"))
			parse_rules(c, v, "hold", "reason", &p->hold);
		else if (!strcmp(k, "order"))
			parse_order(c, v, p);
		else if (!strcmp(k, "line"))
			parse_line(c, v, p);
		else
			yerr(c, ynode(c, p_->key), "unknown key '%s'", k);
	}
	if (!c->failed && p->name == NULL)
		yerr(c, n, "profile needs a name");
	/* stock: is read last: what it needs depends on kind:. */
	if (!c->failed && p->kind != KIND_ORDERS) {
		if (stock_node == NULL)
			yerr(c, n, "a %s profile needs a stock: section",
			    profile_kind_name(p->kind));
		else
			parse_stock(c, stock_node, p);
	} else if (!c->failed && stock_node)
		yerr(c, stock_node, "stock: only in snapshot, movements, "
		    "receipts and catalogue profiles (kind:)");
	if (!c->failed && p->kind == KIND_ORDERS && !p->order.number.set)
		yerr(c, n, "profile needs an order: section with number");
}

struct profile *
profile_load(const char *yaml, size_t len, const char *origin)
{
	yaml_document_t doc;
	struct profile *p;
	struct yctx c = { &doc, origin, 0 };
	yaml_node_t *root;

	p = xcalloc(1, sizeof *p);
	p->origin = xstrdup(origin);
	p->delimiter = ',';
	p->quote = '"';
	p->money.decimal = '.';
	p->tz.kind = TZ_UTC;
	if (yload(&doc, yaml, len, origin) < 0) {
		profile_free(p);
		return NULL;
	}
	root = yaml_document_get_root_node(&doc);
	if (root == NULL) {
		fprintf(stderr, "%s: %s:1:1: empty profile\n", progname,
		    origin);
		c.failed = 1;
	} else
		parse_root(&c, root, p);
	yaml_document_delete(&doc);
	if (c.failed) {
		profile_free(p);
		return NULL;
	}
	if (p->ndate_formats == 0) {
		p->date_formats = xcalloc(3, sizeof(char *));
		p->date_formats[0] = xstrdup("%Y-%m-%dT%H:%M:%S%z");
		p->date_formats[1] = xstrdup("%Y-%m-%d %H:%M:%S");
		p->ndate_formats = 2;
	}
	return p;
}

struct profile *
profile_load_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[8192];
	size_t n;
	struct profile *p;

	if (f == NULL) {
		warnx_("%s: %s", path, strerror(errno));
		return NULL;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	p = profile_load(b.data ? b.data : "", b.len, path);
	buf_free(&b);
	return p;
}

struct profile *
profile_builtin(const char *name)
{
	const struct builtin_profile *b;
	char origin[96];

	for (b = builtin_profiles; b->name; b++) {
		if (strcmp(b->name, name) == 0) {
			snprintf(origin, sizeof origin, "built-in profile %s",
			    name);
			return profile_load(b->yaml, strlen(b->yaml), origin);
		}
	}
	return NULL;
}

struct profile **
profile_builtins(enum profile_kind kind)
{
	struct profile **v;
	int n, i, k = 0;

	for (n = 0; builtin_profiles[n].name; n++)
		;
	v = xcalloc((size_t)n + 1, sizeof *v);
	for (i = 0; i < n; i++) {
		struct profile *p = profile_builtin(builtin_profiles[i].name);

		if (p == NULL) {
			profile_builtins_free(v);
			return NULL;
		}
		if (p->kind == kind)
			v[k++] = p;
		else
			profile_free(p);
	}
	return v;
}

const char *
profile_kind_name(enum profile_kind kind)
{
	static const char *const names[KIND_COUNT] = { "orders", "snapshot",
	    "movements", "receipts", "catalogue" };

	return names[kind];
}

struct profile *
profile_find(struct profile **v, const char *name)
{
	int i;

	for (i = 0; v[i]; i++)
		if (strcmp(v[i]->name, name) == 0)
			return v[i];
	return NULL;
}

void
profile_builtins_free(struct profile **v)
{
	int i;

	for (i = 0; v && v[i]; i++)
		profile_free(v[i]);
	free(v);
}

static void
free_list(char **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
free_source(struct source *s)
{
	free_list(s->columns, s->ncolumns);
	free(s->index);
	free(s->join);
	free(s->constant);
	free(s->fallback);
	free(s->strip_prefix);
	free(s->strip_suffix);
	free_list(s->map_from, s->nmap);
	free_list(s->map_to, s->nmap);
}

static void
free_rules(struct rules *r)
{
	int i;

	for (i = 0; i < r->n; i++) {
		free_source(&r->v[i].src);
		free_list(r->v[i].values, r->v[i].nvalues);
		free(r->v[i].result);
	}
	free(r->v);
}

static void
free_address(struct address_map *a)
{
	free_source(&a->name);
	free_source(&a->company);
	free_source(&a->address1);
	free_source(&a->address2);
	free_source(&a->city);
	free_source(&a->region);
	free_source(&a->postal_code);
	free_source(&a->country);
	free_source(&a->phone);
}

void
profile_free(struct profile *p)
{
	if (p == NULL)
		return;
	free(p->name);
	free(p->description);
	free(p->channel);
	free(p->origin);
	free_list(p->detect, p->ndetect);
	free_list(p->date_formats, p->ndate_formats);
	free(p->currency);
	free_rules(&p->skip);
	free_rules(&p->cancel);
	free_rules(&p->hold);
	free_rules(&p->status);
	free_source(&p->order.number);
	free_source(&p->order.placed_at);
	free_source(&p->order.currency);
	free_source(&p->order.email);
	free_source(&p->order.phone);
	free_source(&p->order.customer_name);
	free_source(&p->order.ship_method);
	free_source(&p->order.risk);
	free_source(&p->order.deliver_by);
	free_source(&p->order.shipping);
	free_source(&p->order.tax);
	free_source(&p->order.discount);
	free_source(&p->order.total);
	free_address(&p->order.ship_to);
	free_address(&p->order.bill_to);
	free_source(&p->line.id);
	free_source(&p->line.sku);
	free_source(&p->line.title);
	free_source(&p->line.quantity);
	free_source(&p->line.unit_price);
	free_source(&p->line.line_total);
	free_source(&p->line.discount);
	free_source(&p->line.tax);
	free_source(&p->line.requires_shipping);
	free_rules(&p->line.status);
	free(p->packed.prefix);
	free(p->packed.index);
	free_source(&p->stock.sku);
	free_source(&p->stock.location);
	free_source(&p->stock.quantity);
	free_source(&p->stock.at);
	free_source(&p->stock.reason);
	free_source(&p->stock.from);
	free_source(&p->stock.to);
	free_source(&p->stock.reference);
	free_source(&p->stock.id);
	free_source(&p->stock.title);
	free_source(&p->stock.weight);
	free_source(&p->stock.weight_unit);
	free_source(&p->stock.length);
	free_source(&p->stock.width);
	free_source(&p->stock.height);
	free_source(&p->stock.length_unit);
	free_source(&p->stock.bin);
	free_source(&p->stock.tags);
	free(p);
}

static int
header_index(char **names, int nnames, const char *col)
{
	int i;

	for (i = 0; i < nnames; i++)
		if (strcmp(names[i], col) == 0)
			return i;
	return -1;
}

int
profile_matches(const struct profile *p, char **names, int nnames)
{
	int i;

	if (p->ndetect == 0)
		return 0;
	for (i = 0; i < p->ndetect; i++)
		if (header_index(names, nnames, p->detect[i]) < 0)
			return 0;
	return 1;
}

/*
 * Bind one source.  A packed line field names keys inside the packed
 * cell, not columns, so it is left unbound.  A required field whose
 * columns are all absent is an error; an optional one reads as empty.
 */
static int
bind_source(struct profile *p, struct source *s, const char *field,
    int required, char **names, int nnames, const char *file, long line)
{
	int i, found = 0;

	if (!s->set)
		return 0;
	free(s->index);
	s->index = xcalloc((size_t)s->ncolumns + 1, sizeof(int));
	for (i = 0; i < s->ncolumns; i++) {
		s->index[i] = header_index(names, nnames, s->columns[i]);
		found |= s->index[i] >= 0;
	}
	if (required && !found && s->constant == NULL && s->fallback == NULL &&
	    s->ncolumns > 0) {
		warnx_("%s:%ld: missing column '%s' for field '%s' "
		    "(profile %s)", file, line, s->columns[0], field, p->name);
		return -1;
	}
	return 0;
}

static int
bind_rules(struct profile *p, struct rules *r, char **names, int nnames,
    const char *file, long line)
{
	int i, rc = 0;

	for (i = 0; i < r->n; i++)
		rc |= bind_source(p, &r->v[i].src, "rule", 0, names, nnames,
		    file, line);
	return rc;
}

static int
bind_address(struct profile *p, struct address_map *a, char **names,
    int nnames, const char *file, long line)
{
	struct source *all[] = { &a->name, &a->company, &a->address1,
	    &a->address2, &a->city, &a->region, &a->postal_code, &a->country,
	    &a->phone };
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof all / sizeof all[0]; i++)
		rc |= bind_source(p, all[i], "address", 0, names, nnames, file,
		    line);
	return rc;
}

int
profile_bind(struct profile *p, char **names, int nnames, const char *file,
    long line)
{
	int rc = 0, i;
	struct source *optional[] = { &p->order.placed_at, &p->order.currency,
	    &p->order.email, &p->order.phone, &p->order.customer_name,
	    &p->order.ship_method,
	    &p->order.shipping, &p->order.tax,
	    &p->order.discount, &p->order.total, &p->order.risk,
	    &p->order.deliver_by };
	struct source *line_required[] = { &p->line.sku, &p->line.quantity,
	    &p->line.unit_price, &p->line.line_total };
	const char *line_required_names[] = { "sku", "quantity", "unit_price",
	    "line_total" };
	struct source *line_optional[] = { &p->line.id, &p->line.title,
	    &p->line.discount, &p->line.tax, &p->line.requires_shipping };

	if (p->kind != KIND_ORDERS) {
		struct source *req[] = { &p->stock.sku, &p->stock.quantity };
		struct source *opt[] = { &p->stock.location, &p->stock.at,
		    &p->stock.reason, &p->stock.from, &p->stock.to,
		    &p->stock.reference, &p->stock.id, &p->stock.title,
		    &p->stock.weight, &p->stock.weight_unit, &p->stock.length,
		    &p->stock.width, &p->stock.height, &p->stock.length_unit,
		    &p->stock.bin, &p->stock.tags };
		const char *req_names[] = { "sku", "quantity" };

		for (i = 0; i < (p->kind == KIND_CATALOGUE ? 1 : 2); i++)
			rc |= bind_source(p, req[i], req_names[i], 1, names,
			    nnames, file, line);
		for (i = 0; i < (int)(sizeof opt / sizeof opt[0]); i++)
			rc |= bind_source(p, opt[i], "stock", 0, names, nnames,
			    file, line);
		rc |= bind_rules(p, &p->skip, names, nnames, file, line);
		return rc ? -1 : 0;
	}
	rc |= bind_source(p, &p->order.number, "number", 1, names, nnames,
	    file, line);
	for (i = 0; i < (int)(sizeof optional / sizeof optional[0]); i++)
		rc |= bind_source(p, optional[i], "order", 0, names, nnames,
		    file, line);
	rc |= bind_address(p, &p->order.ship_to, names, nnames, file, line);
	rc |= bind_address(p, &p->order.bill_to, names, nnames, file, line);
	rc |= bind_rules(p, &p->skip, names, nnames, file, line);
	rc |= bind_rules(p, &p->cancel, names, nnames, file, line);
	rc |= bind_rules(p, &p->hold, names, nnames, file, line);
	rc |= bind_rules(p, &p->status, names, nnames, file, line);
	if (p->packed.set) {
		free(p->packed.index);
		p->packed.index = xcalloc((size_t)nnames + 1, sizeof(int));
		p->packed.nindex = 0;
		for (i = 0; i < nnames; i++)
			if (strncmp(names[i], p->packed.prefix,
			    strlen(p->packed.prefix)) == 0)
				p->packed.index[p->packed.nindex++] = i;
		if (p->packed.nindex == 0) {
			warnx_("%s:%ld: no column starts with '%s' (profile "
			    "%s)", file, line, p->packed.prefix, p->name);
			rc = -1;
		}
		return rc ? -1 : 0;
	}
	for (i = 0; i < 4; i++)
		rc |= bind_source(p, line_required[i], line_required_names[i],
		    1, names, nnames, file, line);
	for (i = 0; i < 5; i++)
		rc |= bind_source(p, line_optional[i], "line", 0, names,
		    nnames, file, line);
	rc |= bind_rules(p, &p->line.status, names, nnames, file, line);
	return rc ? -1 : 0;
}
