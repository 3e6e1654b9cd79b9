#!/usr/bin/env bats
# IPsec policies: every field checked, the key kept out of every output, and
# the rendered swanctl.conf loaded into real strongSwan daemons that bring up
# IKE SAs between two network namespaces (tests/helpers/ipsec.bash).

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	load helpers/ipsec
	fresh_state
	mkdir -p "$STATE/files"
	printf 'abc-123-xyz\n' >"$STATE/files/psk.txt"
}

teardown() {
	load helpers/ipsec
	ipsec_peers_down
}

conf() {
	cat "$STATE/deploy/swanctl/swanctl.conf"
}

@test "a policy with the defaults: certificate authentication, the modern algorithms, rendered only once enabled" {
	run ucsh -c 'ipsec policy add branch1 gw1 src 192.0.2.10 dst 192.0.2.20'
	assert_success
	assert_output 'IPsec policy gw1 in group branch1 added.'
	# Not enabled: swanctl.conf has no connection.
	[[ $(conf) != *branch1_gw1* ]] || [ ! -e "$STATE/deploy/swanctl/swanctl.conf" ]
	run ucsh -c 'ipsec policy show branch1 gw1'
	assert_line --regexp '^Enabled +: no$'
	assert_line --regexp '^Authentication method +: certificate$'
	assert_line --regexp '^Mode +: transport$'
	assert_line --regexp '^Remote port +: 500$'
	assert_line --regexp '^IKE proposal +: aes256gcm16-prfsha256-ecp256$'
	assert_line --regexp '^ESP proposal +: aes256gcm16-ecp256$'
	run ucsh -c 'ipsec policy enable branch1 gw1'
	assert_success
	assert_line 'IPsec policy gw1 in group branch1 enabled.'
	assert_line --partial 'IPsec needs a restart: utils ipsec restart'
	[[ $(conf) == *'branch1_gw1 {'*'local_addrs = 192.0.2.10'*'remote_addrs = 192.0.2.20'*'auth = pubkey'*'certs = ipsec.pem'*'mode = transport'* ]]
	run ucsh -c 'utils service list'
	assert_line --regexp '^IPsec +.*yes.*IPsec policies changed'
	# The node's ipsec certificate and key beside it, 0600.
	cmp "$STATE/deploy/swanctl/x509/ipsec.pem" "$STATE/deploy/ipsec.pem"
	cmp "$STATE/deploy/swanctl/private/ipsec.key" "$STATE/deploy/ipsec.key"
	[ "$(stat -c %a "$STATE/deploy/swanctl/private/ipsec.key")" = 600 ]
	[ "$(stat -c %a "$STATE/deploy/swanctl/swanctl.conf")" = 600 ]
	run ucsh -c 'ipsec policy disable branch1 gw1'
	assert_line 'IPsec policy gw1 in group branch1 disabled.'
	[[ $(conf) != *branch1_gw1* ]]
}

