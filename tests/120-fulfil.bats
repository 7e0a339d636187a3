#!/usr/bin/env bats
# oms-fulfil: routed orders released to their locations, pick lists, and
# what the locations confirm: picked, short, packed, rejected.

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
	[[ "$stderr" == *"unknown command 'ship' (release, picklist, confirm)"* ]]
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

# conf GROUP STATUS [LINE [QUANTITY]]...: one confirmation per argument
# group ("1:picked:2:1"), written as records to conf.tsv.
conf() {
	local a
	printf 'group\tstatus\tline\tquantity\n' > conf.tsv
	for a in "$@"; do
		IFS=: read -r g s l q <<< "$a"
		printf '%s\t%s\t%s\t%s\n' "$g" "$s" "$l" "$q" >> conf.tsv
	done
}

@test "confirm: picked and packed with its parcel; the same file again changes nothing" {
	{ o 1 A 2; o 1 B 1; } | orders
	oms-route -q --pending >/dev/null
	oms-fulfil release -q >/dev/null
	printf 'order\tgroup\tstatus\tline\tquantity\tparcel\tweight_g\tlength_mm\twidth_mm\theight_mm\n1\t1\tpicked\t1\t2\t\t\t\t\t\n1\t1\tpicked\t\t\t\t\t\t\t\n1\t1\tpacked\t\t\t1\t1250\t300\t200\t100\n1\t1\tpacked\t\t\t2\t400\t\t\t\n' > conf.tsv
	run --separate-stderr oms-fulfil confirm conf.tsv
	assert_success
	assert_output "$(printf '%s\n' \
	    "order	group	location	status	line	sku	picked	missing	parcel	action	group_status" \
	    "1	1	BER	picked	1	A	2	0		unchanged	released" \
	    "1	1	BER	picked						picked	picked" \
	    "1	1	BER	packed					1	packed	packed" \
	    "1	1	BER	packed					2	new	packed")"
	[[ "$stderr" == *"4 records: 1 picked, 0 short (0 units missing), 2 packed, 0 rejected, 1 unchanged, 0 refused"* ]]
	[ "$(sql "SELECT group_concat(parcel_no || ':' || weight_g || ':' || coalesce(length_mm, '-') || ':' || status, ' ') FROM parcels")" = "1:1250:300:packed 2:400:-:packed" ]
	[ "$(sql "SELECT status FROM shipment_groups")" = packed ]
	[ "$(sql "SELECT detail FROM events WHERE kind = 'packed' ORDER BY event_id LIMIT 1")" = "group 1 packed at BER: parcel 1, 1250 g, 300x200x100 mm" ]
	[ "$(state 1)" = "released|" ]
	before=$(ledger_digest)
	run --separate-stderr oms-fulfil confirm < conf.tsv
	assert_success
	[[ "$stderr" == *"0 packed, 0 rejected, 4 unchanged, 0 refused"* ]]
	[ "$(ledger_digest)" = "$before" ]
	# A parcel weighed again before it ships is updated, with an event.
	printf 'group\tstatus\tparcel\tweight_g\n1\tpacked\t2\t450\n' | oms-fulfil confirm -q >/dev/null
	[ "$(sql "SELECT weight_g FROM parcels WHERE parcel_no = 2")" = 450 ]
	oms-check -q
}

