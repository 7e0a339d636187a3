#!/usr/bin/env bats
# oms-route's fraud screening: each rule, the score, the hold, release.

load helper
load route

setup() {
	export OMS_DB="$BATS_TEST_TMPDIR/oms.db"
	export OMS_CONFIG="$BATS_TEST_TMPDIR/oms.yaml"
	export OMS_BUSY_TIMEOUT=2000
	export USER=ann
	cd "$BATS_TEST_TMPDIR" || return 1
	stock A BER 99 2>/dev/null || true
}

# rules YAML...: the locations and a fraud section holding at 50.
rules() {
	{ echo "$LOCATIONS"; echo 'fraud:'; echo '  hold_score: 50'
	  echo '  rules:'; printf '    - %s\n' "$@"; } > oms.yaml
	stock A BER 99
}

risk() {
	sql "SELECT detail FROM events WHERE order_id = $1 AND kind = 'risk'"
}

@test "order_value: a total above the amount, in its currency" {
	rules '{type: order_value, above: 100.00 EUR, points: 50}'
	{ o 1 A 15; o 2 A 5; } | orders
	run --separate-stderr oms-route --pending
	assert_success
	assert_line "$(printf '1\t\t\t\t\t\ton_hold\t\trisk: order_value')"
	[[ "$stderr" == *"2 orders: 1 routed in 1 shipment, 1 held for risk, 0 unroutable"* ]]
	[ "$(state 1)" = "on_hold|risk: order_value" ]
	[ "$(risk 1)" = "score 50 of 50; order_value +50 (total 150.00 EUR above 100.00 EUR)" ]
	[ "$(state 2)" = "routed|" ]
	[ "$(risk 2)" = "score 0 of 50" ]
	# Held for risk, it keeps its reservations; the operator sees it.
	[ "$(sql "SELECT sum(quantity) FROM reservations WHERE order_id = 1 AND status = 'active'")" = 15 ]
	run oms-order holds --reason risk --by oms-route
	assert_line --index 1 --partial "$(printf '1\tshopify\t#1\ton_hold\trisk: order_value\toms-route')"
}

@test "a released risk hold is routed without being screened again" {
	rules '{type: order_value, above: 100.00 EUR, points: 50}'
	{ o 1 A 15; } | orders
	oms-route -q --pending >/dev/null
	oms-order release -q 1 >/dev/null
	[ "$(state 1)" = "allocated|" ]
	run --separate-stderr oms-route --pending
	assert_success
	[ "$(state 1)" = "routed|" ]
	[ "$(sql "SELECT count(*) FROM events WHERE order_id = 1 AND kind = 'risk'")" = 1 ]
}

@test "points add up: two rules below the score together hold, with both reasons" {
	rules '{type: order_value, above: 100.00 EUR, points: 30, reason: big order}' \
	    '{type: country_mismatch, points: 30}'
	{ o 1 A 15 bill=FR; o 2 A 15; o 3 A 1 bill=FR; } | orders
	oms-route -q --pending >/dev/null
	[ "$(state 1)" = "on_hold|risk: big order, country_mismatch" ]
	[ "$(risk 1)" = "score 60 of 50; big order +30 (total 150.00 EUR above 100.00 EUR); country_mismatch +30 (billing FR, shipping DE)" ]
	[ "$(state 2)" = "routed|" ]
	[ "$(state 3)" = "routed|" ]
	[ "$(risk 3)" = "score 30 of 50; country_mismatch +30 (billing FR, shipping DE)" ]
}

@test "unusual_value: far above the customer's usual" {
	rules '{type: unusual_value, z: 3, min_history: 3, points: 50}'
	{ o 1 A 1 email=ann@example.com price=10.00 at="2025-05-01 10:00:00 +0000"
	  o 2 A 1 email=ann@example.com price=12.00 at="2025-05-02 10:00:00 +0000"
	  o 3 A 1 email=Ann+x@Example.com price=11.00 at="2025-05-03 10:00:00 +0000"
	  o 4 A 1 email=ann@example.com price=13.00 at="2025-05-04 10:00:00 +0000"
	  o 5 A 1 email=ann@example.com price=90.00 at="2025-05-05 10:00:00 +0000"; } | orders
	oms-route -q --pending >/dev/null
	[ "$(sql "SELECT group_concat(status) FROM (SELECT status FROM order_state ORDER BY order_id)")" = "routed,routed,routed,routed,on_hold" ]
	[[ "$(risk 5)" == "score 50 of 50; unusual_value +50 (total 90.00 EUR, the customer's mean 11.50 EUR)" ]]
	[ "$(sql "SELECT orders || ' ' || total_sum FROM risk_history WHERE key = 'email:ann@example.com'")" = "5 13600" ]
}

