#!/usr/bin/env bats
# Application and end users and the standard CTI security groups (the CTI
# chapter of the documentation), on a standalone node; tests/cluster.bats
# has them cluster-wide.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
}

@test "the standard application users exist from the first start and cannot be deleted" {
	run ucsh -c 'user list'
	assert_success
	assert_line --regexp '^CCMQRTSecureSysUser +application +yes +$'
	assert_line --regexp '^IPMASecureSysUser +application +yes +$'
	assert_line --regexp '^WDSecureSysUser +application +yes +$'
	before=$(db_dump)
	run --separate-stderr ucsh --yes -c 'user delete WDSecureSysUser'
	assert_failure 1
	[[ $stderr == *'WDSecureSysUser is a standard application user and cannot be deleted'* ]]
	[ "$(db_dump)" = "$before" ]
}

@test "a name is an application user or an end user, never both; bad names say what is allowed" {
	run ucsh -c 'user add application CtiApp1' -c 'user add end jdoe@example.com'
	assert_success
	assert_line 'Application user CtiApp1 added.'
	assert_line 'End user jdoe@example.com added.'
	before=$(db_dump)
	run --separate-stderr ucsh -c 'user add end CtiApp1'
	assert_failure 2
	[[ $stderr == *'CtiApp1 exists already as an application user; a name is an application user or an end user, never both'* ]]
	for bad in '-lead' 'a b' "$(printf 'x%.0s' $(seq 129))" 'semi;colon'; do
		run --separate-stderr ucsh -c "user add end '$bad'"
		assert_failure 2
		[[ $stderr == *'a user ID: 1-128 letters, digits'* ]]
	done
	[ "$(db_dump)" = "$before" ]
	[ "$(db "SELECT kind FROM app_user WHERE name = 'CtiApp1'")" = application ]
}

@test "user list filters with a shell pattern; user show has kind, groups and creation time" {
	ucsh -c 'user add application CtiApp1' -c 'user add application CtiApp2' -c 'user add end bob' >/dev/null
	run ucsh -c 'user list cti*'
	assert_success
	assert_line --regexp '^CtiApp1 +application +no'
	assert_line --regexp '^CtiApp2 +application +no'
	refute_line --partial bob
	refute_line --partial SecureSysUser
	run ucsh --json -c 'user show bob'
	echo "$output" | jq -e '.name == "bob" and .kind == "end" and (.standard | not) and (.created | test("^[0-9-]+T[0-9:]+Z$"))'
	run --separate-stderr ucsh -c 'user show nobody'
	assert_failure 1
	[[ $stderr == *'No user nobody (user list shows them)'* ]]
}

@test "user delete asks, says what goes, and takes the group memberships" {
	ucsh -c 'user add application CtiApp1' -c 'user group add Standard-CTI-Enabled CtiApp1' >/dev/null
	run --separate-stderr ucsh -c 'user delete CtiApp1'
	assert_failure 2
	[[ $stderr == *'The application user CtiApp1 is deleted with its CTI group memberships.'* ]]
	[ "$(db "SELECT count(*) FROM user_group_member WHERE name = 'CtiApp1'")" -eq 1 ]
	run ucsh --yes -c 'user delete CtiApp1'
	assert_success
	[ "$(db "SELECT count(*) FROM app_user WHERE name = 'CtiApp1'")" -eq 0 ]
	[ "$(db "SELECT count(*) FROM user_group_member WHERE name = 'CtiApp1'")" -eq 0 ]
}

@test "group names: quoted, a unique prefix, '-' for a space; an ambiguous or unknown one names the three" {
	ucsh -c 'user add application CtiApp1' >/dev/null
	run ucsh -c 'user group add "Standard CTI Enabled" CtiApp1' -c 'user group add standard-cti-s CtiApp1'
	assert_success
	assert_line '"Standard CTI Enabled": 1 added, 0 members already.'
	assert_line '"Standard CTI Secure Connection": 1 added, 0 members already.'
	run ucsh -c 'user group add Standard-CTI-Enabled CtiApp1'
	assert_line '"Standard CTI Enabled": 0 added, 1 members already.'
	for bad in Standard Standard-CTI Other; do
		run --separate-stderr ucsh -c "user group add $bad CtiApp1"
		assert_failure 2
		[[ $stderr == *'one of "Standard CTI Enabled", "Standard CTI Secure Connection", "Standard CTI Allow Reception of SRTP Key Material"'* ]]
	done
}

