#!/usr/bin/env bats
# Certificates: own units, regen, CSR, import of CA-signed certificates and
# trust stores, delete, export, verify; cross-checked with the openssl CLI.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	load helpers/ca
	fresh_state
	AREA="$STATE/files"
	mkdir -p "$AREA"
	PKI="$BATS_TEST_TMPDIR/pki"
	mkdir -p "$PKI"
}

@test "the first start made every own unit with the documented key, validity and name" {
	run ucsh -c 'show cert list own'
	assert_success
	assert_line --regexp '^tomcat +tomcat +[^ ]+ +[^ ]+ +RSA-2048 +[0-9-]+ +182[45] +self-signed$'
	assert_line --regexp '^tomcat-ECDSA +tomcat-ECDSA +.* EC-P256 '
	assert_line --regexp '^CallManager-ECDSA +.* EC-P256 '
	assert_line --regexp '^ITLRecovery +ITLRecovery +ITLRECOVERY_[^ ]+ .* RSA-2048 +[0-9-]+ +7[23][0-9][0-9] +self-signed$'
	assert_line --regexp '^CAPF +CAPF +CAPF-[0-9A-F]{8} '
	[ "$(db "SELECT count(*) FROM cert WHERE kind = 'own'")" -eq 11 ]
	[ "$(db "SELECT count(*) FROM own_key")" -eq 11 ]
}

@test "every deployed certificate verifies with openssl and has the documented extensions" {
	for unit in tomcat tomcat-ECDSA ipsec CallManager CAPF TVS ITLRecovery cup cup-xmpp; do
		run openssl verify -CAfile "$STATE/deploy/$unit.pem" "$STATE/deploy/$unit.pem"
		assert_success
		# the key belongs to the certificate
		[ "$(openssl x509 -in "$STATE/deploy/$unit.pem" -noout -pubkey)" = \
			"$(openssl pkey -in "$STATE/deploy/$unit.key" -pubout)" ]
	done
	run openssl x509 -in "$STATE/deploy/tomcat.pem" -noout -text
	assert_output --partial 'Digital Signature, Key Encipherment, Data Encipherment, Key Agreement'
	assert_output --partial 'TLS Web Server Authentication, TLS Web Client Authentication, IPSec End System'
	assert_output --partial 'Public-Key: (2048 bit)'
	assert_output --partial 'Signature Algorithm: sha256WithRSAEncryption'
	# a random 128-bit serial
	run openssl x509 -in "$STATE/deploy/tomcat.pem" -noout -serial
	assert_output --regexp '^serial=[0-9A-F]{32}$'
	run openssl x509 -in "$STATE/deploy/tomcat-ECDSA.pem" -noout -text
	assert_output --partial 'NIST CURVE: P-256'
	assert_output --partial 'ecdsa-with-SHA256'
	run openssl x509 -in "$STATE/deploy/CAPF.pem" -noout -ext basicConstraints,keyUsage
	assert_output --partial 'CA:TRUE, pathlen:0'
	assert_output --partial 'Certificate Sign'
}

@test "keys are deployed 0600 and never printed" {
	[ "$(stat -c %a "$STATE/deploy/tomcat.key")" = 600 ]
	run ucsh -c 'show cert own tomcat' -c 'show cert own tomcat pem' -c 'show cert list own'
	assert_success
	refute_output --partial 'PRIVATE KEY'
	assert_output --partial 'BEGIN CERTIFICATE'
	run ucsh --json -c 'show cert own tomcat'
	echo "$output" | jq -e '.key == "RSA-2048" and .self_signed == true and (.sha256_fingerprint | length) == 95'
}

@test "regen makes a new key and certificate, drops a pending CSR and marks services for restart" {
	old=$(openssl x509 -in "$STATE/deploy/tomcat.pem" -noout -fingerprint -sha256)
	oldkey=$(sha256sum <"$STATE/deploy/tomcat.key")
	ucsh -c 'set csr gen tomcat' >/dev/null
	run ucsh --yes -c 'set cert regen tomcat'
	assert_success
	assert_line 'The pending CSR of tomcat was discarded (its key is gone).'
	assert_line 'tomcat regenerated: new RSA-2048 key and self-signed certificate.'
	assert_line --partial 'Restart to use it: Cisco Tomcat'
	[ "$(openssl x509 -in "$STATE/deploy/tomcat.pem" -noout -fingerprint -sha256)" != "$old" ]
	[ "$(sha256sum <"$STATE/deploy/tomcat.key")" != "$oldkey" ]
	[ "$(db "SELECT count(*) FROM csr")" = 0 ]
	run ucsh -c 'utils service list'
	assert_line --regexp '^Cisco Tomcat +tomcat +yes +yes \(certificate regenerated\)'
}

@test "regen options: key type and size, digest, days; weak digests and RSA-only units refused" {
	run ucsh --yes -c 'set cert regen tomcat-ECDSA key ec size 384 digest sha512 days 30'
	assert_success
	run openssl x509 -in "$STATE/deploy/tomcat-ECDSA.pem" -noout -text
	assert_output --partial 'NIST CURVE: P-384'
	assert_output --partial 'ecdsa-with-SHA512'
	[ $(( $(date -d "$(openssl x509 -in "$STATE/deploy/tomcat-ECDSA.pem" -noout -enddate | cut -d= -f2)" +%s) - $(date +%s) )) -lt $((31 * 86400)) ]
	run --separate-stderr ucsh --yes -c 'set cert regen tomcat key rsa size 4096 digest sha256'
	assert_failure 2
	[[ $stderr == *'SHA256 is weaker than a RSA-4096 key'* ]]
	run --separate-stderr ucsh --yes -c 'set cert regen ITLRecovery key ec'
	assert_failure 2
	[[ $stderr == *'must keep an RSA key'* ]]
	run ucsh --yes -c 'set cert regen ipsec key rsa size 1000'
	assert_failure 2
	run ucsh -c 'set cert regen tomcat'
	assert_failure 2 # confirmation
}

