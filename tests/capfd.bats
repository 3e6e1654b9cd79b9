#!/usr/bin/env bats
# ucshd's CAPF service on 127.0.0.1 (CAPF-TVS-PROTOCOL.md §1), driven by
# tests/helpers/capf_client.py (a device written from the fact sheet, not
# from ucsh); LSCs checked with the openssl CLI.

setup_file() {
	load helpers/common
	init_template
}

# A fresh node in mixed mode with CAPF active; ucshd's first CAPF session is $1 (default 9).
node_up() {
	fresh_state
	mkdir -p "$STATE/files"
	ucsh -c 'user add application CtiApp1' -c 'utils service activate ctl-provider' -c 'utils service activate tftp' \
		-c 'utils service activate capf' >/dev/null 2>&1
	ucsh --yes -c 'utils ctl set-cluster mixed-mode' >/dev/null
	ucshd_start "$@"
}

setup() {
	load helpers/common
	load helpers/ucshd
	node_up
}

teardown() {
	load helpers/ucshd
	ucshd_stop
}

device() { # device NAME [client options...]
	local name=$1
	shift
	python3 "$BATS_TEST_DIRNAME/helpers/capf_client.py" "$CAPF_PORT" "$STATE/deploy/CAPF.pem" "$name" "$@"
}

@test "install by string, RSA key made on the device: wrong string counted, LSC issued, string spent" {
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233AA01 operation install auth auth-string 123456 key rsa size 2048' >/dev/null
	run device SEP00112233AA01 --password 111111
	assert_output 'END_SESSION 7'
	run ucsh -c 'capf profile show SEP00112233AA01'
	assert_line --regexp '^Status +: Failed: invalid authentication string$'
	run device SEP00112233AA01 --password 123456 --out "$BATS_TEST_TMPDIR/lsc.pem" --key "$BATS_TEST_TMPDIR/dev.key"
	assert_output 'END_SESSION 1'
	run openssl verify -partial_chain -CAfile "$STATE/deploy/CAPF.pem" "$BATS_TEST_TMPDIR/lsc.pem"
	assert_success
	# The LSC carries the key the device made, and is the one ucsh keeps.
	[ "$(openssl x509 -in "$BATS_TEST_TMPDIR/lsc.pem" -noout -pubkey)" = "$(openssl pkey -in "$BATS_TEST_TMPDIR/dev.key" -pubout)" ]
	[ "$(ucsh -c 'capf lsc show SEP00112233AA01 pem')" = "$(cat "$BATS_TEST_TMPDIR/lsc.pem")" ]
	[[ $(openssl x509 -in "$BATS_TEST_TMPDIR/lsc.pem" -noout -text) == *'URI:SEP00112233AA01'* ]]
	run ucsh -c 'capf profile show SEP00112233AA01'
	assert_line --regexp '^Status +: Success$'
	assert_line --regexp '^Certificate operation +: none$'
	# The same string again: nothing pending (fixture 02's answer).
	run device SEP00112233AA01 --password 123456
	assert_output 'END_SESSION 0'
	run device SEPFFFFFFFFFFFF --password 123456
	assert_output 'END_SESSION 9'
	run ucsh -c 'show capf sessions'
	assert_line --regexp ' SEP00112233AA01 +install +Wrong authentication string .*\(END_SESSION 7\)$'
	assert_line --regexp ' SEP00112233AA01 +install +LSC issued and stored by the device \(END_SESSION 1\)$'
	assert_line --regexp ' SEP00112233AA01 +none +nothing pending \(END_SESSION 0\)$'
	assert_line --regexp ' SEPFFFFFFFFFFFF +- +unknown device \(END_SESSION 9\)$'
	# Each session is in the audit trail: account ucshd, the device's address, its result.
	run ucsh --json -c 'show audit last 20'
	assert_success
	run jq -r '.audit[] | select(.account == "ucshd") | "\(.source)|\(.status)|\(.line)"' <<<"$output"
	assert_line --regexp '^capf 127\.0\.0\.1:[0-9]+\|1\|capf session SEP00112233AA01 install: Wrong authentication string'
	assert_line --regexp '^capf 127\.0\.0\.1:[0-9]+\|0\|capf session SEP00112233AA01 install: LSC issued and stored by the device \(END_SESSION 1\)$'
	assert_line --regexp '^capf 127\.0\.0\.1:[0-9]+\|1\|capf session SEPFFFFFFFFFFFF -: unknown device \(END_SESSION 9\)$'
	[ "${#lines[@]}" -eq 4 ]
	# The string itself never is.
	! db "SELECT line FROM audit" | grep -q 123456
}

