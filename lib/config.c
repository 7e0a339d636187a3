#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "config.h"
#include "contact.h"
#include "country.h"
#include "currency.h"
#include "money.h"
#include "util.h"
#include "yamldoc.h"

/*
 * The largest quantity, capacity or priority a merchant may write: far
 * above any real stock level, and small enough that a bundle's parts
 * multiplied through a few levels of nesting stay well inside long long.
 */
#define QTY_MAX	1000000000LL


/*
 * An empty value, "~" or "null": a section left empty, perhaps with its
 * entries commented out, is an empty section rather than an error.
 */
static int
is_null(yaml_node_t *n)
{
	const char *s;

	if (n == NULL)
		return 1;
	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	s = (const char *)n->data.scalar.value;
	return *s == '\0' || !strcmp(s, "~") || !strcmp(s, "null") ||
	    !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* A non-empty string: names and codes are never meant to be blank. */
static char *
text_dup(struct yctx *c, yaml_node_t *n, const char *what)
{
	const char *s = yscalar(c, n, what);

	if (s == NULL)
		return NULL;
	if (*s == '\0') {
		yerr(c, n, "%s: expected a value", what);
		return NULL;
	}
	return xstrdup(s);
}

#define NPAIRS(n)							\
	((int)((n)->data.mapping.pairs.top - (n)->data.mapping.pairs.start))
#define NITEMS(n)							\
	((int)((n)->data.sequence.items.top - (n)->data.sequence.items.start))

static int
sequence(struct yctx *c, yaml_node_t *n, const char *what)
{
	if (n == NULL || n->type != YAML_SEQUENCE_NODE) {
		yerr(c, n, "%s: expected a list", what);
		return 0;
	}
	return 1;
}

/*
 * A whole number in [min, max].  strtoll alone would take " 5", "5x"
 * (as 5) and "1.5" (as 1), and clamp overflows; each is refused here,
 * with the range the value must be in.
 */
static int
parse_int(struct yctx *c, yaml_node_t *n, const char *what, long long min,
    long long max, long long *out)
{
	const char *s = yscalar(c, n, what);
	char *end;
	long long v;

	if (s == NULL)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || isspace((unsigned char)*s) || *end != '\0' ||
	    errno == ERANGE || v < min || v > max) {
		yerr(c, n, "%s: expected an integer from %lld to %lld, "
		    "not '%s'", what, min, max, s);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * A decimal number in [min, max].  strtod also reads "nan", "inf" and
 * hexadecimal, none of which is a coordinate anyone means to write.
 */
static int
parse_number(struct yctx *c, yaml_node_t *n, const char *what, double min,
    double max, double *out)
{
	const char *s = yscalar(c, n, what);
	char *end;
	double v;

	if (s == NULL)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (*s == '\0' || s[strspn(s, "0123456789+-.eE")] != '\0' ||
	    *end != '\0' || errno == ERANGE || !isfinite(v) || v < min ||
	    v > max) {
		yerr(c, n, "%s: expected a number from %g to %g, not '%s'",
		    what, min, max, s);
		return -1;
	}
	*out = v;
	return 0;
}

/* "HH:MM", 00:00 to 23:59, as minutes after midnight. */
static int
parse_cutoff(struct yctx *c, yaml_node_t *n, const char *what)
{
	const char *s = yscalar(c, n, what);
	int h, m;

	if (s == NULL)
		return -1;
	if (strlen(s) != 5 || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]) ||
	    (h = (s[0] - '0') * 10 + s[1] - '0') > 23 ||
	    (m = (s[3] - '0') * 10 + s[4] - '0') > 59) {
		yerr(c, n, "%s: expected a time HH:MM from 00:00 to 23:59, "
		    "not '%s'", what, s);
		return -1;
	}
	return h * 60 + m;
}

/* "72h": a positive whole number and one unit; "never" is the default. */
static long
parse_duration(struct yctx *c, yaml_node_t *n, const char *what)
{
	const char *s = yscalar(c, n, what);
	char *end = NULL;
	long v, unit;

	if (s == NULL)
		return 0;
	if (!strcmp(s, "never"))
		return 0;
	errno = 0;
	v = isdigit((unsigned char)*s) ? strtol(s, &end, 10) : 0;
	unit = v <= 0 || errno == ERANGE || end[0] == '\0' || end[1] != '\0' ?
	    0 : end[0] == 's' ? 1 : end[0] == 'm' ? 60 :
	    end[0] == 'h' ? 3600 : end[0] == 'd' ? 86400 : 0;
	if (unit == 0 || v > QTY_MAX) {
		yerr(c, n, "%s: expected a whole number and a unit s, m, h "
		    "or d (like 72h), or never, not '%s'", what, s);
		return 0;
	}
	return v * unit;
}

/* Location ids go into the ledger and on command lines: keep them plain. */
static char *
parse_id(struct yctx *c, yaml_node_t *n, const char *what)
{
	const char *s = yscalar(c, n, what);

	if (s == NULL)
		return NULL;
	if (*s == '\0' || s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789._-")] != '\0') {
		yerr(c, n, "%s: expected letters, digits, '.', '_' and '-', "
		    "not '%s'", what, s);
		return NULL;
	}
	return xstrdup(s);
}

/*
 * A list of non-empty strings.  One string stands for a list of one, as
 * "when: {channel: shopify}" reads naturally; an empty list or value is
 * none, and callers that cannot mean none say so.
 */
static char **
text_list(struct yctx *c, yaml_node_t *n, const char *what, int *count)
{
	yaml_node_item_t *it;
	char **v;

	*count = 0;
	if (is_null(n))
		return NULL;
	if (n->type == YAML_SCALAR_NODE) {
		v = xcalloc(2, sizeof *v);
		if ((v[0] = text_dup(c, n, what)) != NULL)
			*count = 1;
		return v;
	}
	if (!sequence(c, n, what))
		return NULL;
	v = xcalloc((size_t)NITEMS(n) + 1, sizeof *v);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		char *s = text_dup(c, ynode(c, *it), what);

		if (s == NULL)
			break;
		v[(*count)++] = s;
	}
	return v;
}

static char **
channel_list(struct yctx *c, yaml_node_t *n, const char *what, int *count)
{
	*count = 0;
	if (!sequence(c, n, what))
		return NULL;
	if (NITEMS(n) == 0) {
		yerr(c, n, "%s: expected at least one channel (leave %s out "
		    "to serve every channel)", what, what);
		return NULL;
	}
	return text_list(c, n, what, count);
}

/* Where the i-th string of a text_list was written, for messages. */
static yaml_node_t *
list_item(struct yctx *c, yaml_node_t *n, int i)
{
	if (n->type != YAML_SEQUENCE_NODE)
		return n;
	return ynode(c, n->data.sequence.items.start[i]);
}

/*
 * Countries written as address.country is, kept as the alpha-2 codes
 * that orders carry, so that routing compares codes and not spellings.
 */
static char **
country_list(struct yctx *c, yaml_node_t *n, const char *what, int *count)
{
	char **v = text_list(c, n, what, count);
	const char *cc;
	int i;

	for (i = 0; i < *count && !c->failed; i++) {
		if ((cc = country_code(v[i])) == NULL) {
			yerr(c, list_item(c, n, i), "%s: unknown country '%s'",
			    what, v[i]);
			break;
		}
		free(v[i]);
		v[i] = xstrdup(cc);
	}
	return v;
}

