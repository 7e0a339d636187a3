#!/usr/bin/env bats
# valgrind memcheck over the whole pipeline of tests/crash/pipeline:
# every oms command it runs, and oms-check after, with no error and no
# leak of any kind, still reachable included.

load helper

setup() {
	[ ! -e "$REPO/bin/.build-sanitize" ] ||
	    skip "the tools are built with AddressSanitizer, which valgrind cannot run"
	command -v valgrind >/dev/null || skip "valgrind is not installed (make deps)"
	work=$BATS_TEST_TMPDIR
	cd "$work" || return 1
	"$REPO/tests/crash/make-data" "$work" 40
	export OMS_DB="$work/oms.db" OMS_CONFIG="$work/oms.yaml"
	# Each tool, wrapped: valgrind runs it and fails it on any finding.
	mkdir wrap
	for tool in "$REPO"/bin/oms-*; do
		printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --log-file=%s/valgrind.%%p.log %s "$@"\n' \
		    "$work" "$tool" > "wrap/${tool##*/}"
		chmod +x "wrap/${tool##*/}"
	done
	export PATH="$work/wrap:$PATH"
}

@test "valgrind: the day's pipeline and oms-check, no error and no leak" {
	"$REPO/tests/crash/pipeline" "$work" || {
		cat pipeline.err valgrind.*.log; false; }
	run oms-check -q
	assert_success
	# Every step ran under valgrind, and said nothing.
	[ "$(ls valgrind.*.log | wc -l)" -ge 10 ]
	for log in valgrind.*.log; do
		[ ! -s "$log" ] || { cat "$log"; false; }
	done
}
