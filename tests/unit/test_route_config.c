/*
 * config for issue 5: the new location keys, fraud screening and
 * routing read back field by field with their defaults, every error
 * with its exact message and position, and the lookups oms-route makes
 * of them (location_ships_to, config_zone, config_zone_cost,
 * config_sku_has_tag, config_pickup_location).
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


static int
is_amount(struct amount a, long long minor, const char *currency)
{
	return a.minor == minor && !strcmp(a.currency, currency);
}

/* Routing comes before the zones it names, and split after strategies. */
static const char full[] =
    "routing:\n"
    "  coordinates: /var/lib/oms/centroids.tsv\n"
    "  costs:\n"
    "    - {location: WH1, zone: domestic, cost: 4.90 EUR}\n"
    "    - {location: WH1, zone: eu, cost: 12 EUR}\n"
    "    - {location: HAM, zone: domestic, cost: \"1000 JPY\"}\n"
    "  sku_tags:\n"
    "    - {sku: TV-55, tags: [bulky, fragile]}\n"
    "    - {sku: VASE, tags: fragile}\n"
    "  strategies:\n"
    "    - name: bulky\n"
    "      when:\n"
    "        channel: [shopify, amazon]\n"
    "        country: [Germany, AUT]\n"
    "        region: [BY]\n"
    "        ship_method: [Express]\n"
    "        sku_tag: [bulky]\n"
    "        value_above: 100.00 EUR\n"
    "        value_below: 5000.5 EUR\n"
    "      exclude: [channel, stock]\n"
    "      rank: [cost, priority]\n"
    "      split: {policy: none, max_shipments: 2,\n"
    "              min_shipment_value: 20.00 EUR}\n"
    "    - name: marketplaces\n"
    "      when: {channel: amazon, country: [], value_above: 7 KWD}\n"
    "      exclude: []\n"
    "      split: {max_shipments: 5}\n"
    "    - name: rest\n"
    "  zones:\n"
    "    - name: domestic\n"
    "      countries: [DE]\n"
    "    - {name: eu, countries: [AT, fr, Netherlands]}\n"
    "  split:\n"
    "    policy: fewest\n"
    "    max_shipments: 4\n"
    "    min_shipment_value: 10.00 EUR\n"
    "locations:\n"
    "  - id: WH1\n"
    "    countries: [DE, Austria]\n"
    "    priority: 10\n"
    "  - id: HAM\n"
    "    type: store\n"
    "    priority: -5\n"
    "    countries: NL\n"
    "    pickup_methods: [Pickup Hamburg, Collect HH]\n"
    "  - {id: MUC, pickup_methods: Pickup Munich}\n"
    "fraud:\n"
    "  rules:\n"
    "    - type: order_value\n"
    "      above: 1000.00 EUR\n"
    "      points: 40\n"
    "      reason: high value\n"
    "    - {type: unusual_value, z: 3, points: 30}\n"
    "    - {type: unusual_value, z: 2.5, min_history: 10, points: 20}\n"
    "    - {type: velocity, per: email, window: 1h, max: 3, points: 25}\n"
    "    - {type: velocity, per: phone, window: 2d, max: 5, points: 25}\n"
    "    - {type: velocity, per: address, window: 30m, max: 1,\n"
    "       points: 25}\n"
    "    - {type: country_mismatch, points: 15}\n"
    "    - {type: new_customer, above: 300 EUR, points: 20}\n"
    "    - type: blocked\n"
    "      emails: [a@b.com, c@d.com]\n"
    "      phones: [\"+49 30 1234567\"]\n"
    "      addresses: [\"12 Fraud Street, 75001, FR\",\n"
    "                  \" 3 Rue X ,75002,  France \"]\n"
    "      points: 1000\n"
    "    - {type: blocked, phones: \"+1 555 0100\", points: 1}\n"
    "    - {points: 10, units: 10, type: many_units}\n"
    "  hold_score: 50\n";