static void
free_list(char **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * An amount: a decimal number, blanks and an ISO 4217 code, as in
 * "1000.00 EUR".  No sign, symbol or thousands separator: a threshold
 * is written by hand, once, and "1,000" would be a question of locale.
 */
static int
parse_amount(struct yctx *c, yaml_node_t *n, const char *what,
    struct amount *out)
{
	const char *s = yscalar(c, n, what), *code, *why = NULL;
	char num[32];
	long long minor = 0;
	size_t len;
	int exp = -1;

	if (s == NULL)
		return -1;
	len = strcspn(s, " \t");
	code = s + len + strspn(s + len, " \t");
	if (len == 0 || len >= sizeof num ||
	    strspn(s, "0123456789.") != len || *code == '\0' ||
	    code[strcspn(code, " \t")] != '\0')
		why = "expected a decimal number and a currency code, "
		    "like 100.00 EUR";
	else if ((exp = currency_exponent(code)) < 0) {
		yerr(c, n, "%s: bad amount '%s': unknown currency '%s'", what,
		    s, code);
		return -1;
	} else {
		memcpy(num, s, len);
		num[len] = '\0';
		money_parse(num, exp, NULL, &minor, &why);
	}
	if (why != NULL) {
		yerr(c, n, "%s: bad amount '%s': %s", what, s, why);
		return -1;
	}
	out->minor = minor;
	memcpy(out->currency, code, sizeof out->currency);
	return 0;
}

static void
parse_address(struct yctx *c, yaml_node_t *n, struct location *l)
{
	const char *k;
	yaml_node_t *v;

	if (!ymapping(c, n, "address"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		char **field =
		    !strcmp(k, "address1") ? &l->address1 :
		    !strcmp(k, "city") ? &l->city :
		    !strcmp(k, "region") ? &l->region :
		    !strcmp(k, "postal_code") ? &l->postal_code : NULL;

		if (c->failed)
			break;
		if (field)
			*field = text_dup(c, v, k);
		else if (!strcmp(k, "country")) {
			/* Stored as the ledger stores an order's: alpha-2. */
			const char *s = yscalar(c, v, k), *cc;

			if (s && (cc = country_code(s)) == NULL)
				yerr(c, v, "country: unknown country '%s'", s);
			else if (s)
				l->country = xstrdup(cc);
		} else
			yerr(c, ynode(c, p_->key), "address: unknown key '%s'",
			    k);
	}
}

static void
parse_location(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	struct location *l = &cf->locations[cf->nlocations];
	yaml_node_t *v, *id = NULL, *lat = NULL, *lon = NULL, *pickup = NULL;
	const char *k;
	long long q;
	int i, j, m;

	if (!ymapping(c, n, "locations"))
		return;
	/* Counted now so that config_free releases what is read. */
	cf->nlocations++;
	l->cutoff_minutes = -1;
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "id")) {
			id = v;
			l->code = parse_id(c, v, k);
		} else if (!strcmp(k, "name"))
			l->name = text_dup(c, v, k);
		else if (!strcmp(k, "type")) {
			const char *s = yscalar(c, v, k);

			if (s == NULL)
				break;
			if (!strcasecmp(s, "warehouse"))
				l->type = LOC_WAREHOUSE;
			else if (!strcasecmp(s, "store"))
				l->type = LOC_STORE;
			else if (!strcasecmp(s, "3pl"))
				l->type = LOC_3PL;
			else if (!strcasecmp(s, "dropship"))
				l->type = LOC_DROPSHIP;
			else
				yerr(c, v, "type: expected warehouse, store, "
				    "3pl or dropship, not '%s'", s);
		} else if (!strcmp(k, "address"))
			parse_address(c, v, l);
		else if (!strcmp(k, "latitude")) {
			lat = v;
			parse_number(c, v, k, -90, 90, &l->latitude);
		} else if (!strcmp(k, "longitude")) {
			lon = v;
			parse_number(c, v, k, -180, 180, &l->longitude);
		} else if (!strcmp(k, "channels"))
			l->channels = channel_list(c, v, k, &l->nchannels);
		else if (!strcmp(k, "capacity")) {
			if (parse_int(c, v, k, 0, QTY_MAX, &q) == 0)
				l->capacity = (int)q;
		} else if (!strcmp(k, "cutoff"))
			l->cutoff_minutes = parse_cutoff(c, v, k);
		else if (!strcmp(k, "ship_from_store"))
			l->ship_from_store = ybool(c, v, k);
		else if (!strcmp(k, "click_and_collect"))
			l->click_and_collect = ybool(c, v, k);
		else if (!strcmp(k, "countries")) {
			l->countries = country_list(c, v, k, &l->ncountries);
			/* None would read as everywhere: say it by omission. */
			if (!c->failed && l->ncountries == 0)
				yerr(c, v, "countries: expected at least one "
				    "country (leave countries out to ship "
				    "everywhere)");
		} else if (!strcmp(k, "priority")) {
			if (parse_int(c, v, k, -QTY_MAX, QTY_MAX, &q) == 0)
				l->priority = (int)q;
		} else if (!strcmp(k, "pickup_methods")) {
			pickup = v;
			l->pickup_methods = text_list(c, v, k,
			    &l->npickup_methods);
		} else
			yerr(c, ynode(c, p_->key), "locations: unknown key '%s'",
			    k);
	}
	if (c->failed)
		return;
	if (id == NULL) {
		yerr(c, n, "locations: needs an id");
		return;
	}
	for (i = 0; i < cf->nlocations - 1; i++)
		if (!strcmp(cf->locations[i].code, l->code)) {
			yerr(c, id, "locations: duplicate id '%s'", l->code);
			return;
		}
	/* A pickup method sends an order to one store: which, if two? */
	for (m = 0; m < l->npickup_methods; m++)
		for (i = 0; i < cf->nlocations - 1; i++)
			for (j = 0; j < cf->locations[i].npickup_methods; j++)
				if (!strcasecmp(cf->locations[i].
				    pickup_methods[j], l->pickup_methods[m])) {
					yerr(c, list_item(c, pickup, m),
					    "pickup_methods: '%s' is already "
					    "a pickup method of '%s'",
					    l->pickup_methods[m],
					    cf->locations[i].code);
					return;
				}
	/* A distance needs both; one alone is a line lost in editing. */
	if (lat && !lon)
		yerr(c, lat, "latitude: needs a longitude too");
	else if (lon && !lat)
		yerr(c, lon, "longitude: needs a latitude too");
	l->has_coordinates = lat && lon;
	if (l->name == NULL)
		l->name = xstrdup(l->code);
}

static void
parse_locations(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	yaml_node_item_t *it;

	if (is_null(n) || !sequence(c, n, "locations"))
		return;
	cf->locations = xcalloc((size_t)NITEMS(n) + 1,
	    sizeof *cf->locations);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top && !c->failed; it++)
		parse_location(c, ynode(c, *it), cf);
}

/*
 * safety_stock and channel_buffers: rules of sku, a location or a
 * channel (where_key), and quantity.  Two rules for the same sku and
 * place would leave the reader guessing which one counts.
 */
