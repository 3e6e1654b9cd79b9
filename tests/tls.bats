#!/usr/bin/env bats
# TLS peer subjects and contexts: validation against the IANA registry and
# this node's OpenSSL, the rendered files, and the SIP proxy's TLS side in
# ucshd enforcing them against openssl s_client.

CTX=Default_Cisco_UPS_SIP_Proxy_Peer_Auth_TLS_Context

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	load helpers/ca
	load helpers/ucshd
	fresh_state
	AREA="$STATE/files"
	PKI="$BATS_TEST_TMPDIR/pki"
	mkdir -p "$AREA" "$PKI"
	RENDERED="$STATE/deploy/tls/$CTX"
}

teardown() {
	[ -z "${UCSHD_PID:-}" ] || ucshd_stop
}

# client NAME CA: a client certificate with CN=NAME issued by CA.
client() {
	openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/$1.key" -subj "/O=Peer/CN=$1" -out "$PKI/$1.csr" 2>/dev/null
	openssl x509 -req -in "$PKI/$1.csr" -CA "$PKI/$2.pem" -CAkey "$PKI/$2.key" -CAcreateserial -days 30 \
		-out "$PKI/$1.pem" 2>/dev/null
}

# connect NAME [s_client options]: what the endpoint says to client NAME.
connect() {
	local name=$1
	shift
	local certs=()
	[ "$name" = - ] || certs=(-cert "$PKI/$name.pem" -key "$PKI/$name.key")
	echo | timeout 10 openssl s_client -connect "127.0.0.1:$SIP_PORT" "${certs[@]}" \
		-CAfile "$STATE/deploy/cup.pem" -verify_return_error -quiet "$@" 2>&1 | tr -d '\r'
}

@test "the default context exists from the first start with modern ciphers, and renders" {
	run ucsh -c 'tls context list'
	assert_success
	assert_line --regexp "^$CTX +4 +0 +enabled$"
	run ucsh -c "tls context show $CTX"
	assert_line --regexp '^Rendered cipher list +: ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-GCM-SHA256$'
	assert_line --regexp '^Peer subjects +: none$'
	run ucsh -c 'tls context show Nope'
	assert_failure 1
	assert_output --partial 'There is no TLS context "Nope" (tls context list)'
	# What a TLS server loads: the cipher list, the CA bundle, the peers.
	run openssl ciphers -s "$(cat "$RENDERED/ciphers")"
	assert_success
	grep -qx 'min_version = 1.2' "$RENDERED/context.conf"
	cmp "$RENDERED/ca.pem" "$STATE/deploy/cup-trust.pem"
	[ ! -s "$RENDERED/peers.txt" ]
}

@test "peer subjects: add, list, duplicates, bad names, delete asks and leaves every context" {
	run ucsh -c 'tls peer-subject add ocs.example.com description "OCS front end"'
	assert_success
	assert_output 'TLS peer subject ocs.example.com added.'
	run ucsh -c 'tls peer-subject add ocs.example.com'
	assert_output 'ocs.example.com is a TLS peer subject already.'
	before=$(db_dump)
	run ucsh -c "tls peer-subject add '$(printf 'a%.0s' {1..65})'"
	assert_failure 2
	assert_output --partial 'a subject CN has 1-64 characters'
	run ucsh -c 'tls peer-subject add " lead.example.com"'
	assert_failure 2
	run ucsh -c "tls context peer add $CTX nobody.example.com"
	assert_failure 2
	assert_output --partial '"nobody.example.com" is not a TLS peer subject: add it first'
	[ "$(db_dump)" = "$before" ]
	ucsh -c "tls context peer add $CTX ocs.example.com" >/dev/null
	run ucsh -c 'tls peer-subject list'
	assert_line --regexp '^ocs\.example\.com +OCS front end +administrator +'
	grep -qx ocs.example.com "$RENDERED/peers.txt"
	run ucsh -c 'tls peer-subject delete ocs.example.com'
	assert_failure 2
	assert_output --partial 'taken out of every TLS context'
	run ucsh --yes -c 'tls peer-subject delete ocs.example.com'
	assert_success
	assert_output 'TLS peer subject ocs.example.com deleted and taken out of the contexts that listed it.'
	[ ! -s "$RENDERED/peers.txt" ]
	run ucsh --yes -c 'tls peer-subject delete ocs.example.com'
	assert_failure 1
	assert_output --partial 'There is no TLS peer subject "ocs.example.com"'
}

