#!/usr/bin/env bats
# oms-route: routing allocated orders to locations, split policies,
# capacity, exclusions, strategies, --explain and --what-if.

load helper
load route

setup() {
	export OMS_DB="$BATS_TEST_TMPDIR/oms.db"
	export OMS_CONFIG="$BATS_TEST_TMPDIR/oms.yaml"
	export OMS_BUSY_TIMEOUT=2000
	cd "$BATS_TEST_TMPDIR" || return 1
	echo "$LOCATIONS" > oms.yaml
}

@test "an order goes to the one location that has it, with a record per line" {
	stock A BER 5 B BER 5
	{ o 1 A 2; o 1 B 1; } | orders
	run --separate-stderr oms-route --pending
	assert_success
	assert_output "$(printf '%s\n' \
	    "order	group	location	line	sku	quantity	status	strategy	reason" \
	    "1	1	BER	1	A	2	routed	default	the only location that can ship it" \
	    "1	1	BER	2	B	1	routed	default	the only location that can ship it")"
	[[ "$stderr" == *"1 order: 1 routed in 1 shipment, 0 held for risk, 0 unroutable"* ]]
	[ "$(state 1)" = "routed|" ]
	[ "$(routed 1)" = "BER:A:2 BER:B:1" ]
	[ "$(sql "SELECT group_concat(status) FROM order_lines WHERE order_id = 1")" = "routed,routed" ]
	[ "$(sql "SELECT sku || ':' || reserved FROM stock WHERE location = 'BER' ORDER BY sku" | tr '\n' ' ')" = "A:2 B:1 " ]
	[ "$(sql "SELECT location || ' ' || status || ' ' || strategy FROM shipment_groups")" = "BER open default" ]
	[ "$(sql "SELECT detail FROM events WHERE order_id = 1 AND kind = 'status' AND tool = 'oms-route'")" = "allocated -> routed: default" ]
	# A second run has nothing to do and changes nothing.
	before=$(ledger_digest)
	run --separate-stderr oms-route --pending
	assert_success
	[ "$(ledger_digest)" = "$before" ]
}

@test "the nearest location by the coordinates of the customer's postal code" {
	printf 'DE\t80333\t48.15\t11.56\nDE\t10117\t52.52\t13.39\nFR\t75002\t48.87\t2.34\n' > centroids.tsv
	{ echo "$LOCATIONS"; echo 'routing: {coordinates: centroids.tsv}'; } > oms.yaml
	stock A BER 5 A MUC 5 A PAR 5
	{ o 1 A 1 zip=80333; o 2 A 1 zip=10117 city=Berlin; o 3 A 1 zip=75002 country=FR city=Paris; } | orders
	run --separate-stderr oms-route --pending
	assert_success
	[ "$(routed 1)" = "MUC:A:1" ]
	[ "$(routed 2)" = "BER:A:1" ]
	[ "$(routed 3)" = "PAR:A:1" ]
	assert_line --index 1 --regexp "	MUC	1	A	1	routed	default	nearest: 1 km \(next BER: 5[0-9][0-9] km\)$"
	[ "$(sql "SELECT distance_km FROM shipment_groups WHERE order_id = 1")" = 1 ]
}

@test "without coordinates: postal prefix, then country, then zone" {
	cat >> oms.yaml <<'YAML'
routing:
  zones:
    - {name: west, countries: [FR, BE]}
YAML
	sed -i '/latitude\|longitude/d' oms.yaml
	stock A BER 5 A MUC 5 A PAR 5
	{ o 1 A 1 zip=80999; o 2 A 1 zip=12345 city=Berlin; o 3 A 1 zip=1000 country=BE city=Brussels; } | orders
	oms-route -q --pending >/dev/null
	[ "$(routed 1)" = "MUC:A:1" ]
	# 12345 shares "1" with 10115 and nothing with 80331.
	[ "$(routed 2)" = "BER:A:1" ]
	[ "$(routed 3)" = "PAR:A:1" ]
	[ "$(sql "SELECT rank_reason FROM shipment_groups WHERE order_id = 3")" = "nearest: same zone (next BER: farther)" ]
}