static void
parse_keep_backs(struct yctx *c, yaml_node_t *n, const char *what,
    const char *where_key, struct config *cf, struct keep_back **out,
    int *count)
{
	yaml_node_item_t *it, *jt;

	if (is_null(n) || !sequence(c, n, what))
		return;
	*out = xcalloc((size_t)NITEMS(n) + 1, sizeof **out);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top && !c->failed; it++) {
		yaml_node_t *rn = ynode(c, *it), *v;
		struct keep_back *r = &(*out)[*count];
		const char *k;
		int have_qty = 0;

		if (!ymapping(c, rn, what))
			return;
		(*count)++;
		YFOR_PAIRS(c, rn, k, v) {
			if (c->failed)
				break;
			if (!strcmp(k, "sku"))
				r->sku = text_dup(c, v, k);
			else if (!strcmp(k, where_key)) {
				r->where = text_dup(c, v, k);
				if (r->where && cf && !config_location(cf,
				    r->where))
					yerr(c, v, "%s: unknown location '%s'",
					    what, r->where);
			} else if (!strcmp(k, "quantity"))
				have_qty = parse_int(c, v, k, 0, QTY_MAX,
				    &r->quantity) == 0;
			else
				yerr(c, ynode(c, p_->key),
				    "%s: unknown key '%s'", what, k);
		}
		if (c->failed)
			return;
		if (!have_qty) {
			yerr(c, rn, "%s: rule needs a quantity", what);
			return;
		}
		for (jt = n->data.sequence.items.start; jt < it; jt++) {
			struct keep_back *o = &(*out)[jt -
			    n->data.sequence.items.start];

			if ((o->sku == NULL ? r->sku == NULL :
			    r->sku && !strcmp(o->sku, r->sku)) &&
			    (o->where == NULL ? r->where == NULL :
			    r->where && !strcmp(o->where, r->where))) {
				yerr(c, rn, "%s: same sku and %s as the rule "
				    "on line %lu", what, where_key,
				    (unsigned long)ynode(c, *jt)->
				    start_mark.line + 1);
				return;
			}
		}
	}
}

static int
bundle_index(const struct config *cf, const char *sku)
{
	int i;

	for (i = 0; i < cf->nbundles; i++)
		if (!strcmp(cf->bundles[i].sku, sku))
			return i;
	return -1;
}

/*
 * Depth first from bundle i, path[0..depth) the bundles above it and
 * state 1 for those on the path, 2 for those seen through.  A part that
 * is on the path closes a loop; it is reported from where it starts, at
 * the part that closes it.
 */
static int
find_loop(struct yctx *c, yaml_node_t *n, struct config *cf, int i,
    int *path, int depth, char *state)
{
	const struct bundle *b = &cf->bundles[i];
	yaml_node_t *bn = ynode(c, n->data.mapping.pairs.start[i].value);
	int j, k, d;

	state[i] = 1;
	path[depth++] = i;
	for (j = 0; j < b->nparts; j++) {
		if ((k = bundle_index(cf, b->parts[j].sku)) < 0 ||
		    state[k] == 2)
			continue;
		if (state[k] == 1) {
			struct buf msg;

			buf_init(&msg);
			for (d = 0; path[d] != k; d++)
				;
			for (; d < depth; d++)
				buf_printf(&msg, "%s -> ",
				    cf->bundles[path[d]].sku);
			buf_adds(&msg, cf->bundles[k].sku);
			yerr(c, ynode(c, bn->data.mapping.pairs.start[j].key),
			    "bundle loop: %s", msg.data);
			buf_free(&msg);
			return 1;
		}
		if (find_loop(c, n, cf, k, path, depth, state))
			return 1;
	}
	state[i] = 2;
	return 0;
}

static void
parse_bundles(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	const char *k, *pk;
	yaml_node_t *v, *pv;
	int i, *path;
	char *state;

	if (is_null(n) || !ymapping(c, n, "bundles"))
		return;
	cf->bundles = xcalloc((size_t)NPAIRS(n) + 1, sizeof *cf->bundles);
	YFOR_PAIRS(c, n, k, v) {
		struct bundle *b = &cf->bundles[cf->nbundles];

		if (*k == '\0') {
			yerr(c, ynode(c, p_->key), "bundles: expected a SKU");
			return;
		}
		if (!ymapping(c, v, k))
			return;
		if (NPAIRS(v) == 0) {
			yerr(c, v, "%s: a bundle needs components", k);
			return;
		}
		cf->nbundles++;
		b->sku = xstrdup(k);
		b->parts = xcalloc((size_t)NPAIRS(v), sizeof *b->parts);
		YFOR_PAIRS(c, v, pk, pv) {
			struct bundle_part *bp = &b->parts[b->nparts];

			if (*pk == '\0') {
				yerr(c, ynode(c, p_->key),
				    "%s: expected a SKU", k);
				return;
			}
			if (parse_int(c, pv, pk, 1, QTY_MAX, &bp->quantity))
				return;
			bp->sku = xstrdup(pk);
			b->nparts++;
		}
		if (c->failed)
			return;
	}
	/*
	 * Exploding a bundle that contains itself would never end; find
	 * the loops now, while the nodes can still say where they are.
	 */
	path = xcalloc((size_t)cf->nbundles + 1, sizeof *path);
	state = xcalloc((size_t)cf->nbundles + 1, 1);
	for (i = 0; i < cf->nbundles && !c->failed; i++)
		if (state[i] == 0)
			find_loop(c, n, cf, i, path, 0, state);
	free(path);
	free(state);
}

static void
parse_priorities(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	yaml_node_item_t *it;

	if (is_null(n) || !sequence(c, n, "priority"))
		return;
	cf->priorities = xcalloc((size_t)NITEMS(n) + 1,
	    sizeof *cf->priorities);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top && !c->failed; it++) {
		yaml_node_t *rn = ynode(c, *it), *v;
		struct priority_rule *r = &cf->priorities[cf->npriorities];
		const char *k;
		long long q;
		int have = 0;

		if (!ymapping(c, rn, "priority"))
			return;
		cf->npriorities++;
		YFOR_PAIRS(c, rn, k, v) {
			if (c->failed)
				break;
			if (!strcmp(k, "channel"))
				r->channel = text_dup(c, v, k);
			else if (!strcmp(k, "ship_method"))
				r->ship_method = text_dup(c, v, k);
			else if (!strcmp(k, "priority")) {
				if (parse_int(c, v, k, -QTY_MAX, QTY_MAX,
				    &q) == 0) {
					r->priority = (int)q;
					have = 1;
				}
			} else
				yerr(c, ynode(c, p_->key),
				    "priority: unknown key '%s'", k);
		}
		if (!have)
			yerr(c, rn, "priority: rule needs a priority");
	}
}

static void
parse_allocation(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	const char *k;
	yaml_node_t *v;

	if (is_null(n) || !ymapping(c, n, "allocation"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "partial"))
			cf->allow_partial = ybool(c, v, k);
		else if (!strcmp(k, "preorder"))
			cf->allow_preorder = ybool(c, v, k);
		else if (!strcmp(k, "expire_after"))
			cf->expire_seconds = parse_duration(c, v, k);
		else if (!strcmp(k, "priority"))
			parse_priorities(c, v, cf);
		else
			yerr(c, ynode(c, p_->key),
			    "allocation: unknown key '%s'", k);
	}
}