static void
test_full(void)
{
	struct config *cf = load(full);
	const struct location *l;
	const struct fraud_rule *r;
	const struct route_strategy *s;
	const struct routing_config *rc;

	ok(cf != NULL, "full config loads");
	is_str(errbuf, "", "full config: nothing on stderr");
	if (cf == NULL)
		return;

	l = &cf->locations[0];
	is_int(l->ncountries, 2, "WH1: two countries");
	is_str(l->countries[0], "DE", "WH1: DE");
	is_str(l->countries[1], "AT", "WH1: Austria as AT");
	is_int(l->priority, 10, "WH1: priority 10");
	is_int(l->npickup_methods, 0, "WH1: no pickup methods");
	ok(l->pickup_methods == NULL, "WH1: pickup_methods NULL");
	l = &cf->locations[1];
	is_int(l->ncountries, 1, "HAM: one country, given as a string");
	is_str(l->countries[0], "NL", "HAM: NL");
	is_int(l->priority, -5, "HAM: negative priority");
	is_int(l->npickup_methods, 2, "HAM: two pickup methods");
	is_str(l->pickup_methods[0], "Pickup Hamburg", "HAM: first method");
	is_str(l->pickup_methods[1], "Collect HH", "HAM: second method");
	l = &cf->locations[2];
	is_int(l->ncountries, 0, "MUC: no countries");
	ok(l->countries == NULL, "MUC: countries NULL");
	is_int(l->priority, 0, "MUC: default priority 0");
	is_int(l->npickup_methods, 1, "MUC: a pickup method as a string");
	is_str(l->pickup_methods[0], "Pickup Munich", "MUC: its method");

	is_int(cf->fraud.hold_score, 50, "hold_score, after the rules");
	is_int(cf->fraud.nrules, 11, "eleven fraud rules");
	r = &cf->fraud.rules[0];
	is_int(r->kind, FRAUD_ORDER_VALUE, "rule 1: order_value");
	ok(is_amount(r->above, 100000, "EUR"), "rule 1: above 1000.00 EUR");
	is_int(r->points, 40, "rule 1: points");
	is_str(r->reason, "high value", "rule 1: reason");
	r = &cf->fraud.rules[1];
	is_int(r->kind, FRAUD_UNUSUAL_VALUE, "rule 2: unusual_value");
	ok(r->z == 3, "rule 2: z 3");
	is_int(r->min_history, 5, "rule 2: default min_history 5");
	is_str(r->reason, "unusual_value", "rule 2: reason is the type");
	r = &cf->fraud.rules[2];
	ok(r->z == 2.5, "rule 3: z 2.5");
	is_int(r->min_history, 10, "rule 3: min_history 10");
	is_int(r->points, 20, "rule 3: points");
	r = &cf->fraud.rules[3];
	is_int(r->kind, FRAUD_VELOCITY, "rule 4: velocity");
	is_int(r->per, FKEY_EMAIL, "rule 4: per email");
	is_int(r->window_seconds, 3600, "rule 4: window 1h");
	is_int(r->max_orders, 3, "rule 4: max 3");
	is_str(r->reason, "velocity", "rule 4: reason velocity");
	r = &cf->fraud.rules[4];
	is_int(r->per, FKEY_PHONE, "rule 5: per phone");
	is_int(r->window_seconds, 2 * 86400, "rule 5: window 2d");
	is_int(r->max_orders, 5, "rule 5: max 5");
	r = &cf->fraud.rules[5];
	is_int(r->per, FKEY_ADDRESS, "rule 6: per address");
	is_int(r->window_seconds, 1800, "rule 6: window 30m");
	is_int(r->max_orders, 1, "rule 6: max 1");
	r = &cf->fraud.rules[6];
	is_int(r->kind, FRAUD_COUNTRY_MISMATCH, "rule 7: country_mismatch");
	is_int(r->points, 15, "rule 7: points");
	is_str(r->reason, "country_mismatch", "rule 7: reason");
	r = &cf->fraud.rules[7];
	is_int(r->kind, FRAUD_NEW_CUSTOMER, "rule 8: new_customer");
	ok(is_amount(r->above, 30000, "EUR"), "rule 8: above 300 EUR");
	is_int(r->min_history, 0, "rule 8: min_history only for "
	    "unusual_value");
	r = &cf->fraud.rules[8];
	is_int(r->kind, FRAUD_BLOCKED, "rule 9: blocked");
	is_int(r->nemails, 2, "rule 9: two emails");
	is_str(r->emails[1], "c@d.com", "rule 9: second email");
	is_int(r->nphones, 1, "rule 9: one phone");
	is_str(r->phones[0], "+49 30 1234567", "rule 9: phone as written");
	is_int(r->naddresses, 2, "rule 9: two addresses");
	is_str(r->addresses[0], "12 Fraud Street, 75001, FR",
	    "rule 9: address as written");
	is_str(r->addresses[1], " 3 Rue X ,75002,  France ",
	    "rule 9: address with blanks, as written");
	is_int(r->points, 1000, "rule 9: points 1000");
	r = &cf->fraud.rules[9];
	is_int(r->nemails + r->naddresses, 0, "rule 10: phones only");
	is_int(r->nphones, 1, "rule 10: a phone as a string");
	is_str(r->phones[0], "+1 555 0100", "rule 10: the phone");
	is_int(r->points, 1, "rule 10: points 1");
	r = &cf->fraud.rules[10];
	is_int(r->kind, FRAUD_MANY_UNITS, "rule 11: many_units, type last");
	is_int(r->units, 10, "rule 11: units");
	is_str(r->reason, "many_units", "rule 11: reason");

	rc = &cf->routing;
	is_str(rc->coordinates, "/var/lib/oms/centroids.tsv", "coordinates");
	is_int(rc->split.policy, SPLIT_FEWEST, "split policy fewest");
	is_int(rc->split.max_shipments, 4, "split max_shipments");
	ok(is_amount(rc->split.min_value, 1000, "EUR"),
	    "split min_shipment_value");
	is_int(rc->nzones, 2, "two zones");
	is_str(rc->zones[0].name, "domestic", "zone name");
	is_int(rc->zones[0].ncountries, 1, "domestic: one country");
	is_str(rc->zones[0].countries[0], "DE", "domestic: DE");
	is_int(rc->zones[1].ncountries, 3, "eu: three countries");
	is_str(rc->zones[1].countries[1], "FR", "eu: fr as FR");
	is_str(rc->zones[1].countries[2], "NL", "eu: Netherlands as NL");
	is_int(rc->ncosts, 3, "three costs");
	is_str(rc->costs[0].location, "WH1", "cost location");
	is_str(rc->costs[0].zone, "domestic", "cost zone");
	ok(is_amount(rc->costs[0].cost, 490, "EUR"), "cost 4.90 EUR");
	ok(is_amount(rc->costs[1].cost, 1200, "EUR"), "cost 12 EUR");
	ok(is_amount(rc->costs[2].cost, 1000, "JPY"),
	    "cost in a currency without decimals");
	is_int(rc->ntags, 2, "two sku_tags");
	is_str(rc->tags[0].sku, "TV-55", "tagged sku");
	is_int(rc->tags[0].ntags, 2, "two tags");
	is_str(rc->tags[0].tags[1], "fragile", "second tag");
	is_int(rc->tags[1].ntags, 1, "a tag as a string");

	is_int(rc->nstrategies, 3, "three strategies");
	s = &rc->strategies[0];
	is_str(s->name, "bulky", "strategy name");
	is_int(s->nchannels, 2, "when channel: two");
	is_str(s->channels[1], "amazon", "when channel: amazon");
	is_int(s->ncountries, 2, "when country: two");
	is_str(s->countries[0], "DE", "when country: Germany as DE");
	is_str(s->countries[1], "AT", "when country: AUT as AT");
	is_int(s->nregions, 1, "when region");
	is_str(s->regions[0], "BY", "when region BY");
	is_int(s->nship_methods, 1, "when ship_method");
	is_str(s->ship_methods[0], "Express", "when ship_method Express");
	is_int(s->nsku_tags, 1, "when sku_tag");
	is_str(s->sku_tags[0], "bulky", "when sku_tag bulky");
	ok(is_amount(s->value_above, 10000, "EUR"), "value_above");
	ok(is_amount(s->value_below, 500050, "EUR"), "value_below");
	is_int(s->exclude, EXCL_CHANNEL | EXCL_STOCK, "exclude two");
	is_int(s->nrank, 2, "rank: two criteria");
	ok(s->rank[0] == RANK_COST && s->rank[1] == RANK_PRIORITY,
	    "rank: cost, priority");
	is_int(s->split.policy, SPLIT_NONE, "strategy split policy");
	is_int(s->split.max_shipments, 2, "strategy split max_shipments");
	ok(is_amount(s->split.min_value, 2000, "EUR"),
	    "strategy split min_shipment_value");

	s = &rc->strategies[1];
	is_int(s->nchannels, 1, "when channel as a string");
	is_str(s->channels[0], "amazon", "when channel amazon");
	is_int(s->ncountries, 0, "when country: [] is any");
	ok(is_amount(s->value_above, 7000, "KWD"), "value_above in KWD");
	is_int(s->value_below.minor, -1, "value_below absent: -1");
	is_int(s->exclude, 0, "exclude: [] is none");
	is_int(s->nrank, 4, "default rank: four criteria");
	ok(s->rank[0] == RANK_DISTANCE && s->rank[1] == RANK_COST &&
	    s->rank[2] == RANK_CAPACITY && s->rank[3] == RANK_PRIORITY,
	    "default rank order");
	is_int(s->split.policy, SPLIT_FEWEST,
	    "split key left out: routing.split's policy");
	is_int(s->split.max_shipments, 5, "strategy's own max_shipments");
	ok(is_amount(s->split.min_value, 1000, "EUR"),
	    "split key left out: routing.split's minimum");

	s = &rc->strategies[2];
	is_str(s->name, "rest", "strategy with a name only");
	ok(s->nchannels + s->ncountries + s->nregions + s->nship_methods +
	    s->nsku_tags == 0, "no conditions");
	ok(s->channels == NULL && s->countries == NULL && s->regions ==
	    NULL && s->ship_methods == NULL && s->sku_tags == NULL,
	    "condition lists NULL");
	is_int(s->value_above.minor, -1, "no value_above");
	is_int(s->value_below.minor, -1, "no value_below");
	is_int(s->exclude, EXCL_ALL, "default exclude: all");
	is_int(s->nrank, 4, "default rank");
	is_int(s->split.policy, SPLIT_FEWEST, "split: routing.split");
	is_int(s->split.max_shipments, 4,
	    "split: routing.split, read after the strategies");
	ok(is_amount(s->split.min_value, 1000, "EUR"),
	    "split minimum: routing.split");
	config_free(cf);
}

