#!/usr/bin/env bats
# Hostile or careless input (issue "Hardening what exists"): terminal
# escapes, bytes a command line cannot hold, questions in batch files.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
	mkdir -p "$STATE/files"
}

# No ESC, BEL or other C0 control byte but newline and tab.
no_raw_controls() {
	! printf '%s' "$1" | LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]'
}

@test "terminal escape sequences in certificate names and file names are shown escaped" {
	openssl req -x509 -newkey rsa:2048 -nodes -keyout /dev/null -days 30 \
		-subj "/CN=$(printf 'Evil\033[2J\033]0;title\007X')" -out "$STATE/files/evil.pem" 2>/dev/null
	touch "$STATE/files/$(printf 'bad\033[31mname')"
	run ucsh -c 'set cert import trust tomcat-trust evil.pem'
	assert_success
	no_raw_controls "$output"
	assert_output --partial 'Evil\x1b[2J\x1b]0;title\x07X'
	run ucsh -c 'show cert list trust unit tomcat-trust'
	no_raw_controls "$output"
	assert_output --partial 'Evil\x1b[2J'
	run ucsh -c 'file list'
	no_raw_controls "$output"
	assert_output --partial 'bad\x1b[31mname'
	# Errors too stay one escaped line.
	run --separate-stderr ucsh -c "file view $(printf "'bad\033[31mname'")"
	no_raw_controls "$stderr"
	# JSON keeps the exact string.
	run ucsh --json -c 'show cert list trust unit tomcat-trust'
	[ "$(echo "$output" | jq -r '.certificates[0].subject_cn')" = "$(printf 'Evil\033[2J\033]0;title\007X')" ]
}

@test "a NUL byte or control character in a batch line is an error naming the line; nothing runs" {
	before=$(db_dump)
	run --separate-stderr bash -c "printf 'set param enterprise cluster-id abc\0; rm x\n' | '$UCSH' --state-dir '$STATE'"
	assert_failure 2
	[[ $stderr == 'line 1: % A NUL byte in the command line; the line was not run' ]]
	run --separate-stderr bash -c "printf '\0show network\n' | '$UCSH' --state-dir '$STATE'"
	assert_failure 2
	printf 'show network\nset param enterprise cluster-id a\001b\n' >"$STATE/files/ctl.txt"
	run --separate-stderr ucsh -f "$STATE/files/ctl.txt"
	assert_failure 2
	[[ $stderr == *'line 2: % Control character 0x01 in the command line (only tab is allowed)'* ]]
	[ "$(db_dump)" = "$before" ]
}

@test "a CRLF batch file runs as if it had plain line ends" {
	printf 'set param enterprise cluster-id crlf\r\nshow param enterprise\r\n' >"$STATE/files/win.txt"
	run ucsh -f "$STATE/files/win.txt"
	assert_success
	assert_output --regexp 'cluster-id +Cluster ID +crlf '
}

@test "'?' is a question at the prompt and with -c, an error in batch files and stdin" {
	before=$(db_dump)
	printf 'set param enterprise cluster-id foo?\n' >"$STATE/files/q.txt"
	run --separate-stderr ucsh -f "$STATE/files/q.txt"
	assert_failure 2
	[[ $stderr == *"line 1: % '?' asks for help at the prompt or with -c"* ]]
	run --separate-stderr bash -c "echo 'show ?' | '$UCSH' --state-dir '$STATE'"
	assert_failure 2
	[ "$(db_dump)" = "$before" ]
	# Quoted, it is an ordinary character.
	printf 'set param enterprise cluster-id "x"\nshow network | include "Host?name"\n' >"$STATE/files/q2.txt"
	run ucsh -f "$STATE/files/q2.txt"
	assert_success
	run ucsh -c 'show ?'
	assert_success
	assert_line --partial 'network'
}

@test "invalid UTF-8 is refused before anything is stored; valid UTF-8 reaches the certificates" {
	before=$(db_dump)
	run --separate-stderr ucsh -c "$(printf 'set web-security "\xff\xfe" Org Loc St DE')"
	assert_failure 2
	[[ $stderr == *'not valid UTF-8 (byte 19); nothing was run'* ]]
	run --separate-stderr ucsh -c "$(printf 'set param enterprise cluster-id \xc0\xaf')"
	assert_failure 2
	[ "$(db_dump)" = "$before" ]
	run ucsh -c "set web-security 'Équipe Voix' 'Société Exemple' Köln NRW DE"
	assert_success
	run ucsh --yes -c 'set cert regen tomcat'
	assert_success
	run openssl x509 -in "$STATE/deploy/tomcat.pem" -noout -subject -nameopt utf8,sep_comma_plus
	assert_output --partial 'L=Köln'
	assert_output --partial 'OU=Équipe Voix'
	run ucsh --json -c 'show web-security'
	[ "$(echo "$output" | jq -r .locality)" = 'Köln' ]
}