@test "every field: a good value is kept, a bad one is named with what is allowed and changes nothing" {
	ucsh -c 'ipsec policy add g1 p1 src 192.0.2.10 dst 192.0.2.20' >/dev/null
	before=$(db_dump)
	bad() { # bad 'options' 'expected message part'
		run ucsh -c "ipsec policy update g1 p1 $1"
		assert_failure
		assert_output --partial "$2"
		[ "$(db_dump)" = "$before" ]
	}
	bad 'src 300.1.1.1' 'an IPv4 or IPv6 address or a host name'
	bad 'dst bad_host!' 'an IPv4 or IPv6 address or a host name'
	bad 'dst 192.0.2.10' 'src and dst are both 192.0.2.10'
	bad 'dst 2001:db8::1' 'one is IPv4, the other IPv6'
	bad 'src-port 70000' 'from 0 to 65535'
	bad 'dst-port 5060' 'Ports need a protocol'
	bad 'remote-port 0' 'from 1 to 65535'
	bad 'protocol sctp' '(expected any, tcp, udp)'
	bad 'mode tunnel' '(expected transport)'
	bad 'encryption AES-192-CBC' 'AES-256-GCM, AES-128-GCM, AES-256-CBC, AES-128-CBC, 3DES, DES'
	bad 'hash SHA-224' 'SHA-256, SHA-384, SHA-512, SHA1, MD5'
	bad 'esp CAST' 'AES-256-GCM, AES-128-GCM, AES-256-CBC, AES-128-CBC, RIJNDAEL, 3DES, DES, BLOWFISH, NULL_ENC'
	bad 'p1-dh 15' '19, 20, 21, 14, 5, 2, 1'
	bad 'p2-dh 0' '19, 20, 21, 14, 5, 2, 1'
	bad 'p1-lifetime 100' 'from 300 to 86400'
	bad 'p2-lifetime 90000' 'from 300 to 86400'
	bad 'auth psk' 'The pre-shared key is needed: add psk-file FILE'
	bad 'peer-type different' 'Peer type different needs the peer'"'"'s certificate'
	bad 'cert nosuch' 'peer-type different'
	bad 'peer-type different cert nosuch' 'nosuch is not in ipsec-trust'
	run ucsh -c 'ipsec policy add bad_group p1 src 192.0.2.10 dst 192.0.2.20'
	assert_failure
	assert_output --partial 'letters, digits and hyphens'
	run ucsh -c 'ipsec policy add g1 p1 src 192.0.2.10 dst 192.0.2.20'
	assert_failure
	assert_output --partial 'Policy g1 p1 exists'
	run ucsh -c 'ipsec policy add g1 p2 dst 192.0.2.20'
	assert_failure 2
	[ "$(db_dump)" = "$before" ]
	# Good values, each kept as the documentation names it.
	run ucsh -c 'ipsec policy update g1 p1 src 2001:db8::10 dst peer.example.com protocol udp src-port 5060 dst-port 5061 remote-port 4500 encryption aes-128-cbc hash sha-384 esp AES-128-GCM p1-dh 14 p2-dh 21 p1-lifetime 28800 p2-lifetime 1200'
	assert_success
	run ucsh --json -c 'ipsec policy show g1 p1'
	[ "$(jq -r '[.src, .dst, .protocol, .src_port, .dst_port, .remote_port, .encryption, .hash, .esp, .p1_dh, .p2_dh, .p1_lifetime, .p2_lifetime] | map(tostring) | join(" ")' <<<"$output")" = \
		'2001:db8::10 peer.example.com udp 5060 5061 4500 AES-128-CBC SHA-384 AES-128-GCM 14 21 28800 1200' ]
	[ "$(jq -r .ike_proposal <<<"$output")" = aes128-sha384-modp2048 ]
	[ "$(jq -r .esp_proposal <<<"$output")" = aes128gcm16-ecp521 ]
}

@test "the documentation's old algorithms are taken with a warning that they are weak; FIPS mode refuses them and PSK" {
	run ucsh -c 'ipsec policy add g1 old src 192.0.2.10 dst 192.0.2.20 encryption 3DES hash MD5 esp BLOWFISH p1-dh 2 p2-dh 1'
	assert_success
	assert_line --partial 'encryption 3DES is weak: prefer AES-256-GCM, AES-128-GCM, AES-256-CBC, AES-128-CBC'
	assert_line --partial 'hash MD5 is weak'
	assert_line --partial 'ESP algorithm BLOWFISH is weak'
	assert_line --partial 'phase 1 DH group 2 is weak: prefer 19, 20, 21, 14'
	assert_line --partial 'phase 2 DH group 1 is weak'
	for esp in NULL_ENC DES 3DES RIJNDAEL; do
		run ucsh -c "ipsec policy update g1 old esp $esp"
		assert_success
		assert_line --partial "ESP algorithm $esp is weak"
	done
	run ucsh -c 'ipsec policy show g1 old'
	assert_line --regexp '^IKE proposal +: 3des-md5-modp1024$'
	assert_line --regexp '^ESP proposal +: aes128-md5-modp768$'
	# FIPS mode (the switch comes with utils fips; the policy check is here now).
	db "INSERT INTO param (scope, name, value) VALUES ('security', 'fips-mode', '1')"
	before=$(db_dump)
	for opts in 'encryption DES' 'encryption 3DES' 'hash MD5' 'esp BLOWFISH' 'esp NULL_ENC' 'p1-dh 5' 'p2-dh 2' 'auth psk psk-file psk.txt'; do
		run ucsh -c "ipsec policy add g1 fips src 192.0.2.10 dst 192.0.2.20 $opts"
		assert_failure
		assert_output --partial 'is not allowed in FIPS mode'
	done
	run ucsh -c 'ipsec policy add g1 fips src 192.0.2.10 dst 192.0.2.20 encryption AES-128-CBC hash SHA-256 p1-dh 14'
	assert_success
	[ "$(db "SELECT count(*) FROM ipsec_policy")" -eq 2 ]
}