@test "a CSR verifies with openssl, carries the subject, SANs and extensions, and is listed" {
	ucsh -c 'set web-security "Voice,IT" "Example Inc" Berlin Berlin DE' >/dev/null
	run ucsh -c 'set csr gen ipsec san vpn.example.com,backup.example.com'
	assert_success
	ucsh -c 'show csr own ipsec' >"$PKI/ipsec.csr"
	run openssl req -in "$PKI/ipsec.csr" -noout -verify -text
	assert_success
	assert_output --partial 'verify OK'
	assert_output --regexp 'Subject: C *= *DE, ST *= *Berlin, L *= *Berlin, O *= *Example Inc, OU *= *Voice, OU *= *IT, CN *='
	assert_output --partial 'DNS:vpn.example.com'
	assert_output --partial 'IPSec End System'
	run ucsh -c 'show csr list'
	assert_line --regexp '^ipsec +[0-9T:-]+Z$'
	run --separate-stderr ucsh -c 'set csr gen ipsec'
	assert_success
	[[ $stderr == *'is replaced'* ]]
	run ucsh --yes -c 'set csr delete ipsec' -c 'show csr list'
	refute_line --regexp '^ipsec'
}

@test "third-party CA round trip: CSR signed by the CA, root imported, signed certificate installed" {
	make_ca "$PKI" RootCA
	make_intermediate "$PKI" IssuingCA RootCA
	ucsh -c 'set csr gen tomcat' | sed -n '/BEGIN CERTIFICATE REQUEST/,/END CERTIFICATE REQUEST/p' >"$PKI/tomcat.csr"
	sign_csr "$PKI" IssuingCA "$PKI/tomcat.csr" "$PKI/tomcat-signed.pem"
	cat "$PKI/tomcat-signed.pem" "$PKI/IssuingCA.pem" >"$AREA/tomcat-chain.pem"
	# not yet: the root is not trusted
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set cert import own tomcat tomcat-chain.pem'
	assert_failure 1
	[[ $stderr == *'does not chain to a certificate in tomcat-trust or to a root in the upload'* ]]
	[ "$(db_dump)" = "$before" ]
	cp "$PKI/RootCA.pem" "$AREA/root.pem"
	run ucsh -c 'set cert import trust tomcat-trust root.pem'
	assert_success
	assert_line --regexp '^1 +RootCA +added +RootCA$'
	run ucsh -c 'set cert import own tomcat tomcat-chain.pem'
	assert_success
	assert_line --partial 'tomcat now uses the certificate issued by IssuingCA (RSA-2048 key from its CSR)'
	[ "$(db "SELECT count(*) FROM csr")" = 0 ]
	run ucsh -c 'show cert list own unit tomcat'
	assert_line --regexp '^tomcat +tomcat +[^ ]+ +IssuingCA +RSA-2048 .* CA-signed$'
	# the deployed chain verifies against the root with openssl
	run openssl verify -CAfile "$STATE/deploy/tomcat-trust.pem" -untrusted "$STATE/deploy/tomcat-chain.pem" \
		"$STATE/deploy/tomcat.pem"
	assert_success
	[ "$(openssl x509 -in "$STATE/deploy/tomcat.pem" -noout -pubkey)" = \
		"$(openssl pkey -in "$STATE/deploy/tomcat.key" -pubout)" ]
}

@test "an unrelated certificate, or one for another key, is refused and nothing changes" {
	make_ca "$PKI" RootCA
	cp "$PKI/RootCA.pem" "$AREA/root.pem"
	ucsh -c 'set cert import trust tomcat-trust root.pem' >/dev/null
	openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/other.key" -out "$PKI/other.csr" -subj /CN=other 2>/dev/null
	sign_csr "$PKI" RootCA "$PKI/other.csr" "$AREA/other.pem"
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set cert import own tomcat other.pem'
	assert_failure 1
	[[ $stderr == *"matches the key of tomcat's pending CSR or its current key"* ]]
	run --separate-stderr ucsh -c 'set cert import own tomcat root.pem'
	assert_failure 1
	[ "$(db_dump)" = "$before" ]
}

