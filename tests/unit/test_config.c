/*
 * config: oms.yaml read back field by field, the defaults, every error
 * with its exact message and position, the most specific safety stock
 * and channel buffer, bundles flattened and merged, and priorities.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "tap.h"
#include "yamlfile.h"
#include "util.h"


/* What config_explode called back, in order. */
struct parts {
	int n;
	char sku[8][32];
	long long qty[8];
};

static void
collect(void *arg, const char *sku, long long qty)
{
	struct parts *p = arg;

	if (p->n < 8) {
		snprintf(p->sku[p->n], sizeof p->sku[p->n], "%s", sku);
		p->qty[p->n] = qty;
	}
	p->n++;
}

static struct parts
explode(const struct config *cf, const char *sku, long long qty)
{
	struct parts p;

	memset(&p, 0, sizeof p);
	config_explode(cf, sku, qty, collect, &p);
	return p;
}

static const char full[] =
    "locations:\n"
    "  - id: WH1\n"
    "    name: Main warehouse\n"
    "    type: warehouse\n"
    "    address: {address1: Lagerstrasse 12, city: Berlin,\n"
    "              region: Berlin, postal_code: \"12057\",\n"
    "              country: Germany}\n"
    "    latitude: 52.52\n"
    "    longitude: 13.40\n"
    "    channels: [shopify, amazon]\n"
    "    capacity: 500\n"
    "    cutoff: \"15:00\"\n"
    "    ship_from_store: false\n"
    "    click_and_collect: no\n"
    "  - id: HH.store_1\n"
    "    type: Store\n"
    "    latitude: -53.5\n"
    "    longitude: -180\n"
    "    cutoff: 00:00\n"
    "    ship_from_store: true\n"
    "    click_and_collect: yes\n"
    "  - {id: PL-3PL, type: 3pl, cutoff: \"23:59\", channels: [amazon]}\n"
    "  - {id: DS, type: dropship, capacity: 0}\n"
    "safety_stock:\n"
    "  - {sku: SKU-1, location: WH1, quantity: 2}\n"
    "  - {sku: SKU-1, quantity: 1}\n"
    "  - {location: WH1, quantity: 1}\n"
    "  - {quantity: 0}\n"
    "channel_buffers:\n"
    "  - {channel: amazon, quantity: 2}\n"
    "  - {channel: amazon, sku: SKU-1, quantity: 5}\n"
    "bundles:\n"
    "  KIT-1: {SKU-1: 2, SKU-2: 1}\n"
    "  KIT-BIG: {KIT-1: 2, SKU-3: 1}\n"
    "allocation:\n"
    "  partial: false\n"
    "  preorder: true\n"
    "  expire_after: 72h\n"
    "  priority:\n"
    "    - {channel: amazon, ship_method: express, priority: 10}\n"
    "    - {ship_method: express, priority: 5}\n";