@test "ciphers by IANA name: 3DES kept with a warning and left out; unknown and TLS 1.3 names refused" {
	run ucsh -c "tls context cipher add $CTX TLS_RSA_WITH_3DES_EDE_CBC_SHA"
	assert_success
	assert_output --partial 'TLS_RSA_WITH_3DES_EDE_CBC_SHA added to'
	assert_output --partial "TLS_RSA_WITH_3DES_EDE_CBC_SHA is kept, but this node's OpenSSL cannot offer it: it is left out of the rendered cipher list"
	run ucsh -c "tls context cipher add $CTX tls_ecdhe_rsa_with_aes_128_cbc_sha"
	assert_success
	run ucsh -c "tls context show $CTX"
	assert_line --regexp '^Ciphers \(IANA\) +: .*TLS_RSA_WITH_3DES_EDE_CBC_SHA, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA$'
	assert_line --regexp '^Not offered by this OpenSSL +: TLS_RSA_WITH_3DES_EDE_CBC_SHA$'
	grep -q '^ciphers = .*:ECDHE-RSA-AES128-SHA$' "$RENDERED/context.conf"
	! grep -q DES-CBC3 "$RENDERED/ciphers"
	# Every name rendered is one OpenSSL offers for TLS 1.2.
	run openssl ciphers -s -tls1_2 "$(cat "$RENDERED/ciphers")"
	assert_success
	[ "$(echo "$output" | tr : '\n' | wc -l)" = 5 ]
	before=$(db_dump)
	run ucsh -c "tls context cipher add $CTX TLS_RSA_WITH_AES_128_CBC_SHA999"
	assert_failure 2
	assert_output --partial "a cipher suite's IANA name"
	run ucsh -c "tls context cipher add $CTX DES-CBC3-SHA"
	assert_failure 2
	run ucsh -c "tls context cipher add $CTX TLS_AES_128_GCM_SHA256"
	assert_failure 2
	assert_output --partial "TLS 1.3 always offers OpenSSL's default suites"
	[ "$(db_dump)" = "$before" ]
	run ucsh -c "tls context cipher remove $CTX TLS_RSA_WITH_3DES_EDE_CBC_SHA"
	assert_output --partial 'TLS_RSA_WITH_3DES_EDE_CBC_SHA removed from'
	run ucsh -c "tls context cipher remove $CTX TLS_RSA_WITH_3DES_EDE_CBC_SHA"
	assert_output --partial 'TLS_RSA_WITH_3DES_EDE_CBC_SHA is not in'
}

@test "FIPS mode refuses cipher suites other than AES" {
	ucsh --yes -c 'utils fips enable' >/dev/null
	run ucsh -c "tls context cipher add $CTX TLS_RSA_WITH_3DES_EDE_CBC_SHA"
	assert_failure 1
	assert_output --partial 'FIPS mode allows AES cipher suites only'
	run ucsh -c "tls context cipher add $CTX TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"
	assert_failure 1
	run ucsh -c "tls context cipher add $CTX TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"
	assert_success
}

