#!/usr/bin/env bats
# oms-allocate: reservations that never oversell.

load helper
load shopify

setup() {
	export OMS_DB="$BATS_TEST_TMPDIR/oms.db"
	export OMS_CONFIG="$BATS_TEST_TMPDIR/oms.yaml"
	export OMS_BUSY_TIMEOUT=20000
	cd "$BATS_TEST_TMPDIR" || return 1
	cat > oms.yaml <<'YAML'
locations:
  - id: WH1
  - id: STORE
    type: store
    channels: [shopify]
safety_stock:
  - {sku: B, location: WH1, quantity: 1}
channel_buffers:
  - {channel: amazon, quantity: 1}
bundles:
  KIT: {A: 2, B: 1}
YAML
}

# stock SKU LOCATION ON_HAND...: a snapshot of the given counts.
stock() {
	printf 'sku\tlocation\ton_hand\n' > snap.tsv
	while [ $# -ge 3 ]; do
		printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> snap.tsv
		shift 3
	done
	oms-stock import -q snap.tsv >/dev/null
}

@test "orders are allocated by order time until the stock runs out" {
	stock A WH1 5
	{ echo "$HDR"; row 1 2 3 A; row 2 1 3 A; row 3 3 1 A; } > o.csv
	oms-import -q o.csv >/dev/null
	run --separate-stderr oms-allocate --pending
	assert_success
	assert_output "$(printf '%s\n' \
	    "order	line	sku	quantity	reserved	backordered	promised	status" \
	    "2	1	A	3	3	0		allocated" \
	    "1	1	A	3	2	1		backordered" \
	    "3	1	A	1	0	1		backordered")"
	[[ "$stderr" == *"3 orders: 1 allocated, 2 backordered"* ]]
	[ "$(sql 'SELECT order_id, status FROM orders JOIN order_state USING (order_id) ORDER BY 1' | tr '\n' ' ')" = '1|backordered 2|allocated 3|backordered ' ]
	run oms-stock show --network
	assert_line "$(printf 'network\tA\t\t5\t5\t0\t0')"
	oms-stock verify
}

@test "a run with nothing new to give changes nothing" {
	stock A WH1 1
	{ echo "$HDR"; row 1 1 2 A; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	before=$(ledger_digest)
	run oms-allocate -q --pending
	assert_success
	assert_line --index 1 "$(printf '1\t1\tA\t2\t1\t1\t\tbackordered')"
	[ "$(ledger_digest)" = "$before" ]
}

@test "orders named on stdin, as oms-import writes them" {
	stock A WH1 10
	{ echo "$HDR"; row 1 1 2 A; row 2 2 2 A; } > o.csv
	run --separate-stderr sh -c 'oms-import -q o.csv | oms-allocate'
	assert_success
	assert_line --index 1 "$(printf '1\t1\tA\t2\t2\t0\t\tallocated')"
	assert_line --index 2 "$(printf '2\t1\tA\t2\t2\t0\t\tallocated')"
}

@test "a bundle reserves its parts, in whole units, against safety stock" {
	# B at WH1: 3 on hand, 1 kept as safety stock: 2 to sell.
	stock A WH1 10 B WH1 3
	{ echo "$HDR"; row 1 1 3 KIT; } > o.csv
	oms-import -q o.csv >/dev/null
	run oms-allocate -q --pending
	assert_success
	assert_line --index 1 "$(printf '1\t1\tKIT\t3\t2\t1\t\tbackordered')"
	[ "$(sql "SELECT sku, sum(quantity) FROM reservations WHERE status = 'active' GROUP BY sku" | tr '\n' ' ')" = 'A|4 B|2 ' ]
	oms-stock verify
}

@test "two bundles sharing a part never oversell it" {
	stock A WH1 5 B WH1 10
	{ echo "$HDR"; row 1 1 1 KIT; row 2 2 1 KIT; row 3 3 1 KIT; } > o.csv
	oms-import -q o.csv >/dev/null
	run oms-allocate -q --pending
	assert_success
	[ "$(sql "SELECT sum(quantity) FROM reservations WHERE sku = 'A' AND status = 'active'")" = 4 ]
	[ "$(sql "SELECT count(*) FROM orders JOIN order_state USING (order_id) WHERE status = 'allocated'")" = 2 ]
	oms-stock verify
}

@test "a location that does not serve the channel is not counted for it" {
	stock A STORE 5
	{ echo "$HDR"; row 1 1 2 A; } > o.csv
	oms-import -q --channel amazon o.csv >/dev/null
	run oms-allocate -q --pending
	assert_line --index 1 "$(printf '1\t1\tA\t2\t0\t2\t\tbackordered')"
	oms-import -q --channel shopify o.csv >/dev/null
	run oms-allocate -q --pending
	assert_line "$(printf '1\t1\tA\t2\t0\t2\t\tbackordered')"
	assert_line "$(printf '2\t1\tA\t2\t2\t0\t\tallocated')"
}

@test "a channel buffer is kept back from that channel" {
	stock A WH1 3
	{ echo "$HDR"; row 1 1 3 A; } > o.csv
	oms-import -q --channel amazon o.csv >/dev/null
	run oms-allocate -q --pending
	assert_line --index 1 "$(printf '1\t1\tA\t3\t2\t1\t\tbackordered')"
}

@test "priority rules go first: express before older standard orders" {
	cat >> oms.yaml <<'YAML'
allocation:
  priority:
    - {ship_method: Express, priority: 10}
YAML
	stock A WH1 2
	{ echo "$HDR"; row 1 1 2 A paid Standard; row 2 5 2 A paid Express; } > o.csv
	oms-import -q o.csv >/dev/null
	run oms-allocate -q --pending
	assert_line --index 1 "$(printf '2\t1\tA\t2\t2\t0\t\tallocated')"
	assert_line --index 2 "$(printf '1\t1\tA\t2\t0\t2\t\tbackordered')"
}

@test "with partial: false an order takes all its lines or nothing" {
	printf 'allocation:\n  partial: false\n' >> oms.yaml
	stock A WH1 5 B WH1 1
	{ echo "$HDR"; row 1 1 2 A; row 1 1 2 B | sed 's/^#1,c1/#1,c1/'; } > o.csv
	oms-import -q o.csv >/dev/null
	run oms-allocate -q --pending
	assert_success
	[ "$(sql "SELECT count(*) FROM reservations")" = 0 ]
	[ "$(sql "SELECT status FROM orders JOIN order_state USING (order_id)")" = backordered ]
}

@test "--backorders allocates waiting orders when stock arrives" {
	stock A WH1 1
	{ echo "$HDR"; row 1 1 3 A; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	printf 'sku\tto\tquantity\treason\nA\tWH1\t5\treceipt\n' > in.tsv
	oms-stock import -q in.tsv >/dev/null
	run oms-allocate -q --backorders
	assert_success
	assert_line --index 1 "$(printf '1\t1\tA\t3\t3\t0\t\tallocated')"
	[ "$(sql "SELECT sum(quantity) FROM reservations WHERE status = 'active'")" = 3 ]
	[ "$(sql "SELECT detail FROM events WHERE kind = 'allocated' ORDER BY event_id DESC LIMIT 1")" = '2 units reserved; 1 line allocated, 0 backordered' ]
}

@test "cancelling an order in a later export releases its stock" {
	stock A WH1 3
	{ echo "$HDR"; row 1 1 3 A; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	{ echo "$HDR"; row 1 1 3 A | sed 's/,CA,,/,CA,2025-06-01 10:00:00 +0000,/'; } > c.csv
	run oms-import -q c.csv
	assert_success
	[ "$(sql 'SELECT status FROM orders JOIN order_state USING (order_id)')" = cancelled ]
	[ "$(sql "SELECT count(*) FROM reservations WHERE status = 'active'")" = 0 ]
	[ "$(sql "SELECT detail FROM events WHERE kind = 'released'")" = '3 units released: the order was cancelled' ]
	run oms-stock show --network
	assert_line "$(printf 'network\tA\t\t3\t0\t0\t3')"
	oms-stock verify
}

@test "a changed quantity gives the line's stock back for a new allocation" {
	stock A WH1 5
	{ echo "$HDR"; row 1 1 2 A; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	{ echo "$HDR"; row 1 1 4 A; } > c.csv
	oms-import -q c.csv >/dev/null
	[ "$(sql 'SELECT status FROM orders JOIN order_state USING (order_id)')" = imported ]
	run oms-allocate -q --pending
	assert_line --index 1 "$(printf '1\t1\tA\t4\t4\t0\t\tallocated')"
	oms-stock verify
}

@test "an order on hold waits; a hold placed after allocation expires" {
	OMS_CHECK_SKIP="the hold is set by hand, without an event"
	stock A WH1 5
	{ echo "$HDR"; row 1 1 2 A pending; row 2 2 2 A; } > o.csv
	oms-import -q o.csv >/dev/null
	run oms-allocate -q --pending
	refute_line --regexp '^1	'
	[ "$(sql 'SELECT status, hold_reason FROM orders JOIN order_state USING (order_id) WHERE order_id = 1')" = 'on_hold|payment' ]
	[ "$(sql "SELECT count(*) FROM reservations WHERE order_id = 1")" = 0 ]
	# An operator holds the allocated order 2 (as oms-route will).
	sql "UPDATE order_state SET status = 'on_hold', hold_reason = 'fraud', held_by = 'operator' WHERE order_id = 2"
	printf 'allocation:\n  expire_after: 1s\n' >> oms.yaml
	sleep 2
	run oms-allocate -q --pending
	assert_success
	[ "$(sql "SELECT detail FROM events WHERE kind = 'released'")" = '2 units released: reserved longer than 1s while on hold' ]
	[ "$(sql "SELECT group_concat(status) FROM order_lines WHERE order_id = 2")" = open ]
	[ "$(sql "SELECT status FROM orders JOIN order_state USING (order_id) WHERE order_id = 2")" = on_hold ]
	oms-stock verify
}

@test "records come out only for batches that committed" {
	stock A WH1 5
	{ echo "$HDR"; row 1 1 2 A; } > o.csv
	oms-import -q o.csv >/dev/null
	before=$(ledger_digest)
	run --separate-stderr sh -c 'printf "order\n1\nx\n" | oms-allocate'
	assert_failure 3
	[ "$output" = "$(printf 'order\tline\tsku\tquantity\treserved\tbackordered\tpromised\tstatus')" ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "a line the channel cancels gives its stock back" {
	stock A WH1 5 B WH1 5
	{ echo "$HDR"; row 1 1 2 A; row 1 1 1 B; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	cat > lines.yaml <<'YAML'
name: lines
currency: EUR
order:
  number: Name
line:
  sku: Lineitem sku
  quantity: Lineitem quantity
  unit_price: Lineitem price
  status:
    - {column: Lineitem name, equals: gone, status: cancelled}
YAML
	{ echo "$HDR"; row 1 1 2 A; row 1 1 1 B | sed 's/,1,B,1.00,/,1,gone,1.00,/'; } > c.csv
	oms-import -q -p lines.yaml --channel shopify c.csv >/dev/null
	[ "$(sql "SELECT sku, sum(quantity) FROM reservations WHERE status = 'active' GROUP BY sku")" = 'A|2' ]
	# The profile has no title column: the titles stay.
	[ "$(sql "SELECT group_concat(title) FROM order_lines")" = 'A,B' ]
	[ "$(sql "SELECT detail FROM events WHERE kind = 'released'")" = 'line 2: 1 unit released: the channel cancelled the line' ]
	oms-stock verify
}

@test "the summary counts the units this run reserved" {
	stock A WH1 5
	{ echo "$HDR"; row 1 1 1 A; } > o.csv
	oms-import -q o.csv >/dev/null
	run --separate-stderr oms-allocate --pending
	[[ "$stderr" == *"1 order: 1 allocated, 0 backordered; 1 unit newly reserved"* ]]
}

@test "bad input: an unknown order key on stdin, a missing order field" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	run --separate-stderr sh -c 'printf "order\nx1\n" | oms-allocate'
	assert_failure 3
	[ "$stderr" = "oms-allocate: stdin:2: field 'order': not an order key: 'x1'" ]
	run --separate-stderr sh -c 'printf "sku\nA\n" | oms-allocate'
	assert_failure 3
	[ "$stderr" = "oms-allocate: stdin:1: missing field 'order' in header" ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "bad input: a bundle loop in oms.yaml is refused before anything runs" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	printf 'bundles:\n  X: {Y: 1}\n  Y: {X: 2}\n' > loop.yaml
	run --separate-stderr oms-allocate --config loop.yaml --pending
	assert_failure 2
	[[ "$stderr" == "oms-allocate: loop.yaml:"*"bundle loop: "* ]]
	[ "$(ledger_digest)" = "$before" ]
}

@test "preorders: stock to come is promised, with its date; arrival hands it on" {
	printf 'allocation:\n  preorder: true\n' >> oms.yaml
	stock A WH1 2
	printf 'reference\tsku\tlocation\tquantity\texpected_at\nPO-1\tA\tWH1\t3\t2026-12-05\nPO-2\tA\t\t10\t2026-12-20\n' > po.tsv
	oms-stock import -q po.tsv >/dev/null
	{ echo "$HDR"; row 1 1 4 A; row 2 2 3 A; } > o.csv
	oms-import -q o.csv >/dev/null
	run oms-allocate -q --pending
	assert_success
	assert_line --index 1 "$(printf '1\t1\tA\t4\t2\t2\t2026-12-05T00:00:00Z\tbackordered')"
	assert_line --index 2 "$(printf '2\t1\tA\t3\t0\t3\t2026-12-20T00:00:00Z\tbackordered')"
	[ "$(sql "SELECT reference, promised FROM expected_receipts ORDER BY 1" | tr '\n' ' ')" = 'PO-1|3 PO-2|2 ' ]
	oms-stock verify
	# Nothing new: nothing changes.
	before=$(ledger_digest)
	oms-allocate -q --pending >/dev/null
	[ "$(ledger_digest)" = "$before" ]
	# PO-1 arrives: its promises end, and the oldest order gets the stock.
	printf 'sku\tto\tquantity\treason\treference\nA\tWH1\t3\treceipt\tPO-1\n' > in.tsv
	oms-stock import -q in.tsv >/dev/null
	[ "$(sql "SELECT count(*) FROM events WHERE detail LIKE '%promised on PO-1 released: the stock arrived'")" = 2 ]
	run oms-allocate -q --backorders
	assert_line --index 1 "$(printf '1\t1\tA\t4\t4\t0\t\tallocated')"
	assert_line --index 2 "$(printf '2\t1\tA\t3\t1\t2\t2026-12-20T00:00:00Z\tbackordered')"
	oms-stock verify
	# Cancelling gives the promise back to its purchase order.
	{ echo "$HDR"; row 2 2 3 A | sed 's/,CA,,/,CA,2025-06-01 10:00:00 +0000,/'; } > c.csv
	oms-import -q c.csv >/dev/null
	[ "$(sql "SELECT promised FROM expected_receipts WHERE reference = 'PO-2'")" = 0 ]
	oms-stock verify
}

@test "preorders: a line promised only in part keeps its promise; a run with nothing new changes nothing" {
	printf 'allocation:\n  preorder: true\n' >> oms.yaml
	stock A WH1 1
	printf 'reference\tsku\tlocation\tquantity\texpected_at\nPO-1\tA\tWH1\t2\t2026-12-05\n' > po.tsv
	oms-stock import -q po.tsv >/dev/null
	{ echo "$HDR"; row 1 1 5 A; } > o.csv
	oms-import -q o.csv >/dev/null
	run oms-allocate -q --pending
	assert_line --index 1 "$(printf '1\t1\tA\t5\t1\t4\t2026-12-05T00:00:00Z\tbackordered')"
	# 1 reserved, 2 promised, 2 still short: a second run finds nothing
	# new and must not give the promise back to make it again.
	before=$(ledger_digest)
	oms-allocate -q --pending >/dev/null
	oms-allocate -q --backorders >/dev/null
	[ "$(ledger_digest)" = "$before" ]
	[ "$(sql "SELECT count(*) FROM reservations WHERE receipt_id IS NOT NULL")" = 1 ]
	# More to come: the line adds to its promise, keeping the first.
	printf 'reference\tsku\tlocation\tquantity\texpected_at\nPO-2\tA\tWH1\t5\t2026-12-20\n' > po2.tsv
	oms-stock import -q po2.tsv >/dev/null
	run oms-allocate -q --backorders
	assert_line --index 1 "$(printf '1\t1\tA\t5\t1\t4\t2026-12-20T00:00:00Z\tbackordered')"
	[ "$(sql "SELECT group_concat(e.reference || ':' || r.quantity || ':' || r.status, ' ') FROM reservations r JOIN expected_receipts e USING (receipt_id) ORDER BY r.reservation_id")" = 'PO-1:2:active PO-2:2:active' ]
	oms-stock verify
}

@test "preorders: a partial delivery ends only the oldest promises it covers" {
	printf 'allocation:\n  preorder: true\n' >> oms.yaml
	stock A WH1 0
	printf 'reference\tsku\tlocation\tquantity\texpected_at\nPO-1\tA\tWH1\t10\t2026-12-05\n' > po.tsv
	oms-stock import -q po.tsv >/dev/null
	{ echo "$HDR"; row 1 1 4 A; row 2 2 4 A; row 3 3 2 A; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	[ "$(sql "SELECT promised FROM expected_receipts")" = 10 ]
	# Half comes: orders 1 and 2 take it; order 3 keeps its promise.
	printf 'sku\tto\tquantity\treason\treference\nA\tWH1\t5\treceipt\tPO-1\n' > in.tsv
	oms-stock import -q in.tsv >/dev/null
	[ "$(sql "SELECT order_id FROM events WHERE detail LIKE '%released: the stock arrived' ORDER BY 1" | tr '\n' ' ')" = '1 2 ' ]
	[ "$(sql "SELECT received, promised FROM expected_receipts")" = '5|2' ]
	run oms-allocate -q --backorders
	assert_success
	assert_line "$(printf '1\t1\tA\t4\t4\t0\t\tallocated')"
	assert_line "$(printf '2\t1\tA\t4\t1\t3\t2026-12-05T00:00:00Z\tbackordered')"
	[ "$(sql "SELECT promised FROM expected_receipts")" = 5 ]
	oms-stock verify
	# The rest comes: every promise ends.
	printf 'sku\tto\tquantity\treason\treference\tid\nA\tWH1\t5\treceipt\tPO-1\tdelivery-2\n' > in2.tsv
	oms-stock import -q in2.tsv >/dev/null
	[ "$(sql "SELECT received, promised FROM expected_receipts")" = '10|0' ]
	run oms-allocate -q --backorders
	assert_line "$(printf '2\t1\tA\t4\t4\t0\t\tallocated')"
	assert_line "$(printf '3\t1\tA\t2\t2\t0\t\tallocated')"
	oms-stock verify
}

@test "preorders: a purchase order cut below its promises gives back the newest" {
	printf 'allocation:\n  preorder: true\n' >> oms.yaml
	stock A WH1 0
	printf 'reference\tsku\tlocation\tquantity\texpected_at\nPO-1\tA\tWH1\t10\t2026-12-05\nPO-2\tA\tWH1\t10\t2026-12-20\n' > po.tsv
	oms-stock import -q po.tsv >/dev/null
	{ echo "$HDR"; row 1 1 4 A; row 2 2 4 A; row 3 3 2 A; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	[ "$(sql "SELECT promised FROM expected_receipts WHERE reference = 'PO-1'")" = 10 ]
	# The supplier can send only 5: order 3, then order 2, lose theirs.
	sed -i '2s/\t10\t/\t5\t/' po.tsv
	oms-stock import -q po.tsv >/dev/null
	[ "$(sql "SELECT order_id || ': ' || detail FROM events WHERE detail LIKE '%was cut' ORDER BY event_id" | tr '\n' ';')" = '3: line 1: 2 units promised on PO-1 released: the purchase order was cut;2: line 1: 4 units promised on PO-1 released: the purchase order was cut;' ]
	[ "$(sql "SELECT promised FROM expected_receipts WHERE reference = 'PO-1'")" = 4 ]
	oms-stock verify
	# The next run promises them afresh: what PO-1 still has, then PO-2.
	run oms-allocate -q --backorders
	assert_line "$(printf '2\t1\tA\t4\t0\t4\t2026-12-20T00:00:00Z\tbackordered')"
	[ "$(sql "SELECT reference, promised FROM expected_receipts ORDER BY 1" | tr '\n' ' ')" = 'PO-1|5 PO-2|5 ' ]
	oms-stock verify
}

@test "verify catches a receipt promised beyond what is still to come" {
	OMS_CHECK_SKIP="the test tampers with the ledger"
	printf 'allocation:\n  preorder: true\n' >> oms.yaml
	stock A WH1 0
	printf 'reference\tsku\tlocation\tquantity\texpected_at\nPO-1\tA\tWH1\t10\t2026-12-05\n' > po.tsv
	oms-stock import -q po.tsv >/dev/null
	{ echo "$HDR"; row 1 1 4 A; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	sql "UPDATE expected_receipts SET quantity = 3"
	run --separate-stderr oms-stock verify
	assert_failure 7
	[[ "$stderr" == *"a receipt is promised beyond what is still to come (oversold): PO-1 A at WH1 (4, not 3)"* ]]
}

@test "a busy ledger: exit 5, nothing reserved" {
	stock A WH1 5
	{ echo "$HDR"; row 1 1 2 A; } > o.csv
	oms-import -q o.csv >/dev/null
	before=$(ledger_digest)
	( echo 'BEGIN IMMEDIATE;'; sleep 2; echo 'COMMIT;' ) | sqlite3 "$OMS_DB" &
	sleep 0.5
	OMS_BUSY_TIMEOUT=200 run --separate-stderr oms-allocate --pending
	wait
	assert_failure 5
	[ "$(ledger_digest)" = "$before" ]
}

# Many writers at once: importers, stock receipts and allocators on one
# ledger with scarce stock.  Nothing may be oversold, every line ends
# reserved or backordered, and no order or event may be lost.
@test "concurrent importers, stock updates and allocators never oversell" {
	skus=20
	printf 'sku\tlocation\ton_hand\n' > snap.tsv
	for i in $(seq 1 $skus); do printf 'S%d\tWH1\t40\n' "$i" >> snap.tsv; done
	oms-stock import -q snap.tsv >/dev/null
	for f in 1 2 3; do
		awk -v f=$f -v skus=$skus -v hdr="$HDR" 'BEGIN {
			srand(f); print hdr
			for (o = 1; o <= 700; o++) {
				n = 1 + int(rand() * 3)
				for (l = 0; l < n; l++)
					printf "#%d-%d,c%d@example.com,paid,unfulfilled,EUR,2025-05-%02d 10:%02d:00 +0000,%d,x,1.00,S%d,true,Ann,1 Main St,Ottawa,K2P 2L8,CA,,Standard\n", \
					    f, o, o, 1 + o % 28, o % 60, 1 + int(rand() * 3), 1 + int(rand() * skus)
			}
		}' > o$f.csv
	done
	for i in 1 2 3; do
		printf 'sku\tto\tquantity\treason\treference\n' > r$i.tsv
		for s in $(seq 1 $skus); do printf 'S%d\tWH1\t5\treceipt\tPO-%d\n' "$s" "$i" >> r$i.tsv; done
	done
	pids=
	for f in 1 2 3; do oms-import -q --channel "ch$f" o$f.csv > /dev/null 2> imp$f.err & pids="$pids $!"; done
	for i in 1 2 3; do ( sleep 0.$i; oms-stock import -q r$i.tsv > /dev/null ) 2> stock$i.err & pids="$pids $!"; done
	for a in 1 2 3 4; do ( for k in 1 2 3; do oms-allocate -q --pending --batch 100 > /dev/null || exit 1; done ) 2> alloc$a.err & pids="$pids $!"; done
	for p in $pids; do
		wait "$p" || { cat ./*.err; false; }
	done
	oms-allocate -q --pending > /dev/null
	# Nothing oversold, and the sums agree with their parts.
	run oms-stock verify
	assert_success
	[ "$(sql 'SELECT count(*) FROM orders')" = 2100 ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'imported'")" = 2100 ]
	[ "$(sql 'SELECT sum(on_hand) FROM sku_totals')" = $((skus * 55)) ]
	# Every line is reserved in full or backordered; none left open.
	[ "$(sql "SELECT count(*) FROM order_lines WHERE status NOT IN ('allocated', 'backordered')")" = 0 ]
	[ "$(sql "SELECT count(*) FROM order_lines l WHERE status = 'allocated' AND quantity <> (SELECT coalesce(sum(quantity), 0) FROM reservations r WHERE r.order_id = l.order_id AND r.line_no = l.line_no AND r.status = 'active')")" = 0 ]
	# Scarce: every unit is promised, and some lines wait.
	[ "$(sql 'SELECT sum(reserved) FROM sku_totals')" = $((skus * 55)) ]
	[ "$(sql "SELECT count(*) FROM order_lines WHERE status = 'backordered'")" -gt 0 ]
}

@test "when the channel cancels the only short line, the order is allocated" {
	stock A WH1 5
	{ echo "$HDR"; row 1 1 2 A; row 1 1 1 B; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	[ "$(sql 'SELECT status FROM orders JOIN order_state USING (order_id)')" = backordered ]
	cat > lines.yaml <<'YAML'
name: lines
currency: EUR
order:
  number: Name
line:
  sku: Lineitem sku
  quantity: Lineitem quantity
  unit_price: Lineitem price
  status:
    - {column: Lineitem name, equals: gone, status: cancelled}
YAML
	{ echo "$HDR"; row 1 1 2 A; row 1 1 1 B | sed 's/,1,B,1.00,/,1,gone,1.00,/'; } > c.csv
	oms-import -q -p lines.yaml --channel shopify c.csv >/dev/null
	[ "$(sql 'SELECT status FROM orders JOIN order_state USING (order_id)')" = allocated ]
	[ "$(sql "SELECT detail FROM events WHERE kind = 'status'")" = 'backordered -> allocated' ]
}

@test "an allocated order whose export says open again keeps its stock" {
	stock A WH1 5
	{ echo "$HDR"; row 1 1 2 A; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	# A later export that changes nothing for the lines.
	{ echo "$HDR"; row 1 1 2 A | sed 's/Ann/Anne/'; } > c.csv
	oms-import -q c.csv >/dev/null
	[ "$(sql 'SELECT status FROM orders JOIN order_state USING (order_id)')" = allocated ]
	[ "$(sql 'SELECT status FROM order_lines')" = allocated ]
	run oms-allocate -q --pending
	refute_line --regexp '^1	'
	[ "$(sql "SELECT sum(quantity) FROM reservations WHERE status = 'active'")" = 2 ]
}

@test "feed: what a channel may sell, only what changed since the last feed" {
	stock A WH1 5 B WH1 3
	run oms-stock feed --channel amazon
	assert_success
	assert_output "$(printf '%s\n' 'channel	sku	quantity' 'amazon	A	4' 'amazon	B	1' 'amazon	KIT	1')"
	run oms-stock feed --channel amazon
	assert_output 'channel	sku	quantity'
	printf 'sku\tto\tquantity\treason\nA\tWH1\t4\treceipt\n' > in.tsv
	oms-stock import -q in.tsv >/dev/null
	run oms-stock feed --channel amazon
	assert_output "$(printf '%s\n' 'channel	sku	quantity' 'amazon	A	8')"
	run oms-stock feed --channel amazon --all -f amazon
	assert_line --index 0 "$(printf 'sku\tprice\tminimum-seller-allowed-price\tmaximum-seller-allowed-price\tquantity\thandling-time\tfulfillment-channel')"
	assert_line --index 1 "$(printf 'A\t\t\t\t8\t\t')"
	run oms-stock feed --channel shopify --all -f shopify --location-name 'Main store'
	assert_line --index 1 ',,,,,,,,A,,,Main store,,,,9,'
}

@test "feed: a reservation changes the figure; --changed-since and -n" {
	stock A WH1 5
	oms-stock feed -q --channel shopify >/dev/null
	{ echo "$HDR"; row 1 1 2 A; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	before=$(ledger_digest)
	run oms-stock feed -n --channel shopify
	assert_output "$(printf '%s\n' 'channel	sku	quantity' 'shopify	A	3')"
	[ "$(ledger_digest)" = "$before" ]
	run oms-stock feed --channel shopify --changed-since 2000-01-01
	assert_line 'shopify	A	3'
	run oms-stock feed --channel shopify --changed-since 2999-01-01
	assert_output 'channel	sku	quantity'
	run --separate-stderr oms-stock feed --channel shopify --changed-since soon
	assert_failure 2
	[[ "$stderr" == *"--changed-since: not a date: 'soon'"* ]]
}

@test "an allocation killed mid-run leaves whole batches; a re-run ends where an unbroken run does" {
	printf 'sku\tlocation\ton_hand\n' > snap.tsv
	for i in $(seq 1 30); do printf 'S%d\tWH1\t25\n' "$i" >> snap.tsv; done
	awk -v hdr="$HDR" 'BEGIN {
		srand(7); print hdr
		for (o = 1; o <= 3000; o++) {
			n = 1 + int(rand() * 3)
			for (l = 0; l < n; l++)
				printf "#%d,c%d@example.com,paid,unfulfilled,EUR,2025-05-%02d 10:%02d:00 +0000,%d,x,1.00,S%d,true,Ann,1 Main St,Ottawa,K2P 2L8,CA,,Standard\n", \
				    o, o, 1 + o % 28, o % 60, 1 + int(rand() * 3), 1 + int(rand() * 30)
		}
	}' > o.csv
	oms-stock import -q snap.tsv >/dev/null
	oms-import -q o.csv >/dev/null
	cp "$OMS_DB" fresh.db
	# The run to compare with.
	oms-allocate -q --pending --batch 50 --db fresh.db >/dev/null
	want=$(sqlite3 fresh.db "SELECT order_id, line_no, sku, sum(quantity) FROM reservations WHERE status = 'active' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3" | sha256sum)
	# Killed at a few instants, then run to the end.
	for delay in 0.05 0.15 0.3; do
		oms-allocate -q --pending --batch 50 >/dev/null 2>&1 &
		pid=$!
		sleep "$delay"
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		[ "$(sql 'PRAGMA integrity_check')" = ok ]
		oms-stock verify
	done
	oms-allocate -q --pending --batch 50 >/dev/null
	oms-stock verify
	got=$(sql "SELECT order_id, line_no, sku, sum(quantity) FROM reservations WHERE status = 'active' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3" | sha256sum)
	[ "$got" = "$want" ]
	[ "$(sql "SELECT count(*) FROM order_lines WHERE status = 'open'")" = 0 ]
}

@test "a line added to an allocated order waits for stock; it is never called allocated unreserved" {
	# B: 2 on hand, 1 kept as safety stock: 1 to sell.
	stock A WH1 5 B WH1 2
	{ echo "$HDR"; row 1 1 1 A; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	{ echo "$HDR"; row 1 1 1 A; row 1 1 3 B; } > o2.csv
	oms-import -q o2.csv >/dev/null
	[ "$(sql "SELECT line_no, status FROM order_lines WHERE line_no = 2")" = '2|open' ]
	[ "$(sql 'SELECT status FROM orders JOIN order_state USING (order_id)')" = backordered ]
	{ echo "$HDR"; row 2 2 1 B; } > o3.csv
	oms-import -q o3.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	oms-stock verify
	[ "$(sql "SELECT sum(quantity) FROM reservations WHERE sku = 'B' AND status = 'active'")" = 1 ]
}

@test "an order the channel ships gives back what oms held for it" {
	stock A WH1 5
	{ echo "$HDR"; row 1 1 2 A; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	{ echo "$HDR"; row 1 1 2 A | sed 's/,unfulfilled,/,fulfilled,/'; } > s.csv
	oms-import -q s.csv >/dev/null
	[ "$(sql 'SELECT status FROM orders JOIN order_state USING (order_id)')" = shipped ]
	[ "$(sql "SELECT count(*) FROM reservations WHERE status = 'active'")" = 0 ]
	[ "$(sql "SELECT detail FROM events WHERE kind = 'released'")" = '2 units released: the channel fulfilled the order' ]
	oms-stock verify
}

@test "verify catches an open line that holds reservations" {
	OMS_CHECK_SKIP="the test tampers with the ledger"
	stock A WH1 5
	{ echo "$HDR"; row 1 1 2 A; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	sql "UPDATE order_lines SET status = 'open'"
	run --separate-stderr oms-stock verify
	assert_failure 7
	[[ "$stderr" == *"an open line holds reservations (it would be reserved twice): 1 line 1 (2, not 0)"* ]]
}

@test "a partly shipped order frees only the lines the channel shipped" {
	stock A WH1 5 B WH1 5
	H="$HDR,Lineitem fulfillment status"
	{ echo "$H"; row 1 1 2 A | sed 's/$/,pending/'; row 1 1 3 B | sed 's/$/,pending/'; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	[ "$(sql "SELECT sum(quantity) FROM reservations WHERE status = 'active'")" = 5 ]
	{ echo "$H"; row 1 1 2 A | sed 's/,unfulfilled,/,partial,/; s/$/,fulfilled/'
	  row 1 1 3 B | sed 's/,unfulfilled,/,partial,/; s/$/,pending/'; } > p.csv
	oms-import -q p.csv >/dev/null
	[ "$(sql 'SELECT status FROM orders JOIN order_state USING (order_id)')" = partially_shipped ]
	[ "$(sql 'SELECT line_no, status FROM order_lines ORDER BY 1' | tr '\n' ' ')" = '1|shipped 2|allocated ' ]
	[ "$(sql "SELECT sku, sum(quantity) FROM reservations WHERE status = 'active' GROUP BY 1")" = 'B|3' ]
	[ "$(sql "SELECT detail FROM events WHERE kind = 'released'")" = 'line 1: 2 units released: the channel fulfilled the line' ]
	oms-stock verify
}

@test "a held line that changes as the order ships follows the order, not back to open" {
	stock A WH1 5
	{ echo "$HDR"; row 1 1 2 A; } > o.csv
	oms-import -q o.csv >/dev/null
	oms-allocate -q --pending >/dev/null
	{ echo "$HDR"; row 1 1 3 A | sed 's/,unfulfilled,/,fulfilled,/'; } > s.csv
	oms-import -q s.csv >/dev/null
	[ "$(sql 'SELECT status FROM orders JOIN order_state USING (order_id)')" = shipped ]
	[ "$(sql 'SELECT quantity, status FROM order_lines')" = '3|shipped' ]
	[ "$(sql "SELECT count(*) FROM reservations WHERE status = 'active'")" = 0 ]
	oms-stock verify
}