static void
test_defaults(void)
{
	struct config *cf;

	cf = load("locations:\n  - id: WH1\n");
	ok(cf != NULL, "minimal config loads");
	if (cf == NULL)
		return;
	is_int(cf->locations[0].ncountries, 0, "default: no countries");
	is_int(cf->locations[0].priority, 0, "default: priority 0");
	is_int(cf->locations[0].npickup_methods, 0,
	    "default: no pickup methods");
	is_int(cf->fraud.hold_score, 0, "default: screening off");
	is_int(cf->fraud.nrules, 0, "default: no fraud rules");
	ok(cf->fraud.rules == NULL, "default: rules NULL");
	is_int(cf->routing.nstrategies, 0, "default: no strategies");
	is_int(cf->routing.nzones, 0, "default: no zones");
	is_int(cf->routing.ncosts, 0, "default: no costs");
	is_int(cf->routing.ntags, 0, "default: no sku_tags");
	ok(cf->routing.coordinates == NULL, "default: no coordinates");
	is_int(cf->routing.split.policy, SPLIT_FEWEST,
	    "default split policy fewest");
	is_int(cf->routing.split.max_shipments, 3,
	    "default max_shipments 3");
	ok(is_amount(cf->routing.split.min_value, 0, ""),
	    "default: no minimum shipment value");
	config_free(cf);

	cf = load("routing:\n  strategies:\n    - name: only\n");
	ok(cf != NULL, "a strategy alone loads");
	if (cf != NULL) {
		is_int(cf->routing.strategies[0].split.max_shipments, 3,
		    "strategy split: the built-in default");
		ok(is_amount(cf->routing.strategies[0].split.min_value, 0,
		    ""), "strategy split minimum: none");
	}
	config_free(cf);

	cf = load("fraud: {hold_score: 7}\n");
	ok(cf != NULL && cf->fraud.hold_score == 7 && cf->fraud.nrules == 0,
	    "hold_score without rules");
	config_free(cf);

	ok(loads("fraud:\nrouting:\n"), "empty fraud and routing load");
	ok(loads("fraud: ~\nrouting: null\n"), "null fraud and routing");
	ok(loads("fraud:\n  hold_score: 10\n  rules:\n"), "empty rules");
	ok(loads("fraud:\n  rules: []\n"), "rules [] need no hold_score");
	ok(loads("routing:\n  coordinates:\n  split:\n  zones:\n  costs:\n"
	    "  sku_tags: ~\n  strategies:\n"), "empty routing sections");
	ok(loads("routing:\n  strategies:\n    - name: a\n      when:\n"
	    "      exclude:\n      rank:\n      split:\n"),
	    "empty strategy keys");
	ok(loads("routing:\n  strategies:\n    - name: a\n"
	    "      when: {channel: [], country: [], region: [],\n"
	    "             ship_method: [], sku_tag: []}\n"),
	    "empty when lists mean any");
	ok(loads("locations:\n  - {id: A, pickup_methods: []}\n"),
	    "empty pickup_methods");
	ok(loads("routing:\n  split: {min_shipment_value: 0 EUR}\n"),
	    "a zero minimum");

	/* A strategy left empty keeps its defaults, not the []'s meaning. */
	cf = load("routing:\n  strategies:\n    - {name: a, exclude: ~}\n");
	ok(cf != NULL && cf->routing.strategies[0].exclude == EXCL_ALL,
	    "exclude null: the default");
	config_free(cf);
}