/* fraud.rules' types, in the order of enum fraud_kind. */
static const char *const fraud_kinds[] = {
	"order_value", "unusual_value", "velocity", "country_mismatch",
	"new_customer", "blocked", "many_units", "channel_risk", NULL
};

/* Each type's own keys, besides type, points and reason. */
static const char *const fraud_params[][4] = {
	{ "above" }, { "z", "min_history" }, { "per", "window", "max" },
	{ NULL }, { "above" }, { "emails", "phones", "addresses" },
	{ "units" }, { "levels" }
};

static int
fraud_param(int kind, const char *k)
{
	int i;

	for (i = 0; fraud_params[kind][i]; i++)
		if (!strcmp(fraud_params[kind][i], k))
			return 1;
	return 0;
}

/*
 * "street, postal code, country": the parts an order's address is
 * compared on, so a line with more or fewer could never match.
 */
static void
check_addresses(struct yctx *c, yaml_node_t *n, char **v, int count)
{
	char *dup, *part[3], *p, *comma, *e;
	int i, np, bad;

	for (i = 0; i < count && !c->failed; i++) {
		p = dup = xstrdup(v[i]);
		np = 0;
		bad = 0;
		for (;;) {
			if ((comma = strchr(p, ',')) != NULL)
				*comma = '\0';
			if (np == 3) {
				bad = 1;
				break;
			}
			p += strspn(p, " \t");
			for (e = p + strlen(p); e > p &&
			    (e[-1] == ' ' || e[-1] == '\t'); e--)
				;
			*e = '\0';
			bad |= *p == '\0';
			part[np++] = p;
			if (comma == NULL)
				break;
			p = comma + 1;
		}
		if (bad || np != 3)
			yerr(c, list_item(c, n, i), "addresses: expected "
			    "street, postal code, country, not '%s'", v[i]);
		else if (country_code(part[2]) == NULL)
			yerr(c, list_item(c, n, i), "addresses: unknown "
			    "country '%s' in '%s'", part[2], v[i]);
		free(dup);
	}
}

/* A blocklist in the form orders are compared in; NULL where none. */
static char **
normal_forms(char **v, int n, int (*key)(const char *, char *, size_t))
{
	char **out = xcalloc((size_t)n + 1, sizeof *out), buf[512];
	int i;

	for (i = 0; i < n; i++)
		if (key(v[i], buf, sizeof buf) == 0)
			out[i] = xstrdup(buf);
	return out;
}

static void
parse_fraud_rule(struct yctx *c, yaml_node_t *rn, struct fraud_config *fc)
{
	struct fraud_rule *r = &fc->rules[fc->nrules];
	yaml_node_t *v, *type = NULL;
	const char *k, *s, *need = NULL;
	int points = 0, above = 0, z = 0, per = 0, window = 0, max = 0;
	int units = 0, i;
	long long q;

	if (!ymapping(c, rn, "rules"))
		return;
	fc->nrules++;
	/* The type first, wherever it is: it says which keys belong. */
	YFOR_PAIRS(c, rn, k, v)
		if (!strcmp(k, "type"))
			type = v;
	if (type == NULL) {
		yerr(c, rn, "rules: rule needs a type");
		return;
	}
	if ((s = yscalar(c, type, "type")) == NULL)
		return;
	for (i = 0; fraud_kinds[i] && strcmp(fraud_kinds[i], s); i++)
		;
	if (fraud_kinds[i] == NULL) {
		yerr(c, type, "type: expected order_value, unusual_value, "
		    "velocity, country_mismatch, new_customer, blocked, "
		    "many_units or channel_risk, not '%s'", s);
		return;
	}
	r->kind = (enum fraud_kind)i;
	if (r->kind == FRAUD_UNUSUAL_VALUE)
		r->min_history = 5;
	YFOR_PAIRS(c, rn, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "type"))
			continue;
		else if (!strcmp(k, "points")) {
			if ((points = parse_int(c, v, k, 1, 1000, &q) == 0))
				r->points = (int)q;
		} else if (!strcmp(k, "reason"))
			r->reason = text_dup(c, v, k);
		else if (!fraud_param(r->kind, k)) {
			for (i = 0; fraud_kinds[i] && !fraud_param(i, k); i++)
				;
			if (fraud_kinds[i] != NULL)
				yerr(c, ynode(c, p_->key), "rules: %s rules "
				    "take no '%s'", fraud_kinds[r->kind], k);
			else
				yerr(c, ynode(c, p_->key),
				    "rules: unknown key '%s'", k);
		} else if (!strcmp(k, "above"))
			above = parse_amount(c, v, k, &r->above) == 0;
		else if (!strcmp(k, "z")) {
			z = parse_number(c, v, k, 0, 100, &r->z) == 0;
			if (z && r->z == 0)
				yerr(c, v, "z: expected a number above 0, "
				    "not '%s'", yscalar(c, v, k));
		} else if (!strcmp(k, "min_history")) {
			if (parse_int(c, v, k, 2, QTY_MAX, &q) == 0)
				r->min_history = (int)q;
		} else if (!strcmp(k, "per")) {
			if ((s = yscalar(c, v, k)) == NULL)
				break;
			per = 1;
			if (!strcmp(s, "email"))
				r->per = FKEY_EMAIL;
			else if (!strcmp(s, "phone"))
				r->per = FKEY_PHONE;
			else if (!strcmp(s, "address"))
				r->per = FKEY_ADDRESS;
			else
				yerr(c, v, "per: expected email, phone or "
				    "address, not '%s'", s);
		} else if (!strcmp(k, "window")) {
			/* parse_duration's "never" is no window at all. */
			if ((s = yscalar(c, v, k)) != NULL &&
			    !strcmp(s, "never"))
				yerr(c, v, "window: expected a whole number "
				    "and a unit s, m, h or d (like 1h), not "
				    "'%s'", s);
			else
				window = (r->window_seconds =
				    parse_duration(c, v, k)) > 0;
		} else if (!strcmp(k, "max")) {
			if ((max = parse_int(c, v, k, 1, QTY_MAX, &q) == 0))
				r->max_orders = (int)q;
		} else if (!strcmp(k, "emails")) {
			r->emails = text_list(c, v, k, &r->nemails);
			r->email_keys = normal_forms(r->emails, r->nemails,
			    contact_email_key);
		} else if (!strcmp(k, "phones")) {
			r->phones = text_list(c, v, k, &r->nphones);
			r->phone_keys = normal_forms(r->phones, r->nphones,
			    contact_phone_key);
		} else if (!strcmp(k, "addresses")) {
			r->addresses = text_list(c, v, k, &r->naddresses);
			check_addresses(c, v, r->addresses, r->naddresses);
			r->address_keys = normal_forms(r->addresses,
			    r->naddresses, contact_address_text_key);
		} else if (!strcmp(k, "units"))
			units = parse_int(c, v, k, 1, QTY_MAX, &r->units) == 0;
		else if (!strcmp(k, "levels")) {
			/* Compared with the order's, which import lowers. */
			r->levels = text_list(c, v, k, &r->nlevels);
			for (i = 0; i < r->nlevels; i++)
				for (s = r->levels[i]; *s; s++)
					*(char *)s = (char)tolower(
					    (unsigned char)*s);
		}
	}
	if (c->failed)
		return;
	switch (r->kind) {
	case FRAUD_ORDER_VALUE:
	case FRAUD_NEW_CUSTOMER:
		need = !above ? "above" : NULL;
		break;
	case FRAUD_UNUSUAL_VALUE:
		need = !z ? "z" : NULL;
		break;
	case FRAUD_VELOCITY:
		need = !per ? "per" : !window ? "window" : !max ? "max" : NULL;
		break;
	case FRAUD_COUNTRY_MISMATCH:
		break;
	case FRAUD_BLOCKED:
		if (r->nemails + r->nphones + r->naddresses == 0) {
			yerr(c, rn, "rules: blocked rule needs emails, phones "
			    "or addresses");
			return;
		}
		break;
	case FRAUD_MANY_UNITS:
		need = !units ? "units" : NULL;
		break;
	case FRAUD_CHANNEL_RISK:
		need = r->nlevels == 0 ? "levels" : NULL;
		break;
	}
	if (need == NULL && !points)
		need = "points";
	if (need != NULL) {
		yerr(c, rn, "rules: %s rule needs '%s'", fraud_kinds[r->kind],
		    need);
		return;
	}
	if (r->reason == NULL)
		r->reason = xstrdup(fraud_kinds[r->kind]);
}

