#!/usr/bin/env bats
# oms-track: carriers' events, timelines, delay warnings, notifications.

load helper
load route

setup() {
	export OMS_DB="$BATS_TEST_TMPDIR/oms.db"
	export OMS_CONFIG="$BATS_TEST_TMPDIR/oms.yaml"
	export OMS_BUSY_TIMEOUT=2000
	cd "$BATS_TEST_TMPDIR" || return 1
	{ echo "$LOCATIONS"; cat <<'YAML'
shipping:
  promises: {standard: 10, express: 1}
carriers:
  - code: dhl
    name: DHL Paket
    tracking_url: "https://track.example/{tracking}?lang=en"
    tracking: {scheme: s10, prefix: RR, country: DE, first: 10000000, last: 19999999}
    zones: [{name: domestic, countries: [DE]}]
    services:
      - code: paket
        name: Paket
        transit_days: 2
        rates:
          domestic: [{up_to: 31.5kg, price: 4.99 EUR}]
tracking:
  codes:
    dhl: {PU: in_transit, OFD: out_for_delivery, DLV: delivered, NH: exception}
notifications:
  from: "Shop <shop@example.com>"
  templates:
    shipped:
      subject: "Your order {order} is on its way"
      body: "Hello {name}, parcel {tracking} left with {carrier} ({service}); expected {expected}. {url}"
    delivered:
      subject: "Order {order} delivered"
      body: "Delivered{location}."
    delayed:
      subject: "Order {order} is late"
      body: "Sorry {name}: promised {promised}."
YAML
	} > oms.yaml
	stock A BER 20
	printf 'sku\tweight_g\nA\t400\n' > c.tsv
	oms-stock import -q c.tsv >/dev/null
	now="$(date -u '+%Y-%m-%d %H:%M:%S') +0000"
}

# shipped: orders (o lines on stdin) routed, released, packed, labelled
# and handed over.
shipped() {
	orders
	oms-route -q --pending >/dev/null
	oms-fulfil release -q > picks.tsv
	awk -F '\t' 'BEGIN { print "group\tstatus" } NR > 1 && !s[$12]++ { print $12 "\tpacked" }' picks.tsv |
	    oms-fulfil confirm -q >/dev/null
	oms-ship label -q --format zpl >/dev/null
	oms-ship ship -q >/dev/null
}

@test "import: events move parcels, the order is delivered with its last parcel; twice or out of order, the same state" {
	{ o 1 A 1 at="$now" email=ann@example.com; o 2 A 1 at="$now"; } | shipped
	cat > ev.csv <<'CSV'
Tracking Number,Time,Status,Location,Description
RR100000003DE ,2026-11-02 08:00:00, PU ,Berlin,Picked up
RR100000003DE,2026-11-03T07:10:00Z,OFD,Munich,"Out for delivery, van 12"
RR100000017DE,2026-11-02T09:00:00Z,EMA,Berlin,Posted
CSV
	run --separate-stderr oms-track import ev.csv
	assert_success
	assert_line --index 0 "tracking	order	parcel	at	code	state	action	parcel_status"
	assert_line --index 2 "RR100000003DE	1	1	2026-11-03T07:10:00Z	OFD	out_for_delivery	applied	out_for_delivery"
	assert_line --index 3 "RR100000017DE	2	2	2026-11-02T09:00:00Z	EMA	in_transit	applied	in_transit"
	[[ "$stderr" == *"3 events new (3 moved a parcel, 0 older than its state, 0 unchanged), 0 duplicate, 0 rejected"* ]]
	# Delivered, in a TSV, with an older event after it.
	printf 'tracking\tat\tcode\tlocation\ttext\nRR100000003DE\t2026-11-03T15:00:00Z\tDLV\tMunich\tHanded to resident\nRR100000003DE\t2026-11-02T12:00:00Z\tPU\tHub\tSorted\n' > ev2.tsv
	run --separate-stderr oms-track import ev2.tsv
	assert_success
	assert_line --index 1 "RR100000003DE	1	1	2026-11-03T15:00:00Z	DLV	delivered	applied	delivered"
	assert_line --index 2 "RR100000003DE	1	1	2026-11-02T12:00:00Z	PU	in_transit	older	delivered"
	[ "$(state 1)" = "delivered|" ]
	[ "$(sql "SELECT status FROM order_lines WHERE order_id = 1")" = delivered ]
	[ "$(sql "SELECT status || ':' || delivered_at FROM parcels WHERE parcel_id = 1")" = "delivered:2026-11-03T15:00:00Z" ]
	[ "$(state 2)" = "shipped|" ]
	oms-check -q
	# Both files again: every event a duplicate, nothing changes.
	before=$(ledger_digest)
	run --separate-stderr oms-track import ev.csv
	assert_success
	[[ "$stderr" == *"0 events new (0 moved a parcel, 0 older than its state, 0 unchanged), 3 duplicate"* ]]
	oms-track import -q ev2.tsv >/dev/null
	[ "$(ledger_digest)" = "$before" ]
}

