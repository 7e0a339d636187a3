#!/usr/bin/env bats
# oms-order: holds, releases and cancellations by hand.

load helper
load shopify

setup() {
	export OMS_DB="$BATS_TEST_TMPDIR/oms.db"
	export OMS_CONFIG="$BATS_TEST_TMPDIR/oms.yaml"
	export OMS_BUSY_TIMEOUT=2000
	export USER=ann
	cd "$BATS_TEST_TMPDIR" || return 1
	printf 'locations:\n  - id: WH1\n' > oms.yaml
	printf 'sku\tlocation\ton_hand\nA\tWH1\t5\nB\tWH1\t1\n' > snap.tsv
	oms-stock import -q snap.tsv >/dev/null
	# 1: allocated, 2: backordered (B short), 3: imported (not run),
	# 4: on hold for its address.
	{ echo "$HDR"; row 1 1 2 A; row 2 2 2 B; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	{ echo "$HDR"; row 3 3 1 A
	  printf '#4,c4@example.com,paid,unfulfilled,EUR,2025-05-04 10:00:00 +0000,1,A,1.00,A,true,Ann,,Ottawa,K2P 2L8,CA,,Standard\n'
	} > p.csv
	oms-import -q p.csv >/dev/null
}

status_of() {
	sql "SELECT status || '|' || coalesce(hold_reason, '') || '|' || coalesce(held_by, '') FROM order_state WHERE order_id = $1"
}

@test "holds lists orders on hold with reason, holder and since" {
	run --separate-stderr oms-order holds
	assert_success
	assert_line --index 0 "$(printf 'order\tchannel\tchannel_order\tstatus\thold_reason\theld_by\tsince\tplaced_at\ttotal\tcurrency')"
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == "$(printf '4\tshopify\t#4\ton_hold\taddress\toms-import\t')"* ]]
	[[ "${lines[1]}" == *"$(printf '\t2025-05-04T10:00:00Z\t100\tEUR')" ]]
}

@test "hold stops an allocated order and keeps its reservations" {
	run --separate-stderr oms-order hold --reason fraud_review --note "call the customer" 1
	assert_success
	assert_output "$(printf 'order\tchannel\tchannel_order\twas\tstatus\taction\thold_reason\theld_by\n1\tshopify\t#1\tallocated\ton_hold\theld\tfraud_review\tann')"
	[[ "$stderr" == *"1 order held, 0 unchanged"* ]]
	[ "$(status_of 1)" = "on_hold|fraud_review|ann" ]
	[ "$(sql "SELECT sum(quantity) FROM reservations WHERE order_id = 1 AND status = 'active'")" = 2 ]
	[ "$(sql "SELECT kind || ': ' || detail FROM events WHERE order_id = 1 AND tool = 'oms-order' ORDER BY event_id" | tr '\n' '/')" = "status: allocated -> on_hold: fraud_review/note: ann: call the customer/" ]
	# Allocation leaves held orders alone.
	oms-allocate -q --pending >/dev/null
	[ "$(status_of 1)" = "on_hold|fraud_review|ann" ]
	run oms-order holds --reason fraud_review
	[ "${#lines[@]}" -eq 2 ]
	run oms-order holds --by oms-import
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 1 --partial "address"
}

@test "the same hold twice changes nothing; another reason takes over with an event" {
	oms-order hold -q --reason fraud_review 1 >/dev/null
	before=$(ledger_digest)
	run --separate-stderr oms-order hold --reason fraud_review 1
	assert_success
	assert_line --index 1 --partial "unchanged"
	[ "$(ledger_digest)" = "$before" ]
	run --separate-stderr oms-order hold --reason chargeback --by bob 1
	assert_success
	[ "$(status_of 1)" = "on_hold|chargeback|bob" ]
	[ "$(sql "SELECT detail FROM events WHERE order_id = 1 AND kind = 'hold'")" = "on hold: chargeback (was fraud_review, by ann)" ]
}

@test "release returns each order to where its lines stand" {
	oms-order hold -q --reason check 1 2 3 >/dev/null
	[ "$(sql "SELECT count(*) FROM order_state WHERE status = 'on_hold'")" = 4 ]
	run --separate-stderr oms-order release --note ok 1 2 3 4
	assert_success
	assert_line --index 1 "$(printf '1\tshopify\t#1\ton_hold\tallocated\treleased\t\t')"
	assert_line --index 2 "$(printf '2\tshopify\t#2\ton_hold\tbackordered\treleased\t\t')"
	assert_line --index 3 "$(printf '3\tshopify\t#3\ton_hold\timported\treleased\t\t')"
	assert_line --index 4 "$(printf '4\tshopify\t#4\ton_hold\timported\treleased\t\t')"
	[ "$(status_of 1)" = "allocated||" ]
	[ "$(sql "SELECT detail FROM events WHERE order_id = 4 AND kind = 'status' AND tool = 'oms-order'")" = "on_hold -> imported: hold 'address' released by ann" ]
	# Released orders go on: 3 and 4 are allocated now.
	oms-allocate -q --pending >/dev/null
	[ "$(status_of 3)" = "allocated||" ]
	# Releasing again changes nothing.
	before=$(ledger_digest)
	run --separate-stderr oms-order release 1 2 3 4
	assert_success
	[ "$(ledger_digest)" = "$before" ]
	[[ "$stderr" == *"0 orders released, 4 unchanged"* ]]
}