static void
parse_fraud(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	struct fraud_config *fc = &cf->fraud;
	yaml_node_item_t *it;
	const char *k;
	yaml_node_t *v;
	long long q;

	if (is_null(n) || !ymapping(c, n, "fraud"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "hold_score")) {
			if (parse_int(c, v, k, 1, QTY_MAX, &q) == 0)
				fc->hold_score = (int)q;
		} else if (!strcmp(k, "rules")) {
			if (is_null(v) || !sequence(c, v, k))
				continue;
			fc->rules = xcalloc((size_t)NITEMS(v) + 1,
			    sizeof *fc->rules);
			for (it = v->data.sequence.items.start;
			    it < v->data.sequence.items.top && !c->failed;
			    it++)
				parse_fraud_rule(c, ynode(c, *it), fc);
		} else
			yerr(c, ynode(c, p_->key), "fraud: unknown key '%s'",
			    k);
	}
	/* Without a score to reach, the rules would add up to nothing. */
	if (!c->failed && fc->nrules > 0 && fc->hold_score == 0)
		yerr(c, n, "fraud: rules need a hold_score");
}

static void
parse_split(struct yctx *c, yaml_node_t *n, struct split_rules *sp)
{
	const char *k, *s;
	yaml_node_t *v;
	long long q;

	if (is_null(n) || !ymapping(c, n, "split"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "policy")) {
			if ((s = yscalar(c, v, k)) == NULL)
				break;
			if (!strcmp(s, "fewest"))
				sp->policy = SPLIT_FEWEST;
			else if (!strcmp(s, "none"))
				sp->policy = SPLIT_NONE;
			else
				yerr(c, v, "policy: expected fewest or none, "
				    "not '%s'", s);
		} else if (!strcmp(k, "max_shipments")) {
			if (parse_int(c, v, k, 1, 20, &q) == 0)
				sp->max_shipments = (int)q;
		} else if (!strcmp(k, "min_shipment_value"))
			parse_amount(c, v, k, &sp->min_value);
		else
			yerr(c, ynode(c, p_->key), "split: unknown key '%s'",
			    k);
	}
}

static int
zone_index(const struct routing_config *rc, const char *name)
{
	int i;

	for (i = 0; i < rc->nzones; i++)
		if (rc->zones[i].name && !strcmp(rc->zones[i].name, name))
			return i;
	return -1;
}

static void
parse_zones(struct yctx *c, yaml_node_t *n, struct routing_config *rc)
{
	yaml_node_item_t *it;
	int i, j, m;

	if (is_null(n) || !sequence(c, n, "zones"))
		return;
	rc->zones = xcalloc((size_t)NITEMS(n) + 1, sizeof *rc->zones);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top && !c->failed; it++) {
		yaml_node_t *zn = ynode(c, *it), *v, *name = NULL, *cn = NULL;
		struct zone *z = &rc->zones[rc->nzones];
		const char *k;

		if (!ymapping(c, zn, "zones"))
			return;
		rc->nzones++;
		YFOR_PAIRS(c, zn, k, v) {
			if (c->failed)
				break;
			if (!strcmp(k, "name")) {
				name = v;
				z->name = text_dup(c, v, k);
			} else if (!strcmp(k, "countries")) {
				cn = v;
				z->countries = country_list(c, v, k,
				    &z->ncountries);
			} else
				yerr(c, ynode(c, p_->key),
				    "zones: unknown key '%s'", k);
		}
		if (c->failed)
			return;
		if (name == NULL) {
			yerr(c, zn, "zones: needs a name");
			return;
		}
		if (z->ncountries == 0) {
			yerr(c, cn ? cn : zn, "zones: needs countries");
			return;
		}
		if (zone_index(rc, z->name) != rc->nzones - 1) {
			yerr(c, name, "zones: duplicate name '%s'", z->name);
			return;
		}
		/* A country's zone decides its cost: it can have but one. */
		for (m = 0; m < z->ncountries; m++)
			for (i = 0; i < rc->nzones; i++)
				for (j = 0; j < rc->zones[i].ncountries &&
				    (i < rc->nzones - 1 || j < m); j++)
					if (!strcmp(rc->zones[i].countries[j],
					    z->countries[m])) {
						yerr(c, list_item(c, cn, m),
						    "countries: %s is already "
						    "in zone '%s'",
						    z->countries[m],
						    rc->zones[i].name);
						return;
					}
	}
}

static void
parse_costs(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	struct routing_config *rc = &cf->routing;
	yaml_node_item_t *it, *jt;

	if (is_null(n) || !sequence(c, n, "costs"))
		return;
	rc->costs = xcalloc((size_t)NITEMS(n) + 1, sizeof *rc->costs);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top && !c->failed; it++) {
		yaml_node_t *rn = ynode(c, *it), *v;
		struct zone_cost *zc = &rc->costs[rc->ncosts];
		const char *k;
		int have_cost = 0;

		if (!ymapping(c, rn, "costs"))
			return;
		rc->ncosts++;
		YFOR_PAIRS(c, rn, k, v) {
			if (c->failed)
				break;
			if (!strcmp(k, "location")) {
				zc->location = text_dup(c, v, k);
				if (zc->location &&
				    !config_location(cf, zc->location))
					yerr(c, v, "costs: unknown location "
					    "'%s'", zc->location);
			} else if (!strcmp(k, "zone")) {
				zc->zone = text_dup(c, v, k);
				if (zc->zone && zone_index(rc, zc->zone) < 0)
					yerr(c, v, "costs: unknown zone '%s'",
					    zc->zone);
			} else if (!strcmp(k, "cost"))
				have_cost = parse_amount(c, v, k,
				    &zc->cost) == 0;
			else
				yerr(c, ynode(c, p_->key),
				    "costs: unknown key '%s'", k);
		}
		if (c->failed)
			return;
		if (zc->location == NULL || zc->zone == NULL || !have_cost) {
			yerr(c, rn, "costs: needs a location, a zone and a "
			    "cost");
			return;
		}
		for (jt = n->data.sequence.items.start; jt < it; jt++) {
			struct zone_cost *o = &rc->costs[jt -
			    n->data.sequence.items.start];

			if (!strcmp(o->location, zc->location) &&
			    !strcmp(o->zone, zc->zone)) {
				yerr(c, rn, "costs: same location and zone as "
				    "the cost on line %lu",
				    (unsigned long)ynode(c, *jt)->
				    start_mark.line + 1);
				return;
			}
		}
	}
}

