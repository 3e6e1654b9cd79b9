#!/usr/bin/env bats
# NIST's path-validation test suite (PKITS), as Debian ships it in
# python3-cryptography-vectors: utils cert verify must reach the documented
# verdict in at least 90% of the cases that need neither CRLs nor policy
# processing (tests/data/pkits/cases.txt lists them and the ones left out).

setup_file() {
	load helpers/common
	VECTORS=$(dpkg -L python3-cryptography-vectors 2>/dev/null | grep -m1 '/x509/PKITS_data/certs$' || true)
	[ -n "$VECTORS" ] && [ -f "$VECTORS/TrustAnchorRootCertificate.crt" ] || {
		echo "PKITS vectors missing: apt-get install python3-cryptography-vectors" >&2
		return 1
	}
	init_template
	export STATE="$BATS_FILE_TMPDIR/state" CASES="$BATS_TEST_DIRNAME/data/pkits/cases.txt"
	cp -a "$TEMPLATE" "$STATE"
	mkdir -p "$STATE/files"
	cp "$VECTORS/TrustAnchorRootCertificate.crt" "$STATE/files/anchor.crt"
	"$UCSH" --state-dir "$STATE" -c 'set cert import trust directory-trust anchor.crt' >/dev/null
	# Every intermediate of the suite, offered as untrusted: the path is built from them.
	for f in "$VECTORS"/*.crt; do
		case $(basename "$f" .crt) in *EE | TrustAnchorRootCertificate) ;; *) openssl x509 -inform DER -in "$f" ;; esac
	done >"$STATE/files/cas.pem"
	: >"$BATS_FILE_TMPDIR/batch"
	grep '^4' "$CASES" | while read -r _ name; do
		cp "$VECTORS/${name}EE.crt" "$STATE/files/"
		echo "utils cert verify ${name}EE.crt trust directory-trust untrusted cas.pem" >>"$BATS_FILE_TMPDIR/batch"
	done
	"$UCSH" --state-dir "$STATE" --json --continue -f "$BATS_FILE_TMPDIR/batch" >"$BATS_FILE_TMPDIR/verdicts" 2>/dev/null || true
}

setup() {
	load helpers/common
}

@test "PKITS: at least 90% of the applicable cases reach the documented verdict" {
	total=$(grep -c '^4' "$CASES")
	[ "$(jq -s length "$BATS_FILE_TMPDIR/verdicts")" -eq "$total" ]
	agree=0
	while IFS=$'\t' read -r case verified reason; do
		expected=false
		[[ ${case#* } == Valid* ]] && expected=true
		if [ "$expected" = "$verified" ]; then
			agree=$((agree + 1))
		else
			echo "disagrees: $case (ucsh: verified=$verified, $reason)"
		fi
	done < <(paste <(grep '^4' "$CASES") <(jq -s -r '.[] | "\(.verified)\t\(.reason)"' "$BATS_FILE_TMPDIR/verdicts"))
	echo "$agree of $total agree"
	[ $((agree * 100)) -ge $((total * 90)) ]
}

@test "PKITS: the known disagreements are the documented ones, for the documented reasons" {
	# OpenSSL cannot inherit DSA parameters from the issuer; ucsh's RFC 5280
	# profile holds CAs to a critical basicConstraints, which PKITS 4.6.4 waives.
	run "$UCSH" --state-dir "$STATE" -c 'utils cert verify ValidDSAParameterInheritanceTest5EE.crt trust directory-trust untrusted cas.pem'
	assert_failure 1
	run "$UCSH" --state-dir "$STATE" -c 'utils cert verify ValidbasicConstraintsNotCriticalTest4EE.crt trust directory-trust untrusted cas.pem'
	assert_failure 1
	assert_line --regexp '^1 +.* +Basic Constraints of CA cert not marked critical$'
	run "$UCSH" --state-dir "$STATE" -c 'utils cert verify ValidbasicConstraintsNotCriticalTest4EE.crt trust directory-trust untrusted cas.pem profile webpki'
	assert_failure 1
}

@test "PKITS: an invalid path lists every rule it breaks, with depth and subject" {
	run "$UCSH" --state-dir "$STATE" --json -c 'utils cert verify InvalidEEnotAfterDateTest6EE.crt trust directory-trust untrusted cas.pem'
	assert_failure 1
	echo "$output" | jq -e '.verified == false and (.failures | length) >= 1 and .failures[0].depth == 0'
	echo "$output" | jq -e '[.failures[].rule] | index("certificate has expired") != null'
	run "$UCSH" --state-dir "$STATE" --json -c 'utils cert verify ValidCertificatePathTest1EE.crt trust directory-trust untrusted cas.pem'
	assert_success
	echo "$output" | jq -e '.verified == true and .profile == "rfc5280" and (has("failures") | not)'
}
