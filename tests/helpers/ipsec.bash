# Two IPsec peers for tests/ipsec.bats (TESTING.md "strongSwan"): network
# namespaces joined by a veth pair (10.77.N.1 and 10.77.N.2), a charon in
# each (its own mount namespace with a tmpfs on /run: two charons otherwise
# share /run/charon.pid and the second exits silently), each with its own
# strongswan.conf and vici socket, and two ucsh nodes whose restart.ipsec
# hook loads their rendered swanctl.conf into their charon.

ipsec_require() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
	[ -x /usr/lib/ipsec/charon ] || skip "needs strongswan-charon (apt-get install strongswan-charon strongswan-swanctl libstrongswan-standard-plugins)"
	command -v swanctl >/dev/null || skip "needs strongswan-swanctl"
	command -v ip >/dev/null || skip "needs iproute2"
}

# The swanctl command line of node N (A or B): its own settings and socket.
swan() { # swan N ARGS...
	local n=$1
	shift
	STRONGSWAN_CONF="$IPX/swanctl.settings" swanctl "$@" --uri "unix://$IPX/$n/charon.vici"
}

charon_log() { # charon_log N
	cat "$IPX/$1/charon.log"
}

# ipsec_peers_up: namespaces, charons, and the ucsh nodes A and B (state
# directories STATE_A, STATE_B copied from the template; B's ipsec
# certificate made anew so the two differ).
ipsec_peers_up() {
	IPX="$BATS_TEST_TMPDIR/ipx"
	NS_A="ucshA$$" NS_B="ucshB$$"
	local net=$((($$ % 200) + 20))
	ADDR_A="10.77.$net.1" ADDR_B="10.77.$net.2"
	mkdir -p "$IPX/A" "$IPX/B"
	printf 'swanctl {\n  load = pem pkcs1 pkcs8 x509 revocation constraints pubkey openssl random\n}\n' >"$IPX/swanctl.settings"
	ip netns add "$NS_A"
	ip netns add "$NS_B"
	ip link add "va$$" type veth peer name "vb$$"
	ip link set "va$$" netns "$NS_A"
	ip link set "vb$$" netns "$NS_B"
	ip -n "$NS_A" addr add "$ADDR_A/24" dev "va$$"
	ip -n "$NS_B" addr add "$ADDR_B/24" dev "vb$$"
	for ns in "$NS_A" "$NS_B"; do
		ip -n "$ns" link set lo up
	done
	ip -n "$NS_A" link set "va$$" up
	ip -n "$NS_B" link set "vb$$" up
	for n in A B; do
		cat >"$IPX/$n/strongswan.conf" <<EOF
charon {
	load = random nonce aes sha1 sha2 md5 hmac gcm openssl pem pkcs1 pkcs8 x509 pubkey constraints revocation kdf kernel-netlink socket-default vici
	plugins {
		vici {
			socket = unix://$IPX/$n/charon.vici
		}
	}
	filelog {
		main {
			path = $IPX/$n/charon.log
			flush_line = yes
			default = 1
			ike = 2
			cfg = 2
			knl = 2
		}
	}
}
EOF
		local ns
		ns=$([ $n = A ] && echo "$NS_A" || echo "$NS_B")
		ip netns exec "$ns" unshare -m sh -c "mount -t tmpfs none /run && mkdir -p /run/strongswan && \
			STRONGSWAN_CONF='$IPX/$n/strongswan.conf' exec /usr/lib/ipsec/charon" >"$IPX/$n/out" 2>&1 &
		echo $! >"$IPX/$n/pid"
	done
	for n in A B; do
		for _ in $(seq 50); do
			[ -S "$IPX/$n/charon.vici" ] && break
			sleep 0.1
		done
		[ -S "$IPX/$n/charon.vici" ] || { cat "$IPX/$n/out" >&2; return 1; }
	done
	STATE_A="$BATS_TEST_TMPDIR/nodeA" STATE_B="$BATS_TEST_TMPDIR/nodeB"
	cp -a "$TEMPLATE" "$STATE_A"
	cp -a "$TEMPLATE" "$STATE_B"
	for n in A B; do
		local state
		state=$([ $n = A ] && echo "$STATE_A" || echo "$STATE_B")
		printf 'restart.ipsec = /usr/bin/env STRONGSWAN_CONF=%s swanctl --load-all --file %s --uri unix://%s\n' \
			"$IPX/swanctl.settings" "$state/deploy/swanctl/swanctl.conf" "$IPX/$n/charon.vici" >"$state/ucsh.conf"
		printf 'status.ipsec = /usr/bin/env STRONGSWAN_CONF=%s swanctl --list-sas --uri unix://%s\n' \
			"$IPX/swanctl.settings" "$IPX/$n/charon.vici" >>"$state/ucsh.conf"
	done
	node B --yes -c 'set cert regen ipsec' >/dev/null
}

node() { # node A|B ucsh-args...
	local n=$1
	shift
	"$UCSH" --state-dir "$([ "$n" = A ] && echo "$STATE_A" || echo "$STATE_B")" "$@"
}

ipsec_peers_down() {
	[ -n "${IPX:-}" ] || return 0
	for n in A B; do
		[ -f "$IPX/$n/pid" ] && pkill -P "$(cat "$IPX/$n/pid")" 2>/dev/null
		[ -f "$IPX/$n/pid" ] && kill "$(cat "$IPX/$n/pid")" 2>/dev/null
	done
	ip netns del "$NS_A" 2>/dev/null || true
	ip netns del "$NS_B" 2>/dev/null || true
	return 0
}

# Whether this kernel can hold ESP SAs (these machines' cannot: TESTING.md).
kernel_has_esp() {
	local ns="ucshP$$"
	ip netns add "$ns" || return 1
	ip -n "$ns" xfrm state add src 10.1.1.1 dst 10.1.1.2 proto esp spi 0x100 \
		enc 'cbc(aes)' 0x00112233445566778899aabbccddeeff \
		auth 'hmac(sha256)' 0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff 2>/dev/null
	local rc=$?
	ip netns del "$ns"
	return $rc
}
