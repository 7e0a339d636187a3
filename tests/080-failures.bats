#!/usr/bin/env bats
# A full disk and a ledger that cannot be written: every tool that writes
# the ledger exits 4 with one clear line, the ledger as it was, and the
# same command succeeds once the operator has fixed the cause.
#
# The full disk is tests/helpers/enospc.c, preloaded: it lets a budget of
# bytes be written to the ledger's files, then fails every write with
# ENOSPC.  The budgets come from a run with room on a copy of the ledger
# (measure), so that they fall before, inside and at the end of the
# transaction's WAL writes, and into the checkpoint after the commit.

load helper

setup_file() {
	cc -shared -fPIC -o "$BATS_FILE_TMPDIR/enospc.so" \
	    "$BATS_TEST_DIRNAME/helpers/enospc.c" -ldl
	# An export too large for the ledger's page cache (16 MB), so that
	# SQLite spills pages to the WAL before the commit.
	cc -O2 -o "$BATS_FILE_TMPDIR/gen-orders" \
	    "$BATS_TEST_DIRNAME/../bench/gen-orders.c"
	"$BATS_FILE_TMPDIR/gen-orders" 30000 > "$BATS_FILE_TMPDIR/big.csv"
}

setup() {
	export OMS_DB="$BATS_TEST_TMPDIR/oms.db"
	export OMS_CONFIG="$BATS_TEST_TMPDIR/oms.yaml"
	export OMS_BUSY_TIMEOUT=2000
	cd "$BATS_TEST_TMPDIR" || return 1
	cat > oms.yaml <<'YAML'
locations:
  - id: WH1
    channels: [shopify]
YAML
}

SNOW="$FIXTURES/shopify/orders_export_devstore_snowboards.csv"
HDR='Name,Email,Financial Status,Fulfillment Status,Currency,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem requires shipping,Shipping Name,Shipping Address1,Shipping City,Shipping Zip,Shipping Country'

# full BUDGET CMD...: run CMD on a disk that is full once BUDGET bytes
# have gone to the ledger's files.  AddressSanitizer wants to come first
# among the libraries: it is told not to mind the shim.
full() {
	local budget=$1
	shift
	env LD_PRELOAD="$BATS_FILE_TMPDIR/enospc.so" \
	    OMS_TEST_ENOSPC_AFTER="$budget" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    "$@"
}

