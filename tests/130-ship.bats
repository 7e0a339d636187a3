#!/usr/bin/env bats
# oms-ship: rate shopping, labels and tracking numbers, the hand-over
# to the carrier, and the confirmations the channels upload.

load helper
load route

setup() {
	export OMS_DB="$BATS_TEST_TMPDIR/oms.db"
	export OMS_CONFIG="$BATS_TEST_TMPDIR/oms.yaml"
	export OMS_BUSY_TIMEOUT=2000
	cd "$BATS_TEST_TMPDIR" || return 1
	mkdir -p adapters
	export PATH="$BATS_TEST_TMPDIR/adapters:$PATH"
	{ echo "$LOCATIONS"; cat <<'YAML'
shipping:
  promises: {standard: 10, express: 1}
carriers:
  - code: dhl
    name: DHL Paket
    tracking_url: "https://track.example/{tracking}"
    tracking: {scheme: s10, prefix: RR, country: DE, first: 10000000, last: 19999999}
    zones:
      - {name: domestic, countries: [DE]}
      - {name: eu, countries: [FR]}
    services:
      - code: paket
        name: Paket
        transit_days: {domestic: 2, eu: 4}
        rates:
          domestic: [{up_to: 2kg, price: 4.99 EUR}, {up_to: 31.5kg, price: 16.49 EUR}]
          eu: [{up_to: 31.5kg, price: 29.99 EUR}]
      - code: express
        name: Express
        transit_days: 1
        rates:
          domestic: [{up_to: 31.5kg, price: 24.90 EUR}]
YAML
	} > oms.yaml
	stock A BER 9 B BER 9 C MUC 9
	printf 'sku\ttitle\tweight_g\nA\tAlpha\t400\nB\tBeta\t700\nC\tGamma\t100\n' > c.tsv
	oms-stock import -q c.tsv >/dev/null
	now="$(date -u '+%Y-%m-%d %H:%M:%S') +0000"
}

# packed ORDER-LINES...: orders (o lines on stdin) routed, released and
# packed, each group in one parcel without a weight (the catalogue's).
packed() {
	orders
	oms-route -q --pending >/dev/null
	oms-fulfil release -q > picks.tsv
	awk -F '\t' 'NR > 1 && !seen[$12]++ { print $12 "\tpacked" }
	    BEGIN { print "group\tstatus" }' picks.tsv | oms-fulfil confirm -q >/dev/null
}

@test "rate: the cheapest service that keeps the promise; --explain shows every one; nothing changes" {
	{ o 1 A 2 zip=10115 city=Berlin at="$now"; o 1 B 1 zip=10115 city=Berlin at="$now"; } | packed
	before=$(ledger_digest)
	run --separate-stderr oms-ship rate
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 0 "order	group	parcel	location	weight_g	carrier	service	zone	billable_g	price	currency	ship_day	delivery_day	promised_by	on_time	chosen	why"
	assert_line --index 1 --regexp "^1	1	1	BER	1500	dhl	paket	domestic	1500	499	EUR	[0-9-]{10}	[0-9-]{10}	[0-9-]{10}	yes	yes	$"
	run --separate-stderr oms-ship rate --explain
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	assert_line --index 2 --regexp "^1	1	1	BER	1500	dhl	express	domestic	1500	2490	EUR	.*	no	$"
	[ "$(ledger_digest)" = "$before" ]
}