@test "install without a string, EC keys on every curve" {
	for curve in P-256 P-384 P-521; do
		id="SEP0011223344${curve#P-}"
		id=${id:0:15}
		ucsh -c "capf profile add appuser CtiApp1 instance $id operation install auth null-string key ec curve $curve" >/dev/null
		run device "$id" --out "$BATS_TEST_TMPDIR/$id.pem" --key "$BATS_TEST_TMPDIR/$id.key"
		assert_output 'END_SESSION 1'
		openssl verify -partial_chain -CAfile "$STATE/deploy/CAPF.pem" "$BATS_TEST_TMPDIR/$id.pem"
		[[ $(openssl x509 -in "$BATS_TEST_TMPDIR/$id.pem" -noout -text) == *"NIST CURVE: $curve"* ]]
	done
}

@test "deadlines, deactivation and broken sessions: the profile stays as it was" {
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP0A0B0C0D0E0F operation install auth auth-string 2468 key ec' >/dev/null
	db "UPDATE capf_profile SET completes_by = 1000"
	run device SEP0A0B0C0D0E0F --password 2468
	assert_output 'END_SESSION 0'
	ucsh -c 'capf profile update SEP0A0B0C0D0E0F operation install auth auth-string 13579' >/dev/null
	before=$(db "SELECT operation, status, failures FROM capf_profile")
	# A device that hangs up during key generation gets nothing issued.
	run timeout 2 python3 "$BATS_TEST_DIRNAME/helpers/capf_client.py" "$CAPF_PORT" "$STATE/deploy/CAPF.pem" SEP0A0B0C0D0E0F --password 13579 --slow 10
	[ "$(db "SELECT operation, status, failures FROM capf_profile")" = "$before" ]
	[ "$(db "SELECT count(*) FROM lsc")" -eq 0 ]
	ucsh -c 'utils service deactivate capf' >/dev/null
	run device SEP0A0B0C0D0E0F --password 13579
	assert_failure
	ucsh -c 'utils service activate capf' >/dev/null
	run device SEP0A0B0C0D0E0F --password 13579
	assert_output 'END_SESSION 1'
}

@test "an upgrade authenticated by the existing LSC: ECDSA and raw RSA proofs, a SUDI block; the new LSC verifies" {
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233BB01 operation install auth null-string key ec' >/dev/null
	run device SEP00112233BB01 --out "$BATS_TEST_TMPDIR/lsc1.pem" --key "$BATS_TEST_TMPDIR/key1.pem"
	assert_output 'END_SESSION 1'
	ucsh -c 'capf profile update SEP00112233BB01 operation install auth existing-cert key rsa size 2048' >/dev/null
	# The device's EC LSC proves it (ECDSA); it gets an RSA one.
	run device SEP00112233BB01 --auth-cert "$BATS_TEST_TMPDIR/lsc1.pem" --auth-key "$BATS_TEST_TMPDIR/key1.pem" \
		--out "$BATS_TEST_TMPDIR/lsc2.pem" --key "$BATS_TEST_TMPDIR/key2.pem"
	assert_output 'END_SESSION 1'
	openssl verify -partial_chain -CAfile "$STATE/deploy/CAPF.pem" "$BATS_TEST_TMPDIR/lsc2.pem"
	[ "$(openssl x509 -in "$BATS_TEST_TMPDIR/lsc2.pem" -noout -pubkey)" = "$(openssl pkey -in "$BATS_TEST_TMPDIR/key2.pem" -pubout)" ]
	[ "$(ucsh -c 'capf lsc show SEP00112233BB01 pem')" = "$(cat "$BATS_TEST_TMPDIR/lsc2.pem")" ]
	# Again with the RSA LSC (raw RSA signatures) and a SUDI block.
	ucsh -c 'capf profile update SEP00112233BB01 operation install' >/dev/null
	run device SEP00112233BB01 --auth-cert "$BATS_TEST_TMPDIR/lsc2.pem" --auth-key "$BATS_TEST_TMPDIR/key2.pem" \
		--sudi-cert "$BATS_TEST_TMPDIR/lsc2.pem" --sudi-key "$BATS_TEST_TMPDIR/key2.pem" --out "$BATS_TEST_TMPDIR/lsc3.pem"
	assert_output 'END_SESSION 1'
	openssl verify -partial_chain -CAfile "$STATE/deploy/CAPF.pem" "$BATS_TEST_TMPDIR/lsc3.pem"
	run ucsh -c 'capf profile show SEP00112233BB01'
	assert_line --regexp '^Status +: Success$'
}

