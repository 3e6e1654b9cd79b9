#!/usr/bin/env bats
# FIPS, Enhanced Security and Common Criteria modes and the TLS minimum:
# what enabling regenerates and flags, the one policy refusing weak material
# in every command afterwards, and disabling without touching certificates.

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
}

# A SHA-1 signed root, made by the openssl command line.
sha1_root() {
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$PKI/sha1.key" -sha1 -days 365 \
		-subj '/O=Test PKI/CN=Sha1Root' -out "$AREA/sha1.pem" 2>/dev/null
}

# A node with weak material: a 1024-bit tomcat, a SHA-1 trust certificate,
# a legacy IPsec policy and a 1024-bit CAPF profile.
weak_node() {
	ucsh --yes -c 'set cert regen tomcat key rsa size 1024' >/dev/null
	sha1_root
	ucsh -c 'set cert import trust tomcat-trust sha1.pem' >/dev/null
	ucsh -c 'ipsec policy add legacy gw1 auth cert src 192.0.2.1 dst 192.0.2.2 encryption 3DES hash SHA1 p1-dh 2' \
		>/dev/null 2>&1
	ucsh -c 'capf profile add appuser CCMQRTSecureSysUser instance Weak1 key rsa size 1024' >/dev/null 2>&1
}

tomcat_bits() {
	openssl x509 -in "$STATE/deploy/tomcat.pem" -noout -text | sed -n 's/.*Public-Key: (\([0-9]*\) bit).*/\1/p'
}

@test "utils fips enable says what it will do, regenerates weak own certificates and flags the rest" {
	weak_node
	[ "$(tomcat_bits)" = 1024 ]
	run ucsh -c 'utils fips enable'
	assert_failure 2
	assert_output --partial 'FIPS mode is enabled: from then on RSA keys below 2048 bits, SHA-1 and MD5 signatures'
	assert_output --partial 'Regenerated (new key, self-signed): tomcat: tomcat: FIPS mode refuses RSA keys below 2048 bits (this one has 1024).'
	assert_output --partial 'Flagged, not changed: tomcat-trust/Sha1Root: FIPS mode refuses certificates signed with SHA-1'
	assert_output --partial 'Flagged, not changed: IPsec policy legacy/gw1, encryption: 3DES is not allowed in FIPS mode'
	assert_output --partial 'Flagged, not changed: CAPF profile Weak1: FIPS mode refuses RSA keys below 2048 bits'
	assert_output --partial 'ucsh enforces the policy itself, on a crypto module that is not FIPS-validated'
	[ "$(tomcat_bits)" = 1024 ]
	run ucsh --yes -c 'utils fips enable'
	assert_success
	assert_line --regexp '^own +tomcat +regenerated +tomcat: FIPS mode refuses RSA keys below 2048 bits'
	assert_line --regexp '^trust +tomcat-trust/Sha1Root +flagged '
	assert_line --regexp '^ipsec +legacy/gw1 +flagged '
	assert_line --regexp '^capf +Weak1 +flagged '
	assert_line 'The node must restart for the change to take effect: utils system restart.'
	# The deployed certificate is the new one, and it matches its key.
	[ "$(tomcat_bits)" = 2048 ]
	[ "$(openssl x509 -in "$STATE/deploy/tomcat.pem" -noout -pubkey | openssl sha256)" = \
		"$(openssl pkey -in "$STATE/deploy/tomcat.key" -pubout | openssl sha256)" ]
	# Flagged items stay as they were.
	[ "$(db "SELECT count(*) FROM cert WHERE unit = 'tomcat-trust' AND subject_cn = 'Sha1Root'")" = 1 ]
	[ "$(db "SELECT encryption FROM ipsec_policy WHERE name = 'gw1'")" = 3DES ]
	run ucsh -c 'utils fips status'
	assert_line --regexp '^FIPS mode +: enabled$'
	assert_line --regexp '^Crypto module +: OpenSSL default provider \(not FIPS-validated\)$'
	assert_line --regexp '^Policy enforcement +: by ucsh, on a crypto module that is not FIPS-validated$'
	assert_line --regexp '^Node restart pending +: FIPS mode enabled$'
	refute_line --regexp '^own '
	assert_line --regexp '^trust +tomcat-trust/Sha1Root +flagged '
	run ucsh -c 'show status'
	assert_line --regexp '^FIPS mode +: enabled$'
	assert_line --regexp '^Common Criteria mode +: disabled$'
	assert_line --regexp '^Node restart pending +: FIPS mode enabled$'
}