@test "label: an S10 tracking number and a PDF label that says who, what and where; the same run again labels nothing" {
	{ o 1 A 2 zip=10115 city=Berlin at="$now" street="Müllerstraße 5"; } | packed
	run --separate-stderr oms-ship label
	assert_success
	assert_line --index 1 --regexp "^1	1	1	BER	shopify	#1	dhl	paket	RR100000003DE	labels/RR100000003DE.pdf	499	EUR	[0-9-]{10}	[0-9-]{10}	labelled	$"
	[[ "$stderr" == *"1 parcel labelled, 0 failed"* ]]
	text=$(pdftotext -layout labels/RR100000003DE.pdf -)
	[[ "$text" == *"Müllerstraße 5"* ]]
	[[ "$text" == *"10115 Berlin"* ]]
	[[ "$text" == *"RR100000003DE"* ]]
	[[ "$text" == *"0.800 kg"* ]]
	[[ "$text" == *"DHL Paket"* ]]
	[[ "$text" == *"shopify #1 / order 1"* ]]
	[ "$(sql "SELECT status || ':' || tracking_no || ':' || serial || ':' || price FROM parcels")" = "labelled:RR100000003DE:10000000:499" ]
	[ "$(sql "SELECT detail FROM events WHERE kind = 'labelled'")" = "parcel 1 of group 1 labelled: dhl paket, tracking RR100000003DE" ]
	before=$(ledger_digest)
	run --separate-stderr oms-ship label
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "label --format zpl: a ZPL II label with the tracking number as Code 128" {
	{ o 1 A 1 at="$now"; o 2 A 1 at="$now"; } | packed
	oms-ship label -q --format zpl --labels out >/dev/null
	[ "$(ls out)" = "$(printf 'RR100000003DE.zpl\nRR100000017DE.zpl')" ]
	zpl=$(cat out/RR100000017DE.zpl)
	[[ "$zpl" == "^XA"* ]]
	[[ "$zpl" == *"^XZ" ]]
	[[ "$zpl" == *"^BC"*"^FDRR100000017DE^FS"* ]]
	# Every command is ^ or ~ and two letters or digits.
	[ "$(tr -d '\n' < out/RR100000017DE.zpl | grep -o '[\^~][^\^~]\{0,2\}' | grep -vc '^[\^~][A-Z0-9@][A-Z0-9]')" = 0 ]
}

@test "ship: the hand-over consumes the reservations and on hand; the order is shipped; a channel's confirmation, once" {
	{ o 1 A 2 zip=10115 city=Berlin at="$now"; o 1 B 1 zip=10115 city=Berlin at="$now"; } | packed
	oms-ship label -q >/dev/null
	run --separate-stderr oms-ship ship
	assert_success
	assert_output "$(printf 'order\tgroup\tlocation\tunits\taction\n1\t1\tBER\t3\tshipped')"
	[[ "$stderr" == *"1 group handed to the carriers, 3 units shipped"* ]]
	[ "$(state 1)" = "shipped|" ]
	[ "$(sql "SELECT group_concat(status) FROM order_lines")" = "shipped,shipped" ]
	[ "$(sql "SELECT on_hand || '/' || reserved FROM stock WHERE sku = 'A' AND location = 'BER'")" = "7/0" ]
	[ "$(sql "SELECT on_hand || '/' || reserved FROM sku_totals WHERE sku = 'A'")" = "7/0" ]
	[ "$(sql "SELECT group_concat(sku || ':' || quantity || ':' || reference) FROM movements WHERE reason = 'shipment'")" = "A:2:RR100000003DE,B:1:RR100000003DE" ]
	[ "$(sql "SELECT group_concat(DISTINCT status) FROM reservations")" = consumed ]
	[ "$(sql "SELECT status FROM shipment_groups")" = shipped ]
	oms-check -q
	before=$(ledger_digest)
	run --separate-stderr oms-ship ship
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	[ "$(ledger_digest)" = "$before" ]
	# The channel is told once; --since writes it again.
	run --separate-stderr oms-ship confirmations --channel shopify --format tsv
	assert_success
	assert_line --index 0 "order	channel	channel_order	line	channel_line	sku	quantity	carrier	carrier_name	service	tracking	tracking_url	shipped_at"
	assert_line --index 1 --regexp "^1	shopify	#1	1		A	2	dhl	DHL Paket	Paket	RR100000003DE	https://track.example/RR100000003DE	20[0-9-]{8}T"
	[ "${#lines[@]}" -eq 3 ]
	run --separate-stderr oms-ship confirmations --channel shopify
	assert_success
	assert_output "Order Name,Tracking Number,Tracking Company,Tracking URL,Line Item SKU,Quantity,Notify Customer"
	run --separate-stderr oms-ship confirmations --channel shopify --since 2020-01-01 --format amazon
	assert_success
	assert_line --index 0 "order-id	order-item-id	quantity	ship-date	carrier-code	carrier-name	tracking-number	ship-method"
	assert_line --index 1 --regexp "^#1			20[0-9-]{8}	DHL		RR100000003DE	Paket$"
}

@test "ship: an order split over two locations ships from one, is partially shipped when the other has the rest, shipped when it leaves" {
	stock A MUC 0 C BER 0
	{ o 1 A 1 at="$now"; o 1 C 1 at="$now"; } | orders
	oms-route -q --pending >/dev/null
	[ "$(routed 1)" = "BER:A:1 MUC:C:1" ]
	oms-fulfil release -q --location BER >/dev/null
	printf 'group\tstatus\n%s\tpacked\n' "$(sql "SELECT group_id FROM shipment_groups WHERE location = 'BER'")" | oms-fulfil confirm -q >/dev/null
	oms-ship label -q >/dev/null
	oms-ship ship -q >/dev/null
	# The rest waits to be released: the order says so.
	[ "$(state 1)" = "routed|" ]
	[ "$(sql "SELECT group_concat(line_no || ':' || status, ' ') FROM order_lines")" = "1:shipped 2:routed" ]
	oms-check -q
	# The second location's group is released, then packed and shipped.
	oms-fulfil release -q --location MUC >/dev/null
	[ "$(state 1)" = "partially_shipped|" ]
	printf 'group\tstatus\n%s\tpacked\n' "$(sql "SELECT group_id FROM shipment_groups WHERE location = 'MUC'")" | oms-fulfil confirm -q >/dev/null
	oms-ship label -q >/dev/null
	oms-ship ship -q >/dev/null
	[ "$(state 1)" = "shipped|" ]
	oms-check -q
}

@test "label: a parcel no service takes, or an address too long for the label, waits; the rest is labelled" {
	{ o 1 A 1 at="$now"; o 2 A 1 at="$now" street="Flat 12, The Old Bakery Building, 1234 Long Industrial Estate Road"; o 3 A 1 at="$now"; } | packed
	printf 'group\tstatus\tweight_g\n3\tpacked\t40000\n' | oms-fulfil confirm -q >/dev/null
	run --separate-stderr oms-ship label
	assert_failure 1
	assert_line --index 1 --regexp "^1	1	1	BER	shopify	#1	dhl	paket	RR100000003DE	.*	labelled	$"
	assert_line --index 2 --regexp "^2	2	2	BER	shopify	#2	dhl	paket			499	EUR	.*	failed	label: recipient address1 is [0-9]+ characters, the label has room for [0-9]+$"
	assert_line --index 3 "$(printf '3\t3\t3\tBER\tshopify\t#3\t\t\t\t\t\t\t\t\tfailed\tno service can take it: dhl paket: weight 40.000 kg above its brackets (31.500 kg); dhl express: weight 40.000 kg above its brackets (31.500 kg)')"
	[[ "$stderr" == *"oms-ship: parcel 2 (order 2, group 2): label: recipient address1 is "* ]]
	[[ "$stderr" == *"oms-ship: parcel 3 (order 3, group 3): no service can take it"* ]]
	[[ "$stderr" == *"1 parcel labelled, 2 failed"* ]]
	[ "$(sql "SELECT group_concat(status || ':' || coalesce(tracking_no, '-'), ' ') FROM parcels")" = "labelled:RR100000003DE labelling:- packed:-" ]
	[ "$(ls labels)" = RR100000003DE.pdf ]
	# Nothing ships that has no label.
	oms-ship ship -q >/dev/null
	[ "$(sql "SELECT group_concat(status, ' ') FROM shipment_groups")" = "shipped packed packed" ]
	# The address corrected, the waiting parcel gets the number it was given.
	{ echo "$RHDR"; o 2 A 1 at="$now" street="12 Old Bakery"; } > fix.csv
	oms-import -q fix.csv >/dev/null
	run --separate-stderr oms-ship label
	assert_failure 1
	assert_line --index 1 --regexp "^2	2	2	BER	shopify	#2	dhl	paket	RR100000017DE	labels/RR100000017DE.pdf	.*	labelled	$"
	oms-check -q
}

@test "an adapter that crashes or prints garbage labels nothing and loses nothing; a good one is asked with the same parcel key" {
	sed -i 's/^    name: DHL Paket$/    name: DHL Paket\n    adapter: test/' oms.yaml
	{ o 1 A 1 at="$now"; o 2 A 1 at="$now"; } | packed
	printf '#!/bin/sh\ncat > /dev/null\necho "carrier API: 500" >&2\nexit 3\n' > adapters/oms-carrier-test
	chmod +x adapters/oms-carrier-test
	run --separate-stderr oms-ship label
	assert_failure 1
	[[ "$stderr" == *"carrier API: 500"* ]]
	[[ "$stderr" == *"oms-ship: parcel 1 (order 1, group 1): oms-carrier-test: exit 3"* ]]
	[ "$(sql "SELECT group_concat(status, ' ') FROM parcels")" = "labelling labelling" ]
	printf '#!/bin/sh\ncat > /dev/null\necho "<html>Bad Gateway</html>"\n' > adapters/oms-carrier-test
	run --separate-stderr oms-ship label
	assert_failure 1
	[[ "$stderr" == *"oms-carrier-test: its output lacks the fields parcel, tracking and label"* ]]
	printf '#!/bin/sh\ncat > /dev/null\nprintf "parcel\\ttracking\\tlabel\\n1\\tAB C\\t/etc/hostname\\n"\n' > adapters/oms-carrier-test
	run --separate-stderr oms-ship label
	assert_failure 1
	[[ "$stderr" == *"parcel 1 (order 1, group 1): oms-carrier-test: not a tracking number: 'AB C'"* ]]
	[[ "$stderr" == *"parcel 2 (order 2, group 2): oms-carrier-test: no answer for this parcel"* ]]
	[ "$(sql "SELECT count(*) FROM parcels WHERE tracking_no IS NOT NULL")" = 0 ]
	# A good adapter: one record per parcel, its label file written.
	cat > adapters/oms-carrier-test <<'SH'
#!/bin/sh
tee -a asked.tsv | awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print "parcel\ttracking\tlabel"; next }
{ f = $c["label_dir"] "/T" $c["parcel"] ".zpl"; print "^XA^XZ" > f; print $c["parcel"] "\tTEST-" $c["parcel"] "\t" f }'
SH
	run --separate-stderr oms-ship label
	assert_success
	[ "$(sql "SELECT group_concat(tracking_no || ':' || label, ' ') FROM parcels")" = "TEST-1:labels/T1.zpl TEST-2:labels/T2.zpl" ]
	[ "$(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["parcel"] ":" $c["service"] ":" $c["to_postal_code"] }' asked.tsv)" = "$(printf '1:paket:80333\n2:paket:80333')" ]
	oms-ship ship -q >/dev/null
	oms-check -q
}