@test "a cup-trust or cup-xmpp-trust import adds the subject as a peer and to the default context; others do not" {
	make_ca "$PKI" PeerCA
	cp "$PKI/PeerCA.pem" "$AREA/peerca.pem"
	run ucsh -c 'set cert import trust cup-trust peerca.pem'
	assert_success
	assert_line 'TLS peer subjects added: PeerCA.'
	assert_line "Added to TLS context $CTX: PeerCA."
	grep -qx PeerCA "$RENDERED/peers.txt"
	cmp "$RENDERED/ca.pem" "$STATE/deploy/cup-trust.pem"
	grep -q 'BEGIN CERTIFICATE' "$RENDERED/ca.pem"
	run ucsh -c 'tls peer-subject list'
	assert_line --regexp '^PeerCA +added by a trust certificate import +trust import +'
	make_ca "$PKI" XmppCA
	cp "$PKI/XmppCA.pem" "$AREA/xmppca.pem"
	run ucsh -c 'set cert import trust cup-xmpp-trust xmppca.pem'
	assert_line 'TLS peer subjects added: XmppCA.'
	make_ca "$PKI" WebCA
	cp "$PKI/WebCA.pem" "$AREA/webca.pem"
	run ucsh -c 'set cert import trust tomcat-trust webca.pem'
	refute_output --partial 'TLS peer'
	[ "$(db "SELECT count(*) FROM tls_peer_subject WHERE cn = 'WebCA'")" = 0 ]
}

@test "context changes mark Cisco SIP Proxy for restart when it runs; empty fragments and the TLS minimum render" {
	ucsh -c 'utils service activate sip-proxy' >/dev/null
	run ucsh -c "tls context empty-fragments $CTX disable"
	assert_success
	assert_line "Empty TLS fragments disabled for $CTX."
	assert_line 'Restart to use it: Cisco SIP Proxy (utils service restart sip-proxy).'
	grep -qx 'empty_fragments = disable' "$RENDERED/context.conf"
	run ucsh -c 'utils service list'
	assert_line --regexp '^Cisco SIP Proxy +sip-proxy +yes +yes '
	ucsh --yes -c 'set tls min-version 1.3' >/dev/null
	grep -qx 'min_version = 1.3' "$RENDERED/context.conf"
}

@test "the SIP proxy's TLS side accepts a selected peer from cup-trust and refuses everyone else" {
	make_ca "$PKI" PeerCA
	make_ca "$PKI" OtherCA
	client ocs.example.com PeerCA
	client lync.example.com PeerCA
	client intruder.example.com OtherCA
	cp "$PKI/PeerCA.pem" "$AREA/peerca.pem"
	# The intruder's CN is a selected peer, but its CA is not in cup-trust.
	ucsh -c 'utils service activate sip-proxy' -c 'set cert import trust cup-trust peerca.pem' \
		-c 'tls peer-subject add ocs.example.com' -c 'tls peer-subject add lync.example.com' \
		-c 'tls peer-subject add intruder.example.com' \
		-c "tls context peer add $CTX ocs.example.com" -c "tls context peer add $CTX intruder.example.com" >/dev/null
	ucshd_start
	run connect ocs.example.com
	assert_line --regexp '^ucsh sip-proxy: peer ocs\.example\.com accepted \(TLSv1\.3 '
	run connect ocs.example.com -tls1_2 -cipher AES128-GCM-SHA256
	assert_line 'ucsh sip-proxy: peer ocs.example.com accepted (TLSv1.2 AES128-GCM-SHA256)'
	# A cipher outside the context.
	run connect ocs.example.com -tls1_2 -cipher AES128-SHA
	refute_output --partial 'accepted'
	assert_output --partial 'handshake failure'
	# A CN that is a peer subject but not selected in the context.
	run connect lync.example.com
	refute_output --partial 'accepted'
	# No client certificate.
	run connect -
	refute_output --partial 'accepted'
	assert_output --partial 'certificate required'
	# A client whose CA is not in cup-trust.
	run connect intruder.example.com
	refute_output --partial 'accepted'
	# Taking a peer out of the context takes effect at the next connection.
	ucsh -c "tls context peer remove $CTX ocs.example.com" >/dev/null
	run connect ocs.example.com
	refute_output --partial 'accepted'
	ucsh -c "tls context peer add $CTX lync.example.com" >/dev/null
	run connect lync.example.com
	assert_output --partial 'peer lync.example.com accepted'
	# The service must be activated.
	ucsh -c 'utils service deactivate sip-proxy' >/dev/null
	run connect lync.example.com
	refute_output --partial 'accepted'
	run ucsh -c 'utils service list'
	assert_line --regexp "^Cisco SIP Proxy +sip-proxy +no +.*127\.0\.0\.1:$SIP_PORT\$"
}
