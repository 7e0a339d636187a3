#!/usr/bin/env bats
# oms-import: capture, normalise, validate, update, reject, atomicity.

load helper

SNOW="$FIXTURES/shopify/orders_export_devstore_snowboards.csv"

# A small Shopify-layout export: the columns the shopify profile maps.
HDR='Name,Email,Financial Status,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem requires shipping,Shipping Name,Shipping Address1,Shipping City,Shipping Zip,Shipping Country,Cancelled at,Notes'
A1='#1,ann@example.com,paid,unfulfilled,EUR,25.00,5.00,0.00,30.00,0.00,2025-05-11 09:55:16 -0400,2,Board,10.00,SKU-1,true,Ann,1 Main St,Ottawa,K2P 2L8,CA,,'
A2='#1,ann@example.com,,,,,,,,,2025-05-11 09:55:16 -0400,1,Wax,5.00,SKU-2,true,,,,,,,'
B1='#2,bob@example.com,paid,unfulfilled,EUR,7.50,0.00,0.00,7.50,0.00,2025-05-12 10:00:00 +0000,3,Sticker,2.50,SKU-3,true,Bob,2 High St,London,SW1A 1AA,United Kingdom,,'

# orders FILE ROW...: write an export with the header and the rows.
orders() {
	local f=$1
	shift
	printf '%s\n' "$HDR" "$@" > "$f"
}

@test "imports the Shopify fixture: 19 orders, 40 lines, one record each" {
	run --separate-stderr oms-import "$SNOW"
	assert_success
	[ "${lines[0]}" = "$(printf 'order\tchannel\tchannel_order\tstatus\tlines\tunits\ttotal\tcurrency\taction\tnote')" ]
	[ "${#lines[@]}" -eq 20 ]
	[ "$(sql 'SELECT count(*) FROM orders')" = 19 ]
	[ "$(sql 'SELECT count(*) FROM order_lines')" = 40 ]
	[ "$(printf '%s\n' "$output" | field action | sort -u)" = new ]
	[[ "$stderr" == *"40 rows, 19 orders: 19 new, 0 updated, 0 unchanged, 0 rejected"* ]]
}

@test "money is held in minor units, time in UTC, countries as ISO codes" {
	oms-import -q "$SNOW" >/dev/null
	run sql "SELECT total, currency, placed_at, ship_country, ship_postal_code FROM orders WHERE channel_order_no = '#1005'"
	assert_output '163555|EUR|2025-05-12T19:07:54Z|CA|K2P 2L8'
	run sql "SELECT line_no, sku, quantity, unit_price FROM order_lines l JOIN orders o USING (order_id) WHERE channel_order_no = '#1006' ORDER BY line_no"
	assert_line --index 1 '2|sku-untracked-1|1|94995'
}

@test "a line without a SKU falls back to its name" {
	oms-import -q "$SNOW" >/dev/null
	run sql "SELECT sku FROM order_lines l JOIN orders o USING (order_id) WHERE channel_order_no = '#1001' AND line_no = 1"
	assert_output 'Gift Card - $10'
}

@test "channel statuses map onto the lifecycle; lines follow" {
	oms-import -q "$SNOW" >/dev/null
	run sql "SELECT channel_order_no, status FROM orders JOIN order_state USING (order_id) WHERE channel_order_no IN ('#1001', '#1011', '#1017') ORDER BY 1"
	assert_output "$(printf '#1001|shipped\n#1011|partially_shipped\n#1017|imported')"
	[ "$(sql "SELECT group_concat(DISTINCT l.status) FROM order_lines l JOIN orders o USING (order_id) WHERE channel_order_no = '#1001'")" = shipped ]
}

@test "an order that needs shipping but has no address is held: address" {
	oms-import -q "$SNOW" >/dev/null
	run sql "SELECT status, hold_reason FROM orders JOIN order_state USING (order_id) WHERE channel_order_no = '#1019'"
	assert_output 'on_hold|address'
	run sql "SELECT kind, detail FROM events JOIN orders USING (order_id) WHERE channel_order_no = '#1019' ORDER BY event_id"
	assert_output "$(printf 'imported|imported as on_hold with 4 lines\nhold|on hold: address')"
}

