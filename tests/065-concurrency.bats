#!/usr/bin/env bats
# Concurrency: many writers and readers on one ledger at once.  Nothing
# is oversold, no update or event is lost, a writer that finds the
# ledger busy gives up only past its timeout, and its retry succeeds.

load helper

setup() {
	work=$BATS_TEST_TMPDIR
	cd "$work" || return 1
	"$REPO/tests/crash/make-data" "$work" 300
	export OMS_DB="$work/oms.db" OMS_CONFIG="$work/oms.yaml"
	# Short, so that a writer behind the lock holder below gives up.
	export OMS_BUSY_TIMEOUT=300
}

# retry NAME CMD...: run CMD until it does not find the ledger busy
# (exit 5), at most 50 times; each busy attempt's milliseconds go to
# busy.log, the final status to NAME.status.
retry() {
	local name=$1 rc start
	shift
	for _ in $(seq 1 50); do
		start=$(date +%s%3N)
		rc=0
		"$@" >/dev/null 2>>"$name.err" || rc=$?
		[ "$rc" -eq 5 ] || break
		echo "$name $(($(date +%s%3N) - start))" >> busy.log
		sleep 0.0$((RANDOM % 9 + 1))
	done
	echo "$rc" > "$name.status"
}

@test "12 processes at once: imports, changes, stock, allocations, a lock holder and a checker; nothing lost or oversold" {
	oms-stock import -q stock.tsv >/dev/null
	oms-stock import -q po.tsv >/dev/null
	# Two more deliveries, each its own file.
	for r in 2 3; do
		sed "s/PO-1/IN-$r/; s/2025-06-02/2025-06-0$r/" delivery.tsv > in$r.tsv
	done
	: > busy.log
	pids=
	# Three channels' orders, and the later export of the first.
	for c in 1 2 3; do
		retry imp$c oms-import -q --channel ch$c a.csv 3>&- &
		pids="$pids $!"
	done
	( while [ ! -s imp1.status ]; do sleep 0.05; done
	  retry changes oms-import -q --channel ch1 b.csv ) 3>&- &
	pids="$pids $!"
	# Stock arriving.
	for r in 2 3; do
		( sleep 0.0$r; retry stock$r oms-stock import -q in$r.tsv ) 3>&- &
		pids="$pids $!"
	done
	# Allocators, each three times over.
	for a in 1 2 3 4; do
		( for _ in 1 2 3; do
			retry alloc$a oms-allocate -q --pending --batch 20
			[ "$(cat alloc$a.status)" = 0 ] || exit 1
		  done ) 3>&- &
		pids="$pids $!"
	done
	# A writer that holds the lock for a second: those behind it with
	# a 300 ms timeout must give up, then get in on a retry.
	( sleep 0.1; sqlite3 -bail "$OMS_DB" ".timeout 10000" "BEGIN IMMEDIATE;" ".shell sleep 1" "COMMIT;" 2>holder.err ) 3>&- &
	pids="$pids $!"
	echo "holder $!" > holder.pid
	# A reader checking every rule while all this goes on: each check
	# sees one committed state, and it must be a good one.
	( while [ ! -e done ]; do
		oms-check -q >/dev/null 2>>check.err || { echo "check failed" >> check.err; exit 1; }
		sleep 0.02
	  done ) 3>&- &
	checker=$!

	for p in $pids; do
		wait "$p" || { touch done; echo "pid $p failed"; grep . ./*.status busy.log; tail -n 5 ./*.err; false; }
	done
	touch done
	wait "$checker" || { cat check.err; false; }
	for s in ./*.status; do
		[ "$(cat "$s")" = 0 ] || { echo "$s: $(cat "$s")"; cat ./*.err; false; }
	done
	oms-allocate -q --pending >/dev/null

	# Busy exits came, and only past the timeout.
	[ -s busy.log ]
	echo "$(wc -l < busy.log) busy exits, each past the timeout, then retried" >&3
	awk '$2 < 300 { print "gave up after " $2 " ms: " $1; bad = 1 } END { exit bad }' busy.log
	# Every order, every import event, every change, every unit.
	n=$(($(tail -n +2 a.csv | cut -d, -f1 | sort -u | wc -l)))
	[ "$(sql 'SELECT count(*) FROM orders')" = $((3 * n)) ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'imported'")" = $((3 * n)) ]
	want_cancelled=$(grep ',2025-06-01 10:00:00 +0000,' b.csv | cut -d, -f1 | sort -u | wc -l)
	[ "$(sql "SELECT count(*) FROM order_state s JOIN orders o USING (order_id) JOIN channels c USING (channel_id) WHERE c.name = 'ch1' AND s.status = 'cancelled'")" = "$want_cancelled" ]
	want_shipped=$(grep ',fulfilled,' b.csv | cut -d, -f1 | sort -u | wc -l)
	[ "$(sql "SELECT count(*) FROM order_state s JOIN orders o USING (order_id) JOIN channels c USING (channel_id) WHERE c.name = 'ch1' AND s.status = 'shipped'")" = "$want_shipped" ]
	counted=$(awk -F'\t' 'NR > 1 { s += $3 } END { print s }' stock.tsv)
	arrived=$(cat in2.tsv in3.tsv | awk -F'\t' '$4 == "receipt" { s += $3 } END { print s }')
	[ "$(sql 'SELECT sum(on_hand) FROM sku_totals')" = $((counted + arrived)) ]
	# Nothing open, nothing oversold, every rule kept.
	[ "$(sql "SELECT count(*) FROM order_lines WHERE status = 'open'")" = 0 ]
	oms-check -q
	[ "$(sql "SELECT count(*) FROM order_lines WHERE status = 'backordered'")" -gt 0 ]
}
