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
#include "measure.h"
#include "money.h"
#include "tracking.h"
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

/*
 * A weight or a length as oms.yaml writes it: a decimal number and a
 * unit, "31.5kg" or "120 cm", in whole grams or millimetres from 1 to
 * max.  At most 3 decimal places: a rate is exact, and a bracket
 * boundary rounded by the reader would move parcels between prices.
 */
static int
parse_measure(struct yctx *c, yaml_node_t *n, const char *what,
    enum measure_kind kind, long long max, long long *out)
{
	const char *s = yscalar(c, n, what), *why = NULL, *unit;
	const char *name = kind == MEASURE_WEIGHT ? "weight" : "length";
	char num[32];
	long long per = 0, v = 0;
	size_t len;

	if (s == NULL)
		return -1;
	len = strspn(s, "0123456789.");
	unit = s + len + strspn(s + len, " \t");
	if (len == 0 || len >= sizeof num ||
	    (per = measure_unit(kind, unit)) == 0)
		why = kind == MEASURE_WEIGHT ? "expected a number and a unit "
		    "g, kg, lb or oz, like 2.5kg" : "expected a number and a "
		    "unit mm, cm, m or in, like 120cm";
	else {
		memcpy(num, s, len);
		num[len] = '\0';
		if (measure_value(num, NULL, per, &v, &why) == 0 &&
		    (v < 1 || v > max))
			why = v < 1 ? "expected more than nothing" :
			    "too large";
	}
	if (why != NULL) {
		yerr(c, n, "%s: bad %s '%s': %s", what, name, s, why);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * A percentage with up to two decimal places, as basis points: "4.5"
 * is 450.  Read as text, so that no binary fraction rounds a surcharge.
 */
static int
parse_percent(struct yctx *c, yaml_node_t *n, const char *what, int *out)
{
	const char *s = yscalar(c, n, what), *p;
	long long v = 0;
	int places = -1;

	if (s == NULL)
		return -1;
	for (p = s; *p && v <= 100000; p++) {
		if (*p == '.' && places < 0 && p > s && p[1] != '\0')
			places = 0;
		else if (isdigit((unsigned char)*p) && places < 2) {
			v = v * 10 + (*p - '0');
			if (places >= 0)
				places++;
		} else
			break;
	}
	for (places = places < 0 ? 0 : places; places < 2; places++)
		v *= 10;
	if (*s == '\0' || *p != '\0' || v < 1 || v > 100000) {
		yerr(c, n, "%s: expected a percentage from 0.01 to 1000 with "
		    "at most 2 decimal places, not '%s'", what, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/*
 * Carrier codes go into the ledger, into the names of adapters
 * (oms-carrier-CODE) and onto command lines: lower case, plain.
 */
static char *
parse_code(struct yctx *c, yaml_node_t *n, const char *what)
{
	const char *s = yscalar(c, n, what);

	if (s == NULL)
		return NULL;
	if (*s == '\0' || s[strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789_-")] != '\0') {
		yerr(c, n, "%s: expected lower-case letters, digits, '_' and "
		    "'-', not '%s'", what, s);
		return NULL;
	}
	return xstrdup(s);
}

/*
 * Postal codes are compared as "SW1A1AA": case and the blanks and
 * hyphens that people and exports put in differently do not count.
 */
static void
postal_key(const char *s, char *out, size_t n)
{
	size_t j = 0;

	for (; *s && j + 1 < n; s++)
		if (*s != ' ' && *s != '\t' && *s != '-')
			out[j++] = (char)toupper((unsigned char)*s);
	out[j] = '\0';
}

static int
carrier_zone_index(const struct carrier *cr, const char *name)
{
	int i;

	for (i = 0; i < cr->nzones; i++)
		if (cr->zones[i].name && !strcmp(cr->zones[i].name, name))
			return i;
	return -1;
}

/* Whether z names country with prefix (NULL: the whole country). */
static int
zone_names(const struct carrier_zone *z, const char *country,
    const char *prefix)
{
	int i, j;

	for (i = 0; i < z->ncountries; i++) {
		if (strcmp(z->countries[i], country))
			continue;
		if (prefix == NULL)
			return z->npostal_prefixes == 0;
		for (j = 0; j < z->npostal_prefixes; j++)
			if (!strcmp(z->postal_prefixes[j], prefix))
				return 1;
	}
	return 0;
}

/*
 * A zone is a set of countries, or of postal prefixes in them; the
 * most specific one that matches an address is its zone, so two zones
 * may share a country only with different prefixes.
 */
static void
parse_carrier_zones(struct yctx *c, yaml_node_t *n, struct carrier *cr)
{
	yaml_node_item_t *it;
	char key[64];
	int i, m, p;

	if (is_null(n) || !sequence(c, n, "zones"))
		return;
	cr->zones = xcalloc((size_t)NITEMS(n) + 1, sizeof *cr->zones);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top && !c->failed; it++) {
		yaml_node_t *zn = ynode(c, *it), *v, *name = NULL, *cn = NULL;
		yaml_node_t *pn = NULL;
		struct carrier_zone *z = &cr->zones[cr->nzones];
		const char *k;

		if (!ymapping(c, zn, "zones"))
			return;
		cr->nzones++;
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
			} else if (!strcmp(k, "postal_prefixes")) {
				pn = v;
				z->postal_prefixes = text_list(c, v, k,
				    &z->npostal_prefixes);
				for (i = 0; i < z->npostal_prefixes &&
				    !c->failed; i++) {
					postal_key(z->postal_prefixes[i], key,
					    sizeof key);
					if (key[0] == '\0' || key[strspn(key,
					    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					    "0123456789")] != '\0')
						yerr(c, list_item(c, v, i),
						    "postal_prefixes: expected "
						    "letters and digits, not "
						    "'%s'",
						    z->postal_prefixes[i]);
					else {
						free(z->postal_prefixes[i]);
						z->postal_prefixes[i] =
						    xstrdup(key);
					}
				}
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
		if (carrier_zone_index(cr, z->name) != cr->nzones - 1) {
			yerr(c, name, "zones: duplicate name '%s'", z->name);
			return;
		}
		/* Which zone is an address in, if two are as specific? */
		for (m = 0; m < z->ncountries; m++)
			for (p = 0; p < (z->npostal_prefixes ?
			    z->npostal_prefixes : 1); p++) {
				const char *pre = z->npostal_prefixes ?
				    z->postal_prefixes[p] : NULL;

				for (i = 0; i < cr->nzones - 1 &&
				    !zone_names(&cr->zones[i], z->countries[m],
				    pre); i++)
					;
				if (i == cr->nzones - 1)
					continue;
				if (pre != NULL)
					yerr(c, list_item(c, pn, p),
					    "postal_prefixes: %s %s is already "
					    "in zone '%s'", z->countries[m],
					    pre, cr->zones[i].name);
				else
					yerr(c, list_item(c, cn, m),
					    "countries: %s is already in zone "
					    "'%s'", z->countries[m],
					    cr->zones[i].name);
				return;
			}
	}
}

/*
 * The heaviest bracket and the longest side a carrier may name: far
 * above any parcel, and small enough that a parcel's volume in mm3
 * divided down stays well inside long long.
 */
#define WEIGHT_MAX	10000000LL	/* 10 t */
#define LENGTH_MAX	100000LL	/* 100 m */
#define DAYS_MAX	365

/*
 * A price of a carrier's: every one in the same currency, so that its
 * quotes and surcharges add up; first is where the first was written.
 */
static int
parse_price(struct yctx *c, yaml_node_t *n, const char *what,
    struct carrier *cr, yaml_node_t **first, struct amount *out)
{
	if (parse_amount(c, n, what, out) < 0)
		return -1;
	if (*first == NULL) {
		*first = n;
		memcpy(cr->currency, out->currency, sizeof cr->currency);
	} else if (strcmp(out->currency, cr->currency)) {
		yerr(c, n, "%s: %s is not the %s of the price on line %lu: a "
		    "location's quotes must be comparable", what,
		    out->currency, cr->currency,
		    (unsigned long)(*first)->start_mark.line + 1);
		return -1;
	}
	return 0;
}

static void
parse_brackets(struct yctx *c, yaml_node_t *n, const char *zone,
    struct carrier *cr, yaml_node_t **first, struct service_zone *sz)
{
	yaml_node_item_t *it;
	char was[32], now[32];

	if (!sequence(c, n, zone))
		return;
	if (NITEMS(n) == 0) {
		yerr(c, n, "%s: expected at least one bracket (leave the zone "
		    "out where the service does not go)", zone);
		return;
	}
	sz->brackets = xcalloc((size_t)NITEMS(n), sizeof *sz->brackets);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top && !c->failed; it++) {
		yaml_node_t *bn = ynode(c, *it), *v, *up = NULL, *price = NULL;
		struct rate_bracket *b = &sz->brackets[sz->nbrackets];
		const char *k;

		if (!ymapping(c, bn, "rates"))
			return;
		YFOR_PAIRS(c, bn, k, v) {
			if (c->failed)
				break;
			if (!strcmp(k, "up_to")) {
				up = v;
				parse_measure(c, v, k, MEASURE_WEIGHT,
				    WEIGHT_MAX, &b->up_to_g);
			} else if (!strcmp(k, "price")) {
				price = v;
				parse_price(c, v, k, cr, first, &b->price);
			} else
				yerr(c, ynode(c, p_->key),
				    "rates: unknown key '%s'", k);
		}
		if (c->failed)
			return;
		if (up == NULL || price == NULL) {
			yerr(c, bn, "rates: a bracket needs up_to and price");
			return;
		}
		/* Ascending, or which bracket would a weight be in? */
		if (sz->nbrackets > 0 &&
		    b->up_to_g <= b[-1].up_to_g) {
			measure_format(MEASURE_WEIGHT, b[-1].up_to_g, was);
			measure_format(MEASURE_WEIGHT, b->up_to_g, now);
			yerr(c, up, "up_to: %s is not above the bracket before "
			    "it (%s): brackets go up", now, was);
			return;
		}
		sz->nbrackets++;
	}
}

/* The zone a key names, or -1 after "WHAT: carrier 'C' has no zone". */
static int
named_zone(struct yctx *c, yaml_node_t *n, const char *what,
    const struct carrier *cr, const char *name)
{
	int z;

	if ((z = carrier_zone_index(cr, name)) < 0)
		yerr(c, n, "%s: carrier '%s' has no zone '%s'", what, cr->code,
		    name);
	return z;
}

static void
parse_transit(struct yctx *c, yaml_node_t *n, struct carrier *cr,
    struct carrier_service *sv)
{
	const char *k;
	yaml_node_t *v;
	long long q;
	int z;

	/* One number: the same in every zone. */
	if (n != NULL && n->type == YAML_SCALAR_NODE) {
		if (parse_int(c, n, "transit_days", 0, DAYS_MAX, &q) == 0)
			for (z = 0; z < cr->nzones; z++)
				sv->zones[z].transit_days = (int)q;
		return;
	}
	if (!ymapping(c, n, "transit_days"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed ||
		    (z = named_zone(c, ynode(c, p_->key), "transit_days", cr,
		    k)) < 0)
			break;
		if (parse_int(c, v, k, 0, DAYS_MAX, &q) == 0)
			sv->zones[z].transit_days = (int)q;
	}
}

static void
parse_surcharge(struct yctx *c, yaml_node_t *n, struct carrier *cr,
    yaml_node_t **first, struct surcharge *sc)
{
	yaml_node_t *v, *percent = NULL, *amount = NULL, *zn = NULL;
	const char *k;
	long long q;
	char **names;
	int i, nnames;

	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "name"))
			sc->name = text_dup(c, v, k);
		else if (!strcmp(k, "percent")) {
			percent = v;
			parse_percent(c, v, k, &sc->basis_points);
		} else if (!strcmp(k, "amount")) {
			amount = v;
			parse_price(c, v, k, cr, first, &sc->amount);
		} else if (!strcmp(k, "longest_over")) {
			if (parse_measure(c, v, k, MEASURE_LENGTH, LENGTH_MAX,
			    &q) == 0)
				sc->longest_over_mm = (int)q;
		} else if (!strcmp(k, "weight_over"))
			parse_measure(c, v, k, MEASURE_WEIGHT, WEIGHT_MAX,
			    &sc->weight_over_g);
		else if (!strcmp(k, "zones")) {
			zn = v;
			names = text_list(c, v, k, &nnames);
			sc->zones = xcalloc((size_t)nnames + 1,
			    sizeof *sc->zones);
			for (i = 0; i < nnames && !c->failed; i++)
				if ((sc->zones[i] = named_zone(c,
				    list_item(c, v, i), k, cr, names[i])) >= 0)
					sc->nzones++;
			free_list(names, nnames);
		} else
			yerr(c, ynode(c, p_->key),
			    "surcharges: unknown key '%s'", k);
	}
	if (c->failed)
		return;
	if (sc->name == NULL)
		yerr(c, n, "surcharges: needs a name");
	else if (percent == NULL && amount == NULL)
		yerr(c, n, "surcharges: '%s' needs a percent or an amount",
		    sc->name);
	else if (percent != NULL && amount != NULL)
		yerr(c, percent, "surcharges: '%s' has a percent and an "
		    "amount: expected one of them", sc->name);
	else if (zn != NULL && sc->nzones == 0)
		yerr(c, zn, "zones: expected at least one zone (leave zones "
		    "out for every zone)");
}

static void
parse_service(struct yctx *c, yaml_node_t *n, struct carrier *cr,
    yaml_node_t **first)
{
	struct carrier_service *sv = &cr->services[cr->nservices];
	yaml_node_t *v, *code = NULL, **rate_at;
	yaml_node_item_t *it;
	const char *k, *zk;
	yaml_node_t *zv;
	long long q;
	int i, z, any = 0;

	if (!ymapping(c, n, "services"))
		return;
	cr->nservices++;
	sv->zones = xcalloc((size_t)cr->nzones + 1, sizeof *sv->zones);
	for (z = 0; z < cr->nzones; z++)
		sv->zones[z].transit_days = -1;
	rate_at = xcalloc((size_t)cr->nzones + 1, sizeof *rate_at);
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "code")) {
			code = v;
			sv->code = parse_code(c, v, k);
		} else if (!strcmp(k, "name"))
			sv->name = text_dup(c, v, k);
		else if (!strcmp(k, "transit_days"))
			parse_transit(c, v, cr, sv);
		else if (!strcmp(k, "max_length")) {
			if (parse_measure(c, v, k, MEASURE_LENGTH, LENGTH_MAX,
			    &q) == 0)
				sv->max_length_mm = (int)q;
		} else if (!strcmp(k, "rates")) {
			if (!ymapping(c, v, k))
				break;
			YFOR_PAIRS(c, v, zk, zv) {
				if (c->failed || (z = named_zone(c,
				    ynode(c, p_->key), "rates", cr, zk)) < 0)
					break;
				rate_at[z] = ynode(c, p_->key);
				parse_brackets(c, zv, zk, cr, first,
				    &sv->zones[z]);
			}
		} else if (!strcmp(k, "surcharges")) {
			if (is_null(v) || !sequence(c, v, k))
				continue;
			sv->surcharges = xcalloc((size_t)NITEMS(v) + 1,
			    sizeof *sv->surcharges);
			for (it = v->data.sequence.items.start;
			    it < v->data.sequence.items.top && !c->failed;
			    it++) {
				yaml_node_t *sn = ynode(c, *it);

				if (!ymapping(c, sn, k))
					break;
				parse_surcharge(c, sn, cr, first,
				    &sv->surcharges[sv->nsurcharges++]);
			}
		} else
			yerr(c, ynode(c, p_->key), "services: unknown key '%s'",
			    k);
	}
	if (c->failed)
		goto out;
	if (code == NULL) {
		yerr(c, n, "services: needs a code");
		goto out;
	}
	for (i = 0; i < cr->nservices - 1; i++)
		if (!strcmp(cr->services[i].code, sv->code)) {
			yerr(c, code, "services: duplicate code '%s'",
			    sv->code);
			goto out;
		}
	/* A price without a time could never be held to a promise. */
	for (z = 0; z < cr->nzones; z++) {
		if (sv->zones[z].nbrackets == 0)
			continue;
		any = 1;
		if (sv->zones[z].transit_days < 0) {
			yerr(c, rate_at[z], "rates: zone '%s' needs "
			    "transit_days", cr->zones[z].name);
			goto out;
		}
	}
	if (!any)
		yerr(c, n, "services: '%s' needs rates", sv->code);
	else if (sv->name == NULL)
		sv->name = xstrdup(sv->code);
