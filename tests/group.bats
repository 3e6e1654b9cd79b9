#!/usr/bin/env bats
# A group-shared state directory (README: 2770, group ucsh) used by two real
# OS users: each runs commands and sees the other's changes.

GROUP=ucsh-share
USER_A=ucsh-share-a
USER_B=ucsh-share-b

setup_file() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to create test users"
	command -v runuser >/dev/null || skip "needs runuser (util-linux)"
	getent group "$GROUP" >/dev/null || groupadd "$GROUP"
	for u in "$USER_A" "$USER_B"; do
		id "$u" >/dev/null 2>&1 || useradd -M -d /nonexistent -s /bin/sh -G "$GROUP" "$u"
		usermod -aG "$GROUP" "$u"
	done
	export SHARE_DIR=$(mktemp -d /tmp/ucsh-share.XXXXXX)
	chmod 755 "$SHARE_DIR"
	# The binary and its PKI plugin where both users can run them.
	cp "$UCSH" "$(dirname "$UCSH")/ucsh-pki.so" "$BATS_TEST_DIRNAME/lsan.supp" "$SHARE_DIR/"
	chmod 755 "$SHARE_DIR/ucsh"
}

teardown_file() {
	[ -n "${SHARE_DIR:-}" ] && rm -rf "$SHARE_DIR"
}

setup() {
	load helpers/common
	[ "$(id -u)" -eq 0 ] || skip "needs root to create test users"
	STATE="$SHARE_DIR/state-$BATS_TEST_NUMBER"
	mkdir "$STATE"
	chown "$USER_A:$GROUP" "$STATE"
	chmod 2770 "$STATE"
}

as() {
	local who=$1
	shift
	runuser -u "$who" -- env UCSH_STATE_DIR="$STATE" LSAN_OPTIONS="suppressions=$SHARE_DIR/lsan.supp" \
		"$SHARE_DIR/ucsh" "$@"
}

@test "two administrators in one group share the state: files 0660, each sees the other's changes" {
	run as "$USER_A" -c "set account name $USER_B level 4"
	assert_success
	for f in ucsh.db ucsh.db-wal ucsh.db-shm audit.pending deploy.lock; do
		[ -e "$STATE/$f" ] || continue
		[ "$(stat -c '%a %G' "$STATE/$f")" = "660 $GROUP" ] || { stat -c '%n %a %G' "$STATE/$f"; false; }
	done
	[ "$(stat -c '%a %G' "$STATE/deploy")" = "2770 $GROUP" ]
	[ "$(stat -c '%a %G' "$STATE/files")" = "2770 $GROUP" ]
	run as "$USER_B" -c 'show myself'
	assert_success
	assert_line --regexp "^Account +: $USER_B$"
	run as "$USER_B" -c 'set param enterprise capf-operation-expires 21'
	assert_success
	run as "$USER_A" -c 'show param enterprise | include capf-operation'
	assert_success
	assert_output --regexp 'capf-operation-expires +.* 21 '
	run as "$USER_B" --yes -c 'set cert regen tomcat-ECDSA'
	assert_success
	run as "$USER_A" -c 'show audit'
	assert_success
	assert_output --partial "$USER_B"
	assert_output --partial 'set cert regen tomcat-ECDSA'
}
