#!/usr/bin/env bats
# oms-stock: snapshots and movements in; on hand, safety stock and ATP
# out; verify proves the ledger's sums.

load helper

T1=2025-01-01T00:00:00Z
T2=2025-01-02T00:00:00Z
T3=2025-01-03T00:00:00Z

OUT=$'sku\tlocation\tchange\ton_hand\treason\tat\taction\tnote'
SHOW=$'scope\tsku\tlocation\ton_hand\treserved\tsafety\tatp'
SHOPIFY_INV="$FIXTURES/stock/inventory_export_1_devstore.csv"
SHOPIFY_PROFILE="$FIXTURES/profiles/shopify-inventory.yaml"

setup() {
	export OMS_DB="$BATS_TEST_TMPDIR/oms.db"
	export OMS_BUSY_TIMEOUT=2000
	unset OMS_CONFIG
	cd "$BATS_TEST_TMPDIR" || return 1
	config
}

# config: the merchant of these tests.  BER serves every channel; HAM,
# a store, serves shopify only and keeps 1 of everything back; MUG
# keeps 2 back everywhere (more specific than HAM's rule); amazon is
# offered 3 fewer of everything.
config() {
	cat > oms.yaml <<'YAML'
locations:
  - id: BER
    name: Warehouse Berlin
  - id: HAM
    type: store
    channels: [shopify]
safety_stock:
  - {location: HAM, quantity: 1}
  - {sku: MUG, quantity: 2}
channel_buffers:
  - {channel: amazon, quantity: 3}
YAML
}

# tsv FILE ROW...: write FILE, one line a ROW, its spaces made TABs (two
# spaces in a row make an empty field).
tsv() {
	local f=$1
	shift
	printf '%s\n' "$@" | tr ' ' '\t' > "$f"
}

# rec FIELD...: one expected record, TAB-separated.
rec() {
	local IFS=$'\t'
	printf '%s' "$*"
}