out:
	free(rate_at);
}

/* 10^d, or LLONG_MAX where that is past what a serial can be. */
static long long
pow10_cap(int d)
{
	long long v = 1;

	while (d-- > 0) {
		if (v > LLONG_MAX / 10)
			return LLONG_MAX;
		v *= 10;
	}
	return v;
}

/*
 * The ledger hands out serials from first to last; the range must
 * fit the digits the scheme leaves, or a number would be cut short.
 */
static void
parse_tracking(struct yctx *c, yaml_node_t *n, struct tracking_spec *t)
{
	static const char *const keys[] = {
		"scheme", "prefix", "country", "length", "first", "last", NULL
	};
	yaml_node_t *v, *at[6] = { NULL };
	const char *k, *s, *cc;
	long long q, room;
	int i, digits = 0;

	if (is_null(n) || !ymapping(c, n, "tracking"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		for (i = 0; keys[i] && strcmp(keys[i], k); i++)
			;
		if (keys[i] == NULL) {
			yerr(c, ynode(c, p_->key), "tracking: unknown key '%s'",
			    k);
			return;
		}
		at[i] = v;
	}
	if (c->failed)
		return;
	if (at[0] == NULL) {
		yerr(c, n, "tracking: needs a scheme");
		return;
	}
	if ((s = yscalar(c, at[0], "scheme")) == NULL)
		return;
	if (!strcmp(s, "s10"))
		t->scheme = TRACK_S10;
	else if (!strcmp(s, "gs1"))
		t->scheme = TRACK_GS1;
	else {
		yerr(c, at[0], "scheme: expected s10 or gs1, not '%s'", s);
		return;
	}
	if (at[t->scheme == TRACK_S10 ? 3 : 2] != NULL) {
		yerr(c, at[t->scheme == TRACK_S10 ? 3 : 2], "tracking: %s "
		    "takes no '%s'", s,
		    t->scheme == TRACK_S10 ? "length" : "country");
		return;
	}
	if (at[1] != NULL && (s = yscalar(c, at[1], "prefix")) != NULL) {
		if (t->scheme == TRACK_S10 ? strlen(s) != 2 ||
		    s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")] != '\0' :
		    strlen(s) >= sizeof t->prefix ||
		    s[strspn(s, "0123456789")] != '\0')
			yerr(c, at[1], "prefix: expected %s, not '%s'",
			    t->scheme == TRACK_S10 ? "two capital letters" :
			    "digits", s);
		else
			snprintf(t->prefix, sizeof t->prefix, "%s", s);
	}
	if (!c->failed && t->scheme == TRACK_S10) {
		if (at[1] == NULL || at[2] == NULL) {
			yerr(c, n, "tracking: s10 needs a prefix and a "
			    "country");
			return;
		}
		if ((s = yscalar(c, at[2], "country")) == NULL)
			return;
		/* S10 ends in the alpha-2 code, as written: no names. */
		if (strlen(s) != 2 || (cc = country_code(s)) == NULL ||
		    strcmp(cc, s)) {
			yerr(c, at[2], "country: expected an ISO 3166 alpha-2 "
			    "code in capitals, not '%s'", s);
			return;
		}
		memcpy(t->country, s, 3);
		digits = 8;
	} else if (!c->failed) {
		t->length = 18;		/* an SSCC's */
		if (at[3] != NULL && parse_int(c, at[3], "length", 8, 40,
		    &q) == 0)
			t->length = (int)q;
		if (c->failed)
			return;
		if ((digits = t->length - (int)strlen(t->prefix) - 1) < 1) {
			yerr(c, at[1] ? at[1] : at[3], "prefix: leaves no "
			    "digit for the serial in a number of %d digits",
			    t->length);
			return;
		}
	}
	if (c->failed)
		return;
	if (at[4] == NULL || at[5] == NULL) {
		yerr(c, n, "tracking: needs first and last, the serials the "
		    "carrier gave");
		return;
	}
	if (parse_int(c, at[4], "first", 0, LLONG_MAX, &t->first) < 0 ||
	    parse_int(c, at[5], "last", 0, LLONG_MAX, &t->last) < 0)
		return;
	room = pow10_cap(digits);
	if (t->last < t->first)
		yerr(c, at[5], "last: %lld is below first (%lld)", t->last,
		    t->first);
	else if (t->last >= room)
		yerr(c, at[5], "last: %lld does not fit the %d-digit serial of "
		    "%s", t->last, digits, t->scheme == TRACK_S10 ? "s10" :
		    "this gs1 number");
}

static void
parse_carrier(struct yctx *c, yaml_node_t *n, struct config *cf,
    yaml_node_t **first)
{
	struct carrier *cr = &cf->carriers[cf->ncarriers];
	yaml_node_t *v, *code = NULL, *services = NULL;
	yaml_node_item_t *it;
	const char *k;
	long long q;
	int i;

	if (!ymapping(c, n, "carriers"))
		return;
	cf->ncarriers++;
	cr->cutoff_minutes = -1;
	/* The code and zones first, wherever they are: services name them. */
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "code")) {
			code = v;
			cr->code = parse_code(c, v, k);
		} else if (!strcmp(k, "zones"))
			parse_carrier_zones(c, v, cr);
	}
	if (c->failed)
		return;
	if (code == NULL) {
		yerr(c, n, "carriers: needs a code");
		return;
	}
	for (i = 0; i < cf->ncarriers - 1; i++)
		if (!strcmp(cf->carriers[i].code, cr->code)) {
			yerr(c, code, "carriers: duplicate code '%s'",
			    cr->code);
			return;
		}
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "code") || !strcmp(k, "zones"))
			continue;
		else if (!strcmp(k, "name"))
			cr->name = text_dup(c, v, k);
		else if (!strcmp(k, "adapter"))
			cr->adapter = parse_code(c, v, k);
		else if (!strcmp(k, "tracking_url")) {
			cr->tracking_url = text_dup(c, v, k);
			if (cr->tracking_url && !strstr(cr->tracking_url,
			    "{tracking}"))
				yerr(c, v, "tracking_url: expected a link with "
				    "{tracking} in it");
		}
		else if (!strcmp(k, "locations")) {
			cr->locations = text_list(c, v, k, &cr->nlocations);
			for (i = 0; i < cr->nlocations && !c->failed; i++)
				if (!config_location(cf, cr->locations[i]))
					yerr(c, list_item(c, v, i),
					    "locations: unknown location '%s'",
					    cr->locations[i]);
			if (!c->failed && cr->nlocations == 0)
				yerr(c, v, "locations: expected at least one "
				    "location (leave locations out to collect "
				    "from every location)");
		} else if (!strcmp(k, "cutoff"))
			cr->cutoff_minutes = parse_cutoff(c, v, k);
		else if (!strcmp(k, "volumetric_divisor")) {
			if (parse_int(c, v, k, 0, 1000000, &q) == 0)
				cr->volumetric_divisor = (int)q;
		} else if (!strcmp(k, "tracking"))
			parse_tracking(c, v, &cr->tracking);
		else if (!strcmp(k, "services")) {
			services = v;
			if (is_null(v) || !sequence(c, v, k))
				continue;
			cr->services = xcalloc((size_t)NITEMS(v) + 1,
			    sizeof *cr->services);
			for (it = v->data.sequence.items.start;
			    it < v->data.sequence.items.top && !c->failed;
			    it++)
				parse_service(c, ynode(c, *it), cr, first);
		} else
			yerr(c, ynode(c, p_->key), "carriers: unknown key '%s'",
			    k);
	}
	if (c->failed)
		return;
	if (cr->nservices == 0) {
		yerr(c, services ? services : n, "carriers: '%s' needs "
		    "services", cr->code);
		return;
	}
	if (cr->name == NULL)
		cr->name = xstrdup(cr->code);
	if (cr->adapter == NULL)
		cr->adapter = xstrdup("offline");
}

