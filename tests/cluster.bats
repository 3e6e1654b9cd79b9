#!/usr/bin/env bats
# Clusters on a real PostgreSQL 15 (CLUSTER.md): a primary and a hot standby
# started by the test as an unprivileged user on 127.0.0.1.

setup_file() {
	load helpers/common
	load helpers/pg
	pg_require
	pg_primary
	pg_standby 2
	export PG_DIR PG_PORT1 PG_PORT2
}

teardown_file() {
	load helpers/pg
	pg_stop_all
}

setup() {
	load helpers/common
	load helpers/pg
	UNIT_DIR=${UNIT_DIR:-$(dirname "$UCSH")/tests/unit}
}

@test "the store's entity functions run on PostgreSQL as on SQLite; a standby reads and refuses writes" {
	run "$UNIT_DIR/pg_backend" "$(pg_conninfo "$PG_PORT1")" "$(pg_conninfo "$PG_PORT2")"
	echo "$output"
	assert_success
	assert_line --regexp '^[0-9]+ passed, 0 failed$'
	refute_output --partial 'not ok'
}

@test "cluster store: writes go to the primary and are on this node's standby when the command returns" {
	run "$UNIT_DIR/pg_backend" cluster "$(pg_conninfo "$PG_PORT1")" "$(pg_conninfo "$PG_PORT2")"
	echo "$output"
	assert_success
	assert_line --regexp '^[0-9]+ passed, 0 failed$'
}

@test "cluster store: with the publisher down reads go on and writes fail as unavailable" {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/n1" -m fast stop >/dev/null
	run "$UNIT_DIR/pg_backend" down "$(pg_conninfo "$PG_PORT1")" "$(pg_conninfo "$PG_PORT2")"
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/n1" -w -l "$PG_DIR/n1.log" start >/dev/null
	echo "$output"
	assert_success
	assert_line --regexp '^[0-9]+ passed, 0 failed$'
}

@test "a standalone ucsh never maps libpq" {
	run ldd "$UCSH"
	refute_output --partial libpq
	run ucsh_pid_maps
	refute_output --partial libpq
}

# ucsh_pid_maps: the shared objects a running standalone ucsh has mapped.
ucsh_pid_maps() {
	local state="$BATS_TEST_TMPDIR/state"
	"$UCSH" --state-dir "$state" -c 'show version' >/dev/null
	printf 'show version\n' | LD_DEBUG=files "$UCSH" --state-dir "$state" 2>&1 | grep -o 'file=[^ ]*' | sort -u
}
