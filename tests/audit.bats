#!/usr/bin/env bats
# The audit trail: table and syslog.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
	ME=$(id -un)
}

@test "every executed line is recorded with account, source and exit status" {
	ucsh -c 'show version' >/dev/null
	ucsh -c 'set network domain "audit.example"' >/dev/null
	ucsh -c 'file view nothing.txt' 2>/dev/null || true
	run ucsh -c 'show audit'
	assert_success
	assert_line --regexp "^1 +[0-9-]+T[0-9:]+Z +$ME +batch +0 +show version$"
	assert_line --regexp "^2 .* +0 +set network domain audit\.example$"
	assert_line --regexp "^3 .* +1 +file view nothing\.txt$"
	refute_line --regexp 'show audit$' # its own row is written when it has finished
}

@test "lines that do not parse are not executed and not recorded" {
	ucsh -c 'show nothing' 2>/dev/null || true
	ucsh -c 'show ?' >/dev/null
	ucsh --dry-run -c 'set network domain x.example' >/dev/null
	[ ! -s "$STATE/audit.pending" ]
	[ "$(db 'SELECT count(*) FROM audit')" = 0 ]
}

@test "refused and unconfirmed commands are recorded with their status" {
	mkdir -p "$STATE/files" && touch "$STATE/files/x"
	ucsh -c 'file delete x' 2>/dev/null || true
	db "UPDATE account SET level = 0"
	ucsh -c 'set network hostname h' 2>/dev/null || true
	db "UPDATE account SET level = 4"
	audit_flush
	[ "$(db "SELECT status || ' ' || line FROM audit ORDER BY id" | tr '\n' '|')" = \
		'2 file delete x|3 set network hostname h|' ]
}

@test "a failed command's audit row survives its rollback" {
	ucsh -c 'set param enterprise nosuch 1' 2>/dev/null || true
	audit_flush
	[ "$(db "SELECT status FROM audit")" = 2 ]
	[ "$(db "SELECT count(*) FROM param")" = 0 ]
}

@test "show audit last N shows the newest N, oldest first; JSON rows are typed" {
	for i in 1 2 3 4 5; do ucsh -c "set network domain d$i.example" >/dev/null; done
	run ucsh -c 'show audit last 2'
	assert_success
	[ "${#lines[@]}" -eq 4 ]
	assert_line --index 2 --regexp 'set network domain d4\.example$'
	assert_line --index 3 --regexp 'set network domain d5\.example$'
	run ucsh --json -c 'show audit last 3'
	echo "$output" | jq -e '.audit | length == 3 and (.[0].status | type) == "number" and .[0].account != null'
}

@test "show audit is for administrators" {
	db "UPDATE account SET level = 1"
	run ucsh -c 'show audit'
	assert_failure 3
}

@test "words with spaces are recorded quoted" {
	ucsh -c "set web-security 'Voice Team' 'Example Inc' Berlin Berlin DE" >/dev/null
	[ "$(db "SELECT line FROM audit")" = 'set web-security "Voice Team" "Example Inc" Berlin Berlin DE' ]
}

@test "each command goes to syslog (LOG_AUTHPRIV) as well" {
	[ "$(id -u)" -eq 0 ] || skip "needs root for a private /dev/log"
	command -v unshare >/dev/null && command -v python3 >/dev/null || skip "needs unshare and python3"
	dir="$BATS_TEST_TMPDIR/log"
	mkdir -p "$dir"
	# A private /dev in a private mount namespace, whose /dev/log is ours.
	run unshare -m bash -c '
		set -e
		dir=$1 ucsh=$2 state=$3
		cp -a /dev/null /dev/zero /dev/urandom "$dir/" 2>/dev/null
		python3 -c "
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1] + \"/log\")
s.settimeout(10)
print(\"ready\", flush=True)
msg = s.recv(4096).decode()
open(sys.argv[1] + \"/got\", \"w\").write(msg)
" "$dir" >"$dir/ready" &
		for i in $(seq 50); do grep -q ready "$dir/ready" 2>/dev/null && break; sleep 0.1; done
		mount --bind "$dir" /dev
		"$ucsh" --state-dir "$state" -c "set network domain syslog.example" >/dev/null
		wait
	' _ "$dir" "$UCSH" "$STATE"
	[ -f "$dir/got" ] || skip "could not set up a private /dev/log here: $output"
	got=$(cat "$dir/got")
	# <PRI>: facility authpriv (10) * 8 + info (6) = 86
	[[ $got == '<86>'* ]]
	[[ $got == *"ucsh["*"]: account=$ME source=batch status=0 line=set network domain syslog.example"* ]]
}

@test "commands that change nothing leave the store untouched; their rows wait in the pending log" {
	before=$(db_dump)
	db_size=$(stat -c %s "$STATE/ucsh.db")
	ucsh -c 'show network' -c 'show version' >/dev/null
	[ "$(db_dump)" = "$before" ]
	[ "$(stat -c %s "$STATE/ucsh.db")" = "$db_size" ]
	[ "$(stat -c %a "$STATE/audit.pending")" = 600 ]
	[ "$(wc -l <"$STATE/audit.pending")" = 2 ]
	# The next change moves them into the table, ahead of its own row.
	ucsh -c 'set network domain moved.example' >/dev/null
	[ ! -s "$STATE/audit.pending" ]
	[ "$(db "SELECT line FROM audit ORDER BY id" | tr '\n' '|')" = \
		'show network|show version|set network domain moved.example|' ]
}

@test "pending rows moved twice are not recorded twice" {
	ucsh -c 'show network' >/dev/null
	cp "$STATE/audit.pending" "$BATS_TEST_TMPDIR/copy"
	ucsh -c 'set network domain one.example' >/dev/null
	# As if a move had committed but was killed before emptying the log.
	cp "$BATS_TEST_TMPDIR/copy" "$STATE/audit.pending"
	ucsh -c 'set network domain two.example' >/dev/null
	[ "$(db "SELECT count(*) FROM audit WHERE line = 'show network'")" = 1 ]
	[ "$(db "SELECT line FROM audit ORDER BY id" | tr '\n' '|')" = \
		'show network|set network domain one.example|set network domain two.example|' ]
}

@test "show audit includes the rows still pending, in order" {
	ucsh -c 'set network domain a.example' -c 'show network' >/dev/null
	ucsh -c 'show myself' >/dev/null
	run ucsh -c 'show audit'
	assert_success
	[ "${#lines[@]}" -eq 5 ]
	assert_line --index 2 --regexp 'set network domain a\.example$'
	assert_line --index 3 --regexp 'show network$'
	assert_line --index 4 --regexp 'show myself$'
}