@test "the SRTP group needs the two others first, says which is missing, and changes nothing" {
	ucsh -c 'user add application CtiApp1' -c 'user add application CtiApp2' \
		-c 'user group add Standard-CTI-Enabled CtiApp1 CtiApp2' -c 'user group add Standard-CTI-Secure CtiApp1' >/dev/null
	before=$(db_dump)
	# All or nothing: CtiApp1 may join, CtiApp2 may not, so neither does.
	run --separate-stderr ucsh -c 'user group add Standard-CTI-Allow CtiApp1 CtiApp2'
	assert_failure 1
	[[ $stderr == *'CtiApp2 is not in "Standard CTI Secure Connection"'*'add it there first; nothing was changed'* ]]
	[ "$(db_dump)" = "$before" ]
	run --separate-stderr ucsh -c 'user group add Standard-CTI-Allow CtiApp1 nobody'
	assert_failure 1
	[[ $stderr == *'No user nobody'* ]]
	[ "$(db_dump)" = "$before" ]
	run ucsh -c 'user group add Standard-CTI-Allow CtiApp1'
	assert_success
	# Leaving a group the SRTP group needs is refused while in it.
	run --separate-stderr ucsh -c 'user group remove Standard-CTI-Enabled CtiApp1'
	assert_failure 1
	[[ $stderr == *'CtiApp1 is in "Standard CTI Allow Reception of SRTP Key Material", which needs "Standard CTI Enabled": remove it from the SRTP group first'* ]]
	run ucsh -c 'user group remove Standard-CTI-Allow CtiApp1' -c 'user group remove Standard-CTI-Enabled CtiApp1 CtiApp2'
	assert_success
	assert_line '"Standard CTI Enabled": 2 removed, 0 not members already.'
	[ "$(db "SELECT grp FROM user_group_member WHERE name = 'CtiApp1'")" = 'Standard CTI Secure Connection' ]
}

@test "the SecureSysUsers can join the SRTP group, with the documentation's warning" {
	ucsh -c 'user group add Standard-CTI-Enabled WDSecureSysUser IPMASecureSysUser' \
		-c 'user group add Standard-CTI-Secure WDSecureSysUser IPMASecureSysUser' >/dev/null
	run --separate-stderr ucsh -c 'user group add Standard-CTI-Allow WDSecureSysUser IPMASecureSysUser'
	assert_success
	[[ $stderr == *'WDSecureSysUser, IPMASecureSysUser: Cisco Unified Communications Manager Assistant, Web Dialer and QRT do not support encryption'* ]]
	run ucsh -c 'user group list Standard-CTI-Allow'
	assert_line --regexp '^Standard CTI Allow Reception of SRTP Key Material +IPMASecureSysUser$'
	assert_line --regexp '^Standard CTI Allow Reception of SRTP Key Material +WDSecureSysUser$'
}

@test "user security: each condition with its state (tests/capf.bats meets them all)" {
	ucsh -c 'user add application CtiApp1' >/dev/null
	run ucsh -c 'user security CtiApp1'
	assert_success
	assert_line --regexp '^CTIManager connection : not secure, port 2748'
	assert_line --regexp '^In "Standard CTI Enabled" +no +user group add Standard-CTI-Enabled$'
	assert_line --regexp '^Cluster in mixed mode +no +utils ctl set-cluster mixed-mode$'
	assert_line --regexp '^A valid LSC under one of its CAPF profiles +no +capf profile add, then capf enroll$'
	ucsh -c 'user group add Standard-CTI-Enabled CtiApp1 WDSecureSysUser' -c 'user group add Standard-CTI-Secure CtiApp1 WDSecureSysUser' \
		-c 'user group add Standard-CTI-Allow CtiApp1 WDSecureSysUser' >/dev/null 2>&1
	run ucsh --json -c 'user security CtiApp1'
	echo "$output" | jq -e '([.conditions[] | select(.met | not) | .condition] == ["Cluster in mixed mode", "A valid LSC under one of its CAPF profiles"]) and (.srtp | startswith("no"))'
	run ucsh --json -c 'user security WDSecureSysUser'
	echo "$output" | jq -e '[.conditions[] | select(.met | not) | .condition] | index("Its application supports encryption") != null'
}