static void
test_full(void)
{
	struct config *cf = load(full);
	const struct location *l;

	ok(cf != NULL, "full config loads");
	is_str(errbuf, "", "full config: nothing on stderr");
	if (cf == NULL)
		return;
	is_int(cf->nlocations, 4, "four locations");
	l = &cf->locations[0];
	is_str(l->code, "WH1", "id");
	is_str(l->name, "Main warehouse", "name");
	is_int(l->type, LOC_WAREHOUSE, "type warehouse");
	is_str(l->address1, "Lagerstrasse 12", "address1");
	is_str(l->city, "Berlin", "city");
	is_str(l->region, "Berlin", "region");
	is_str(l->postal_code, "12057", "postal_code stays text");
	is_str(l->country, "DE", "country as its alpha-2 code");
	ok(l->has_coordinates, "has coordinates");
	ok(l->latitude > 52.5199 && l->latitude < 52.5201, "latitude");
	ok(l->longitude > 13.3999 && l->longitude < 13.4001, "longitude");
	is_int(l->nchannels, 2, "two channels");
	is_str(l->channels[0], "shopify", "first channel");
	is_str(l->channels[1], "amazon", "second channel");
	is_int(l->capacity, 500, "capacity");
	is_int(l->cutoff_minutes, 15 * 60, "cutoff 15:00");
	is_int(l->ship_from_store, 0, "ship_from_store false");
	is_int(l->click_and_collect, 0, "click_and_collect no");

	l = &cf->locations[1];
	is_str(l->code, "HH.store_1", "id with '.' and '_'");
	is_str(l->name, "HH.store_1", "name defaults to the id");
	is_int(l->type, LOC_STORE, "type Store, case ignored");
	ok(l->has_coordinates && l->latitude == -53.5 &&
	    l->longitude == -180, "negative coordinates, -180 allowed");
	is_int(l->cutoff_minutes, 0, "cutoff 00:00 unquoted");
	is_int(l->ship_from_store, 1, "ship_from_store true");
	is_int(l->click_and_collect, 1, "click_and_collect yes");
	ok(l->address1 == NULL && l->country == NULL, "no address");
	is_int(cf->locations[2].type, LOC_3PL, "type 3pl");
	is_int(cf->locations[2].cutoff_minutes, 23 * 60 + 59,
	    "cutoff 23:59");
	is_int(cf->locations[3].type, LOC_DROPSHIP, "type dropship");

	is_int(cf->nsafety, 4, "four safety stock rules");
	is_str(cf->safety[0].sku, "SKU-1", "safety sku");
	is_str(cf->safety[0].where, "WH1", "safety location");
	is_int(cf->safety[0].quantity, 2, "safety quantity");
	ok(cf->safety[1].where == NULL, "safety rule for any location");
	ok(cf->safety[2].sku == NULL, "safety rule for any SKU");
	ok(cf->safety[3].sku == NULL && cf->safety[3].where == NULL,
	    "safety rule for everything");
	is_int(cf->nbuffers, 2, "two channel buffers");
	is_str(cf->buffers[1].sku, "SKU-1", "buffer sku");
	is_str(cf->buffers[1].where, "amazon", "buffer channel");
	is_int(cf->buffers[1].quantity, 5, "buffer quantity");

	is_int(cf->nbundles, 2, "two bundles");
	is_str(cf->bundles[0].sku, "KIT-1", "bundle sku");
	is_int(cf->bundles[0].nparts, 2, "bundle parts");
	is_str(cf->bundles[0].parts[1].sku, "SKU-2", "part sku");
	is_int(cf->bundles[0].parts[0].quantity, 2, "part quantity");
	ok(config_bundle(cf, "KIT-BIG") == &cf->bundles[1], "config_bundle");
	ok(config_bundle(cf, "SKU-1") == NULL, "a plain SKU is no bundle");

	is_int(cf->allow_partial, 0, "partial: false");
	is_int(cf->allow_preorder, 1, "preorder: true");
	is_int(cf->expire_seconds, 72 * 3600, "expire_after 72h");
	is_int(cf->npriorities, 2, "two priority rules");
	is_str(cf->priorities[0].channel, "amazon", "priority channel");
	is_str(cf->priorities[0].ship_method, "express", "priority method");
	is_int(cf->priorities[0].priority, 10, "priority");
	ok(cf->priorities[1].channel == NULL, "priority for any channel");

	ok(config_location(cf, "PL-3PL") == &cf->locations[2],
	    "config_location");
	ok(config_location(cf, "pl-3pl") == NULL,
	    "config_location is case-sensitive");
	ok(config_location(cf, "NOPE") == NULL, "config_location: unknown");
	l = &cf->locations[0];
	is_int(location_serves(l, "shopify"), 1, "serves a listed channel");
	is_int(location_serves(l, "amazon"), 1, "serves the other");
	is_int(location_serves(l, "ebay"), 0, "not a channel not listed");
	is_int(location_serves(l, "Amazon"), 0, "channels are case-sensitive");
	is_int(location_serves(&cf->locations[1], "ebay"), 1,
	    "no channels listed: serves all");
	config_free(cf);
}

