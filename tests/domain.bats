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

# sign_domain_csr NAME OUT: the CSR in progress of NAME signed by the test CA.
sign_domain_csr() {
	ucsh -c "domain csr show $1 pem" >"$PKI/$1.csr"
	sign_csr "$PKI" IssuingCA "$PKI/$1.csr" "$2"
}

upload_setup() {
	load helpers/ca
	PKI="$BATS_TEST_TMPDIR/pki"
	mkdir -p "$PKI"
	make_ca "$PKI" RootCA
	make_intermediate "$PKI" IssuingCA RootCA
	cp "$PKI/RootCA.pem" "$STATE/files/root.pem"
	ucsh -c "domain add $D" -c 'domain add customer1.com' >/dev/null
}

@test "domain cert upload: the CSR's key, the chain to tomcat-trust; then listed, monitored, counted" {
	upload_setup
	ucsh -c "domain csr gen $D san-format collab-edge" >/dev/null
	sign_domain_csr $D "$PKI/signed.pem"
	cat "$PKI/signed.pem" "$PKI/IssuingCA.pem" >"$STATE/files/chain.pem"
	cp "$PKI/signed.pem" "$STATE/files/alone.pem"
	before=$(db_dump)
	# Not yet: the root is not in tomcat-trust.
	run ucsh -c "domain cert upload $D chain.pem"
	assert_failure 2
	assert_output --partial 'chain.pem does not verify against tomcat-trust'
	[ "$(db_dump)" = "$before" ]
	ucsh -c 'set cert import trust tomcat-trust root.pem' >/dev/null
	# Without its intermediate the leaf does not chain either.
	run ucsh -c "domain cert upload $D alone.pem"
	assert_failure 2
	run ucsh -c "domain cert upload $D chain.pem"
	assert_success
	assert_output "$D now uses the certificate issued by IssuingCA (RSA-2048 key from its CSR, with its chain)."
	[ "$(db "SELECT count(*) FROM csr WHERE unit = 'domain/$D'")" = 0 ]
	run ucsh -c "domain cert show $D"
	assert_line --regexp "^Subject alternative names +: DNS:$D, DNS:collab-edge\\.$D\$"
	[ "$(ucsh -c "domain cert show $D pem")" = "$(openssl x509 -in "$PKI/signed.pem")" ]
	run ucsh -c 'domain list'
	assert_line --regexp "^$D +no +CN=$D.* +DNS:$D, DNS:collab-edge\\.$D +[0-9-]+ +36[45]\$"
	run ucsh -c 'show cert list own'
	assert_line --regexp "^domain/$D +domain/$D +$D +IssuingCA "
	run ucsh -c 'show status'
	assert_line --regexp '^Own certificates +: 12$'
	run ucsh -c 'utils cert monitor run'
	refute_output --partial "domain/$D" # 365 days left: outside the 30-day window
	# The key is never shown.
	run ucsh -c "domain cert show $D pem"
	refute_output --partial 'PRIVATE KEY'
	run ucsh -c "domain cert delete $D"
	assert_failure 2
	run ucsh --yes -c "domain cert delete $D"
	assert_success
	[ "$(db "SELECT count(*) FROM own_key WHERE unit = 'domain/$D'")" = 0 ]
}