@test "trust import: PEM bundles, DER and PKCS#7 (DER and PEM); duplicates and renewals" {
	make_ca "$PKI" RootA
	make_ca "$PKI" RootB
	cat "$PKI/RootA.pem" "$PKI/RootB.pem" >"$AREA/bundle.pem"
	run ucsh -c 'set cert import trust CallManager-trust bundle.pem'
	assert_success
	assert_line 'CallManager-trust: 2 added, 0 replaced, 0 already present.'
	run ucsh -c 'set cert import trust CallManager-trust bundle.pem'
	assert_line 'CallManager-trust: 0 added, 0 replaced, 2 already present.'
	openssl x509 -in "$PKI/RootA.pem" -outform DER -out "$AREA/roota.der"
	run ucsh -c 'set cert import trust Phone-trust roota.der'
	assert_success
	assert_line --regexp '^1 +RootA +added +RootA$'
	openssl crl2pkcs7 -nocrl -certfile "$AREA/bundle.pem" -outform DER -out "$AREA/chain.p7b"
	openssl crl2pkcs7 -nocrl -certfile "$AREA/bundle.pem" -out "$AREA/chain.p7c"
	run ucsh -c 'set cert import trust tomcat-trust chain.p7b'
	assert_line 'tomcat-trust: 2 added, 0 replaced, 0 already present.'
	run ucsh -c 'set cert import trust ipsec-trust chain.p7c'
	assert_line 'ipsec-trust: 2 added, 0 replaced, 0 already present.'
	# a renewal of RootA (same subject and key, later notBefore) replaces it
	sleep 1
	openssl req -x509 -new -key "$PKI/RootA.key" -out "$AREA/roota-renewed.pem" -days 7300 \
		-subj "/C=DE/O=Test PKI/CN=RootA" -addext basicConstraints=critical,CA:TRUE 2>/dev/null
	run ucsh -c 'set cert import trust CallManager-trust roota-renewed.pem'
	assert_line --regexp '^1 +RootA +replaced an older copy +RootA$'
	[ "$(db "SELECT count(*) FROM cert WHERE unit = 'CallManager-trust'")" = 2 ]
	# a new key under the same name (CA key rollover) is kept beside the old one
	make_ca "$PKI/.." RootA 2>/dev/null || true
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$PKI/rolled.key" -out "$AREA/roota-rolled.pem" -days 3650 \
		-subj "/C=DE/O=Test PKI/CN=RootA" 2>/dev/null
	run ucsh -c 'set cert import trust CallManager-trust roota-rolled.pem'
	assert_line --regexp '^1 +RootA +added +RootA_[0-9A-F]+$'
	[ "$(db "SELECT count(*) FROM cert WHERE unit = 'CallManager-trust'")" = 3 ]
}

@test "bad uploads give one line each and change nothing" {
	make_ca "$PKI" RootA
	: >"$AREA/empty.pem"
	head -c 2000 /dev/urandom >"$AREA/garbage.bin"
	head -c 102400 /dev/zero | tr '\0' 'x' >"$AREA/junk.txt"
	openssl x509 -in "$PKI/RootA.pem" -outform DER | head -c 300 >"$AREA/truncated.der"
	cat "$PKI/RootA.pem" "$PKI/RootA.key" >"$AREA/withkey.pem"
	make_expired "$PKI" "$AREA/expired.pem"
	before=$(db_dump)
	for f in empty.pem garbage.bin junk.txt truncated.der withkey.pem expired.pem missing.pem; do
		run --separate-stderr ucsh -c "set cert import trust tomcat-trust $f"
		[ "$status" -eq 1 ] || [ "$status" -eq 2 ]
		[ "$(echo "$stderr" | wc -l)" -eq 1 ]
		[ -z "$output" ]
		echo "$f: $stderr"
	done
	[ "$(db_dump)" = "$before" ]
	run --separate-stderr ucsh -c 'set cert import trust tomcat-trust withkey.pem'
	[[ $stderr == *'private key'* ]]
	run --separate-stderr ucsh -c 'set cert import trust tomcat-trust truncated.der'
	[[ $stderr == *'truncated'* ]]
	run --separate-stderr ucsh -c 'set cert import trust tomcat-trust empty.pem'
	[[ $stderr == *'empty'* ]]
	run --separate-stderr ucsh -c 'set cert import trust tomcat-trust expired.pem'
	[[ $stderr == *'(Old) expired on 2021-01-01'* ]]
}

@test "delete a trust certificate after confirmation; export certificates, never keys" {
	make_ca "$PKI" RootA
	cp "$PKI/RootA.pem" "$AREA/root.pem"
	ucsh -c 'set cert import trust tomcat-trust root.pem' >/dev/null
	run ucsh -c 'set cert export own tomcat tomcat-out.pem' -c 'set cert export trust tomcat-trust RootA root.der format der'
	assert_success
	run openssl x509 -in "$AREA/tomcat-out.pem" -noout -subject
	assert_success
	! grep -q 'PRIVATE' "$AREA/tomcat-out.pem"
	run openssl x509 -inform DER -in "$AREA/root.der" -noout -subject
	assert_output --partial 'CN = RootA'
	run ucsh -c 'set cert export own tomcat tomcat-out.pem'
	assert_failure 1
	run ucsh -c 'set cert export own tomcat ../escape.pem'
	assert_failure 2
	run ucsh -c 'set cert delete tomcat-trust RootA'
	assert_failure 2
	run ucsh --yes -c 'set cert delete tomcat-trust RootA'
	assert_success
	[ ! -s "$STATE/deploy/tomcat-trust.pem" ]
	run ucsh --yes -c 'set cert delete tomcat-trust RootA'
	assert_failure 1
}

@test "show cert list expiring DAYS and trust units" {
	make_ca "$PKI" RootA
	cp "$PKI/RootA.pem" "$AREA/root.pem"
	ucsh -c 'set cert import trust Phone-SAST-trust root.pem' >/dev/null
	run ucsh -c 'show cert list own expiring 3000'
	assert_success
	refute_line --regexp '^ITLRecovery'
	assert_line --regexp '^tomcat '
	run ucsh -c 'show cert list own expiring 10'
	assert_output 'No own certificate expires within 10 days.'
	run ucsh -c 'show cert list trust unit Phone-SAST-trust'
	assert_line --regexp '^Phone-SAST-trust +RootA +RootA +RootA +RSA-2048 .* self-signed$'
	run ucsh --json -c 'show cert list trust'
	echo "$output" | jq -e '.certificates | length == 1 and (.[0].days_left | type) == "number"'
	run ucsh -c 'show cert trust Phone-SAST-trust RootA'
	assert_line --regexp '^Subject +: CN=RootA,O=Test PKI,C=DE$'
}