/* Whether two carriers collect from a location in common: which. */
static const char *
common_location(const struct config *cf, const struct carrier *a,
    const struct carrier *b)
{
	int i;

	for (i = 0; i < cf->nlocations; i++)
		if (carrier_collects(a, cf->locations[i].code) &&
		    carrier_collects(b, cf->locations[i].code))
			return cf->locations[i].code;
	return NULL;
}

static void
parse_carriers(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	yaml_node_item_t *it;
	yaml_node_t **first;
	const char *loc;
	int i, j;

	if (is_null(n) || !sequence(c, n, "carriers"))
		return;
	cf->carriers = xcalloc((size_t)NITEMS(n) + 1, sizeof *cf->carriers);
	first = xcalloc((size_t)NITEMS(n) + 1, sizeof *first);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top && !c->failed; it++)
		parse_carrier(c, ynode(c, *it), cf, &first[cf->ncarriers]);
	/*
	 * Rate shopping compares the quotes for a parcel from a location:
	 * in one currency, or the cheapest would be a question of rates.
	 */
	for (j = 1; j < cf->ncarriers && !c->failed; j++)
		for (i = 0; i < j && !c->failed; i++)
			if (first[i] && first[j] &&
			    strcmp(cf->carriers[i].currency,
			    cf->carriers[j].currency) &&
			    (loc = common_location(cf, &cf->carriers[i],
			    &cf->carriers[j])) != NULL)
				yerr(c, first[j], "price: %s is not the %s of "
				    "carrier '%s', which also collects from "
				    "%s: a location's quotes must be "
				    "comparable", cf->carriers[j].currency,
				    cf->carriers[i].currency,
				    cf->carriers[i].code, loc);
	free(first);
}