@test "the pre-shared key: from psk-file or asked, never on the command line, never shown, audited, in history or JSON" {
	run ucsh -c 'ipsec policy add g1 p1 src 192.0.2.10 dst 192.0.2.20 auth psk psk-file psk.txt enable'
	assert_success
	assert_line --partial 'psk.txt holds a secret'
	# A key typed on the command line is refused, and masked where the line is kept.
	run ucsh -c 'ipsec policy add g1 p2 src 192.0.2.10 dst 192.0.2.30 auth psk psk abc-123-xyz'
	assert_failure 2
	assert_output --partial 'A pre-shared key is never given on the command line'
	run ucsh -c 'show audit last 1'
	assert_output --partial 'auth psk psk ****'
	[ "$(db "SELECT count(*) FROM ipsec_policy WHERE name = 'p2'")" -eq 0 ]
	printf 'short\n' >"$STATE/files/short.txt"
	printf 'bad key!\n' >"$STATE/files/badchars.txt"
	for f in short badchars; do
		run ucsh -c "ipsec policy add g1 p3 src 192.0.2.10 dst 192.0.2.40 auth psk psk-file $f.txt"
		assert_failure
		assert_output --partial 'The pre-shared key must be 8-127 letters, digits and hyphens'
	done
	run ucsh -c 'ipsec policy show g1 p1' -c 'ipsec policy list' -c 'show ipsec information g1 p1'
	refute_output --partial 'abc-123-xyz'
	assert_line --regexp '^Pre-shared key +: \(set; never shown\)$'
	run ucsh --json -c 'ipsec policy show g1 p1' -c 'ipsec policy list' -c 'utils ipsec status'
	refute_output --partial 'abc-123-xyz'
	run ucsh -c 'show audit last 50'
	refute_output --partial 'abc-123-xyz'
	! grep -rq 'abc-123-xyz' "$STATE/audit.pending" "$STATE"/history* 2>/dev/null
	# It is in swanctl.conf (0600), where strongSwan needs it, and nowhere else in the deploy files.
	grep -q 'secret = "abc-123-xyz"' "$STATE/deploy/swanctl/swanctl.conf"
	[ "$(grep -rl 'abc-123-xyz' "$STATE/deploy")" = "$STATE/deploy/swanctl/swanctl.conf" ]
	# A certificate policy keeps no key.
	ucsh -c 'ipsec policy update g1 p1 auth cert' >/dev/null
	[ "$(db "SELECT psk IS NULL FROM ipsec_policy WHERE name = 'p1'")" = 1 ]
	! grep -q 'abc-123-xyz' "$STATE/deploy/swanctl/swanctl.conf"
}

@test "the pre-shared key asked with echo off in an interactive session" {
	load helpers/tmux
	command -v tmux >/dev/null || skip "needs tmux"
	term_start "$UCSH" --state-dir "$STATE"
	term_wait '^[a-z0-9_-]+:'
	term_keys 'ipsec policy add g1 p1 src 192.0.2.10 dst 192.0.2.20 auth psk enable' Enter
	term_wait 'Pre-shared key:'
	term_keys 'typed-key-0042' Enter
	term_wait 'added'
	run term_screen
	refute_output --partial 'typed-key-0042'
	# A key typed on the command line is refused, and the history keeps it masked.
	term_keys 'ipsec policy add g1 p2 src 192.0.2.10 dst 192.0.2.30 auth psk psk on-the-line-77' Enter
	term_wait 'never given on the command line'
	term_keys 'quit' Enter
	term_gone
	# (libedit writes spaces as \040)
	grep -q 'auth\\040psk\\040psk\\040\*\*\*\*$' "$STATE/history/$(id -un)"
	! grep -q 'on-the-line-77' "$STATE/history/$(id -un)"
	grep -q 'secret = "typed-key-0042"' "$STATE/deploy/swanctl/swanctl.conf"
	! grep -rq 'typed-key-0042' "$STATE"/history* "$STATE/audit.pending" 2>/dev/null
	! db "SELECT line FROM audit" | grep -q 'typed-key-0042'
}