@test "rank by cost, capacity and priority when the strategy says so" {
	cat >> oms.yaml <<'YAML'
routing:
  zones:
    - {name: de, countries: [DE]}
  costs:
    - {location: BER, zone: de, cost: 4.90 EUR}
    - {location: MUC, zone: de, cost: 5.90 EUR}
  strategies:
    - {name: cheap, when: {ship_method: Economy}, rank: [cost]}
    - {name: prio, when: {ship_method: Express}, rank: [priority, distance]}
    - {name: roomy, rank: [capacity]}
YAML
	sed -i 's/  - id: BER/  - id: BER\n    priority: 5\n    capacity: 10/' oms.yaml
	stock A BER 5 A MUC 5
	{ o 1 A 1 method=Economy; o 2 A 1 method=Express; o 3 A 1; } | orders
	run --separate-stderr oms-route --pending
	assert_success
	assert_line --index 1 "$(printf '1\t1\tBER\t1\tA\t1\trouted\tcheap\tcheapest: cost 4.90 EUR (next MUC: cost 5.90 EUR)')"
	assert_line --index 2 "$(printf '2\t2\tBER\t1\tA\t1\trouted\tprio\thighest priority: priority 5 (next MUC: priority 0)')"
	assert_line --index 3 "$(printf '3\t3\tMUC\t1\tA\t1\trouted\troomy\tmost capacity left: no capacity limit (next BER: 8 orders left today)')"
	[ "$(sql "SELECT cost || ' ' || currency FROM shipment_groups WHERE order_id = 1")" = "490 EUR" ]
}

@test "exclusions: channel, country, safety stock" {
	cat > oms.yaml <<'YAML'
locations:
  - id: AMZ
    channels: [amazon]
    address: {country: DE, postal_code: "80331"}
  - id: FRONLY
    countries: [FR]
    address: {country: DE, postal_code: "80331"}
  - id: SAFE
    address: {country: DE, postal_code: "80331"}
  - id: FAR
    address: {country: DE, postal_code: "10115"}
safety_stock:
  - {location: SAFE, sku: A, quantity: 4}
YAML
	stock A AMZ 9 A FRONLY 9 A SAFE 5 A FAR 9
	{ o 1 A 2; } | orders
	run --separate-stderr oms-route --pending --explain
	assert_success
	assert_line "  AMZ        excluded: does not serve channel shopify"
	assert_line "  FRONLY     excluded: does not ship to DE"
	assert_line --partial "  SAFE       candidate: same country, postal prefix 4, cost unknown, no capacity limit, priority 0; has 1 A"
	assert_line --partial "  -> FAR: line 1 2 A (the only location that can ship it)"
	oms-route -q --pending >/dev/null
	[ "$(routed 1)" = "FAR:A:2" ]
}

@test "fewest shipments: one location over a nearer split, a split only when needed" {
	stock A MUC 1 B MUC 1 A BER 5 B BER 5 C MUC 2 C PAR 2
	{ o 1 A 1; o 1 B 1; o 2 C 4; } | orders
	run --separate-stderr oms-route --pending
	assert_success
	[ "$(routed 1)" = "MUC:A:1 MUC:B:1" ]
	[ "$(routed 2)" = "MUC:C:2 PAR:C:2" ]
	assert_line --partial "$(printf '2\t3\tPAR\t1\tC\t2\trouted\tdefault\tsplit in 2: no single location has it all')"
	[ "$(sql "SELECT count(*) FROM shipment_groups WHERE order_id = 2")" = 2 ]
	[ "$(sql "SELECT count(*) FROM reservations WHERE order_id = 2 AND status = 'active'")" = 2 ]
}

