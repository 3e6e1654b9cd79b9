#!/usr/bin/env bats
# ucshd's Trust Verification Service on 127.0.0.1 (CAPF-TVS-PROTOCOL.md §2),
# driven by tests/helpers/tvs_client.py (written from the fact sheet, not
# from ucsh) and by the fixtures' requests byte for byte.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	load helpers/ucshd
	fresh_state
	mkdir -p "$STATE/files"
	DATA="$BATS_TEST_DIRNAME/data/tvs"
	ucshd_start
}

teardown() {
	load helpers/ucshd
	ucshd_stop
}

ask() { # ask CERT.pem [DEVICE]: the first line of the answer
	python3 "$BATS_TEST_DIRNAME/helpers/tvs_client.py" "$TVS_PORT" "$STATE/deploy/TVS.pem" "${2:-CP-8841-SEP00112233AA01}" "$1" | head -1
}

@test "the node's own certificates: CallManager is CCM and TFTP, CAPF, TVS, ITLRecovery is SAST" {
	[ "$(ask "$STATE/deploy/CallManager.pem")" = 'status 0 roles 1,3 ttl 86400 session 1' ]
	[ "$(ask "$STATE/deploy/CAPF.pem")" = 'status 0 roles 4 ttl 86400 session 1' ]
	[ "$(ask "$STATE/deploy/TVS.pem")" = 'status 0 roles 21 ttl 86400 session 1' ]
	[ "$(ask "$STATE/deploy/ITLRecovery.pem")" = 'status 0 roles 0 ttl 86400 session 1' ]
	# Anything else is not trusted, with STATUS alone.
	[ "$(ask "$DATA/unknown.pem")" = 'status 1 roles - ttl None session 1' ]
	[ "$(ask "$STATE/deploy/tomcat.pem")" = 'status 1 roles - ttl None session 1' ]
}

@test "trust stores: CallManager-trust is CCM, Phone-SAST-trust SAST, Phone-trust and tomcat-trust APP-SERVER" {
	cp "$DATA/ccm.pem" "$DATA/unknown.pem" "$STATE/files/"
	ucsh -c 'set cert import trust CallManager-trust ccm.pem' -c 'set cert import trust tomcat-trust ccm.pem' \
		-c 'set cert import trust Phone-SAST-trust unknown.pem' >/dev/null
	[ "$(ask "$DATA/ccm.pem")" = 'status 0 roles 1,7 ttl 86400 session 1' ]
	[ "$(ask "$DATA/unknown.pem")" = 'status 0 roles 0 ttl 86400 session 1' ]
	# The TTL parameter and a delete take effect at the next query, without a restart.
	ucsh -c 'set param service tvs cache-ttl 3600' >/dev/null
	ucsh --yes -c 'set cert delete tomcat-trust ccm-test.example' >/dev/null
	[ "$(ask "$DATA/ccm.pem")" = 'status 0 roles 1 ttl 3600 session 1' ]
	run --separate-stderr ucsh -c 'set param service tvs cache-ttl 0'
	assert_failure 2
}