@test "a sub-CA in a trust store is an anchor: verify and own import need not its root" {
	make_ca "$PKI" RootS
	make_intermediate "$PKI" SubS RootS
	cp "$PKI/SubS.pem" "$AREA/sub.pem"
	ucsh -c 'set cert import trust tomcat-trust sub.pem' >/dev/null
	# A peer certificate issued by the sub-CA, checked against the sub-CA alone.
	openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/p.key" -out "$PKI/p.csr" -subj /CN=p.example.com \
		-addext subjectAltName=DNS:p.example.com 2>/dev/null
	sign_csr "$PKI" SubS "$PKI/p.csr" "$AREA/p.pem"
	run ucsh -c 'utils cert verify p.pem'
	assert_success
	assert_line --regexp '^Verified +: yes$'
	run openssl verify -partial_chain -CAfile "$AREA/sub.pem" "$AREA/p.pem"
	assert_success
	# The node's own CSR signed by the sub-CA installs with only the sub-CA trusted.
	ucsh -c 'set csr gen tomcat' >/dev/null
	ucsh -c 'show csr own tomcat' >"$PKI/tomcat.csr"
	sign_csr "$PKI" SubS "$PKI/tomcat.csr" "$AREA/tomcat-signed.pem"
	run ucsh -c 'set cert import own tomcat tomcat-signed.pem'
	assert_success
	assert_line --partial 'tomcat now uses the certificate issued by SubS'
}

@test "utils cert verify gives the verdict a peer would reach" {
	make_ca "$PKI" RootA
	make_intermediate "$PKI" SubA RootA
	openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/peer.key" -out "$PKI/peer.csr" -subj /CN=peer.example.com \
		-addext subjectAltName=DNS:peer.example.com -addext extendedKeyUsage=serverAuth 2>/dev/null
	sign_csr "$PKI" SubA "$PKI/peer.csr" "$AREA/peer.pem"
	cp "$PKI/SubA.pem" "$AREA/sub.pem"
	cp "$PKI/RootA.pem" "$AREA/root.pem"
	run ucsh -c 'utils cert verify peer.pem untrusted sub.pem'
	assert_failure 1
	assert_line --regexp '^Verified +: no$'
	assert_line --partial 'unable to get local issuer certificate'
	ucsh -c 'set cert import trust tomcat-trust root.pem' >/dev/null
	run ucsh -c 'utils cert verify peer.pem untrusted sub.pem purpose server host peer.example.com'
	assert_success
	assert_line --regexp '^Verified +: yes$'
	run ucsh -c 'utils cert verify peer.pem untrusted sub.pem host other.example.com'
	assert_failure 1
	assert_line --partial 'hostname mismatch'
	run ucsh -c 'utils cert verify peer.pem untrusted sub.pem purpose client'
	assert_failure 1
	run ucsh -c 'utils cert verify peer.pem untrusted sub.pem at 2040-01-01'
	assert_failure 1
	assert_line --partial 'expired'
	run ucsh -c 'utils cert verify peer.pem at 2040-13-01'
	assert_failure 2
	# the same verdict as openssl verify
	run openssl verify -CAfile "$AREA/root.pem" -untrusted "$AREA/sub.pem" "$AREA/peer.pem"
	assert_success
}

@test "a real TLS server uses the deployed tomcat certificate, after regen and after a CA-signed import" {
	port=$(free_port)
	handshake() { # handshake CAFILE
		openssl s_server -accept "$port" -cert "$STATE/deploy/tomcat.pem" -key "$STATE/deploy/tomcat.key" \
			-cert_chain "$STATE/deploy/tomcat-chain.pem" -www -quiet >/dev/null 2>&1 &
		local pid=$!
		for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
		fqdn=$(ucsh --json -c 'show network' | jq -r .fqdn)
		echo | openssl s_client -connect "127.0.0.1:$port" -CAfile "$1" -servername "$fqdn" \
			-verify_hostname "$fqdn" -verify_return_error 2>&1 | grep -E '^Verify return code|Verification'
		kill $pid
		wait $pid 2>/dev/null || true
	}
	ucsh --yes -c 'set cert regen tomcat' >/dev/null
	run handshake "$STATE/deploy/tomcat.pem"
	assert_output --partial 'Verify return code: 0 (ok)'
	make_ca "$PKI" RootCA
	cp "$PKI/RootCA.pem" "$AREA/root.pem"
	ucsh -c 'set cert import trust tomcat-trust root.pem' >/dev/null
	ucsh -c 'set csr gen tomcat' | sed -n '/BEGIN CERTIFICATE REQUEST/,/END CERTIFICATE REQUEST/p' >"$PKI/t.csr"
	sign_csr "$PKI" RootCA "$PKI/t.csr" "$AREA/signed.pem"
	ucsh -c 'set cert import own tomcat signed.pem' >/dev/null
	run handshake "$PKI/RootCA.pem"
	assert_output --partial 'Verify return code: 0 (ok)'
	# the old self-signed certificate is no longer what the server presents
	run handshake "$BATS_TEST_TMPDIR/none.pem"
	refute_output --partial 'Verify return code: 0 (ok)'
}