@test "split: none holds an order no single location can ship; max_shipments and min_shipment_value" {
	cat >> oms.yaml <<'YAML'
routing:
  split: {policy: none}
  strategies:
    - {name: two, when: {ship_method: Two}, split: {policy: fewest, max_shipments: 2}}
    - {name: min, when: {ship_method: Min}, split: {policy: fewest, min_shipment_value: 25.00 EUR}}
    - {name: single}
YAML
	stock C MUC 2 C PAR 2 D MUC 2 D PAR 2 D BER 2 E MUC 2 E PAR 1
	{ o 1 C 4; o 2 D 5 method=Two; o 3 E 3 method=Min; } | orders
	run --separate-stderr oms-route --pending
	assert_success
	[ "$(state 1)" = "on_hold|unroutable: no single location has it all (split: none)" ]
	[ "$(state 2)" = "on_hold|unroutable: needs more than 2 shipments" ]
	# 3 units at 10.00: 2 + 1 leaves a shipment of 10.00 < 25.00.
	[ "$(state 3)" = "on_hold|unroutable: no split in 3 shipments or fewer has each worth 25.00 EUR" ]
	[ "$(sql "SELECT held_by FROM order_state WHERE order_id = 1")" = oms-route ]
	# Held, they keep their network reservations.
	[ "$(sql "SELECT sum(quantity) FROM reservations WHERE order_id = 1 AND status = 'active' AND location IS NULL")" = 4 ]
	assert_line "$(printf '1\t\t\t\t\t\ton_hold\tsingle\tunroutable: no single location has it all (split: none)')"
}

@test "an unroutable order is retried by the next run, once stock is where it can ship" {
	sed -i 's/  - id: MUC/  - id: MUC\n    countries: [AT]/' oms.yaml
	stock A MUC 3
	{ o 1 A 2; } | orders
	oms-route -q --pending >/dev/null
	[ "$(state 1)" = "on_hold|unroutable: no location may ship it: MUC does not ship to DE" ]
	before=$(ledger_digest)
	oms-route -q --pending >/dev/null
	[ "$(ledger_digest)" = "$before" ]
	printf 'sku\tfrom\tto\tquantity\treason\nA\tMUC\tBER\t3\ttransfer\n' | oms-stock import -q >/dev/null
	run --separate-stderr oms-route --pending
	assert_success
	[ "$(state 1)" = "routed|" ]
	[ "$(routed 1)" = "BER:A:2" ]
	[ "$(sql "SELECT detail FROM events WHERE order_id = 1 AND kind = 'status' ORDER BY event_id DESC LIMIT 1")" = "on_hold -> routed: default" ]
}

@test "capacity runs out during a run: the next orders go elsewhere" {
	sed -i 's/  - id: BER/  - id: BER\n    capacity: 2/' oms.yaml
	stock A BER 9 A MUC 9
	{ o 1 A 1 zip=10117 city=Berlin; o 2 A 1 zip=10117 city=Berlin; o 3 A 1 zip=10117 city=Berlin; } | orders
	run --separate-stderr oms-route --pending
	assert_success
	[ "$(routed 1)" = "BER:A:1" ]
	[ "$(routed 2)" = "BER:A:1" ]
	[ "$(routed 3)" = "MUC:A:1" ]
	[ "$(sql "SELECT orders FROM capacity_used WHERE location = 'BER'")" = 2 ]
}

@test "strategies by channel, country, value and SKU tag; none applies: held" {
	cat >> oms.yaml <<'YAML'
routing:
  sku_tags:
    - {sku: TV, tags: [bulky]}
  strategies:
    - {name: bulky, when: {sku_tag: [bulky]}, rank: [priority]}
    - {name: france, when: {country: [FR]}}
    - {name: big, when: {value_above: 100.00 EUR}}
YAML
	stock TV BER 1 A BER 9 A PAR 9
	{ o 1 TV 1; o 2 A 1 country=FR city=Paris zip=75002; o 3 A 12 price=10.00; o 4 A 1; } | orders
	oms-route -q --pending > out.tsv
	[ "$(sql "SELECT DISTINCT order_id || ':' || strategy FROM shipment_groups ORDER BY 1" | tr '\n' ' ')" = "1:bulky 2:france 3:big " ]
	[ "$(state 4)" = "on_hold|unroutable: no routing strategy applies" ]
}