@test "the same file twice changes nothing and says unchanged" {
	oms-import -q "$SNOW" >/dev/null
	before=$(ledger_digest)
	events=$(sql 'SELECT count(*) FROM events')
	run oms-import -q "$SNOW"
	assert_success
	[ "$(printf '%s\n' "$output" | field action | sort -u)" = unchanged ]
	[ "$(sql 'SELECT count(*) FROM events')" = "$events" ]
	[ "$(sql 'SELECT count(*) FROM orders')" = 19 ]
	[ "$(sql 'SELECT count(*) FROM imports')" = 2 ]
}

@test "standard input is read with no file or with -" {
	run oms-import -q < "$SNOW"
	assert_success
	run oms-import -q - < "$SNOW"
	assert_success
	[ "$(printf '%s\n' "$output" | field action | sort -u)" = unchanged ]
	[ "$(sql 'SELECT source FROM imports LIMIT 1')" = stdin ]
}

@test "a cancelled order in a later export is updated with an event" {
	orders v1.csv "$A1" "$A2" "$B1"
	oms-import -q v1.csv >/dev/null
	orders v2.csv "${A1/,,/,2025-05-13 08:00:00 -0400,}" "$A2" "$B1"
	run oms-import -q v2.csv
	assert_success
	assert_line --index 1 "$(printf '1\tshopify\t#1\tcancelled\t2\t3\t3000\tEUR\tupdated\t')"
	assert_line --index 2 --partial 'unchanged'
	[ "$(sql "SELECT group_concat(status) FROM order_lines WHERE order_id = 1")" = 'cancelled,cancelled' ]
	[ "$(sql "SELECT detail FROM events WHERE order_id = 1 AND kind = 'status'")" = 'imported -> cancelled' ]
}

@test "a corrected address releases the address hold" {
	orders v1.csv "${B1/2 High St/}"
	oms-import -q v1.csv >/dev/null
	[ "$(sql 'SELECT status, hold_reason FROM orders JOIN order_state USING (order_id)')" = 'on_hold|address' ]
	orders v2.csv "$B1"
	run oms-import -q v2.csv
	assert_success
	[ "$(sql 'SELECT status, hold_reason FROM orders JOIN order_state USING (order_id)')" = 'imported|' ]
	run sql "SELECT kind, detail FROM events WHERE kind IN ('changed', 'status') ORDER BY event_id"
	assert_output "$(printf "changed|ship_to.address1: '' -> '2 High St'\nstatus|on_hold -> imported")"
}

@test "a changed quantity updates the line; a line gone from the export is cancelled" {
	orders v1.csv "$A1" "$A2"
	oms-import -q v1.csv >/dev/null
	orders v2.csv "${A1/,2,Board,/,3,Board,}"
	run oms-import -q v2.csv
	assert_success
	run sql 'SELECT line_no, quantity, status FROM order_lines ORDER BY line_no'
	assert_output "$(printf '1|3|open\n2|1|cancelled')"
	run sql "SELECT line_no, kind, detail FROM events WHERE kind LIKE 'line%' ORDER BY event_id"
	assert_output "$(printf "1|line_changed|quantity: '2' -> '3'\n2|line_removed|no longer in the channel's export")"
}

@test "a channel status the lifecycle refuses is kept out and recorded" {
	orders v1.csv "${A1/unfulfilled/fulfilled}" "$A2"
	oms-import -q v1.csv >/dev/null
	[ "$(sql 'SELECT status FROM orders JOIN order_state USING (order_id)')" = shipped ]
	orders v2.csv "$(echo "${A1/unfulfilled/fulfilled}" | sed 's/,CA,,/,CA,2025-06-01 10:00:00 +0000,/')" "$A2"
	run --separate-stderr oms-import -q v2.csv
	assert_success
	[ "$(sql 'SELECT status FROM orders JOIN order_state USING (order_id)')" = shipped ]
	[ "$(sql "SELECT detail FROM events WHERE kind = 'channel_conflict'")" = 'channel says cancelled, order is shipped' ]
	[[ "$output" == *"conflict:cancelled"* ]]
	[[ "$stderr" == *"v2.csv:2: order '#1': channel status ignored"* ]]
}

@test "--channel keeps two stores' order numbers apart" {
	orders a.csv "$B1"
	oms-import -q --channel store-a a.csv >/dev/null
	run oms-import -q --channel store-b a.csv
	assert_success
	assert_line --index 1 --partial "$(printf 'store-b\t#2')"
	assert_line --index 1 --partial new
	[ "$(sql 'SELECT count(*) FROM orders')" = 2 ]
	[ "$(sql 'SELECT group_concat(name) FROM channels ORDER BY 1')" = 'store-a,store-b' ]
}

