#!/usr/bin/env bats
# Every command above level 0, read from the command table itself, is refused
# for a level-0 account and changes nothing but the audit trail. New commands
# are covered without touching this file; each must carry a runnable example.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
	require_test_identity
	ucsh -c 'set account name viewer level 0' -c 'set account name oper level 1' >/dev/null
	mkdir -p "$STATE/files" && echo x >"$STATE/files/old-ca.pem"
}

commands_above() { # commands_above LEVEL: "level<TAB>example" of every command above it
	"$UCSH" --state-dir "$STATE" --list-commands | awk -F'\t' -v l="$1" '$1 > l { print $1 "\t" $4 "\t" $3 }'
}

@test "every command has a runnable example or an all-keyword syntax" {
	missing=$("$UCSH" --list-commands | awk -F'\t' '$4 == "" { print $3 }')
	[ -z "$missing" ] || { echo "commands without an example: $missing"; false; }
}

@test "a level-0 account is refused every command above level 0, and nothing changes" {
	audit_flush
	before=$(db_dump)
	audit_before=$(db 'SELECT count(*) FROM audit')
	n=0
	while IFS=$'\t' read -r level example syntax; do
		run --separate-stderr ucsh_as viewer --yes -c "$example"
		[ "$status" -eq 3 ] || { echo "\"$example\" ($syntax) gave $status: $stderr"; false; }
		[[ $stderr == *'Permission denied'* ]]
		n=$((n + 1))
	done < <(commands_above 0)
	[ "$n" -ge 10 ]
	[ "$(db_dump)" = "$before" ]
	audit_flush
	[ -f "$STATE/files/old-ca.pem" ]
	# Each refusal is in the audit trail.
	[ "$(db "SELECT count(*) FROM audit WHERE account = 'viewer' AND status = 3")" -eq "$n" ]
	# ... and the show audit that moved them (its row waits for the next).
	[ "$(db 'SELECT count(*) FROM audit')" -eq $((audit_before + n + 1)) ]
}

@test "a level-1 account is refused every level-4 command, and nothing changes" {
	before=$(db_dump)
	n=0
	while IFS=$'\t' read -r level example syntax; do
		run ucsh_as oper --yes -c "$example"
		[ "$status" -eq 3 ] || { echo "\"$example\" gave $status"; false; }
		n=$((n + 1))
	done < <(commands_above 1)
	[ "$n" -ge 5 ]
	[ "$(db_dump)" = "$before" ]
}

@test "help, ? and completion hide what the account may not run" {
	run ucsh_as viewer -c 'help'
	refute_output --partial 'set network'
	refute_output --partial 'show audit'
	assert_output --partial 'show version'
	run ucsh_as viewer --complete 'utils service '
	assert_line list
	refute_line restart
	run ucsh_as oper --complete 'utils s'
	assert_line service
	refute_line system
}