static void
test_unknown_keys(void)
{
	is_str(error_of("locations:\n  - id: WH1\n    country: DE\n"),
	    "3:5: locations: unknown key 'country'",
	    "location: country is not countries");
	is_str(error_of("fraud:\n  hold: 5\n"),
	    "2:3: fraud: unknown key 'hold'", "unknown fraud key");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, above: 5 EUR, points: 1, colour: x}\n"),
	    "4:52: rules: unknown key 'colour'", "unknown rule key");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, z: 3, above: 5 EUR, points: 1}\n"),
	    "4:27: rules: order_value rules take no 'z'",
	    "another type's key");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: country_mismatch, points: 1, units: 3}\n"),
	    "4:43: rules: country_mismatch rules take no 'units'",
	    "country_mismatch takes no parameters");
	is_str(error_of("routing:\n  zone: []\n"),
	    "2:3: routing: unknown key 'zone'", "unknown routing key");
	is_str(error_of("routing:\n  split: {policy: none, max: 2}\n"),
	    "2:25: split: unknown key 'max'", "unknown split key");
	is_str(error_of("routing:\n  zones:\n"
	    "    - {name: a, countries: [DE], cost: 1}\n"),
	    "3:34: zones: unknown key 'cost'", "unknown zone key");
	is_str(error_of("locations: [{id: WH1}]\nrouting:\n"
	    "  zones: [{name: a, countries: DE}]\n  costs:\n"
	    "    - {location: WH1, zone: a, cost: 1 EUR, days: 2}\n"),
	    "5:45: costs: unknown key 'days'", "unknown cost key");
	is_str(error_of("routing:\n  sku_tags:\n"
	    "    - {sku: A, tag: bulky}\n"),
	    "3:16: sku_tags: unknown key 'tag'", "unknown sku_tags key");
	is_str(error_of("routing:\n  strategies:\n"
	    "    - name: a\n      ranking: [cost]\n"),
	    "4:7: strategies: unknown key 'ranking'",
	    "unknown strategy key");
	is_str(error_of("routing:\n  strategies:\n"
	    "    - name: a\n      when: {channel: x, carrier: y}\n"),
	    "4:26: when: unknown key 'carrier'", "unknown when key");
	is_str(error_of("routing:\n  strategies:\n"
	    "    - name: a\n      split: {policy: none, maximum: 1}\n"),
	    "4:29: split: unknown key 'maximum'",
	    "unknown key in a strategy's split");
}