@test "in FIPS mode every weak request is refused with the policy named, and nothing changes" {
	sha1_root
	ucsh --yes -c 'utils fips enable' >/dev/null
	cp "$BATS_TEST_DIRNAME/data/ctl/ctl-sha1.tlv" "$BATS_TEST_DIRNAME/data/ctl/ctl-sha512.tlv" "$AREA/"
	before=$(db_dump)
	run ucsh --yes -c 'set cert regen tomcat key rsa size 1024'
	assert_failure 1
	assert_output --partial 'tomcat: FIPS mode refuses RSA keys below 2048 bits (this one has 1024)'
	run ucsh -c 'set csr gen ipsec key rsa size 1024'
	assert_failure 1
	assert_output --partial 'ipsec: FIPS mode refuses RSA keys below 2048 bits'
	run ucsh -c 'set cert import trust tomcat-trust sha1.pem'
	assert_failure 1
	assert_output --partial 'sha1.pem: certificate 1 (Sha1Root): FIPS mode refuses certificates signed with SHA-1 (sha1WithRSAEncryption); nothing was imported'
	run ucsh -c 'capf profile add appuser CCMQRTSecureSysUser instance Weak2 key rsa size 1024'
	assert_failure 1
	assert_output --partial "The CAPF profile's key: FIPS mode refuses RSA keys below 2048 bits"
	run ucsh -c 'set param service capf key-size 1024'
	assert_failure 1
	assert_output --partial 'Key Size 1024: FIPS mode refuses RSA keys below 2048 bits'
	run ucsh -c 'ipsec policy add g1 p1 auth cert src 192.0.2.1 dst 192.0.2.3 encryption 3DES'
	assert_failure 2
	assert_output --partial 'encryption: 3DES is not allowed in FIPS mode'
	run ucsh -c 'ipsec policy add g1 p1 auth psk psk-file k.txt src 192.0.2.1 dst 192.0.2.3'
	assert_failure 2
	assert_output --partial 'psk is not allowed in FIPS mode'
	run ucsh -c 'utils ctl verify ctl-sha1.tlv'
	assert_failure 1
	assert_line --regexp '^Reason +: its signature: FIPS mode refuses SHA-1; allowed: SHA-256, SHA-384, SHA-512$'
	[ "$(db_dump)" = "$before" ]
	# Strong material is still fine.
	run ucsh -c 'utils ctl verify ctl-sha512.tlv'
	assert_success
	run ucsh -c 'set csr gen ipsec key rsa size 3072'
	assert_success
}

@test "utils fips disable restores the permissive policy without touching certificates" {
	ucsh --yes -c 'utils fips enable' >/dev/null
	sha1_root
	certs=$(db "SELECT unit, sha256 FROM cert ORDER BY unit, name")
	run ucsh -c 'utils fips disable'
	assert_failure 2
	assert_output --partial 'FIPS mode is disabled: the permissive policy applies again; no certificate changes.'
	run ucsh --yes -c 'utils fips disable'
	assert_success
	assert_line 'FIPS mode disabled.'
	[ "$(db "SELECT unit, sha256 FROM cert ORDER BY unit, name")" = "$certs" ]
	run ucsh -c 'set cert import trust tomcat-trust sha1.pem'
	assert_success
	run ucsh --yes -c 'set cert regen tomcat key rsa size 1024'
	assert_success
	run ucsh -c 'utils fips status'
	assert_line --regexp '^Policy enforcement +: permissive \(FIPS mode is off\)$'
	assert_line --regexp '^Node restart pending +: FIPS mode disabled$'
}

