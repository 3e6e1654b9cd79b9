#!/usr/bin/env bats
# The certificate expiry monitor and its mail, through a real SMTP sink on
# 127.0.0.1.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
}

teardown() {
	[ -n "${SINK_PID:-}" ] && kill "$SINK_PID" 2>/dev/null
	true
}

start_sink() { # an SMTP server that prints every message it receives
	SMTP_PORT=$(free_port)
	python3 -W ignore -u -m smtpd -n -c DebuggingServer "127.0.0.1:$SMTP_PORT" >"$BATS_TEST_TMPDIR/mail" 2>&1 &
	SINK_PID=$!
	for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && return 0; sleep 0.1; done
	return 1
}

@test "show cert monitor prints the defaults" {
	run ucsh -c 'show cert monitor'
	assert_success
	assert_line 'Notification start (days before expiry) : 30'
	assert_line --regexp '^E-mail notification +: disable$'
	assert_line --regexp '^SMTP server +: \(none\)$'
}

@test "settings are validated; e-mail needs recipients and a server" {
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set cert monitor email enable'
	assert_failure 2
	[[ $stderr == *'E-mail needs recipients'* ]]
	for bad in 'start 0' 'frequency 2w' 'to nobody' 'to a@b,@c.d' 'smtp mail.example.com:0' 'smtp bad_host'; do
		run ucsh -c "set cert monitor $bad"
		assert_failure 2
	done
	run ucsh -c 'set cert monitor'
	assert_failure 2
	[ "$(db_dump)" = "$before" ]
	run ucsh -c 'set cert monitor start 60 frequency 12h to pki@example.com,ops@example.com smtp mail.example.com:2525 email enable' \
		-c 'show cert monitor'
	assert_success
	assert_line --regexp '^Recipients +: pki@example.com,ops@example.com$'
	assert_line --regexp '^Frequency +: 12h$'
}

@test "a run lists the certificates inside the window, own and trust" {
	run ucsh -c 'utils cert monitor run'
	assert_success
	assert_line '0 certificates expire within 30 days.'
	ucsh --yes -c 'set cert regen TVS days 10' >/dev/null
	run ucsh -c 'utils cert monitor run'
	assert_success
	assert_line --regexp '^own +TVS +TVS +[^ ]+ +[0-9-]+ +(9|10)$'
	assert_line '1 certificate expires within 30 days.'
	run ucsh -c 'set cert monitor start 5' -c 'utils cert monitor run'
	assert_line '0 certificates expire within 5 days.'
}

@test "with e-mail enabled the run mails the list through SMTP" {
	start_sink
	ucsh --yes -c 'set cert regen TVS days 10' -c 'set cert regen ipsec days 20' >/dev/null
	run ucsh -c "set cert monitor email enable to pki@example.com,ops@example.com smtp 127.0.0.1:$SMTP_PORT" \
		-c 'utils cert monitor run'
	assert_success
	assert_line "Mail sent to 2 recipients through 127.0.0.1:$SMTP_PORT."
	for _ in $(seq 50); do grep -q 'END MESSAGE' "$BATS_TEST_TMPDIR/mail" && break; sleep 0.1; done
	run cat "$BATS_TEST_TMPDIR/mail"
	assert_output --regexp 'Subject: \[[^]]+\] 2 certificates expiring'
	assert_output --partial 'To: <pki@example.com>, <ops@example.com>'
	assert_output --regexp 'own +TVS +TVS +expires'
	assert_output --regexp 'own +ipsec +ipsec +expires'
	refute_output --partial 'tomcat'
}