static void
test_fraud_errors(void)
{
	/* Each type's required parameters, then points. */
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {points: 5}\n"),
	    "4:7: rules: rule needs a type", "rule without a type");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: lottery, points: 5}\n"),
	    "4:14: type: expected order_value, unusual_value, velocity, "
	    "country_mismatch, new_customer, blocked, many_units or "
	    "channel_risk, not 'lottery'", "unknown rule type");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: channel_risk, points: 5}\n"),
	    "4:7: rules: channel_risk rule needs 'levels'",
	    "channel_risk without levels");
	{
		struct config *cf = load("fraud:\n  hold_score: 5\n"
		    "  rules:\n    - {type: channel_risk, levels: [High, "
		    "medium], points: 5}\n");

		ok(cf != NULL, "channel_risk loads");
		if (cf) {
			is_int(cf->fraud.rules[0].kind, FRAUD_CHANNEL_RISK,
			    "channel_risk kind");
			is_int(cf->fraud.rules[0].nlevels, 2,
			    "channel_risk levels");
			is_str(cf->fraud.rules[0].levels[0], "high",
			    "levels in lower case");
			is_str(cf->fraud.rules[0].reason, "channel_risk",
			    "channel_risk reason");
			config_free(cf);
		}
	}
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, points: 5}\n"),
	    "4:7: rules: order_value rule needs 'above'",
	    "order_value without above");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, above: 5 EUR}\n"),
	    "4:7: rules: order_value rule needs 'points'",
	    "rule without points");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: unusual_value, min_history: 3, points: 5}\n"),
	    "4:7: rules: unusual_value rule needs 'z'",
	    "unusual_value without z");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: velocity, window: 1h, max: 3, points: 5}\n"),
	    "4:7: rules: velocity rule needs 'per'", "velocity without per");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: velocity, per: email, max: 3, points: 5}\n"),
	    "4:7: rules: velocity rule needs 'window'",
	    "velocity without window");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: velocity, per: email, window: 1h, points: 5}\n"),
	    "4:7: rules: velocity rule needs 'max'", "velocity without max");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: new_customer, points: 5}\n"),
	    "4:7: rules: new_customer rule needs 'above'",
	    "new_customer without above");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: blocked, points: 5}\n"),
	    "4:7: rules: blocked rule needs emails, phones or addresses",
	    "blocked without lists");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: blocked, emails: [], points: 5}\n"),
	    "4:7: rules: blocked rule needs emails, phones or addresses",
	    "blocked with an empty list");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: many_units, points: 5}\n"),
	    "4:7: rules: many_units rule needs 'units'",
	    "many_units without units");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: country_mismatch}\n"),
	    "4:7: rules: country_mismatch rule needs 'points'",
	    "country_mismatch without points");

	/* Values. */
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: country_mismatch, points: 1001}\n"),
	    "4:40: points: expected an integer from 1 to 1000, not '1001'",
	    "points out of range");
	is_str(error_of("fraud:\n  hold_score: 0\n"),
	    "2:15: hold_score: expected an integer from 1 to 1000000000, "
	    "not '0'", "hold_score 0");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: unusual_value, z: 0, points: 1}\n"),
	    "4:32: z: expected a number above 0, not '0'", "z 0");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: unusual_value, z: 101, points: 1}\n"),
	    "4:32: z: expected a number from 0 to 100, not '101'",
	    "z above 100");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: unusual_value, z: 2, min_history: 1, points: 1}\n"),
	    "4:48: min_history: expected an integer from 2 to 1000000000, "
	    "not '1'", "min_history 1");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: velocity, per: card, window: 1h, max: 1,"
	    " points: 1}\n"),
	    "4:29: per: expected email, phone or address, not 'card'",
	    "bad per");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: velocity, per: email, window: never, max: 1,"
	    " points: 1}\n"),
	    "4:44: window: expected a whole number and a unit s, m, h or d "
	    "(like 1h), not 'never'", "window never");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: velocity, per: email, window: 1 hour, max: 1,"
	    " points: 1}\n"),
	    "4:44: window: expected a whole number and a unit s, m, h or d "
	    "(like 72h), or never, not '1 hour'", "bad window");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: velocity, per: email, window: 1h, max: 0,"
	    " points: 1}\n"),
	    "4:53: max: expected an integer from 1 to 1000000000, not '0'",
	    "max 0");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: many_units, units: 0, points: 1}\n"),
	    "4:33: units: expected an integer from 1 to 1000000000, "
	    "not '0'", "units 0");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: blocked, emails: [a@b.com, \"\"], points: 1}\n"),
	    "4:41: emails: expected a value", "empty email");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: blocked, reason: \"\", emails: a@b, points: 1}\n"),
	    "4:31: reason: expected a value", "empty reason");

	/* Addresses: street, postal code, country. */
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - type: blocked\n      points: 1\n"
	    "      addresses: [\"1 Main St, 75001, FR\", \"1 Main St, FR\"]\n"),
	    "6:43: addresses: expected street, postal code, country, "
	    "not '1 Main St, FR'", "address of two parts");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - type: blocked\n      points: 1\n"
	    "      addresses: [\"1 Main St, Paris, 75001, FR\"]\n"),
	    "6:19: addresses: expected street, postal code, country, "
	    "not '1 Main St, Paris, 75001, FR'", "address of four parts");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - type: blocked\n      points: 1\n"
	    "      addresses: \"1 Main St, , FR\"\n"),
	    "6:18: addresses: expected street, postal code, country, "
	    "not '1 Main St, , FR'", "address with an empty part");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - type: blocked\n      points: 1\n"
	    "      addresses: [\"1 Main St, 75001, FR,\"]\n"),
	    "6:19: addresses: expected street, postal code, country, "
	    "not '1 Main St, 75001, FR,'", "address with a trailing comma");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - type: blocked\n      points: 1\n"
	    "      addresses: [\"1 Main St, 75001, Narnia\"]\n"),
	    "6:19: addresses: unknown country 'Narnia' in "
	    "'1 Main St, 75001, Narnia'", "address in an unknown country");

	/* Amounts. */
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, above: 1000, points: 1}\n"),
	    "4:34: above: bad amount '1000': expected a decimal number and "
	    "a currency code, like 100.00 EUR", "amount without currency");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, above: 1000 EURO, points: 1}\n"),
	    "4:34: above: bad amount '1000 EURO': unknown currency 'EURO'",
	    "unknown currency");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, above: 1000 eur, points: 1}\n"),
	    "4:34: above: bad amount '1000 eur': unknown currency 'eur'",
	    "currency in lower case");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, above: 10.001 EUR, points: 1}\n"),
	    "4:34: above: bad amount '10.001 EUR': more than 2 decimal "
	    "places", "too many decimals");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, above: 10.5 JPY, points: 1}\n"),
	    "4:34: above: bad amount '10.5 JPY': more than 0 decimal "
	    "places", "decimals in a currency without");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, above: 1.2.3 EUR, points: 1}\n"),
	    "4:34: above: bad amount '1.2.3 EUR': not a number",
	    "bad number");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, above: -5 EUR, points: 1}\n"),
	    "4:34: above: bad amount '-5 EUR': expected a decimal number "
	    "and a currency code, like 100.00 EUR", "negative amount");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, above: \"1,000 EUR\", points: 1}\n"),
	    "4:34: above: bad amount '1,000 EUR': expected a decimal number "
	    "and a currency code, like 100.00 EUR", "thousands separator");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, above: EUR 5, points: 1}\n"),
	    "4:34: above: bad amount 'EUR 5': expected a decimal number "
	    "and a currency code, like 100.00 EUR", "currency first");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, above: 5 EUR x, points: 1}\n"),
	    "4:34: above: bad amount '5 EUR x': expected a decimal number "
	    "and a currency code, like 100.00 EUR", "junk after currency");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n"
	    "    - {type: order_value, above: 99999999999999999999 EUR,"
	    " points: 1}\n"),
	    "4:34: above: bad amount '99999999999999999999 EUR': too large",
	    "amount too large");

	/* Rules need a score to reach. */
	is_str(error_of("fraud:\n  rules:\n"
	    "    - {type: country_mismatch, points: 5}\n"),
	    "2:3: fraud: rules need a hold_score", "rules without hold_score");
	is_str(error_of("fraud:\n  rules: {type: country_mismatch}\n"),
	    "2:10: rules: expected a list", "rules a mapping");
	is_str(error_of("fraud:\n  hold_score: 5\n  rules:\n    - blocked\n"),
	    "4:7: rules: expected keys and values", "rule a scalar");
	is_str(error_of("fraud: [a]\n"),
	    "1:8: fraud: expected keys and values", "fraud a list");
}

