#!/usr/bin/env bats
# Bulk certificates between clusters over SFTP, against a real OpenSSH sshd
# on 127.0.0.1 (tests/helpers/sshd.bash): three state directories play three
# clusters; the files are checked with the openssl CLI.

setup_file() {
	load helpers/common
	load helpers/sshd
	init_template
	sshd_start
	export SSHD_DIR SSH_PORT SSH_KEY SSHD_PID SFTP_DIR
	export HOSTKEY=$(sshd_hostkey)
}

teardown_file() {
	load helpers/sshd
	sshd_stop
}

teardown() {
	load helpers/tmux
	term_stop 2>/dev/null || true
}

setup() {
	load helpers/common
	load helpers/sshd
	[ -n "${SSHD_DIR:-}" ] || skip "no sshd (needs root and openssh-server)"
	rm -rf "${SFTP_DIR:?}"/* "$SFTP_DIR"/.[!.]* 2>/dev/null || true
	chmod 755 "$SFTP_DIR"
	fresh_state
}

# A cluster: its own state, host name, cluster ID and certificates.
cluster() { # cluster NAME
	local dir="$BATS_TEST_TMPDIR/$1"
	cp -a "$TEMPLATE" "$dir"
	mkdir -p "$dir/files"
	printf '%s\n' "$SSH_SFTP_PASSWORD" >"$dir/files/sftp.pw"
	printf 'shared-bulk-secret\n' >"$dir/files/bulk.pw"
	"$UCSH" --state-dir "$dir" --yes -c "set network hostname node$1" -c "set param enterprise cluster-id Cluster$1" \
		-c 'set cert regen tomcat' -c 'set cert regen CallManager' -c 'set cert regen CAPF' \
		-c 'set cert regen ITLRecovery' >/dev/null
	"$UCSH" --state-dir "$dir" -c "set cert bulk sftp host 127.0.0.1 port $SSH_PORT user $SSH_SFTP_USER password password-file sftp.pw directory $SFTP_DIR hostkey $HOSTKEY" \
		-c 'set cert bulk password password-file bulk.pw' >/dev/null
}

on() { # on NAME ucsh-args...
	local n=$1
	shift
	"$UCSH" --state-dir "$BATS_TEST_TMPDIR/$n" "$@"
}

fingerprint() { # fingerprint PEM-FILE
	openssl x509 -in "$1" -noout -fingerprint -sha256 | cut -d= -f2
}

trusted() { # trusted NAME STORE: the SHA-256 fingerprints of a trust store
	sqlite3 "$BATS_TEST_TMPDIR/$1/ucsh.db" "SELECT sha256 FROM cert WHERE kind = 'trust' AND unit = '$2'"
}

@test "a new host key is shown and must be accepted: batch needs hostkey; a wrong or changed one is refused" {
	mkdir -p "$STATE/files"
	printf '%s\n' "$SSH_SFTP_PASSWORD" >"$STATE/files/sftp.pw"
	before=$(db_dump)
	run ucsh -c "set cert bulk sftp host 127.0.0.1 port $SSH_PORT user $SSH_SFTP_USER password password-file sftp.pw directory $SFTP_DIR"
	assert_failure 2
	assert_output --partial "its host key is $HOSTKEY"
	run ucsh -c "set cert bulk sftp host 127.0.0.1 port $SSH_PORT user $SSH_SFTP_USER password password-file sftp.pw directory $SFTP_DIR hostkey SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	assert_failure
	assert_output --partial "is $HOSTKEY, not SHA256:AAAA"
	[ "$(db_dump)" = "$before" ]
	[ ! -e "$STATE/known_hosts" ]
	run ucsh -c "set cert bulk sftp host 127.0.0.1 port $SSH_PORT user $SSH_SFTP_USER password password-file sftp.pw directory $SFTP_DIR hostkey $HOSTKEY"
	assert_success
	grep -qx "\[127.0.0.1\]:$SSH_PORT $HOSTKEY" "$STATE/known_hosts"
	[ "$(stat -c %a "$STATE/known_hosts")" = 600 ]
	run ucsh -c 'show cert bulk sftp'
	assert_line "Host key          : $HOSTKEY"
	assert_line --regexp '^Authentication +: password$'
	refute_output --partial "$SSH_SFTP_PASSWORD"
	run ucsh --json -c 'show cert bulk sftp' -c 'show audit last 20'
	refute_output --partial "$SSH_SFTP_PASSWORD"
	# The server's key changes: refused loudly, with both.
	printf '[127.0.0.1]:%s SHA256:OldOldOldOldOldOldOldOldOldOldOldOldOldOld0\n' "$SSH_PORT" >"$STATE/known_hosts"
	ucsh -c 'set cert bulk password password-file sftp.pw' >/dev/null
	run ucsh -c 'set cert bulk export tomcat'
	assert_failure
	assert_output --partial "THE HOST KEY OF 127.0.0.1 HAS CHANGED: known SHA256:OldOld"
	assert_output --partial "now $HOSTKEY"
	[ -z "$(ls "$SFTP_DIR")" ]
}

@test "interactive: the host key is shown and accepted with yes, secrets asked with echo off, progress bars" {
	load helpers/tmux
	command -v tmux >/dev/null || skip "needs tmux"
	term_start "$UCSH" --state-dir "$STATE"
	term_wait '^[a-z0-9_-]+:'
	term_keys "set cert bulk sftp host 127.0.0.1 port $SSH_PORT user $SSH_SFTP_USER password directory $SFTP_DIR" Enter
	term_wait 'Trust it for 127.0.0.1 \(yes/no\)\?'
	run term_screen
	assert_output --partial "is $HOSTKEY."
	term_keys yes Enter
	term_wait 'SFTP password:'
	term_keys "$SSH_SFTP_PASSWORD" Enter
	term_wait 'Bulk certificates go to'
	term_keys 'set cert bulk password' Enter
	term_wait 'Bulk password:'
	term_keys 'typed-bulk-secret' Enter
	term_wait 'Bulk password set'
	term_keys 'set cert bulk export all' Enter
	term_wait 'files exported'
	run term_screen
	assert_output --regexp '_tomcat\.p12 +\[#+\] 100%'
	refute_output --partial "$SSH_SFTP_PASSWORD"
	refute_output --partial 'typed-bulk-secret'
	term_keys quit Enter
	term_gone
	openssl pkcs12 -in "$SFTP_DIR/StandAloneCluster/"*_capf.p12 -info -nokeys -passin pass:typed-bulk-secret -out /dev/null 2>/dev/null
	! grep -rq 'typed-bulk-secret\|'"$SSH_SFTP_PASSWORD" "$STATE"/history* "$STATE/audit.pending" 2>/dev/null
}

@test "wrong password, key login, a missing or read-only directory: one clear error, nothing kept" {
	mkdir -p "$STATE/files"
	printf 'not-the-password\n' >"$STATE/files/wrong.pw"
	cp "$SSH_KEY" "$STATE/files/bulk_key"
	before=$(db_dump)
	run ucsh -c "set cert bulk sftp host 127.0.0.1 port $SSH_PORT user $SSH_SFTP_USER password password-file wrong.pw directory $SFTP_DIR hostkey $HOSTKEY"
	assert_failure
	assert_output --partial "127.0.0.1: the server refused the password of $SSH_SFTP_USER"
	run ucsh -c "set cert bulk sftp host 127.0.0.1 port $SSH_PORT user $SSH_SFTP_USER key bulk_key directory $SFTP_DIR/nosuch hostkey $HOSTKEY"
	assert_failure
	assert_output --partial "has no directory $SFTP_DIR/nosuch"
	[ "$(db_dump)" = "$before" ]
	run ucsh -c "set cert bulk sftp host 127.0.0.1 port $SSH_PORT user $SSH_SFTP_USER key bulk_key directory $SFTP_DIR hostkey $HOSTKEY"
	assert_success
	run ucsh -c 'show cert bulk sftp'
	assert_line --regexp '^Authentication +: key$'
	refute_output --partial 'PRIVATE KEY'
	printf 'shared-bulk-secret\n' >"$STATE/files/bulk.pw"
	ucsh -c 'set cert bulk password password-file bulk.pw' >/dev/null
	# Read-only: the export says so and leaves nothing behind.
	chmod 555 "$SFTP_DIR"
	run ucsh -c 'set cert bulk export tomcat'
	assert_failure
	assert_output --partial 'permission denied'
	chmod 755 "$SFTP_DIR"
	run ucsh -c 'set cert bulk export tomcat'
	assert_success
	assert_output '1 file exported (tomcat).'
	# Connection refused: a clear error.
	db "UPDATE bulk_config SET port = 1"
	run ucsh -c 'set cert bulk export tomcat'
	assert_failure
	assert_output --partial 'cannot connect to 127.0.0.1 port 1'
}

@test "three clusters export, one consolidates, each imports the other two into the documentation's trust stores" {
	for c in A B C; do cluster $c; done
	run on A --yes -c 'set cert bulk import all'
	assert_failure
	assert_output --partial 'at least two are needed'
	for c in A B C; do
		run on $c -c 'set cert bulk export all'
		assert_success
		assert_output '4 files exported (all).'
	done
	[ -f "$SFTP_DIR/ClusterA/nodeA_tomcat.p12" ] && [ -f "$SFTP_DIR/ClusterC/nodeC_itlrecovery.p12" ]
	run on B --yes -c 'set cert bulk import tftp'
	assert_failure
	assert_output --partial 'no consolidation yet: run set cert bulk consolidate tftp'
	run on A -c 'set cert bulk consolidate all'
	assert_success
	assert_output '4 consolidated files written: 12 certificates from 3 clusters.'
	# Every file: the bulk password opens it, and there is no key inside.
	for f in "$SFTP_DIR"/*/*.p12; do
		openssl pkcs12 -in "$f" -info -nokeys -passin pass:shared-bulk-secret -out "$BATS_TEST_TMPDIR/p12.pem" 2>/dev/null
		grep -q 'BEGIN CERTIFICATE' "$BATS_TEST_TMPDIR/p12.pem"
		! openssl pkcs12 -in "$f" -nocerts -nodes -passin pass:shared-bulk-secret 2>/dev/null | grep -q 'PRIVATE KEY'
		! openssl pkcs12 -in "$f" -info -nokeys -passin pass:wrong -out /dev/null 2>/dev/null
	done
	[ "$(openssl pkcs12 -in "$SFTP_DIR/consolidated/tomcat.p12" -nokeys -passin pass:shared-bulk-secret 2>/dev/null | grep -c 'BEGIN CERTIFICATE')" -eq 3 ]
	run on A -c 'show cert bulk files'
	assert_line --regexp '^ClusterB +nodeB_capf\.p12 +[0-9]+ +20[0-9-]+T'
	assert_line --regexp '^consolidated +tomcat\.p12 '
	for c in A B C; do
		run on $c --yes -c 'set cert bulk import all'
		assert_success
		assert_line --partial 'certificates of this cluster left out'
	done
	for c in A B C; do
		for o in A B C; do
			tom=$(fingerprint "$BATS_TEST_TMPDIR/$o/deploy/tomcat.pem")
			ccm=$(fingerprint "$BATS_TEST_TMPDIR/$o/deploy/CallManager.pem")
			capf=$(fingerprint "$BATS_TEST_TMPDIR/$o/deploy/CAPF.pem")
			itl=$(fingerprint "$BATS_TEST_TMPDIR/$o/deploy/ITLRecovery.pem")
			if [ $c = $o ]; then # never its own back
				! trusted $c tomcat-trust | grep -qx "$tom"
				! trusted $c CallManager-trust | grep -qx "$ccm"
				continue
			fi
			trusted $c tomcat-trust | grep -qx "$tom"
			trusted $c CallManager-trust | grep -qx "$ccm"
			trusted $c Phone-SAST-trust | grep -qx "$ccm"
			trusted $c CallManager-trust | grep -qx "$capf"
			trusted $c Phone-SAST-trust | grep -qx "$itl"
			trusted $c CallManager-trust | grep -qx "$itl"
			! trusted $c Phone-SAST-trust | grep -qx "$capf"
		done
	done
	# A second import finds everything present.
	run on B --yes -c 'set cert bulk import tomcat'
	assert_success
	assert_output --partial 'tomcat-trust: 0 added, 0 replaced, 2 already present.'
}