@test "import: unknown tracking numbers and codes, bad times and parcels not handed over are rejected; the rest applied" {
	{ o 1 A 1 at="$now"; } | shipped
	o 2 A 1 at="$now" | orders
	oms-route -q --pending >/dev/null
	oms-fulfil release -q >/dev/null
	printf 'group\tstatus\n2\tpacked\n' | oms-fulfil confirm -q >/dev/null
	oms-ship label -q --format zpl >/dev/null
	printf 'tracking;at;code\nRR100000003DE;2026-11-02T08:00:00Z;PU\nNOPE123;2026-11-02T08:00:00Z;PU\nRR100000003DE;yesterday;PU\nRR100000003DE;2026-11-02T09:00:00Z;ZZZ\nRR100000017DE;2026-11-02T09:00:00Z;PU\n' > ev.csv
	run --separate-stderr oms-track import ev.csv
	assert_failure 1
	[ "${#lines[@]}" -eq 2 ]
	[[ "$stderr" == *"oms-track: ev.csv:3: field 'tracking': no parcel has tracking number 'NOPE123'"* ]]
	[[ "$stderr" == *"oms-track: ev.csv:4: field 'at': not a time: 'yesterday'"* ]]
	[[ "$stderr" == *"oms-track: ev.csv:5: field 'code': 'ZZZ' of carrier dhl means nothing to oms (map it under tracking.codes in oms.yaml)"* ]]
	[[ "$stderr" == *"oms-track: ev.csv:6: field 'tracking': parcel RR100000017DE is not handed to the carrier yet (oms-ship ship)"* ]]
	[[ "$stderr" == *"1 event new (1 moved a parcel, 0 older than its state, 0 unchanged), 0 duplicate, 4 rejected"* ]]
	[ "$(sql "SELECT status FROM parcels WHERE parcel_id = 1")" = in_transit ]
	before=$(ledger_digest)
	printf 'tracking,when\nRR100000003DE,2026-11-02\n' > bad.csv
	run --separate-stderr oms-track import bad.csv
	assert_failure 3
	[[ "$stderr" == *"bad.csv:1: missing field 'at' in header"* ]]
	: > empty.csv
	run --separate-stderr oms-track import empty.csv
	assert_failure 3
	[ "$(ledger_digest)" = "$before" ]
}

@test "show: an order's status and timeline by ledger key, tracking number or email" {
	{ o 1 A 1 at="$now" email=ann@example.com; o 2 A 1 at="$now" email=ann@example.com; } | shipped
	printf 'tracking,at,code,location\nRR100000003DE,2026-11-02T08:00:00Z,PU,Berlin\n' | oms-track import -q >/dev/null
	run --separate-stderr oms-track 1
	assert_success
	assert_line --index 0 "order	at	source	what	detail	tracking	location"
	assert_line --regexp "^1	2026-11-02T08:00:00Z	carrier	in_transit	PU	RR100000003DE	Berlin$"
	assert_line --regexp "^1	[0-9T:Z-]+	oms	shipped	group 1 shipped from BER: 1 unit, tracking RR100000003DE		$"
	run --separate-stderr oms-track RR100000003DE
	assert_success
	[ "$(printf '%s\n' "${lines[@]}" | cut -f1 | sort -u | tr '\n' ' ')" = "1 order " ]
	run --separate-stderr oms-track --document ann@example.com
	assert_success
	assert_line --index 0 "Order 1: shopify #1, shipped"
	assert_line "  parcel RR100000003DE: in_transit, dhl paket, promised by $(sql "SELECT promised_by FROM parcels WHERE parcel_id = 1")"
	assert_line "Order 2: shopify #2, shipped"
	run --separate-stderr oms-track nobody@example.com
	assert_failure 3
	[[ "$stderr" == *"nobody@example.com: no order, tracking number or customer email"* ]]
}