@test "certificate authentication: a foreign, another device's or altered proof is counted, named and issues nothing" {
	ucsh -c 'set param service capf max-auth-failures 5' >/dev/null
	for d in SEP00112233BB01 SEP00112233BB02; do
		ucsh -c "capf profile add appuser CtiApp1 instance $d operation install auth null-string key ec" >/dev/null
		run device "$d" --out "$BATS_TEST_TMPDIR/$d.pem" --key "$BATS_TEST_TMPDIR/$d.key"
		assert_output 'END_SESSION 1'
	done
	ucsh -c 'capf profile update SEP00112233BB01 operation install auth existing-cert' >/dev/null
	serial=$(db "SELECT serial FROM lsc WHERE instance = 'SEP00112233BB01'")
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=SEP00112233BB01 -days 30 \
		-keyout "$BATS_TEST_TMPDIR/self.key" -out "$BATS_TEST_TMPDIR/self.pem" 2>/dev/null
	run device SEP00112233BB01 --auth-cert "$BATS_TEST_TMPDIR/self.pem" --auth-key "$BATS_TEST_TMPDIR/self.key"
	assert_output 'END_SESSION 7'
	run device SEP00112233BB01 --auth-cert "$BATS_TEST_TMPDIR/SEP00112233BB02.pem" --auth-key "$BATS_TEST_TMPDIR/SEP00112233BB02.key"
	assert_output 'END_SESSION 7'
	run device SEP00112233BB01 --auth-cert "$BATS_TEST_TMPDIR/SEP00112233BB01.pem" --auth-key "$BATS_TEST_TMPDIR/SEP00112233BB01.key" --tamper
	assert_output 'END_SESSION 7'
	run device SEP00112233BB01 --password 1234
	assert_output 'END_SESSION 7'
	run ucsh -c 'show capf sessions last 4'
	assert_line --partial 'was not issued by this CAPF or a CA in CAPF-trust'
	assert_line --partial 'is for SEP00112233BB02, not SEP00112233BB01'
	assert_line --partial 'the SHA-512 signature: the ECDSA signature does not verify'
	assert_line --partial 'the device sent no certificate'
	[ "$(db "SELECT operation || ' ' || failures FROM capf_profile WHERE instance = 'SEP00112233BB01'")" = 'install 4' ]
	[ "$(db "SELECT serial FROM lsc WHERE instance = 'SEP00112233BB01'")" = "$serial" ]
	run ucsh -c 'capf profile show SEP00112233BB01'
	assert_line --regexp '^Status +: Failed: failed certificate authentication$'
	# The device's own LSC still serves; a fifth failure would have cancelled.
	run device SEP00112233BB01 --auth-cert "$BATS_TEST_TMPDIR/SEP00112233BB01.pem" --auth-key "$BATS_TEST_TMPDIR/SEP00112233BB01.key"
	assert_output 'END_SESSION 1'
	[ "$(db "SELECT serial FROM lsc WHERE instance = 'SEP00112233BB01'")" != "$serial" ]
}