@test "a stated total that the lines do not add up to is flagged, not fixed" {
	orders a.csv "${B1/7.50,0.00,0.00,7.50/7.50,0.00,0.00,8.00}"
	run --separate-stderr oms-import -q a.csv
	assert_success
	assert_line --index 1 --partial total_mismatch
	[ "$(sql 'SELECT total, total_mismatch FROM orders')" = '800|50' ]
	[ "$(sql "SELECT detail FROM events WHERE kind = 'total_mismatch'")" = 'stated total 8.00 EUR differs from lines, shipping and tax by +0.50' ]
}

@test "-o csv and -o jsonl" {
	orders a.csv "$B1"
	run oms-import -q --dry-run -o csv a.csv
	assert_line --index 0 'order,channel,channel_order,status,lines,units,total,currency,action,note'
	assert_line --index 1 ',shopify,#2,imported,1,3,750,EUR,new,'
	oms-import -q a.csv >/dev/null
	run oms-import -q --dry-run -o csv a.csv
	assert_line --index 1 '1,shopify,#2,imported,1,3,750,EUR,unchanged,'
	run oms-import -q --dry-run -o jsonl a.csv
	assert_output '{"order":1,"channel":"shopify","channel_order":"#2","status":"imported","lines":1,"units":3,"total":750,"currency":"EUR","action":"unchanged","note":""}'
}

# Bad input: a clear message, a non-zero status, the ledger unchanged.

@test "bad number: the order is rejected whole, the rest imported, status 1" {
	oms init 2>/dev/null
	orders a.csv "$A1" "${A2/,1,Wax,/,x,Wax,}" "$B1"
	run --separate-stderr oms-import -q a.csv
	assert_failure 1
	[ "$stderr" = "oms-import: a.csv:3: field 'quantity': not a number: 'x'" ]
	assert_line --index 1 "$(printf '\tshopify\t#1\t\t\t\t\t\trejected\tline 3: field '"'"'quantity'"'"': not a number: '"'"'x'"'"'')"
	[ "$(sql 'SELECT group_concat(channel_order_no) FROM orders')" = '#2' ]
	[ "$(sql 'SELECT count(*) FROM order_lines')" = 1 ]
}

@test "bad inputs name file, line and field" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	check() {
		orders bad.csv "$1"
		run --separate-stderr oms-import -q bad.csv
		assert_failure 3
		[ "$stderr" = "oms-import: bad.csv:2: $2" ] || {
			echo "got: $stderr"; echo "want: $2"; return 1; }
		[ "$(ledger_digest)" != "" ]
	}
	check "${B1/,3,Sticker,/,-2,Sticker,}" "field 'quantity': must be greater than 0: '-2'"
	check "${B1/,3,Sticker,/,1.5,Sticker,}" "field 'quantity': not a whole number: '1.5'"
	check "${B1/,2.50,/,2.5.0,}" "field 'unit_price': not a number: '2.5.0'"
	check "${B1/,2.50,/,-2.50,}" "field 'unit_price': must not be negative"
	check "${B1/,2.50,/,2.505,}" "field 'unit_price': more than 2 decimal places: '2.505'"
	check "${B1/2025-05-12 10:00:00 +0000/2025-13-12 10:00:00 +0000}" "field 'placed_at': no such date: '2025-13-12 10:00:00 +0000' (expected %Y-%m-%d %H:%M:%S %z)"
	check "${B1/2025-05-12 10:00:00 +0000/yesterday}" "field 'placed_at': not a date: 'yesterday' (expected %Y-%m-%d %H:%M:%S %z)"
	check "${B1/Sticker,2.50,SKU-3/,2.50,}" "field 'sku': empty"
	check "${B1/EUR/XYZ}" "field 'currency': unknown currency: 'XYZ'"
	check "${B1/United Kingdom/Narnia}" "field 'ship_to.country': unknown country: 'Narnia'"
	check "${B1/\#2/}" "field 'number': empty"
	check "${B1/,true,/,maybe,}" "field 'requires_shipping': not true or false: 'maybe'"
	[ "$(ledger_digest)" = "$before" ]
}