# measure CMD...: run CMD with room on a copy of the ledger, in clean/,
# and set wal, db and journal to the bytes it wrote to the WAL (the
# transactions), to the ledger file (the checkpoint after the commit)
# and to a rollback journal (only to make a new ledger a WAL one).
measure() {
	local log="$BATS_TEST_TMPDIR/measure.log"
	mkdir -p clean
	rm -f clean/* "$log"
	[ ! -e "$OMS_DB" ] || cp "$OMS_DB" clean/oms.db
	OMS_DB="$PWD/clean/oms.db" env LD_PRELOAD="$BATS_FILE_TMPDIR/enospc.so" \
	    OMS_TEST_ENOSPC_LOG="$log" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    "$@" > /dev/null 2>&1
	read -r wal db journal < "$log"
	[ "$wal" -gt 0 ] && [ "$db" -gt 0 ]
}

# contents DB: a fingerprint of the ledger DB without the times at which
# tools wrote (they differ between two runs of the same command).
contents() {
	sqlite3 -batch "$1" .dump |
	    sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/T/g' |
	    sha256sum
}

# fails_cleanly TOOL BUDGET CMD...: CMD on a disk that fills after BUDGET
# bytes exits 4 with the one line TOOL: ledger PATH: disk full, cannot
# WHAT: free space and run again, writes no record (oms-allocate writes
# its header line first), and leaves the ledger as it was and whole.
# Adds WHAT to $steps.
fails_cleanly() {
	local tool=$1 budget=$2 before what
	shift 2
	before=$(ledger_digest)
	run --separate-stderr full "$budget" "$@"
	if [ "$status" -ne 4 ]; then
		echo "budget $budget: exit $status, not 4: $stderr"
		return 1
	fi
	what=${stderr#"$tool: ledger $OMS_DB: disk full, cannot "}
	what=${what%": free space and run again"}
	if [ "$what" = "$stderr" ] || [[ "$stderr" == *$'\n'* ]] ||
	    [ "$stderr" != "$tool: ledger $OMS_DB: disk full, cannot $what: free space and run again" ]; then
		echo "budget $budget: unexpected message: $stderr"
		return 1
	fi
	if [ -n "$output" ] && [ "$(printf '%s\n' "$output" | wc -l)" -gt 1 ]; then
		echo "budget $budget: records of a transaction that failed: ${output:0:200}"
		return 1
	fi
	if [ "$(ledger_digest)" != "$before" ]; then
		echo "budget $budget ($what): the ledger changed"
		return 1
	fi
	[ ! -e "$OMS_DB" ] || [ "$(sql 'PRAGMA integrity_check')" = ok ]
	steps="$steps${steps:+, }$what"
}

# converges CMD...: with room again, CMD succeeds and leaves the ledger
# as the run with room on the copy (measure) left it.
converges() {
	run --separate-stderr "$@"
	assert_success
	[ "$(sql 'PRAGMA integrity_check')" = ok ]
	[ "$(contents "$OMS_DB")" = "$(contents clean/oms.db)" ]
}

# stocked: a ledger with 200 SKUs of stock at WH1, in s.tsv.
stocked() {
	oms init 2>/dev/null
	awk 'BEGIN { print "sku\tlocation\ton_hand"
		for (i = 1; i <= 200; i++) printf "SKU-%03d\tWH1\t%d\n", i, i }' > s.tsv
	oms-stock import -q s.tsv > /dev/null
}

@test "disk full: oms-import of an export larger than the page cache fails while it writes and at the commit, the ledger unchanged, then imports it" {
	big="$BATS_FILE_TMPDIR/big.csv"
	oms init 2>/dev/null
	measure oms-import -q "$big"
	steps=
	for b in 0 4096 $((wal / 100)) $((wal / 20)) $((wal / 2)) $((wal - 1)); do
		fails_cleanly oms-import "$b" oms-import -q "$big"
	done
	echo "failed at: $steps"
	# Both in the transaction (pages spilled to the WAL) and at the commit.
	[[ "$steps" == *"commit"* ]]
	[[ "$steps" == *"record an order's status"* || "$steps" == *"add an order line"* ]]
	converges oms-import -q "$big"
	[ "$(sql 'SELECT count(*) FROM orders')" = 30000 ]
}

@test "disk full after the commit, while checkpointing: the import stands and the ledger is whole" {
	big="$BATS_FILE_TMPDIR/big.csv"
	oms init 2>/dev/null
	cp "$OMS_DB" empty.db
	measure oms-import -q "$big"
	clean=$(contents clean/oms.db)
	for b in $wal $((wal + db / 2)) $((wal + db - 1)); do
		cp empty.db "$OMS_DB"
		rm -f "$OMS_DB-wal" "$OMS_DB-shm"
		run --separate-stderr full "$b" oms-import -q "$big"
		assert_success
		[ -z "$stderr" ]
		[ "$(printf '%s\n' "$output" | wc -l)" = 30001 ]
		# The commit is in the WAL; the next to open the ledger reads it.
		[ "$(sql 'PRAGMA integrity_check')" = ok ]
		[ "$(contents "$OMS_DB")" = "$clean" ]
	done
}

@test "disk full on the second file of an oms-import: the first stays imported with its records, a re-run takes the second" {
	oms init 2>/dev/null
	{ echo "$HDR"; awk 'BEGIN { for (i = 1; i <= 300; i++)
		printf "#%d,c%d@example.com,paid,unfulfilled,EUR,2025-05-01 10:00:00 +0000,1,Mug,1.00,SKU-%03d,true,Ann,1 Main St,Ottawa,K2P 2L8,CA\n", i, i, i % 200 + 1 }'; } > a.csv
	measure oms-import -q a.csv
	first=$wal
	measure oms-import -q a.csv "$SNOW"
	# Each file is its own transaction: the first commits, then the
	# disk fills in the second's.
	for b in $((first + (wal - first) / 2)) $((wal - 1)); do
		rm -f "$OMS_DB"* && oms init 2>/dev/null
		run --separate-stderr full "$b" oms-import -q a.csv "$SNOW"
		assert_failure 4
		[ "$stderr" = "oms-import: ledger $OMS_DB: disk full, cannot commit: free space and run again" ]
		[ "$(printf '%s\n' "$output" | field action | sort | uniq -c | xargs)" = "300 new" ]
		[ "$(sql 'SELECT count(*) FROM orders')" = 300 ]
		[ "$(sql 'PRAGMA integrity_check')" = ok ]
	done
	run --separate-stderr oms-import -q a.csv "$SNOW"
	assert_success
	[ "$(printf '%s\n' "$output" | field action | sort | uniq -c | xargs)" = "19 new 300 unchanged" ]
	[ "$(sql 'SELECT count(*) FROM orders')" = 319 ]
}

@test "disk full: oms-stock import of counts fails, the ledger unchanged, then imports them" {
	stocked
	awk 'BEGIN { print "sku\tlocation\ton_hand"
		for (i = 1; i <= 200; i++) printf "SKU-%03d\tWH1\t%d\n", i, i + 5 }' > s2.tsv
	measure oms-stock import -q s2.tsv
	steps=
	for b in 0 1 $((wal / 4)) $((wal / 2)) $((wal * 3 / 4)) $((wal - 1)); do
		fails_cleanly oms-stock "$b" oms-stock import -q s2.tsv
	done
	echo "failed at: $steps"
	converges oms-stock import -q s2.tsv
	oms-stock verify
}

@test "disk full: oms-stock import of expected receipts fails, the ledger unchanged, then imports them" {
	stocked
	awk 'BEGIN { print "reference\tsku\tlocation\tquantity\texpected_at"
		for (i = 1; i <= 200; i++) printf "PO-%d\tSKU-%03d\tWH1\t%d\t2026-12-05\n", i % 7, i, i }' > po.tsv
	measure oms-stock import -q -f stock-receipts po.tsv
	steps=
	for b in 0 1 $((wal / 3)) $((wal * 2 / 3)) $((wal - 1)); do
		fails_cleanly oms-stock "$b" oms-stock import -q -f stock-receipts po.tsv
	done
	echo "failed at: $steps"
	converges oms-stock import -q -f stock-receipts po.tsv
	[ "$(oms-stock receipts | wc -l)" = 201 ]
}

@test "disk full: oms-stock feed fails before it writes the feed, the ledger unchanged, then sends it" {
	stocked
	measure oms-stock feed --channel shopify
	steps=
	for b in 0 1 $((wal / 2)) $((wal - 1)); do
		fails_cleanly oms-stock "$b" oms-stock feed --channel shopify
	done
	echo "failed at: $steps"
	converges oms-stock feed --channel shopify
	[ "$(printf '%s\n' "$output" | wc -l)" = 201 ]
}

@test "disk full: oms-allocate fails, no reservation and no record, then allocates" {
	stocked
	{ echo "$HDR"; awk 'BEGIN { for (i = 1; i <= 300; i++)
		printf "#%d,c%d@example.com,paid,unfulfilled,EUR,2025-05-01 10:00:00 +0000,2,Mug,1.00,SKU-%03d,true,Ann,1 Main St,Ottawa,K2P 2L8,CA\n", i, i, i % 200 + 1 }'; } > o.csv
	oms-import -q o.csv > /dev/null
	measure oms-allocate -q --pending
	steps=
	for b in 0 1 $((wal / 4)) $((wal / 2)) $((wal * 3 / 4)) $((wal - 1)); do
		fails_cleanly oms-allocate "$b" oms-allocate -q --pending
	done
	echo "failed at: $steps"
	converges oms-allocate -q --pending
	[ "$(printf '%s\n' "$output" | wc -l)" = 301 ]
	oms-stock verify
}

@test "disk full: oms-route and oms-order fail, nothing routed, held or cancelled, then succeed" {
	stocked
	{ echo "$HDR"; awk 'BEGIN { for (i = 1; i <= 300; i++)
		printf "#%d,c%d@example.com,paid,unfulfilled,EUR,2025-05-01 10:00:00 +0000,2,Mug,1.00,SKU-%03d,true,Ann,1 Main St,Ottawa,K2P 2L8,CA\n", i, i, i % 200 + 1 }'; } > o.csv
	oms-import -q o.csv > /dev/null
	oms-allocate -q --pending > /dev/null
	measure oms-route -q --pending
	steps=
	for b in 0 1 $((wal / 4)) $((wal / 2)) $((wal * 3 / 4)) $((wal - 1)); do
		fails_cleanly oms-route "$b" oms-route -q --pending
	done
	echo "failed at: $steps"
	converges oms-route -q --pending
	[ "$(sql "SELECT count(*) FROM order_state WHERE status = 'routed'")" -gt 250 ]
	measure oms-order cancel -q --by ops 1 2 3
	steps=
	for b in 0 1 $((wal / 2)) $((wal - 1)); do
		fails_cleanly oms-order "$b" oms-order cancel -q --by ops 1 2 3
	done
	echo "failed at: $steps"
	converges oms-order cancel -q --by ops 1 2 3
	[ "$(sql "SELECT count(*) FROM order_state WHERE status = 'cancelled'")" = 3 ]
}

@test "disk full: oms-fulfil release fails, nothing released and no pick list, then releases" {
	stocked
	{ echo "$HDR"; awk 'BEGIN { for (i = 1; i <= 300; i++)
		printf "#%d,c%d@example.com,paid,unfulfilled,EUR,2025-05-01 10:00:00 +0000,2,Mug,1.00,SKU-%03d,true,Ann,1 Main St,Ottawa,K2P 2L8,CA\n", i, i, i % 200 + 1 }'; } > o.csv
	oms-import -q o.csv > /dev/null
	oms-allocate -q --pending > /dev/null
	oms-route -q --pending > /dev/null
	measure oms-fulfil release -q
	steps=
	for b in 0 1 $((wal / 3)) $((wal * 2 / 3)) $((wal - 1)); do
		fails_cleanly oms-fulfil "$b" oms-fulfil release -q
	done
	echo "failed at: $steps"
	converges oms-fulfil release -q
	[ "$(sql "SELECT count(*) FROM order_state WHERE status = 'released'")" -gt 250 ]
}

@test "disk full: oms-fulfil confirm fails, nothing confirmed, then confirms" {
	stocked
	{ echo "$HDR"; awk 'BEGIN { for (i = 1; i <= 300; i++)
		printf "#%d,c%d@example.com,paid,unfulfilled,EUR,2025-05-01 10:00:00 +0000,2,Mug,1.00,SKU-%03d,true,Ann,1 Main St,Ottawa,K2P 2L8,CA\n", i, i, i % 200 + 1 }'; } > o.csv
	oms-import -q o.csv > /dev/null
	oms-allocate -q --pending > /dev/null
	oms-route -q --pending > /dev/null
	oms-fulfil release -q > picks.tsv
	awk -F '\t' -f "$REPO/tests/crash/confirmations.awk" picks.tsv > conf.tsv
	measure oms-fulfil confirm -q conf.tsv
	steps=
	for b in 0 1 $((wal / 3)) $((wal * 2 / 3)) $((wal - 1)); do
		fails_cleanly oms-fulfil "$b" oms-fulfil confirm -q conf.tsv
	done
	echo "failed at: $steps"
	converges oms-fulfil confirm -q conf.tsv
	[ "$(sql "SELECT count(*) FROM shipment_groups WHERE status = 'packed'")" -gt 200 ]
	[ "$(sql "SELECT count(*) FROM shipment_groups WHERE status = 'rejected'")" -gt 30 ]
}

# packed: 200 orders of two mugs for Canada, routed, released and packed
# (900 g a parcel), with a carrier for Canada and notification templates.
packed() {
	stocked
	{ echo "$HDR"; awk 'BEGIN { for (i = 1; i <= 200; i++)
		printf "#%d,c%d@example.com,paid,unfulfilled,EUR,2025-05-01 10:00:00 +0000,2,Mug,1.00,SKU-%03d,true,Ann,1 Main St,Ottawa,K2P 2L8,CA\n", i, i, i % 200 + 1 }'; } > o.csv
	cat >> "$OMS_CONFIG" <<'YAML'
carriers:
  - code: post
    tracking: {scheme: s10, prefix: RR, country: CA, first: 1, last: 99999999}
    zones: [{name: ca, countries: [CA]}]
    services:
      - code: parcel
        transit_days: 3
        rates: {ca: [{up_to: 30kg, price: 9.99 EUR}]}
notifications:
  templates:
    shipped: {subject: "Order {order} shipped", body: "Parcel {tracking}."}
    delivered: {subject: "Order {order} delivered", body: "At {location}."}
YAML
	oms-import -q o.csv > /dev/null
	oms-allocate -q --pending > /dev/null
	oms-route -q --pending > /dev/null
	oms-fulfil release -q > picks.tsv
	awk -F '\t' 'BEGIN { print "group\tstatus\tweight_g" } NR > 1 && !s[$12]++ { print $12 "\tpacked\t900" }' picks.tsv > conf.tsv
	oms-fulfil confirm -q conf.tsv > /dev/null
}

@test "disk full: oms-ship label and ship fail, nothing labelled or shipped twice, then converge" {
	packed
	measure oms-ship label -q --format zpl
	# Labelling commits its plans before it makes labels (a carrier
	# cannot be rolled back): a failure keeps them, and never records a
	# tracking number twice or without its label; the run again ends
	# where an unbroken run does.
	for b in 0 1 $((wal / 3)) $((wal * 2 / 3)) $((wal - 1)); do
		run --separate-stderr full "$b" oms-ship label -q --format zpl
		# What an earlier run committed is not written again.
		[ "$status" -ne 0 ] || break
		[ "$status" -eq 4 ] || { echo "budget $b: exit $status: $stderr"; false; }
		[[ "$stderr" == "oms-ship: ledger $OMS_DB: disk full, cannot "*": free space and run again" ]]
		[ "$(sql 'PRAGMA integrity_check')" = ok ]
		[ "$(sql "SELECT count(*) FROM parcels WHERE tracking_no IS NOT NULL AND status <> 'labelled'")" = 0 ]
		oms-check -q >/dev/null
	done
	converges oms-ship label -q --format zpl
	[ "$(sql "SELECT count(*) FROM parcels WHERE status = 'labelled'")" -gt 150 ]
	[ "$(sql "SELECT count(DISTINCT tracking_no) FROM parcels")" = "$(sql "SELECT count(*) FROM parcels")" ]
	measure oms-ship ship -q
	steps=
	for b in 0 1 $((wal / 3)) $((wal * 2 / 3)) $((wal - 1)); do
		fails_cleanly oms-ship "$b" oms-ship ship -q
	done
	echo "failed at: $steps"
	converges oms-ship ship -q
	[ "$(sql "SELECT count(*) FROM shipment_groups WHERE status = 'shipped'")" -gt 150 ]
}

@test "disk full: oms-track import and notify fail, nothing applied or sent, then converge" {
	packed
	oms-ship label -q --format zpl > /dev/null
	oms-ship ship -q > /dev/null
	oms-ship confirmations -q --channel shopify --since 2000-01-01 --format tsv > shipped.tsv
	awk -F '\t' -f "$REPO/tests/crash/events.awk" shipped.tsv > events.tsv
	measure oms-track import -q events.tsv
	steps=
	for b in 0 1 $((wal / 3)) $((wal * 2 / 3)) $((wal - 1)); do
		fails_cleanly oms-track "$b" oms-track import -q events.tsv
	done
	echo "failed at: $steps"
	converges oms-track import -q events.tsv
	[ "$(sql "SELECT count(*) FROM parcels WHERE status = 'delivered'")" -gt 30 ]
	measure oms-track notify -q
	steps=
	for b in 0 1 $((wal / 2)) $((wal - 1)); do
		fails_cleanly oms-track "$b" oms-track notify -q
	done
	echo "failed at: $steps"
	converges oms-track notify -q
	[ "$(sql "SELECT count(*) FROM notifications")" -gt 150 ]
}

@test "disk full: oms init migrating a ledger fails, the ledger still at its old schema, then migrates it" {
	sqlite3 "$OMS_DB" < "$FIXTURES/ledger-v1.sql"
	measure oms init
	steps=
	for b in 0 1 $((wal / 3)) $((wal * 2 / 3)) $((wal - 1)); do
		fails_cleanly oms "$b" oms init
	done
	echo "failed at: $steps"
	[ "$(sql 'PRAGMA user_version')" = 1 ]
	converges oms init
	[ "$(sql 'PRAGMA user_version')" = 6 ]
}

@test "disk full: oms init of a new ledger fails, leaving an empty database with no schema, then creates it" {
	measure oms init
	# SQLite first makes the new file a WAL database, through a rollback
	# journal, then creates the schema in the WAL.
	steps=
	for b in 0 1 $journal $((journal + 4096 + wal / 2)) $((journal + 4096 + wal - 1)); do
		rm -f "$OMS_DB"*
		run --separate-stderr full "$b" oms init
		assert_failure 4
		what=${stderr#"oms: ledger $OMS_DB: disk full, cannot "}
		what=${what%": free space and run again"}
		[ "$stderr" = "oms: ledger $OMS_DB: disk full, cannot $what: free space and run again" ]
		steps="$steps${steps:+, }$what"
		# The file is made (mode 0600) before SQLite writes to it; it
		# holds no table, no schema version.
		[ "$(stat -c %a "$OMS_DB")" = 600 ]
		[ "$(sql 'SELECT count(*) FROM sqlite_schema')" = 0 ]
		[ "$(sql 'PRAGMA user_version')" = 0 ]
		[ "$(sql 'PRAGMA integrity_check')" = ok ]
	done
	echo "failed at: $steps"
	[ "$steps" = "set WAL, set WAL, set WAL, migrate, migrate" ]
	converges oms init
	[ "$(sql 'PRAGMA user_version')" = 6 ]
}

@test "a quota spent (EDQUOT) is an I/O error for SQLite: exit 4, the ledger unchanged" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	run --separate-stderr env OMS_TEST_ENOSPC_ERRNO=122 \
	    LD_PRELOAD="$BATS_FILE_TMPDIR/enospc.so" OMS_TEST_ENOSPC_AFTER=4096 \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    oms-import -q "$SNOW"
	assert_failure 4
	[ "$stderr" = "oms-import: ledger $OMS_DB: commit: disk I/O error" ]
	[ -z "$output" ]
	[ "$(ledger_digest)" = "$before" ]
}

# as_user CMD...: run CMD as the owner of the ledger, someone whom file
# modes bind: as root, user 65534, through setpriv (see user_dir).
as_user() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

# user_dir: put the ledger in ./ledger, a directory of the user that
# as_user runs as; skip where there is no such user to be.
user_dir() {
	mkdir ledger
	export OMS_DB="$PWD/ledger/oms.db"
	[ "$(id -u)" = 0 ] || return 0
	command -v setpriv > /dev/null ||
	    skip "root ignores file modes, and setpriv (util-linux) is missing to run as another user"
	chmod o+x "$BATS_RUN_TMPDIR" "$BATS_RUN_TMPDIR/test" "$BATS_TEST_TMPDIR"
	chown 65534:65534 ledger
	as_user test -w ledger ||
	    skip "user 65534 cannot reach $BATS_TEST_TMPDIR"
}

# writers_refused PATTERN: each tool that writes exits 4 with the line
# TOOL: ledger PATH: PATTERN, and writes no record.
writers_refused() {
	local t
	for t in "oms-import -q $SNOW" "oms-stock import -q s2.tsv" \
	    "oms-stock import -q -f stock-receipts po.tsv" \
	    "oms-stock feed --channel shopify" "oms-allocate -q --pending" \
	    "oms init"; do
		run --separate-stderr as_user $t
		tool=${t%% *}
		if [ "$status" -ne 4 ] || [[ "$stderr" != "$tool: ledger $OMS_DB: "$1 ]] || [ -n "$output" ]; then
			echo "$t: exit $status, stderr: $stderr, output: ${output:0:200}"
			return 1
		fi
	done
}

# inputs: what the writers read, readable by as_user.
inputs() {
	printf 'sku\tlocation\ton_hand\nSKU-001\tWH1\t9\n' > s2.tsv
	printf 'reference\tsku\tlocation\tquantity\texpected_at\nPO-1\tSKU-001\tWH1\t5\t2026-12-05\n' > po.tsv
	chmod 0644 s2.tsv po.tsv oms.yaml
}

@test "read-only ledger file: every writer says so and exits 4, the readers still read, the ledger unchanged" {
	user_dir
	as_user oms init 2>/dev/null
	inputs
	as_user oms-stock import -q s2.tsv > /dev/null
	before=$(ledger_digest)
	chmod 0444 "$OMS_DB"
	writers_refused "read-only, cannot write: Permission denied"
	# The readers work: they need only the -shm index, which they
	# create beside the ledger.
	run --separate-stderr as_user oms-stock show --sku SKU-001
	assert_success
	assert_line --index 1 "$(printf 'location\tSKU-001\tWH1\t9\t0\t0\t9')"
	run --separate-stderr as_user oms-stock receipts
	assert_success
	run --separate-stderr as_user oms-stock verify
	assert_success
	chmod 0600 "$OMS_DB"
	[ "$(ledger_digest)" = "$before" ]
	[ "$(sql 'PRAGMA integrity_check')" = ok ]
}

@test "a -shm left read-only by a reader of a read-only ledger is named, and once fixed the writers write" {
	user_dir
	as_user oms init 2>/dev/null
	inputs
	# (Taken first: sqlite3 as root would tidy the index away.)
	before=$(ledger_digest)
	chmod 0444 "$OMS_DB"
	as_user oms-stock show > /dev/null
	chmod 0600 "$OMS_DB"
	# The reader made the index with the ledger's mode of then.
	[ -e "$OMS_DB-shm" ] && [ "$(stat -c %a "$OMS_DB-shm")" = 444 ]
	run --separate-stderr as_user oms-stock import -q s2.tsv
	assert_failure 4
	[ "$stderr" = "oms-stock: ledger $OMS_DB: read-only, cannot begin a transaction: $OMS_DB-shm is not writable (give it the ledger's owner and mode)" ]
	[ -z "$output" ]
	chmod 0600 "$OMS_DB-shm"
	[ "$(ledger_digest)" = "$before" ]
	run as_user oms-stock import -q s2.tsv
	assert_success
	[ "$(sql "SELECT on_hand FROM stock WHERE sku = 'SKU-001'")" = 9 ]
}

@test "read-only directory: every tool says the directory must be writable and exits 4, the ledger unchanged" {
	user_dir
	as_user oms init 2>/dev/null
	inputs
	as_user oms-stock import -q s2.tsv > /dev/null
	before=$(ledger_digest)
	[ ! -e "$OMS_DB-wal" ] && [ ! -e "$OMS_DB-shm" ]
	chmod 0555 ledger
	writers_refused "read-only directory, cannot * the directory must be writable for the ledger's -wal and -shm files"
	# A reader needs them too: SQLite cannot read a WAL ledger without.
	run --separate-stderr as_user oms-stock show
	assert_failure 4
	[ "$stderr" = "oms-stock: ledger $OMS_DB: read-only directory, cannot configure: the directory must be writable for the ledger's -wal and -shm files" ]
	[ -z "$output" ]
	# A new ledger cannot be made there either.
	run --separate-stderr as_user oms init --db "$PWD/ledger/new.db"
	assert_failure 4
	[ "$stderr" = "oms: ledger $PWD/ledger/new.db: cannot create: Permission denied" ]
	chmod 0755 ledger
	[ "$(ledger_digest)" = "$before" ]
	run as_user oms-stock import -q s2.tsv
	assert_success
}