@test "a full remote disk: the export says so and every file under its own name is whole" {
	mkdir -p "$SFTP_DIR/full"
	mount -t tmpfs -o size=8k tmpfs "$SFTP_DIR/full" || skip "cannot mount a small tmpfs here"
	chown "$SSH_SFTP_USER" "$SFTP_DIR/full"
	head -c 5000 /dev/zero >"$SFTP_DIR/full/filler"
	cluster A
	on A -c "set cert bulk sftp host 127.0.0.1 port $SSH_PORT user $SSH_SFTP_USER password password-file sftp.pw directory $SFTP_DIR/full hostkey $HOSTKEY" >/dev/null
	run on A -c 'set cert bulk export all'
	whole=0
	for f in "$SFTP_DIR"/full/ClusterA/*.p12; do
		[ -e "$f" ] || continue
		openssl pkcs12 -in "$f" -info -nokeys -passin pass:shared-bulk-secret -out /dev/null 2>/dev/null || whole=1
	done
	umount "$SFTP_DIR/full"
	assert_failure
	assert_output --partial 'a full disk or quota'
	[ "$whole" -eq 0 ]
}

@test "a wrong bulk password on one cluster: consolidation names the file, nothing is written or imported" {
	for c in A B; do cluster $c; done
	printf 'another-secret-9\n' >"$BATS_TEST_TMPDIR/B/files/bulk.pw"
	on B -c 'set cert bulk password password-file bulk.pw' >/dev/null
	on A -c 'set cert bulk export tomcat' >/dev/null
	on B -c 'set cert bulk export tomcat' >/dev/null
	run on A -c 'set cert bulk consolidate tomcat'
	assert_failure
	assert_output --partial "ClusterB/nodeB_tomcat.p12: the PKCS#12 file does not verify with the bulk password"
	[ ! -e "$SFTP_DIR/consolidated/tomcat.p12" ]
	# A damaged file likewise.
	printf 'garbage' >"$SFTP_DIR/ClusterB/nodeB_tomcat.p12"
	run on A -c 'set cert bulk consolidate tomcat'
	assert_failure
	assert_output --partial 'not a PKCS#12 file'
}

@test "the server dies in the middle of an export: no half file on the server, the store unchanged" {
	strings "$UCSH" | grep -q UCSH_TEST_BULK_PAUSE || skip "built without --enable-test-hooks"
	cluster A
	before=$(sqlite3 "$BATS_TEST_TMPDIR/A/ucsh.db" .dump | grep -v '^INSERT INTO audit ')
	UCSH_TEST_BULK_PAUSE=3 on A -c 'set cert bulk export all' >"$BATS_TEST_TMPDIR/out" 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		ls -A "$SFTP_DIR/ClusterA" 2>/dev/null | grep -q '\.part$' && break
		sleep 0.1
	done
	kill "$SSHD_PID"
	wait "$SSHD_PID" 2>/dev/null || true
	pkill -f "sshd: $SSH_SFTP_USER" || true
	rc=0
	wait $pid || rc=$?
	[ "$rc" -ne 0 ]
	grep -q 'connection\|cannot' "$BATS_TEST_TMPDIR/out"
	# Only complete files have their name; the store is as it was.
	for f in "$SFTP_DIR"/ClusterA/*.p12; do
		[ -e "$f" ] || continue
		openssl pkcs12 -in "$f" -info -nokeys -passin pass:shared-bulk-secret -out /dev/null 2>/dev/null
	done
	[ "$(sqlite3 "$BATS_TEST_TMPDIR/A/ucsh.db" .dump | grep -v '^INSERT INTO audit ')" = "$before" ]
	# (The last test of the file: the server stays down.)
}
