#!/usr/bin/env bats
# oms-check: the whole ledger against its rules.

load helper
load shopify

# A ledger with stock, two allocated orders and one backordered.
setup() {
	export OMS_DB="$BATS_TEST_TMPDIR/oms.db"
	export OMS_CONFIG="$BATS_TEST_TMPDIR/oms.yaml"
	cd "$BATS_TEST_TMPDIR" || return 1
	printf 'locations:\n  - id: WH1\n' > oms.yaml
	printf 'sku\tlocation\ton_hand\nA\tWH1\t5\nB\tWH1\t2\n' > s.tsv
	oms-stock import -q s.tsv >/dev/null
	{ echo "$HDR"; row 1 1 2 A; row 1 1 1 B; row 2 2 3 A; row 3 3 2 B; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
}

# broken SQL...: change the ledger behind oms's back.
broken() {
	OMS_CHECK_SKIP="the test breaks the ledger"
	sqlite3 "$OMS_DB" "$@"
}

@test "a good ledger: exit 0, the header alone, and what was checked" {
	[ "$(sql 'SELECT status FROM order_state ORDER BY order_id' | tr '\n' ' ')" = 'allocated allocated backordered ' ]
	run --separate-stderr oms-check
	assert_success
	[ "$output" = "$(printf 'rule\torder\tsubject\tfound\texpected\tproblem')" ]
	[ "$stderr" = "oms-check: ledger ok: 3 orders, 4 lines, 6 events, 2 movements checked" ]
	run --separate-stderr oms check -q
	assert_success
	[ -z "$stderr" ]
}

@test "--rules lists every rule once, by scope" {
	run oms-check --rules
	assert_success
	assert_line --index 0 "$(printf 'rule\tscope\trule_text')"
	for r in integrity foreign-key stock-sum network-oversold location-oversold location-reserved-sum capacity-count routed-line-located group-reservation routed-order-groups group-status parcel-state shipped-group-parcels parcel-group line-counted-twice allocated-line-short finished-order-holds allocated-order-waits hold-reason events-first events-time events-chain events-status; do
		assert_line --regexp "^$r	"
	done
	[ "$(printf '%s\n' "${lines[@]}" | cut -f1 | sort | uniq -d)" = "" ]
	run oms-check --rules -o jsonl
	assert_line --index 0 --regexp '^\{"rule":"integrity","scope":"storage",'
}

@test "stock: on hand that is not the sum of its movements, and an oversold SKU" {
	broken "UPDATE stock SET on_hand = 1 WHERE sku = 'A'; UPDATE sku_totals SET on_hand = 1 WHERE sku = 'A'"
	run --separate-stderr oms-check
	assert_failure 7
	assert_line "$(printf 'stock-sum\t\tA at WH1\t1\t5\ton hand is not the sum of its movements')"
	assert_line "$(printf 'network-oversold\t\tA\t5\t1\treserved exceeds on hand in the network (oversold)')"
	[[ "$stderr" == *"oms-check: network-oversold: reserved exceeds on hand in the network (oversold): A (5, not 1)"* ]]
	[[ "$stderr" == *"oms-check: 2 problems found" ]]
}

@test "a line reserved twice is caught, with its order's key" {
	broken "INSERT INTO reservations (order_id, line_no, sku, quantity, status, created_at) VALUES (2, 1, 'A', 3, 'active', '2026-01-01T00:00:00Z'); UPDATE sku_totals SET reserved = reserved + 3 WHERE sku = 'A'"
	run oms-check -q
	assert_failure 7
	assert_line --regexp "^line-counted-twice	2	2 line 1	6	3	"
	assert_line --regexp "^network-oversold	"
}

@test "lines and orders whose status disagrees with their reservations" {
	# An allocated line losing part of its stock; a finished order
	# still holding some; an allocated order with a line still open.
	broken "UPDATE reservations SET quantity = 1 WHERE order_id = 2; UPDATE sku_totals SET reserved = reserved - 2 WHERE sku = 'A'" \
	    "UPDATE order_state SET status = 'cancelled' WHERE order_id = 1" \
	    "INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price, discount, tax, requires_shipping, status) VALUES (2, 2, 'C', 1, 100, 0, 0, 1, 'open')"
	run oms-check -q
	assert_failure 7
	assert_line --regexp "^allocated-line-short	2	2 line 1	1	3	"
	assert_line --regexp "^finished-order-holds	1	order 1 cancelled	3	0	"
	assert_line --regexp "^cancelled-order-lines	1	"
	assert_line --regexp "^allocated-order-waits	2	order 2 line 2 open	"
	# No event took order 1 to cancelled.
	assert_line --regexp "^events-status	1	order 1	cancelled	allocated	"
}

# routed: order 1 routed by oms-route to WH1.
routed() {
	oms-route -q --pending >/dev/null
	[ "$(sql "SELECT status FROM order_state WHERE order_id = 1")" = routed ]
}

@test "routing: a location's reserved sum, its capacity count, a routed line without a location" {
	routed
	broken "UPDATE stock SET reserved = reserved + 1 WHERE sku = 'A' AND location = 'WH1'; UPDATE capacity_used SET orders = orders + 1"
	run --separate-stderr oms-check
	assert_failure 7
	assert_line "$(printf 'location-reserved-sum		A at WH1	6	5	reserved at a location is not the sum of the reservations routed there')"
	assert_line --regexp "^capacity-count		WH1 on [0-9-]{10}	3	2	"
	broken "UPDATE stock SET reserved = reserved - 1 WHERE sku = 'A' AND location = 'WH1'; UPDATE capacity_used SET orders = orders - 1; UPDATE stock SET reserved = reserved - 2 WHERE sku = 'A'; UPDATE reservations SET location = NULL WHERE order_id = 1 AND sku = 'A'"
	run --separate-stderr oms-check
	assert_failure 7
	assert_line "$(printf 'routed-line-located	1	1 line 1 routed	2	0	a routed line holds stock at no location or in no shipment group, or a line holds stock at a location outside a group')"
}

@test "routing: a reservation in another order's group, a routed order without a group" {
	routed
	broken "UPDATE reservations SET group_id = (SELECT group_id FROM shipment_groups WHERE order_id = 2) WHERE order_id = 1 AND sku = 'B'"
	run --separate-stderr oms-check
	assert_failure 7
	assert_line --regexp "^group-reservation	1	reservation [0-9]+ group 2	1	0	"
	broken "UPDATE reservations SET group_id = (SELECT group_id FROM shipment_groups WHERE order_id = 1) WHERE order_id = 1; UPDATE shipment_groups SET status = 'cancelled' WHERE order_id = 2"
	run --separate-stderr oms-check
	assert_failure 7
	assert_line "$(printf 'routed-order-groups	2	order 2 routed	0	1	a routed order has no open shipment group, a released one has one or none released, or an order that holds no stock has one')"
}

@test "fulfilment: a group with an unknown status or a rejection without a reason, a parcel of an open group" {
	routed
	broken "UPDATE shipment_groups SET status = 'lost' WHERE order_id = 1" \
	    "INSERT INTO parcels (group_id, parcel_no, packed_at, status) SELECT group_id, 1, '2026-01-01T00:00:00Z', 'packed' FROM shipment_groups WHERE order_id = 2"
	run --separate-stderr oms-check
	assert_failure 7
	assert_line --regexp "^group-status	1	group [0-9]+ lost	0	1	a shipment group has an unknown status"
	assert_line --regexp "^parcel-group	2	parcel [0-9]+ group [0-9]+ open	0	1	a parcel belongs to a group not packed, shipped or cancelled$"
}

@test "shipping: a parcel handed over without a tracking number, a shipped group with a parcel left behind" {
	routed
	broken "UPDATE shipment_groups SET status = 'shipped' WHERE order_id = 1" \
	    "INSERT INTO parcels (group_id, parcel_no, packed_at, status) SELECT group_id, 1, '2026-01-01T00:00:00Z', 'in_transit' FROM shipment_groups WHERE order_id = 1" \
	    "INSERT INTO parcels (group_id, parcel_no, packed_at, status) SELECT group_id, 2, '2026-01-01T00:00:00Z', 'labelled' FROM shipment_groups WHERE order_id = 1"
	run --separate-stderr oms-check
	assert_failure 7
	assert_line --regexp "^parcel-state	1	parcel [0-9]+ in_transit	0	1	"
	assert_line --regexp "^shipped-group-parcels	1	group [0-9]+ shipped parcel [0-9]+ labelled	0	1	"
}

@test "holds: a reason without the status, the status without a holder" {
	broken "UPDATE order_state SET hold_reason = 'fraud' WHERE order_id = 1" \
	    "UPDATE order_state SET status = 'on_hold', hold_reason = 'fraud' WHERE order_id = 3"
	run oms-check -q
	assert_failure 7
	assert_line --regexp "^hold-reason	1	order 1 allocated	1	0	"
	assert_line --regexp "^hold-reason	3	order 3 on_hold	1	2	"
}

@test "events: a second import, a status change from nowhere, an event out of time" {
	broken "INSERT INTO events (order_id, at, tool, kind, detail) VALUES (1, '2099-01-01T00:00:00Z', 'x', 'imported', 'imported as imported with 2 lines')" \
	    "INSERT INTO events (order_id, at, tool, kind, detail) VALUES (2, '2099-01-01T00:00:00Z', 'x', 'status', 'on_hold -> cancelled')" \
	    "INSERT INTO events (order_id, at, tool, kind, detail) VALUES (3, '2000-01-01T00:00:00Z', 'x', 'note', 'late')"
	run oms-check -q
	assert_failure 7
	assert_line --regexp "^events-first	1	order 1	2	1	"
	assert_line --regexp "^events-chain	2	order 2 event [0-9]+			a status change starts from on_hold, but the events had led to allocated$"
	assert_line --regexp "^events-time	3	order 3 event [0-9]+ at 2000-01-01T00:00:00Z	"
}

@test "storage: a row that refers to a missing order" {
	broken "PRAGMA foreign_keys = OFF; INSERT INTO events (order_id, at, tool, kind, detail) VALUES (99, '2099-01-01T00:00:00Z', 'x', 'note', 'orphan')"
	run oms-check -q
	assert_failure 7
	assert_line --regexp "^foreign-key		events row [0-9]+ refers to a missing orders row		"
}

@test "storage: a damaged file is reported, and the rules are not run on it" {
	OMS_CHECK_SKIP="the test damages the ledger"
	sqlite3 "$OMS_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	page=$(sqlite3 "$OMS_DB" "SELECT rootpage FROM sqlite_schema WHERE name = 'events_order'")
	size=$(sqlite3 "$OMS_DB" 'PRAGMA page_size')
	# Scribble over the index's page: the table and index disagree.
	printf '\015\000\000\000\001\017\370\000' | dd of="$OMS_DB" bs=1 seek=$(((page - 1) * size)) conv=notrunc 2>/dev/null
	run --separate-stderr oms-check
	assert_failure 7
	assert_line --regexp "^integrity		"
	refute_line --regexp "^events-"
	[[ "$stderr" == *"the rules were not checked: restore the ledger from a backup"* ]]
}

@test "no ledger, a ledger from a newer oms, usage" {
	OMS_CHECK_SKIP="no usable ledger"
	run --separate-stderr oms-check --db nothing.db
	assert_failure 4
	[[ "$stderr" == *"no such file"* ]]
	[ ! -e nothing.db ]
	# What a first writer killed before its first transaction leaves.
	: > empty.db
	run --separate-stderr oms-check --db empty.db
	assert_failure 4
	[ "$stderr" = "oms-check: ledger empty.db: empty, not yet made a ledger (oms init makes it)" ]
	oms init --db empty.db 2>/dev/null
	oms-check -q --db empty.db
	sqlite3 "$OMS_DB" 'PRAGMA user_version = 99'
	run --separate-stderr oms-check
	assert_failure 4
	run --separate-stderr oms-check extra
	assert_failure 2
	run --separate-stderr oms-check -o xml
	assert_failure 2
	run oms-check --help
	assert_success
	assert_output --partial 'usage: oms-check'
}
