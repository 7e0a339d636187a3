#!/usr/bin/env bats
# The fuzz targets' inputs, replayed without libFuzzer: every seed
# (fuzz/corpus/TARGET) and every input that once crashed a target
# (fuzz/regressions/TARGET) must go through the library and come out
# with exit status 0.  Under `make SANITIZE=1 check` the replay
# binaries run with ASan and UBSan, so an overflow or a leak fails the
# test as a crash does.  fuzz/README.md tells how the inputs get here.

load helper

# replay TARGET: run the target's replay binary over its inputs.
replay() {
	local target=$1 build bin dirs=()
	build=plain
	[ -e "$REPO/bin/.build-sanitize" ] && build=sanitize
	bin="$REPO/build/$build/fuzz/replay_$target"
	[ -x "$bin" ] || fail "$bin: not built (make check builds it)"
	for d in "$REPO/fuzz/corpus/$target" "$REPO/fuzz/regressions/$target"; do
		[ -d "$d" ] && dirs+=("$d")
	done
	[ "${#dirs[@]}" -gt 0 ] || fail "no inputs for $target"
	run "$bin" "${dirs[@]}"
	assert_success
	# Each input was run: the count of "replay: FILE" lines.
	local n
	n=$(find "${dirs[@]}" -type f ! -name '.*' | wc -l)
	[ "$(grep -c '^replay: .* bytes)$' <<<"$output")" -eq "$n" ] ||
		fail "replayed fewer than the $n inputs"
}

@test "fuzz: CSV import inputs (every built-in profile) replay cleanly" {
	replay import
}

@test "fuzz: oms.yaml inputs replay cleanly" {
	replay config
}

@test "fuzz: postal-code centroid files replay cleanly" {
	replay geo
}

@test "fuzz: profile inputs replay cleanly" {
	replay profile
}

@test "fuzz: record stream inputs replay cleanly" {
	replay records
}

@test "fuzz: fulfilment confirmations replay cleanly on released groups" {
	replay confirm
}

@test "fuzz: carrier event files replay cleanly on shipped parcels" {
	replay track
}

# The regressions also fail the plain build, where a heap overflow need
# not crash: the profile that overflowed is refused with a message.
@test "fuzz regression: a profile with a repeated key is refused" {
	printf 'sku,quantity\nA,1\n' > orders.csv
	run oms-import -n -p "$REPO/fuzz/regressions/profile/duplicate-skip-key-heap-overflow.yaml" orders.csv
	assert_failure 2
	assert_output --partial "duplicate-skip-key-heap-overflow.yaml:5:1: profile: duplicate key 'skip'"
}
