#!/usr/bin/env bats
# Batch mode: -c, -f, stdin, --continue, --dry-run, --yes, line numbers.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
}

@test "-c is repeatable and runs in order" {
	run ucsh -c 'set network domain one.example' -c 'set network domain two.example' -c 'show network'
	assert_success
	assert_output --partial 'Domain      : two.example'
}

@test "-f runs a file with comments and blank lines" {
	cat >"$BATS_TEST_TMPDIR/cmds" <<'CMDS'
# change the node's identity

set network hostname cucm-pub   # trailing comment
set network domain example.com
show network
CMDS
	run ucsh -f "$BATS_TEST_TMPDIR/cmds"
	assert_success
	assert_output --partial 'FQDN        : cucm-pub.example.com'
}

@test "commands come from stdin when it is not a terminal" {
	run bash -c "printf 'show version\nshow cli pagination\n' | '$UCSH' --state-dir '$STATE'"
	assert_success
	assert_output --partial 'SQLite'
	assert_output --partial 'Pagination : off'
}

@test "a failing line stops the file and names its line; earlier lines stay applied" {
	printf 'set network hostname first\n\nset network hostname bad_name\nset network hostname third\n' \
		>"$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr ucsh -f "$BATS_TEST_TMPDIR/cmds"
	assert_failure 2
	[[ $stderr == 'line 3: % Invalid value "bad_name" for HOST'* ]]
	[ "$(db 'SELECT hostname FROM node')" = first ]
}

@test "--continue goes on and exits with the first failure's code" {
	printf 'file view nothing.txt\nset network hostname bad_name\nset network hostname third\n' \
		>"$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr ucsh --continue -f "$BATS_TEST_TMPDIR/cmds"
	assert_failure 1
	[[ $stderr == *'line 1: %'* ]]
	[[ $stderr == *'line 2: %'* ]]
	[ "$(db 'SELECT hostname FROM node')" = third ]
}

@test "--dry-run validates every line and changes nothing" {
	before=$(db_dump)
	run ucsh --dry-run -c 'set network hostname dry' -c 'set param enterprise activation-ttl 24' \
		-c 'set web-security A B C D'
	assert_success
	[ "$(db_dump)" = "$before" ]
	run --separate-stderr ucsh --dry-run -c 'set network hostname ok' -c 'set network hostname bad_'
	assert_failure 2
	[[ $stderr == 'line 2: %'* ]]
	[ "$(db_dump)" = "$before" ]
}

@test "a confirmation-requiring command fails in batch without --yes and runs with it" {
	mkdir -p "$STATE/files" && echo hello >"$STATE/files/old.txt"
	run --separate-stderr ucsh -c 'file delete old.txt'
	assert_failure 2
	[ "$stderr" = "$(printf '%s\n' 'line 1: % Confirmation required: rerun with --yes (in an SSH command: --yes COMMAND)' \
		'  old.txt is removed from the file area for good.')" ]
	[ -f "$STATE/files/old.txt" ]
	run ucsh --yes -c 'file delete old.txt'
	assert_success
	assert_output 'Deleted old.txt.'
	[ ! -e "$STATE/files/old.txt" ]
}

@test "quit ends a batch early with success" {
	run ucsh -c 'show cli pagination' -c quit -c 'show version'
	assert_success
	refute_output --partial 'OpenSSL'
}

@test "an unreadable -f file is a usage error" {
	run --separate-stderr ucsh -f "$BATS_TEST_TMPDIR/absent"
	assert_failure 2
	[[ $stderr == *'Cannot read'* ]]
}

@test "an unterminated quote is a parse error" {
	run --separate-stderr ucsh -c 'set network hostname "open'
	assert_failure 2
	[[ $stderr == *'unterminated quote'* ]]
}

@test "two sessions writing at once both succeed (busy timeout)" {
	for i in $(seq 1 150); do echo "set param enterprise activation-ttl $((i % 700 + 1))"; done >"$BATS_TEST_TMPDIR/a"
	for i in $(seq 1 150); do echo "set network domain d$i.example"; done >"$BATS_TEST_TMPDIR/b"
	ucsh -f "$BATS_TEST_TMPDIR/a" >/dev/null &
	pid=$!
	run ucsh -f "$BATS_TEST_TMPDIR/b"
	assert_success
	wait "$pid"
	[ "$(db 'SELECT domain FROM node')" = d150.example ]
	[ "$(db "SELECT value FROM param WHERE name = 'activation-ttl'")" = 151 ]
}

@test "reads running beside a writing session never fail on their audit row" {
	for i in $(seq 1 600); do echo "set param enterprise activation-ttl $((i % 700 + 1))"; done >"$BATS_TEST_TMPDIR/w"
	ucsh -f "$BATS_TEST_TMPDIR/w" >/dev/null &
	pid=$!
	fails=0
	for _ in $(seq 1 40); do
		ucsh -c 'show network' >/dev/null 2>>"$BATS_TEST_TMPDIR/err" || fails=$((fails + 1))
	done
	wait "$pid"
	[ "$fails" -eq 0 ] || { cat "$BATS_TEST_TMPDIR/err"; false; }
	audit_flush
	[ "$(db "SELECT count(*) FROM audit WHERE line = 'show network' AND status = 0")" -eq 40 ]
}