@test "a session in flight survives a regenerated CAPF certificate; its LSC is signed by the new one" {
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233DD01 operation install auth null-string key ec' >/dev/null
	cp "$STATE/deploy/CAPF.pem" "$BATS_TEST_TMPDIR/old-capf.pem"
	# The device takes 3 seconds to make its key; the CAPF certificate is regenerated meanwhile.
	device SEP00112233DD01 --slow 3 --out "$BATS_TEST_TMPDIR/lsc.pem" >"$BATS_TEST_TMPDIR/result" &
	sleep 1
	ucsh --yes -c 'set cert regen CAPF' >/dev/null
	wait $!
	[ "$(cat "$BATS_TEST_TMPDIR/result")" = 'END_SESSION 1' ]
	! cmp -s "$STATE/deploy/CAPF.pem" "$BATS_TEST_TMPDIR/old-capf.pem"
	openssl verify -partial_chain -CAfile "$STATE/deploy/CAPF.pem" "$BATS_TEST_TMPDIR/lsc.pem"
	# The next connection is served with the new certificate.
	ucsh -c 'capf profile update SEP00112233DD01 operation install' >/dev/null
	run python3 "$BATS_TEST_DIRNAME/helpers/capf_client.py" "$CAPF_PORT" "$BATS_TEST_TMPDIR/old-capf.pem" SEP00112233DD01
	assert_failure
	assert_output --partial 'CERTIFICATE_VERIFY_FAILED'
	run device SEP00112233DD01
	assert_output 'END_SESSION 1'
}

@test "hostile devices: truncated, oversized, unknown tags, wrong sessions and commands end only their session" {
	ucsh -c 'set param service capf max-auth-failures 100' \
		-c 'capf profile add appuser CtiApp1 instance SEP00112233AA05 operation install auth existing-cert key rsa size 2048' >/dev/null
	data="$BATS_TEST_DIRNAME/data/capf"
	total=0
	for round in 1 2 3; do
		# Each round arms the operations again (a damaged session may have completed one).
		for id in SEP00112233AA01 SEP00112233AA02; do
			ucsh -c "capf profile delete $id" --yes >/dev/null 2>&1 || true
		done
		ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233AA01 operation install auth null-string key rsa size 2048' \
			-c 'capf profile add appuser CtiApp1 instance SEP00112233AA02 operation install auth null-string key ec curve P-256' >/dev/null
		[ "$round" -ne 2 ] || ucsh -c 'capf profile update SEP00112233AA01 operation troubleshoot' \
			-c 'capf profile update SEP00112233AA02 operation delete' >/dev/null
		run python3 "$BATS_TEST_DIRNAME/helpers/capf_mutate.py" "$CAPF_PORT" "$STATE/deploy/CAPF.pem" "$round" 50 \
			"$data/01-install-rsa-password.txt:SEP00112233AA01" "$data/03-install-ec-p256-nopassword.txt:SEP00112233AA02" \
			"$data/04-fetch.txt:SEP00112233AA01" "$data/06-delete.txt:SEP00112233AA02" \
			"$data/05-upgrade-lsc-auth.txt:SEP00112233AA05" "$data/07-wrong-password.txt:SEP00112233AA01"
		assert_success
		echo "round $round: ${output//$'\n'/, }" # shown when the test fails
		total=$((total + 50))
		kill -0 "$UCSHD_PID"
	done
	# Every session ended in a record, however it broke (show capf sessions, the audit trail).
	[ "$(db "SELECT count(*) FROM capf_session")" -eq "$total" ]
	[ "$(db "SELECT count(*) FROM audit WHERE account = 'ucshd'")" -eq "$total" ]
	# And a well-behaved device is still served.
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233AA09 operation install auth null-string key ec' >/dev/null
	run device SEP00112233AA09
	assert_output 'END_SESSION 1'
	# teardown: no session crashed or (sanitizer build) leaked
}

# A manufacturer's CA for MICs: mic NAME START END issues NAME.pem/.key for CP-8841-SEP00112233CC01.
mic_ca() {
	ca="$BATS_TEST_TMPDIR/ca"
	mkdir -p "$ca/new"
	: >"$ca/index.txt"
	echo 01 >"$ca/serial"
	printf '%s\n' '[ca]' 'default_ca = mic' '[mic]' "database = $ca/index.txt" "new_certs_dir = $ca/new" \
		"serial = $ca/serial" 'default_md = sha256' 'policy = any' 'unique_subject = no' '[any]' 'commonName = supplied' >"$ca/ca.cnf"
	openssl req -x509 -newkey rsa:2048 -nodes -subj '/O=Example Phones/CN=Example Manufacturing CA' -days 3650 \
		-keyout "$ca/ca.key" -out "$ca/ca.pem" 2>/dev/null
}

