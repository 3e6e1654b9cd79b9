#!/usr/bin/env bats
# Edge domains and their CSRs (issue 18, first part): names checked, one
# CSR in progress per domain, requests cross-checked with openssl req.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	load helpers/tmux
	fresh_state
	mkdir -p "$STATE/files"
}

teardown() {
	term_stop
}

D=100.example-name.com

csr_text() { # the CSR in progress of $1 as openssl prints it
	ucsh -c "domain csr show $1 pem" | openssl req -noout -text
}

@test "domain add takes DNS names only, stores them in lower case, and lists them" {
	run ucsh -c 'domain add 100.Example-Name.COM'
	assert_success
	assert_output "Domain $D added."
	run ucsh -c "domain add $D"
	assert_output "Domain $D exists already."
	before=$(db_dump)
	for bad in com -lead.example.com trail-.example.com 'under_score.com' 'a..b.com' "$(printf 'a%.0s' {1..64}).com"; do
		run ucsh -c "domain add '$bad'"
		assert_failure 2
	done
	run ucsh -c 'domain add com'
	assert_output --partial 'a domain has at least two labels'
	[ "$(db_dump)" = "$before" ]
	ucsh -c 'domain add customer1.com' >/dev/null
	run ucsh -c 'domain list'
	assert_line --regexp "^$D +no +- +- +- +-\$"
	assert_line --regexp '^customer1\.com +no '
	run ucsh --json -c 'domain list'
	echo "$output" | jq -e '.domains | length == 2 and .[0].domain == "100.example-name.com"'
}

@test "domain csr gen: RSA 2048 and SHA-256 by default, the domain as CN and SAN, collab-edge and more names" {
	ucsh -c "domain add $D" >/dev/null
	run ucsh -c "domain csr gen $D san-format collab-edge san extra.example.com,more.example.com"
	assert_success
	assert_line "CSR for $D generated; its key stays on this node and is never shown or exported."
	refute_output --partial 'PRIVATE KEY'
	echo "$output" | sed -n '/BEGIN CERTIFICATE REQUEST/,/END CERTIFICATE REQUEST/p' >"$BATS_TEST_TMPDIR/req.pem"
	run openssl req -in "$BATS_TEST_TMPDIR/req.pem" -verify -noout
	assert_output --partial 'verify OK'
	run csr_text $D
	assert_output --partial "CN = $D"
	assert_output --partial "DNS:$D, DNS:collab-edge.$D, DNS:extra.example.com, DNS:more.example.com"
	assert_output --partial 'Public-Key: (2048 bit)'
	assert_output --partial 'sha256WithRSAEncryption'
	run ucsh -c "domain csr show $D"
	assert_line --regexp "^Subject alternative names +: DNS:$D, DNS:collab-edge\.$D, "
	assert_line --regexp '^Signature verifies +: yes$'
	run ucsh -c 'domain list'
	assert_line --regexp "^$D +[0-9-]+T[0-9:]+Z +- "
}

@test "key size and digest: 4096 and SHA-512 kept, 1024 warned, refused in FIPS mode; bad names refused" {
	ucsh -c "domain add $D" -c 'domain add customer1.com' >/dev/null
	run ucsh -c "domain csr gen $D key-size 4096 digest sha512"
	assert_success
	run csr_text $D
	assert_output --partial 'Public-Key: (4096 bit)'
	assert_output --partial 'sha512WithRSAEncryption'
	run ucsh -c 'domain csr gen customer1.com key-size 1024'
	assert_success
	assert_output --partial 'a 1024-bit RSA key is below the 2048 bits NIST has required'
	ucsh --yes -c 'utils fips enable' >/dev/null
	before=$(db_dump)
	run ucsh --yes -c 'domain csr gen customer1.com key-size 1024'
	assert_failure 1
	assert_output --partial "The domain's key: FIPS mode refuses RSA keys below 2048 bits"
	run ucsh -c 'domain csr gen customer1.com key-size 3072'
	assert_failure 2
	run ucsh --yes -c 'domain csr gen customer1.com san bad_name.example.com'
	assert_failure 2
	run ucsh -c 'domain csr gen nope.example.com'
	assert_failure 1
	assert_output --partial 'There is no domain nope.example.com'
	[ "$(db_dump)" = "$before" ]
}

@test "one CSR in progress per domain: a second is refused in batch without --yes, replaces it with --yes" {
	ucsh -c "domain add $D" -c "domain csr gen $D" >/dev/null
	first=$(db "SELECT pem FROM csr WHERE unit = 'domain/$D'")
	run ucsh -c "domain csr gen $D"
	assert_failure 2
	assert_output --partial "A CSR for $D is in progress (made "
	assert_output --partial "rerun with --yes to discard it, or domain csr discard $D"
	[ "$(db "SELECT pem FROM csr WHERE unit = 'domain/$D'")" = "$first" ]
	run ucsh --yes -c "domain csr gen $D"
	assert_success
	assert_output --partial "the CSR of $D from "
	[ "$(db "SELECT pem FROM csr WHERE unit = 'domain/$D'")" != "$first" ]
}

@test "export writes the request (never the key); discard drops both; delete asks and takes the CSR along" {
	ucsh -c "domain add $D" -c "domain csr gen $D" >/dev/null
	run ucsh -c "domain csr export $D domain.csr"
	assert_success
	[ "$(cat "$STATE/files/domain.csr")" = "$(ucsh -c "domain csr show $D pem")" ]
	! grep -q 'PRIVATE KEY' "$STATE/files/domain.csr"
	run ucsh -c "domain csr export $D domain.csr"
	assert_failure
	run ucsh -c "domain csr discard $D"
	assert_output "The CSR of $D and its key were discarded."
	run ucsh -c "domain csr show $D"
	assert_failure 1
	assert_output --partial "$D has no CSR in progress on this node (domain csr gen $D)"
	ucsh -c "domain csr gen $D" >/dev/null
	run ucsh -c "domain delete $D"
	assert_failure 2
	assert_output --partial "this node's CSR, key and certificate for it go too"
	run ucsh --yes -c "domain delete $D"
	assert_success
	[ "$(db "SELECT count(*) FROM csr WHERE unit = 'domain/$D'")" = 0 ]
	[ "$(db "SELECT count(*) FROM edge_domain")" = 0 ]
	run ucsh --yes -c "domain delete $D"
	assert_failure 1
	assert_output --partial "There is no domain $D"
}

@test "on a terminal a second CSR asks first; no keeps the one in progress" {
	ucsh -c "domain add $D" -c "domain csr gen $D" >/dev/null
	first=$(db "SELECT pem FROM csr WHERE unit = 'domain/$D'")
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$(id -un):"
	term_keys "domain csr gen $D" Enter
	term_wait "A CSR for $D is in progress \(made .*\)\. Discard it\?"
	term_keys 'no' Enter
	term_wait 'Cancelled; the CSR in progress stays\.'
	term_keys 'quit' Enter
	term_gone
	[ "$(db "SELECT pem FROM csr WHERE unit = 'domain/$D'")" = "$first" ]
}