@test "a restart hook that leaves a background child holding its output finishes when the hook exits" {
	printf '%s\n' 'hook_timeout = 10' "restart.tomcat = /bin/sh -c 'sleep 31.7 & echo started; exit 0'" \
		>"$STATE/ucsh.conf"
	# Held by the child's open pipe, it would be "did not finish within 10 s".
	run ucsh --yes -c 'utils service restart tomcat'
	pkill -f 'sleep 31.7' || true
	assert_success
	assert_line 'started'
	assert_line 'Cisco Tomcat restarted.'
}

@test "a change that cannot be saved reports nothing it did" {
	# As on a full disk: the change's audit row cannot be written.
	db "CREATE TRIGGER audit_full BEFORE INSERT ON audit BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set param enterprise capf-operation-expires 77'
	assert_failure 1
	[ -z "$output" ]
	[[ $stderr == *'Not done: the audit trail cannot be written'*'disk is full'* ]]
	[ "$(db_dump)" = "$before" ]
}

@test "a read whose audit row cannot be kept is served, with a warning" {
	mkdir "$STATE/audit.pending"
	run --separate-stderr ucsh -c 'show network'
	assert_success
	assert_line --regexp '^Hostname +: '
	[[ $stderr == *'Warning: this command is not in the audit trail'* ]]
}

@test "a file read as a secret, and a private key, are never shown by file view" {
	require_test_identity
	ucsh -c 'set account name viewer level 0' >/dev/null
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$STATE/files/x.key" -days 30 -subj /CN=x \
		-out "$STATE/files/x.pem" 2>/dev/null
	openssl pkcs12 -export -inkey "$STATE/files/x.key" -in "$STATE/files/x.pem" -passout pass:pw-s3cret \
		-out "$STATE/files/x.p12"
	echo 'pw-s3cret' >"$STATE/files/pw.txt"
	# The import fails (no trust anchor); the passphrase file was read all the same.
	run ucsh -c 'set cert import own tomcat x.p12 password-file pw.txt'
	assert_line 'pw.txt holds a secret: delete it with file delete pw.txt when done.'
	for who in root viewer; do
		run --separate-stderr ucsh_as "$( [ $who = root ] && id -un || echo viewer)" -c 'file view pw.txt'
		assert_failure 1
		[[ $stderr == *'pw.txt holds a secret'*'never shown'* ]]
		[[ $output != *s3cret* ]]
	done
	run --separate-stderr ucsh -c 'file view x.key'
	assert_failure 1
	[[ $stderr == *'x.key holds a private key; ucsh never shows keys'* ]]
	# Deleted, the name is free again.
	ucsh --yes -c 'file delete pw.txt' >/dev/null
	echo 'just text' >"$STATE/files/pw.txt"
	run ucsh -c 'file view pw.txt'
	assert_success
	assert_output --partial 'just text'
}

@test "a directory swapped for a link while ucsh works never leads it outside the file area" {
	outside="$BATS_TEST_TMPDIR/outside"
	mkdir -p "$outside" "$STATE/files/race"
	echo 'OUTSIDE-SECRET' >"$outside/x.pem"
	echo 'inside' >"$STATE/files/race/x.pem"
	ln -s "$outside" "$STATE/files/race.swap"
	python3 "$BATS_TEST_DIRNAME/helpers/swap.py" "$STATE/files/race" "$STATE/files/race.swap" 60 &
	swapper=$!
	leaked=0 viewed=0
	for i in $(seq 1 150); do
		out=$("$UCSH" --state-dir "$STATE" -c 'file view race/x.pem' 2>&1) || true
		[[ $out == *OUTSIDE-SECRET* ]] && leaked=$((leaked + 1))
		[[ $out == *inside* ]] && viewed=$((viewed + 1))
	done
	for i in $(seq 1 60); do
		"$UCSH" --state-dir "$STATE" -c "set cert export own tomcat race/e$i.pem" >/dev/null 2>&1 || true
	done
	kill "$swapper" 2>/dev/null || true
	wait "$swapper" 2>/dev/null || true
	[ "$leaked" -eq 0 ]
	# Not every attempt loses the race: the swapper really ran against reads that worked.
	[ "$viewed" -gt 0 ]
	[ -z "$(ls "$outside" | grep -v '^x.pem$')" ]
}

@test "a trailing backslash gives a one-line error" {
	run --separate-stderr ucsh -c 'show network \'
	assert_failure 2
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	run --separate-stderr bash -c "printf 'show network\\\\\\n' | '$UCSH' --state-dir '$STATE'"
	assert_failure 2
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	[[ $stderr == 'line 1: % '* ]]
}