mic() {
	openssl req -new -newkey rsa:2048 -nodes -subj '/CN=CP-8841-SEP00112233CC01' -keyout "$ca/$1.key" -out "$ca/$1.csr" 2>/dev/null
	openssl ca -batch -config "$ca/ca.cnf" -cert "$ca/ca.pem" -keyfile "$ca/ca.key" -in "$ca/$1.csr" -out "$ca/$1.pem" \
		-startdate "$2" -enddate "$3" 2>/dev/null
}

@test "a manufacturing certificate from a CA in CAPF-trust authenticates; an expired one, or once the CA is gone, does not" {
	mic_ca
	mic good "$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)" "$(date -u -d '+3650 days' +%Y%m%d%H%M%SZ)"
	mic old 20200101000000Z 20210101000000Z
	cp "$ca/ca.pem" "$STATE/files/mfg-ca.pem"
	ucsh --yes -c 'set cert import trust CAPF-trust mfg-ca.pem' >/dev/null
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233CC01 operation install auth existing-cert key ec' >/dev/null
	run device SEP00112233CC01 --auth-cert "$ca/old.pem" --auth-key "$ca/old.key"
	assert_output 'END_SESSION 7'
	run ucsh -c 'show capf sessions last 1'
	assert_output --partial "the device's certificate expired on 2021-01-01T00:00:00Z"
	run device SEP00112233CC01 --auth-cert "$ca/good.pem" --auth-key "$ca/good.key" --out "$BATS_TEST_TMPDIR/lsc.pem"
	assert_output 'END_SESSION 1'
	openssl verify -partial_chain -CAfile "$STATE/deploy/CAPF.pem" "$BATS_TEST_TMPDIR/lsc.pem"
	# Without the manufacturer's CA the same certificate proves nothing.
	name=$(db "SELECT name FROM cert WHERE unit = 'CAPF-trust' AND subject_cn = 'Example Manufacturing CA'")
	ucsh --yes -c "set cert delete CAPF-trust $name" >/dev/null
	ucsh -c 'capf profile update SEP00112233CC01 operation install' >/dev/null
	run device SEP00112233CC01 --auth-cert "$ca/good.pem" --auth-key "$ca/good.key"
	assert_output 'END_SESSION 7'
	run ucsh -c 'show capf sessions last 1'
	assert_output --partial 'was not issued by this CAPF or a CA in CAPF-trust'
}

@test "FIPS mode: the SHA-512 proof alone decides, a SHA-1 signed certificate proves nothing, weak keys are not certified" {
	mic_ca
	mic good "$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)" "$(date -u -d '+3650 days' +%Y%m%d%H%M%SZ)"
	openssl req -new -newkey rsa:2048 -nodes -subj '/CN=CP-8841-SEP00112233CC01' -keyout "$ca/sha1.key" -out "$ca/sha1.csr" 2>/dev/null
	openssl ca -batch -config "$ca/ca.cnf" -cert "$ca/ca.pem" -keyfile "$ca/ca.key" -in "$ca/sha1.csr" -out "$ca/sha1.pem" \
		-md sha1 -days 30 2>/dev/null
	cp "$ca/ca.pem" "$STATE/files/mfg-ca.pem"
	ucsh --yes -c 'set cert import trust CAPF-trust mfg-ca.pem' >/dev/null
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233CC01 operation install auth existing-cert key ec' \
		-c 'capf profile add appuser CtiApp1 instance SEP00112233DD01 operation install auth null-string key rsa size 1024' >/dev/null 2>&1
	ucsh --yes -c 'utils fips enable' >/dev/null
	run device SEP00112233CC01 --auth-cert "$ca/sha1.pem" --auth-key "$ca/sha1.key"
	assert_output 'END_SESSION 7'
	run ucsh -c 'show capf sessions last 1'
	assert_output --partial 'FIPS mode refuses certificates signed with SHA-1'
	run device SEP00112233CC01 --auth-cert "$ca/good.pem" --auth-key "$ca/good.key" --out "$BATS_TEST_TMPDIR/lsc.pem"
	assert_output 'END_SESSION 1'
	openssl verify -partial_chain -CAfile "$STATE/deploy/CAPF.pem" "$BATS_TEST_TMPDIR/lsc.pem"
	# A profile made before FIPS mode still asks for RSA-1024: the key is not certified.
	run device SEP00112233DD01 --out "$BATS_TEST_TMPDIR/weak.pem"
	assert_output 'END_SESSION 7'
	[ ! -s "$BATS_TEST_TMPDIR/weak.pem" ]
	run ucsh -c 'show capf sessions last 1'
	assert_output --partial 'FIPS mode refuses RSA keys below 2048 bits'
}

