#!/usr/bin/env bats
# The typed parameter registry: show param, set param.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
}

@test "enterprise parameters show their defaults" {
	run ucsh -c 'show param enterprise'
	assert_success
	assert_line --regexp '^cluster-id +Cluster ID +StandAloneCluster +StandAloneCluster'
	assert_line --regexp '^capf-operation-expires +CAPF Operation Expires in \(days\) +10 +10 +1-365$'
	assert_line --regexp '^activation-ttl +Activation Time to Live \(Hours\) +168 +168'
}

@test "a parameter is set by id, by full name, or by unique prefix" {
	run ucsh -c 'set param enterprise capf-operation-expires 14'
	assert_success
	assert_output 'CAPF Operation Expires in (days) = 14'
	run ucsh -c 'set param enterprise "Activation Time to Live (Hours)" 24'
	assert_success
	run ucsh -c 'set param enterprise cluster-i Cluster-2.east'
	assert_success
	[ "$(db "SELECT name || '=' || value FROM param ORDER BY name" | tr '\n' ' ')" = \
		'activation-ttl=24 capf-operation-expires=14 cluster-id=Cluster-2.east ' ]
}

@test "setting a parameter back to its default removes the stored value" {
	ucsh -c 'set param enterprise activation-ttl 24' >/dev/null
	run ucsh -c 'set param enterprise activation-ttl 168'
	assert_success
	[ "$(db "SELECT count(*) FROM param")" = 0 ]
}

@test "bad values are refused with what is allowed, and nothing changes" {
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set param enterprise capf-operation-expires 0'
	assert_failure 2
	[[ $stderr == *'Invalid value "0" for "CAPF Operation Expires in (days)": 1-365'* ]]
	run --separate-stderr ucsh -c 'set param service presence-engine fips-exchange-auth Kerberos'
	assert_failure 2
	[[ $stderr == *'Auto | Basic Only'* ]]
	run --separate-stderr ucsh -c 'set param enterprise cluster-id "has space"'
	assert_failure 2
	run --separate-stderr ucsh -c 'set param enterprise nosuch 1'
	assert_failure 2
	[[ $stderr == *'no such parameter "nosuch"'* ]]
	run --separate-stderr ucsh -c 'set param enterprise c 1'
	assert_failure 2
	[[ $stderr == *'ambiguous parameter "c"'* ]]
	[ "$(db_dump)" = "$before" ]
}

@test "read-only parameters name the command that sets them" {
	run --separate-stderr ucsh -c 'set param enterprise cluster-security-mode 1'
	assert_failure 2
	[[ $stderr == *'"Cluster Security Mode" is set by utils ctl set-cluster'* ]]
}

@test "service parameters: choices are case-insensitive and stored canonically" {
	run ucsh -c 'set param service "Presence Engine" fips-exchange-auth "basic only"' \
		-c 'user add application CtiApp1' -c 'capf profile add appuser CtiApp1 instance CTI1' \
		-c 'set param service ipma capf-instance-id CTI1' -c 'show param service ipma'
	assert_success
	assert_line 'FIPS Mode Exchange Server Authentication = Basic Only'
	assert_line --regexp '^capf-instance-id +CAPF Profile Instance ID .* +CTI1 +'
	run ucsh -c 'set param service ipma capf-instance-id ""'
	assert_success
	[ "$(db "SELECT count(*) FROM param WHERE name = 'capf-instance-id'")" = 0 ]
}

@test "SERVICE accepts ids, names with or without Cisco, and unique prefixes" {
	for svc in capf 'Cisco Certificate Authority Proxy Function' 'Certificate Authority' cap; do
		run ucsh -c "show param service \"$svc\""
		assert_success
		assert_output --partial 'key-size'
	done
	run --separate-stderr ucsh -c 'show param service c'
	assert_failure 2
	[[ $stderr == *'ambiguous: matches'* ]]
	run ucsh -c 'show param service tomcat'
	assert_success
	assert_output 'Service tomcat has no parameters.'
}

@test "setting parameters needs operator level; reading them does not" {
	db "UPDATE account SET level = 0"
	run ucsh -c 'show param enterprise'
	assert_success
	run ucsh -c 'set param enterprise activation-ttl 24'
	assert_failure 3
}

@test "CAPF parameters: validity in years, key-generation retries, key sizes with their rules" {
	run ucsh -c 'show param service capf'
	assert_success
	assert_line --regexp '^certificate-validity +Duration Of Certificate Validity \(in years\) +5 +5 +1-20$'
	assert_line --regexp '^key-gen-retries +Maximum Number of Key Generation Retries +3 +3 +0-5$'
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set param service capf key-size 512'
	assert_failure 2
	[[ $stderr == *'Key Size 512 is refused: a 512-bit RSA key can be factored'*'allowed: 1024 | 2048 | 3072 | 4096'* ]]
	run --separate-stderr ucsh -c 'set param service capf certificate-validity 21'
	assert_failure 2
	[[ $stderr == *'"Duration Of Certificate Validity (in years)": 1-20'* ]]
	run --separate-stderr ucsh -c 'set param service capf key-gen-retries 6'
	assert_failure 2
	[ "$(db_dump)" = "$before" ]
	run --separate-stderr ucsh -c 'set param service capf key-size 1024'
	assert_success
	[ "$output" = 'Key Size = 1024' ]
	[[ $stderr == *'1024-bit RSA keys are below the 2048 bits'* ]]
	[ "$(db "SELECT value FROM param WHERE scope = 'capf' AND name = 'key-size'")" = 1024 ]
	run ucsh -c 'set param service capf key-gen-retries 0' -c 'set param service capf certificate-validity 2'
	assert_success
	[ "$(db "SELECT value FROM param WHERE scope = 'capf' AND name = 'certificate-validity'")" = 2 ]
	[ "$(db "SELECT value FROM param WHERE scope = 'capf' AND name = 'key-gen-retries'")" = 0 ]
}

@test "a validity stored in days by an older ucsh becomes whole years, rounded up" {
	# A version-6 schema: what migrations 8 and up made goes.
	db "INSERT INTO param VALUES ('capf', 'certificate-validity', '400');
		DROP TABLE edge_domain; DROP TABLE tls_context_peer; DROP TABLE tls_context_cipher; DROP TABLE tls_context; DROP TABLE tls_peer_subject;
		DROP TABLE bulk_config; DROP TABLE ipsec_policy; DROP TABLE tvs_query; DROP TABLE capf_session; DROP TABLE lsc; DROP TABLE capf_used_string; DROP TABLE capf_profile;
		DROP TABLE user_group_member; DROP TABLE app_user; PRAGMA user_version = 6"
	run ucsh -c 'show param service capf'
	assert_success
	assert_line --regexp '^certificate-validity +Duration Of Certificate Validity \(in years\) +2 +5 +1-20$'
}