@test "a run mails only when the last mail is older than the frequency; force mails regardless" {
	start_sink
	ucsh --yes -c 'set cert regen TVS days 10' >/dev/null
	ucsh -c "set cert monitor email enable to pki@example.com smtp 127.0.0.1:$SMTP_PORT frequency 24h" >/dev/null
	run ucsh -c 'utils cert monitor run'
	assert_line "Mail sent to 1 recipient through 127.0.0.1:$SMTP_PORT."
	last=$(db "SELECT value FROM param WHERE scope = 'monitor' AND name = 'last-mail'")
	[ $(($(date +%s) - last)) -lt 60 ]
	# An hour later (the timer's next run) nothing is mailed, and the run says why.
	db "UPDATE param SET value = value - 3600 WHERE scope = 'monitor' AND name = 'last-mail'"
	run ucsh -c 'utils cert monitor run'
	assert_success
	assert_line '1 certificate expires within 30 days.'
	assert_line --regexp '^Not mailed: the last mail went out at [0-9T:-]+Z and the frequency allows the next after [0-9T:-]+Z \(utils cert monitor run force mails now\)\.$'
	for _ in $(seq 10); do sleep 0.1; done
	[ "$(grep -c 'END MESSAGE' "$BATS_TEST_TMPDIR/mail")" = 1 ]
	run ucsh -c 'utils cert monitor run force'
	assert_line "Mail sent to 1 recipient through 127.0.0.1:$SMTP_PORT."
	# A day after the last mail the next run mails again.
	db "UPDATE param SET value = value - 86400 WHERE scope = 'monitor' AND name = 'last-mail'"
	run ucsh -c 'utils cert monitor run'
	assert_line "Mail sent to 1 recipient through 127.0.0.1:$SMTP_PORT."
	for _ in $(seq 50); do [ "$(grep -c 'END MESSAGE' "$BATS_TEST_TMPDIR/mail")" = 3 ] && break; sleep 0.1; done
	[ "$(grep -c 'END MESSAGE' "$BATS_TEST_TMPDIR/mail")" = 3 ]
	# A frequency in days counts days.
	ucsh -c 'set cert monitor frequency 2d' >/dev/null
	db "UPDATE param SET value = value - 86400 WHERE scope = 'monitor' AND name = 'last-mail'"
	run ucsh -c 'utils cert monitor run'
	assert_line --partial 'Not mailed'
}

@test "the systemd timer runs the monitor hourly through its service" {
	srcdir="$BATS_TEST_DIRNAME/../doc"
	run grep -E '^OnCalendar=hourly$' "$srcdir/ucsh-cert-monitor.timer"
	assert_success
	grep -q '^Unit=ucsh-cert-monitor.service$' "$srcdir/ucsh-cert-monitor.timer"
	run grep -E "^ExecStart=@bindir@/ucsh -c 'utils cert monitor run'$" "$srcdir/ucsh-cert-monitor.service.in"
	assert_success
	systemd_units_verify ucsh-cert-monitor
}

@test "a mail server that cannot be reached fails the run clearly" {
	port=$(free_port)
	ucsh --yes -c 'set cert regen TVS days 10' >/dev/null
	ucsh -c "set cert monitor email enable to pki@example.com smtp 127.0.0.1:$port" >/dev/null
	run --separate-stderr ucsh -c 'utils cert monitor run'
	assert_failure 1
	[[ $stderr == *"the mail server 127.0.0.1:$port did not take the message"* ]]
	assert_output --partial '1 certificate expires within 30 days.'
}

@test "libcurl, libssh, libedit and libcrypto are loaded when needed, never at start-up" {
	run ldd "$UCSH"
	refute_output --partial libcurl
	refute_output --partial libssh
	refute_output --partial libedit
	refute_output --partial libcrypto
	# Until a command needs the PKI core, show version names the OpenSSL
	# ucsh was built with; after one did, the one in use.
	run ucsh -c 'show version'
	assert_line --regexp '^OpenSSL : OpenSSL 3\..*\(built with; loaded on demand\)$'
	run ucsh -c 'show cert own tomcat' -c 'show version'
	assert_success
	assert_line --regexp '^OpenSSL : OpenSSL 3\.[0-9.]+ [^(]*$'
}