# Replays fixture $1's device messages; the server's must match the fixture's (tests/helpers/capf_compare.py).
replay() {
	local fixture="$BATS_TEST_DIRNAME/data/capf/$1.txt"
	python3 "$BATS_TEST_DIRNAME/helpers/capf_client.py" "$CAPF_PORT" "$STATE/deploy/CAPF.pem" x --replay "$fixture" >"$BATS_TEST_TMPDIR/got" &&
		python3 "$BATS_TEST_DIRNAME/helpers/capf_compare.py" "$fixture" "$BATS_TEST_TMPDIR/got" "$STATE/deploy/CAPF.pem"
}

# A fresh node whose first CAPF session has id $1 (the fixture's).
restart_node() {
	ucshd_stop
	rm -rf "$STATE"
	node_up "$1"
}

needs_test_hooks() {
	strings "$UCSHD" | grep -q UCSH_TEST_CAPF_SESSION || skip "built without --enable-test-hooks (it fixes the session id)"
}

@test "fixtures 01 and 02 replayed: install by string, then the same string again; the server's messages match field by field" {
	needs_test_hooks
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233AA01 operation install auth auth-string 123456 key rsa size 2048' >/dev/null
	run replay 01-install-rsa-password
	assert_success
	run replay 02-install-replay # session 10, the next connection
	assert_success
	[ "$(db "SELECT count(*) FROM lsc")" -eq 1 ]
}

@test "fixtures 03, 04, 06, 07 and 08 replayed: EC without a string, fetch, delete, a wrong string, an unknown device" {
	needs_test_hooks
	restart_node 17
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233AA02 operation install auth null-string key ec curve P-256' >/dev/null
	run replay 03-install-ec-p256-nopassword
	assert_success
	restart_node 12
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233AA01 operation troubleshoot auth auth-string 123456' >/dev/null
	run replay 04-fetch
	assert_success
	# The device's LSC (fixture 01's) is what ucsh keeps now.
	[ "$(ucsh -c 'capf lsc show SEP00112233AA01 pem')" = "$(openssl x509 -in "$BATS_TEST_DIRNAME/data/capf/lsc-SEP00112233AA01-rsa.pem")" ]
	restart_node 14
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233AA01 operation delete auth auth-string 123456' >/dev/null
	run replay 06-delete
	assert_success
	[ "$(db "SELECT operation || ' ' || status FROM capf_profile")" = 'none success' ]
	restart_node 15
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233AA03 operation install auth auth-string 1234567 key rsa' >/dev/null
	run replay 07-wrong-password
	assert_success
	[ "$(db "SELECT operation || ' ' || failures FROM capf_profile")" = 'install 1' ]
	restart_node 16
	run replay 08-unknown-device
	assert_success
	run ucsh -c 'show capf sessions'
	assert_line --regexp ' SEP00112233AAFF +- +unknown device \(END_SESSION 9\)$'
}

