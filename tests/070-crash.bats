#!/usr/bin/env bats
# Crash tests: the pipeline of tests/crash/pipeline killed with SIGKILL
# at many random instants.  After each kill the ledger keeps every rule
# (oms-check), and running the pipeline again to its end gives exactly
# the ledger of a run that was never interrupted.

load helper

setup() {
	export OMS_BUSY_TIMEOUT=5000
	work=$BATS_TEST_TMPDIR
	cd "$work" || return 1
	"$REPO/tests/crash/make-data" "$work" 400
	export OMS_DB="$work/oms.db"
}

# fresh_run DB: the whole pipeline into DB, from nothing.
fresh_run() {
	rm -f "$1" "$1"-wal "$1"-shm steps.done pipeline.err
	OMS_DB=$1 "$REPO/tests/crash/pipeline" "$work"
}

now_ms() {
	date +%s%3N
}

@test "killed at $((${CRASH_KILLS:-100})) random instants, the pipeline always ends in the ledger of an unbroken run" {
	kills=${CRASH_KILLS:-100}
	# The run to compare with, timed: the kills land within its span.
	start=$(now_ms)
	fresh_run "$work/ref.db" || { cat pipeline.err; false; }
	span=$(($(now_ms) - start))
	oms-check -q --db "$work/ref.db"
	want=$(ledger_canonical "$work/ref.db")
	[ "$(sqlite3 "$work/ref.db" "SELECT count(*) FROM reservations WHERE status = 'active'")" -gt 0 ]
	[ "$(sqlite3 "$work/ref.db" "SELECT count(*) FROM order_state WHERE status = 'cancelled'")" -gt 0 ]

	RANDOM=${CRASH_SEED:-20261128}
	midway=0
	steps=$(grep -c '^step ' "$REPO/tests/crash/pipeline")
	for i in $(seq 1 "$kills"); do
		rm -f "$OMS_DB" "$OMS_DB"-wal "$OMS_DB"-shm steps.done pipeline.err
		# Its own process group, so that the kill takes the tool too.
		setsid "$REPO/tests/crash/pipeline" "$work" &
		pid=$!
		delay_ms=$((RANDOM % (span + 20)))
		sleep "$(printf '0.%03d' "$delay_ms")"
		kill -KILL -- "-$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		# A step had begun and not ended: the kill came mid-way.
		[ "$(wc -l < steps.done)" -lt "$steps" ] && midway=$((midway + 1))
		# Killed before its first transaction, the first command
		# leaves an empty file: no ledger yet, as before.
		if [ -e "$OMS_DB" ] && [ "$(sql 'PRAGMA user_version')" = 0 ]; then
			[ "$(sql 'SELECT count(*) FROM sqlite_schema')" = 0 ]
		elif [ -e "$OMS_DB" ]; then
			run --separate-stderr oms-check -q
			[ "$status" -eq 0 ] || {
				echo "kill $i after ${delay_ms} ms, steps done: $(tr '\n' ' ' < steps.done)"
				echo "$output"
				false
			}
		fi
		"$REPO/tests/crash/pipeline" "$work" || {
			echo "kill $i: the re-run failed"; cat pipeline.err; false; }
		got=$(ledger_canonical "$OMS_DB")
		[ "$got" = "$want" ] || {
			echo "kill $i after ${delay_ms} ms: the ledger differs from an unbroken run"
			diff <(echo "$want") <(echo "$got") | head -20
			false
		}
	done
	# Kills must land inside the pipeline, not after it: about three
	# in four do; a timed run slowed by a busy machine lowers that, so
	# only a quarter is required.
	echo "$midway of $kills kills landed mid-way" >&3
	[ "$midway" -ge $((kills / 4)) ]
}