static void
parse_shipping(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	struct shipping_config *sc = &cf->shipping;
	const char *k, *s, *mk;
	yaml_node_t *v, *mv;
	long long q;
	int i;

	if (is_null(n) || !ymapping(c, n, "shipping"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "promises")) {
			if (is_null(v) || !ymapping(c, v, k))
				continue;
			sc->promises = xcalloc((size_t)NPAIRS(v) + 1,
			    sizeof *sc->promises);
			YFOR_PAIRS(c, v, mk, mv) {
				struct promise_rule *r =
				    &sc->promises[sc->npromises];

				if (c->failed)
					break;
				if (*mk == '\0') {
					yerr(c, ynode(c, p_->key), "promises: "
					    "expected a ship method");
					break;
				}
				/* Matched without case, as exports drift. */
				for (i = 0; i < sc->npromises; i++)
					if (!strcasecmp(sc->promises[i].
					    ship_method, mk)) {
						yerr(c, ynode(c, p_->key),
						    "promises: '%s' is '%s' "
						    "again", mk, sc->
						    promises[i].ship_method);
						break;
					}
				if (c->failed ||
				    parse_int(c, mv, mk, 0, DAYS_MAX, &q) < 0)
					break;
				r->ship_method = xstrdup(mk);
				r->days = (int)q;
				sc->npromises++;
			}
		} else if (!strcmp(k, "default_promise")) {
			if (parse_int(c, v, k, 0, DAYS_MAX, &q) == 0)
				sc->default_promise = (int)q;
		} else if (!strcmp(k, "label")) {
			if ((s = yscalar(c, v, k)) == NULL)
				break;
			if (!strcmp(s, "pdf"))
				sc->label = LABEL_PDF;
			else if (!strcmp(s, "zpl"))
				sc->label = LABEL_ZPL;
			else
				yerr(c, v, "label: expected pdf or zpl, not "
				    "'%s'", s);
		} else if (!strcmp(k, "label_size")) {
			if ((s = yscalar(c, v, k)) == NULL)
				break;
			if (!strcmp(s, "4x6"))
				sc->label_size = LABEL_4X6;
			else if (!strcmp(s, "a6") || !strcmp(s, "A6"))
				sc->label_size = LABEL_A6;
			else
				yerr(c, v, "label_size: expected 4x6 or a6, "
				    "not '%s'", s);
		} else
			yerr(c, ynode(c, p_->key), "shipping: unknown key '%s'",
			    k);
	}
}