@test "click and collect goes to its store only" {
	sed -i 's/  - id: PAR/  - id: PAR\n    type: store\n    pickup_methods: [Pickup Paris]/' oms.yaml
	stock A MUC 9 A PAR 1
	{ o 1 A 1 method="Pickup Paris"; o 2 A 1 method="Pickup Paris"; } | orders
	oms-route -q --pending >/dev/null
	[ "$(routed 1)" = "PAR:A:1" ]
	[ "$(sql "SELECT rank_reason FROM shipment_groups WHERE order_id = 1")" = "pickup at PAR" ]
	[ "$(state 2)" = "on_hold|unroutable: pickup at PAR: has none of the SKUs after safety stock" ]
}

@test "a location removed from the configuration keeps its routed orders, takes no new ones" {
	stock A MUC 9 A BER 9
	{ o 1 A 1; } | orders
	oms-route -q --pending >/dev/null
	[ "$(routed 1)" = "MUC:A:1" ]
	sed -i '/id: MUC/,/longitude: 11.57/d' oms.yaml
	{ o 2 A 1; } | orders
	run --separate-stderr oms-route --pending --explain
	assert_line "  MUC        excluded: not in the configuration"
	oms-route -q --pending >/dev/null
	[ "$(routed 1)" = "MUC:A:1" ]
	[ "$(routed 2)" = "BER:A:1" ]
}

@test "an order whose stock exists only split across locations, with a bundle" {
	cat >> oms.yaml <<'YAML'
bundles:
  KIT: {A: 1, B: 1}
YAML
	stock A MUC 1 B PAR 1
	{ o 1 KIT 1 price=30.00; } | orders
	run --separate-stderr oms-route --pending
	assert_success
	[ "$(routed 1)" = "MUC:A:1 PAR:B:1" ]
	assert_line "$(printf '1\t1\tMUC\t1\tA\t1\trouted\tdefault\tsplit in 2: no single location has it all')"
	assert_line "$(printf '1\t2\tPAR\t1\tB\t1\trouted\tdefault\tsplit in 2: no single location has it all')"
}

@test "orders named on standard input; others are left alone" {
	stock A BER 9
	{ o 1 A 1; o 2 A 1; } | orders
	run --separate-stderr bash -c 'printf "order\n2\n99\n" | oms-route'
	assert_success
	[[ "$stderr" == *"order 99: not in the ledger"* ]]
	[ "$(state 1)" = "allocated|" ]
	[ "$(state 2)" = "routed|" ]
	run --separate-stderr bash -c 'printf "order\nx\n" | oms-route'
	assert_failure 3
	[[ "$stderr" == *"stdin:2: field 'order': not an order key: 'x'"* ]]
}

@test "--explain says why and changes nothing" {
	stock A BER 1 A MUC 1
	{ o 1 A 1 zip=10117 city=Berlin; } | orders
	before=$(ledger_digest)
	run --separate-stderr oms-route --pending --explain
	assert_success
	assert_output "$(printf '%s\n' \
	    "order 1 (shopify allocated, 10.00 EUR, to DE 10117): 1 A" \
	    "  strategy default" \
	    "  BER        candidate: same country, postal prefix 4, cost unknown, no capacity limit, priority 0; has 1 A" \
	    "  MUC        candidate: same country, postal prefix 0, cost unknown, no capacity limit, priority 0; has 1 A" \
	    "  -> BER: line 1 1 A (nearest: same country, postal prefix 4 (next MUC: same country, postal prefix 0))")"
	[[ "$stderr" == *"(explained; nothing changed)"* ]]
	[ "$(ledger_digest)" = "$before" ]
}