@test "confirm: a short pick corrects on hand and sends the line back to allocation and routing" {
	stock A MUC 5
	{ o 1 A 3; o 1 B 1; } | orders
	oms-route -q --pending >/dev/null
	[ "$(routed 1)" = "BER:A:3 BER:B:1" ]
	oms-fulfil release -q >/dev/null
	conf 1:picked:1:1 1:picked:2
	run --separate-stderr oms-fulfil confirm conf.tsv
	assert_success
	assert_line --index 1 "1	1	BER	picked	1	A	1	2		short	released"
	[ "$(sql "SELECT on_hand || '/' || reserved FROM stock WHERE sku = 'A' AND location = 'BER'")" = "7/1" ]
	[ "$(sql "SELECT on_hand || '/' || reserved FROM sku_totals WHERE sku = 'A'")" = "12/1" ]
	[ "$(sql "SELECT reason || ':' || from_location || ':' || quantity || ':' || reference FROM movements WHERE reason = 'short-pick'")" = "short-pick:BER:2:group 1" ]
	[ "$(state 1)" = "backordered|" ]
	[ "$(sql "SELECT group_concat(line_no || ':' || status, ' ') FROM order_lines")" = "1:backordered 2:released" ]
	[ "$(sql "SELECT detail FROM events WHERE kind = 'short_pick'")" = "line 1: A: picked 1, 2 missing at BER (group 1); on hand corrected, the line waits for stock" ]
	oms-check -q
	# The same confirmation again: the line holds what was picked.
	before=$(ledger_digest)
	oms-fulfil confirm -q conf.tsv >/dev/null
	[ "$(ledger_digest)" = "$before" ]
	# Allocation takes the two missing units again, routing sends them on.
	oms-allocate -q --pending >/dev/null
	[ "$(state 1)" = "allocated|" ]
	oms-route -q --pending >/dev/null
	[ "$(state 1)" = "routed|" ]
	[ "$(routed 1)" = "BER:A:1 BER:B:1 MUC:A:2" ]
	oms-fulfil release -q >/dev/null
	[ "$(state 1)" = "released|" ]
	oms-check -q
}

@test "confirm: nothing picked of a whole group cancels it; with no stock left the line is backordered" {
	stock A BER 2
	o 1 A 2 | orders
	oms-route -q --pending >/dev/null
	oms-fulfil release -q >/dev/null
	conf 1:picked:1:0
	oms-fulfil confirm -q conf.tsv >/dev/null
	[ "$(sql "SELECT status || ':' || closed_reason FROM shipment_groups")" = "cancelled:nothing left to pick" ]
	[ "$(sql "SELECT on_hand || '/' || reserved FROM stock WHERE sku = 'A' AND location = 'BER'")" = "0/0" ]
	oms-allocate -q --pending >/dev/null
	[ "$(state 1)" = "backordered|" ]
	oms-check -q
}

@test "confirm: a store's rejection sends the group back to routing, never to that store again" {
	stock A MUC 5
	o 1 A 2 zip=10115 city=Berlin | orders
	oms-route -q --pending >/dev/null
	[ "$(routed 1)" = "BER:A:2" ]
	oms-fulfil release -q >/dev/null
	printf 'group\tstatus\treason\n1\trejected\tbox damaged\n' > conf.tsv
	run --separate-stderr oms-fulfil confirm conf.tsv
	assert_success
	assert_line --index 1 "1	1	BER	rejected						rejected	rejected"
	[ "$(sql "SELECT status || ':' || closed_reason FROM shipment_groups")" = "rejected:rejected by BER: box damaged" ]
	[ "$(sql "SELECT reserved FROM stock WHERE sku = 'A' AND location = 'BER'")" = 0 ]
	[ "$(sql "SELECT count(*) FROM reservations WHERE status = 'active' AND location IS NULL AND group_id IS NULL")" = 1 ]
	[ "$(state 1)" = "allocated|" ]
	oms-check -q
	run oms-route --explain --pending
	assert_line --partial "excluded: rejected this order"
	oms-route -q --pending >/dev/null
	[ "$(routed 1)" = "MUC:A:2" ]
	# Again: nothing changes.
	before=$(ledger_digest)
	oms-fulfil confirm -q conf.tsv >/dev/null
	[ "$(ledger_digest)" = "$before" ]
	oms-check -q
}