@test "PKCS#12: certificate, key and chain with a passphrase from a file; wrong or missing passphrase refused" {
	make_ca "$PKI" RootCA
	cp "$PKI/RootCA.pem" "$AREA/root.pem"
	ucsh -c 'set cert import trust cup-xmpp-trust root.pem' >/dev/null
	fqdn=$(ucsh --json -c 'show network' | jq -r .fqdn)
	openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/x.key" -out "$PKI/x.csr" -subj "/CN=$fqdn" 2>/dev/null
	sign_csr "$PKI" RootCA "$PKI/x.csr" "$PKI/x.pem"
	openssl pkcs12 -export -inkey "$PKI/x.key" -in "$PKI/x.pem" -certfile "$PKI/RootCA.pem" \
		-passout pass:s3cret-phrase -out "$AREA/x.p12"
	echo 's3cret-phrase' >"$AREA/pass.txt"
	echo 'wrong' >"$AREA/wrong.txt"
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set cert import own cup-xmpp x.p12'
	assert_failure 2
	[[ $stderr == *'The PKCS#12 passphrase is needed: add password-file FILE'* ]]
	run --separate-stderr ucsh -c 'set cert import own cup-xmpp x.p12 password-file wrong.txt'
	assert_failure 2
	[[ $stderr == *'wrong passphrase'* ]]
	[ "$(db_dump)" = "$before" ]
	run ucsh -c 'set cert import own cup-xmpp x.p12 password-file pass.txt'
	assert_success
	assert_line --partial 'cup-xmpp now uses the certificate issued by RootCA (RSA-2048 key from the PKCS#12 file)'
	[ "$(openssl pkey -in "$STATE/deploy/cup-xmpp.key" -pubout)" = "$(openssl pkey -in "$PKI/x.key" -pubout)" ]
	# the passphrase is in neither the audit trail nor any output
	! db .dump | grep -q 's3cret-phrase'
	[[ $output != *s3cret* ]]
}

@test "password-file without a certificate FILE is the paste form, not the certificate" {
	# The passphrase file is a valid certificate too: reading it as the
	# upload would "succeed" in the wrong way.
	make_ca "$PKI" RootCA
	cp "$PKI/RootCA.pem" "$AREA/pw.txt"
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set cert import own tomcat password-file pw.txt'
	assert_failure 2
	[[ $stderr == *'Give a FILE from the file area (pasting works interactively)'* ]]
	[[ $stderr != *'pw.txt'* ]]
	[ "$(db_dump)" = "$before" ]
}

@test "show cert own accepts the appliance's UNIT/UNIT.pem spelling" {
	run ucsh -c 'show cert own tomcat/tomcat.pem'
	assert_success
	assert_line --regexp '^Unit +: tomcat$'
	run ucsh -c 'show cert own CallManager/CallManager.pem'
	assert_line --regexp '^Unit +: CallManager$'
	run ucsh -c 'show cert own tomcat/ipsec.pem'
	assert_failure 2
}

@test "keys up to 4096 bits are imported, larger ones refused" {
	openssl req -x509 -newkey rsa:4096 -nodes -keyout /dev/null -subj /CN=Big4096 -days 30 \
		-out "$AREA/rsa4096.pem" 2>/dev/null
	openssl req -x509 -newkey rsa:4104 -nodes -keyout /dev/null -subj /CN=Big4104 -days 30 \
		-out "$AREA/rsa4104.pem" 2>/dev/null
	run ucsh -c 'set cert import trust tomcat-trust rsa4096.pem'
	assert_success
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set cert import trust tomcat-trust rsa4104.pem'
	assert_failure 2
	[[ $stderr == *'has a RSA-4104 key; keys above 4096 bits are not supported'* ]]
	[ "$(db_dump)" = "$before" ]
}

@test "an own certificate and its CA chain may come in one PKCS#7 file" {
	make_ca "$PKI" RootCA
	make_intermediate "$PKI" SubCA RootCA
	cp "$PKI/RootCA.pem" "$AREA/root.pem"
	ucsh -c 'set cert import trust ipsec-trust root.pem' >/dev/null
	ucsh -c 'set csr gen ipsec' | sed -n '/BEGIN CERTIFICATE REQUEST/,/END CERTIFICATE REQUEST/p' >"$PKI/i.csr"
	sign_csr "$PKI" SubCA "$PKI/i.csr" "$PKI/i.pem"
	cat "$PKI/i.pem" "$PKI/SubCA.pem" >"$PKI/both.pem"
	openssl crl2pkcs7 -nocrl -certfile "$PKI/both.pem" -outform DER -out "$AREA/ipsec.p7b"
	run ucsh -c 'set cert import own ipsec ipsec.p7b'
	assert_success
	assert_line --partial 'ipsec now uses the certificate issued by SubCA'
	run openssl verify -CAfile "$AREA/root.pem" -untrusted "$STATE/deploy/ipsec-chain.pem" "$STATE/deploy/ipsec.pem"
	assert_success
}

@test "no lenient acceptance: a unit is not a trust store, key types follow the unit, one bad PEM block refuses the file" {
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set cert import trust tomcat x.pem'
	assert_failure 2
	[[ $stderr == *'tomcat is an own certificate unit; its trust store is tomcat-trust'* ]]
	run --separate-stderr ucsh --yes -c 'set csr gen tomcat-ECDSA key rsa'
	assert_failure 2
	[[ $stderr == *'tomcat-ECDSA takes EC keys only'* ]]
	run --separate-stderr ucsh --yes -c 'set cert regen cup key ec'
	assert_failure 2
	[[ $stderr == *'cup takes RSA keys only'* ]]
	make_ca "$PKI" BundleA
	make_ca "$PKI" BundleB
	{ cat "$PKI/BundleA.pem"; sed '3s/./!/' "$PKI/BundleB.pem"; } >"$AREA/broken.pem"
	run --separate-stderr ucsh -c 'set cert import trust tomcat-trust broken.pem'
	assert_failure 2
	[[ $stderr == *'PEM block 2 cannot be read'*'nothing was imported'* ]]
	[ "$(db_dump)" = "$before" ]
}