static void
test_routing_errors(void)
{
	/* Locations. */
	is_str(error_of("locations:\n  - id: WH1\n"
	    "    countries: [DE, Narnia]\n"),
	    "3:21: countries: unknown country 'Narnia'",
	    "location: unknown country");
	is_str(error_of("locations:\n  - id: WH1\n    countries: []\n"),
	    "3:16: countries: expected at least one country (leave "
	    "countries out to ship everywhere)", "location: countries []");
	is_str(error_of("locations:\n  - id: WH1\n    priority: 1.5\n"),
	    "3:15: priority: expected an integer from -1000000000 to "
	    "1000000000, not '1.5'", "location: bad priority");
	is_str(error_of("locations:\n"
	    "  - {id: A, pickup_methods: [Pickup A, Collect]}\n"
	    "  - {id: B, pickup_methods: [Pickup B, COLLECT]}\n"),
	    "3:40: pickup_methods: 'COLLECT' is already a pickup method "
	    "of 'A'", "a pickup method at two locations");
	is_str(error_of("locations:\n  - {id: A, pickup_methods: {a: b}}\n"),
	    "2:29: pickup_methods: expected a list", "pickup_methods a map");

	/* Split. */
	is_str(error_of("routing:\n  split: {policy: all}\n"),
	    "2:19: policy: expected fewest or none, not 'all'",
	    "bad split policy");
	is_str(error_of("routing:\n  split: {max_shipments: 21}\n"),
	    "2:26: max_shipments: expected an integer from 1 to 20, "
	    "not '21'", "max_shipments 21");
	is_str(error_of("routing:\n  split: {max_shipments: 0}\n"),
	    "2:26: max_shipments: expected an integer from 1 to 20, "
	    "not '0'", "max_shipments 0");
	is_str(error_of("routing:\n  split: {min_shipment_value: 10 XYZ}\n"),
	    "2:31: min_shipment_value: bad amount '10 XYZ': unknown "
	    "currency 'XYZ'", "min_shipment_value unknown currency");
	is_str(error_of("routing:\n  strategies:\n    - name: a\n"
	    "      split: {policy: some}\n"),
	    "4:23: policy: expected fewest or none, not 'some'",
	    "bad strategy split policy");
	is_str(error_of("routing:\n  strategies:\n    - name: a\n"
	    "      split: {max_shipments: 50}\n"),
	    "4:30: max_shipments: expected an integer from 1 to 20, "
	    "not '50'", "strategy max_shipments out of range");

	/* Zones. */
	is_str(error_of("routing:\n  zones:\n"
	    "    - {name: a, countries: [DE]}\n"
	    "    - {name: a, countries: [FR]}\n"),
	    "4:14: zones: duplicate name 'a'", "duplicate zone");
	is_str(error_of("routing:\n  zones:\n"
	    "    - {name: a, countries: [DE, AT]}\n"
	    "    - {name: b, countries: [FR, Austria]}\n"),
	    "4:33: countries: AT is already in zone 'a'",
	    "a country in two zones");
	is_str(error_of("routing:\n  zones:\n"
	    "    - {name: a, countries: [DE, Germany]}\n"),
	    "3:33: countries: DE is already in zone 'a'",
	    "a country twice in a zone");
	is_str(error_of("routing:\n  zones:\n"
	    "    - {name: a, countries: [XX]}\n"),
	    "3:29: countries: unknown country 'XX'", "zone: unknown country");
	is_str(error_of("routing:\n  zones:\n    - {countries: [DE]}\n"),
	    "3:7: zones: needs a name", "zone without a name");
	is_str(error_of("routing:\n  zones:\n    - {name: a}\n"),
	    "3:7: zones: needs countries", "zone without countries");
	is_str(error_of("routing:\n  zones:\n    - {name: a, countries: []}\n"),
	    "3:28: zones: needs countries", "zone with countries []");

	/* Costs. */
	is_str(error_of("locations: [{id: WH1}]\nrouting:\n"
	    "  zones: [{name: a, countries: DE}]\n  costs:\n"
	    "    - {location: WH2, zone: a, cost: 1 EUR}\n"),
	    "5:18: costs: unknown location 'WH2'",
	    "cost naming an unknown location");
	is_str(error_of("locations: [{id: WH1}]\nrouting:\n"
	    "  costs:\n    - {location: WH1, zone: b, cost: 1 EUR}\n"
	    "  zones: [{name: a, countries: DE}]\n"),
	    "4:29: costs: unknown zone 'b'", "cost naming an unknown zone");
	is_str(error_of("locations: [{id: WH1}]\nrouting:\n"
	    "  zones: [{name: a, countries: DE}]\n  costs:\n"
	    "    - {location: WH1, zone: a, cost: 1 EUR}\n"
	    "    - {location: WH1, zone: a, cost: 2 EUR}\n"),
	    "6:7: costs: same location and zone as the cost on line 5",
	    "duplicate cost");
	is_str(error_of("locations: [{id: WH1}]\nrouting:\n"
	    "  zones: [{name: a, countries: DE}]\n  costs:\n"
	    "    - {location: WH1, zone: a}\n"),
	    "5:7: costs: needs a location, a zone and a cost",
	    "cost without a cost");
	is_str(error_of("locations: [{id: WH1}]\nrouting:\n"
	    "  zones: [{name: a, countries: DE}]\n  costs:\n"
	    "    - {location: WH1, zone: a, cost: \"1,50 EUR\"}\n"),
	    "5:38: cost: bad amount '1,50 EUR': expected a decimal number "
	    "and a currency code, like 100.00 EUR", "cost: bad amount");

	/* SKU tags. */
	is_str(error_of("routing:\n  sku_tags:\n"
	    "    - {sku: A, tags: [x]}\n    - {sku: A, tags: [y]}\n"),
	    "4:13: sku_tags: duplicate sku 'A'", "duplicate sku");
	is_str(error_of("routing:\n  sku_tags:\n    - {tags: [x]}\n"),
	    "3:7: sku_tags: needs a sku", "sku_tags without a sku");
	is_str(error_of("routing:\n  sku_tags:\n    - {sku: A, tags: []}\n"),
	    "3:22: sku_tags: needs tags", "sku_tags with tags []");

	/* Strategies. */
	is_str(error_of("routing:\n  strategies:\n"
	    "    - name: a\n    - name: b\n    - name: a\n"),
	    "5:13: strategies: duplicate name 'a'", "duplicate strategy");
	is_str(error_of("routing:\n  strategies:\n"
	    "    - exclude: [stock]\n"),
	    "3:7: strategies: needs a name", "strategy without a name");
	is_str(error_of("routing:\n  strategies:\n"
	    "    - {name: a, rank: [cost, distance, cost]}\n"),
	    "3:40: rank: cost is listed twice", "repeated rank criterion");
	is_str(error_of("routing:\n  strategies:\n"
	    "    - {name: a, rank: [cost, speed]}\n"),
	    "3:30: rank: expected distance, cost, capacity or priority, "
	    "not 'speed'", "unknown rank criterion");
	is_str(error_of("routing:\n  strategies:\n"
	    "    - {name: a, rank: []}\n"),
	    "3:23: rank: expected at least one of distance, cost, capacity "
	    "and priority (leave rank out for all four)", "rank []");
	is_str(error_of("routing:\n  strategies:\n"
	    "    - {name: a, exclude: [stock, weather]}\n"),
	    "3:34: exclude: expected channel, country, stock or capacity, "
	    "not 'weather'", "unknown exclude word");
	is_str(error_of("routing:\n  strategies:\n"
	    "    - {name: a, when: {country: [DE, Atlantis]}}\n"),
	    "3:38: country: unknown country 'Atlantis'",
	    "when: unknown country");
	is_str(error_of("routing:\n  strategies:\n"
	    "    - {name: a, when: {value_above: 100}}\n"),
	    "3:37: value_above: bad amount '100': expected a decimal number "
	    "and a currency code, like 100.00 EUR", "when: bad value_above");
	is_str(error_of("routing:\n  strategies:\n"
	    "    - {name: a, when: {value_below: 5 ABC}}\n"),
	    "3:37: value_below: bad amount '5 ABC': unknown currency 'ABC'",
	    "when: value_below unknown currency");
	is_str(error_of("routing:\n  strategies:\n"
	    "    - {name: a, when: {channel: [{x: y}]}}\n"),
	    "3:34: channel: expected a single value", "when: nested list");
	is_str(error_of("routing:\n  strategies: {name: a}\n"),
	    "2:15: strategies: expected a list", "strategies a mapping");
	is_str(error_of("routing:\n  coordinates: [a, b]\n"),
	    "2:16: coordinates: expected a single value",
	    "coordinates a list");
}