static void
parse_sku_tags(struct yctx *c, yaml_node_t *n, struct routing_config *rc)
{
	yaml_node_item_t *it;
	int i;

	if (is_null(n) || !sequence(c, n, "sku_tags"))
		return;
	rc->tags = xcalloc((size_t)NITEMS(n) + 1, sizeof *rc->tags);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top && !c->failed; it++) {
		yaml_node_t *rn = ynode(c, *it), *v, *sku = NULL, *tn = NULL;
		struct sku_tags *t = &rc->tags[rc->ntags];
		const char *k;

		if (!ymapping(c, rn, "sku_tags"))
			return;
		rc->ntags++;
		YFOR_PAIRS(c, rn, k, v) {
			if (c->failed)
				break;
			if (!strcmp(k, "sku")) {
				sku = v;
				t->sku = text_dup(c, v, k);
			} else if (!strcmp(k, "tags")) {
				tn = v;
				t->tags = text_list(c, v, k, &t->ntags);
			} else
				yerr(c, ynode(c, p_->key),
				    "sku_tags: unknown key '%s'", k);
		}
		if (c->failed)
			return;
		if (sku == NULL) {
			yerr(c, rn, "sku_tags: needs a sku");
			return;
		}
		if (t->ntags == 0) {
			yerr(c, tn ? tn : rn, "sku_tags: needs tags");
			return;
		}
		/* Two entries for a SKU: which tags were meant? */
		for (i = 0; i < rc->ntags - 1; i++)
			if (!strcmp(rc->tags[i].sku, t->sku)) {
				yerr(c, sku, "sku_tags: duplicate sku '%s'",
				    t->sku);
				return;
			}
	}
}

static void
parse_when(struct yctx *c, yaml_node_t *n, struct route_strategy *s)
{
	const char *k;
	yaml_node_t *v;

	if (is_null(n) || !ymapping(c, n, "when"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "channel"))
			s->channels = text_list(c, v, k, &s->nchannels);
		else if (!strcmp(k, "country"))
			s->countries = country_list(c, v, k, &s->ncountries);
		else if (!strcmp(k, "region"))
			s->regions = text_list(c, v, k, &s->nregions);
		else if (!strcmp(k, "ship_method"))
			s->ship_methods = text_list(c, v, k,
			    &s->nship_methods);
		else if (!strcmp(k, "sku_tag"))
			s->sku_tags = text_list(c, v, k, &s->nsku_tags);
		else if (!strcmp(k, "value_above"))
			parse_amount(c, v, k, &s->value_above);
		else if (!strcmp(k, "value_below"))
			parse_amount(c, v, k, &s->value_below);
		else
			yerr(c, ynode(c, p_->key), "when: unknown key '%s'",
			    k);
	}
}

static unsigned
parse_exclude(struct yctx *c, yaml_node_t *n)
{
	char **w;
	unsigned mask = 0;
	int nw, i;

	w = text_list(c, n, "exclude", &nw);
	for (i = 0; i < nw && !c->failed; i++) {
		if (!strcmp(w[i], "channel"))
			mask |= EXCL_CHANNEL;
		else if (!strcmp(w[i], "country"))
			mask |= EXCL_COUNTRY;
		else if (!strcmp(w[i], "stock"))
			mask |= EXCL_STOCK;
		else if (!strcmp(w[i], "capacity"))
			mask |= EXCL_CAPACITY;
		else
			yerr(c, list_item(c, n, i), "exclude: expected "
			    "channel, country, stock or capacity, not '%s'",
			    w[i]);
	}
	free_list(w, nw);
	return mask;
}

static void
parse_rank(struct yctx *c, yaml_node_t *n, struct route_strategy *s)
{
	static const char *const names[] = {
		"distance", "cost", "capacity", "priority"
	};
	char **w;
	int nw, i, j, m;

	w = text_list(c, n, "rank", &nw);
	/* Ranking by nothing is a list emptied by mistake, not a choice. */
	if (!c->failed && nw == 0)
		yerr(c, n, "rank: expected at least one of distance, cost, "
		    "capacity and priority (leave rank out for all four)");
	s->nrank = 0;
	for (i = 0; i < nw && !c->failed; i++) {
		for (j = 0; j < 4 && strcmp(names[j], w[i]); j++)
			;
		if (j == 4) {
			yerr(c, list_item(c, n, i), "rank: expected distance, "
			    "cost, capacity or priority, not '%s'", w[i]);
			break;
		}
		for (m = 0; m < s->nrank; m++)
			if (s->rank[m] == (enum route_criterion)j) {
				yerr(c, list_item(c, n, i),
				    "rank: %s is listed twice", w[i]);
				break;
			}
		if (!c->failed)
			s->rank[s->nrank++] = (enum route_criterion)j;
	}
	free_list(w, nw);
}

static void
parse_strategies(struct yctx *c, yaml_node_t *n, struct routing_config *rc)
{
	yaml_node_item_t *it;
	int i;

	if (is_null(n) || !sequence(c, n, "strategies"))
		return;
	rc->strategies = xcalloc((size_t)NITEMS(n) + 1,
	    sizeof *rc->strategies);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top && !c->failed; it++) {
		yaml_node_t *rn = ynode(c, *it), *v, *name = NULL;
		struct route_strategy *s = &rc->strategies[rc->nstrategies];
		const char *k;

		if (!ymapping(c, rn, "strategies"))
			return;
		rc->nstrategies++;
		s->value_above.minor = s->value_below.minor = -1;
		s->exclude = EXCL_ALL;
		for (i = 0; i < 4; i++)
			s->rank[i] = (enum route_criterion)i;
		s->nrank = 4;
		/* Its own split keys override routing.split's, one by one. */
		s->split = rc->split;
		YFOR_PAIRS(c, rn, k, v) {
			if (c->failed)
				break;
			if (!strcmp(k, "name")) {
				name = v;
				s->name = text_dup(c, v, k);
			} else if (!strcmp(k, "when"))
				parse_when(c, v, s);
			else if (!strcmp(k, "exclude")) {
				if (!is_null(v))
					s->exclude = parse_exclude(c, v);
			} else if (!strcmp(k, "rank")) {
				if (!is_null(v))
					parse_rank(c, v, s);
			} else if (!strcmp(k, "split"))
				parse_split(c, v, &s->split);
			else
				yerr(c, ynode(c, p_->key),
				    "strategies: unknown key '%s'", k);
		}
		if (c->failed)
			return;
		if (name == NULL) {
			yerr(c, rn, "strategies: needs a name");
			return;
		}
		for (i = 0; i < rc->nstrategies - 1; i++)
			if (!strcmp(rc->strategies[i].name, s->name)) {
				yerr(c, name, "strategies: duplicate name '%s'",
				    s->name);
				return;
			}
	}
}