@test "enable, disable and delete by group; the appliance's spellings; list and show" {
	for n in p1 p2 p3; do
		ucsh -c "ipsec policy add g1 $n src 192.0.2.10 dst 192.0.2.$((20 + ${n#p})) protocol tcp dst-port 506${n#p}" >/dev/null
	done
	ucsh -c 'ipsec policy add g2 q1 src 192.0.2.10 dst 192.0.2.99' >/dev/null
	run ucsh -c 'set ipsec policy_group g1'
	assert_line '3 policies of group g1 enabled.'
	[ "$(grep -c '^	g1_p[123] {' "$STATE/deploy/swanctl/swanctl.conf")" -eq 3 ]
	run ucsh -c 'unset ipsec policy_name g1 p2'
	assert_line 'IPsec policy p2 in group g1 disabled.'
	! grep -q 'g1_p2 {' "$STATE/deploy/swanctl/swanctl.conf"
	run ucsh -c 'set ipsec policy_name g2 q1'
	assert_success
	run ucsh -c 'show ipsec policy_group'
	assert_line --regexp '^g1$'
	assert_line --regexp '^g2$'
	run ucsh -c 'show ipsec policy_name g1'
	assert_line --regexp '^g1 +p1 +yes +cert +192\.0\.2\.10 +any +192\.0\.2\.21 +5061 +tcp$'
	assert_line --regexp '^g1 +p2 +no '
	refute_line --partial 'q1'
	run ucsh -c 'unset ipsec policy_group g1'
	assert_line '2 policies of group g1 disabled.'
	run ucsh -c 'ipsec policy enable nosuch'
	assert_failure
	assert_output --partial 'There is no policy group nosuch'
	run ucsh -c 'ipsec policy delete g1 all'
	assert_failure 2
	assert_output --partial 'are deleted'
	run ucsh --yes -c 'ipsec policy delete g1 all'
	assert_line '3 IPsec policies deleted.'
	run ucsh --yes -c 'ipsec policy delete g2 q1'
	assert_line '1 IPsec policy deleted.'
	! grep -q 'q1 {' "$STATE/deploy/swanctl/swanctl.conf"
	run ucsh -c 'ipsec policy list'
	assert_output 'No IPsec policies.'
}

@test "ipsec-trust and the ipsec certificate follow into swanctl's directories; a peer certificate is pinned" {
	load helpers/ca
	make_ca "$BATS_TEST_TMPDIR" PeerCA
	cp "$BATS_TEST_TMPDIR/PeerCA.pem" "$STATE/files/"
	ucsh --yes -c 'set cert import trust ipsec-trust PeerCA.pem' >/dev/null
	[ -f "$STATE/deploy/swanctl/x509ca/PeerCA.pem" ]
	ucsh -c 'ipsec policy add g1 p1 src 192.0.2.10 dst 192.0.2.20 peer-type different cert PeerCA enable' >/dev/null
	grep -q "certs = \"$STATE/deploy/swanctl/x509ca/PeerCA.pem\"" "$STATE/deploy/swanctl/swanctl.conf"
	ucsh --yes -c 'set cert regen ipsec' >/dev/null
	cmp "$STATE/deploy/swanctl/x509/ipsec.pem" "$STATE/deploy/ipsec.pem"
	ucsh -c 'ipsec policy update g1 p1 peer-type same' >/dev/null
	ucsh --yes -c 'set cert delete ipsec-trust PeerCA' >/dev/null
	[ ! -e "$STATE/deploy/swanctl/x509ca/PeerCA.pem" ]
}

@test "utils ipsec restart runs the hook; utils ipsec status shows the hook's report or the connections" {
	ucsh -c 'ipsec policy add g1 p1 src 192.0.2.10 dst 192.0.2.20 enable' >/dev/null
	run ucsh -c 'utils ipsec status'
	assert_success
	assert_line --partial 'No status hook'
	assert_line --regexp '^g1_p1 +192\.0\.2\.10 +192\.0\.2\.20 +cert +aes256gcm16-prfsha256-ecp256 +aes256gcm16-ecp256$'
	run ucsh --yes -c 'utils ipsec restart'
	assert_failure
	assert_output --partial 'set restart.ipsec'
	printf '%s\n' "restart.ipsec = /bin/sh -c 'grep -c \"mode = transport\" \"\$UCSH_STATE_DIR/deploy/swanctl/swanctl.conf\"'" \
		"status.ipsec = /bin/echo g1_p1: ESTABLISHED" >"$STATE/ucsh.conf"
	run ucsh -c 'utils ipsec restart'
	assert_failure 2 # a confirmation
	run ucsh --yes -c 'utils ipsec restart'
	assert_success
	assert_line '1'
	assert_line 'IPsec restarted.'
	run ucsh -c 'utils service list'
	refute_line --regexp '^IPsec .*IPsec policies changed'
	run ucsh -c 'utils ipsec status'
	assert_output 'g1_p1: ESTABLISHED'
}