@test "missing column: nothing imported, status 3, ledger unchanged" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	printf '%s\n' "${HDR/,Lineitem price/}" "${B1/,2.50,/,}" > a.csv
	run --separate-stderr oms-import -f shopify a.csv
	assert_failure 3
	[ "$stderr" = "oms-import: a.csv:1: missing column 'Lineitem price' for field 'unit_price' (profile shopify)" ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "invalid UTF-8 is rejected with its byte offset" {
	oms init 2>/dev/null
	{ printf '%s\n' "$HDR" "$A1"; printf '%s\n' "${B1/Bob/B$'\xff'b}"; } > a.csv
	run --separate-stderr oms-import -q a.csv
	assert_failure 1
	offset=$(( $(head -2 a.csv | wc -c) + $(printf '%s' "${B1%%Bob*}B" | wc -c) ))
	[ "$stderr" = "oms-import: a.csv:3: invalid UTF-8 at byte offset $offset" ]
	[ "$(sql 'SELECT channel_order_no FROM orders')" = '#1' ]
}

@test "a UTF-8 BOM and CRLF line ends are accepted" {
	{ printf '\xef\xbb\xbf'; printf '%s\r\n' "$HDR" "$A1" "$A2" "$B1"; } > a.csv
	run oms-import -q a.csv
	assert_success
	[ "$(sql 'SELECT count(*) FROM order_lines')" = 3 ]
	[ "$(sql "SELECT ship_country FROM orders WHERE channel_order_no = '#2'")" = GB ]
	[ "$(sql "SELECT email FROM orders JOIN customers USING (customer_id) WHERE channel_order_no = '#2'")" = bob@example.com ]
}

@test "a quoted newline inside an address is kept, and line numbers stay right" {
	orders a.csv "${A1/1 Main St/\"1 Main St$'\n'Unit 4\"}" "$A2" "${B1/,3,Sticker,/,x,Sticker,}"
	run --separate-stderr oms-import -q a.csv
	assert_failure 1
	[ "$stderr" = "oms-import: a.csv:5: field 'quantity': not a number: 'x'" ]
	[ "$(sql 'SELECT ship_address1 FROM orders')" = "$(printf '1 Main St\nUnit 4')" ]
}

@test "a 1 MB field is fine where unmapped, an error where mapped" {
	big=$(head -c 1048576 /dev/zero | tr '\0' 'n')
	orders a.csv "$A1$big" "$A2"
	run oms-import -q a.csv
	assert_success
	orders b.csv "${B1/SKU-3/$big}"
	run --separate-stderr oms-import -q b.csv
	assert_failure 3
	[ "$stderr" = "oms-import: b.csv:2: field 'sku': too long (1048576 bytes, at most 2048)" ]
}

@test "a truncated last line is rejected, the orders before it kept" {
	{ printf '%s\n' "$HDR" "$A1" "$A2"; printf '%s' "${B1:0:60}"; } > a.csv
	run --separate-stderr oms-import -q a.csv
	assert_failure 1
	[[ "$stderr" == "oms-import: a.csv:4: "*"fields, header has 23 (a truncated row?)" ]]
	[ "$(sql 'SELECT channel_order_no FROM orders')" = '#1' ]
}

@test "an empty file is an error; a header alone imports nothing" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	: > empty.csv
	run --separate-stderr oms-import empty.csv
	assert_failure 3
	[ "$stderr" = "oms-import: empty.csv: empty file: expected a header line" ]
	orders header.csv
	run --separate-stderr oms-import header.csv
	assert_success
	[ "$output" = "$(printf 'order\tchannel\tchannel_order\tstatus\tlines\tunits\ttotal\tcurrency\taction\tnote')" ]
	[ "$(sql 'SELECT count(*) FROM orders')" = 0 ]
}

@test "an unknown header lists the known formats" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	printf 'foo,bar\n1,2\n' > a.csv
	run --separate-stderr oms-import a.csv
	assert_failure 3
	[[ "$stderr" == "oms-import: a.csv: unknown format: the header matches none of "*"shopify"*"; name one with -f or describe the file with -p PROFILE" ]]
	[ "$(ledger_digest)" = "$before" ]
}

@test "an unknown -f format is a usage error" {
	run --separate-stderr oms-import -f nosuch "$SNOW"
	assert_failure 2
	[[ "$stderr" == "oms-import: unknown format 'nosuch': the known formats are "*shopify* ]]
	[ ! -e "$OMS_DB" ] || [ "$(sql 'SELECT count(*) FROM orders')" = 0 ]
}

@test "a file that does not exist" {
	run --separate-stderr oms-import nosuch.csv
	assert_failure 3
	[ "$stderr" = "oms-import: nosuch.csv: no such file or directory" ]
}

