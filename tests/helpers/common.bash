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
# audit trail is left out (every executed command adds to it).
db_dump() {
	sqlite3 "$STATE/ucsh.db" .dump | grep -v '^INSERT INTO audit '
}

db() {
	sqlite3 "$STATE/ucsh.db" "$@"
}
