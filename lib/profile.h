/*
 * Mapping profiles: how the columns of one marketplace's export become
 * oms orders.  Built-in formats are profiles too, written in the same
 * YAML that merchants write for their own exports; oms-profile(5)
 * documents the language.
 */
#ifndef OMS_PROFILE_H
#define OMS_PROFILE_H

#include <stddef.h>

#include "datetime.h"
#include "money.h"

struct builtin_profile {
	const char *name;
	const char *yaml;
};
extern const struct builtin_profile builtin_profiles[];

/*
 * Where a value comes from.  Column names are resolved to indexes when
 * the header is known (profile_bind).
 */
struct source {
	int set;		/* the profile maps this field */
	char **columns;		/* first non-empty of these, or all joined */
	int ncolumns;
	int *index;		/* per column: header index, -1 if absent */
	char *join;		/* when set: join the non-empty columns */
	char *constant;		/* value: a constant */
	char *fallback;		/* default: when the columns are empty */
	char *strip_prefix;	/* removed from the start ("'0812") */
	char *strip_suffix;	/* removed from the end ("400081.0") */
	int sum;		/* order amounts: add up every row's value */
	char **map_from, **map_to;	/* value translation */
	int nmap;
	int line, col;		/* where in the profile, for messages */
};

enum cond_op { COND_EQUALS, COND_IN, COND_PREFIX, COND_EMPTY, COND_NONEMPTY };

/* A test on one column, used by skip, cancel, hold and status rules. */
struct cond {
	struct source src;
	enum cond_op op;
	char **values;
	int nvalues;
	char *result;		/* status: or reason: of the rule */
};

struct rules {
	struct cond *v;
	int n;
};

struct address_map {
	struct source name, company, address1, address2, city, region,
	    postal_code, country, phone;
};

/* Line fields, from a column each or, when packed, from a cell's keys. */
struct line_map {
	struct source id, sku, title, quantity, unit_price, line_total,
	    discount, tax, requires_shipping;
	struct rules status;
};

struct packed_lines {
	int set;
	char *prefix;		/* columns whose name starts with it */
	char item_sep;		/* between key:value pairs ("|") */
	char kv_sep;		/* between a key and its value (":") */
	int *index;		/* bound: the matching columns */
	int nindex;
};

enum profile_kind {
	KIND_ORDERS,		/* order exports, for oms-import */
	KIND_SNAPSHOT,		/* on hand per SKU and location, for oms-stock */
	KIND_MOVEMENTS,		/* receipts, adjustments, transfers */
	KIND_RECEIPTS,		/* expected receipts: purchase orders */
	KIND_CATALOGUE,		/* products: weight, dimensions, bin, tags */
	KIND_COUNT
};

/*
 * "orders", "snapshot", "movements", "receipts", "catalogue": as in
 * kind: of a profile.
 */
const char *profile_kind_name(enum profile_kind kind);

/* The columns of a stock file. */
struct stock_map {
	struct source sku, location, quantity, at, reason, from, to,
	    reference, id;
	/* catalogue */
	struct source title, weight, weight_unit, length, width, height,
	    length_unit, bin, tags;
};

struct profile {
	char *name;
	enum profile_kind kind;
	char *description;
	char *origin;		/* file name or "built-in NAME", for messages */
	char *channel;		/* the default channel (else the name) */
	char **detect;
	int ndetect;
	char delimiter;		/* 0 means: detect from the header line */
	char quote;		/* 0 means: no quoting */
	int windows1252;
	struct money_style money;
	char **date_formats;
	int ndate_formats;
	struct timezone_spec tz;
	char *currency;
	int prices_include_tax;
	int has_lines;		/* the export carries order lines */

	struct rules skip, cancel, hold, status;
	struct {
		struct source number, placed_at, currency, email, phone,
		    customer_name, ship_method, shipping, tax, discount, total,
		    risk, deliver_by;
		struct address_map ship_to, bill_to;
	} order;
	struct line_map line;
	struct packed_lines packed;
	struct stock_map stock;
};

/*
 * Load a profile from YAML text; origin names it in messages.  Returns
 * NULL after printing "ORIGIN:LINE:COL: message".
 */
struct profile *profile_load(const char *yaml, size_t len, const char *origin);
struct profile *profile_load_file(const char *path);
/* A built-in profile by name, or NULL. */
struct profile *profile_builtin(const char *name);
void profile_free(struct profile *p);

/*
 * Whether a header row (nfields names, already trimmed) carries every
 * column the profile detects its format by.
 */
int profile_matches(const struct profile *p, char **names, int nnames);

/*
 * Resolve column names against the header.  Returns 0, or -1 after
 * printing "FILE:LINE: missing column 'X' (profile NAME)" for a column
 * that a required field needs.
 */
int profile_bind(struct profile *p, char **names, int nnames,
    const char *file, long line);

/*
 * The built-in profiles of one kind, loaded, NULL-terminated; NULL if
 * one fails to load (a bug: the message says which).
 */
struct profile **profile_builtins(enum profile_kind kind);
/* The profile named name in such a list, or NULL. */
struct profile *profile_find(struct profile **v, const char *name);
void profile_builtins_free(struct profile **v);

#endif