@test "ship: unknown tracking numbers and groups not ready change nothing" {
	{ o 1 A 1 at="$now"; o 2 A 1 at="$now"; } | packed
	oms-ship label -q >/dev/null
	printf 'group\tstatus\tparcel\n2\tpacked\t2\n' | oms-fulfil confirm -q >/dev/null
	before=$(ledger_digest)
	run --separate-stderr oms-ship ship RR100000003DE NOPE
	assert_failure 3
	[[ "$stderr" == *"oms-ship: NOPE: no parcel has this tracking number"* ]]
	[ "$(ledger_digest)" = "$before" ]
	run --separate-stderr oms-ship ship RR100000003DE RR100000017DE
	assert_failure 6
	[[ "$stderr" == *"oms-ship: RR100000017DE: group 2 (order 2) is packed, a parcel of it packed: only a packed group whose parcels all have labels can be handed over"* ]]
	[ "$(ledger_digest)" = "$before" ]
	run --separate-stderr oms-ship ship RR100000003DE
	assert_success
	[ "$(state 1)" = "shipped|" ]
	[ "$(state 2)" = "released|" ]
}

@test "usage errors" {
	run --separate-stderr oms-ship
	assert_failure 2
	run --separate-stderr oms-ship post
	assert_failure 2
	[[ "$stderr" == *"unknown command 'post' (rate, label, ship, confirmations)"* ]]
	run --separate-stderr oms-ship confirmations
	assert_failure 2
	[[ "$stderr" == *"confirmations: --channel is required"* ]]
	run --separate-stderr oms-ship confirmations --channel x --format dhl
	assert_failure 2
	run --separate-stderr oms-ship label --format tiff
	assert_failure 2
	run --separate-stderr oms-ship rate --location NOPE
	assert_failure 2
	run --separate-stderr oms-ship ship --explain
	assert_failure 2
	run --separate-stderr oms-ship confirmations --channel x --since yesterday
	assert_failure 2
	echo 'locations: [{id: BER}]' > bare.yaml
	run --separate-stderr oms-ship rate --config bare.yaml
	assert_failure 2
	[[ "$stderr" == *"has no carriers"* ]]
	run oms-ship --help
	assert_success
	assert_line --partial "usage: oms-ship rate"
}