@test "the fixtures' requests get the fixtures' answers byte for byte, over the fixture's own TVS certificate" {
	openssl pkcs12 -export -in "$DATA/tvs.pem" -inkey "$DATA/tvs.pem" -out "$STATE/files/tvs.p12" -passout pass:secret
	echo secret >"$STATE/files/pw.txt"
	openssl x509 -in "$DATA/tvs.pem" -out "$STATE/files/tvs-cert.pem"
	ucsh --yes -c 'set cert import trust TVS-trust tvs-cert.pem' -c 'set cert import own TVS tvs.p12 password-file pw.txt' >/dev/null
	for f in 02-trusted-tvs 03-untrusted; do
		want=$(python3 -c "
import sys
msgs, cur = [], None
for line in open(sys.argv[1]):
    if line.startswith('## message'):
        cur = []; msgs.append(cur)
    elif cur is not None and line.startswith('    '):
        cur.extend(line.split()[1:])
print(''.join(msgs[1]))" "$DATA/$f.txt")
		# The client checks the server's certificate against the fixture's.
		run python3 "$BATS_TEST_DIRNAME/helpers/tvs_client.py" "$TVS_PORT" "$DATA/tvs.pem" --transcript "$DATA/$f.txt" 1
		assert_success
		assert_line --index 1 "$want"
	done
}

@test "hostile input ends only its own connection; a slow client does not hold up the others" {
	exec 5<>"/dev/tcp/127.0.0.1/$TVS_PORT" # connects and says nothing
	printf '\x55\x01\x00\x00\x00\x01\x00\x00' >"$BATS_TEST_TMPDIR/capf-id"
	printf '\x57\x01\x01\x00\x00\x00\x00\x01\xff\xff' >"$BATS_TEST_TMPDIR/oversized"
	printf '\x57\x01\x01\x00\x00\x00\x00\x01\x00\x05\x01\x00\x09' >"$BATS_TEST_TMPDIR/truncated"
	printf '\x57\x01\x01\x00\x00\x00\x00\x01\x00\x04\x63\x00\x01\x00' >"$BATS_TEST_TMPDIR/unknown-tag"
	printf '\x57\x01\x01\x00\x00\x00\x00\x01\x00\x06\x01\x00\x03\x01\x41\x42' >"$BATS_TEST_TMPDIR/no-cert"
	for f in capf-id oversized truncated unknown-tag no-cert; do
		run python3 "$BATS_TEST_DIRNAME/helpers/tvs_client.py" "$TVS_PORT" "$STATE/deploy/TVS.pem" --raw "$BATS_TEST_TMPDIR/$f"
		assert_output 'closed'
	done
	# Garbage instead of a TLS handshake.
	head -c 300 /dev/urandom >"/dev/tcp/127.0.0.1/$TVS_PORT" || true
	# Fifty at once, all answered, while the slow one is still connected.
	for i in $(seq 50); do
		ask "$STATE/deploy/TVS.pem" >"$BATS_TEST_TMPDIR/par-$i" &
	done
	wait $(jobs -p | grep -v "^$UCSHD_PID$") 2>/dev/null || true
	[ "$(cat "$BATS_TEST_TMPDIR"/par-* | grep -c '^status 0 roles 21 ')" -eq 50 ]
	exec 5>&-
	kill -0 "$UCSHD_PID"
}

@test "500 connections at once are all answered; with 500 silent ones held open the service still answers" {
	crowd() {
		python3 "$BATS_TEST_DIRNAME/helpers/crowd.py" "$TVS_PORT" "$STATE/deploy/TVS.pem" "$STATE/deploy/TVS.pem" "$@"
	}
	run crowd --queries 500
	assert_line 'answered 500 of 500'
	# 500 sessions taken by clients that say nothing (the limit is 512).
	run crowd --queries 10 --hold "$TVS_PORT:500"
	assert_line 'answered 10 of 10'
	[ "$(db "SELECT count(*) FROM tvs_query")" -eq 510 ]
	kill -0 "$UCSHD_PID"
}

@test "TLS 1.2 and later by default; --allow-tls10 lets TLS 1.0 phones (7900 series) ask" {
	req="$BATS_TEST_TMPDIR/req.bin"
	python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); from tvs_client import der_of, request
open(sys.argv[3], "wb").write(request("CP-7970-SEP001122334455", der_of(sys.argv[2])))' \
		"$BATS_TEST_DIRNAME/helpers" "$STATE/deploy/TVS.pem" "$req"
	tls10() {
		openssl s_client -connect "127.0.0.1:$TVS_PORT" -tls1 -cipher 'DEFAULT@SECLEVEL=0' -quiet -ign_eof <"$req" 2>&1 |
			od -An -tx1 | tr -d ' \n'
	}
	# Refused with a protocol version alert (70), nothing answered.
	run tls10
	[[ $output != 5701020000000001* ]]
	ucshd_stop
	UCSHD_ARGS=--allow-tls10 ucshd_start
	# VERIFY_RESPONSE, session 1: STATUS 0, ROLES TVS.
	run tls10
	[[ $output == *5701020000000001*070001000800011509000400015180 ]]
}