/*
 * One carrier's event codes, or "*"'s (carrier NULL).  Codes are
 * matched without case, as carriers' feeds drift, so two that differ
 * only in case would be one code with two meanings.
 */
static void
parse_track_codes(struct yctx *c, yaml_node_t *n, const char *carrier,
    struct tracking_config *tc)
{
	const char *k, *s;
	yaml_node_t *v;
	int i, first = tc->ncodes, state;

	if (is_null(n) || !ymapping(c, n, carrier ? carrier : "*"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		struct track_code *t = &tc->codes[tc->ncodes];

		if (c->failed)
			break;
		if (*k == '\0') {
			yerr(c, ynode(c, p_->key), "codes: expected an event "
			    "code");
			break;
		}
		for (i = first; i < tc->ncodes; i++)
			if (!strcasecmp(tc->codes[i].code, k)) {
				yerr(c, ynode(c, p_->key), "codes: '%s' is "
				    "'%s' again", k, tc->codes[i].code);
				break;
			}
		if (c->failed || (s = yscalar(c, v, k)) == NULL)
			break;
		if ((state = track_state_parse(s)) < 0) {
			yerr(c, v, "%s: unknown state '%s': expected "
			    "in_transit, out_for_delivery, delivered, "
			    "exception or returned", k, s);
			break;
		}
		t->carrier = carrier ? xstrdup(carrier) : NULL;
		t->code = xstrdup(k);
		t->state = state;
		tc->ncodes++;
	}
}

static void
parse_track(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	struct tracking_config *tc = &cf->tracking;
	const char *k, *ck;
	yaml_node_t *v, *cv;
	yaml_node_pair_t *p;
	long long q;
	size_t max;

	if (is_null(n) || !ymapping(c, n, "tracking"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "codes")) {
			if (is_null(v) || !ymapping(c, v, k))
				continue;
			/* Room for every code of every carrier, at most. */
			max = 0;
			for (p = v->data.mapping.pairs.start;
			    p < v->data.mapping.pairs.top; p++) {
				cv = ynode(c, p->value);
				if (cv != NULL && cv->type == YAML_MAPPING_NODE)
					max += (size_t)NPAIRS(cv);
			}
			tc->codes = xcalloc(max + 1, sizeof *tc->codes);
			YFOR_PAIRS(c, v, ck, cv) {
				if (c->failed)
					break;
				if (strcmp(ck, "*") && !config_carrier(cf, ck)) {
					yerr(c, ynode(c, p_->key), "codes: "
					    "unknown carrier '%s'", ck);
					break;
				}
				parse_track_codes(c, cv, strcmp(ck, "*") ? ck :
				    NULL, tc);
			}
		} else if (!strcmp(k, "delay_margin")) {
			if (parse_int(c, v, k, 0, DAYS_MAX, &q) == 0)
				tc->delay_margin = (int)q;
		} else
			yerr(c, ynode(c, p_->key), "tracking: unknown key '%s'",
			    k);
	}
}

