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

@test "16 processes at once: imports, changes, stock, allocations, routing, releases, confirmations, shipping and tracking, an operator, a lock holder and a checker; nothing lost or oversold" {
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
	# Two routers, each three times over, and an operator who holds,
	# releases and cancels orders of the second channel as they come.
	for a in 1 2; do
		( for _ in 1 2 3; do
			retry route$a oms-route -q --pending --batch 20
			[ "$(cat route$a.status)" = 0 ] || exit 1
		  done ) 3>&- &
		pids="$pids $!"
	done
	# A releaser, sending what is routed to the locations, three times
	# once the operator is done (a released order can no longer be held),
	# and the locations' confirmations of each release: some groups
	# rejected, some lines short.  A confirmation for an order the
	# channel cancelled meanwhile is refused (exit 1), the rest applied.
	( while [ ! -e cancel.status ]; do sleep 0.05; done
	  for r in 1 2 3; do
		retry release$r oms-fulfil release -q
		oms-fulfil picklist > picks$r.tsv &&
		awk -F '\t' -f "$REPO/tests/crash/confirmations.awk" picks$r.tsv > conf$r.tsv &&
		retry confirm$r sh -c 'oms-fulfil confirm -q "$1"; rc=$?; [ $rc -eq 1 ] && rc=0; exit $rc' sh conf$r.tsv
		retry label$r oms-ship label -q --format zpl
		retry ship$r oms-ship ship -q
		for c in ch1 ch2 ch3; do
			oms-ship confirmations -q --channel $c --since 2000-01-01 --format tsv
		done | awk 'NR == 1 || !/^order\t/' > shipped$r.tsv &&
		awk -F '\t' -f "$REPO/tests/crash/events.awk" shipped$r.tsv > events$r.tsv &&
		retry track$r oms-track import -q events$r.tsv
		retry notify$r oms-track notify -q
		sleep 0.1
	  done ) 3>&- &
	pids="$pids $!"
	( while [ ! -s imp2.status ]; do sleep 0.05; done
	  retry hold oms-order hold -q --by ops --reason review --channel ch2 '#3' '#4' '#5' &&
	  retry release oms-order release -q --by ops --channel ch2 '#3' &&
	  retry cancel oms-order cancel -q --by ops --channel ch2 '#4' '#6' ) 3>&- &
	pids="$pids $!"
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
	oms-route -q --pending >/dev/null

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
	# Every order the channel fulfilled is shipped (oms shipped others).
	fulfilled=$(grep ',fulfilled,' b.csv | cut -d, -f1 | sort -u | sed "s/.*/'&'/" | paste -sd,)
	want_shipped=$(grep ',fulfilled,' b.csv | cut -d, -f1 | sort -u | wc -l)
	[ "$(sql "SELECT count(*) FROM order_state s JOIN orders o USING (order_id) JOIN channels c USING (channel_id) WHERE c.name = 'ch1' AND s.status = 'shipped' AND o.channel_order_no IN ($fulfilled)")" = "$want_shipped" ]
	counted=$(awk -F'\t' 'NR > 1 { s += $3 } END { print s }' stock.tsv)
	arrived=$(cat in2.tsv in3.tsv | awk -F'\t' '$4 == "receipt" { s += $3 } END { print s }')
	# Short picks took what the shelves did not have off the books.
	shorted=$(sql "SELECT coalesce(sum(quantity), 0) FROM movements WHERE reason = 'short-pick'")
	shipped=$(sql "SELECT coalesce(sum(quantity), 0) FROM movements WHERE reason = 'shipment'")
	[ "$shipped" -gt 0 ]
	[ "$(sql 'SELECT sum(on_hand) FROM sku_totals')" = $((counted + arrived - shorted - shipped)) ]
	# The operator's changes, each once.
	[ "$(sql "SELECT group_concat(o.channel_order_no || ':' || s.status || ':' || coalesce(s.held_by, ''), ' ') FROM (SELECT * FROM orders ORDER BY channel_order_no) o JOIN order_state s USING (order_id) JOIN channels c USING (channel_id) WHERE c.name = 'ch2' AND o.channel_order_no IN ('#4', '#5', '#6')")" = "#4:cancelled: #5:on_hold:ops #6:cancelled:" ]
	[ "$(sql "SELECT count(*) FROM events WHERE tool = 'oms-order' AND kind IN ('status', 'hold')")" = 6 ]
	# Every allocated order routed (or held), never a location oversold.
	[ "$(sql "SELECT count(*) FROM order_state WHERE status = 'allocated'")" = 0 ]
	[ "$(sql "SELECT count(*) FROM order_state WHERE status IN ('routed', 'released', 'partially_shipped', 'shipped', 'delivered') AND EXISTS (SELECT 1 FROM shipment_groups g WHERE g.order_id = order_state.order_id)")" -gt 0 ]
	# The locations' confirmations landed: packed parcels, rejections.
	[ "$(sql "SELECT count(*) FROM parcels WHERE shipped_at IS NOT NULL")" -gt 0 ]
	[ "$(sql "SELECT count(*) FROM shipment_groups WHERE status = 'rejected'")" -gt 0 ]
	# Tracking landed, each notification once.
	[ "$(sql "SELECT count(*) FROM tracking_events")" -gt 0 ]
	[ "$(sql "SELECT count(*) FROM notifications")" -gt 0 ]
	# Nothing open, nothing oversold, every rule kept.
	# (An order the operator held before it was allocated waits, open.)
	[ "$(sql "SELECT count(*) FROM order_lines l JOIN order_state s USING (order_id) WHERE l.status = 'open' AND s.status <> 'on_hold'")" = 0 ]
	oms-check -q
	[ "$(sql "SELECT count(*) FROM order_lines WHERE status = 'backordered'")" -gt 0 ]
}
