# Shared by every bats file: the binary, a template state initialised once
# per file, and a fresh copy of it per test.
bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

UCSH=${UCSH:-$BATS_TEST_DIRNAME/../build/ucsh}

# setup_file: initialise one template state (first start) for the file.
init_template() {
	export TEMPLATE="$BATS_FILE_TMPDIR/template"
	"$UCSH" --state-dir "$TEMPLATE" -c 'show version' >/dev/null
	sqlite3 "$TEMPLATE/ucsh.db" 'DELETE FROM audit' # each test starts with an empty trail
	rm -f "$TEMPLATE/audit.pending"
}

# setup: every test gets its own copy of the template.
fresh_state() {
	STATE="$BATS_TEST_TMPDIR/state"
	cp -a "$TEMPLATE" "$STATE"
}

ucsh() {
	"$UCSH" --state-dir "$STATE" "$@"
}

# The database's content as SQL, to prove a command changed nothing; the
# audit trail and the names of files read as secrets are left out (every
# executed command adds to the one, every command that reads a password
# file to the other, whether it then succeeds or not).
db_dump() {
	db .dump | grep -v '^INSERT INTO audit \|^INSERT INTO secret_file '
}

# A busy timeout as ucsh has: a ucshd session or a ucsh process that is
# closing the database (the last connection checkpoints the WAL under an
# exclusive lock) makes a bare sqlite3 fail with "database is locked".
db() {
	sqlite3 -cmd '.timeout 10000' "$STATE/ucsh.db" "$@"
}

# Moves the audit rows of commands that changed nothing from the pending
# log into the audit table (show audit does; its own row stays pending).
audit_flush() {
	"$UCSH" --state-dir "$STATE" -c 'show audit last 1' >/dev/null
}

# Runs ucsh as another account (test builds: configure --enable-test-hooks).
ucsh_as() {
	local who=$1
	shift
	UCSH_TEST_ACCOUNT=$who "$UCSH" --state-dir "$STATE" "$@"
}

# Skips the test when the binary ignores UCSH_TEST_ACCOUNT.
require_test_identity() {
	local out
	out=$(UCSH_TEST_ACCOUNT=no-such-probe "$UCSH" --state-dir "$STATE" -c 'show myself' 2>&1) || true
	[[ $out == *'no-such-probe is not a ucsh account'* ]] || skip "built without --enable-test-hooks"
}

# A TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# systemd_units_verify NAME: doc/NAME.service.in (with this build's bindir)
# and doc/NAME.timer when there is one pass systemd-analyze verify, when
# systemd is here.
systemd_units_verify() {
	local srcdir="$BATS_TEST_DIRNAME/../doc" d="$BATS_TEST_TMPDIR/units" units=()
	command -v systemd-analyze >/dev/null || return 0
	mkdir -p "$d"
	sed "s|@bindir@|$(dirname "$UCSH")|; s|@sbindir@|$(dirname "$UCSH")|" "$srcdir/$1.service.in" >"$d/$1.service"
	if [ -f "$srcdir/$1.timer" ]; then
		cp "$srcdir/$1.timer" "$d/"
		units+=("$d/$1.timer")
	fi
	run systemd-analyze verify --man=no "${units[@]}" "$d/$1.service"
	assert_success
	refute_output --partial "$1"
}