@test "domain cert upload refuses what breaks a rule and changes nothing" {
	upload_setup
	ucsh -c 'set cert import trust tomcat-trust root.pem' >/dev/null
	# A certificate for another name.
	ucsh -c 'domain csr gen customer1.com' >/dev/null
	sign_domain_csr customer1.com "$PKI/c1.pem"
	cat "$PKI/c1.pem" "$PKI/IssuingCA.pem" >"$STATE/files/c1.pem"
	ucsh -c "domain csr gen $D" >/dev/null
	before=$(db_dump)
	run ucsh -c "domain cert upload $D c1.pem"
	assert_failure 2
	assert_output --partial "c1.pem: no certificate in it names $D (the first names DNS:customer1.com)"
	# Right name, wrong key: a certificate for a key made elsewhere.
	openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/other.key" -subj "/CN=$D" \
		-addext "subjectAltName=DNS:$D" -out "$PKI/other.csr" 2>/dev/null
	sign_csr "$PKI" IssuingCA "$PKI/other.csr" "$PKI/other.pem"
	cat "$PKI/other.pem" "$PKI/IssuingCA.pem" >"$STATE/files/other.pem"
	run ucsh -c "domain cert upload $D other.pem"
	assert_failure 2
	assert_output --partial 'The certificate does not match the key of the CSR in progress'
	# Its key while a CSR is in progress: refused.
	cp "$PKI/other.key" "$STATE/files/other.key"
	run ucsh -c "domain cert upload $D other.pem key other.key"
	assert_failure 1
	assert_output --partial "A CSR for $D is in progress on this node"
	[ "$(db_dump)" = "$before" ]
	ucsh -c "domain csr discard $D" >/dev/null
	before=$(db_dump)
	# No CSR and no key.
	run ucsh -c "domain cert upload $D other.pem"
	assert_failure 2
	assert_output --partial 'give the key of the certificate (key FILE, unencrypted PEM)'
	# An encrypted key.
	openssl pkey -in "$PKI/other.key" -aes256 -passout pass:secret -out "$STATE/files/enc.key" 2>/dev/null
	run ucsh -c "domain cert upload $D other.pem key enc.key"
	assert_failure 2
	assert_output --partial 'enc.key is an encrypted key: upload it unencrypted (PEM)'
	# Another key than the certificate's.
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$STATE/files/wrong.key" 2>/dev/null
	run ucsh -c "domain cert upload $D other.pem key wrong.key"
	assert_failure 2
	assert_output --partial 'The certificate does not match wrong.key'
	[ "$(db_dump | grep -v secret_file)" = "$(echo "$before" | grep -v secret_file)" ]
	# Kept: the right key for a CSR made elsewhere.
	run ucsh -c "domain cert upload $D other.pem key other.key"
	assert_success
	assert_output --partial 'key from other.key'
	run ucsh -c "domain cert upload nope.example.com other.pem"
	assert_failure 1
}

# domain_cert NAME [SANS]: NAME's CSR (collab-edge format, more SANs) signed and uploaded.
domain_cert() {
	ucsh --yes -c "domain csr gen $1 san-format collab-edge${2:+ san $2}" >/dev/null
	sign_domain_csr "$1" "$PKI/$1.pem"
	cat "$PKI/$1.pem" "$PKI/IssuingCA.pem" >"$STATE/files/$1.pem"
	ucsh -c "domain cert upload $1 $1.pem" >/dev/null
}

# resolves NAME PROTOCOL: the certificate utils sni resolve names.
resolves() {
	ucsh -c "utils sni resolve $1 protocol $2" | sed -n 's/^Certificate *: //p'
}

@test "utils sni client-name: the documentation's rule" {
	while read -r host domain want; do
		run ucsh -c "utils sni client-name $host $domain"
		assert_success
		assert_output "SNI name : $want"
	done <<TABLE
mra-host.sp.com example.com mra-host.example.com
expe1.customer1.com customer1.com expe1.customer1.com
mra-host.sp.com customer2.com mra-host.customer2.com
EXPE1.Customer1.COM customer1.com expe1.customer1.com
TABLE
	run ucsh -c 'utils sni client-name bad_host.sp.com example.com'
	assert_failure 2
}

@test "utils sni resolve: the documented selection over domain and server certificates" {
	upload_setup
	ucsh -c 'set cert import trust tomcat-trust root.pem' -c 'domain add customer2.com' >/dev/null
	domain_cert customer1.com expe1.customer1.com
	# The name the DNS rule produces for an MRA host gets customer2.com's certificate.
	sni=$(ucsh -c 'utils sni client-name mra-host.sp.com customer2.com' | sed 's/^SNI name : //')
	domain_cert customer2.com "$sni"
	fqdn=$(ucsh -c 'show network' | sed -n 's/^FQDN *: //p')
	while read -r name protocol want; do
		[ "$(resolves "$name" "$protocol")" = "$want" ] || { echo "$name $protocol: $(resolves "$name" "$protocol")"; false; }
	done <<TABLE
customer1.com https domain/customer1.com
collab-edge.customer1.com sip domain/customer1.com
expe1.customer1.com xmpp domain/customer1.com
collab-edge.customer2.com xmpp domain/customer2.com
mra-host.customer2.com sip domain/customer2.com
$fqdn sip tomcat
unknown.example.org https tomcat
unknown.example.org sip none: error #112 Unrecognized Name
unknown.example.org xmpp none: error #112 Unrecognized Name
TABLE
	run ucsh -c 'utils sni resolve unknown.example.org protocol sip'
	assert_failure 1
	assert_line --regexp '^Verdict +: nothing names it: TLS alert 112 \(unrecognized_name\)$'
	run ucsh -c 'utils sni resolve protocol xmpp'
	assert_success
	assert_line --regexp '^Verdict +: no name sent: the server certificate$'
	# A deleted domain certificate no longer answers for its names.
	ucsh --yes -c 'domain cert delete customer1.com' >/dev/null
	[ "$(resolves collab-edge.customer1.com sip)" = 'none: error #112 Unrecognized Name' ]
}