/*
 * routing's sections are read in the order they depend on each other,
 * not in the file's: costs name zones, and strategies start from
 * routing.split.
 */
static void
parse_routing(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	static const char *const keys[] = {
		"coordinates", "split", "zones", "costs", "sku_tags",
		"strategies", NULL
	};
	struct routing_config *rc = &cf->routing;
	yaml_node_t *v, *at[6] = { NULL };
	const char *k;
	int i;

	if (is_null(n) || !ymapping(c, n, "routing"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		for (i = 0; keys[i] && strcmp(keys[i], k); i++)
			;
		if (keys[i] == NULL) {
			yerr(c, ynode(c, p_->key), "routing: unknown key '%s'",
			    k);
			return;
		}
		at[i] = v;
	}
	if (at[0] && !is_null(at[0]))
		rc->coordinates = text_dup(c, at[0], keys[0]);
	if (!c->failed)
		parse_split(c, at[1], &rc->split);
	if (!c->failed)
		parse_zones(c, at[2], rc);
	if (!c->failed)
		parse_costs(c, at[3], cf);
	if (!c->failed)
		parse_sku_tags(c, at[4], rc);
	if (!c->failed)
		parse_strategies(c, at[5], rc);
}

static void
parse_root(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	const char *k;
	yaml_node_t *v;

	if (!ymapping(c, n, "configuration"))
		return;
	/*
	 * Locations first, wherever they are in the file: safety stock
	 * names them, and is checked against them as it is read.
	 */
	YFOR_PAIRS(c, n, k, v)
		if (!strcmp(k, "locations"))
			parse_locations(c, v, cf);
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "locations"))
			continue;
		else if (!strcmp(k, "safety_stock"))
			parse_keep_backs(c, v, k, "location", cf, &cf->safety,
			    &cf->nsafety);
		else if (!strcmp(k, "channel_buffers"))
			parse_keep_backs(c, v, k, "channel", NULL,
			    &cf->buffers, &cf->nbuffers);
		else if (!strcmp(k, "bundles"))
			parse_bundles(c, v, cf);
		else if (!strcmp(k, "allocation"))
			parse_allocation(c, v, cf);
		else if (!strcmp(k, "fraud"))
			parse_fraud(c, v, cf);
		else if (!strcmp(k, "routing"))
			parse_routing(c, v, cf);
		else
			yerr(c, ynode(c, p_->key), "unknown key '%s'", k);
	}
}

const char *
config_default_path(const char *option)
{
	const char *env;

	if (option != NULL && *option != '\0')
		return option;
	if ((env = getenv("OMS_CONFIG")) != NULL && *env != '\0')
		return env;
	return "oms.yaml";
}

static struct config *
config_new(const char *path)
{
	struct config *cf = xcalloc(1, sizeof *cf);

	cf->path = xstrdup(path);
	cf->allow_partial = 1;
	cf->routing.split.policy = SPLIT_FEWEST;
	cf->routing.split.max_shipments = 3;
	return cf;
}

/* strerror's text, lower-cased like the rest of oms's messages. */
static void
warn_errno(const char *path, int e)
{
	char msg[128];

	snprintf(msg, sizeof msg, "%s", strerror(e));
	msg[0] = (char)tolower((unsigned char)msg[0]);
	warnx_("%s: %s", path, msg);
}

struct config *
config_load(const char *path, int required)
{
	yaml_document_t doc;
	yaml_node_t *root;
	struct yctx c = { &doc, NULL, 0 };
	struct config *cf;
	struct buf b;
	char chunk[8192];
	size_t n;
	FILE *f;

	if (path == NULL)
		path = config_default_path(NULL);
	if ((f = fopen(path, "rb")) == NULL) {
		/* Without a file, oms runs on the defaults. */
		if (errno == ENOENT && !required)
			return config_new(path);
		warn_errno(path, errno);
		return NULL;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		warn_errno(path, errno);
		fclose(f);
		buf_free(&b);
		return NULL;
	}
	fclose(f);

	cf = config_new(path);
	c.origin = cf->path;
	if (yload(&doc, b.data ? b.data : "", b.len, path) < 0) {
		buf_free(&b);
		config_free(cf);
		return NULL;
	}
	/* A file of comments only is an empty configuration. */
	if ((root = yaml_document_get_root_node(&doc)) != NULL &&
	    !is_null(root))
		parse_root(&c, root, cf);
	yaml_document_delete(&doc);
	buf_free(&b);
	if (c.failed) {
		config_free(cf);
		return NULL;
	}
	return cf;
}

static void
free_keep_backs(struct keep_back *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(v[i].sku);
		free(v[i].where);
	}
	free(v);
}

static void
free_fraud(struct fraud_config *fc)
{
	int i;

	for (i = 0; i < fc->nrules; i++) {
		free(fc->rules[i].reason);
		free_list(fc->rules[i].emails, fc->rules[i].nemails);
		free_list(fc->rules[i].phones, fc->rules[i].nphones);
		free_list(fc->rules[i].addresses, fc->rules[i].naddresses);
		free_list(fc->rules[i].levels, fc->rules[i].nlevels);
		free_list(fc->rules[i].email_keys, fc->rules[i].nemails);
		free_list(fc->rules[i].phone_keys, fc->rules[i].nphones);
		free_list(fc->rules[i].address_keys, fc->rules[i].naddresses);
	}
	free(fc->rules);
}

static void
free_routing(struct routing_config *rc)
{
	struct route_strategy *s;
	int i;

	for (i = 0; i < rc->nstrategies; i++) {
		s = &rc->strategies[i];
		free(s->name);
		free_list(s->channels, s->nchannels);
		free_list(s->countries, s->ncountries);
		free_list(s->regions, s->nregions);
		free_list(s->ship_methods, s->nship_methods);
		free_list(s->sku_tags, s->nsku_tags);
	}
	free(rc->strategies);
	for (i = 0; i < rc->nzones; i++) {
		free(rc->zones[i].name);
		free_list(rc->zones[i].countries, rc->zones[i].ncountries);
	}
	free(rc->zones);
	for (i = 0; i < rc->ncosts; i++) {
		free(rc->costs[i].location);
		free(rc->costs[i].zone);
	}
	free(rc->costs);
	for (i = 0; i < rc->ntags; i++) {
		free(rc->tags[i].sku);
		free_list(rc->tags[i].tags, rc->tags[i].ntags);
	}
	free(rc->tags);
	free(rc->coordinates);
}

void
config_free(struct config *cf)
{
	int i, j;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->nlocations; i++) {
		struct location *l = &cf->locations[i];

		free(l->code);
		free(l->name);
		free(l->address1);
		free(l->city);
		free(l->region);
		free(l->postal_code);
		free(l->country);
		for (j = 0; j < l->nchannels; j++)
			free(l->channels[j]);
		free(l->channels);
		free_list(l->countries, l->ncountries);
		free_list(l->pickup_methods, l->npickup_methods);
	}
	free(cf->locations);
	free_keep_backs(cf->safety, cf->nsafety);
	free_keep_backs(cf->buffers, cf->nbuffers);
	for (i = 0; i < cf->nbundles; i++) {
		for (j = 0; j < cf->bundles[i].nparts; j++)
			free(cf->bundles[i].parts[j].sku);
		free(cf->bundles[i].parts);
		free(cf->bundles[i].sku);
	}
	free(cf->bundles);
	for (i = 0; i < cf->npriorities; i++) {
		free(cf->priorities[i].channel);
		free(cf->priorities[i].ship_method);
	}
	free(cf->priorities);
	free_fraud(&cf->fraud);
	free_routing(&cf->routing);
	free(cf->path);
	free(cf);
}

