#!/usr/bin/env bats
# Output writers: aligned text, JSON documents, | include/exclude/count.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
}

@test "key/value blocks align their labels" {
	run ucsh -c 'show version'
	assert_success
	assert_line --regexp '^ucsh    : [0-9.]+$'
	assert_line --regexp '^OpenSSL : OpenSSL 3\.'
	assert_line --regexp '^libssh  : 0\.1[0-9]'
	assert_line --regexp '^SQLite  : 3\.'
}

@test "--json prints one parseable document per command" {
	run ucsh --json -c 'show version' -c 'show network'
	assert_success
	[ "$(echo "$output" | wc -l)" -eq 2 ]
	echo "$output" | sed -n 1p | jq -e '.ucsh and .openssl and .libssh and .sqlite'
	echo "$output" | sed -n 2p | jq -e '.hostname and .fqdn and .ip'
}

@test "set cli format json switches the session's output" {
	run ucsh -c 'set cli format json' -c 'show myself'
	assert_success
	echo "$output" | tail -n 1 | jq -e '.format == "json" and .level == 4 and .commands_run == 2'
}

@test "JSON tables are arrays of typed rows" {
	run ucsh --json -c 'show param enterprise'
	assert_success
	echo "$output" | jq -e '.parameters | length == 4'
	echo "$output" | jq -e '.parameters[] | select(.id == "capf-operation-expires") | .value == "10" and .default == "10"'
}

@test "messages from set commands are JSON too" {
	run ucsh --json -c 'set network domain example.org'
	assert_success
	echo "$output" | jq -e '.messages[0] == "Domain set to example.org."'
}

@test "errors stay text on stderr in JSON mode" {
	run --separate-stderr ucsh --json -c 'show nothing'
	assert_failure 2
	[ -z "$output" ]
	[[ $stderr == *'% Unknown command'* ]]
}

@test "| include and | exclude filter lines by regular expression" {
	run ucsh -c 'show version | include SSL'
	assert_success
	assert_line --regexp '^OpenSSL'
	refute_line --regexp '^SQLite'
	run ucsh -c 'show version | exclude "^(ucsh|SQLite)"'
	assert_success
	assert_line --regexp '^OpenSSL'
	assert_line --regexp '^libssh'
	refute_line --regexp '^ucsh'
	run ucsh -c 'show version | include S | exclude lib'
	assert_output --partial 'OpenSSL'
	assert_output --partial 'SQLite'
	refute_output --partial 'libssh'
}

@test "| count prints the number of lines" {
	run ucsh -c 'show version | count'
	assert_success
	assert_output 4
	run ucsh -c 'show version | include SSL | count'
	assert_output 1
}

@test "a bad filter is a parse error" {
	run --separate-stderr ucsh -c 'show version | include ('
	assert_failure 2
	[[ $stderr == *'Invalid regular expression'* ]]
	run --separate-stderr ucsh -c 'show version | sort'
	assert_failure 2
	run --separate-stderr ucsh --json -c 'show version | count'
	assert_failure 2
	[[ $stderr == *'text output only'* ]]
}

@test "tables align columns under dashed headings" {
	run ucsh -c 'show param service capf'
	assert_success
	assert_line --index 0 --regexp '^ID +Parameter +Value +Default +Allowed$'
	assert_line --index 1 --regexp '^-+  -+  -+  -+  -+$'
	assert_line --regexp '^key-size +Key Size +2048 +2048 +1024 \| 2048 \| 3072 \| 4096$'
}
