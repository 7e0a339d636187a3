#!/usr/bin/env bats
# oms-fulfil: routed orders released to their locations, pick lists.

load helper
load route

setup() {
	export OMS_DB="$BATS_TEST_TMPDIR/oms.db"
	export OMS_CONFIG="$BATS_TEST_TMPDIR/oms.yaml"
	export OMS_BUSY_TIMEOUT=2000
	cd "$BATS_TEST_TMPDIR" || return 1
	echo "$LOCATIONS" | sed 's/  - id: BER/  - id: BER\n    cutoff: "00:00"/' > oms.yaml
	stock A BER 9 B BER 9 C MUC 9
	printf 'sku\ttitle\tweight_g\tbin\nA\tAlpha\t100\tB-2\nB\tBeta\t200\tA-1\n' > c.tsv
	oms-stock import -q c.tsv >/dev/null
}

@test "release: every routed group to its location, the pick list by location, wave and bin" {
	{ o 1 A 2; o 1 B 1; o 2 C 1 method=Express; o 3 A 1; } | orders
	oms-route -q --pending >/dev/null
	tomorrow=$(date -u -d tomorrow +%F)
	today=$(date -u +%F)
	run --separate-stderr oms-fulfil release
	assert_success
	assert_output "$(printf '%s\n' \
	    "release	wave	location	bin	sku	title	quantity	order	channel	channel_order	line	group	ship_method" \
	    "1	BER $tomorrow 00:00 standard	BER	A-1	B	B	1	1	shopify	#1	2	1	Standard" \
	    "1	BER $tomorrow 00:00 standard	BER	B-2	A	A	2	1	shopify	#1	1	1	Standard" \
	    "1	BER $tomorrow 00:00 standard	BER	B-2	A	A	1	3	shopify	#3	1	3	Standard" \
	    "1	MUC $today express	MUC		C	C	1	2	shopify	#2	1	2	Express")"
	[[ "$stderr" == *"release 1: 3 shipment groups, 4 lines, 5 units"* ]]
	[ "$(sql "SELECT group_concat(status) FROM order_state")" = "released,released,released" ]
	[ "$(sql "SELECT group_concat(DISTINCT status) FROM order_lines")" = released ]
	[ "$(sql "SELECT group_concat(DISTINCT status || ':' || release_no) FROM shipment_groups")" = "released:1" ]
	[ "$(sql "SELECT detail FROM events WHERE order_id = 2 AND kind = 'status' ORDER BY event_id DESC LIMIT 1")" = "routed -> released: release 1, wave MUC $today express" ]
	# Nothing new: nothing released, no number taken, the ledger as it was.
	before=$(ledger_digest)
	run --separate-stderr oms-fulfil release
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	[[ "$stderr" == *"nothing to release"* ]]
	[ "$(ledger_digest)" = "$before" ]
}

@test "one location at a time: an order split over two is released when both are" {
	stock A MUC 0 C BER 0
	{ o 1 A 9; o 1 C 9; } | orders
	oms-route -q --pending >/dev/null
	[ "$(routed 1)" = "BER:A:9 MUC:C:9" ]
	run --separate-stderr oms-fulfil release --location MUC
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	[ "$(state 1)" = "routed|" ]
	[ "$(sql "SELECT group_concat(line_no || ':' || status, ' ') FROM order_lines WHERE order_id = 1")" = "1:routed 2:released" ]
	oms-fulfil release -q --location BER >/dev/null
	[ "$(state 1)" = "released|" ]
	[ "$(sql "SELECT group_concat(DISTINCT release_no) FROM shipment_groups")" = "1,2" ]
}

@test "an order on hold is not released; a released order cancelled gives its stock back" {
	{ o 1 A 2; o 2 A 1; } | orders
	oms-route -q --pending >/dev/null
	oms-order hold -q --reason check 1 >/dev/null
	oms-fulfil release -q >/dev/null
	[ "$(state 1)" = "on_hold|check" ]
	[ "$(state 2)" = "released|" ]
	oms-order cancel -q 2 >/dev/null
	[ "$(sql "SELECT reserved FROM stock WHERE sku = 'A' AND location = 'BER'")" = 2 ]
	[ "$(sql "SELECT status FROM shipment_groups WHERE order_id = 2")" = cancelled ]
}

@test "picklist: a release again, as records or as a document for a person" {
	run --separate-stderr oms-fulfil picklist
	assert_success
	[[ "$stderr" == *"no release yet"* ]]
	{ o 1 A 2; o 1 B 1; } | orders
	oms-route -q --pending >/dev/null
	oms-fulfil release -q > first.tsv
	run --separate-stderr oms-fulfil picklist --release 1
	assert_success
	[ "$output" = "$(cat first.tsv)" ]
	run --separate-stderr oms-fulfil picklist --document
	assert_success
	assert_line --index 0 "Pick list BER $(date -u -d tomorrow +%F) 00:00 standard, release 1"
	assert_line --index 2 --regexp '^  A-1 +B +1  B +1 shopify #1$'
	assert_line --index 4 "  2 lines, 3 units"
	run oms-fulfil picklist --release 7
	assert_success
	[ "${#lines[@]}" -eq 1 ]
}

@test "usage errors" {
	run --separate-stderr oms-fulfil
	assert_failure 2
	run --separate-stderr oms-fulfil ship
	assert_failure 2
	[[ "$stderr" == *"unknown command 'ship' (release, picklist)"* ]]
	run --separate-stderr oms-fulfil release --location NOPE
	assert_failure 2
	[[ "$stderr" == *"--location: 'NOPE' is not a location in"* ]]
	run --separate-stderr oms-fulfil picklist --release x
	assert_failure 2
	run --separate-stderr oms-fulfil release --release 1
	assert_failure 2
	run oms-fulfil --help
	assert_success
	assert_line --partial "usage: oms-fulfil release"
}
