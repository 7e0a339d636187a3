# Shared by every bats file: a fresh ledger per test, the built tools on
# PATH, bats-support and bats-assert loaded.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

REPO="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
FIXTURES="$REPO/tests/fixtures"
SHARED="$REPO/../shared"
export PATH="$REPO/bin:$PATH"
export MANPATH="$REPO/man:"

setup() {
	export OMS_DB="$BATS_TEST_TMPDIR/oms.db"
	export OMS_BUSY_TIMEOUT=2000
	cd "$BATS_TEST_TMPDIR" || return 1
}

# sql QUERY: run a query against the test ledger, one row per line.
# It waits for a lock as the tools do: a process just killed may hold
# one for a moment, and a hot journal it left is rolled back under one.
sql() {
	sqlite3 -batch -noheader -cmd '.timeout 5000' "$OMS_DB" "$@"
}

# ledger_digest: a fingerprint of everything in the ledger, to prove
# that a failed command changed nothing.
ledger_digest() {
	if [ ! -e "$OMS_DB" ]; then
		echo "no ledger"
		return
	fi
	sqlite3 -batch "$OMS_DB" .dump | sha256sum
}

# field NAME: print column NAME of a TSV stream on stdin (header line
# first), one value per record.
field() {
	awk -F '\t' -v name="$1" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) col = i; next }
		col { print $col }'
}

# use_shared PATH: set $shared_file to ../shared/PATH, or skip the test
# where the shared data sets are not laid out beside the repository.
# (Not a $(...) function: skip must run in the test's own shell.)
use_shared() {
	shared_file="$SHARED/$1"
	[ -e "$shared_file" ] || skip "../shared/$1 not present"
}

# After every test, the ledger it leaves must keep every rule: the whole
# suite is a test of oms-check's rules, and they of the suite.  A test
# that breaks the ledger on purpose says why in OMS_CHECK_SKIP.
teardown() {
	local out rc=0

	[ -z "${OMS_CHECK_SKIP:-}" ] || return 0
	[ -s "${OMS_DB:-}" ] || return 0
	out=$("$REPO/bin/oms-check" --db "$OMS_DB" 2>&1 >/dev/null) || rc=$?
	if [ "$rc" -ne 0 ]; then
		printf 'oms-check after the test (exit %d):\n%s\n' "$rc" "$out" >&2
		return 1
	fi
}

# ledger_canonical DB: what the ledger holds, without what differs
# between two runs that did the same work: wall-clock times, the ids of
# events, movements and reservations, which import last saw an order,
# and the imports table (one row per run).  Every table, every other
# column, rows in a fixed order; a new table is included by itself.
VOLATILE_COLUMNS="'at', 'created_at', 'updated_at', 'recorded_at', 'sent_at', 'ended_at', 'started_at', 'import_id', 'first_import_id', 'event_id', 'movement_id', 'reservation_id', 'routed_at', 'day', 'released_at', 'wave', 'picked_at', 'packed_at', 'closed_at', 'status_at', 'shipped_at', 'confirmed_at', 'expected_by', 'delayed_at'"
ledger_canonical() {
	local db=$1 table cols
	for table in $(sqlite3 -batch "$db" "SELECT name FROM sqlite_schema
	    WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
	    AND name <> 'imports' ORDER BY name"); do
		cols=$(sqlite3 -batch "$db" "SELECT group_concat(name, ', ')
		    FROM pragma_table_info('$table')
		    WHERE name NOT IN ($VOLATILE_COLUMNS)")
		echo "== $table"
		sqlite3 -batch "$db" "SELECT $cols FROM $table ORDER BY $cols"
	done
}