@test "delays: a parcel that will miss its promise is flagged once, with why; one on time is not" {
	long_ago="$(date -u -d '30 days ago' '+%Y-%m-%d %H:%M:%S') +0000"
	{ o 1 A 1 at="$long_ago"; o 2 A 1 at="$now"; } | shipped
	run --separate-stderr oms-track delays
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 1 --regexp "^1	1	RR100000003DE	dhl	paket	shipped	[0-9T:Z-]+	[0-9-]{10}	[0-9-]{10}	2	rate card$"
	[[ "$stderr" == *"1 parcel flagged delayed"* ]]
	[[ "$(sql "SELECT detail FROM events WHERE kind = 'delayed'")" == "parcel RR100000003DE delayed: now expected "*", promised by "*" (dhl paket takes 2 business days, by rate card)" ]]
	[ "$(sql "SELECT count(*) FROM parcels WHERE delayed_at IS NOT NULL")" = 1 ]
	before=$(ledger_digest)
	run --separate-stderr oms-track delays
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "notify: each change once, from the templates, ready for a mailer" {
	long_ago="$(date -u -d '30 days ago' '+%Y-%m-%d %H:%M:%S') +0000"
	{ o 1 A 1 at="$long_ago" email=ann@example.com; o 2 A 1 at="$now"; } | shipped
	oms-track delays -q >/dev/null
	printf 'tracking,at,code,location\nRR100000017DE,%s,DLV,Munich\n' "$(date -u +%FT%TZ)" | oms-track import -q >/dev/null
	run --separate-stderr oms-track notify
	assert_success
	assert_line --index 0 "notification	order	parcel	kind	channel	channel_order	email	name	from	subject	body"
	assert_line --index 1 --regexp "^1	1	1	shipped	shopify	#1	ann@example.com	Ann	Shop <shop@example.com>	Your order #1 is on its way	Hello Ann, parcel RR100000003DE left with DHL Paket \\(Paket\\); expected [0-9-]{10}\. https://track\.example/RR100000003DE\?lang=en$"
	assert_line --index 3 --regexp "^3	1	1	delayed	shopify	#1	ann@example.com	Ann	.*	Order #1 is late	Sorry Ann: promised [0-9-]{10}\.$"
	assert_line --index 4 --regexp "^4	2	2	delivered	.*	Order #2 delivered	DeliveredMunich\.$"
	[ "${#lines[@]}" -eq 5 ]
	[[ "$stderr" == *"4 notifications"* ]]
	before=$(ledger_digest)
	run --separate-stderr oms-track notify
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	[ "$(ledger_digest)" = "$before" ]
	oms-check -q
}

@test "usage errors" {
	run --separate-stderr oms-track
	assert_failure 2
	run --separate-stderr oms-track delays extra
	assert_failure 2
	run --separate-stderr oms-track notify --window 0
	assert_failure 2
	run --separate-stderr oms-track import --document
	assert_failure 2
	run --separate-stderr oms-track import missing.csv
	assert_failure 3
	run oms-track --help
	assert_success
	assert_line --partial "usage: oms-track import"
}

@test "delays: the service's usual transit time comes from its deliveries once it has five" {
	for n in 1 2 3 4 5 6; do o "$n" A 1 at="$now"; done | shipped
	# Five deliveries, each 16 days (12 business days or more) after shipping.
	late=$(date -u -d '16 days' +%FT12:00:00Z)
	{ echo "tracking,at,code"; for t in $(sql "SELECT tracking_no FROM parcels WHERE parcel_id <= 5"); do echo "$t,$late,DLV"; done; } > ev.csv
	oms-track import -q ev.csv >/dev/null
	run --separate-stderr oms-track delays
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 1 --regexp "^6	6	RR[0-9]{9}DE	dhl	paket	shipped	.*	1[12]	5 deliveries$"
}
