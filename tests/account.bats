#!/usr/bin/env bats
# Accounts and privilege levels (DESIGN §5).

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
	require_test_identity
	ME=$(id -un)
}

@test "an administrator adds accounts at each level; show account lists them" {
	run ucsh -c 'set account name viewer level 0' -c 'set account name oper level 1' \
		-c 'set account name boss level 4' -c 'show account'
	assert_success
	assert_line 'Account viewer added with level 0 (read-only).'
	assert_line --regexp '^viewer +0 +[0-9T:-]+Z$'
	assert_line --regexp '^oper +1 '
	assert_line --regexp '^boss +4 '
	[ "$(db "SELECT count(*) FROM account")" = 4 ]
	[ "$(db "SELECT level FROM account WHERE name = 'viewer'")" = 0 ]
	[ "$(db "SELECT level FROM account WHERE name = 'oper'")" = 1 ]
}

@test "each account gets its own level" {
	ucsh -c 'set account name viewer level 0' -c 'set account name oper level 1' >/dev/null
	run ucsh_as viewer -c 'show myself'
	assert_success
	assert_output --partial 'Privilege level           : 0 (read-only)'
	run ucsh_as viewer -c 'set web-security A B C D'
	assert_failure 3
	run ucsh_as oper -c 'set web-security A B C D'
	assert_success
	run ucsh_as oper -c 'set account name x level 0'
	assert_failure 3
}

@test "an OS user without an account is refused with exit 3" {
	run --separate-stderr ucsh_as stranger -c 'show version'
	assert_failure 3
	[ "$stderr" = '% Permission denied: stranger is not a ucsh account on this node' ]
}

@test "adding an existing account or a bad name is refused" {
	run --separate-stderr ucsh -c "set account name $ME level 1"
	assert_failure 2
	[[ $stderr == *"Account $ME exists (level 4)"* ]]
	for bad in Root 1abc 'a b' "$(printf 'a%.0s' {1..33})" 'x;y'; do
		run ucsh -c "set account name '$bad' level 0"
		assert_failure 2
	done
	[ "$(db 'SELECT count(*) FROM account')" = 1 ]
}

@test "an account for a user the OS does not know yet is added with a warning" {
	run --separate-stderr ucsh -c 'set account name futureuser level 1'
	assert_success
	[[ $stderr == *'there is no OS user futureuser on this node yet'* ]]
}

@test "levels change; the last level-4 account cannot be lowered or deleted" {
	run --separate-stderr ucsh -c "set account level $ME 1"
	assert_failure 1
	[[ $stderr == *"$ME is the last level-4 account and cannot be lowered"* ]]
	run --separate-stderr ucsh --yes -c "delete account $ME"
	assert_failure 1
	[[ $stderr == *'cannot be deleted'* ]]
	[ "$(db "SELECT level FROM account WHERE name = '$ME'")" = 4 ]
	ucsh -c 'set account name second level 4' >/dev/null
	run ucsh -c "set account level $ME 1"
	assert_success
	run ucsh_as second --yes -c "delete account $ME"
	assert_success
	run ucsh_as second -c 'set account level second 0'
	assert_failure 1
	[ "$(db 'SELECT name || level FROM account')" = second4 ]
}

@test "deleting an account asks for confirmation" {
	ucsh -c 'set account name temp level 0' >/dev/null
	run ucsh -c 'delete account temp'
	assert_failure 2
	run ucsh --yes -c 'delete account temp'
	assert_success
	run ucsh --yes -c 'delete account temp'
	assert_failure 1
	run ucsh_as temp -c 'show version'
	assert_failure 3
}

@test "account names complete from the store" {
	ucsh -c 'set account name viewer level 0' >/dev/null
	run ucsh --complete 'set account level v'
	assert_output viewer
}

@test "the session timeout is an administrator setting with a range" {
	run ucsh -c 'show cli session timeout'
	assert_output 'Session timeout (minutes) : 30'
	run ucsh -c 'set cli session timeout 60' -c 'show cli session timeout'
	assert_success
	assert_line 'Session timeout (minutes) : 60'
	run ucsh -c 'set cli session timeout 4'
	assert_failure 2
	run ucsh -c 'set cli session timeout 100000'
	assert_failure 2
	ucsh -c 'set account name viewer level 0' >/dev/null
	run ucsh_as viewer -c 'set cli session timeout 10'
	assert_failure 3
}
