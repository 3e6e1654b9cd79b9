# A real PostgreSQL 15 for the cluster tests (TESTING.md, CLUSTER.md): a
# primary and hot standbys on 127.0.0.1 at free high ports in a temporary
# directory, run as an unprivileged OS user (PostgreSQL refuses root).
PG_BIN=/usr/lib/postgresql/15/bin
PG_USER=ucsh-pg

# pg_require: skip with the reason when PostgreSQL is not installed (outside
# CI; .ci/run installs it) or the tests cannot create the OS user.
pg_require() {
	[ -x "$PG_BIN/initdb" ] || skip "PostgreSQL 15 is not installed (apt-get install postgresql-15)"
	[ "$(id -u)" -eq 0 ] || skip "needs root to create the PostgreSQL test user"
	id "$PG_USER" >/dev/null 2>&1 || useradd -M -d /nonexistent -s /usr/sbin/nologin "$PG_USER"
}

pg_as() {
	runuser -u "$PG_USER" -- "$@"
}

# pg_primary: PG_DIR, PG_PORT1; a primary with a superuser "ucsh" and
# trust authentication on 127.0.0.1 (the test machine only).
pg_primary() {
	PG_DIR=$(mktemp -d /tmp/ucsh-pg.XXXXXX)
	chown "$PG_USER" "$PG_DIR"
	chmod 700 "$PG_DIR"
	PG_PORT1=$(free_port)
	pg_as "$PG_BIN/initdb" -D "$PG_DIR/n1" -U ucsh --auth=trust --wal-segsize=1 >/dev/null
	cat >>"$PG_DIR/n1/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT1
unix_socket_directories = '$PG_DIR'
max_wal_senders = 10
max_replication_slots = 10
wal_level = replica
hot_standby = on
fsync = off
max_slot_wal_keep_size = '256MB'
CONF
	echo "host replication ucsh 127.0.0.1/32 trust" >>"$PG_DIR/n1/pg_hba.conf"
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/n1" -w -l "$PG_DIR/n1.log" start >/dev/null
	pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT1" -U ucsh ucsh
	pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT1" -U ucsh unit # the backend's own checks
}

# pg_standby N: a hot standby of the primary in PG_DIR/nN on PG_PORTN.
pg_standby() {
	local n=$1 port
	port=$(free_port)
	eval "PG_PORT$n=$port"
	pg_as "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT1" -U ucsh -D "$PG_DIR/n$n" -R -X stream -c fast -C \
		-S "slot_n$n" >/dev/null
	sed -i "s/^port = .*/port = $port/" "$PG_DIR/n$n/postgresql.conf"
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/n$n" -w -l "$PG_DIR/n$n.log" start >/dev/null
}

pg_conninfo() { # pg_conninfo PORT [DATABASE]
	echo "host=127.0.0.1 port=$1 user=ucsh dbname=${2:-ucsh} connect_timeout=3"
}

pg_stop_all() {
	local d
	[ -n "${PG_DIR:-}" ] || return 0
	for d in "$PG_DIR"/n*; do
		[ -f "$d/postmaster.pid" ] && pg_as "$PG_BIN/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1
	done
	rm -rf "$PG_DIR"
	true
}