@test "set csr gen ou no leaves the organisational units out; ou yes (the default) keeps them" {
	ucsh -c 'set web-security "Voice,IT" "Example Inc" Berlin Berlin DE' >/dev/null
	ucsh -c 'set csr gen tomcat ou no' >/dev/null
	ucsh -c 'show csr own tomcat' >"$PKI/no.csr"
	run openssl req -in "$PKI/no.csr" -noout -verify -subject
	assert_success
	refute_output --partial 'OU'
	assert_output --regexp 'O *= *Example Inc'
	ucsh -c 'set csr gen tomcat ou yes' >/dev/null 2>&1
	ucsh -c 'show csr own tomcat' >"$PKI/yes.csr"
	run openssl req -in "$PKI/yes.csr" -noout -subject
	assert_output --regexp 'OU *= *Voice, OU *= *IT'
	run --separate-stderr ucsh -c 'set csr gen tomcat ou maybe'
	assert_failure 2
}

@test "show csr list says when there is no CSR" {
	run ucsh -c 'show csr list'
	assert_success
	assert_output 'No unit has a pending CSR (set csr gen UNIT makes one).'
	run ucsh --json -c 'show csr list'
	echo "$output" | jq -e '.csrs == []'
}

@test "set csr export writes the pending CSR into the file area, never its key" {
	run --separate-stderr ucsh -c 'set csr export tomcat tomcat.csr'
	assert_failure
	[[ $stderr == *'tomcat has no pending CSR (set csr gen tomcat)'* ]]
	[ ! -e "$AREA/tomcat.csr" ]
	ucsh -c 'set csr gen tomcat' >/dev/null
	run ucsh -c 'set csr export tomcat tomcat.csr'
	assert_success
	assert_output 'Wrote the CSR of tomcat to tomcat.csr (PEM); the key stays on this node.'
	run openssl req -in "$AREA/tomcat.csr" -noout -verify
	assert_success
	diff <(ucsh -c 'show csr own tomcat') "$AREA/tomcat.csr"
	! grep -q 'PRIVATE KEY' "$AREA/tomcat.csr"
	# An existing file is not overwritten; paths outside the area are refused.
	run --separate-stderr ucsh -c 'set csr export tomcat tomcat.csr'
	assert_failure
	[[ $stderr == *'exists'* ]]
	run --separate-stderr ucsh -c 'set csr export tomcat ../tomcat.csr'
	assert_failure
	[ ! -e "$STATE/tomcat.csr" ]
}

# p12_for NAME SUBJ [SAN]: AREA/NAME.p12 (passphrase in AREA/pw.txt) with a
# new key and a certificate RootCA issued for SUBJ and SAN.
p12_for() {
	local ext=()
	[ -n "${3:-}" ] && ext=(-addext "subjectAltName=$3")
	openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/$1.key" -out "$PKI/$1.csr" -subj "$2" \
		"${ext[@]}" 2>/dev/null
	sign_csr "$PKI" RootCA "$PKI/$1.csr" "$PKI/$1.pem"
	openssl pkcs12 -export -inkey "$PKI/$1.key" -in "$PKI/$1.pem" -passout pass:pw -out "$AREA/$1.p12"
	echo pw >"$AREA/pw.txt"
}

@test "an own certificate must name this node: SAN, or CN without SAN; other names beside it are fine" {
	make_ca "$PKI" RootCA
	cp "$PKI/RootCA.pem" "$AREA/root.pem"
	ucsh -c 'set cert import trust cup-trust root.pem' -c 'set cert import trust TVS-trust root.pem' >/dev/null
	read -r host domain ip < <(ucsh --json -c 'show network' | jq -r '"\(.hostname) \(.domain) \(.ip)"')
	fqdn="$host.$domain"
	p12_for leaf /CN=leaf.example.com DNS:leaf.example.com
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set cert import own cup leaf.p12 password-file pw.txt'
	assert_failure 1
	[[ $stderr == *"the certificate names DNS:leaf.example.com, not this node ($fqdn, $host, $ip); cup serves the node's name; nothing was imported"* ]]
	[ "$(db_dump)" = "$before" ]
	# A CN naming the node does not help when the SAN does not.
	p12_for cnonly "/CN=$fqdn" DNS:leaf.example.com
	run --separate-stderr ucsh -c 'set cert import own cup cnonly.p12 password-file pw.txt'
	assert_failure 1
	[ "$(db_dump)" = "$before" ]
	# Without a SAN the CN counts; the short host name is one of the node's names.
	p12_for short "/CN=$host"
	run ucsh -c 'set cert import own cup short.p12 password-file pw.txt'
	assert_success
	# A multi-server SAN that also names this node, and an IP address SAN.
	p12_for multi /CN=cluster.example.com "DNS:pub.example.com,DNS:sub1.example.com,DNS:$fqdn"
	run ucsh -c 'set cert import own cup multi.p12 password-file pw.txt'
	assert_success
	p12_for byip /CN=whatever "IP:$ip"
	run ucsh -c 'set cert import own cup byip.p12 password-file pw.txt'
	assert_success
	# TVS does not serve the node's name: any subject will do.
	p12_for tvs /CN=leaf.example.com DNS:leaf.example.com
	run ucsh --yes -c 'set cert import own TVS tvs.p12 password-file pw.txt'
	assert_success
}

