#!/usr/bin/env bats
# The front command: dispatch to oms-*, help, init, version.

load helper

@test "oms --version prints the version from VERSION" {
	run oms --version
	assert_success
	assert_output "oms $(cat "$REPO/VERSION")"
}

@test "oms with no command prints usage and exits 2" {
	run --separate-stderr oms
	assert_failure 2
	[[ "$stderr" == *"usage: oms"* ]]
}

@test "oms help lists installed oms-* commands with their summary" {
	run oms help
	assert_success
	assert_line --regexp '^  import +capture orders from marketplace exports$'
	assert_line --regexp '^  init +create an empty ledger$'
}

@test "oms help lists an operator's own oms-* script found on PATH" {
	mkdir bin
	printf '#!/bin/sh\necho "oms-hello - say hello"\n' > bin/oms-hello
	chmod +x bin/oms-hello
	PATH="$PWD/bin:$PATH" run oms help
	assert_success
	assert_line --regexp '^  hello +say hello$'
}

@test "oms COMMAND runs oms-COMMAND with its arguments and exit status" {
	mkdir bin
	printf '#!/bin/sh\necho "args: $*"\nexit 7\n' > bin/oms-echo
	chmod +x bin/oms-echo
	PATH="$PWD/bin:$PATH" run oms echo a 'b c'
	assert_failure 7
	assert_output "args: a b c"
}

@test "oms import is oms-import" {
	run oms import --version
	assert_success
	assert_output "oms-import $(cat "$REPO/VERSION")"
}

@test "oms unknown command is a clear error with status 2" {
	run --separate-stderr oms frobnicate
	assert_failure 2
	[ "$stderr" = "oms: unknown command 'frobnicate': see 'oms help'" ]
}

@test "oms refuses a command name with a slash" {
	run --separate-stderr oms ../../bin/sh
	assert_failure 2
	[[ "$stderr" == *"unknown command"* ]]
}

@test "oms help import shows the manual page" {
	command -v man >/dev/null || skip "man is not installed"
	run env MANPAGER=cat PAGER=cat MANWIDTH=80 oms help import
	assert_success
	assert_output --partial "oms-import"
	assert_output --partial "SYNOPSIS"
}

@test "oms help for a command without a manual falls back to --help" {
	mkdir bin
	printf '#!/bin/sh\necho "oms-nomanual - no manual here"\n' > bin/oms-nomanual
	chmod +x bin/oms-nomanual
	PATH="$PWD/bin:$PATH" run env MANPAGER=cat oms help nomanual
	assert_success
	assert_output "oms-nomanual - no manual here"
}

@test "oms init creates an empty ledger, mode 0600, current schema" {
	run --separate-stderr oms init
	assert_success
	[[ "$stderr" == *"created ledger $OMS_DB (schema version 6)"* ]]
	[ "$(stat -c %a "$OMS_DB")" = 600 ]
	[ "$(sql 'PRAGMA user_version')" = 6 ]
	[ "$(sql 'PRAGMA journal_mode')" = wal ]
	[ "$(sql 'SELECT count(*) FROM orders')" = 0 ]
}

@test "oms init on an existing ledger changes nothing" {
	oms init 2>/dev/null
	before=$(ledger_digest)
	run --separate-stderr oms init
	assert_success
	[[ "$stderr" == *"already have ledger"* ]]
	[ "$(ledger_digest)" = "$before" ]
}

@test "oms init --db PATH takes precedence over OMS_DB" {
	run oms init --db other.db
	assert_success
	[ -f other.db ]
	[ ! -e "$OMS_DB" ]
}

@test "oms init refuses a ledger from a newer oms" {
	OMS_CHECK_SKIP="the ledger is from a newer oms"
	oms init 2>/dev/null
	sql 'PRAGMA user_version = 99'
	run --separate-stderr oms init
	assert_failure 4
	[[ "$stderr" == *"schema version 99 is newer than this oms understands (6)"* ]]
}

@test "a ledger from schema version 1 is migrated forward, its data kept" {
	sqlite3 "$OMS_DB" < "$FIXTURES/ledger-v1.sql"
	[ "$(sql 'PRAGMA user_version')" = 1 ]
	before=$(sql "SELECT order_id, status, hold_reason, coalesce(placed_at, ''), updated_at FROM orders ORDER BY 1")
	run --separate-stderr oms init
	assert_success
	[[ "$stderr" == *"(schema version 6)"* ]]
	[ "$(sql 'SELECT count(*) FROM orders')" = 19 ]
	# Each order's status moved to order_state as it was.
	[ "$(sql 'SELECT order_id, status, hold_reason, queued_at, updated_at FROM order_state ORDER BY 1')" = "$before" ]
	[ "$(sql "SELECT count(*) FROM pragma_table_info('orders') WHERE name IN ('status', 'hold_reason', 'held_by', 'updated_at')")" = 0 ]
	[ "$(sql "SELECT count(*) FROM sqlite_schema WHERE name = 'movements_reference'")" = 1 ]
	[ "$(sql 'SELECT count(*) FROM locations')" = 0 ]
	[ "$(sql 'PRAGMA integrity_check')" = ok ]
	# The migrated ledger takes the same export as unchanged.
	run oms-import -q "$FIXTURES/shopify/orders_export_devstore_snowboards.csv"
	assert_success
}
