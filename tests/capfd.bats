#!/usr/bin/env bats
# ucshd's CAPF service on 127.0.0.1 (CAPF-TVS-PROTOCOL.md §1), driven by
# tests/helpers/capf_client.py (a device written from the fact sheet, not
# from ucsh); LSCs checked with the openssl CLI.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	load helpers/ucshd
	fresh_state
	mkdir -p "$STATE/files"
	ucsh -c 'user add application CtiApp1' -c 'utils service activate ctl-provider' -c 'utils service activate tftp' \
		-c 'utils service activate capf' >/dev/null 2>&1
	ucsh --yes -c 'utils ctl set-cluster mixed-mode' >/dev/null
	ucshd_start
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

@test "fixture 01 replayed byte for byte: the server's messages match the reference's, field by field" {
	# Test builds fix the first session id (9, as in the capture).
	strings "$UCSHD" | grep -q UCSH_TEST_CAPF_SESSION || skip "built without --enable-test-hooks"
	ucsh -c 'capf profile add appuser CtiApp1 instance SEP00112233AA01 operation install auth auth-string 123456 key rsa size 2048' >/dev/null
	fixture="$BATS_TEST_DIRNAME/data/capf/01-install-rsa-password.txt"
	run python3 "$BATS_TEST_DIRNAME/helpers/capf_client.py" "$CAPF_PORT" "$STATE/deploy/CAPF.pem" x --replay "$fixture"
	assert_success
	mapfile -t want < <(python3 - "$fixture" <<'PY'
import sys
msgs, cur = [], None
for line in open(sys.argv[1]):
    if line.startswith("## message"):
        cur = [line.split(":")[1].split()[0], []]
        msgs.append(cur)
    elif cur is not None and line.startswith("    "):
        cur[1].extend(line.split()[1:])
for d, b in msgs:
    if d == "S->C":
        print("".join(b))
PY
)
	mapfile -t got < <(sed -n 's/^S //p' <<<"$output")
	[ "${#got[@]}" -eq 4 ]
	# AUTH_REQUEST, KEY_GEN_REQUEST and END_SESSION: the same bytes.
	[ "${got[0]}" = "${want[0]}" ]
	[ "${got[1]}" = "${want[1]}" ]
	[ "${got[3]}" = "${want[3]}" ]
	# STORE_CERT_REQUEST: same header fields, CERT_TYPE, wrapper; an LSC with the fixture's key.
	[ "${got[2]:0:12}" = "${want[2]:0:12}" ]                 # protocol, command, session
	[ "${got[2]:16:10}" = "${want[2]:16:10}" ]                # CERT_TYPE 1, then CERTIFICATE
	[ "${got[2]:30:2}${got[2]:36:4}" = "${want[2]:30:2}${want[2]:36:4}" ] # wrapper: 01 .. 00 01
	der=${got[2]:40}
	python3 -c 'import sys; open(sys.argv[2], "wb").write(bytes.fromhex(sys.argv[1]))' "$der" "$BATS_TEST_TMPDIR/lsc.der"
	spki=$(sed -n '/^## message 5/,/^## message 6/p' "$fixture" | grep '^    ' | cut -c11- | tr -d ' \n' | cut -c23-)
	[ "$(openssl x509 -inform DER -in "$BATS_TEST_TMPDIR/lsc.der" -noout -pubkey | openssl pkey -pubin -outform DER | od -An -tx1 | tr -d ' \n')" = "$spki" ]
	[[ $(openssl x509 -inform DER -in "$BATS_TEST_TMPDIR/lsc.der" -noout -subject) == *'CN = SEP00112233AA01'* ]]
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
