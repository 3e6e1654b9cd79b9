#!/usr/bin/env bats
# The login banner: set/show/delete, the shown-at-start and acknowledgement
# behaviour on a real terminal (tmux), and sshd showing it before login.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	load helpers/tmux
	fresh_state
	ME=$(id -un)
	mkdir -p "$STATE/files"
	printf 'Authorized use only.\r\nActivity is logged.\r\n' >"$STATE/files/legal.txt"
}

teardown() {
	term_stop
}

@test "set banner stores the text with Unix line ends and writes the sshd file" {
	run ucsh -c 'set banner legal.txt'
	assert_success
	assert_output "Banner set from legal.txt (2 lines); sshd shows it before login from $STATE/deploy/banner.txt."
	run cat "$STATE/deploy/banner.txt"
	assert_output $'Authorized use only.\nActivity is logged.'
	[ "$(stat -c %a "$STATE/deploy/banner.txt")" = 600 ]
	run ucsh -c 'show banner'
	assert_success
	assert_line 'Banner set               : yes'
	assert_line 'Acknowledgement required : off'
	assert_line 'Activity is logged.'
	run ucsh --json -c 'show banner'
	assert_output '{"set":true,"acknowledge":"off","text":"Authorized use only.\nActivity is logged.\n"}'
}

@test "a bad banner file is refused with the reason and changes nothing" {
	printf 'hi \033]0;owned\007 there\n' >"$STATE/files/escape.txt"
	head -c 8193 /dev/zero | tr '\0' a >"$STATE/files/big.txt"
	head -c 8192 /dev/zero | tr '\0' a >"$STATE/files/max.txt"
	printf 'caf\xe9\n' >"$STATE/files/latin1.txt"
	printf ' \n\t\n' >"$STATE/files/blank.txt"
	printf 'a\xc2\x9bb\n' >"$STATE/files/c1.txt"
	echo hi >"$STATE/files/legal.cfg"
	before=$(db_dump)
	run ucsh -c 'set banner escape.txt'
	assert_failure 2
	assert_output --partial 'escape.txt cannot be the banner: line 1 holds a control character (0x1b); allowed: printable text, tabs and line ends'
	run ucsh -c 'set banner big.txt'
	assert_failure 2
	assert_output --partial 'big.txt is too large: a banner has at most 8192 bytes'
	run ucsh -c 'set banner latin1.txt'
	assert_failure 2
	assert_output --partial 'latin1.txt cannot be the banner: it is not UTF-8 (byte 4)'
	run ucsh -c 'set banner blank.txt'
	assert_failure 2
	assert_output --partial 'it is empty'
	run ucsh -c 'set banner c1.txt'
	assert_failure 2
	assert_output --partial 'holds a control character (0xc2)'
	run ucsh -c 'set banner legal.cfg'
	assert_failure 2
	assert_output --partial 'legal.cfg: a banner is a .txt file'
	run ucsh -c 'set banner ../ucsh.txt'
	assert_failure
	[ "$(db_dump)" = "$before" ]
	[ ! -e "$STATE/deploy/banner.txt" ]
	run ucsh -c 'set banner max.txt'
	assert_success
}

@test "delete banner asks, removes the text and the sshd file; a second delete says there is none" {
	ucsh -c 'set banner legal.txt'
	run ucsh -c 'delete banner'
	assert_failure 2
	assert_output --partial 'Confirmation required'
	assert_output --partial "and $STATE/deploy/banner.txt with it: sshd then shows none."
	[ -f "$STATE/deploy/banner.txt" ]
	run ucsh --yes -c 'delete banner'
	assert_success
	assert_output 'Banner deleted.'
	[ ! -e "$STATE/deploy/banner.txt" ]
	run ucsh -c 'show banner'
	assert_line 'Banner set               : no'
	run ucsh --yes -c 'delete banner'
	assert_failure 1
	assert_output --partial 'There is no banner'
}

@test "banner commands need an administrator; acknowledgement without a banner warns" {
	require_test_identity
	ucsh -c 'set account name reader level 0' -c 'set account name oper level 1' >/dev/null
	run ucsh_as oper -c 'set banner legal.txt'
	assert_failure 3
	run ucsh_as reader -c 'show banner'
	assert_success
	run ucsh -c 'set banner acknowledge on'
	assert_success
	assert_output --partial 'There is no banner yet'
}

@test "a terminal session shows the banner first, then the prompt" {
	ucsh -c 'set banner legal.txt'
	term_start "$UCSH" --state-dir "$STATE"
	term_wait '^Authorized use only\.$'
	term_wait "^$ME:"
	[ "$(term_screen | grep -n 'Activity is logged' | cut -d: -f1)" -lt "$(term_screen | grep -n "^$ME:" | cut -d: -f1)" ]
	term_keys 'quit' Enter
	term_gone
}

@test "acknowledgement on: yes goes on, anything else ends the session and is audited" {
	ucsh -c 'set banner legal.txt' -c 'set banner acknowledge on'
	term_start "$UCSH" --state-dir "$STATE"
	term_wait 'Do you acknowledge this banner\? \(yes/no\)'
	! term_screen | grep -q "^$ME:"
	term_keys 'yes' Enter
	term_wait "^$ME:"
	term_keys 'quit' Enter
	term_gone
	term_start sh -c "'$UCSH' --state-dir '$STATE'; echo exit=\$?; sleep 30"
	term_wait 'Do you acknowledge this banner\?'
	term_keys 'y' Enter
	term_wait 'The banner was not acknowledged: the session ends\.'
	term_wait '^exit=1$'
	! term_screen | grep -q "^$ME:"
	run ucsh -c 'show audit'
	assert_output --regexp "$ME +.*banner acknowledgement refused"
}

@test "batch runs never show the banner (their output stays the commands')" {
	ucsh -c 'set banner legal.txt' -c 'set banner acknowledge on'
	run ucsh -c 'show myself'
	assert_success
	refute_output --partial 'Authorized use only'
	run bash -c "echo 'show version' | '$UCSH' --state-dir '$STATE'"
	assert_success
	refute_output --partial 'Authorized use only'
}

@test "an acknowledgement nobody gives ends the session after the idle timeout" {
	require_test_identity # UCSH_TEST_IDLE_SECONDS needs a test build too
	ucsh -c 'set banner legal.txt' -c 'set banner acknowledge on'
	term_start sh -c "UCSH_TEST_IDLE_SECONDS=1 '$UCSH' --state-dir '$STATE'; echo exit=\$?; sleep 30"
	term_wait 'Do you acknowledge this banner\?'
	term_wait 'The banner was not acknowledged: the session ends\.'
	term_wait '^exit=1$'
}