# ---- real strongSwan between two namespaces ----

both() { # both 'options' : a policy on each node for the other
	node A -c "ipsec policy add g1 p1 src $ADDR_A dst $ADDR_B $1 enable" >/dev/null
	node B -c "ipsec policy add g1 p1 src $ADDR_B dst $ADDR_A $1 enable" >/dev/null
	node A --yes -c 'utils ipsec restart' >/dev/null
	node B --yes -c 'utils ipsec restart' >/dev/null
}

@test "charon loads what ucsh renders: each enabled policy with its mode, addresses, proposals and selectors" {
	ipsec_require
	ipsec_peers_up
	node A -c "ipsec policy add g1 web src $ADDR_A dst $ADDR_B protocol tcp dst-port 443 encryption AES-128-CBC hash SHA-512 esp AES-256-CBC p1-dh 20 p2-dh 14 enable" \
		-c "ipsec policy add g1 sip src $ADDR_A dst $ADDR_B protocol udp src-port 5060 remote-port 4500 enable" \
		-c "ipsec policy add g1 off src $ADDR_A dst $ADDR_B" >/dev/null
	run node A --yes -c 'utils ipsec restart'
	assert_success
	assert_output --partial 'successfully loaded 2 connections'
	run swan A --list-conns --raw
	assert_success
	assert_output --partial "g1_web {local_addrs=[$ADDR_A] remote_addrs=[$ADDR_B] version=IKEv2"
	assert_output --partial "g1_sip {local_addrs=[$ADDR_A] remote_addrs=[$ADDR_B] version=IKEv2"
	assert_output --partial "children {g1_web {mode=TRANSPORT rekey_time=3600"
	assert_output --partial "local-ts=[$ADDR_A/32[tcp]] remote-ts=[$ADDR_B/32[tcp/https]]"
	assert_output --partial "local-ts=[$ADDR_A/32[udp/sip]] remote-ts=[$ADDR_B/32[udp]]"
	refute_output --partial 'g1_off'
	grep -q 'proposals = IKE:AES_CBC_128/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/ECP_384' "$IPX/A/charon.log"
	grep -q 'proposals = ESP:AES_CBC_256/HMAC_SHA2_512_256/MODP_2048/NO_EXT_SEQ' "$IPX/A/charon.log"
	grep -q 'remote_port = 4500' "$IPX/A/charon.log"
	# Disabled and reloaded: the connection is gone.
	node A -c 'ipsec policy disable g1 web' >/dev/null
	node A --yes -c 'utils ipsec restart' >/dev/null
	run swan A --list-conns --raw
	refute_output --partial 'g1_web'
	assert_output --partial 'g1_sip'
}

# The IKE SA comes up; the CHILD SA is negotiated with the chosen algorithms.
# Installing it needs ESP in the kernel: where there is none, that step (and
# the traffic) is skipped with the reason, after everything before it ran.
established() {
	run swan A --initiate --ike g1_p1 --child g1_p1 --timeout 20
	assert_output --regexp 'IKE_SA g1_p1\[[0-9]+\] established between'
	grep -q "selected proposal: ESP:$1" "$IPX/B/charon.log"
	if ! kernel_has_esp; then
		grep -q 'unable to install inbound and outbound IPsec SA (SAD) in kernel' "$IPX/B/charon.log"
		skip "this kernel has no ESP in xfrm (ip xfrm state add ... proto esp fails): the CHILD SA was negotiated ($1) but cannot be installed, so no traffic flows"
	fi
	assert_output --regexp 'CHILD_SA g1_p1\{[0-9]+\} established'
	ip -n "$NS_A" xfrm state | grep -q "proto esp"
	# Traffic on the policy's port goes through the SAs.
	ip netns exec "$NS_B" timeout 10 python3 -c 'import socket
s = socket.socket(); s.bind(("0.0.0.0", 5000)); s.listen(1); c, _ = s.accept(); print(c.recv(100).decode())' \
		>"$BATS_TEST_TMPDIR/got" &
	sleep 0.5
	ip netns exec "$NS_A" bash -c "echo through-esp >/dev/tcp/$ADDR_B/5000"
	wait $!
	grep -q through-esp "$BATS_TEST_TMPDIR/got"
	ip -n "$NS_A" -s xfrm state | grep -Eq '[1-9][0-9]*\(bytes\)'
}

