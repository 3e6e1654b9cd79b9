#!/usr/bin/env bats
# The effect set: files outside the store follow committed changes, and a
# process killed between its commit and the file writes is healed by the
# next start.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
}

behind() {
	db "SELECT group_concat(target, ' ') FROM effect WHERE done < want"
}

# Starts a regen of unit that pauses after its commit, waits until the
# commit is visible, and kills it with SIGKILL.
regen_killed_after_commit() {
	local unit=$1 before pid i
	before=$(db "SELECT sha256 FROM cert WHERE kind = 'own' AND unit = '$unit'")
	UCSH_TEST_EFFECT_DELAY_MS=30000 "$UCSH" --state-dir "$STATE" --yes -c "set cert regen $unit" \
		>/dev/null 2>&1 &
	pid=$!
	for i in $(seq 1 300); do
		[ "$(db "SELECT sha256 FROM cert WHERE kind = 'own' AND unit = '$unit'")" != "$before" ] && break
		sleep 0.1
	done
	kill -KILL "$pid"
	wait "$pid" || true
	[ "$(db "SELECT sha256 FROM cert WHERE kind = 'own' AND unit = '$unit'")" != "$before" ]
}

# The deployed certificate of unit is the one the store holds.
deployed_matches_store() {
	local fp
	fp=$(openssl x509 -in "$STATE/deploy/$1.pem" -noout -fingerprint -sha256 | cut -d= -f2)
	[ "$fp" = "$(db "SELECT sha256 FROM cert WHERE kind = 'own' AND unit = '$1'")" ]
}

@test "a fresh node has every deploy and TFTP file current" {
	[ -z "$(behind)" ]
	run ucsh -c 'show status'
	assert_success
	assert_line --regexp '^Deploy and TFTP files +: current$'
}

@test "a regen killed between commit and the file writes is healed by the next command" {
	require_test_identity
	old_serial=$(openssl x509 -in "$STATE/deploy/CallManager.pem" -noout -serial | cut -d= -f2)
	regen_killed_after_commit CallManager
	! deployed_matches_store CallManager
	# The store has the new certificate; the files still have the old one.
	[ "$(behind)" = "itl unit:CallManager" ]
	[ "$(openssl x509 -in "$STATE/deploy/CallManager.pem" -noout -serial | cut -d= -f2)" = "$old_serial" ]
	# A leftover temporary file of a killed writer (it may hold a key).
	printf 'secret' >"$STATE/deploy/.CallManager.key.Ab12Cd"

	run ucsh -c 'show version'
	assert_success

	[ -z "$(behind)" ]
	[ ! -e "$STATE/deploy/.CallManager.key.Ab12Cd" ]
	deployed_matches_store CallManager
	# The deployed key belongs to the deployed certificate.
	[ "$(openssl x509 -in "$STATE/deploy/CallManager.pem" -noout -pubkey)" = \
		"$(openssl pkey -in "$STATE/deploy/CallManager.key" -pubout)" ]
	# The ITL lists the new certificate.
	new_serial=$(openssl x509 -in "$STATE/deploy/CallManager.pem" -noout -serial | cut -d= -f2)
	[ "$new_serial" != "$old_serial" ]
	run ucsh -c 'show itl'
	assert_success
	assert_line --regexp "^2 +TFTP .* $new_serial +no$"
	refute_output --partial "$old_serial"
	# The change was audited with its commit.
	[ "$(db "SELECT count(*) FROM audit WHERE line = 'set cert regen CallManager' AND status = 0")" = 1 ]
}

@test "files that cannot be healed are reported as behind the store" {
	require_test_identity
	regen_killed_after_commit tomcat
	rm -rf "$STATE/deploy"
	printf 'not a directory' >"$STATE/deploy"

	run --separate-stderr ucsh -c 'show status'
	assert_success
	[[ $stderr == *'Warning: the deploy and TFTP files are behind the store'* ]]
	assert_line --regexp '^Deploy and TFTP files +: behind the store'

	rm "$STATE/deploy"
	run ucsh -c 'show status'
	assert_success
	assert_line --regexp '^Deploy and TFTP files +: current$'
	deployed_matches_store tomcat
}

@test "one trust import deploys its bundle once and marks it done" {
	mkdir -p "$STATE/files"
	openssl req -x509 -newkey rsa:2048 -nodes -keyout /dev/null -subj /CN=EffectRoot -days 30 \
		-out "$STATE/files/root.pem" 2>/dev/null
	gen=$(db "SELECT want FROM effect WHERE target = 'trust:tomcat-trust'")
	run ucsh -c 'set cert import trust tomcat-trust root.pem'
	assert_success
	[ "$(db "SELECT want FROM effect WHERE target = 'trust:tomcat-trust'")" = $((gen + 1)) ]
	[ -z "$(behind)" ]
	grep -q "$(sed -n 2p "$STATE/files/root.pem")" "$STATE/deploy/tomcat-trust.pem"
}