@test "cancel frees the stock and cancels the lines" {
	run --separate-stderr oms-order cancel --note "customer asked" 1
	assert_success
	assert_line --index 1 "$(printf '1\tshopify\t#1\tallocated\tcancelled\tcancelled\t\t')"
	[ "$(status_of 1)" = "cancelled||" ]
	[ "$(sql "SELECT count(*) FROM reservations WHERE order_id = 1 AND status = 'active'")" = 0 ]
	[ "$(sql "SELECT group_concat(status) FROM order_lines WHERE order_id = 1")" = cancelled ]
	[ "$(sql "SELECT reserved FROM sku_totals WHERE sku = 'A'")" = 0 ]
	[ "$(sql "SELECT detail FROM events WHERE order_id = 1 AND kind = 'released'")" = "2 units released: cancelled by ann" ]
	# The freed stock goes to the next order.
	oms-allocate -q --pending >/dev/null
	[ "$(status_of 3)" = "allocated||" ]
	run --separate-stderr oms-order cancel 1
	assert_success
	assert_line --index 1 --partial "unchanged"
}

@test "orders by their channel's numbers" {
	run --separate-stderr oms-order hold --reason vip --channel shopify '#1' '#3'
	assert_success
	[ "$(status_of 1)" = "on_hold|vip|ann" ]
	[ "$(status_of 3)" = "on_hold|vip|ann" ]
	run --separate-stderr oms-order release --channel shopify '#9'
	assert_failure 3
	assert_equal "$stderr" "$(printf "oms-order: shopify order '#9': not in the ledger\noms-order: nothing changed")"
}

@test "orders from a record stream, one action per order" {
	oms-allocate -q --pending >/dev/null
	# A record per order line, as oms-allocate writes them.
	{ printf 'order\tline\n'; sql "SELECT order_id || char(9) || line_no FROM order_lines WHERE order_id IN (1, 2) ORDER BY 1"; } > lines.tsv
	run --separate-stderr oms-order hold --reason batch < lines.tsv
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	[ "$(status_of 2)" = "on_hold|batch|ann" ]
	# A stream without an order field is refused.
	run --separate-stderr oms-order cancel <<< "$(printf 'sku\nA')"
	assert_failure 3
	[[ "$stderr" == *"stdin:1: missing field 'order' in header"* ]]
}

@test "one bad order changes nothing for the others" {
	before=$(ledger_digest)
	run --separate-stderr oms-order cancel 1 99
	assert_failure 3
	assert_output ""
	assert_equal "$stderr" "$(printf 'oms-order: order 99: not in the ledger\noms-order: nothing changed')"
	[ "$(ledger_digest)" = "$before" ]
	run --separate-stderr oms-order hold --reason x 1 abc
	assert_failure 3
	[[ "$stderr" == *"'abc': not an order key"* ]]
	[ "$(ledger_digest)" = "$before" ]
	printf 'order\n1\nx1\n' > keys.tsv
	run --separate-stderr oms-order release < keys.tsv
	assert_failure 3
	[[ "$stderr" == *"stdin:3: field 'order': not an order key: 'x1'"* ]]
	[ "$(ledger_digest)" = "$before" ]
}

@test "an order past the action is refused with status 6" {
	oms-order cancel -q 1 >/dev/null
	before=$(ledger_digest)
	run --separate-stderr oms-order hold --reason late 2 1
	assert_failure 6
	assert_equal "$stderr" "$(printf 'oms-order: order 1: cannot be held: it is cancelled\noms-order: nothing changed')"
	[ "$(ledger_digest)" = "$before" ]
}

@test "usage errors" {
	run --separate-stderr oms-order
	assert_failure 2
	run --separate-stderr oms-order frobnicate
	assert_failure 2
	[[ "$stderr" == *"unknown command 'frobnicate' (holds, hold, release, cancel)"* ]]
	run --separate-stderr oms-order hold 1
	assert_failure 2
	[[ "$stderr" == *"hold: --reason is required"* ]]
	run --separate-stderr oms-order release --reason x 1
	assert_failure 2
	run --separate-stderr oms-order hold --reason "$(printf 'a\tb')" 1
	assert_failure 2
	[[ "$stderr" == *"--reason: control characters are not allowed"* ]]
	run --separate-stderr oms-order holds 1
	assert_failure 2
	run --separate-stderr oms-order cancel --channel shopify
	assert_failure 2
	run oms-order --help
	assert_success
	assert_line --partial "usage: oms-order holds"
}

@test "a busy ledger is exit 5 and changes nothing" {
	before=$(ledger_digest)
	sqlite3 "$OMS_DB" "BEGIN IMMEDIATE; SELECT 1; " ".shell sleep 2" "COMMIT;" >/dev/null &
	sleep 0.5
	OMS_BUSY_TIMEOUT=100 run --separate-stderr oms-order cancel 1
	wait
	assert_failure 5
	[[ "$stderr" == *"busy"* ]]
	[ "$(ledger_digest)" = "$before" ]
}
