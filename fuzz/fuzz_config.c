/*
 * Fuzz target: oms.yaml through config_load, then the questions
 * allocation asks of it (each location, keep-back rule, bundle and
 * priority, and what routing asks), so that what the loader accepts is
 * also safe to use.
 */
#include "fuzz_common.h"

#include "config.h"
#include "util.h"

static const char *path;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	set_progname("oms-fuzz");
	path = fuzz_scratch(".yaml");
	fuzz_quiet();
	return 0;
}

static void
count_part(void *arg, const char *sku, long long qty)
{
	long long *n = arg;

	*n += qty > 0 && sku[0] != '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *c;
	long long n = 0;
	int i, j;

	fuzz_scratch_write(path, data, size);
	if ((c = config_load(path, 1)) == NULL)
		return 0;
	for (i = 0; i < c->nlocations; i++) {
		const struct location *l = &c->locations[i];

		if (config_location(c, l->code) != l)
			abort();	/* ids are unique: the loader says so */
		n += location_serves(l, "shopify");
		for (j = 0; j < l->nchannels; j++)
			n += location_serves(l, l->channels[j]);
		n += config_safety(c, "SKU", l->code);
	}
	for (i = 0; i < c->nsafety; i++)
		n += config_safety(c, c->safety[i].sku ? c->safety[i].sku :
		    "SKU", c->safety[i].where ? c->safety[i].where : "BER");
	for (i = 0; i < c->nbuffers; i++)
		n += config_buffer(c, c->buffers[i].sku ? c->buffers[i].sku :
		    "SKU", c->buffers[i].where ? c->buffers[i].where :
		    "amazon");
	for (i = 0; i < c->nbundles; i++) {
		if (config_bundle(c, c->bundles[i].sku) == NULL)
			abort();
		config_explode(c, c->bundles[i].sku, 3, count_part, &n);
	}
	for (i = 0; i < c->npriorities; i++)
		n += config_priority(c, c->priorities[i].channel,
		    c->priorities[i].ship_method);
	/* What routing asks. */
	for (i = 0; i < c->nlocations; i++) {
		const struct location *l = &c->locations[i];
		struct amount cost;

		n += location_ships_to(l, "DE");
		for (j = 0; j < l->ncountries; j++) {
			const struct zone *z = config_zone(c, l->countries[j]);

			n += location_ships_to(l, l->countries[j]);
			if (z)
				n += config_zone_cost(c, l->code, z->name,
				    &cost);
		}
		for (j = 0; j < l->npickup_methods; j++)
			if (config_pickup_location(c, l->pickup_methods[j]) !=
			    l)
				abort();	/* unique: the loader says so */
	}
	for (i = 0; i < c->routing.ntags; i++)
		for (j = 0; j < c->routing.tags[i].ntags; j++)
			if (!config_sku_has_tag(c, c->routing.tags[i].sku,
			    c->routing.tags[i].tags[j]))
				abort();
	n += config_pickup_location(c, NULL) != NULL;
	config_free(c);
	return n == 42 ? 0 : 0;	/* n is used: the calls are not elided */
}