@test "set tls min-version 1.3 reaches TVS at the next connection; TLS 1.2 clients are refused" {
	tls() { # tls VERSION-OPTION
		echo | openssl s_client -connect "127.0.0.1:$TVS_PORT" "$1" -brief 2>&1
	}
	run tls -tls1_2
	assert_output --partial 'Protocol version: TLSv1.2'
	ucsh --yes -c 'set tls min-version 1.3' >/dev/null
	run tls -tls1_2
	refute_output --partial 'Protocol version: TLSv1.2'
	assert_output --partial 'alert protocol version'
	run tls -tls1_3
	assert_output --partial 'Protocol version: TLSv1.3'
	# Below 1.2 only with --allow-tls10: 1.0 as the setting keeps 1.2.
	ucsh --yes -c 'set tls min-version 1.0' >/dev/null
	run tls -tls1_1
	refute_output --partial 'Protocol version: TLSv1.1'
}

@test "TVS answers only while its service is activated, checked per connection; show tvs queries" {
	ask "$STATE/deploy/CAPF.pem" CP-7975-SEP001122334455 >/dev/null
	ask "$DATA/unknown.pem" CP-8841-SEP00112233AA01 >/dev/null
	run ucsh -c 'show tvs queries'
	assert_line --regexp '^[0-9T:Z-]+ +CP-7975-SEP001122334455 +trusted +4 +.*CN=CAPF-'
	assert_line --regexp '^[0-9T:Z-]+ +CP-8841-SEP00112233AA01 +not trusted +- +.*unknown'
	ucsh -c 'utils service deactivate tvs' >/dev/null
	run python3 "$BATS_TEST_DIRNAME/helpers/tvs_client.py" "$TVS_PORT" "$STATE/deploy/TVS.pem" CP-8841-SEP00112233AA01 "$STATE/deploy/TVS.pem"
	assert_output 'closed'
	ucsh -c 'utils service activate tvs' >/dev/null
	[ "$(ask "$STATE/deploy/TVS.pem")" = 'status 0 roles 21 ttl 86400 session 1' ]
}

@test "the systemd unit runs ucshd in the foreground on 3804, 2445 and 5062" {
	grep -q '^ExecStart=@sbindir@/ucshd --capf 3804 --tvs 2445 --sip 5062$' "$BATS_TEST_DIRNAME/../doc/ucshd.service.in"
	systemd_units_verify ucshd
	run "$UCSHD" --help
	assert_success
	assert_line --partial '--tvs ADDR:PORT'
	run "$UCSHD" --timeout 0
	assert_failure 2
	run "$UCSHD" --state-dir "$STATE" --tvs "127.0.0.1:$TVS_PORT"
	assert_failure 1
	assert_output --partial 'cannot listen'
}

@test "utils service list says where ucshd serves CAPF and TVS, and when it does not run" {
	run ucsh -c 'utils service list'
	assert_line --regexp "^Cisco Certificate Authority Proxy Function +capf +(yes|no) +no +no +127\.0\.0\.1:$CAPF_PORT\$"
	assert_line --regexp "^Cisco Trust Verification Service +tvs +yes +no +no +127\.0\.0\.1:$TVS_PORT\$"
	assert_line --regexp '^Cisco Tomcat +tomcat +yes +no +no +-$'
	ucshd_stop
	run ucsh -c 'utils service list'
	assert_line --regexp '^Cisco Trust Verification Service +tvs +yes +no +no +ucshd not running$'
	[ ! -e "$STATE/ucshd.run" ]
}

@test "a regenerated TVS certificate is presented from the next connection, without a restart" {
	old=$(openssl x509 -in "$STATE/deploy/TVS.pem" -noout -fingerprint -sha256)
	ucsh --yes -c 'set cert regen TVS' >/dev/null
	[ "$(openssl x509 -in "$STATE/deploy/TVS.pem" -noout -fingerprint -sha256)" != "$old" ]
	# The client accepts only the new certificate; the answer says it is the node's TVS.
	[ "$(ask "$STATE/deploy/TVS.pem")" = 'status 0 roles 21 ttl 86400 session 1' ]
	kill -0 "$UCSHD_PID"
}