static void
test_defaults(void)
{
	struct config *cf;
	const struct location *l;
	struct parts p;
	char missing[] = "/tmp/test_config_none.XXXXXX", want[128];
	int fd;

	cf = load("locations:\n  - id: WH1\n");
	ok(cf != NULL, "minimal config loads");
	if (cf == NULL)
		return;
	l = &cf->locations[0];
	is_str(l->name, "WH1", "default name");
	is_int(l->type, LOC_WAREHOUSE, "default type");
	ok(!l->has_coordinates, "default: no coordinates");
	is_int(l->nchannels, 0, "default: no channels");
	is_int(l->capacity, 0, "default capacity");
	is_int(l->cutoff_minutes, -1, "default: no cutoff");
	ok(!l->ship_from_store && !l->click_and_collect,
	    "default booleans false");
	is_int(cf->allow_partial, 1, "default partial");
	is_int(cf->allow_preorder, 0, "default preorder");
	is_int(cf->expire_seconds, 0, "default: never expire");
	is_int(config_safety(cf, "SKU-1", "WH1"), 0, "no safety stock");
	is_int(config_buffer(cf, "SKU-1", "amazon"), 0, "no buffer");
	is_int(config_priority(cf, "amazon", "express"), 0,
	    "default priority");
	p = explode(cf, "SKU-1", 3);
	ok(p.n == 1 && !strcmp(p.sku[0], "SKU-1") && p.qty[0] == 3,
	    "a plain SKU explodes to itself");
	config_free(cf);

	ok(loads(""), "an empty file loads");
	ok(loads("# nothing yet\n"), "a file of comments loads");
	ok(loads("locations:\nsafety_stock:\nchannel_buffers: ~\n"
	    "bundles:\nallocation:\n  priority:\n"),
	    "empty sections load");
	ok(loads("safety_stock:\n  - {location: WH1, quantity: 1}\n"
	    "locations:\n  - id: WH1\n"),
	    "locations may come after the safety stock naming them");
	ok(loads("allocation: {expire_after: never}\n"), "expire never");

	/* A name that is certainly free: made, then removed. */
	if ((fd = mkstemp(missing)) >= 0) {
		close(fd);
		unlink(missing);
	}
	cf = capture(missing, 0);
	ok(cf != NULL, "missing file, not required: empty config");
	is_str(errbuf, "", "missing file, not required: no message");
	if (cf) {
		is_int(cf->nlocations, 0, "empty config: no locations");
		is_int(cf->allow_partial, 1, "empty config: partial");
		is_str(cf->path, missing, "empty config keeps its path");
	}
	config_free(cf);
	cf = capture(missing, 1);
	ok(cf == NULL, "missing file, required: an error");
	snprintf(want, sizeof want, "%s: %s: no such file or directory",
	    progname, missing);
	is_str(errbuf, want, "missing file, required: the message");
	config_free(cf);
}

static void
test_default_path(void)
{
	unsetenv("OMS_CONFIG");
	is_str(config_default_path("my.yaml"), "my.yaml", "option path");
	is_str(config_default_path(NULL), "oms.yaml", "default path");
	setenv("OMS_CONFIG", "/etc/oms/oms.yaml", 1);
	is_str(config_default_path(NULL), "/etc/oms/oms.yaml", "$OMS_CONFIG");
	is_str(config_default_path("my.yaml"), "my.yaml",
	    "option over $OMS_CONFIG");
	setenv("OMS_CONFIG", "", 1);
	is_str(config_default_path(NULL), "oms.yaml", "empty $OMS_CONFIG");
	unsetenv("OMS_CONFIG");
}