@test "confirm: bad records change nothing" {
	{ o 1 A 2; o 2 A 1; } | orders
	oms-route -q --pending >/dev/null
	oms-fulfil release -q >/dev/null
	conf 1:packed
	oms-fulfil confirm -q conf.tsv >/dev/null
	before=$(ledger_digest)
	# Each bad file starts with a good record that must not land.
	bad() {
		{ printf 'group\tstatus\tline\tquantity\torder\n2\tpicked\t\t\t\n'; printf "$1"; } > bad.tsv
		run --separate-stderr oms-fulfil confirm bad.tsv
		assert_failure "$2"
		[[ "$stderr" == *"$3"* ]] || { echo "stderr: $stderr"; false; }
		[ "$(ledger_digest)" = "$before" ]
	}
	bad '9\tpicked\t\t\t\n' 3 "bad.tsv:3: field 'group': no shipment group 9"
	bad '2\tshipped\t\t\t\n' 3 "bad.tsv:3: field 'status': expected picked, packed or rejected: 'shipped'"
	bad '2\tpicked\t1\t5\t\n' 3 "bad.tsv:3: field 'quantity': 5 picked, but group 2 holds 1 of line 1 (A)"
	bad '2\tpicked\t1\tx\t\n' 3 "bad.tsv:3: field 'quantity': not a whole number: 'x'"
	bad '2\tpicked\t3\t\t\n' 3 "bad.tsv:3: group 2 holds nothing of line 3"
	bad '2\tpicked\t\t\t1\n' 3 "bad.tsv:3: field 'order': group 2 is order 2's, not 1's"
	bad '\tpicked\t\t\t\n' 3 "bad.tsv:3: field 'group': empty"
	printf 'status\n' > nogroup.tsv
	run --separate-stderr oms-fulfil confirm nogroup.tsv
	assert_failure 3
	[[ "$stderr" == *"nogroup.tsv:1: missing field 'group' in header"* ]]
	run --separate-stderr oms-fulfil confirm missing.tsv
	assert_failure 3
	run --separate-stderr oms-fulfil confirm --location BER conf.tsv
	assert_failure 2
}

@test "confirm: a cancelled order's packed group is cancelled with it" {
	o 1 A 2 | orders
	oms-route -q --pending >/dev/null
	oms-fulfil release -q >/dev/null
	conf 1:packed
	oms-fulfil confirm -q conf.tsv >/dev/null
	oms-order cancel -q 1 >/dev/null
	[ "$(sql "SELECT status || ':' || closed_reason FROM shipment_groups")" = "cancelled:cancelled by oms-order" ]
	oms-check -q
}

@test "confirm: a record for a group past its step is refused, the others applied" {
	{ o 1 A 2; o 2 A 1; o 3 A 1; } | orders
	oms-route -q --pending >/dev/null
	oms-fulfil release -q >/dev/null
	conf 1:packed
	oms-fulfil confirm -q conf.tsv >/dev/null
	oms-order cancel -q 3 >/dev/null
	conf 1:rejected 1:picked:1:1 3:packed 2:picked
	run --separate-stderr oms-fulfil confirm conf.tsv
	assert_failure 1
	assert_output "$(printf '%s\n' \
	    "order	group	location	status	line	sku	picked	missing	parcel	action	group_status" \
	    "1	1	BER	rejected						refused	packed" \
	    "1	1	BER	picked	1					refused	packed" \
	    "3	3	BER	packed						refused	cancelled" \
	    "2	2	BER	picked						picked	picked")"
	[[ "$stderr" == *"conf.tsv:2: group 1 (order 1 at BER) is packed: only a released or picked group can be rejected"* ]]
	[[ "$stderr" == *"conf.tsv:3: group 1 (order 1 at BER) is packed: a short pick must come before packing"* ]]
	[[ "$stderr" == *"conf.tsv:4: group 3 (order 3 at BER) is cancelled: there is nothing to pack"* ]]
	[[ "$stderr" == *"4 records: 1 picked, 0 short (0 units missing), 0 packed, 0 rejected, 0 unchanged, 3 refused"* ]]
	[ "$(sql "SELECT group_concat(status, ' ') FROM (SELECT status FROM shipment_groups ORDER BY group_id)")" = "packed picked cancelled" ]
	oms-check -q
}