/*
 * A template's text, checked by rendering it with nothing: a
 * placeholder misspelt would otherwise show up only in a customer's
 * mailbox, as an error or a hole.
 */
static char *
parse_template_text(struct yctx *c, yaml_node_t *n, const char *what)
{
	char *s = text_dup(c, n, what), *r, why[128];

	if (s == NULL)
		return NULL;
	if ((r = track_render(s, NULL, why, sizeof why)) == NULL) {
		yerr(c, n, "%s: %s", what, why);
		free(s);
		return NULL;
	}
	free(r);
	return s;
}

/* A mail header is one line: a line break would start another header. */
static int
one_line(struct yctx *c, yaml_node_t *n, const char *what, const char *s)
{
	if (s != NULL && s[strcspn(s, "\r\n")] != '\0') {
		yerr(c, n, "%s: expected one line", what);
		return 0;
	}
	return 1;
}

static void
parse_template(struct yctx *c, yaml_node_t *n, const char *kind,
    struct notify_template *t)
{
	const char *k;
	yaml_node_t *v;

	if (!ymapping(c, n, kind))
		return;
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "subject")) {
			if ((t->subject = parse_template_text(c, v, k)) &&
			    !one_line(c, v, k, t->subject))
				break;
		} else if (!strcmp(k, "body"))
			t->body = parse_template_text(c, v, k);
		else
			yerr(c, ynode(c, p_->key), "templates: unknown key "
			    "'%s'", k);
	}
	if (c->failed)
		return;
	if (t->subject == NULL)
		yerr(c, n, "templates: '%s' needs a subject", kind);
	else if (t->body == NULL)
		yerr(c, n, "templates: '%s' needs a body", kind);
}