static void
test_errors(void)
{
	/* Unknown keys, at the key. */
	is_str(error_of("locations:\n  - id: WH1\ncolour: blue\n"),
	    "3:1: unknown key 'colour'", "unknown top-level key");
	is_str(error_of("locations:\n  - id: WH1\n    colour: blue\n"),
	    "3:5: locations: unknown key 'colour'", "unknown location key");
	is_str(error_of("locations:\n  - id: WH1\n"
	    "    address: {city: Berlin, street: X}\n"),
	    "3:29: address: unknown key 'street'", "unknown address key");
	is_str(error_of("safety_stock:\n"
	    "  - {sku: A, channel: amazon, quantity: 1}\n"),
	    "2:14: safety_stock: unknown key 'channel'",
	    "unknown safety_stock key");
	is_str(error_of("channel_buffers:\n  - {location: WH1, quantity: 1}\n"),
	    "2:6: channel_buffers: unknown key 'location'",
	    "unknown channel_buffers key");
	is_str(error_of("allocation:\n  partial: true\n  greedy: yes\n"),
	    "3:3: allocation: unknown key 'greedy'", "unknown allocation key");
	is_str(error_of("allocation:\n  priority:\n"
	    "    - {channel: amazon, prio: 3}\n"),
	    "3:25: priority: unknown key 'prio'", "unknown priority key");

	/* Wrong types. */
	is_str(error_of("hello\n"),
	    "1:1: configuration: expected keys and values", "not a mapping");
	is_str(error_of("locations: {id: WH1}\n"),
	    "1:12: locations: expected a list", "locations not a list");
	is_str(error_of("locations:\n  - WH1\n"),
	    "2:5: locations: expected keys and values", "location a scalar");
	is_str(error_of("locations:\n  - id: WH1\n    name: [a, b]\n"),
	    "3:11: name: expected a single value", "name a list");
	is_str(error_of("locations:\n  - id: WH1\n    channels: amazon\n"),
	    "3:15: channels: expected a list", "channels a scalar");
	is_str(error_of("locations:\n  - id: WH1\n    channels: []\n"),
	    "3:15: channels: expected at least one channel (leave channels "
	    "out to serve every channel)", "channels empty");
	is_str(error_of("locations:\n  - id: WH1\n"
	    "    ship_from_store: maybe\n"),
	    "3:22: ship_from_store: expected true or false, not 'maybe'",
	    "bad boolean");
	is_str(error_of("allocation:\n  partial: sometimes\n"),
	    "2:12: partial: expected true or false, not 'sometimes'",
	    "bad partial");
	is_str(error_of("bundles:\n  - KIT-1\n"),
	    "2:3: bundles: expected keys and values", "bundles a list");
	is_str(error_of("bundles:\n  KIT-A: SKU-1\n"),
	    "2:10: KIT-A: expected keys and values", "bundle a scalar");
	is_str(error_of("bundles:\n  KIT-A: {}\n"),
	    "2:10: KIT-A: a bundle needs components", "empty bundle");
	is_str(error_of("locations:\n  - id: WH1\n    type: shop\n"),
	    "3:11: type: expected warehouse, store, 3pl or dropship, "
	    "not 'shop'", "bad location type");
	is_str(error_of("locations:\n  - id: WH1\n"
	    "    address: {country: Narnia}\n"),
	    "3:24: country: unknown country 'Narnia'", "bad country");

	/* Quantities. */
	is_str(error_of("safety_stock:\n  - {sku: A, quantity: -1}\n"),
	    "2:24: quantity: expected an integer from 0 to 1000000000, "
	    "not '-1'", "negative quantity");
	is_str(error_of("channel_buffers:\n"
	    "  - {channel: amazon, quantity: 1.5}\n"),
	    "2:33: quantity: expected an integer from 0 to 1000000000, "
	    "not '1.5'", "float quantity");
	is_str(error_of("safety_stock:\n  - {quantity: 5x}\n"),
	    "2:16: quantity: expected an integer from 0 to 1000000000, "
	    "not '5x'", "quantity with trailing junk");
	is_str(error_of("safety_stock:\n"
	    "  - {quantity: 99999999999999999999}\n"),
	    "2:16: quantity: expected an integer from 0 to 1000000000, "
	    "not '99999999999999999999'", "quantity out of range");
	is_str(error_of("safety_stock:\n  - {quantity: \" 5\"}\n"),
	    "2:16: quantity: expected an integer from 0 to 1000000000, "
	    "not ' 5'", "quantity with a leading blank");
	is_str(error_of("safety_stock:\n  - {sku: A}\n"),
	    "2:5: safety_stock: rule needs a quantity", "quantity missing");
	is_str(error_of("locations:\n  - id: WH1\n    capacity: -3\n"),
	    "3:15: capacity: expected an integer from 0 to 1000000000, "
	    "not '-3'", "negative capacity");
	is_str(error_of("bundles:\n  KIT-1: {SKU-1: 0}\n"),
	    "2:18: SKU-1: expected an integer from 1 to 1000000000, "
	    "not '0'", "bundle part quantity 0");
	is_str(error_of("bundles:\n  KIT-1: {SKU-1: 2.0}\n"),
	    "2:18: SKU-1: expected an integer from 1 to 1000000000, "
	    "not '2.0'", "bundle part quantity 2.0");
	is_str(error_of("allocation:\n  priority:\n    - {priority: high}\n"),
	    "3:18: priority: expected an integer from -1000000000 to "
	    "1000000000, not 'high'", "bad priority");
	is_str(error_of("allocation:\n  priority:\n    - {channel: amazon}\n"),
	    "3:7: priority: rule needs a priority", "priority missing");

	/* Duplicates and references. */
	is_str(error_of("locations:\n  - id: WH1\n  - id: WH2\n  - id: WH1\n"),
	    "4:9: locations: duplicate id 'WH1'", "duplicate id");
	is_str(error_of("locations:\n  - id: WH1\n    capacity: 5\n"
	    "    capacity: 6\n"),
	    "4:5: locations: duplicate key 'capacity'", "duplicate key");
	is_str(error_of("bundles:\n  KIT-A: {S: 1}\n  KIT-A: {T: 1}\n"),
	    "3:3: bundles: duplicate key 'KIT-A'", "duplicate bundle");
	is_str(error_of("bundles:\n  KIT-A: {S: 1, S: 2}\n"),
	    "2:17: KIT-A: duplicate key 'S'", "duplicate component");
	is_str(error_of("safety_stock:\n  - {sku: A, quantity: 1}\n"
	    "  - {quantity: 0}\n  - {sku: A, quantity: 2}\n"),
	    "4:5: safety_stock: same sku and location as the rule on line 2",
	    "duplicate safety stock rule");
	is_str(error_of("channel_buffers:\n  - {channel: ebay, quantity: 1}\n"
	    "  - {channel: ebay, quantity: 2}\n"),
	    "3:5: channel_buffers: same sku and channel as the rule on line 2",
	    "duplicate channel buffer rule");
	is_str(error_of("locations:\n  - id: W H\n"),
	    "2:9: id: expected letters, digits, '.', '_' and '-', not 'W H'",
	    "bad id");
	is_str(error_of("locations:\n  - name: X\n"),
	    "2:5: locations: needs an id", "missing id");
	is_str(error_of("locations:\n  - id: WH1\n"
	    "safety_stock:\n  - {location: WH2, quantity: 1}\n"),
	    "4:16: safety_stock: unknown location 'WH2'",
	    "unknown location in safety_stock");
	is_str(error_of("safety_stock:\n  - {location: WH1, quantity: 1}\n"),
	    "2:16: safety_stock: unknown location 'WH1'",
	    "safety_stock location without any locations");

	/* Bundle loops, named in full, at the part that closes them. */
	is_str(error_of("bundles:\n  KIT-A: {SKU-1: 1, KIT-A: 2}\n"),
	    "2:21: bundle loop: KIT-A -> KIT-A", "bundle self-loop");
	is_str(error_of("bundles:\n  KIT-A: {KIT-B: 1}\n"
	    "  KIT-B: {SKU-1: 2, KIT-C: 1}\n  KIT-C: {KIT-A: 1}\n"),
	    "4:11: bundle loop: KIT-A -> KIT-B -> KIT-C -> KIT-A",
	    "3-bundle loop");
	is_str(error_of("bundles:\n  KIT-X: {KIT-A: 1}\n"
	    "  KIT-A: {KIT-B: 1}\n  KIT-B: {KIT-A: 1}\n"),
	    "4:11: bundle loop: KIT-A -> KIT-B -> KIT-A",
	    "loop below a bundle outside it");

	/* Coordinates, cut-off, expiry. */
	is_str(error_of("locations:\n  - id: WH1\n    latitude: 91\n"
	    "    longitude: 13\n"),
	    "3:15: latitude: expected a number from -90 to 90, not '91'",
	    "latitude out of range");
	is_str(error_of("locations:\n  - id: WH1\n    latitude: 52.5N\n"),
	    "3:15: latitude: expected a number from -90 to 90, not '52.5N'",
	    "latitude with junk");
	is_str(error_of("locations:\n  - id: WH1\n    latitude: nan\n"),
	    "3:15: latitude: expected a number from -90 to 90, not 'nan'",
	    "latitude nan");
	is_str(error_of("locations:\n  - id: WH1\n    longitude: 181\n"
	    "    latitude: 0\n"),
	    "3:16: longitude: expected a number from -180 to 180, not '181'",
	    "longitude out of range");
	is_str(error_of("locations:\n  - id: WH1\n    latitude: 52.5\n"),
	    "3:15: latitude: needs a longitude too",
	    "latitude without longitude");
	is_str(error_of("locations:\n  - id: WH1\n    longitude: 13.4\n"),
	    "3:16: longitude: needs a latitude too",
	    "longitude without latitude");
	is_str(error_of("locations:\n  - id: WH1\n    cutoff: \"25:00\"\n"),
	    "3:13: cutoff: expected a time HH:MM from 00:00 to 23:59, "
	    "not '25:00'", "cutoff 25:00");
	is_str(error_of("locations:\n  - id: WH1\n    cutoff: \"9:30\"\n"),
	    "3:13: cutoff: expected a time HH:MM from 00:00 to 23:59, "
	    "not '9:30'", "cutoff 9:30");
	is_str(error_of("locations:\n  - id: WH1\n    cutoff: \"12:60\"\n"),
	    "3:13: cutoff: expected a time HH:MM from 00:00 to 23:59, "
	    "not '12:60'", "cutoff 12:60");
	is_str(error_of("allocation:\n  expire_after: 3 weeks\n"),
	    "2:17: expire_after: expected a whole number and a unit s, m, h "
	    "or d (like 72h), or never, not '3 weeks'", "expire 3 weeks");
	ok(strstr(error_of("allocation: {expire_after: 72}\n"),
	    "not '72'") != NULL, "expire without a unit");
	ok(strstr(error_of("allocation: {expire_after: 0h}\n"),
	    "not '0h'") != NULL, "expire 0h");
	ok(strstr(error_of("allocation: {expire_after: 1.5h}\n"),
	    "not '1.5h'") != NULL, "expire 1.5h");
	ok(strstr(error_of("allocation: {expire_after: -1h}\n"),
	    "not '-1h'") != NULL, "expire -1h");

	/* Broken YAML: libyaml's own words, at its position. */
	ok(strncmp(error_of("locations: [WH1\n"), "2:1: ", 5) == 0,
	    "broken YAML reported with a position");
}

