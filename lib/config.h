/*
 * The configuration file, oms.yaml: locations, safety stock, channel
 * buffers, bundles, allocation rules, fraud screening, routing, carriers,
 * shipping promises, tracking and customer notifications.  --config PATH, else $OMS_CONFIG, else
 * ./oms.yaml; oms.yaml(5) documents it.  Errors are
 * reported as "oms.yaml:LINE:COL: message".
 */
#ifndef OMS_CONFIG_H
#define OMS_CONFIG_H

#include "label.h"	/* label formats and sizes, for shipping */

enum location_type {
	LOC_WAREHOUSE, LOC_STORE, LOC_3PL, LOC_DROPSHIP
};

struct location {
	char *code;		/* id: the key movements and stock use */
	char *name;
	enum location_type type;
	char *address1, *city, *region, *postal_code, *country;
	int has_coordinates;
	double latitude, longitude;	/* degrees, for distances only */
	char **channels;	/* channels it may serve; none listed: all */
	int nchannels;
	int capacity;		/* orders a day; 0: no limit */
	int cutoff_minutes;	/* cut-off time of day, minutes after 00:00
				   UTC; -1 when none */
	int ship_from_store;
	int click_and_collect;
	char **countries;	/* countries it ships to (ISO codes); none: all */
	int ncountries;
	int priority;		/* routing's fixed preference, higher first */
	char **pickup_methods;	/* ship methods that mean "collect here" */
	int npickup_methods;
};

/*
 * A quantity kept back: safety stock per SKU and location, or a channel
 * buffer per SKU and channel.  sku, location or channel NULL means any;
 * the most specific rule that matches wins (sku over location/channel
 * over neither).
 */
struct keep_back {
	char *sku;
	char *where;		/* a location code, or a channel name */
	long long quantity;
};

struct bundle_part {
	char *sku;
	long long quantity;
};

struct bundle {
	char *sku;
	struct bundle_part *parts;
	int nparts;
};

/* Allocation order: the first rule that matches gives the priority. */
struct priority_rule {
	char *channel;		/* NULL: any */
	char *ship_method;	/* NULL: any (matched against the order's) */
	int priority;		/* higher goes first */
};

/*
 * Fraud screening (oms-route): each rule that holds adds its points and
 * its reason; an order whose score reaches fraud.hold_score goes on hold.
 */
enum fraud_kind {
	FRAUD_ORDER_VALUE,	/* the total is above an amount */
	FRAUD_UNUSUAL_VALUE,	/* far above the customer's or channel's usual */
	FRAUD_VELOCITY,		/* many orders per email, phone or address */
	FRAUD_COUNTRY_MISMATCH,	/* billing country is not the shipping one */
	FRAUD_NEW_CUSTOMER,	/* a first order above an amount */
	FRAUD_BLOCKED,		/* email, phone or address on a list */
	FRAUD_MANY_UNITS,	/* many units of one SKU */
	FRAUD_CHANNEL_RISK	/* the channel's own risk level */
};

enum fraud_key {
	FKEY_EMAIL, FKEY_PHONE, FKEY_ADDRESS
};

/* An amount of money: minor units of an ISO 4217 currency. */
struct amount {
	long long minor;
	char currency[4];
};

struct fraud_rule {
	enum fraud_kind kind;
	char *reason;		/* default: the rule's type ("velocity") */
	int points;		/* 1 to 1000 */
	struct amount above;	/* order_value, new_customer */
	double z;		/* unusual_value: standard deviations */
	int min_history;	/* unusual_value: orders needed, default 5 */
	enum fraud_key per;	/* velocity */
	long window_seconds;	/* velocity */
	int max_orders;		/* velocity: more than this many holds */
	/* blocked: as written, and in contact.h's normal forms (NULL:
	   none, never matched), made once rather than per order */
	char **emails, **phones, **addresses;
	char **email_keys, **phone_keys, **address_keys;
	int nemails, nphones, naddresses;
	long long units;	/* many_units: this many or more */
	char **levels;		/* channel_risk: any of these, in lower case */
	int nlevels;
};

struct fraud_config {
	int hold_score;		/* 0: screening is off */
	struct fraud_rule *rules;
	int nrules;
};

/* A group of destination countries, for distance and cost. */
struct zone {
	char *name;
	char **countries;
	int ncountries;
};

/* What shipping from a location to a zone costs, until carriers do. */
struct zone_cost {
	char *location;
	char *zone;
	struct amount cost;
};