@test "a line short-picked ships what was found; allocation then gives only the missing units, never those shipped" {
	stock A BER 5
	o 1 A 3 zip=10115 city=Berlin at="$now" | orders
	oms-route -q --pending >/dev/null
	oms-fulfil release -q >/dev/null
	printf 'group\tstatus\tline\tquantity\n1\tpicked\t1\t1\n1\tpacked\t\t\n' | oms-fulfil confirm -q >/dev/null
	oms-ship label -q >/dev/null
	oms-ship ship -q >/dev/null
	[ "$(state 1)" = "backordered|" ]
	[ "$(sql "SELECT sum(quantity) FROM movements WHERE reason = 'shipment'")" = 1 ]
	oms-check -q
	run oms-allocate -q --pending
	assert_line --index 1 "1	1	A	3	3	0		allocated"
	[ "$(sql "SELECT sum(quantity) FROM reservations WHERE status = 'active'")" = 2 ]
	oms-route -q --pending >/dev/null
	oms-fulfil release -q >/dev/null
	printf 'group\tstatus\n2\tpacked\n' | oms-fulfil confirm -q >/dev/null
	oms-ship label -q >/dev/null
	oms-ship ship -q >/dev/null
	[ "$(state 1)" = "shipped|" ]
	[ "$(sql "SELECT sum(quantity) FROM movements WHERE reason = 'shipment'")" = 3 ]
	[ "$(sql "SELECT on_hand FROM stock WHERE sku = 'A' AND location = 'BER'")" = 0 ]
	oms-check -q
}