static void
test_keep_backs(void)
{
	struct config *cf;

	/* The general rules first: the order in the file must not count. */
	cf = load("locations: [{id: WH1}, {id: WH2}]\n"
	    "safety_stock:\n"
	    "  - {quantity: 1}\n"
	    "  - {location: WH1, quantity: 3}\n"
	    "  - {sku: SKU-1, quantity: 5}\n"
	    "  - {sku: SKU-1, location: WH1, quantity: 7}\n"
	    "channel_buffers:\n"
	    "  - {quantity: 10}\n"
	    "  - {channel: amazon, quantity: 30}\n"
	    "  - {sku: SKU-1, quantity: 50}\n"
	    "  - {channel: amazon, sku: SKU-1, quantity: 70}\n");
	ok(cf != NULL, "keep-back config loads");
	if (cf == NULL)
		return;
	is_int(config_safety(cf, "SKU-1", "WH1"), 7, "safety: sku and place");
	is_int(config_safety(cf, "SKU-1", "WH2"), 5, "safety: sku only");
	is_int(config_safety(cf, "SKU-2", "WH1"), 3, "safety: place only");
	is_int(config_safety(cf, "SKU-2", "WH2"), 1, "safety: neither");
	is_int(config_safety(cf, "sku-1", "WH2"), 1,
	    "safety: SKUs are case-sensitive");
	is_int(config_buffer(cf, "SKU-1", "amazon"), 70,
	    "buffer: sku and channel");
	is_int(config_buffer(cf, "SKU-1", "ebay"), 50, "buffer: sku only");
	is_int(config_buffer(cf, "SKU-2", "amazon"), 30,
	    "buffer: channel only");
	is_int(config_buffer(cf, "SKU-2", "ebay"), 10, "buffer: neither");
	config_free(cf);

	cf = load("locations: [{id: WH1}, {id: WH2}]\n"
	    "safety_stock:\n"
	    "  - {location: WH1, quantity: 3}\n"
	    "  - {sku: SKU-1, quantity: 5}\n"
	    "channel_buffers:\n"
	    "  - {channel: amazon, quantity: 2}\n");
	ok(cf != NULL, "config without catch-all rules loads");
	if (cf == NULL)
		return;
	is_int(config_safety(cf, "SKU-1", "WH1"), 5,
	    "safety: sku only over place only");
	is_int(config_safety(cf, "SKU-2", "WH2"), 0, "safety: no match is 0");
	is_int(config_buffer(cf, "SKU-1", "amazon"), 2, "buffer: channel");
	is_int(config_buffer(cf, "SKU-1", "ebay"), 0, "buffer: no match is 0");
	config_free(cf);
}

