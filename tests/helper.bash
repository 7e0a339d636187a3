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
sql() {
	sqlite3 -batch -noheader "$OMS_DB" "$@"
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