@test "two nodes with a pre-shared key bring up IKE and negotiate the CHILD SA; a wrong key fails" {
	ipsec_require
	ipsec_peers_up
	cp "$STATE/files/psk.txt" "$STATE_A/files/"
	printf 'wrong-key-123\n' >"$STATE_B/files/psk.txt"
	both 'auth psk psk-file psk.txt protocol tcp dst-port 5000'
	run swan A --initiate --ike g1_p1 --child g1_p1 --timeout 20
	refute_output --partial 'established between'
	grep -q 'MAC mismatched\|AUTHENTICATION_FAILED\|authentication of .* failed' "$IPX/A/charon.log" "$IPX/B/charon.log"
	cp "$STATE_A/files/psk.txt" "$STATE_B/files/psk.txt"
	node B -c 'ipsec policy update g1 p1 auth psk psk-file psk.txt' >/dev/null
	node B --yes -c 'utils ipsec restart' >/dev/null
	run node A -c 'utils ipsec status'
	established AES_GCM_16_256/NO_EXT_SEQ
}

@test "two nodes with certificates: each trusts the other's ipsec certificate through ipsec-trust; an untrusted one fails" {
	ipsec_require
	ipsec_peers_up
	cp "$STATE_A/deploy/ipsec.pem" "$STATE_B/files/peer.pem"
	both 'encryption AES-128-GCM esp AES-128-CBC hash SHA-256 p1-dh 21 p2-dh 19 protocol tcp dst-port 5000'
	# B does not trust A yet.
	run swan A --initiate --ike g1_p1 --child g1_p1 --timeout 20
	refute_output --partial 'established between'
	grep -q 'no trusted RSA public key found\|constraint check failed\|AUTHENTICATION_FAILED' "$IPX/B/charon.log" "$IPX/A/charon.log"
	cp "$STATE_B/deploy/ipsec.pem" "$STATE_A/files/peer.pem"
	node A --yes -c 'set cert import trust ipsec-trust peer.pem' >/dev/null
	node B --yes -c 'set cert import trust ipsec-trust peer.pem' >/dev/null
	node A --yes -c 'utils ipsec restart' >/dev/null
	node B --yes -c 'utils ipsec restart' >/dev/null
	established AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ
}

@test "show config carries the policies without their keys; replayed with the key files it gives the same policies" {
	ucsh -c 'ipsec policy add g1 p1 src 192.0.2.10 dst 192.0.2.20 auth psk psk-file psk.txt protocol udp dst-port 5060 esp 3DES p2-dh 14 enable' \
		-c 'ipsec policy add g2 p1 src 2001:db8::1 dst peer.example.com p1-lifetime 7200' >/dev/null
	run ucsh -c 'show config'
	assert_success
	refute_output --partial 'abc-123-xyz'
	assert_line --partial 'ipsec policy add g1 p1 src 192.0.2.10 dst 192.0.2.20 auth psk peer-type same'
	assert_line --partial 'psk-file g1_p1.psk enable'
	echo "$output" >"$BATS_TEST_TMPDIR/config"
	other="$BATS_TEST_TMPDIR/other"
	cp -a "$TEMPLATE" "$other"
	mkdir -p "$other/files"
	cp "$STATE/files/psk.txt" "$other/files/g1_p1.psk"
	"$UCSH" --state-dir "$other" -f "$BATS_TEST_TMPDIR/config" >/dev/null 2>&1
	for p in 'g1 p1' 'g2 p1'; do
		[ "$(ucsh -c "ipsec policy show $p" | grep -v '^Updated')" = "$("$UCSH" --state-dir "$other" -c "ipsec policy show $p" | grep -v '^Updated')" ]
	done
	grep -q 'secret = "abc-123-xyz"' "$other/deploy/swanctl/swanctl.conf"
}
