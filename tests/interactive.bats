#!/usr/bin/env bats
# The interactive shell on a real terminal (tmux): prompt, commands, quit.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	load helpers/tmux
	fresh_state
	ME=$(id -un)
}

teardown() {
	term_stop
}

@test "a terminal gets the '<account>:' prompt and runs commands" {
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys 'sh myself' Enter
	term_wait '^Session +: interactive$'
	term_wait '^Pagination +: on$'
	term_keys 'show ?' Enter
	term_wait '^  version +Versions of ucsh'
	term_keys 'quit' Enter
	term_gone
}

@test "the first start on a terminal says what it initialised" {
	term_start "$UCSH" --state-dir "$BATS_TEST_TMPDIR/new"
	term_wait "^Initialised node .* $ME is its administrator \(level 4\)\.$"
	term_wait "^$ME:"
	term_keys C-d
	term_gone
}

@test "errors on a terminal carry no line number; the session goes on" {
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys 'show nothing' Enter
	term_wait '^% Unknown command: "show nothing"$'
	term_keys 'exit' Enter
	term_gone
}

@test "a confirmation is asked on a terminal; no keeps the file" {
	mkdir -p "$STATE/files" && echo x >"$STATE/files/keep.txt"
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys 'file delete keep.txt' Enter
	term_wait 'Continue \(yes/no\)\?$'
	term_keys 'no' Enter
	term_wait '^Cancelled\.$'
	[ -f "$STATE/files/keep.txt" ]
	term_keys 'file delete keep.txt' Enter
	term_wait_count '^Continue \(yes/no\)\?' 2
	term_keys 'yes' Enter
	term_wait 'Deleted keep\.txt\.$'
	[ ! -e "$STATE/files/keep.txt" ]
	term_keys quit Enter
	term_gone
}

@test "a confirmation says what will happen before it asks" {
	ucsh -c 'utils service activate callmanager' >/dev/null
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys 'set cert regen CallManager' Enter
	term_wait 'Continue \(yes/no\)\?$'
	term_wait '^The key and certificate of CallManager are replaced by a new key and self-signed certificate\.$'
	term_wait '^The ITL \(ITLFile\.tlv\) is rebuilt with the new certificate\.$'
	term_wait '^These services are marked for restart: Cisco CallManager, Cisco Trust Verification Service\.$'
	term_keys 'no' Enter
	term_wait '^Cancelled\.$'
	term_keys quit Enter
	term_gone
}

@test "-c on a terminal asks as the REPL does; yes runs it, no cancels with status 1" {
	before=$(db "SELECT sha256 FROM cert WHERE unit = 'tomcat' AND kind = 'own'")
	term_start sh -c "\"$UCSH\" --state-dir \"$STATE\" -c 'set cert regen tomcat'; echo \"exit=\$?\"; sleep 30"
	term_wait 'Continue \(yes/no\)\?$'
	term_wait '^These services are marked for restart: Cisco Tomcat\.$'
	term_keys 'no' Enter
	term_wait '^exit=1$'
	[ "$(db "SELECT sha256 FROM cert WHERE unit = 'tomcat' AND kind = 'own'")" = "$before" ]
	term_stop
	term_start sh -c "\"$UCSH\" --state-dir \"$STATE\" -c 'set cert regen tomcat'; echo \"exit=\$?\"; sleep 30"
	term_wait 'Continue \(yes/no\)\?$'
	term_keys 'yes' Enter
	term_wait '^exit=0$'
	[ "$(db "SELECT sha256 FROM cert WHERE unit = 'tomcat' AND kind = 'own'")" != "$before" ]
}