@test "--strict rejects the whole file on the first bad order" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	orders a.csv "$A1" "$A2" "${B1/,3,Sticker,/,x,Sticker,}"
	run --separate-stderr oms-import --strict -q a.csv
	assert_failure 3
	[[ "$stderr" == *"a.csv:4: field 'quantity': not a number: 'x'"* ]]
	[[ "$stderr" == *"--strict: nothing imported from this file"* ]]
	[ -z "$output" ] || [ "$output" = "$(printf 'order\tchannel\tchannel_order\tstatus\tlines\tunits\ttotal\tcurrency\taction\tnote')" ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "--dry-run validates and reports but writes nothing" {
	orders a.csv "$A1" "$A2" "$B1"
	run --separate-stderr oms-import --dry-run a.csv
	assert_success
	[ "$(printf '%s\n' "$output" | field action | sort -u)" = new ]
	[[ "$stderr" == *"(dry run: nothing written)"* ]]
	[ ! -e "$OMS_DB" ]
	oms init 2>/dev/null
	before=$(ledger_digest)
	run oms-import -q -n a.csv
	assert_success
	[ "$(ledger_digest)" = "$before" ]
}

@test "--rejects writes the header and every raw row of rejected orders" {
	orders a.csv "$A1" "${A2/,1,Wax,/,x,Wax,}" "$B1"
	run oms-import -q --rejects rejects.csv a.csv
	assert_failure 1
	[ "$(cat rejects.csv)" = "$(printf '%s\n' "$HDR" "$A1" "${A2/,1,Wax,/,x,Wax,}")" ]
	sed -i 's/,x,Wax,/,1,Wax,/' rejects.csv
	run oms-import -q rejects.csv
	assert_success
	[ "$(sql 'SELECT count(*) FROM orders')" = 2 ]
}

@test "--rejects leaves an empty file when nothing is rejected" {
	echo stale > rejects.csv
	orders a.csv "$B1"
	run oms-import -q --rejects rejects.csv a.csv
	assert_success
	[ ! -s rejects.csv ]
}

@test "rows of one order must be adjacent: else the file is refused whole" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	orders a.csv "$A1" "$B1" "$A2"
	run --separate-stderr oms-import -q a.csv
	assert_failure 3
	[ "$stderr" = "oms-import: a.csv:4: order '#1' appeared earlier in this file: the rows of an order must be adjacent (sort the file by order number); nothing imported from this file" ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "a split order is caught on re-import too, before it cancels lines" {
	orders a.csv "$A1" "$A2" "$B1"
	oms-import -q a.csv >/dev/null
	before=$(ledger_digest)
	orders b.csv "$B1" "$A1" "$B1"
	run --separate-stderr oms-import -q b.csv
	assert_failure 3
	[[ "$stderr" == *"b.csv:4: order '#2' appeared earlier in this file"* ]]
	orders c.csv "$A1" "$B1" "$A2"
	run --separate-stderr oms-import -q c.csv
	assert_failure 3
	[ "$(sql "SELECT group_concat(status) FROM order_lines WHERE order_id = 1")" = 'open,open' ]
}

@test "a payment hold lifts when a later export shows the order paid" {
	orders v1.csv "${B1/,paid,/,pending,}"
	oms-import -q v1.csv >/dev/null
	[ "$(sql 'SELECT status, hold_reason, held_by FROM orders JOIN order_state USING (order_id)')" = 'on_hold|payment|oms-import' ]
	orders v2.csv "$B1"
	run oms-import -q v2.csv
	assert_success
	assert_line --index 1 --partial "$(printf '	imported	')"
	[ "$(sql 'SELECT status, hold_reason FROM orders JOIN order_state USING (order_id)')" = 'imported|' ]
	[ "$(sql "SELECT detail FROM events WHERE kind = 'status'")" = 'on_hold -> imported' ]
}

@test "a hold placed by someone else is not lifted by an import" {
	orders v1.csv "${B1/,paid,/,pending,}"
	oms-import -q v1.csv >/dev/null
	sql "UPDATE order_state SET hold_reason = 'fraud', held_by = 'oms-route'"
	orders v2.csv "$B1"
	run oms-import -q v2.csv
	assert_success
	[ "$(sql 'SELECT status, hold_reason, held_by FROM orders JOIN order_state USING (order_id)')" = 'on_hold|fraud|oms-route' ]
}

@test "an export without addresses keeps the addresses the ledger has" {
	orders v1.csv "$B1"
	oms-import -q v1.csv >/dev/null
	cat > lean.yaml <<'YAML'
name: lean
currency: EUR
order:
  number: Name
  total: Total
  status:
    - {column: Cancelled at, nonempty: true, status: cancelled}
line:
  sku: Lineitem sku
  quantity: Lineitem quantity
  unit_price: Lineitem price
YAML
	orders v2.csv "${B1/,,/,2025-05-13 08:00:00 +0000,}"
	run oms-import -q -p lean.yaml --channel shopify v2.csv
	assert_success
	assert_line --index 1 --partial "$(printf '	cancelled	')"
	[ "$(sql 'SELECT ship_name, ship_city, ship_country, placed_at FROM orders')" = 'Bob|London|GB|2025-05-12T10:00:00Z' ]
	[ "$(sql 'SELECT count(*) FROM customers')" = 1 ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'changed'")" = 0 ]
}

@test "an export without lines moves the lines with the order" {
	orders v1.csv "$A1" "$A2"
	oms-import -q v1.csv >/dev/null
	cat > status.yaml <<'YAML'
name: status
currency: EUR
order:
  number: Name
  status:
    - {column: Fulfillment Status, equals: fulfilled, status: shipped}
YAML
	orders v2.csv "${A1/unfulfilled/fulfilled}"
	run oms-import -q -p status.yaml --channel shopify v2.csv
	assert_success
	assert_line --index 1 "$(printf '1	shopify	#1	shipped	2	3	3000	EUR	updated	')"
	[ "$(sql 'SELECT group_concat(status) FROM order_lines')" = 'shipped,shipped' ]
}

@test "each file is its own transaction" {
	orders a.csv "$A1" "$A2"
	printf 'foo\n' > b.csv
	orders c.csv "$B1"
	run --separate-stderr oms-import -q a.csv b.csv c.csv
	assert_failure 1
	[ "$(sql 'SELECT count(*) FROM imports')" = 2 ]
	[ "$(sql 'SELECT count(*) FROM orders')" = 2 ]
	[ "$(printf '%s\n' "$output" | grep -c '^order')" = 1 ]
}

@test "a read-only ledger is refused and left unchanged" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	if [ "$(id -u)" = 0 ]; then
		db="file:$OMS_DB?mode=ro"
	else
		chmod 0400 "$OMS_DB"
		db=$OMS_DB
	fi
	run --separate-stderr oms-import --db "$db" "$SNOW"
	assert_failure 4
	[[ "$stderr" == *"read-only"* ]]
	[ "$(ledger_digest)" = "$before" ]
}

@test "a ledger locked by another writer: exit 5 after the busy timeout" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	( echo 'BEGIN IMMEDIATE;'; sleep 3; echo 'COMMIT;' ) | sqlite3 "$OMS_DB" &
	sleep 0.5
	OMS_BUSY_TIMEOUT=200 run --separate-stderr oms-import "$SNOW"
	assert_failure 5
	[ "$stderr" = "oms-import: ledger $OMS_DB: busy (locked by another writer), retry later" ]
	[ -z "$output" ] || [ "$output" = "$(printf 'order\tchannel\tchannel_order\tstatus\tlines\tunits\ttotal\tcurrency\taction\tnote')" ]
	wait
	[ "$(ledger_digest)" = "$before" ]
}

