/*
 * The configuration file, oms.yaml: locations, safety stock, channel
 * buffers, bundles and allocation rules.  --config PATH, else
 * $OMS_CONFIG, else ./oms.yaml; oms.yaml(5) documents it.  Errors are
 * reported as "oms.yaml:LINE:COL: message".
 */
#ifndef OMS_CONFIG_H
#define OMS_CONFIG_H

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

#endif