# tls_handshake CAFILE: serves the deployed tomcat certificate with
# openssl s_server and connects as a strict client that trusts only CAFILE
# (any certificate in it an anchor); prints the client's verdict.
tls_handshake() {
	local port pid fqdn
	port=$(free_port)
	openssl s_server -accept "$port" -cert "$STATE/deploy/tomcat.pem" -key "$STATE/deploy/tomcat.key" \
		-cert_chain "$STATE/deploy/tomcat-chain.pem" -www -quiet >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
	fqdn=$(ucsh --json -c 'show network' | jq -r .fqdn)
	echo | openssl s_client -connect "127.0.0.1:$port" -CAfile "$1" -partial_chain -servername "$fqdn" \
		-verify_hostname "$fqdn" -verify_return_error 2>&1 | grep -E '^Verify return code|Verification'
	kill $pid
	wait $pid 2>/dev/null || true
}

@test "documentation round trip, sub-CA variant: only the issuing CA uploaded, then a real TLS handshake" {
	make_ca "$PKI" RootCA
	make_intermediate "$PKI" IssuingCA RootCA
	cp "$PKI/IssuingCA.pem" "$AREA/issuing-ca.pem"
	ucsh -c 'set cert import trust tomcat-trust issuing-ca.pem' >/dev/null
	ucsh -c 'set csr gen tomcat' >/dev/null
	ucsh -c 'show csr own tomcat' >"$PKI/tomcat.csr"
	sign_csr "$PKI" IssuingCA "$PKI/tomcat.csr" "$AREA/tomcat.pem"
	run ucsh -c 'set cert import own tomcat tomcat.pem'
	assert_success
	assert_line --partial 'tomcat now uses the certificate issued by IssuingCA'
	[ "$(db "SELECT count(*) FROM cert WHERE kind = 'trust' AND unit = 'tomcat-trust'")" = 1 ]
	run tls_handshake "$PKI/IssuingCA.pem"
	assert_output --partial 'Verify return code: 0 (ok)'
}

@test "documentation round trip, chain-upload variant: leaf and issuers in one file, CAs join the trust store" {
	make_ca "$PKI" RootCA
	make_intermediate "$PKI" IssuingCA RootCA
	ucsh -c 'set csr gen tomcat' >/dev/null
	ucsh -c 'show csr own tomcat' >"$PKI/tomcat.csr"
	sign_csr "$PKI" IssuingCA "$PKI/tomcat.csr" "$PKI/tomcat.pem"
	# An incomplete chain (no root, nothing trusted) and a chain with a non-CA are refused whole.
	cat "$PKI/tomcat.pem" "$PKI/IssuingCA.pem" >"$AREA/partial.pem"
	openssl req -x509 -newkey rsa:2048 -nodes -keyout /dev/null -subj /CN=NotACA -days 30 \
		-addext basicConstraints=critical,CA:FALSE -out "$PKI/notca.pem" 2>/dev/null
	cat "$PKI/tomcat.pem" "$PKI/IssuingCA.pem" "$PKI/RootCA.pem" "$PKI/notca.pem" >"$AREA/extra.pem"
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set cert import own tomcat partial.pem'
	assert_failure 1
	[[ $stderr == *'does not chain to a certificate in tomcat-trust or to a root in the upload'* ]]
	run --separate-stderr ucsh -c 'set cert import own tomcat extra.pem'
	assert_failure 2
	[[ $stderr == *'certificate 4 (NotACA) is not a CA'* ]]
	[ "$(db_dump)" = "$before" ]
	# The whole chain, as PKCS#7 (PEM): installed, and both CAs added to tomcat-trust in one go.
	cat "$PKI/tomcat.pem" "$PKI/IssuingCA.pem" "$PKI/RootCA.pem" >"$PKI/chain.pem"
	openssl crl2pkcs7 -nocrl -certfile "$PKI/chain.pem" -out "$AREA/chain.p7b"
	run ucsh -c 'set cert import own tomcat chain.p7b'
	assert_success
	assert_line --regexp '^1 +IssuingCA +added +IssuingCA$'
	assert_line --regexp '^2 +RootCA +added +RootCA$'
	assert_line 'tomcat-trust: 2 added, 0 replaced, 0 already present.'
	assert_line --partial 'tomcat now uses the certificate issued by IssuingCA'
	[ "$(db "SELECT count(*) FROM cert WHERE kind = 'trust' AND unit = 'tomcat-trust'")" = 2 ]
	[ -f "$STATE/deploy/tomcat-trust.pem" ]
	[ "$(grep -c 'BEGIN CERTIFICATE' "$STATE/deploy/tomcat-trust.pem")" = 2 ]
	run tls_handshake "$PKI/IssuingCA.pem"
	assert_output --partial 'Verify return code: 0 (ok)'
	# The same chain again (a PEM bundle, another key from a new CSR): the CAs are already present.
	ucsh -c 'set csr gen tomcat' >/dev/null
	ucsh -c 'show csr own tomcat' >"$PKI/tomcat2.csr"
	sign_csr "$PKI" IssuingCA "$PKI/tomcat2.csr" "$PKI/tomcat2.pem"
	cat "$PKI/tomcat2.pem" "$PKI/IssuingCA.pem" "$PKI/RootCA.pem" >"$AREA/chain2.pem"
	run ucsh --json -c 'set cert import own tomcat chain2.pem'
	assert_success
	echo "$output" | jq -se '.[0].chain | map(.result) == ["already present", "already present"]'
}

