#!/usr/bin/env bats
# set/show network and set/show web-security.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
}

@test "show network prints the identity chosen on first start" {
	run ucsh -c 'show network'
	assert_success
	assert_line --regexp '^Hostname +: [A-Za-z0-9-]+$'
	assert_line --regexp '^IP address +: [0-9.:a-f]+$'
}

@test "hostname, domain and IP are validated and stored" {
	run ucsh -c 'set network hostname cucm-pub' -c 'set network domain voice.example.com' \
		-c 'set network ip 192.0.2.10'
	assert_success
	assert_line 'Hostname set to cucm-pub.'
	[ "$(db 'SELECT hostname, domain, ip FROM node')" = 'cucm-pub|voice.example.com|192.0.2.10' ]
	run ucsh -c 'set network ip 2001:DB8::0:1'
	assert_success
	[ "$(db 'SELECT ip FROM node')" = 2001:db8::1 ]
}

@test "bad identity values are refused and change nothing" {
	before=$(db_dump)
	for cmd in 'set network hostname a.b' 'set network hostname x-' \
		"set network hostname $(printf 'a%.0s' {1..64})" 'set network domain .example.com' \
		'set network domain example..com' 'set network domain example.com.' 'set network ip 300.1.1.1' \
		'set network ip 0.0.0.0' 'set network ip host'; do
		run ucsh -c "$cmd"
		assert_failure 2
	done
	[ "$(db_dump)" = "$before" ]
}

@test "web-security stores OUs with escaped commas and keeps the country when omitted" {
	run ucsh -c 'set web-security "Voice\,Video,IT" "Example Inc" Berlin Berlin de'
	assert_success
	run ucsh -c 'set web-security "Voice\,Video,IT" "Example Inc" Hamburg Hamburg' -c 'show web-security'
	assert_success
	assert_line 'Organizational unit : Voice\,Video,IT'
	assert_line 'Locality            : Hamburg'
	assert_line 'Country             : DE'
}

@test "web-security refuses characters that break subjects, empty units and bad countries" {
	before=$(db_dump)
	for args in '"a;b" O L S' 'OU "O=x" L S' 'OU O L S USA' 'OU O L S 1X' '"a,,b" O L S' 'OU O L S DE -bad-'; do
		run ucsh -c "set web-security $args"
		assert_failure 2
	done
	[ "$(db_dump)" = "$before" ]
}

@test "web-security needs operator level; network changes need administrator" {
	db "UPDATE account SET level = 1"
	run ucsh -c 'set web-security OU O L S'
	assert_success
	run ucsh -c 'set network domain example.net'
	assert_failure 3
}