@test "TAB completes a unique prefix and a second TAB lists the choices" {
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys 'sh' Tab
	term_wait "^$ME:show\$"
	term_keys 'netw' Tab
	term_wait "^$ME:show network\$"
	term_keys Enter
	term_wait '^FQDN +: '
	term_keys 'show ' Tab Tab
	term_wait '^account +audit +banner +capf +cert'
	term_wait 'web-security +xmpp$'
	term_keys C-u 'set param service ' Tab Tab
	term_wait 'capf +.*ipma'
	term_keys C-u quit Enter
	term_gone
}

@test "? lists what may come next and keeps the line; inside quotes it is a character" {
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys 'set param ?'
	term_wait '^  enterprise +Set an enterprise parameter$'
	term_wait "^$ME:set param\$"
	term_keys 'ent' Tab 'capf-operation-expires ?'
	term_wait '^  <VALUE> +the new value'
	term_keys C-u 'set network hostname "a?b"' Enter
	term_wait 'Invalid value "a\?b" for HOST'
	term_keys quit Enter
	term_gone
}

@test "long output pages with --More--: space, enter and q" {
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys 'help' Enter
	term_wait '^--More--$'
	[ "$(term_screen | grep -c .)" -le 40 ]
	last=$(term_screen | grep -v -- '--More--' | grep . | tail -n 1)
	# Enter: one more line, then --More-- again
	term_keys Enter
	term_wait '^--More--$'
	[ "$(term_screen | grep -v -- '--More--' | grep . | tail -n 2 | head -n 1)" = "$last" ]
	# Space: a page at a time, up to the end and the prompt
	for _ in $(seq 1 20); do
		term_screen | grep . | tail -n 1 | grep -q -- '^--More--$' || break
		term_keys Space
		sleep 0.2
	done
	term_wait "^$ME:\$"
	# q stops the output at once
	term_keys 'help' Enter
	term_wait '^--More--$'
	term_keys q
	term_wait "^$ME:\$"
	# with pagination off, the whole listing scrolls past
	term_keys C-l 'set cli pagination off' Enter 'help' Enter
	term_wait "^$ME:\$"
	! term_screen | grep -q -- '--More--'
	term_keys quit Enter
	term_gone
}

@test "Ctrl-C abandons the line; Ctrl-D on an empty line leaves" {
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys 'set network hostname abandoned'
	term_wait 'abandoned$'
	term_keys C-c
	term_wait "^$ME:\$"
	term_keys C-d
	term_gone
	[ "$(db 'SELECT hostname FROM node')" != abandoned ]
}

@test "Ctrl-C stops a running restart hook and returns to the prompt" {
	hooks="$BATS_TEST_TMPDIR/hooks" && mkdir -p "$hooks"
	printf '#!/bin/sh\nsleep 30\n' >"$hooks/slow" && chmod +x "$hooks/slow"
	echo "restart.tomcat = $hooks/slow" >"$STATE/ucsh.conf"
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys 'utils service restart tomcat' Enter
	term_wait 'Continue'
	term_keys 'yes' Enter
	sleep 0.5
	term_keys C-c
	term_wait 'interrupted; the restart hook was stopped'
	term_wait "^$ME:\$"
	! pgrep -f "$hooks/slow" >/dev/null
	term_keys quit Enter
	term_gone
}

@test "history is kept per account, recalled with Up, and only for interactive sessions" {
	ucsh -c 'show version' >/dev/null # batch: no history
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys 'show cli pagination' Enter
	term_wait '^Pagination : on$'
	term_keys quit Enter
	term_gone
	[ -f "$STATE/history/$ME" ]
	[ "$(stat -c %a "$STATE/history/$ME")" = 600 ]
	# libedit's file format writes spaces as \\040
	grep -q 'show.040cli.040pagination' "$STATE/history/$ME"
	! grep -q 'version' "$STATE/history/$ME"
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys Up
	term_wait "^$ME:quit\$"
	term_keys Up
	term_wait "^$ME:show cli pagination\$"
	term_keys C-u quit Enter
	term_gone
}