@test "fixture 05 replayed: an upgrade authenticated by the LSC of fixture 01 (raw RSA signatures, SUDI block)" {
	needs_test_hooks
	lsc="$BATS_TEST_DIRNAME/data/capf/lsc-SEP00112233AA01-rsa.pem"
	openssl x509 -in "$lsc" -noout -checkend 0 >/dev/null || skip "fixture 01's LSC has expired ($(openssl x509 -in "$lsc" -noout -enddate))"
	restart_node 13
	# The fixture's CAPF certificate issued that LSC: it becomes this node's.
	openssl pkcs12 -export -in "$BATS_TEST_DIRNAME/data/capf/capf.pem" -out "$STATE/files/capf.p12" -passout pass:secret
	openssl x509 -in "$BATS_TEST_DIRNAME/data/capf/capf.pem" -out "$STATE/files/capf-cert.pem"
	echo secret >"$STATE/files/pw.txt"
	ucsh --yes -c 'set cert import trust CAPF-trust capf-cert.pem' -c 'set cert import own CAPF capf.p12 password-file pw.txt' >/dev/null
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233AA01 operation install auth existing-cert key rsa size 2048' >/dev/null
	run replay 05-upgrade-lsc-auth
	assert_success
	run ucsh -c 'capf profile show SEP00112233AA01'
	assert_line --regexp '^Status +: Success$'
	# A replay of the same proof in another session fails: the SUDI block signs the session id.
	ucsh -c 'capf profile update SEP00112233AA01 operation install' >/dev/null
	run python3 "$BATS_TEST_DIRNAME/helpers/capf_client.py" "$CAPF_PORT" "$STATE/deploy/CAPF.pem" x \
		--replay "$BATS_TEST_DIRNAME/data/capf/05-upgrade-lsc-auth.txt" --resession
	assert_success
	assert_line "S 550f0000000e000401000107" # END_SESSION 7 in session 14
	run ucsh -c 'show capf sessions last 1'
	assert_output --partial 'SUDI signature'
	[ "$(db "SELECT operation || ' ' || failures FROM capf_profile")" = 'install 1' ]
}

@test "troubleshoot fetches the device's LSC; delete has the device delete it; a device without one changes nothing" {
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00AA00AA00AA operation install auth null-string key ec' >/dev/null
	device SEP00AA00AA00AA --out "$BATS_TEST_TMPDIR/lsc.pem" >/dev/null
	db "DELETE FROM lsc" # ucsh forgot it; the device still has it
	# Troubleshoot, a device without an LSC: reason 0, still pending.
	ucsh -c 'capf profile update SEP00AA00AA00AA operation troubleshoot' >/dev/null
	run device SEP00AA00AA00AA
	assert_output 'END_SESSION 0'
	[ "$(db "SELECT operation FROM capf_profile")" = troubleshoot ]
	# With one: reason 0, kept, operation done.
	run device SEP00AA00AA00AA --lsc "$BATS_TEST_TMPDIR/lsc.pem"
	assert_output 'END_SESSION 0'
	[ "$(ucsh -c 'capf lsc show SEP00AA00AA00AA pem')" = "$(cat "$BATS_TEST_TMPDIR/lsc.pem")" ]
	[ "$(db "SELECT operation || ' ' || status FROM capf_profile")" = 'none success' ]
	# Delete by string: a device without an LSC answers 7, nothing changes; reason 1 either way.
	ucsh -c 'capf profile update SEP00AA00AA00AA operation delete auth auth-string 8642' >/dev/null
	run device SEP00AA00AA00AA --password 8642
	assert_output 'END_SESSION 1'
	[ "$(db "SELECT count(*) FROM lsc")" -eq 1 ]
	[ "$(db "SELECT operation FROM capf_profile")" = delete ]
	run device SEP00AA00AA00AA --password 8642 --has-lsc
	assert_output 'END_SESSION 1'
	[ "$(db "SELECT count(*) FROM lsc")" -eq 0 ]
	[ "$(db "SELECT operation || ' ' || status FROM capf_profile")" = 'none success' ]
	run ucsh -c 'show capf sessions'
	assert_line --regexp ' troubleshoot +the device has no LSC; the operation stays pending \(END_SESSION 0\)$'
	assert_line --regexp ' troubleshoot +the device.s LSC was fetched \(END_SESSION 0\)$'
	assert_line --regexp ' delete +the device deleted its LSC \(END_SESSION 1\)$'
}