@test "a delivery day the channel promised beats the ship method's days: a changed promise is an update" {
	cat > promise.yaml <<'YAML'
name: promised
detect: [Order, Deliver By, SKU]
delimiter: ","
date_format: "%Y-%m-%d %H:%M"
currency: EUR
order:
  number: Order
  placed_at: Date
  email: Email
  deliver_by: Deliver By
  ship_to: {name: Name, address1: Street, city: City, postal_code: Zip, country: Country}
line: {sku: SKU, quantity: Qty, unit_price: Price}
YAML
	soon=$(date -u -d '+1 day' +%F)
	printf 'Order,Date,Email,Deliver By,SKU,Qty,Price,Name,Street,City,Zip,Country\n' > p.csv
	printf 'P1,%s,p1@example.com,%s,A,1,9.90,Pia,1 Main St,Berlin,10115,DE\n' "$(date -u '+%Y-%m-%d %H:%M')" "$soon" >> p.csv
	printf 'P2,%s,p2@example.com,bald,A,1,9.90,Pia,1 Main St,Berlin,10115,DE\n' "$(date -u '+%Y-%m-%d %H:%M')" >> p.csv
	run --separate-stderr oms-import -p promise.yaml p.csv
	assert_failure 1
	[[ "$stderr" == *"field 'deliver_by'"*"'bald'"* ]]
	[ "$(sql "SELECT deliver_by FROM orders")" = "$soon" ]
	oms-allocate -q --pending >/dev/null
	oms-route -q --pending >/dev/null
	oms-fulfil release -q >/dev/null
	printf 'group\tstatus\n1\tpacked\n' | oms-fulfil confirm -q >/dev/null
	# Tomorrow is too soon for Paket's two days: Express, on time or the fastest.
	run --separate-stderr oms-ship rate
	assert_line --index 1 --regexp "^1	1	1	BER	400	dhl	express	domestic	.*	$soon	(yes|no)	yes	$"
	# The channel moves the promise: the order is updated, with its event.
	sed -i "2s/,$soon,/,2099-01-01,/" p.csv
	oms-import -q -p promise.yaml p.csv >/dev/null || true
	[ "$(sql "SELECT deliver_by FROM orders WHERE channel_order_no = 'P1'")" = 2099-01-01 ]
	[[ "$(sql "SELECT detail FROM events WHERE kind = 'changed' ORDER BY event_id DESC LIMIT 1")" == *"deliver_by"* ]]
	run --separate-stderr oms-ship rate
	assert_line --index 1 --regexp "^1	1	1	BER	400	dhl	paket	domestic	.*	2099-01-01	yes	yes	$"
}