enum route_exclude {
	EXCL_CHANNEL = 1,	/* the location does not serve the channel */
	EXCL_COUNTRY = 2,	/* ... or the destination country */
	EXCL_STOCK = 4,		/* lacks stock after safety stock */
	EXCL_CAPACITY = 8,	/* is over today's capacity */
	EXCL_ALL = 15
};

enum route_criterion {
	RANK_DISTANCE, RANK_COST, RANK_CAPACITY, RANK_PRIORITY
};

enum split_policy {
	SPLIT_FEWEST,		/* fewest shipments first (default) */
	SPLIT_NONE		/* one location or none */
};

struct split_rules {
	enum split_policy policy;
	int max_shipments;	/* default 3 */
	struct amount min_value;	/* minor 0: no minimum */
};

/* A routing strategy: when it applies, what it excludes, how it ranks. */
struct route_strategy {
	char *name;
	/* Conditions, all of which must hold; an empty list: any. */
	char **channels, **countries, **regions, **ship_methods, **sku_tags;
	int nchannels, ncountries, nregions, nship_methods, nsku_tags;
	struct amount value_above, value_below;	/* minor -1: none */
	unsigned exclude;	/* EXCL_* bits; default EXCL_ALL */
	enum route_criterion rank[4];
	int nrank;		/* default: distance, cost, capacity, priority */
	struct split_rules split;	/* default: routing.split */
};

/* A SKU's tags, for strategies' sku_tags conditions. */
struct sku_tags {
	char *sku;
	char **tags;
	int ntags;
};

struct routing_config {
	struct route_strategy *strategies;	/* tried in order */
	int nstrategies;
	struct split_rules split;
	struct zone *zones;
	int nzones;
	struct zone_cost *costs;
	int ncosts;
	struct sku_tags *tags;
	int ntags;
	char *coordinates;	/* postal-code centroids file, or NULL */
};

/*
 * Carriers (oms-ship): who collects parcels from which locations, where
 * they deliver, and what each of their services charges and takes.
 * Weights are whole grams, lengths whole millimetres; carrier.h quotes.
 */

/*
 * Where a carrier delivers, for its rates and transit times: countries,
 * or the postal codes in them that start with a prefix.
 */
struct carrier_zone {
	char *name;
	char **countries;	/* alpha-2 codes */
	int ncountries;
	char **postal_prefixes;	/* upper case, without blanks or '-';
				   none: the whole countries */
	int npostal_prefixes;
};

/* A weight bracket: parcels up to and including up_to_g cost price. */
struct rate_bracket {
	long long up_to_g;
	struct amount price;
};

/* What a service does in one of its carrier's zones. */
struct service_zone {
	int transit_days;	/* business days; -1: not given */
	struct rate_bracket *brackets;	/* up_to_g ascending; none: the
					   service does not go there */
	int nbrackets;
};

/*
 * Added to the base price when every condition holds (none: always):
 * a percentage of the base price or a fixed amount.
 */
struct surcharge {
	char *name;
	int basis_points;	/* percent x 100 of the base price; 0 with
				   an amount */
	struct amount amount;	/* minor 0 with basis_points */
	int longest_over_mm;	/* the longest side is above; 0: any */
	long long weight_over_g;	/* the actual weight is above; 0: any */
	int *zones;		/* indexes into the carrier's zones; none:
				   any */
	int nzones;
};

struct carrier_service {
	char *code;		/* unique within the carrier */
	char *name;
	int max_length_mm;	/* longest side it takes; 0: no limit */
	struct service_zone *zones;	/* one per carrier zone, in order */
	struct surcharge *surcharges;
	int nsurcharges;
};

enum tracking_scheme {
	TRACK_NONE,
	TRACK_S10,		/* UPU S10: RR123456785DE */
	TRACK_GS1		/* digits and a GS1 mod-10 check digit */
};

/* How a carrier's tracking numbers are made from the ledger's serials. */
struct tracking_spec {
	enum tracking_scheme scheme;
	char prefix[24];	/* s10: two capitals; gs1: digits */
	char country[3];	/* s10: alpha-2 */
	int length;		/* gs1: digits in all, with the check digit */
	long long first, last;	/* serials the carrier gave, inclusive */
};

struct carrier {
	char *code;		/* [a-z0-9_-]+, unique */
	char *name;
	char *adapter;		/* "offline", or W: runs oms-carrier-W */
	char *tracking_url;	/* where a parcel is followed, with
				   {tracking}; NULL: none */
	char **locations;	/* where it collects; none: all */
	int nlocations;
	int cutoff_minutes;	/* pickup cut-off, minutes after 00:00 UTC;
				   -1: the location's, if it has one */
	int volumetric_divisor;	/* cm3 per kg; 0: weight alone */
	char currency[4];	/* of all its prices; "" when it has none */
	struct tracking_spec tracking;
	struct carrier_zone *zones;
	int nzones;
	struct carrier_service *services;
	int nservices;
};