@test "--what-if compares another rule set and changes nothing" {
	costs='  zones: [{name: all, countries: [DE]}]
  costs: [{location: MUC, zone: all, cost: 4.50 EUR}, {location: PAR, zone: all, cost: 9.90 EUR}, {location: BER, zone: all, cost: 5.00 EUR}]'
	{ echo "$LOCATIONS"; echo 'routing:'; echo "$costs"; } > oms.yaml
	stock C MUC 2 C PAR 2 A BER 5
	{ o 1 C 4; o 2 A 1; } | orders
	{ echo "$LOCATIONS"; echo 'routing:'; echo '  split: {policy: none}'; echo "$costs"; } > strict.yaml
	before=$(ledger_digest)
	run --separate-stderr oms-route --what-if strict.yaml
	assert_success
	assert_output "$(printf '%s\n' \
	    "metric	current	other	change" \
	    "orders	2	2	+0" \
	    "routed	2	1	-1" \
	    "held_for_risk	0	0	+0" \
	    "unroutable	0	1	+1" \
	    "shipments	3	1	-2" \
	    "shipments_per_order	1.50	1.00	-0.50" \
	    "shipping_cost_EUR	19.40	5.00	-14.40" \
	    "mean_distance_km	0.0	0.0	+0.0")"
	[ "$(ledger_digest)" = "$before" ]
}

@test "cancelling a routed order frees its stock at the location" {
	stock A BER 3
	{ o 1 A 2; } | orders
	oms-route -q --pending >/dev/null
	[ "$(sql "SELECT reserved FROM stock WHERE sku = 'A' AND location = 'BER'")" = 2 ]
	oms-order cancel -q 1 >/dev/null
	[ "$(sql "SELECT reserved FROM stock WHERE sku = 'A' AND location = 'BER'")" = 0 ]
	[ "$(sql "SELECT status FROM shipment_groups WHERE order_id = 1")" = cancelled ]
}

@test "bad configuration: exit 2, the ledger as it was" {
	stock A BER 3
	{ o 1 A 2; } | orders
	before=$(ledger_digest)
	printf 'routing:\n  split: {policy: sometimes}\n' >> oms.yaml
	run --separate-stderr oms-route --pending
	assert_failure 2
	[[ "$stderr" == *"oms.yaml:"*"policy"* ]]
	[ "$(ledger_digest)" = "$before" ]
	echo "$LOCATIONS" > oms.yaml
	printf 'routing: {coordinates: missing.tsv}\n' >> oms.yaml
	run --separate-stderr oms-route --pending
	assert_failure 2
	[[ "$stderr" == *"missing.tsv: cannot open"* ]]
	[ "$(ledger_digest)" = "$before" ]
	run --separate-stderr oms-route --what-if nosuch.yaml
	assert_failure 2
	run --separate-stderr oms-route --pending --what-if oms.yaml
	assert_failure 2
}

@test "the example configuration loads and routes" {
	cp "$REPO/examples/oms.yaml" oms.yaml
	run --separate-stderr oms-route --pending
	assert_success
	[[ "$stderr" == *"0 orders: 0 routed"* ]]
}

@test "dropship partners get their lines as purchase-order records" {
	cat >> oms.yaml <<'YAML'
  - id: ROASTER
    type: dropship
    address: {country: DE, postal_code: "80999"}
  - id: PRINTER
    type: dropship
YAML
	stock BEANS ROASTER 9 A BER 9 POSTER PRINTER 5
	{ o 1 BEANS 2; o 1 A 1; o 2 POSTER 1 street="2 Side St"; } | orders
	oms-route -q --pending >/dev/null
	[ "$(routed 1)" = "BER:A:1 ROASTER:BEANS:2" ]
	run --separate-stderr oms-route --purchase-orders
	assert_success
	assert_line --index 0 "$(printf 'po\tgroup\tlocation\torder\tchannel\tchannel_order\trouted_at\tline\tsku\tquantity\ttitle\tship_name\tship_company\tship_address1\tship_address2\tship_city\tship_region\tship_postal_code\tship_country\tship_phone\tship_method')"
	[ "${#lines[@]}" -eq 3 ]
	assert_line --index 1 --regexp "^ROASTER-[0-9]+	[0-9]+	ROASTER	1	shopify	#1	[0-9T:Z-]+	1	BEANS	2	BEANS	Ann		1 Main St		Munich		80333	DE		Standard$"
	assert_line --index 2 --regexp "^PRINTER-[0-9]+	[0-9]+	PRINTER	2	shopify	#2	.*	POSTER	1	POSTER	Ann		2 Side St	"
	run --separate-stderr oms-route --purchase-orders --location PRINTER -o csv
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	run --separate-stderr oms-route --purchase-orders --since 2999-01-01
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	run --separate-stderr oms-route --purchase-orders --location BER
	assert_failure 2
	[[ "$stderr" == *"--location: 'BER' is not a dropship location in"* ]]
	run --separate-stderr oms-route --purchase-orders --since yesterday
	assert_failure 2
	run --separate-stderr oms-route --pending --location ROASTER
	assert_failure 2
	# A cancelled order's lines are no longer to be sent.
	oms-order cancel -q 2 >/dev/null
	run --separate-stderr oms-route --purchase-orders
	[ "${#lines[@]}" -eq 2 ]
}