@test "part of an order shipped, the rest rejected by its store: the rest is routed again and ships, the order shipped" {
	stock A MUC 0 C BER 0 C PAR 5
	{ o 1 A 1 at="$now"; o 1 C 1 at="$now"; } | orders
	oms-route -q --pending >/dev/null
	[ "$(routed 1)" = "BER:A:1 MUC:C:1" ]
	oms-fulfil release -q >/dev/null
	ber=$(sql "SELECT group_id FROM shipment_groups WHERE location = 'BER'")
	muc=$(sql "SELECT group_id FROM shipment_groups WHERE location = 'MUC'")
	printf 'group\tstatus\n%s\tpacked\n' "$ber" | oms-fulfil confirm -q >/dev/null
	oms-ship label -q >/dev/null
	oms-ship ship -q >/dev/null
	[ "$(state 1)" = "partially_shipped|" ]
	printf 'group\tstatus\treason\n%s\trejected\tbroken\n' "$muc" | oms-fulfil confirm -q >/dev/null
	[ "$(state 1)" = "allocated|" ]
	oms-check -q
	oms-route -q --pending >/dev/null
	[ "$(state 1)" = "routed|" ]
	[ "$(routed 1)" = "PAR:C:1" ]
	oms-fulfil release -q >/dev/null
	[ "$(state 1)" = "partially_shipped|" ]
	par=$(sql "SELECT group_id FROM shipment_groups WHERE location = 'PAR'")
	printf 'group\tstatus\n%s\tpacked\n' "$par" | oms-fulfil confirm -q >/dev/null
	oms-ship label -q >/dev/null
	oms-ship ship -q >/dev/null
	[ "$(state 1)" = "shipped|" ]
	[ "$(sql "SELECT group_concat(status) FROM order_lines")" = "shipped,shipped" ]
	oms-check -q
}