/*
 * Lookups scan: a merchant has a handful of locations and at most a few
 * hundred bundles, and a struct config built by hand needs no index.
 */
const struct location *
config_location(const struct config *cf, const char *code)
{
	int i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < cf->nlocations; i++)
		if (cf->locations[i].code && !strcmp(cf->locations[i].code,
		    code))
			return &cf->locations[i];
	return NULL;
}

int
location_serves(const struct location *l, const char *channel)
{
	int i;

	if (l->nchannels == 0)
		return 1;
	if (channel == NULL)
		return 0;
	for (i = 0; i < l->nchannels; i++)
		if (!strcmp(l->channels[i], channel))
			return 1;
	return 0;
}

/*
 * The quantity of the most specific rule that matches: sku and place
 * over sku alone over place alone over neither.  A rule's NULL field
 * matches anything; a NULL argument matches only a NULL field.
 */
static long long
keep_back(const struct keep_back *v, int n, const char *sku,
    const char *where)
{
	int i, rank, best = -1;
	long long q = 0;

	for (i = 0; i < n; i++) {
		if (v[i].sku && (sku == NULL || strcmp(v[i].sku, sku)))
			continue;
		if (v[i].where && (where == NULL || strcmp(v[i].where, where)))
			continue;
		rank = (v[i].sku ? 2 : 0) + (v[i].where ? 1 : 0);
		if (rank > best) {
			best = rank;
			q = v[i].quantity;
		}
	}
	return q;
}

long long
config_safety(const struct config *cf, const char *sku, const char *location)
{
	return keep_back(cf->safety, cf->nsafety, sku, location);
}

long long
config_buffer(const struct config *cf, const char *sku, const char *channel)
{
	return keep_back(cf->buffers, cf->nbuffers, sku, channel);
}

const struct bundle *
config_bundle(const struct config *cf, const char *sku)
{
	int i;

	if (sku == NULL)
		return NULL;
	i = bundle_index(cf, sku);
	return i < 0 ? NULL : &cf->bundles[i];
}

struct exploded {
	const char **sku;
	long long *qty;
	int n, cap;
};

/* a * b, held at the limits instead of overflowing. */
static long long
mul_sat(long long a, long long b)
{
	long long r;

	if (__builtin_mul_overflow(a, b, &r))
		return (a < 0) != (b < 0) ? LLONG_MIN : LLONG_MAX;
	return r;
}

static long long
add_sat(long long a, long long b)
{
	long long r;

	if (__builtin_add_overflow(a, b, &r))
		return a < 0 ? LLONG_MIN : LLONG_MAX;
	return r;
}

/*
 * depth stops a loop in a struct config built by hand; config_load
 * refuses loops, so a loaded one never gets near it.
 */
static void
explode(const struct config *cf, const char *sku, long long qty,
    struct exploded *e, int depth)
{
	const struct bundle *b;
	int i;

	if ((b = config_bundle(cf, sku)) != NULL && depth <= cf->nbundles) {
		for (i = 0; i < b->nparts; i++)
			explode(cf, b->parts[i].sku,
			    mul_sat(qty, b->parts[i].quantity), e, depth + 1);
		return;
	}
	for (i = 0; i < e->n; i++)
		if (!strcmp(e->sku[i], sku)) {
			e->qty[i] = add_sat(e->qty[i], qty);
			return;
		}
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 8;
		e->sku = xrealloc(e->sku, (size_t)e->cap * sizeof *e->sku);
		e->qty = xrealloc(e->qty, (size_t)e->cap * sizeof *e->qty);
	}
	e->sku[e->n] = sku;
	e->qty[e->n++] = qty;
}

void
config_explode(const struct config *cf, const char *sku, long long qty,
    void (*fn)(void *arg, const char *sku, long long qty), void *arg)
{
	struct exploded e = { NULL, NULL, 0, 0 };
	int i;

	if (config_bundle(cf, sku) == NULL) {
		fn(arg, sku, qty);
		return;
	}
	/* Collected first: a part met twice is called once, with the sum. */
	explode(cf, sku, qty, &e, 0);
	for (i = 0; i < e.n; i++)
		fn(arg, e.sku[i], e.qty[i]);
	free(e.sku);
	free(e.qty);
}

int
config_priority(const struct config *cf, const char *channel,
    const char *ship_method)
{
	const struct priority_rule *r;
	int i;

	for (i = 0; i < cf->npriorities; i++) {
		r = &cf->priorities[i];
		if (r->channel && (channel == NULL ||
		    strcmp(r->channel, channel)))
			continue;
		if (r->ship_method && (ship_method == NULL ||
		    strcmp(r->ship_method, ship_method)))
			continue;
		return r->priority;
	}
	return 0;
}

int
location_ships_to(const struct location *l, const char *country)
{
	int i;

	if (l->ncountries == 0)
		return 1;
	if (country == NULL)
		return 0;
	for (i = 0; i < l->ncountries; i++)
		if (!strcmp(l->countries[i], country))
			return 1;
	return 0;
}

const struct zone *
config_zone(const struct config *cf, const char *country)
{
	int i, j;

	if (country == NULL)
		return NULL;
	for (i = 0; i < cf->routing.nzones; i++)
		for (j = 0; j < cf->routing.zones[i].ncountries; j++)
			if (!strcmp(cf->routing.zones[i].countries[j], country))
				return &cf->routing.zones[i];
	return NULL;
}

int
config_zone_cost(const struct config *cf, const char *location,
    const char *zone, struct amount *cost)
{
	const struct zone_cost *zc;
	int i;

	if (location == NULL || zone == NULL)
		return 0;
	for (i = 0; i < cf->routing.ncosts; i++) {
		zc = &cf->routing.costs[i];
		if (!strcmp(zc->location, location) &&
		    !strcmp(zc->zone, zone)) {
			*cost = zc->cost;
			return 1;
		}
	}
	return 0;
}

int
config_sku_has_tag(const struct config *cf, const char *sku,
    const char *tag)
{
	const struct sku_tags *t;
	int i, j;

	if (sku == NULL || tag == NULL)
		return 0;
	for (i = 0; i < cf->routing.ntags; i++) {
		t = &cf->routing.tags[i];
		if (strcmp(t->sku, sku))
			continue;
		for (j = 0; j < t->ntags; j++)
			if (!strcmp(t->tags[j], tag))
				return 1;
		return 0;
	}
	return 0;
}

/*
 * Ship methods come from marketplace exports, whose spelling of a
 * method's case drifts; the name itself must match in full.
 */
const struct location *
config_pickup_location(const struct config *cf, const char *ship_method)
{
	const struct location *l;
	int i, j;

	if (ship_method == NULL)
		return NULL;
	for (i = 0; i < cf->nlocations; i++) {
		l = &cf->locations[i];
		for (j = 0; j < l->npickup_methods; j++)
			if (!strcasecmp(l->pickup_methods[j], ship_method))
				return l;
	}
	return NULL;
}