static void
parse_notifications(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	struct notify_config *nc = &cf->notifications;
	const char *k, *tk;
	yaml_node_t *v, *tv;
	int kind;

	if (is_null(n) || !ymapping(c, n, "notifications"))
		return;
	YFOR_PAIRS(c, n, k, v) {
		if (c->failed)
			break;
		if (!strcmp(k, "from")) {
			if ((nc->from = text_dup(c, v, k)) != NULL)
				one_line(c, v, k, nc->from);
		} else if (!strcmp(k, "templates")) {
			if (is_null(v) || !ymapping(c, v, k))
				continue;
			nc->templates = xcalloc((size_t)NPAIRS(v) + 1,
			    sizeof *nc->templates);
			YFOR_PAIRS(c, v, tk, tv) {
				struct notify_template *t =
				    &nc->templates[nc->ntemplates];

				if (c->failed)
					break;
				if ((kind = notify_kind_parse(tk)) < 0) {
					yerr(c, ynode(c, p_->key), "templates: "
					    "unknown kind '%s': expected "
					    "shipped, out_for_delivery, "
					    "delayed or delivered", tk);
					break;
				}
				/* Counted now so that config_free frees it. */
				nc->ntemplates++;
				t->kind = kind;
				parse_template(c, tv, tk, t);
			}
		} else
			yerr(c, ynode(c, p_->key), "notifications: unknown key "
			    "'%s'", k);
	}
}