@test "velocity: more orders than allowed per email, phone or address in the window" {
	rules '{type: velocity, per: email, window: 1h, max: 2, points: 50}' \
	    '{type: velocity, per: phone, window: 1d, max: 1, points: 50, reason: phone velocity}' \
	    '{type: velocity, per: address, window: 1h, max: 1, points: 50, reason: address velocity}'
	{ o 1 A 1 email=e@x.com street="1 A St" at="2025-05-01 10:00:00 +0000"
	  o 2 A 1 email=E@x.com street="2 A St" at="2025-05-01 10:20:00 +0000"
	  o 3 A 1 email=e@x.com street="3 A St" at="2025-05-01 10:40:00 +0000"
	  o 4 A 1 email=e@x.com street="4 A St" at="2025-05-01 12:00:00 +0000"
	  o 5 A 1 email=p1@x.com street="5 A St" phone="+49 30 1234567"
	  o 6 A 1 email=p2@x.com street="6 A St" phone="030 1234567" at="2025-05-01 18:00:00 +0000"
	  o 7 A 1 email=s1@x.com street="9, Long  Road"
	  o 8 A 1 email=s2@x.com street="9 long road" at="2025-05-01 10:30:00 +0000"; } | orders
	oms-route -q --pending >/dev/null
	[ "$(sql "SELECT group_concat(order_id || ':' || status, ' ') FROM (SELECT * FROM order_state ORDER BY order_id)")" = "1:routed 2:routed 3:on_hold 4:routed 5:routed 6:on_hold 7:routed 8:on_hold" ]
	[ "$(risk 3)" = "score 50 of 50; velocity +50 (order 3 of one email in 3600s)" ]
	[ "$(state 6)" = "on_hold|risk: phone velocity" ]
	[ "$(state 8)" = "on_hold|risk: address velocity" ]
}

@test "new_customer: a first order above the amount" {
	rules '{type: new_customer, above: 50.00 EUR, points: 50}'
	{ o 1 A 6 email=new@x.com
	  o 2 A 1 email=old@x.com at="2025-05-01 09:00:00 +0000"
	  o 3 A 6 email=old@x.com; } | orders
	oms-route -q --pending >/dev/null
	[ "$(state 1)" = "on_hold|risk: new_customer" ]
	[ "$(risk 1)" = "score 50 of 50; new_customer +50 (first order, total 60.00 EUR above 50.00 EUR)" ]
	[ "$(state 2)" = "routed|" ]
	[ "$(state 3)" = "routed|" ]
}

@test "blocked: email, phone and address in their normal forms" {
	rules '{type: blocked, emails: [Bad@Example.com], phones: ["+33 1 23 45 67 89"], addresses: ["12 Fraud Street, 80333, DE"], points: 50}'
	{ o 1 A 1 email=bad+shop@example.COM
	  o 2 A 1 phone="01 23 45 67 89"
	  o 3 A 1 street="12, fraud street"
	  o 4 A 1 street="12 Fraud Street" zip=80331; } | orders
	oms-route -q --pending >/dev/null
	[ "$(risk 1)" = "score 50 of 50; blocked +50 (email on the blocked list)" ]
	[ "$(risk 2)" = "score 50 of 50; blocked +50 (phone on the blocked list)" ]
	[ "$(risk 3)" = "score 50 of 50; blocked +50 (address on the blocked list)" ]
	[ "$(state 4)" = "routed|" ]
}

@test "many_units: this many units of one SKU" {
	rules '{type: many_units, units: 5, points: 50}'
	{ o 1 A 5; o 2 A 4; } | orders
	oms-route -q --pending >/dev/null
	[ "$(risk 1)" = "score 50 of 50; many_units +50 (5 units of A)" ]
	[ "$(state 2)" = "routed|" ]
}

@test "no fraud section: orders are not screened" {
	echo "$LOCATIONS" > oms.yaml
	stock A BER 9
	{ o 1 A 1; } | orders
	oms-route -q --pending >/dev/null
	[ "$(state 1)" = "routed|" ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'risk'")" = 0 ]
}

@test "channel_risk: the marketplace's own risk level (Shopify's Risk Level)" {
	rules '{type: channel_risk, levels: [High, Medium], points: 50}'
	{ echo "$RHDR,Risk Level"
	  o 1 A 1 | sed 's/$/,High/'
	  o 2 A 1 | sed 's/$/,Low/'
	  o 3 A 1 | sed 's/$/,/'; } > risky.csv
	oms-import -q risky.csv >/dev/null
	[ "$(sql "SELECT group_concat(coalesce(channel_risk, '-'), ' ') FROM (SELECT channel_risk FROM orders ORDER BY order_id)")" = "high low -" ]
	oms-allocate -q --pending >/dev/null
	oms-route -q --pending >/dev/null
	[ "$(state 1)" = "on_hold|risk: channel_risk" ]
	[ "$(risk 1)" = "score 50 of 50; channel_risk +50 (the channel rates it high)" ]
	[ "$(state 2)" = "routed|" ]
	[ "$(state 3)" = "routed|" ]
	# A later export that rates it otherwise is a recorded change.
	{ echo "$RHDR,Risk Level"; o 2 A 1 | sed 's/$/,Medium/'; } > risky2.csv
	oms-import -q risky2.csv >/dev/null
	[ "$(sql "SELECT detail FROM events WHERE order_id = 2 AND kind = 'changed'")" = "channel_risk: 'low' -> 'medium'" ]
}

@test "a risk hold named on standard input is left alone; --what-if counts what other rules would hold" {
	rules '{type: order_value, above: 100.00 EUR, points: 50}'
	{ o 1 A 15; o 2 A 5; } | orders
	oms-route -q --pending >/dev/null
	before=$(ledger_digest)
	run --separate-stderr bash -c 'printf "order\n1\n" | oms-route -o jsonl'
	assert_success
	[ -z "$output" ]
	[ "$(ledger_digest)" = "$before" ]
	# Another order, and a stricter rule set to compare with.
	{ o 3 A 6; o 4 A 2; } | orders
	{ echo "$LOCATIONS"; printf 'fraud:\n  hold_score: 50\n  rules:\n    - {type: order_value, above: 50.00 EUR, points: 50}\n'; } > strict.yaml
	run --separate-stderr oms-route --what-if strict.yaml -o jsonl
	assert_success
	assert_line '{"metric":"held_for_risk","current":0,"other":1,"change":"+1"}'
	# JSON numbers never start with a plus.
	! grep -q '":+' <<< "$output"
}
