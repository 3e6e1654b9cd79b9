#!/usr/bin/env bats
# CAPF profiles, offline enrolment and LSCs (the CTI chapter: "Configuring
# Authentication and Encryption for CTI, JTAPI, and TAPI"); LSCs checked
# with the openssl command line. tests/cluster.bats runs them in a cluster.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
	mkdir -p "$STATE/files"
}

ready() { # mixed mode and the CAPF service, as the checklist starts
	ucsh -c 'utils service activate ctl-provider' -c 'utils service activate tftp' \
		-c 'utils service activate capf' >/dev/null 2>&1
	ucsh --yes -c 'utils ctl set-cluster mixed-mode' >/dev/null
}

csr() { # csr NAME [openssl key options...]: files/NAME.csr and NAME.key (EC P-256 by default)
	local name=$1
	shift
	[ $# -gt 0 ] || set -- -newkey ec -pkeyopt ec_paramgen_curve:P-256
	openssl req -new "$@" -nodes -keyout "$BATS_TEST_TMPDIR/$name.key" \
		-out "$STATE/files/$name.csr" -subj "/CN=$name" 2>/dev/null
}

string_of() {
	ucsh --json -c "capf profile show $1" | jq -r .auth_string
}

@test "the documentation's checklist: groups, profile, enrolment, openssl verify, user security meets every condition" {
	ready
	ucsh -c 'user add application CtiApp1' \
		-c 'user group add Standard-CTI-Enabled CtiApp1' -c 'user group add Standard-CTI-Secure CtiApp1' \
		-c 'user group add Standard-CTI-Allow CtiApp1' >/dev/null
	run ucsh -c 'capf profile add appuser CtiApp1 instance CtiApp1P1 operation install auth auth-string generate key ec curve P-256'
	assert_success
	assert_line --regexp '^Authentication string: [0-9]{8} \(give it to the application; it serves one operation\)\.$'
	str=$(string_of CtiApp1P1)
	[[ $str =~ ^[0-9]{8}$ ]]
	csr app
	run ucsh -c "capf enroll CtiApp1P1 auth-string $str csr app.csr out lsc.pem"
	assert_success
	assert_line --regexp '^LSC issued for +: CtiApp1P1$'
	openssl x509 -in "$STATE/deploy/CAPF.pem" >"$BATS_TEST_TMPDIR/capf.pem"
	run openssl verify -partial_chain -CAfile "$BATS_TEST_TMPDIR/capf.pem" "$STATE/files/lsc.pem"
	assert_output "$STATE/files/lsc.pem: OK"
	# The LSC carries the application's own key.
	[ "$(openssl x509 -in "$STATE/files/lsc.pem" -noout -pubkey)" = "$(openssl pkey -in "$BATS_TEST_TMPDIR/app.key" -pubout)" ]
	run ucsh --json -c 'user security CtiApp1'
	echo "$output" | jq -e '(.ctimanager | startswith("TLS, port 2749")) and .srtp == "yes" and all(.conditions[]; .met)'
	# One condition removed at a time, and the report names it.
	ucsh -c 'user group remove Standard-CTI-Allow CtiApp1' >/dev/null
	run ucsh --json -c 'user security CtiApp1'
	echo "$output" | jq -e '(.ctimanager | startswith("TLS")) and (.srtp | startswith("no"))
		and [.conditions[] | select(.met | not) | .condition] == ["In \"Standard CTI Allow Reception of SRTP Key Material\""]'
	ucsh -c 'user group remove Standard-CTI-Secure CtiApp1' >/dev/null
	run ucsh --json -c 'user security CtiApp1'
	echo "$output" | jq -e '(.ctimanager | startswith("not secure, port 2748"))
		and [.conditions[] | select(.met | not) | .condition] == ["In \"Standard CTI Secure Connection\"", "In \"Standard CTI Allow Reception of SRTP Key Material\""]'
	ucsh -c 'user group add Standard-CTI-Secure CtiApp1' >/dev/null
	ucsh --yes -c 'utils ctl set-cluster non-secure-mode' >/dev/null
	run ucsh --json -c 'user security CtiApp1'
	echo "$output" | jq -e '[.conditions[] | select(.met | not) | .condition] == ["Cluster in mixed mode", "In \"Standard CTI Allow Reception of SRTP Key Material\""]'
	ucsh --yes -c 'utils ctl set-cluster mixed-mode' -c 'capf profile delete CtiApp1P1' >/dev/null
	run ucsh --json -c 'user security CtiApp1'
	echo "$output" | jq -e '[.conditions[] | select(.met | not) | .condition][0] == "A valid LSC under one of its CAPF profiles"'
}

@test "the LSC has the shape CAPF issues (CAPF-TVS-PROTOCOL 1.9); the CAPF certificate is a CA that may sign" {
	ready
	ucsh -c 'user add end jdoe' -c 'capf profile add enduser jdoe instance JdoeP1 operation install auth auth-string 4711 key rsa size 2048' >/dev/null
	csr jdoe -newkey rsa:2048
	ucsh -c 'capf enroll JdoeP1 auth-string 4711 csr jdoe.csr out lsc.pem' >/dev/null
	text=$(openssl x509 -in "$STATE/files/lsc.pem" -noout -text)
	capf_subject=$(openssl x509 -in "$STATE/deploy/CAPF.pem" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')
	[ "$(openssl x509 -in "$STATE/files/lsc.pem" -noout -issuer -nameopt RFC2253 | sed 's/^issuer=//')" = "$capf_subject" ]
	# CN = the instance, then the signer's O, OU, L, ST, C in its order.
	capf_attrs=$(openssl x509 -in "$STATE/deploy/CAPF.pem" -noout -subject | sed 's/^subject=//' | tr ',' '\n' |
		sed 's/^ //' | grep -E '^(O|OU|L|ST|C) = ' | paste -sd, | sed 's/,/, /g')
	[ -n "$capf_attrs" ]
	[ "$(openssl x509 -in "$STATE/files/lsc.pem" -noout -subject | sed 's/^subject=//')" = "CN = JdoeP1, $capf_attrs" ]
	[[ $text == *'Signature Algorithm: sha256WithRSAEncryption'* ]]
	[[ $text == *'X509v3 Basic Constraints: critical'*'CA:FALSE'* ]]
	[[ $text == *'X509v3 Key Usage: critical'*'Digital Signature, Key Encipherment'* ]]
	[[ $text == *'TLS Web Server Authentication, TLS Web Client Authentication, IPSec End System'* ]]
	[[ $text == *'URI:JdoeP1'* ]]
	[[ $text != *'Subject Key Identifier'* ]]
	serial=$(openssl x509 -in "$STATE/files/lsc.pem" -noout -serial | cut -d= -f2)
	[ "${#serial}" -eq 32 ]
	# Validity: the CAPF parameter (years).
	end=$(date -d "$(openssl x509 -in "$STATE/files/lsc.pem" -noout -enddate | cut -d= -f2)" +%s)
	[ $(((end - $(date +%s)) / 86400)) -ge 1824 ]
	capf=$(openssl x509 -in "$STATE/deploy/CAPF.pem" -noout -text)
	[[ $capf == *'CA:TRUE'* ]] && [[ $capf == *'Certificate Sign'* ]]
	run ucsh -c 'capf lsc list' -c 'capf lsc show JdoeP1'
	assert_line --regexp "^JdoeP1 +jdoe +$serial +[0-9-]+ +current$"
	assert_line --regexp '^Status +: current$'
	run ucsh -c 'capf lsc show JdoeP1 pem'
	[ "$output" = "$(cat "$STATE/files/lsc.pem")" ]
	# LSCs are certificates of their own kind, and the expiry monitor watches them.
	run ucsh -c 'show cert list lsc'
	assert_line --regexp '^CAPF +JdoeP1 +JdoeP1 +CAPF +RSA-2048 +[0-9-]+ +18[0-9][0-9] +CA-signed$'
	ucsh -c 'set cert monitor start 365' >/dev/null
	run ucsh -c 'utils cert monitor run'
	refute_line --regexp '^lsc '
	db "UPDATE lsc SET not_after = strftime('%s', 'now') + 20 * 86400"
	run ucsh -c 'utils cert monitor run'
	assert_line --regexp '^lsc +CAPF +JdoeP1 +JdoeP1 +[0-9-]+ +(19|20)$'
	run ucsh -c 'show cert list lsc expiring 30'
	assert_line --regexp '^CAPF +JdoeP1 '
}

@test "every profile rule refused once with a clear error, and nothing changes" {
	ucsh -c 'user add application CtiApp1' -c 'user add end jdoe' -c 'capf profile add appuser CtiApp1 instance Taken' >/dev/null
	before=$(db_dump)
	while IFS='|' read -r cmd want; do
		run --separate-stderr ucsh --yes -c "$cmd"
		[ "$status" -ne 0 ] || { echo "accepted: $cmd"; false; }
		[[ $stderr == *"$want"* ]] || { echo "$cmd: $stderr"; false; }
	done <<'CASES'
capf profile add appuser CtiApp1 instance bad_id|an instance ID: 1-128 letters and digits
capf profile add appuser CtiApp1 instance Taken|Instance ID Taken is taken
capf profile add appuser nobody instance P2|No application user nobody
capf profile add appuser jdoe instance P2|jdoe is an end user; a appuser profile needs an application user
capf profile add enduser CtiApp1 instance P2|CtiApp1 is an application user
capf profile add appuser CtiApp1 instance P2 auth auth-string 123|4-10 digits, or generate
capf profile add appuser CtiApp1 instance P2 auth auth-string 12345678901|4-10 digits, or generate
capf profile add appuser CtiApp1 instance P2 key rsa size 512|Key size 512 is refused
capf profile add appuser CtiApp1 instance P2 key rsa size 1000|Key size 1000: allowed 1024 | 2048 | 3072 | 4096
capf profile add appuser CtiApp1 instance P2 key ec size 2048|A key size goes with key rsa
capf profile add appuser CtiApp1 instance P2 key rsa curve P-384|A curve goes with key ec
capf profile add appuser CtiApp1 instance P2 completes-by 2020-01-01|completes-by must be in the future
capf profile add appuser CtiApp1 instance P2 operation install|needs a string: auth auth-string DIGITS
capf profile add appuser CtiApp1 instance P2 auth null-string 1234|An authentication string goes with auth auth-string only
capf profile update Nope operation install|No CAPF profile Nope
set param service ipma capf-instance-id Nope|There is no CAPF profile with instance ID Nope
user delete CtiApp1|CtiApp1 has CAPF profiles (Taken): delete them first
CASES
	[ "$(db_dump)" = "$before" ]
	# The IP Manager Assistant's profile cannot go (its dependency record).
	ucsh -c 'set param service ipma capf-instance-id Taken' >/dev/null
	before=$(db_dump)
	run --separate-stderr ucsh --yes -c 'capf profile delete Taken'
	assert_failure 1
	[[ $stderr == *'Taken is the IP Manager Assistant'*'set that parameter to another profile first; nothing was deleted'* ]]
	run ucsh --yes -c 'capf profile delete all'
	assert_failure 1
	[ "$(db_dump)" = "$before" ]
}

@test "a 1024-bit key and a profile prepared before mixed mode are taken with warnings" {
	ucsh -c 'user add application CtiApp1' >/dev/null
	run --separate-stderr ucsh -c 'capf profile add appuser CtiApp1 instance P1 operation install auth auth-string 1234 key rsa size 1024'
	assert_success
	[[ $stderr == *'1024-bit RSA keys are below the 2048 bits NIST has required since 2014'* ]]
	[[ $stderr == *'the cluster is not in mixed mode: the operation can run once it is'* ]]
	[[ $stderr == *'Cisco Certificate Authority Proxy Function is not activated'* ]]
	# ...and cannot be enrolled before.
	csr P1 -newkey rsa:1024
	run --separate-stderr ucsh -c 'capf enroll P1 auth-string 1234 csr P1.csr'
	assert_failure 1
	[[ $stderr == *'The cluster is not in mixed mode: CAPF operations need it'* ]]
	# The default key is the CAPF service parameter's size.
	ucsh -c 'set param service capf key-size 3072' -c 'capf profile add appuser CtiApp1 instance P2' >/dev/null
	run ucsh -c 'capf profile show P2'
	assert_line --regexp '^Key +: RSA-3072$'
	assert_line --regexp '^Status +: None$'
}

@test "enrolment: a string serves once, a wrong one counts and cancels after the maximum, keys and deadlines are checked" {
	ready
	ucsh -c 'user add application CtiApp1' -c 'capf profile add appuser CtiApp1 instance P1 operation install auth auth-string 24681357 key ec' >/dev/null
	csr P1
	csr rsa -newkey rsa:2048
	# A key other than the profile's.
	run --separate-stderr ucsh -c 'capf enroll P1 auth-string 24681357 csr rsa.csr'
	assert_failure 2
	[[ $stderr == *'The request has a RSA-2048 key; profile P1 asks for EC-P256'* ]]
	# A request whose signature does not verify.
	python3 -c "import sys; d=open(sys.argv[1]).read().splitlines(); d[3]=d[3][:10]+('A' if d[3][10]!='A' else 'B')+d[3][11:]; open(sys.argv[2],'w').write('\n'.join(d)+'\n')" \
		"$STATE/files/P1.csr" "$STATE/files/bad.csr"
	run --separate-stderr ucsh -c 'capf enroll P1 auth-string 24681357 csr bad.csr'
	assert_failure 2
	[[ $stderr == *'bad.csr: '*'nothing was issued'* ]]
	# Wrong strings count; the failure is kept though the command fails.
	run --separate-stderr ucsh -c 'capf enroll P1 auth-string 1111 csr P1.csr'
	assert_failure 1
	[[ $stderr == *'Wrong authentication string for P1 (1 of 3 failures allowed); the operation stays pending'* ]]
	run ucsh -c 'capf profile show P1'
	assert_line --regexp '^Status +: Failed: invalid authentication string$'
	# The right string still works while the operation is pending; then it is spent.
	run ucsh -c 'capf enroll P1 auth-string 24681357 csr P1.csr'
	assert_success
	run --separate-stderr ucsh -c 'capf enroll P1 auth-string 24681357 csr P1.csr'
	assert_failure 1
	[[ $stderr == *'Profile P1 has no Install/Upgrade operation pending (none)'* ]]
	run --separate-stderr ucsh -c 'capf profile update P1 operation install auth auth-string 24681357'
	assert_failure 2
	[[ $stderr == *'That string was used for P1 before; a string serves one operation'* ]]
	# Three wrong strings cancel the operation.
	ucsh -c 'capf profile update P1 operation install auth auth-string 97531' >/dev/null
	for i in 1 2; do ucsh -c 'capf enroll P1 auth-string 0000 csr P1.csr' 2>/dev/null || true; done
	run --separate-stderr ucsh -c 'capf enroll P1 auth-string 0000 csr P1.csr'
	assert_failure 1
	[[ $stderr == *'3 failures: the operation is cancelled'* ]]
	run ucsh -c 'capf profile show P1'
	assert_line --regexp '^Status +: Failed: too many invalid authentication strings$'
	assert_line --regexp '^Certificate operation +: none$'
	run --separate-stderr ucsh -c 'capf enroll P1 auth-string 97531 csr P1.csr'
	assert_failure 1
	# The audit trail has the failures as failures, and never the strings.
	audit_flush
	[ "$(db "SELECT count(*) FROM audit WHERE line LIKE 'capf enroll P1 auth-string ****%' AND status = 1")" -ge 5 ]
	[ "$(db "SELECT count(*) FROM audit WHERE line LIKE '%24681357%' OR line LIKE '%97531%'")" -eq 0 ]
	# An expired deadline.
	ucsh -c 'capf profile update P1 operation install auth auth-string 86420' >/dev/null
	db "UPDATE capf_profile SET completes_by = 1000 WHERE instance = 'P1'"
	run ucsh -c 'capf profile list status expired'
	assert_line --regexp '^P1 +CtiApp1 +install +auth-string +EC-P256 +1970-01-01 +Expired$'
	run --separate-stderr ucsh -c 'capf enroll P1 auth-string 86420 csr P1.csr'
	assert_failure 1
	[[ $stderr == *'The operation of P1 expired'* ]]
}

@test "list filters, copy, update, delete; stale LSCs listed and deleted" {
	ready
	ucsh -c 'user add application CtiApp1' -c 'user add end jdoe' \
		-c 'capf profile add appuser CtiApp1 instance AppA operation install auth auth-string 1234 key ec' \
		-c 'capf profile add enduser jdoe instance JdoeA' >/dev/null
	run ucsh -c 'capf profile copy AppA AppB'
	assert_success
	assert_line --regexp '^Authentication string: [0-9]{8} '
	[ "$(string_of AppB)" != 1234 ]
	run ucsh -c 'capf profile list user cti*'
	assert_line --regexp '^AppA +CtiApp1 '
	assert_line --regexp '^AppB +CtiApp1 '
	refute_line --partial JdoeA
	run ucsh -c 'capf profile list instance *A status pending'
	assert_line --regexp '^AppA '
	refute_line --partial JdoeA
	refute_line --partial AppB
	run ucsh -c 'capf profile list operation none'
	assert_line --regexp '^JdoeA +jdoe +none '
	csr AppA
	ucsh -c 'capf enroll AppA auth-string 1234 csr AppA.csr' >/dev/null
	run ucsh -c 'utils capf stale-lsc list'
	assert_line 'No stale LSCs.'
	run --separate-stderr ucsh -c 'capf profile delete AppA AppB'
	assert_failure 2
	[[ $stderr == *'CAPF profile AppA is deleted; its LSC stays until utils capf stale-lsc delete.'* ]]
	ucsh --yes -c 'capf profile delete AppA AppB' >/dev/null
	run ucsh -c 'utils capf stale-lsc list'
	assert_line --regexp '^AppA +CtiApp1 +[0-9A-F]+ +profile gone$'
	run ucsh -c 'utils capf stale-lsc delete' -c 'capf lsc list'
	assert_line '1 stale LSC deleted.'
	assert_line 'No LSCs.'
	run ucsh --yes -c 'capf profile delete all' -c 'capf profile list'
	assert_line '1 CAPF profile deleted.'
	assert_line 'No CAPF profiles.'
}

@test "the string: shown to operators until used, never to read-only accounts, never in the audit trail" {
	require_test_identity
	ucsh -c 'set account name reader level 0' -c 'user add application CtiApp1' \
		-c 'capf profile add appuser CtiApp1 instance P1 operation install auth auth-string 55554444' >/dev/null
	run ucsh -c 'capf profile show P1'
	assert_line --regexp '^Authentication string +: 55554444$'
	run ucsh_as reader -c 'capf profile show P1'
	assert_line --regexp '^Authentication string +: \*\*\*\*$'
	run ucsh_as reader -c 'capf profile add appuser CtiApp1 instance P2'
	assert_failure
	audit_flush
	[ "$(db "SELECT count(*) FROM audit WHERE line LIKE '%55554444%'")" -eq 0 ]
	[ "$(db "SELECT count(*) FROM audit WHERE line LIKE 'capf profile add appuser CtiApp1 instance P1 operation install auth auth-string ****'")" -eq 1 ]
}

@test "instance IDs and group names complete" {
	ucsh -c 'user add application CtiApp1' -c 'capf profile add appuser CtiApp1 instance Alpha1' \
		-c 'capf profile add appuser CtiApp1 instance Alpha2' -c 'capf profile add appuser CtiApp1 instance Beta' >/dev/null
	run ucsh --complete 'capf profile show Al'
	assert_success
	assert_output "$(printf 'Alpha1\nAlpha2')"
	run ucsh --complete 'user group add Standard-CTI-A'
	assert_output 'Standard-CTI-Allow-Reception-of-SRTP-Key-Material'
}
