#!/usr/bin/env bats
# Single sign-on through OpenAM: the settings (the password never shown),
# end users only, and utils sso test against a real HTTPS server
# (openssl s_server) verified with tomcat-trust only.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	load helpers/ca
	fresh_state
	AREA="$STATE/files"
	PKI="$BATS_TEST_TMPDIR/pki"
	mkdir -p "$AREA" "$PKI"
	echo 'Profile-Pass-77' >"$AREA/openam.txt"
}

teardown() {
	[ -z "${SERVER_PID:-}" ] || kill "$SERVER_PID" 2>/dev/null || true
}

# https_server NAME: openssl s_server -www with a certificate for NAME
# (and 127.0.0.1) issued by the test CA; sets SERVER_PORT.
https_server() {
	make_ca "$PKI" OpenAMCA
	openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/srv.key" -subj "/CN=$1" -out "$PKI/srv.csr" 2>/dev/null
	printf 'subjectAltName=DNS:%s,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' "$1" >"$PKI/srv.ext"
	openssl x509 -req -in "$PKI/srv.csr" -CA "$PKI/OpenAMCA.pem" -CAkey "$PKI/OpenAMCA.key" -CAcreateserial \
		-days 30 -extfile "$PKI/srv.ext" -out "$PKI/srv.pem" 2>/dev/null
	SERVER_PORT=$(free_port)
	openssl s_server -accept "127.0.0.1:$SERVER_PORT" -cert "$PKI/srv.pem" -key "$PKI/srv.key" -www -quiet \
		</dev/null >/dev/null 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$SERVER_PORT") 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

set_openam() { # set_openam URL
	ucsh --yes -c "set sso openam url $1 path agentapp profile ucshagent login-module ldap password-file openam.txt"
}

@test "set sso openam asks, saves, never shows the password, and marks Tomcat for restart" {
	run ucsh -c 'set sso openam url https://openam.example.com:8443/opensso path agentapp profile ucshagent login-module ldap password-file openam.txt'
	assert_failure 2
	assert_output --partial 'Cisco Tomcat restarts to use them'
	run set_openam https://openam.example.com:8443/opensso
	assert_success
	assert_line 'OpenAM settings saved.'
	assert_line 'Restart to use them: Cisco Tomcat (utils service restart tomcat).'
	run ucsh -c 'show sso'
	assert_line --regexp '^OpenAM URL +: https://openam\.example\.com:8443/opensso$'
	assert_line --regexp '^Profile password +: \(set; never shown\)$'
	assert_line --regexp '^Single sign-on +: disabled$'
	refute_output --partial 'Profile-Pass-77'
	run ucsh --json -c 'show sso'
	refute_output --partial 'Profile-Pass-77'
	run ucsh -c 'show audit'
	refute_output --partial 'Profile-Pass-77'
	run ucsh -c 'show config'
	refute_output --partial 'Profile-Pass-77'
	# The password file is a secret now: it is never shown.
	run ucsh -c 'file view openam.txt'
	assert_failure
	run ucsh -c 'utils service list'
	assert_line --regexp '^Cisco Tomcat +tomcat +yes +yes \(single sign-on settings changed\)'
}

@test "bad OpenAM settings are refused with the reason and change nothing" {
	before=$(db_dump)
	run set_openam http://openam.example.com/opensso
	assert_failure 2
	assert_output --partial 'the OpenAM URL must be an https:// URL'
	run ucsh --yes -c 'set sso openam url https://openam.example.com path agent/app profile p login-module l password-file openam.txt'
	assert_failure 2
	assert_output --partial 'the relative path takes letters and digits only'
	run ucsh --yes -c 'set sso openam url https:// path a profile p login-module l password-file openam.txt'
	assert_failure 2
	assert_output --partial 'needs a host name'
	run ucsh --yes -c 'set sso openam url https://openam.example.com path a profile p login-module l'
	assert_failure 2
	assert_output --partial 'The profile password is needed: add password-file FILE'
	[ "$(db_dump | grep -v secret_file)" = "$(echo "$before" | grep -v secret_file)" ]
}

@test "SSO needs its server; it applies to end users only" {
	run ucsh -c 'utils sso enable'
	assert_failure 1
	assert_output --partial 'There is no OpenAM server yet'
	set_openam https://openam.example.com/opensso >/dev/null
	run ucsh -c 'utils sso enable'
	assert_success
	ucsh -c 'user add end jdoe' >/dev/null
	run ucsh -c 'user sso jdoe on'
	assert_success
	assert_output 'Single sign-on on for jdoe.'
	run ucsh -c 'user sso WDSecureSysUser on'
	assert_failure 1
	assert_output --partial 'WDSecureSysUser is an application user: single sign-on applies to end users only'
	run ucsh -c 'user sso nobody on'
	assert_failure
	run ucsh -c 'utils sso status'
	assert_line --regexp '^Single sign-on +: enabled$'
	assert_line --regexp '^End users with single sign-on +: jdoe$'
	ucsh -c 'user sso jdoe off' >/dev/null
	run ucsh -c 'show sso'
	assert_line --regexp '^End users with single sign-on +: none$'
}

@test "utils sso test: refused until the server's CA is in tomcat-trust, verified after" {
	https_server openam.test
	set_openam "https://127.0.0.1:$SERVER_PORT/opensso" >/dev/null
	run ucsh -c 'utils sso test'
	assert_failure 1
	assert_line --regexp '^Verdict +: refused$'
	assert_line --regexp '^Reason +: .*(certificate|issuer)'
	cp "$PKI/OpenAMCA.pem" "$AREA/openamca.pem"
	ucsh -c 'set cert import trust tomcat-trust openamca.pem' >/dev/null
	run ucsh -c 'utils sso test'
	assert_success
	assert_line --regexp '^Verdict +: verified$'
	assert_line --regexp '^HTTP status +: 200$'
	# The name is checked too: a server not named by the URL is refused.
	set_openam "https://localhost:$SERVER_PORT/opensso" >/dev/null
	run ucsh -c 'utils sso test'
	assert_failure 1
	assert_line --regexp '^Reason +: .*(name|match)'
}

@test "utils sso test without a server says so" {
	run ucsh -c 'utils sso test'
	assert_failure 1
	assert_output --partial 'There is no OpenAM server to test'
}