static void
test_explode(void)
{
	struct config *cf, hand;
	struct bundle loop;
	struct bundle_part self = { "LOOP", 2 };
	struct parts p;

	/* KIT-DEEP names KIT-BIG before it is defined. */
	cf = load("bundles:\n"
	    "  KIT-DEEP: {SKU-3: 1, KIT-BIG: 3}\n"
	    "  KIT-1: {SKU-1: 2, SKU-2: 1}\n"
	    "  KIT-BIG: {KIT-1: 2, SKU-3: 1, SKU-1: 1}\n");
	ok(cf != NULL, "nested bundles load");
	if (cf == NULL)
		return;
	p = explode(cf, "KIT-1", 1);
	is_int(p.n, 2, "KIT-1: two parts");
	ok(!strcmp(p.sku[0], "SKU-1") && p.qty[0] == 2 &&
	    !strcmp(p.sku[1], "SKU-2") && p.qty[1] == 1, "KIT-1 parts");
	p = explode(cf, "KIT-BIG", 2);
	is_int(p.n, 3, "KIT-BIG: three SKUs, SKU-1 once");
	is_str(p.sku[0], "SKU-1", "KIT-BIG: SKU-1 first, met in KIT-1");
	is_int(p.qty[0], 2 * 2 * 2 + 2 * 1, "KIT-BIG: SKU-1 summed");
	is_str(p.sku[1], "SKU-2", "KIT-BIG: SKU-2 second");
	is_int(p.qty[1], 2 * 2 * 1, "KIT-BIG: SKU-2 multiplied");
	is_str(p.sku[2], "SKU-3", "KIT-BIG: SKU-3 last");
	is_int(p.qty[2], 2, "KIT-BIG: SKU-3");
	p = explode(cf, "KIT-DEEP", 1);
	is_int(p.n, 3, "KIT-DEEP: three SKUs");
	ok(!strcmp(p.sku[0], "SKU-3") && p.qty[0] == 1 + 3,
	    "KIT-DEEP: SKU-3 first, summed across levels");
	ok(!strcmp(p.sku[1], "SKU-1") && p.qty[1] == 3 * (2 * 2 + 1),
	    "KIT-DEEP: SKU-1 through two levels");
	ok(!strcmp(p.sku[2], "SKU-2") && p.qty[2] == 3 * 2,
	    "KIT-DEEP: SKU-2");
	p = explode(cf, "SKU-9", 5);
	ok(p.n == 1 && !strcmp(p.sku[0], "SKU-9") && p.qty[0] == 5,
	    "a plain SKU is itself");
	config_free(cf);

	/* config_load refuses loops; one built by hand must still end. */
	memset(&hand, 0, sizeof hand);
	loop.sku = "LOOP";
	loop.parts = &self;
	loop.nparts = 1;
	hand.bundles = &loop;
	hand.nbundles = 1;
	p = explode(&hand, "LOOP", 1);
	is_int(p.n, 1, "a hand-made loop ends");
}

