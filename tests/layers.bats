#!/usr/bin/env bats
# The include graph between top-level folders points one way (doc/HACKING.md).

setup() {
	load helpers/common
}

@test "the include graph between folders points one way" {
	run "$BATS_TEST_DIRNAME/../tools/layers"
	assert_success
	assert_line --regexp '^commands -> svc \([0-9]+\)$'
	assert_line --regexp '^svc -> store \([0-9]+\)$'
	refute_line --regexp '^(svc|pki|store|node|sftp|out|util) -> (shell|commands)'
	refute_line --regexp '^(pki|store|node|sftp|out|util) -> svc'
}

@test "an upward include is found and named" {
	mkdir "$BATS_TEST_TMPDIR/tree"
	for d in tools shell commands svc pki store node sftp out util; do
		cp -a "$BATS_TEST_DIRNAME/../$d" "$BATS_TEST_TMPDIR/tree/"
	done
	printf '#include "shell/run.h"\n' >>"$BATS_TEST_TMPDIR/tree/store/effect.c"
	run "$BATS_TEST_TMPDIR/tree/tools/layers"
	assert_failure
	assert_output --partial 'store/effect.c includes shell/run.h (store may not include shell)'
}

@test "handlers reach the store only through the service layer" {
	mkdir "$BATS_TEST_TMPDIR/tree"
	for d in tools shell commands svc pki store node sftp out util; do
		cp -a "$BATS_TEST_DIRNAME/../$d" "$BATS_TEST_TMPDIR/tree/"
	done
	printf '#include "store/cert.h"\n' >>"$BATS_TEST_TMPDIR/tree/commands/cert.c"
	run "$BATS_TEST_TMPDIR/tree/tools/layers"
	assert_failure
	assert_output --partial 'commands/cert.c includes store/cert.h (commands may not include store)'
}

@test "the PKI core's stubs and table match its headers" {
	run "$BATS_TEST_DIRNAME/../tools/pki-api-gen" --check
	assert_success
}
