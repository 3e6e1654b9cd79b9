#!/usr/bin/env bats
# The state directory and the database: first start, permissions, refusing
# newer, foreign and corrupt files.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
}

@test "first start initialises schema, identity and the invoking user as level 4" {
	dir="$BATS_TEST_TMPDIR/new"
	run "$UCSH" --state-dir "$dir" -c 'show myself'
	assert_success
	assert_output --partial "Account                   : $(id -un)"
	assert_output --partial 'Privilege level           : 4 (administrator)'
	[ "$(sqlite3 "$dir/ucsh.db" 'PRAGMA user_version')" -ge 1 ]
	[ "$(sqlite3 "$dir/ucsh.db" 'PRAGMA journal_mode')" = wal ]
	[ "$(sqlite3 "$dir/ucsh.db" "SELECT level FROM account WHERE name = '$(id -un)'")" = 4 ]
}

@test "the state directory is 0700 and the database 0600" {
	dir="$BATS_TEST_TMPDIR/new"
	"$UCSH" --state-dir "$dir" -c 'show version' >/dev/null
	[ "$(stat -c %a "$dir")" = 700 ]
	[ "$(stat -c %a "$dir/ucsh.db")" = 600 ]
}

@test "UCSH_STATE_DIR is used when --state-dir is not given" {
	dir="$BATS_TEST_TMPDIR/env"
	UCSH_STATE_DIR="$dir" run "$UCSH" -c 'show version'
	assert_success
	[ -f "$dir/ucsh.db" ]
}

@test "a state directory others can read is refused" {
	chmod 755 "$STATE"
	run --separate-stderr ucsh -c 'show version'
	assert_failure 1
	[[ $stderr == *'accessible to other users (mode 0755)'* ]]
}

@test "a group-shared (2770) state directory is accepted and new files are group-readable" {
	chmod 2770 "$STATE"
	rm -rf "$STATE/files" # the template's first start made it before the chmod
	run ucsh -c 'file list'
	assert_success
	[ "$(stat -c %a "$STATE/files")" = 2770 ]
	[ "$(stat -c %a "$STATE/ucsh.db")" = 600 ]
}

@test "a database from a newer ucsh is refused and left untouched" {
	db 'PRAGMA user_version = 999'
	sum=$(sha256sum <"$STATE/ucsh.db")
	run --separate-stderr ucsh -c 'show version'
	assert_failure 1
	[[ $stderr == *'written by a newer ucsh (schema 999'*'upgrade ucsh'* ]]
	[ "$(sha256sum <"$STATE/ucsh.db")" = "$sum" ]
	[ "$(db 'PRAGMA user_version')" = 999 ]
}

@test "a non-SQLite file at the database path is refused, never overwritten" {
	rm -f "$STATE"/ucsh.db*
	head -c 5000 /dev/urandom >"$STATE/ucsh.db"
	sum=$(sha256sum <"$STATE/ucsh.db")
	run --separate-stderr ucsh -c 'show version'
	assert_failure 1
	[[ $stderr == *'not a ucsh database'* ]]
	[ "$(sha256sum <"$STATE/ucsh.db")" = "$sum" ]
}

@test "a corrupt database is refused, never overwritten" {
	rm -f "$STATE"/ucsh.db-*
	# Keep the header, destroy everything after it.
	size=$(stat -c %s "$STATE/ucsh.db")
	dd if=/dev/urandom of="$STATE/ucsh.db" bs=1 seek=100 count=$((size - 100)) conv=notrunc 2>/dev/null
	sum=$(sha256sum <"$STATE/ucsh.db")
	run --separate-stderr ucsh -c 'show network'
	assert_failure 1
	[[ $stderr == *'corrupt or not a ucsh database'* || $stderr == *'malformed'* ]]
	[ "$(sha256sum <"$STATE/ucsh.db")" = "$sum" ]
}

@test "a config file with an unknown key is refused with its line" {
	printf '# test\nfile_area = /tmp\nbogus = 1\n' >"$STATE/ucsh.conf"
	run --separate-stderr ucsh -c 'show version'
	assert_failure 2
	[[ $stderr == *'ucsh.conf line 3: unknown key "bogus"'* ]]
}

@test "--config overrides the state's config file" {
	mkdir "$BATS_TEST_TMPDIR/area"
	chmod 700 "$BATS_TEST_TMPDIR/area"
	echo hi >"$BATS_TEST_TMPDIR/area/x.txt"
	printf 'file_area = %s\n' "$BATS_TEST_TMPDIR/area" >"$BATS_TEST_TMPDIR/ucsh.conf"
	run ucsh --config "$BATS_TEST_TMPDIR/ucsh.conf" -c 'file view x.txt'
	assert_success
	assert_output hi
}
