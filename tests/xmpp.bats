#!/usr/bin/env bats
# XMPP secure modes: defaults, the client-mode warning and restart mark,
# router-to-router mode putting the nodes' cup-xmpp certificates into
# cup-xmpp-trust and keeping them there when they change.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
}

xmpp_trust() {
	db "SELECT serial FROM cert WHERE kind = 'trust' AND unit = 'cup-xmpp-trust' ORDER BY serial"
}

own_serial() {
	db "SELECT serial FROM cert WHERE kind = 'own' AND unit = 'cup-xmpp'"
}

@test "client secure mode is on by default; the others are off" {
	run ucsh -c 'show xmpp security'
	assert_success
	assert_line --regexp '^XMPP client to IM/P service secure mode +: enabled$'
	assert_line --regexp '^XMPP router-to-router secure mode +: disabled$'
	assert_line --regexp '^Web client to IM/P service secure mode +: disabled$'
	run ucsh --json -c 'show xmpp security'
	assert_output '{"client":"enabled","router":"disabled","web_client":"disabled"}'
}

@test "turning client secure mode off warns and marks Cisco XCP Connection Manager for restart" {
	ucsh -c 'utils service activate xcp-connection-manager' >/dev/null
	run ucsh -c 'set xmpp security client disable'
	assert_success
	assert_line 'XMPP client to IM/P service secure mode disabled.'
	assert_output --partial 'talk without TLS'
	assert_line 'Restart to use it: Cisco XCP Connection Manager (utils service restart xcp-connection-manager).'
	run ucsh -c 'utils service list'
	assert_line --regexp '^Cisco XCP Connection Manager +xcp-connection-manager +yes +yes \(XMPP client secure mode changed\)'
	run ucsh -c 'set xmpp security client disable'
	assert_line 'XMPP client to IM/P service secure mode was already disabled.'
	run ucsh -c 'set xmpp security web-client enable'
	assert_line 'Web client to IM/P service secure mode enabled.'
	run ucsh -c 'set xmpp security client off'
	assert_failure 2
	assert_output --partial '(expected disable, enable)'
}

@test "router-to-router secure mode trusts the node's cup-xmpp certificate, also after it is regenerated" {
	[ -z "$(xmpp_trust)" ]
	run ucsh -c 'set xmpp security router enable'
	assert_success
	assert_line 'XMPP router-to-router secure mode enabled.'
	assert_line 'cup-xmpp-trust: 1 added, 0 replaced, 0 already present.'
	[ "$(xmpp_trust)" = "$(own_serial)" ]
	cmp <(openssl x509 -in "$STATE/deploy/cup-xmpp.pem") <(openssl x509 -in "$STATE/deploy/cup-xmpp-trust.pem")
	ucsh --yes -c 'set cert regen cup-xmpp' >/dev/null
	run xmpp_trust
	assert_line "$(own_serial)"
	# Turning it off keeps what was trusted; on again adds nothing twice.
	ucsh -c 'set xmpp security router disable' >/dev/null
	run ucsh -c 'set xmpp security router enable'
	assert_line 'cup-xmpp-trust: 0 added, 0 replaced, 1 already present.'
}

@test "with router mode off, a regenerated cup-xmpp certificate is not copied" {
	ucsh --yes -c 'set cert regen cup-xmpp' >/dev/null
	[ -z "$(xmpp_trust)" ]
}