@test "a routed order the channel changes: the changed line gives its stock back and is routed again" {
	stock A BER 9 B BER 9 C MUC 9
	{ o 1 A 2; o 1 B 1; } | orders
	oms-route -q --pending >/dev/null
	[ "$(state 1)" = "routed|" ]
	# The channel now says 3 of A, and a new line of C.
	{ o 1 A 3; o 1 B 1; o 1 C 1; } | orders
	[ "$(sql "SELECT group_concat(line_no || ':' || status, ' ') FROM order_lines WHERE order_id = 1")" = "1:allocated 2:routed 3:allocated" ]
	[ "$(state 1)" = "allocated|" ]
	oms-route -q --pending >/dev/null
	[ "$(state 1)" = "routed|" ]
	[ "$(routed 1)" = "BER:A:3 BER:B:1 MUC:C:1" ]
	[ "$(sql "SELECT sku || ':' || location || ':' || reserved FROM stock WHERE reserved > 0 ORDER BY 1" | tr '\n' ' ')" = "A:BER:3 B:BER:1 C:MUC:1 " ]
	# The channel drops a routed line: its stock at MUC is free, and
	# the rest stays routed.
	{ o 1 A 3; o 1 B 1; } | orders
	[ "$(sql "SELECT status FROM order_lines WHERE order_id = 1 AND line_no = 3")" = cancelled ]
	[ "$(sql "SELECT reserved FROM stock WHERE sku = 'C'")" = 0 ]
	[ "$(state 1)" = "routed|" ]
	[ "$(routed 1)" = "BER:A:3 BER:B:1" ]
}

@test "a routed order held past allocation.expire_after gives its location's stock back, and is routed again once released" {
	printf 'allocation: {expire_after: 1s}\n' >> oms.yaml
	stock A BER 3
	{ o 1 A 2; } | orders
	oms-route -q --pending >/dev/null
	oms-order hold -q --reason check 1 >/dev/null
	sleep 2
	oms-allocate -q --pending >/dev/null
	[ "$(state 1)" = "on_hold|check" ]
	[ "$(sql "SELECT count(*) FROM reservations WHERE order_id = 1 AND status = 'active'")" = 0 ]
	[ "$(sql "SELECT reserved FROM stock WHERE sku = 'A'")" = 0 ]
	[ "$(sql "SELECT status FROM shipment_groups WHERE order_id = 1")" = cancelled ]
	[ "$(sql "SELECT status FROM order_lines WHERE order_id = 1")" = open ]
	oms-order release -q 1 >/dev/null
	[ "$(state 1)" = "imported|" ]
	oms-allocate -q --pending >/dev/null
	oms-route -q --pending >/dev/null
	[ "$(state 1)" = "routed|" ]
	[ "$(sql "SELECT group_concat(group_no || ':' || status, ' ') FROM shipment_groups WHERE order_id = 1")" = "1:cancelled 2:open" ]
}

@test "an order of 70 SKUs is routed like any other" {
	args=
	for i in $(seq 1 70); do args="$args S$i BER 2"; done
	# shellcheck disable=SC2086 # split on purpose
	stock $args
	for i in $(seq 1 70); do o 1 "S$i" 1; done | orders
	oms-route -q --pending >/dev/null
	[ "$(state 1)" = "routed|" ]
	[ "$(sql "SELECT count(*) FROM reservations WHERE order_id = 1 AND location = 'BER' AND status = 'active'")" = 70 ]
}