/* A ship method's promise: delivered within days business days. */
struct promise_rule {
	char *ship_method;
	int days;
};

struct shipping_config {
	struct promise_rule *promises;
	int npromises;
	int default_promise;	/* business days; -1: no promise */
	enum label_format label;	/* default pdf */
	enum label_size label_size;	/* default 4x6 */
};

/*
 * Tracking (oms-track): what carriers' event codes mean, and how late a
 * parcel may be before it counts as delayed; tracking.h reads them.
 */
struct track_code {
	char *carrier;		/* a carrier's code; NULL: any ("*") */
	char *code;		/* as the carrier sends it; case ignored */
	int state;		/* enum track_state (tracking.h) */
};

struct tracking_config {
	struct track_code *codes;	/* in oms.yaml's order */
	int ncodes;
	int delay_margin;	/* business days past the expected day
				   before a parcel is delayed; default 0 */
};

/* A notification to the customer; a kind without one sends nothing. */
struct notify_template {
	int kind;		/* enum notify_kind (tracking.h) */
	char *subject;		/* one line; placeholders checked at load */
	char *body;
};

struct notify_config {
	char *from;		/* copied into each notification; NULL: none */
	struct notify_template *templates;	/* a kind at most once */
	int ntemplates;
};

struct config {
	char *path;		/* for messages */
	struct location *locations;
	int nlocations;
	struct keep_back *safety;
	int nsafety;
	struct keep_back *buffers;
	int nbuffers;
	struct bundle *bundles;
	int nbundles;
	struct priority_rule *priorities;
	int npriorities;
	int allow_partial;	/* allocation.partial, default 1 */
	int allow_preorder;	/* allocation.preorder, default 0 */
	long expire_seconds;	/* allocation.expire_after; 0: never */
	struct fraud_config fraud;
	struct routing_config routing;
	struct carrier *carriers;
	int ncarriers;
	struct shipping_config shipping;
	struct tracking_config tracking;
	struct notify_config notifications;
};

/* The path to read: option, else $OMS_CONFIG, else "oms.yaml". */
const char *config_default_path(const char *option);

/*
 * Load and check the configuration.  A missing file is an empty
 * configuration when `required` is 0.  Returns NULL after printing
 * "PATH:LINE:COL: message" (unknown keys, bad values, duplicate
 * locations, a bundle that contains itself through other bundles).
 */
struct config *config_load(const char *path, int required);
void config_free(struct config *c);

const struct location *config_location(const struct config *c,
    const char *code);
/* Whether a location may serve a channel. */
int location_serves(const struct location *l, const char *channel);
/* Safety stock of a SKU at a location, and a channel's buffer. */
long long config_safety(const struct config *c, const char *sku,
    const char *location);
long long config_buffer(const struct config *c, const char *sku,
    const char *channel);
/* The bundle a SKU names, or NULL for a plain SKU. */
const struct bundle *config_bundle(const struct config *c, const char *sku);
/*
 * Call fn for each plain SKU that qty units of sku stand for: the SKU
 * itself, or a bundle's parts, flattened through nested bundles, each
 * SKU once with its total quantity, in the order first met.
 */
void config_explode(const struct config *c, const char *sku, long long qty,
    void (*fn)(void *arg, const char *sku, long long qty), void *arg);
int config_priority(const struct config *c, const char *channel,
    const char *ship_method);
/* Whether a location ships to a country (ISO code). */
int location_ships_to(const struct location *l, const char *country);
/* The zone a country is in, or NULL. */
const struct zone *config_zone(const struct config *c, const char *country);
/* The cost of shipping from a location to a zone: 1 and *cost, or 0. */
int config_zone_cost(const struct config *c, const char *location,
    const char *zone, struct amount *cost);
/* Whether a SKU has a tag. */
int config_sku_has_tag(const struct config *c, const char *sku,
    const char *tag);
/* The store whose pickup_methods name a ship method, or NULL. */
const struct location *config_pickup_location(const struct config *c,
    const char *ship_method);
/* The carrier with a code, or NULL. */
const struct carrier *config_carrier(const struct config *c,
    const char *code);
/* Whether a carrier collects from a location. */
int carrier_collects(const struct carrier *cr, const char *location);

#endif