# leaf NAME ISSUER [openssl x509 options...]: AREA/NAME.pem for a fresh key,
# signed by ISSUER with the extensions of PKI/NAME.ext (when it exists).
leaf() {
	local name=$1 issuer=$2
	shift 2
	openssl req -new -newkey "${KEYSPEC:-rsa:2048}" -nodes -keyout "$PKI/$name.key" -out "$PKI/$name.csr" \
		-subj "/CN=$name.example.com" 2>/dev/null
	openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/$issuer.pem" -CAkey "$PKI/$issuer.key" -days 30 \
		${EXT:+-extfile "$EXT"} "$@" -out "$AREA/$name.pem" 2>/dev/null
}

@test "utils cert verify profile webpki lists every rule a public-web client enforces" {
	make_ca "$PKI" RootW
	make_intermediate "$PKI" SubW RootW
	cp "$PKI/RootW.pem" "$AREA/root.pem" && cp "$PKI/SubW.pem" "$AREA/sub.pem"
	ucsh -c 'set cert import trust tomcat-trust root.pem' >/dev/null
	good="$PKI/good.ext"
	printf 'subjectAltName=DNS:good.example.com\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >"$good"
	EXT=$good leaf good SubW -sha256 -set_serial 0x1234
	run ucsh -c 'utils cert verify good.pem untrusted sub.pem profile webpki host good.example.com'
	assert_success
	assert_line --regexp '^Profile +: webpki$'
	assert_line --regexp '^Verified +: yes$'
	# One leaf breaking five rules: all five are listed, with depth and subject.
	printf 'basicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >"$PKI/bad.ext"
	KEYSPEC=rsa:1024 EXT=$PKI/bad.ext leaf bad SubW -sha1 -set_serial 0x0102030405060708090a0b0c0d0e0f101112131415
	run ucsh -c 'utils cert verify bad.pem untrusted sub.pem'
	assert_success # RFC 5280 does not forbid any of it
	run ucsh --json -c 'utils cert verify bad.pem untrusted sub.pem profile webpki'
	assert_failure 1
	echo "$output" | jq -e '.verified == false and .profile == "webpki"'
	for rule in 'no subjectAltName' 'no extendedKeyUsage' 'RSA-1024 key' 'signed with SHA1' 'its serial number is 21 bytes long'; do
		echo "$output" | jq -e --arg r "$rule" '[.failures[] | select(.depth == 0 and .subject == "CN=bad.example.com" and (.rule | startswith($r)))] | length == 1'
	done
	# The CN is not a name to a web client; RFC 5280 clients fall back to it.
	printf 'extendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >"$PKI/cn.ext"
	EXT=$PKI/cn.ext leaf cn SubW
	run ucsh -c 'utils cert verify cn.pem untrusted sub.pem host cn.example.com'
	assert_success
	run ucsh -c 'utils cert verify cn.pem untrusted sub.pem host cn.example.com profile webpki'
	assert_failure 1
	assert_line --regexp '^0 +CN=cn\.example\.com +hostname mismatch$'
	# Weak keys of other kinds, and a zero serial number.
	EXT=$good KEYSPEC=dsa:"$(openssl dsaparam -out "$PKI/dsa.param" 2048 2>/dev/null; echo "$PKI/dsa.param")" leaf dsa SubW
	run ucsh -c 'utils cert verify dsa.pem untrusted sub.pem profile webpki'
	assert_line --partial 'DSA key: web PKI accepts RSA and ECDSA only'
	openssl ecparam -name prime192v1 -out "$PKI/p192.param"
	EXT=$good KEYSPEC=ec:"$PKI/p192.param" leaf p192 SubW -set_serial 0
	run ucsh -c 'utils cert verify p192.pem untrusted sub.pem profile webpki'
	assert_line --partial 'EC key on prime192v1: web PKI accepts P-256, P-384 and P-521 only'
	assert_line --partial 'its serial number is not positive'
	# A CA whose EKU does not allow the leaf's use.
	printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >"$PKI/cli.ext"
	openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/CliCA.key" -out "$PKI/CliCA.csr" -subj /CN=CliCA 2>/dev/null
	openssl x509 -req -in "$PKI/CliCA.csr" -CA "$PKI/RootW.pem" -CAkey "$PKI/RootW.key" -days 30 -extfile "$PKI/cli.ext" \
		-out "$AREA/cli.pem" 2>/dev/null
	cp "$AREA/cli.pem" "$PKI/CliCA.pem"
	EXT=$good leaf viacli CliCA
	run ucsh -c 'utils cert verify viacli.pem untrusted cli.pem profile webpki'
	assert_failure 1
	assert_line --regexp '^1 +CN=CliCA +a CA whose extendedKeyUsage does not allow serverAuth$'
	# A version 1 certificate as a CA.
	openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/V1CA.key" -out "$PKI/V1CA.csr" -subj /CN=V1CA 2>/dev/null
	openssl x509 -req -in "$PKI/V1CA.csr" -CA "$PKI/RootW.pem" -CAkey "$PKI/RootW.key" -days 30 -out "$PKI/V1CA.pem" 2>/dev/null
	cp "$PKI/V1CA.pem" "$AREA/v1.pem"
	printf 'subjectAltName=DNS:viav1.example.com\nextendedKeyUsage=serverAuth\n' >"$PKI/v1leaf.ext"
	EXT=$PKI/v1leaf.ext leaf viav1 V1CA
	run ucsh -c 'utils cert verify viav1.pem untrusted v1.pem profile webpki'
	assert_failure 1
	assert_line --regexp '^1 +CN=V1CA +a version 1 certificate used as a CA$'
}
