#!/usr/bin/env bats
# Short smoke passes of the fuzz targets (libFuzzer, ASan,
# UBSan), starting from the checked-in corpus.

setup() {
	load helpers/common
}

@test "fuzzing the trust-list parser finds no crash (smoke pass)" {
	command -v clang >/dev/null || skip "needs clang and libclang-rt-14-dev"
	src="$BATS_TEST_DIRNAME/.."
	bin="$BATS_TEST_TMPDIR/ctl_fuzz"
	run clang -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -I"$src" \
		"$src/fuzz/ctl_fuzz.c" "$src/pki/ctl.c" -lcrypto -o "$bin"
	[ "$status" -eq 0 ] || skip "clang cannot build fuzzers here: $output"
	corpus="$BATS_TEST_TMPDIR/corpus"
	cp -r "$src/fuzz/corpus/ctl" "$corpus"
	chmod -R u+w "$corpus"
	run "$bin" -runs=30000 -max_total_time=25 -max_len=16384 -artifact_prefix="$BATS_TEST_TMPDIR/" "$corpus"
	echo "$output" | tail -n 5
	assert_success
	[[ $output == *'Done '*' runs in '* ]]
}

@test "fuzzing the CAPF and TVS message parser finds no crash (smoke pass)" {
	command -v clang >/dev/null || skip "needs clang and libclang-rt-14-dev"
	src="$BATS_TEST_DIRNAME/.."
	bin="$BATS_TEST_TMPDIR/wire_fuzz"
	run clang -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -I"$src" \
		"$src/fuzz/wire_fuzz.c" "$src/wire/wire.c" -o "$bin"
	[ "$status" -eq 0 ] || skip "clang cannot build fuzzers here: $output"
	corpus="$BATS_TEST_TMPDIR/corpus"
	cp -r "$src/fuzz/corpus/wire" "$corpus"
	chmod -R u+w "$corpus"
	run "$bin" -runs=100000 -max_total_time=20 -max_len=4096 -artifact_prefix="$BATS_TEST_TMPDIR/" "$corpus"
	echo "$output" | tail -n 5
	assert_success
	[[ $output == *'Done '*' runs in '* ]]
}