static void
parse_root(struct yctx *c, yaml_node_t *n, struct config *cf)
{
	const char *k;
	yaml_node_t *v, *tracking = NULL;

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
		else if (!strcmp(k, "carriers"))
			parse_carriers(c, v, cf);
		else if (!strcmp(k, "shipping"))
			parse_shipping(c, v, cf);
		else if (!strcmp(k, "tracking"))
			tracking = v;
		else if (!strcmp(k, "notifications"))
			parse_notifications(c, v, cf);
		else
			yerr(c, ynode(c, p_->key), "unknown key '%s'", k);
	}
	/* Last, wherever it is in the file: its codes name carriers. */
	if (!c->failed && tracking != NULL)
		parse_track(c, tracking, cf);
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
	cf->shipping.default_promise = -1;
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

static void
free_carriers(struct carrier *v, int n)
{
	struct carrier_service *sv;
	int i, j, k, z;

	for (i = 0; i < n; i++) {
		free(v[i].code);
		free(v[i].name);
		free(v[i].adapter);
		free(v[i].tracking_url);
		free_list(v[i].locations, v[i].nlocations);
		for (z = 0; z < v[i].nzones; z++) {
			free(v[i].zones[z].name);
			free_list(v[i].zones[z].countries,
			    v[i].zones[z].ncountries);
			free_list(v[i].zones[z].postal_prefixes,
			    v[i].zones[z].npostal_prefixes);
		}
		free(v[i].zones);
		for (j = 0; j < v[i].nservices; j++) {
			sv = &v[i].services[j];
			free(sv->code);
			free(sv->name);
			for (z = 0; sv->zones && z < v[i].nzones; z++)
				free(sv->zones[z].brackets);
			free(sv->zones);
			for (k = 0; k < sv->nsurcharges; k++) {
				free(sv->surcharges[k].name);
				free(sv->surcharges[k].zones);
			}
			free(sv->surcharges);
		}
		free(v[i].services);
	}
	free(v);
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
	free_carriers(cf->carriers, cf->ncarriers);
	for (i = 0; i < cf->shipping.npromises; i++)
		free(cf->shipping.promises[i].ship_method);
	free(cf->shipping.promises);
	for (i = 0; i < cf->tracking.ncodes; i++) {
		free(cf->tracking.codes[i].carrier);
		free(cf->tracking.codes[i].code);
	}
	free(cf->tracking.codes);
	for (i = 0; i < cf->notifications.ntemplates; i++) {
		free(cf->notifications.templates[i].subject);
		free(cf->notifications.templates[i].body);
	}
	free(cf->notifications.templates);
	free(cf->notifications.from);
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

const struct carrier *
config_carrier(const struct config *cf, const char *code)
{
	int i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < cf->ncarriers; i++)
		if (cf->carriers[i].code && !strcmp(cf->carriers[i].code,
		    code))
			return &cf->carriers[i];
	return NULL;
}

int
carrier_collects(const struct carrier *cr, const char *location)
{
	int i;

	if (cr->nlocations == 0)
		return 1;
	if (location == NULL)
		return 0;
	for (i = 0; i < cr->nlocations; i++)
		if (!strcmp(cr->locations[i], location))
			return 1;
	return 0;
}