@test "a writer waits for a lock shorter than the busy timeout" {
	oms init 2>/dev/null
	( echo 'BEGIN IMMEDIATE;'; sleep 1; echo 'COMMIT;' ) | sqlite3 "$OMS_DB" &
	sleep 0.3
	OMS_BUSY_TIMEOUT=5000 run oms-import -q "$SNOW"
	wait
	assert_success
	[ "$(sql 'SELECT count(*) FROM orders')" = 19 ]
}

@test "history is append-only: events cannot be changed or deleted" {
	oms-import -q "$SNOW" >/dev/null
	run sql "UPDATE events SET detail = 'x'"
	assert_failure
	assert_output --partial 'events are append-only'
	run sql 'DELETE FROM events'
	assert_failure
	run sql 'DELETE FROM orders'
	assert_failure
	assert_output --partial 'orders are never deleted'
}

@test "no progress line when stderr is not a terminal" {
	run --separate-stderr oms-import "$SNOW"
	assert_success
	[[ "$stderr" != *$'\r'* ]]
	run --separate-stderr oms-import -q "$SNOW"
	[ -z "$stderr" ]
}

@test "a profile file with an error names the file, line and column" {
	printf 'name: x\norder:\n  number: Name\n  colour: red\n' > p.yaml
	run --separate-stderr oms-import -p p.yaml "$SNOW"
	assert_failure 2
	[ "$stderr" = "oms-import: p.yaml:4:3: order: unknown key 'colour'" ]
	printf 'name: x\norder: [unclosed\n' > q.yaml
	run --separate-stderr oms-import -p q.yaml "$SNOW"
	assert_failure 2
	[[ "$stderr" == "oms-import: q.yaml:3:1: "* ]]
}