static void
test_lookups(void)
{
	struct config *cf = load(full);
	struct amount a = { 0, "" };
	struct location hand;

	ok(cf != NULL, "full config loads for lookups");
	if (cf == NULL)
		return;
	is_int(location_ships_to(&cf->locations[0], "DE"), 1,
	    "ships to a listed country");
	is_int(location_ships_to(&cf->locations[0], "AT"), 1,
	    "ships to the other");
	is_int(location_ships_to(&cf->locations[0], "FR"), 0,
	    "not to a country not listed");
	is_int(location_ships_to(&cf->locations[0], NULL), 0,
	    "not to no country");
	is_int(location_ships_to(&cf->locations[2], "FR"), 1,
	    "no countries listed: ships everywhere");
	is_int(location_ships_to(&cf->locations[2], NULL), 1,
	    "no countries listed: even to no country");
	memset(&hand, 0, sizeof hand);
	is_int(location_ships_to(&hand, "JP"), 1,
	    "a location built by hand ships everywhere");

	ok(config_zone(cf, "DE") == &cf->routing.zones[0], "zone of DE");
	ok(config_zone(cf, "NL") == &cf->routing.zones[1], "zone of NL");
	ok(config_zone(cf, "US") == NULL, "a country in no zone");
	ok(config_zone(cf, NULL) == NULL, "no country, no zone");

	is_int(config_zone_cost(cf, "WH1", "eu", &a), 1, "cost WH1 to eu");
	ok(is_amount(a, 1200, "EUR"), "cost WH1 to eu: 12 EUR");
	is_int(config_zone_cost(cf, "HAM", "domestic", &a), 1,
	    "cost HAM to domestic");
	ok(is_amount(a, 1000, "JPY"), "cost HAM to domestic: 1000 JPY");
	a.minor = 42;
	is_int(config_zone_cost(cf, "HAM", "eu", &a), 0, "no cost HAM to eu");
	is_int(a.minor, 42, "no cost: *cost untouched");
	is_int(config_zone_cost(cf, "MUC", "domestic", &a), 0,
	    "no cost for MUC");
	is_int(config_zone_cost(cf, "WH1", NULL, &a), 0, "no zone: no cost");
	is_int(config_zone_cost(cf, NULL, "eu", &a), 0,
	    "no location: no cost");

	is_int(config_sku_has_tag(cf, "TV-55", "bulky"), 1, "TV-55 bulky");
	is_int(config_sku_has_tag(cf, "TV-55", "fragile"), 1,
	    "TV-55 fragile");
	is_int(config_sku_has_tag(cf, "VASE", "bulky"), 0, "VASE not bulky");
	is_int(config_sku_has_tag(cf, "VASE", "fragile"), 1, "VASE fragile");
	is_int(config_sku_has_tag(cf, "tv-55", "bulky"), 0,
	    "SKUs are case-sensitive");
	is_int(config_sku_has_tag(cf, "TV-55", "Bulky"), 0,
	    "tags are case-sensitive");
	is_int(config_sku_has_tag(cf, "MUG", "bulky"), 0, "untagged SKU");
	is_int(config_sku_has_tag(cf, NULL, "bulky"), 0, "no SKU");

	ok(config_pickup_location(cf, "Pickup Hamburg") == &cf->locations[1],
	    "pickup method of HAM");
	ok(config_pickup_location(cf, "collect hh") == &cf->locations[1],
	    "pickup methods compared without case");
	ok(config_pickup_location(cf, "PICKUP MUNICH") == &cf->locations[2],
	    "pickup method of MUC");
	ok(config_pickup_location(cf, "Pickup") == NULL,
	    "a prefix is not the method");
	ok(config_pickup_location(cf, "Pickup Hamburg ") == NULL,
	    "the whole name must match");
	ok(config_pickup_location(cf, "Express") == NULL,
	    "not a pickup method");
	ok(config_pickup_location(cf, NULL) == NULL, "no ship method");
	config_free(cf);

	cf = load("");
	ok(cf != NULL, "empty config for lookups");
	if (cf == NULL)
		return;
	ok(config_zone(cf, "DE") == NULL, "empty: no zone");
	is_int(config_zone_cost(cf, "WH1", "eu", &a), 0, "empty: no cost");
	is_int(config_sku_has_tag(cf, "TV-55", "bulky"), 0, "empty: no tag");
	ok(config_pickup_location(cf, "Pickup") == NULL,
	    "empty: no pickup location");
	config_free(cf);
}

/* The corpus example with every new section must load. */
static void
test_corpus(void)
{
	struct config *cf = capture("fuzz/corpus/config/routing.yaml", 1);

	ok(cf != NULL, "fuzz/corpus/config/routing.yaml loads");
	is_str(errbuf, "", "routing.yaml: nothing on stderr");
	if (cf == NULL)
		return;
	ok(cf->fraud.nrules > 0 && cf->routing.nstrategies > 0,
	    "routing.yaml: fraud rules and strategies");
	config_free(cf);
}

int
main(void)
{
	test_full();
	test_defaults();
	test_unknown_keys();
	test_fraud_errors();
	test_routing_errors();
	test_lookups();
	test_corpus();
	return done_testing();
}
