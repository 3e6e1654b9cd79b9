#!/usr/bin/env bats
# show config: the node's settings as a batch file that ucsh -f replays.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
}

settings_view() { # what show config is meant to carry, read back through the shell
	"$UCSH" --state-dir "$1" -c 'show web-security' -c 'show param enterprise' \
		-c 'show param service capf' -c 'show param service ipma' -c 'utils service list' \
		-c 'show cert monitor' -c 'show cli session timeout' -c 'show xmpp security' -c 'tls peer-subject list' \
		-c 'tls context show Default_Cisco_UPS_SIP_Proxy_Peer_Auth_TLS_Context' -c 'show banner' 2>&1 |
		sed 's/ *Restart pending.*//; s/^\(Updated *:\|ocs.*administrator\).*/\1/'
}

@test "show config replays onto another node and gives it the same settings" {
	ucsh -c 'set web-security "Voice\,Video,IT" "O'\''Brien & Co" "New York" NY US alt.example.com' \
		-c 'set param enterprise cluster-id Lab-1' -c 'set param service capf key-gen-retries 5' \
		-c 'set param service ipma capf-instance-id ""' -c 'utils service activate capf' \
		-c 'utils service deactivate tomcat' -c 'set cert monitor start 45 to ops@example.com smtp mail.example.com' \
		-c 'set cli session timeout 90' -c 'set xmpp security web-client enable' \
		-c 'tls peer-subject add ocs.example.com description "OCS front end"' \
		-c 'tls context peer add Default_Cisco_UPS_SIP_Proxy_Peer_Auth_TLS_Context ocs.example.com' \
		-c 'tls context cipher add Default_Cisco_UPS_SIP_Proxy_Peer_Auth_TLS_Context TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA' \
		-c 'tls context empty-fragments Default_Cisco_UPS_SIP_Proxy_Peer_Auth_TLS_Context disable' \
		-c 'set banner acknowledge on' >/dev/null 2>&1
	run ucsh -c 'show config'
	assert_success
	echo "$output" >"$BATS_TEST_TMPDIR/node.cfg"
	refute_output --partial 'PRIVATE KEY'
	refute_output --partial 'BEGIN CERTIFICATE'
	assert_line 'set param enterprise cluster-id Lab-1'
	assert_line 'utils service activate capf'
	assert_line 'set xmpp security web-client enable'
	assert_line 'tls peer-subject add ocs.example.com description "OCS front end"'
	assert_line --regexp '^# set network hostname '
	assert_line --regexp '^# set account name [^ ]+ level 4$'
	other="$BATS_TEST_TMPDIR/other"
	cp -a "$TEMPLATE" "$other"
	[ "$(settings_view "$other")" != "$(settings_view "$STATE")" ]
	run "$UCSH" --state-dir "$other" -f "$BATS_TEST_TMPDIR/node.cfg"
	assert_success
	[ "$(settings_view "$other")" = "$(settings_view "$STATE")" ]
	# Replaying onto the node it came from changes nothing it shows.
	before=$(settings_view "$STATE")
	ucsh -f "$BATS_TEST_TMPDIR/node.cfg" >/dev/null
	[ "$(settings_view "$STATE")" = "$before" ]
}

@test "show config is for administrators" {
	db "UPDATE account SET level = 1"
	run --separate-stderr ucsh -c 'show config'
	assert_failure 3
}