@test "a custom profile imports a merchant's own layout" {
	cat > phone.yaml <<'YAML'
name: phone
delimiter: ";"
decimal: ","
date_format: "%d.%m.%Y %H:%M"
timezone: Europe/Berlin
currency: EUR
order:
  number: Bestellung
  placed_at: Datum
  ship_to:
    name: Kunde
    address1: Strasse
    city: Ort
    postal_code: PLZ
    country: Land
line:
  sku: Artikel
  quantity: Menge
  unit_price: Preis
YAML
	printf 'Bestellung;Datum;Kunde;Strasse;Ort;PLZ;Land;Artikel;Menge;Preis\nT-1;01.07.2025 14:30;Eva;Hauptstr. 1;Berlin;10115;Deutschland;TASSE;2;1.234,50\n' > phone.csv
	run oms-import -q -p phone.yaml phone.csv
	assert_success
	assert_line --index 1 "$(printf '1\tphone\tT-1\timported\t1\t2\t246900\tEUR\tnew\t')"
	[ "$(sql 'SELECT placed_at, ship_country FROM orders')" = '2025-07-01T12:30:00Z|DE' ]
}

@test "concurrent imports wait for each other and lose nothing" {
	oms init 2>/dev/null
	for c in a b c d; do
		OMS_BUSY_TIMEOUT=20000 oms-import -q --channel "$c" "$SNOW" > "$c.out" 2> "$c.err" &
	done
	for c in a b c d; do
		wait -n || { cat ./*.err; false; }
	done
	[ "$(sql 'SELECT count(*) FROM orders')" = 76 ]
	[ "$(sql 'SELECT count(*) FROM order_lines')" = 160 ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'imported'")" = 76 ]
	[ "$(cat ./*.out | grep -c $'\tnew\t')" = 76 ]
}

@test "an import killed mid-way leaves the ledger as it was" {
	oms init 2>/dev/null
	oms-import -q "$SNOW" >/dev/null
	before=$(ledger_digest)
	# A source that stalls after 120 lines: past the header search, so
	# the import is inside its transaction, with orders stored, when killed.
	{ cat "$SNOW"; sed 1d "$SNOW" | sed 's/^#10/#30/'
	  sed 1d "$SNOW" | sed 's/^#10/#40/'; sleep 5; } |
		oms-import -q --channel other > /dev/null 2>&1 &
	pid=$!
	sleep 1
	[ "$(sql "SELECT count(*) FROM channels WHERE name = 'other'")" = 0 ]
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" || true
	[ "$(ledger_digest)" = "$before" ]
	[ "$(sql 'PRAGMA integrity_check')" = ok ]
	run oms-import -q --channel other "$SNOW"
	assert_success
	[ "$(sql 'SELECT count(*) FROM orders')" = 38 ]
}

@test "--formats lists the built-in formats as a record stream" {
	run oms-import --formats
	assert_success
	assert_line --index 0 "$(printf 'format\tchannel\tdescription')"
	assert_line "$(printf 'shopify\tshopify\tShopify orders export (CSV)')"
	assert_line --regexp "^amazon-orders	amazon	"
}

@test "a rule column missing from the file is reported for a merchant's profile" {
	cat > typo.yaml <<'YAML'
name: typo
currency: EUR
hold:
  - {column: Finacial Status, equals: pending, reason: payment}
order:
  number: Name
line:
  sku: Lineitem sku
  quantity: Lineitem quantity
  unit_price: Lineitem price
YAML
	orders a.csv "$B1"
	run --separate-stderr oms-import -q -p typo.yaml a.csv
	assert_success
	[ "$stderr" = "oms-import: a.csv:1: column 'Finacial Status' of a hold rule in typo.yaml is not in the header: the rule reads it as empty" ]
}

@test "'Unspecified' as a country means no country: the order is held" {
	orders a.csv "${B1/United Kingdom/Unspecified}"
	run oms-import -q a.csv
	assert_success
	[ "$(sql 'SELECT status, hold_reason, ship_country IS NULL FROM orders JOIN order_state USING (order_id)')" = 'on_hold|address|1' ]
}

@test "no header on standard output when the ledger is busy" {
	oms init 2>/dev/null
	( echo 'BEGIN IMMEDIATE;'; sleep 2; echo 'COMMIT;' ) | sqlite3 "$OMS_DB" &
	sleep 0.5
	OMS_BUSY_TIMEOUT=100 run --separate-stderr oms-import "$SNOW"
	wait
	assert_failure 5
	[ -z "$output" ]
}

@test "a progress line with rows and rows/s when stderr is a terminal" {
	command -v script >/dev/null || skip "script(1) is not installed"
	script -qec "oms-import --db '$OMS_DB' '$SNOW' >/dev/null" /dev/null > tty.out
	grep -q 'oms-import: .*orders_export_devstore_snowboards.csv: 40 rows, [0-9]* rows/s' tty.out
	script -qec "oms-import -q --db '$OMS_DB' '$SNOW' >/dev/null" /dev/null > quiet.out
	! grep -q 'rows/s' quiet.out
}

@test "make demo's script runs the example pipeline" {
	run sh "$REPO/examples/demo"
	assert_success
	assert_output --partial 'created ledger'
	assert_output --partial '# Importing the same exports again changes nothing:'
	assert_line --regexp '^ +[0-9]+ unchanged$'
	refute_line --regexp '^ +[0-9]+ (new|updated)$'
	assert_output --partial '$ oms allocate --pending'
	assert_line --regexp '^oms-allocate: [0-9]+ orders: [0-9]+ allocated'
	assert_output --partial '$ oms stock feed --channel amazon'
	# Every step succeeds but the import that keeps its rejected rows.
	[ "$(grep -c '^(exit status 0)$' <<<"$output")" -ge 19 ]
	[ "$(grep '^(exit status' <<<"$output" | grep -vc '^(exit status 0)$')" = 1 ]
	assert_line --regexp '^channel +status +orders'
}

@test "a hold set by hand is not taken over or lifted by an import" {
	OMS_CHECK_SKIP="the hold is set by hand, without an event"
	orders v1.csv "${B1/,paid,/,pending,}"
	oms-import -q v1.csv >/dev/null
	sql "UPDATE order_state SET held_by = NULL"
	orders v2.csv "$B1"
	run oms-import -q v2.csv
	assert_success
	[ "$(sql 'SELECT status, hold_reason, held_by IS NULL FROM orders JOIN order_state USING (order_id)')" = 'on_hold|payment|1' ]
}

@test "a new e-mail address moves the order to another customer, with an event" {
	orders v1.csv "$B1"
	oms-import -q v1.csv >/dev/null
	orders v2.csv "${B1/bob@example.com/robert@example.com}"
	run oms-import -q v2.csv
	assert_success
	assert_line --index 1 --partial updated
	[ "$(sql 'SELECT email FROM orders JOIN customers USING (customer_id)')" = robert@example.com ]
	[ "$(sql "SELECT detail FROM events WHERE kind = 'changed'")" = "customer_id: '1' -> '2'" ]
}

@test "the shipping method is captured for allocation priorities" {
	oms-import -q "$SNOW" >/dev/null
	[ "$(sql "SELECT count(*) FROM orders WHERE ship_method IS NOT NULL")" -ge 0 ]
	orders a.csv "$B1"
	sed -i '1s/$/,Shipping Method/; 2s/$/,Express/' a.csv
	oms-import -q --channel x a.csv >/dev/null
	[ "$(sql "SELECT ship_method FROM orders WHERE channel_order_no = '#2'")" = Express ]
}

@test "a stock profile is refused, named by its kind: stock files go to oms-stock" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	for kind in snapshot receipts; do
		run --separate-stderr oms-import -p "$REPO/profiles/stock-$kind.yaml" \
		    "$FIXTURES/shopify/orders_export_devstore_snowboards.csv"
		assert_failure 2
		[ "$stderr" = "oms-import: $REPO/profiles/stock-$kind.yaml: a $kind profile: stock files go to oms-stock" ]
	done
	[ "$(ledger_digest)" = "$before" ]
}