static void
test_priority(void)
{
	struct config *cf;

	cf = load("allocation:\n"
	    "  priority:\n"
	    "    - {channel: amazon, ship_method: express, priority: 10}\n"
	    "    - {ship_method: express, priority: 5}\n"
	    "    - {channel: ebay, priority: -1}\n");
	ok(cf != NULL, "priorities load");
	if (cf == NULL)
		return;
	is_int(config_priority(cf, "amazon", "express"), 10,
	    "both fields match");
	is_int(config_priority(cf, "shopify", "express"), 5, "method only");
	is_int(config_priority(cf, "ebay", "express"), 5,
	    "the first matching rule wins");
	is_int(config_priority(cf, "ebay", "standard"), -1,
	    "channel only, negative");
	is_int(config_priority(cf, "amazon", "standard"), 0, "no match: 0");
	is_int(config_priority(cf, "Amazon", "express"), 5,
	    "channel case-sensitive");
	is_int(config_priority(cf, "amazon", "Express"), 0,
	    "ship method case-sensitive");
	is_int(config_priority(cf, NULL, "express"), 5,
	    "no channel: only rules for any channel");
	is_int(config_priority(cf, "ebay", NULL), -1,
	    "no ship method: only rules for any method");
	config_free(cf);
}

/* The example shipped with oms must load and mean what it says. */
static void
test_example(void)
{
	struct config *cf = capture("examples/oms.yaml", 1);
	struct parts p;

	ok(cf != NULL, "examples/oms.yaml loads");
	is_str(errbuf, "", "examples/oms.yaml: nothing on stderr");
	if (cf == NULL)
		return;
	is_int(cf->nlocations, 4, "example: four locations");
	ok(!location_serves(config_location(cf, "PL-3PL"), "shopify") &&
	    location_serves(config_location(cf, "PL-3PL"), "amazon"),
	    "example: the 3PL serves amazon only");
	is_int(config_safety(cf, "GRINDER-C40", "BER"), 2,
	    "example: grinder safety stock");
	is_int(config_safety(cf, "BEANS-250", "HAM"), 1,
	    "example: store safety stock");
	is_int(config_buffer(cf, "GRINDER-C40", "amazon"), 5,
	    "example: grinder buffer on amazon");
	p = explode(cf, "KIT-CAFE", 1);
	ok(p.n == 4 && !strcmp(p.sku[2], "BEANS-250") && p.qty[2] == 4,
	    "example: café kit with four bags of beans");
	is_int(config_priority(cf, "amazon", "express"), 10,
	    "example: prime first");
	config_free(cf);
}

int
main(void)
{
	test_full();
	test_defaults();
	test_default_path();
	test_errors();
	test_keep_backs();
	test_explode();
	test_priority();
	test_example();
	return done_testing();
}