# snapshot FILE SKU LOCATION ON_HAND AT ...: a snapshot file.
snapshot() {
	local f=$1
	shift
	printf 'sku\tlocation\ton_hand\tat\n' > "$f"
	while [ $# -ge 4 ]; do
		printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$f"
		shift 4
	done
}

# stocked: MUG 10 at BER and TEE 4 at HAM, counted at T1.
stocked() {
	snapshot s1.tsv MUG BER 10 "$T1" TEE HAM 4 "$T1"
	oms-stock import -q s1.tsv > /dev/null
}

# on_hand SKU LOCATION: the ledger's on hand there.
on_hand() {
	sql "SELECT on_hand FROM stock WHERE sku = '$1' AND location = '$2'"
}

# Snapshots

@test "a snapshot sets on hand and records the difference as a snapshot movement" {
	snapshot s1.tsv MUG BER 10 "$T1" TEE HAM 4 "$T1"
	run --separate-stderr oms-stock import s1.tsv
	assert_success
	assert_output "$(printf '%s\n' "$OUT" \
	    "$(rec MUG BER 10 10 snapshot "$T1" new '')" \
	    "$(rec TEE HAM 4 4 snapshot "$T1" new '')")"
	[ "$stderr" = "oms-stock: s1.tsv: 2 new, 0 updated, 0 unchanged, 0 rejected" ]
	run sql 'SELECT sku, from_location IS NULL, to_location, quantity, reason, at, source_key, tool FROM movements ORDER BY movement_id'
	assert_output "$(printf '%s\n' \
	    "MUG|1|BER|10|snapshot|$T1|snapshot BER $T1 MUG =10 from 0|oms-stock" \
	    "TEE|1|HAM|4|snapshot|$T1|snapshot HAM $T1 TEE =4 from 0|oms-stock")"
	run sql 'SELECT sku, location, on_hand, snapshot_at FROM stock ORDER BY 1'
	assert_output "$(printf '%s\n' "MUG|BER|10|$T1" "TEE|HAM|4|$T1")"
	[ "$(sql "SELECT location || ':' || name || ':' || type || ':' || active FROM locations ORDER BY 1" | tr '\n' ' ')" = 'BER:Warehouse Berlin:warehouse:1 HAM:HAM:store:1 ' ]
	oms-stock verify
}

@test "a snapshot is read from standard input, and with -f stock-snapshot" {
	snapshot s1.tsv MUG BER 10 "$T1"
	run oms-stock import -q < s1.tsv
	assert_success
	assert_line --index 1 "$(rec MUG BER 10 10 snapshot "$T1" new '')"
	run oms-stock import -q -f stock-snapshot s1.tsv
	assert_success
	assert_line --index 1 "$(rec MUG BER 0 10 snapshot "$T1" unchanged '')"
}

@test "the same snapshot again adds no movement, however its time is written" {
	stocked
	before=$(ledger_digest)
	run --separate-stderr oms-stock import s1.tsv
	assert_success
	assert_output "$(printf '%s\n' "$OUT" \
	    "$(rec MUG BER 0 10 snapshot "$T1" unchanged '')" \
	    "$(rec TEE HAM 0 4 snapshot "$T1" unchanged '')")"
	[ "$stderr" = "oms-stock: s1.tsv: 0 new, 0 updated, 2 unchanged, 0 rejected" ]
	[ "$(ledger_digest)" = "$before" ]
	# The same instant, written with an offset.
	snapshot s1b.tsv MUG BER 10 2025-01-01T02:00:00+0200
	run oms-stock import -q s1b.tsv
	assert_success
	assert_line --index 1 "$(rec MUG BER 0 10 snapshot "$T1" unchanged '')"
	[ "$(ledger_digest)" = "$before" ]
}

@test "a newer snapshot counts from the movements before it, keeping later ones" {
	snapshot s1.tsv MUG BER 10 "$T1"
	oms-stock import -q s1.tsv > /dev/null
	tsv r2.tsv 'sku to quantity reason at' "MUG BER 5 receipt $T2"
	run oms-stock import -q r2.tsv
	assert_success
	assert_line --index 1 "$(rec MUG BER 5 15 receipt "$T2" new '')"
	# The count at T1 is what the ledger holds for T1: the receipt
	# after it stays counted.
	run oms-stock import -q s1.tsv
	assert_success
	assert_line --index 1 "$(rec MUG BER 0 15 snapshot "$T1" unchanged '')"
	[ "$(on_hand MUG BER)" = 15 ]
	# 12 counted at T3, after the receipt: 3 went missing.
	snapshot s3.tsv MUG BER 12 "$T3"
	run oms-stock import -q s3.tsv
	assert_success
	assert_output "$(printf '%s\n' "$OUT" "$(rec MUG BER -3 12 snapshot "$T3" new '')")"
	[ "$(on_hand MUG BER)" = 12 ]
	[ "$(sql "SELECT from_location, quantity, reason FROM movements WHERE at = '$T3'")" = 'BER|3|snapshot' ]
	[ "$(sql "SELECT snapshot_at FROM stock WHERE sku = 'MUG'")" = "$T3" ]
	[ "$(sql 'SELECT on_hand FROM sku_totals WHERE sku = '"'MUG'")" = 12 ]
	oms-stock verify
}

@test "a snapshot older than the ledger's is rejected, the ledger unchanged" {
	snapshot s3.tsv MUG BER 12 "$T3"
	oms-stock import -q s3.tsv > /dev/null
	before=$(ledger_digest)
	snapshot old.tsv MUG BER 10 "$T1"
	run --separate-stderr oms-stock import -q old.tsv
	assert_failure 3
	[ "$stderr" = "oms-stock: old.tsv:2: field 'at': snapshot of $T1 is older than the ledger's ($T3)" ]
	assert_output "$(printf '%s\n' "$OUT" "$(rec MUG '' '' '' '' '' rejected "line 2: field 'at': snapshot of $T1 is older than the ledger's ($T3)")")"
	[ "$(ledger_digest)" = "$before" ]
}

@test "a negative on hand in a snapshot is rejected" {
	stocked
	before=$(ledger_digest)
	snapshot neg.tsv MUG BER -1 "$T2"
	run --separate-stderr oms-stock import -q neg.tsv
	assert_failure 3
	[ "$stderr" = "oms-stock: neg.tsv:2: field 'quantity': negative on hand in a snapshot: -1" ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "a location not in oms.yaml is rejected, naming the file" {
	stocked
	before=$(ledger_digest)
	snapshot par.tsv MUG PAR 1 "$T2"
	run --separate-stderr oms-stock import -q par.tsv
	assert_failure 3
	[ "$stderr" = "oms-stock: par.tsv:2: field 'location': unknown location 'PAR' (not in oms.yaml)" ]
	[ "$(ledger_digest)" = "$before" ]
	cp oms.yaml other.yaml
	tsv mv.tsv 'sku from to quantity reason' 'MUG BER PAR 1 transfer'
	run --separate-stderr oms-stock --config other.yaml import -q mv.tsv
	assert_failure 3
	[ "$stderr" = "oms-stock: mv.tsv:2: field 'to': unknown location 'PAR' (not in other.yaml)" ]
	[ "$(ledger_digest)" = "$before" ]
}

# Movements

@test "an unknown SKU cannot be moved out of a location" {
	stocked
	before=$(ledger_digest)
	tsv out.tsv 'sku from quantity reason' 'NOPE BER 1 damage' 'TEE BER 1 damage'
	run --separate-stderr oms-stock import -q out.tsv
	assert_failure 3
	[ "$stderr" = "$(printf '%s\n' \
	    "oms-stock: out.tsv:2: field 'sku': unknown SKU 'NOPE' at location 'BER'" \
	    "oms-stock: out.tsv:3: field 'sku': unknown SKU 'TEE' at location 'BER'")" ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "moving more than is on hand is rejected" {
	stocked
	before=$(ledger_digest)
	tsv out.tsv 'sku from to quantity reason' 'MUG BER HAM 11 ' 'MUG BER  11 damage'
	run --separate-stderr oms-stock import -q out.tsv
	assert_failure 3
	[ "$stderr" = "$(printf '%s\n' \
	    "oms-stock: out.tsv:2: field 'quantity': would take on hand of 'MUG' at 'BER' below zero (on hand 10, moving 11)" \
	    "oms-stock: out.tsv:3: field 'quantity': would take on hand of 'MUG' at 'BER' below zero (on hand 10, moving 11)")" ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "a transfer moves stock between locations; the network total stays" {
	stocked
	run oms-stock show --network --sku MUG
	assert_output "$(printf '%s\n' "$SHOW" "$(rec network MUG '' 10 0 2 8)")"
	tsv t.tsv 'sku from to quantity reason at' "MUG BER HAM 4  $T2"
	run --separate-stderr oms-stock import -q t.tsv
	assert_success
	assert_output "$(printf '%s\n' "$OUT" \
	    "$(rec MUG BER -4 6 transfer "$T2" new '')" \
	    "$(rec MUG HAM 4 4 transfer "$T2" new '')")"
	[ "$(sql 'SELECT count(*) FROM movements WHERE from_location = '"'BER'"' AND to_location = '"'HAM'"'')" = 1 ]
	[ "$(sql "SELECT on_hand FROM sku_totals WHERE sku = 'MUG'")" = 10 ]
	run oms-stock show --network --sku MUG
	# 10 on hand, 2 kept back at each of two locations.
	assert_output "$(printf '%s\n' "$SHOW" "$(rec network MUG '' 10 0 4 6)")"
	run oms-stock show --sku MUG
	assert_output "$(printf '%s\n' "$SHOW" \
	    "$(rec location MUG BER 6 0 2 4)" \
	    "$(rec location MUG HAM 4 0 2 2)")"
	oms-stock verify
}

@test "receipts add, negative adjustments take away: the sign flips the direction" {
	stocked
	tsv m.tsv 'sku from to quantity reason at' \
	    "MUG  BER 5  $T2" \
	    "MUG  BER -2 breakage $T2" \
	    "MUG BER  1  $T2" \
	    "MUG BER  -3 found $T2" \
	    "NEW  HAM 7 receipt $T2"
	run --separate-stderr oms-stock import -q m.tsv
	assert_success
	assert_output "$(printf '%s\n' "$OUT" \
	    "$(rec MUG BER 5 15 receipt "$T2" new '')" \
	    "$(rec MUG BER -2 13 breakage "$T2" new '')" \
	    "$(rec MUG BER -1 12 adjustment "$T2" new '')" \
	    "$(rec MUG BER 3 15 found "$T2" new '')" \
	    "$(rec NEW HAM 7 7 receipt "$T2" new '')")"
	run sql "SELECT coalesce(from_location, '-'), coalesce(to_location, '-'), quantity, reason FROM movements WHERE at = '$T2' ORDER BY movement_id"
	assert_output "$(printf '%s\n' '-|BER|5|receipt' 'BER|-|2|breakage' 'BER|-|1|adjustment' '-|BER|3|found' '-|HAM|7|receipt')"
	[ "$(sql "SELECT on_hand FROM sku_totals WHERE sku = 'MUG'")" = 15 ]
	oms-stock verify
}

@test "impossible movements are rejected with the field that is wrong" {
	stocked
	before=$(ledger_digest)
	check() {
		tsv bad.tsv 'sku from to quantity reason' "$1"
		run --separate-stderr oms-stock import -q bad.tsv
		assert_failure 3
		[ "$stderr" = "oms-stock: bad.tsv:2: $2" ] || {
			echo "got: $stderr"; echo "want: $2"; return 1; }
	}
	check 'MUG  BER 0 x' "field 'quantity': must not be 0"
	check 'MUG BER HAM -1 x' "field 'quantity': must not be negative in a transfer"
	check 'MUG BER BER 1 x' "field 'to': a transfer from 'BER' to itself"
	check 'MUG   1 x' "field 'to': a movement needs a location"
	check 'MUG  BER 1.5 x' "field 'quantity': not a whole number: '1.5'"
	check '  BER 1 x' "field 'sku': empty"
	[ "$(ledger_digest)" = "$before" ]
}

@test "a movements file imports once: re-read, its rows are unchanged" {
	stocked
	tsv m.tsv 'sku from to quantity reason at' \
	    "MUG  BER 5 receipt $T2" \
	    "MUG BER HAM 2  $T2" \
	    "MUG  BER 5 receipt $T2"
	run --separate-stderr oms-stock import m.tsv
	assert_success
	# Identical rows without an id are one movement.
	[ "$stderr" = "oms-stock: m.tsv: 2 new, 0 updated, 1 unchanged, 0 rejected" ]
	assert_line --index 4 "$(rec MUG BER 0 13 receipt "$T2" unchanged '')"
	before=$(ledger_digest)
	run --separate-stderr oms-stock import m.tsv
	assert_success
	[ "$stderr" = "oms-stock: m.tsv: 0 new, 0 updated, 3 unchanged, 0 rejected" ]
	[ "$(printf '%s\n' "$output" | field action | sort -u)" = unchanged ]
	[ "$(printf '%s\n' "$output" | field change | sort -u)" = 0 ]
	[ "$(ledger_digest)" = "$before" ]
	[ "$(sql "SELECT count(*) FROM movements WHERE reason <> 'snapshot'")" = 2 ]
	[[ "$(sql "SELECT source_key FROM movements WHERE reason = 'receipt'")" =~ ^stock-movements\ row\ [0-9a-f]{16}$ ]]
}

@test "with an id column, a row is its id: equal rows with two ids are two movements" {
	stocked
	tsv m.tsv 'id sku to quantity reason reference' \
	    'R-1 MUG BER 5 receipt PO-7' \
	    'R-2 MUG BER 5 receipt PO-7'
	run --separate-stderr oms-stock import -q m.tsv
	assert_success
	[ "$(on_hand MUG BER)" = 20 ]
	run sql "SELECT source_key, reference FROM movements WHERE reason = 'receipt' ORDER BY movement_id"
	assert_output "$(printf '%s\n' 'stock-movements id R-1|PO-7' 'stock-movements id R-2|PO-7')"
	before=$(ledger_digest)
	run --separate-stderr oms-stock import m.tsv
	assert_success
	[ "$stderr" = "oms-stock: m.tsv: 0 new, 0 updated, 2 unchanged, 0 rejected" ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "a file without a time column imported twice a second apart stays imported once" {
	stocked
	tsv m.tsv 'sku from to quantity reason' 'MUG  BER 5 receipt' 'MUG BER HAM 1 '
	oms-stock import -q m.tsv > /dev/null
	first=$(sql "SELECT at FROM movements WHERE reason = 'receipt'")
	[[ "$first" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]]
	before=$(ledger_digest)
	sleep 1
	run --separate-stderr oms-stock import m.tsv
	assert_success
	[ "$stderr" = "oms-stock: m.tsv: 0 new, 0 updated, 2 unchanged, 0 rejected" ]
	[ "$(ledger_digest)" = "$before" ]
	[ "$(on_hand MUG BER)" = 14 ]
}

# Options

@test "--dry-run reports what would happen and writes nothing" {
	snapshot s1.tsv MUG BER 10 "$T1"
	run --separate-stderr oms-stock import --dry-run s1.tsv
	assert_success
	assert_line --index 1 "$(rec MUG BER 10 10 snapshot "$T1" new '')"
	[ "$stderr" = "oms-stock: s1.tsv: 1 new, 0 updated, 0 unchanged, 0 rejected (dry run: nothing written)" ]
	[ ! -e "$OMS_DB" ]
	oms-stock import -q s1.tsv > /dev/null
	before=$(ledger_digest)
	tsv m.tsv 'sku from to quantity reason' 'MUG BER HAM 3 ' 'MUG  BER 1 receipt'
	run oms-stock import -q -n m.tsv
	assert_success
	# (at, field 6, is the time of the import: the file has none.)
	[ "$(printf '%s\n' "$output" | cut -f 1-5,7-)" = "$(printf '%s\n' \
	    "$(rec sku location change on_hand reason action note)" \
	    "$(rec MUG BER -3 7 transfer new '')" \
	    "$(rec MUG HAM 3 3 transfer new '')" \
	    "$(rec MUG BER 1 8 receipt new '')")" ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "--strict imports nothing from a file with a bad row" {
	stocked
	before=$(ledger_digest)
	tsv m.tsv 'sku from to quantity reason' 'MUG  BER 1 receipt' 'MUG  PAR 1 receipt' 'MUG  BER 2 receipt'
	run --separate-stderr oms-stock import -q --strict m.tsv
	assert_failure 3
	[ "$stderr" = "$(printf '%s\n' \
	    "oms-stock: m.tsv:3: field 'to': unknown location 'PAR' (not in oms.yaml)" \
	    "oms-stock: m.tsv: --strict: nothing imported from this file")" ]
	[ "$output" = "$OUT" ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "--rejects writes the header and the raw rejected rows; the rest is imported" {
	stocked
	printf '%s\n' 'sku,to,quantity,reason' 'MUG,BER,2,receipt' 'MUG,PAR,1,"receipt, late"' 'TEE,HAM,x,receipt' 'TEE,HAM,3,receipt' > m.csv
	run --separate-stderr oms-stock import -q --rejects rejects.csv m.csv
	assert_failure 1
	[ "$stderr" = "$(printf '%s\n' \
	    "oms-stock: m.csv:3: field 'to': unknown location 'PAR' (not in oms.yaml)" \
	    "oms-stock: m.csv:4: field 'quantity': not a whole number: 'x'")" ]
	assert_line --index 2 "$(rec MUG '' '' '' '' '' rejected "line 3: field 'to': unknown location 'PAR' (not in oms.yaml)")"
	[ "$(cat rejects.csv)" = "$(printf '%s\n' 'sku,to,quantity,reason' 'MUG,PAR,1,"receipt, late"' 'TEE,HAM,x,receipt')" ]
	[ "$(on_hand MUG BER)" = 12 ]
	[ "$(on_hand TEE HAM)" = 7 ]
	# Fixed, the rejects import on their own.
	sed -i 's/,PAR,/,BER,/; s/,x,/,1,/' rejects.csv
	run oms-stock import -q --rejects again.csv rejects.csv
	assert_success
	[ ! -s again.csv ]
	[ "$(on_hand MUG BER)" = 13 ]
	[ "$(on_hand TEE HAM)" = 8 ]
}

@test "-o csv and -o jsonl, for import and show" {
	snapshot s1.tsv MUG BER 10 "$T1"
	run oms-stock import -q -n -o csv s1.tsv
	assert_success
	assert_output "$(printf '%s\n' 'sku,location,change,on_hand,reason,at,action,note' "MUG,BER,10,10,snapshot,$T1,new,")"
	snapshot s2.tsv MUG BER 10 "$T1" MUG PAR 1 "$T1"
	run --separate-stderr oms-stock import -q -o jsonl s2.tsv
	assert_failure 1
	assert_output "$(printf '%s\n' \
	    '{"sku":"MUG","location":"BER","change":10,"on_hand":10,"reason":"snapshot","at":"'"$T1"'","action":"new","note":""}' \
	    '{"sku":"MUG","location":"","change":null,"on_hand":null,"reason":"","at":"","action":"rejected","note":"line 3: field '"'location'"': unknown location '"'PAR'"' (not in oms.yaml)"}')"
	run oms-stock show -o csv
	assert_output "$(printf '%s\n' 'scope,sku,location,on_hand,reserved,safety,atp' 'location,MUG,BER,10,0,2,8')"
	run oms-stock show --network -o jsonl
	assert_output '{"scope":"network","sku":"MUG","location":"","on_hand":10,"reserved":0,"safety":2,"atp":8}'
	run --separate-stderr oms-stock show -o xml
	assert_failure 2
	[ "$stderr" = "oms-stock: -o: expected tsv, csv or jsonl, not 'xml'" ]
}

# show

@test "show: per location, the network and a channel, with safety stock and buffers" {
	snapshot s1.tsv MUG BER 10 "$T1" MUG HAM 5 "$T1" TEE BER 1 "$T1" TEE HAM 4 "$T1"
	oms-stock import -q s1.tsv > /dev/null
	run oms-stock show
	assert_success
	# MUG's own rule (2) beats HAM's (1); TEE keeps 1 back at HAM only.
	assert_output "$(printf '%s\n' "$SHOW" \
	    "$(rec location MUG BER 10 0 2 8)" \
	    "$(rec location MUG HAM 5 0 2 3)" \
	    "$(rec location TEE BER 1 0 0 1)" \
	    "$(rec location TEE HAM 4 0 1 3)")"
	run oms-stock show --location HAM --sku TEE
	assert_output "$(printf '%s\n' "$SHOW" "$(rec location TEE HAM 4 0 1 3)")"
	run oms-stock show --network
	assert_output "$(printf '%s\n' "$SHOW" \
	    "$(rec network MUG '' 15 0 4 11)" \
	    "$(rec network TEE '' 5 0 1 4)")"
	# HAM serves shopify only: amazon sees BER's stock, less its buffer.
	run oms-stock show --channel amazon
	assert_output "$(printf '%s\n' "$SHOW" \
	    "$(rec channel MUG amazon 10 0 5 5)" \
	    "$(rec channel TEE amazon 1 0 3 0)")"
	run oms-stock show --channel shopify
	assert_output "$(printf '%s\n' "$SHOW" \
	    "$(rec channel MUG shopify 15 0 4 11)" \
	    "$(rec channel TEE shopify 5 0 1 4)")"
	run --separate-stderr oms-stock show --network --channel amazon
	assert_failure 2
	[ "$stderr" = "oms-stock: --network and --channel exclude each other" ]
}

@test "a location dropped from oms.yaml is retired and left out of the network" {
	snapshot s1.tsv MUG BER 10 "$T1" MUG HAM 5 "$T1"
	oms-stock import -q s1.tsv > /dev/null
	cat > oms.yaml <<'YAML'
locations:
  - id: BER
safety_stock:
  - {sku: MUG, quantity: 2}
YAML
	run oms-stock show
	assert_output "$(printf '%s\n' "$SHOW" \
	    "$(rec location MUG BER 10 0 2 8)" \
	    "$(rec retired MUG HAM 5 0 2 3)")"
	run oms-stock show --network
	assert_output "$(printf '%s\n' "$SHOW" "$(rec network MUG '' 10 0 2 8)")"
	# The next import marks it inactive in the ledger; its stock stays.
	tsv r.tsv 'sku to quantity reason' 'MUG BER 1 receipt'
	oms-stock import -q r.tsv > /dev/null
	[ "$(sql 'SELECT location, active FROM locations ORDER BY 1' | tr '\n' ' ')" = 'BER|1 HAM|0 ' ]
	[ "$(on_hand MUG HAM)" = 5 ]
	oms-stock verify
}

# verify

@test "verify: exit 0 on a good ledger, 7 naming what disagrees after tampering" {
	OMS_CHECK_SKIP="the test tampers with the ledger"
	snapshot s1.tsv MUG BER 10 "$T1"
	oms-stock import -q s1.tsv > /dev/null
	run --separate-stderr oms-stock verify
	assert_success
	[ -z "$output" ]
	[ -z "$stderr" ]
	# movements are append-only; stock is a cache of their sums.
	run sql "UPDATE movements SET quantity = 11"
	assert_failure
	assert_output --partial 'movements are append-only'
	sql 'UPDATE stock SET on_hand = on_hand + 1'
	run --separate-stderr oms-stock verify
	assert_failure 7
	[ -z "$output" ]
	[ "$stderr" = "$(printf '%s\n' \
	    'oms-stock: on hand is not the sum of its movements: MUG at BER (11, not 10)' \
	    'oms-stock: network on hand is not the sum of its locations: MUG (10, not 11)' \
	    'oms-stock: verify: 2 violations')" ]
	sql "UPDATE sku_totals SET on_hand = 11"
	run --separate-stderr oms-stock verify
	assert_failure 7
	[ "$stderr" = "$(printf '%s\n' \
	    'oms-stock: on hand is not the sum of its movements: MUG at BER (11, not 10)' \
	    'oms-stock: verify: 1 violation')" ]
	sql "UPDATE stock SET on_hand = -1; UPDATE sku_totals SET on_hand = -1"
	run --separate-stderr oms-stock verify
	assert_failure 7
	[ "$stderr" = "$(printf '%s\n' \
	    'oms-stock: on hand is not the sum of its movements: MUG at BER (-1, not 10)' \
	    'oms-stock: on hand is negative: MUG at BER (-1, not 0)' \
	    'oms-stock: reserved exceeds on hand in the network (oversold): MUG (0, not -1)' \
	    'oms-stock: verify: 3 violations')" ]
}

@test "formats lists the built-in stock formats" {
	run --separate-stderr oms-stock formats
	assert_success
	assert_output "$(printf '%s\n' 'format	kind	description' \
	    'stock-snapshot	snapshot	on hand per SKU and location (sku, location, on_hand, at)' \
	    'stock-movements	movements	receipts, adjustments, transfers (sku, from, to, quantity, reason)' \
	    'stock-receipts	receipts	expected receipts (reference, sku, location, quantity, expected_at)' \
	    'shopify-products	catalogue	Shopify products export (CSV): SKU, title, weight, tags' \
	    'stock-catalogue	catalogue	product catalogue (sku, title, weight_g, length_mm, width_mm, height_mm, bin, tags)')"
	[ ! -e "$OMS_DB" ]
}

@test "a Shopify inventory export, through a profile: rows without a SKU are skipped" {
	printf 'locations:\n  - id: SHOP\n    name: Shop location\n' > oms.yaml
	run --separate-stderr oms-stock import "$SHOPIFY_INV"
	assert_failure 3
	[ "$stderr" = "oms-stock: $SHOPIFY_INV: unknown format: the header matches none of stock-snapshot, stock-movements, stock-receipts, shopify-products, stock-catalogue; name one with -f or describe the file with -p PROFILE" ]
	# Every SKU of the fixture is empty: all 67 rows are skipped.
	run --separate-stderr oms-stock import -p "$SHOPIFY_PROFILE" "$SHOPIFY_INV"
	assert_success
	[ "$output" = "$OUT" ]
	[ "$stderr" = "oms-stock: $SHOPIFY_INV: 0 new, 0 updated, 0 unchanged, 0 rejected" ]
	[ "$(sql 'SELECT count(*) FROM movements')" = 0 ]
	# Give two variants a SKU: they are stocked, the rest still skipped.
	sed '2s/,"",/,PUFF-L-LATTE,/; 10s/,"",/,LOUISE-BM-35,/' "$SHOPIFY_INV" > inv.csv
	run --separate-stderr oms-stock import -p "$SHOPIFY_PROFILE" inv.csv
	assert_success
	[ "$stderr" = "oms-stock: inv.csv: 2 new, 0 updated, 0 unchanged, 0 rejected" ]
	run sql 'SELECT sku, location, on_hand FROM stock ORDER BY sku'
	assert_output "$(printf '%s\n' 'LOUISE-BM-35|SHOP|103' 'PUFF-L-LATTE|SHOP|103')"
	[ "$(sql 'SELECT DISTINCT reason FROM movements')" = snapshot ]
	# Without a time column the count is as of the import; again, unchanged.
	run --separate-stderr oms-stock import -p "$SHOPIFY_PROFILE" inv.csv
	assert_success
	[ "$stderr" = "oms-stock: inv.csv: 0 new, 0 updated, 2 unchanged, 0 rejected" ]
	[ "$(sql 'SELECT count(*) FROM movements')" = 2 ]
}

# Configuration, usage, the ledger

@test "an error in oms.yaml: exit 2, FILE:LINE:COL, nothing touched" {
	stocked
	before=$(ledger_digest)
	printf 'locations:\n  - id: BER\n    colour: red\n' > oms.yaml
	run --separate-stderr oms-stock import s1.tsv
	assert_failure 2
	[ "$stderr" = "oms-stock: oms.yaml:3:5: locations: unknown key 'colour'" ]
	[ -z "$output" ]
	printf 'locations:\n  - id: BER\n  - [unclosed\n' > oms.yaml
	run --separate-stderr oms-stock show
	assert_failure 2
	[[ "$stderr" =~ ^oms-stock:\ oms\.yaml:[0-9]+:[0-9]+:\  ]]
	[ -z "$output" ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "--config and OMS_CONFIG must name a file that exists; ./oms.yaml need not" {
	stocked
	before=$(ledger_digest)
	run --separate-stderr oms-stock --config nosuch.yaml import s1.tsv
	assert_failure 2
	[ "$stderr" = "oms-stock: nosuch.yaml: no such file or directory" ]
	OMS_CONFIG=nosuch.yaml run --separate-stderr oms-stock show
	assert_failure 2
	[ "$stderr" = "oms-stock: nosuch.yaml: no such file or directory" ]
	# No oms.yaml: no locations, so none to count stock at.
	rm oms.yaml
	run --separate-stderr oms-stock import -q s1.tsv
	assert_failure 3
	[[ "$stderr" == "oms-stock: s1.tsv:2: field 'location': unknown location 'BER' (not in oms.yaml)"* ]]
	[ "$(ledger_digest)" = "$before" ]
}

@test "usage errors exit 2" {
	run --separate-stderr oms-stock frobnicate
	assert_failure 2
	[ "$stderr" = "oms-stock: unknown command 'frobnicate': expected import, show, verify, feed, receipts, catalogue or formats" ]
	run --separate-stderr oms-stock
	assert_failure 2
	[[ "$stderr" == *"usage: oms-stock"* ]]
	run --separate-stderr oms-stock show extra
	assert_failure 2
	[ "$stderr" = "oms-stock: show: unexpected argument 'extra'" ]
	run --separate-stderr oms-stock import -f nosuch x.tsv
	assert_failure 2
	[ "$stderr" = "oms-stock: unknown format 'nosuch': the known stock formats are stock-snapshot, stock-movements, stock-receipts, shopify-products, stock-catalogue" ]
	run --separate-stderr oms-stock import -f stock-snapshot -p "$SHOPIFY_PROFILE" x.tsv
	assert_failure 2
	[ "$stderr" = "oms-stock: -f and -p exclude each other" ]
	run oms-stock --help
	assert_success
	assert_line --index 1 --partial 'usage: oms-stock'
	# (import opens, and so creates, the ledger before it checks -f.)
	[ ! -e "$OMS_DB" ] || [ "$(sql 'SELECT count(*) FROM movements')" = 0 ]
}

@test "oms stock runs oms-stock" {
	snapshot s1.tsv MUG BER 10 "$T1"
	run --separate-stderr oms stock import s1.tsv
	assert_success
	assert_line --index 1 "$(rec MUG BER 10 10 snapshot "$T1" new '')"
	run oms stock show --network
	assert_output "$(printf '%s\n' "$SHOW" "$(rec network MUG '' 10 0 2 8)")"
	run oms stock verify
	assert_success
	run oms stock formats
	assert_line --index 1 --partial stock-snapshot
}

@test "show and verify need a ledger; they do not create one" {
	run --separate-stderr oms-stock show
	assert_failure 4
	[ "$stderr" = "oms-stock: ledger $OMS_DB: no such file (create it with oms init)" ]
	run --separate-stderr oms-stock verify
	assert_failure 4
	[ ! -e "$OMS_DB" ]
}

@test "a ledger locked by another writer: exit 5, nothing written" {
	stocked
	before=$(ledger_digest)
	( echo 'BEGIN IMMEDIATE;'; sleep 2; echo 'COMMIT;' ) | sqlite3 "$OMS_DB" &
	sleep 0.5
	tsv r.tsv 'sku to quantity reason' 'MUG BER 1 receipt'
	OMS_BUSY_TIMEOUT=200 run --separate-stderr oms-stock import r.tsv
	assert_failure 5
	[ "$stderr" = "oms-stock: ledger $OMS_DB: busy (locked by another writer), retry later" ]
	[ -z "$output" ]
	# Readers are not held up by a writer.
	OMS_BUSY_TIMEOUT=200 run oms-stock show --sku MUG
	assert_success
	assert_line --index 1 "$(rec location MUG BER 10 0 2 8)"
	wait
	[ "$(ledger_digest)" = "$before" ]
}

@test "a read-only ledger is refused for import and left unchanged" {
	stocked
	before=$(ledger_digest)
	if [ "$(id -u)" = 0 ]; then
		db="file:$OMS_DB?mode=ro"
	else
		chmod 0400 "$OMS_DB"
		db=$OMS_DB
	fi
	tsv r.tsv 'sku to quantity reason' 'MUG BER 1 receipt'
	run --separate-stderr oms-stock --db "$db" import r.tsv
	assert_failure 4
	[[ "$stderr" == "oms-stock: ledger $db: read-only"* ]]
	[ -z "$output" ]
	[ "$(ledger_digest)" = "$before" ]
	run oms-stock --db "$db" show --sku MUG
	assert_success
	assert_line --index 1 "$(rec location MUG BER 10 0 2 8)"
}

@test "a corrected count for a time already snapshotted is applied" {
	snapshot s1.tsv MUG BER 10 "$T1"
	oms-stock import -q s1.tsv > /dev/null
	snapshot s1b.tsv MUG BER 11 "$T1"
	run --separate-stderr oms-stock import -q s1b.tsv
	assert_success
	assert_line "$(rec MUG BER 1 11 snapshot "$T1" new '')"
	[ "$(on_hand MUG BER)" = 11 ]
	run oms-stock import -q s1b.tsv
	assert_line "$(rec MUG BER 0 11 snapshot "$T1" unchanged '')"
}

@test "re-reading a movements file that emptied a location is unchanged, not rejected" {
	stocked
	tsv m.tsv 'sku from quantity reason' 'TEE HAM 4 sold'
	oms-stock import -q m.tsv > /dev/null
	[ "$(on_hand TEE HAM)" = 0 ]
	before=$(ledger_digest)
	run --separate-stderr oms-stock import m.tsv
	assert_success
	[ "$stderr" = "oms-stock: m.tsv: 0 new, 0 updated, 1 unchanged, 0 rejected" ]
	[ "$(ledger_digest)" = "$before" ]
}

@test "expected receipts: imported, updated, received against, listed" {
	printf 'reference\tsku\tlocation\tquantity\texpected_at\nPO-1\tMUG\tBER\t10\t2026-12-05\nPO-1\tTEE\tBER\t4\t2026-12-05\n' > po.tsv
	run --separate-stderr oms-stock import po.tsv
	assert_success
	assert_line --index 1 "$(rec MUG BER 10 '' expected 2026-12-05T00:00:00Z new PO-1)"
	run oms-stock import -q po.tsv
	assert_line --index 1 "$(rec MUG BER 10 '' expected 2026-12-05T00:00:00Z unchanged PO-1)"
	# A receipt that names the order counts against it.
	printf 'sku\tto\tquantity\treason\treference\nMUG\tBER\t6\treceipt\tPO-1\n' > in.tsv
	oms-stock import -q in.tsv > /dev/null
	sed -i 's/\t4\t2026-12-05/\t5\t2026-12-07/' po.tsv
	run oms-stock import -q po.tsv
	assert_line --index 2 "$(rec TEE BER 5 '' expected 2026-12-07T00:00:00Z updated PO-1)"
	run oms-stock receipts
	assert_success
	assert_output "$(printf '%s\n' 'reference	sku	location	quantity	received	outstanding	expected_at' \
	    'PO-1	MUG	BER	10	6	4	2026-12-05T00:00:00Z' \
	    'PO-1	TEE	BER	5	0	5	2026-12-07T00:00:00Z')"
	run oms-stock receipts --sku TEE
	assert_line --index 1 'PO-1	TEE	BER	5	0	5	2026-12-07T00:00:00Z'
}

@test "expected receipts: a receipt recorded before its purchase order line counts against it" {
	oms init 2>/dev/null
	# The goods arrive (and are booked) before the buyer enters the order.
	printf 'sku\tto\tquantity\treason\treference\nMUG\tBER\t6\treceipt\tPO-9\nMUG\tHAM\t2\treceipt\tPO-9\nMUG\tBER\t3\treceipt\tPO-8\n' > in.tsv
	oms-stock import -q in.tsv > /dev/null
	printf 'reference\tsku\tlocation\tquantity\texpected_at\nPO-9\tMUG\tBER\t10\t2026-12-05\nPO-9\tTEE\tBER\t4\t2026-12-05\n' > po.tsv
	oms-stock import -q po.tsv > /dev/null
	run oms-stock receipts
	assert_success
	assert_output "$(printf '%s\n' 'reference	sku	location	quantity	received	outstanding	expected_at' \
	    'PO-9	MUG	BER	10	6	4	2026-12-05T00:00:00Z' \
	    'PO-9	TEE	BER	4	0	4	2026-12-05T00:00:00Z')"
	# A line with no location counts receipts anywhere, up to its quantity.
	printf 'reference\tsku\tquantity\texpected_at\nPO-9\tMUG\t7\t2026-12-06\n' > po2.tsv
	oms-stock import -q po2.tsv > /dev/null
	[ "$(sql "SELECT received FROM expected_receipts WHERE location IS NULL")" = 7 ]
}

@test "expected receipts: a date and a reference are required" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	printf 'reference\tsku\tlocation\tquantity\texpected_at\nPO-1\tMUG\tBER\t10\t\n\tMUG\tBER\t1\t2026-12-01\nPO-2\tMUG\tNOWHERE\t1\t2026-12-01\n' > po.tsv
	run --separate-stderr oms-stock import po.tsv
	assert_failure 3
	assert_line --index 1 --partial "line 2: field 'at': empty: an expected receipt needs its date"
	assert_line --index 2 --partial "line 3: field 'reference': empty"
	assert_line --index 3 --partial "line 4: field 'location': unknown location 'NOWHERE'"
	[ "$(ledger_digest)" = "$before" ]
}

@test "a stock import killed mid-file leaves the ledger as it was; a re-run completes it" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	# A file that stalls after its first thousand rows: the import is
	# inside its transaction, with movements written, when killed.
	{ printf 'id\tsku\tto\tquantity\treason\n'
	  for i in $(seq 1 1200); do printf 'r%d\tS%d\tBER\t1\treceipt\n' "$i" "$((i % 50))"; done
	  sleep 5; } | oms-stock import -q > /dev/null 2>&1 &
	pid=$!
	sleep 1
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	[ "$(ledger_digest)" = "$before" ]
	[ "$(sql 'PRAGMA integrity_check')" = ok ]
	{ printf 'id\tsku\tto\tquantity\treason\n'
	  for i in $(seq 1 1200); do printf 'r%d\tS%d\tBER\t1\treceipt\n' "$i" "$((i % 50))"; done; } > all.tsv
	oms-stock import -q all.tsv > /dev/null
	[ "$(sql 'SELECT sum(on_hand) FROM stock')" = 1200 ]
	oms-stock verify
}

@test "an orders profile is refused: order exports go to oms-import" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	run --separate-stderr oms-stock import -p "$REPO/profiles/shopify.yaml" \
	    "$FIXTURES/shopify/orders_export_devstore_snowboards.csv"
	assert_failure 2
	[ "$stderr" = "oms-stock: $REPO/profiles/shopify.yaml: an orders profile: order exports go to oms-import" ]
	[ "$(ledger_digest)" = "$before" ]
}