@test "Enhanced Security and Common Criteria need FIPS mode: enabling either enables it, FIPS cannot go first" {
	run ucsh -c 'utils EnhancedSecurityMode enable'
	assert_failure 2
	assert_output --partial 'Enhanced Security Mode needs FIPS mode: FIPS mode is enabled too.'
	run ucsh --yes -c 'utils EnhancedSecurityMode enable'
	assert_success
	assert_line 'Enhanced Security Mode enabled.'
	assert_line 'FIPS mode enabled too.'
	run ucsh --yes -c 'utils fips disable'
	assert_failure 1
	assert_output --partial 'Enhanced Security Mode needs FIPS mode: disable it first (utils EnhancedSecurityMode disable)'
	run ucsh -c 'utils EnhancedSecurityMode status'
	assert_line --regexp '^Enhanced Security Mode +: enabled$'
	assert_line --regexp '^FIPS mode +: enabled$'
	ucsh --yes -c 'utils EnhancedSecurityMode disable' >/dev/null
	run ucsh --yes -c 'utils fips disable'
	assert_success
}

@test "Common Criteria: TLS 1.1 or higher, X.509 v3 only, multi-server SAN certificates become self-signed" {
	ucsh --yes -c 'set tls min-version 1.0' >/dev/null
	# A CA-signed tomcat certificate that also names other servers.
	make_ca "$PKI" RootCA
	ucsh -c 'set csr gen tomcat san node2.example.com,node3.example.com' |
		sed -n '/BEGIN CERTIFICATE REQUEST/,/END CERTIFICATE REQUEST/p' >"$PKI/tomcat.csr"
	sign_csr "$PKI" RootCA "$PKI/tomcat.csr" "$AREA/tomcat.pem"
	cp "$PKI/RootCA.pem" "$AREA/root.pem"
	ucsh -c 'set cert import trust tomcat-trust root.pem' -c 'set cert import own tomcat tomcat.pem' >/dev/null
	[ "$(db "SELECT self_signed FROM cert WHERE kind = 'own' AND unit = 'tomcat'")" = 0 ]
	run ucsh -c 'utils fips_common_criteria enable'
	assert_failure 2
	assert_output --partial 'The TLS minimum version is raised from 1.0 to 1.1.'
	assert_output --partial 'With FIPS and Common Criteria both on, multi-server SAN certificates are replaced by self-signed ones.'
	assert_output --partial 'Regenerated (new key, self-signed): tomcat: a multi-server SAN certificate'
	run ucsh --yes -c 'utils fips_common_criteria enable'
	assert_success
	assert_line 'TLS minimum version raised to 1.1.'
	[ "$(db "SELECT self_signed FROM cert WHERE kind = 'own' AND unit = 'tomcat'")" = 1 ]
	run ucsh -c 'show tls min-version'
	assert_line --regexp '^TLS minimum version +: 1\.1$'
	run ucsh --yes -c 'set tls min-version 1.0'
	assert_failure 1
	assert_output --partial 'Common Criteria mode needs TLS 1.1 or higher'
	# An X.509 v1 certificate (no extensions) is refused.
	openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/v1.key" -subj /CN=V1Cert -out "$PKI/v1.csr" 2>/dev/null
	openssl x509 -req -in "$PKI/v1.csr" -key "$PKI/v1.key" -days 30 -out "$AREA/v1.pem" 2>/dev/null
	openssl x509 -in "$AREA/v1.pem" -noout -text | grep -q 'Version: 1 (0x0)'
	run ucsh -c 'set cert import trust tomcat-trust v1.pem'
	assert_failure 1
	assert_output --partial 'Common Criteria mode refuses X.509 v1 certificates; only v3 is allowed'
}

@test "set tls min-version asks, says what changes, and marks the node for restart; utils system restart clears it" {
	run ucsh -c 'set tls min-version 1.3'
	assert_failure 2
	assert_output --partial "This node's TLS servers accept TLS 1.3 and higher (now 1.2): clients that cannot do it can no longer connect."
	run ucsh --yes -c 'set tls min-version 1.3'
	assert_success
	run ucsh --json -c 'show tls min-version'
	assert_output '{"tls_min_version":"1.3"}'
	run ucsh -c 'set tls min-version 1.4'
	assert_failure 2
	run ucsh -c 'show status'
	assert_line --regexp '^Node restart pending +: TLS minimum version set to 1\.3$'
	printf 'restart.system = /bin/true\n' >"$STATE/ucsh.conf"
	ucsh --yes -c 'utils system restart' >/dev/null
	run ucsh -c 'show status'
	assert_line --regexp '^Node restart pending +: no$'
}