@test "lines that do not parse stay out of the history" {
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys 'sho nonsense words' Enter
	term_wait 'Unknown command'
	term_keys quit Enter
	term_gone
	! grep -q nonsense "$STATE/history/$ME"
}

@test "an idle session ends after its timeout" {
	require_test_identity # the same test-only build exposes UCSH_TEST_IDLE_SECONDS
	tmux -L "$TMUX_SOCKET" -f /dev/null new-session -d -s t -x 120 -y 40 \
		env UCSH_TEST_IDLE_SECONDS=2 "$UCSH" --state-dir "$STATE" \; set-option -t t remain-on-exit on
	term_wait "^$ME:"
	sleep 3
	term_wait '^Session closed after 30 idle minutes\.$'
	for _ in $(seq 50); do
		[ "$(tmux -L "$TMUX_SOCKET" display-message -p -t t '#{pane_dead}')" = 1 ] && break
		sleep 0.1
	done
	[ "$(tmux -L "$TMUX_SOCKET" display-message -p -t t '#{pane_dead}')" = 1 ]

}

@test "commands above the account's level are hidden from TAB and ?" {
	require_test_identity
	ucsh -c 'set account name viewer level 0' >/dev/null
	term_start env UCSH_TEST_ACCOUNT=viewer "$UCSH" --state-dir "$STATE"
	term_wait '^viewer:'
	term_keys 'utils service ' Tab Tab
	term_wait "^viewer:utils service list\$"
	term_keys C-u 'set ?'
	term_wait '^  cli '
	! term_screen | grep -q '^  network'
	term_keys C-u quit Enter
	term_gone
}

@test "interactive paste: a trust certificate pasted and ended with an empty line" {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null \
		-subj /CN=PastedRoot -days 30 -out "$BATS_TEST_TMPDIR/p.pem" 2>/dev/null
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys 'set cert import trust Phone-trust' Enter
	term_wait 'Paste the certificate and press Enter twice:'
	# a real paste: tmux's buffer into the terminal, then the empty line
	tmux -L "$TMUX_SOCKET" load-buffer "$BATS_TEST_TMPDIR/p.pem"
	tmux -L "$TMUX_SOCKET" paste-buffer -t t
	term_keys Enter
	term_wait 'Phone-trust: 1 added, 0 replaced, 0 already present\.'
	term_keys quit Enter
	term_gone
	[ "$(db "SELECT name FROM cert WHERE unit = 'Phone-trust'")" = PastedRoot ]
}

@test "interactive PKCS#12 import asks for the passphrase with echo off" {
	pki="$BATS_TEST_TMPDIR/pki" && mkdir -p "$pki" "$STATE/files"
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pki/ca.key" -out "$pki/ca.pem" -days 30 -subj /CN=P12Root \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
	cp "$pki/ca.pem" "$STATE/files/ca.pem"
	ucsh -c 'set cert import trust directory-trust ca.pem' -c 'set cert import trust tomcat-trust ca.pem' >/dev/null
	fqdn=$(ucsh --json -c 'show network' | jq -r .fqdn)
	openssl req -new -newkey rsa:2048 -nodes -keyout "$pki/k" -out "$pki/r" -subj "/CN=$fqdn" 2>/dev/null
	openssl x509 -req -in "$pki/r" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial -days 10 -out "$pki/c" 2>/dev/null
	openssl pkcs12 -export -inkey "$pki/k" -in "$pki/c" -passout pass:TypedSecret -out "$STATE/files/t.p12"
	term_start "$UCSH" --state-dir "$STATE"
	term_wait "^$ME:"
	term_keys 'set cert import own tomcat t.p12' Enter
	term_wait 'PKCS#12 passphrase:'
	term_keys 'TypedSecret' Enter
	term_wait 'tomcat now uses the certificate issued by P12Root'
	! term_screen | grep -q TypedSecret
	term_keys quit Enter
	term_gone
	! grep -q TypedSecret "$STATE/history/$ME"
}
