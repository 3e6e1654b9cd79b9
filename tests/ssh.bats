#!/usr/bin/env bats
# SSH login for real: OpenSSH sshd on 127.0.0.1, ucsh as a login shell and
# under ForceCommand.

setup_file() {
	load helpers/common
	load helpers/sshd
	sshd_start
	export SSHD_DIR SSH_PORT SSH_KEY SSHD_PID
}

teardown_file() {
	load helpers/sshd
	sshd_stop
}

setup() {
	load helpers/common
	load helpers/sshd
	load helpers/tmux
}

teardown() {
	term_stop
	# A failed banner test leaves no banner for the tests after it.
	[[ $BATS_TEST_DESCRIPTION != 'the banner:'* ]] || banner_off
}

@test "login shell: a remote command runs through ucsh -c and exits 0" {
	run ssh_as "$SSH_LOGIN_USER" 'show myself'
	assert_success
	assert_line "Account                   : $SSH_LOGIN_USER"
	assert_line 'Session                   : batch'
}

@test "login shell: a failing command gives a non-zero exit status" {
	run --separate-stderr ssh_as "$SSH_LOGIN_USER" 'show nothing'
	assert_failure 2
	[[ $stderr == *'% Unknown command: "show nothing"'* ]]
	run ssh_as "$SSH_LOGIN_USER" 'file view missing.txt'
	assert_failure 1
}

@test "login shell: no way out to an OS shell" {
	run ssh_as "$SSH_LOGIN_USER" 'cat /etc/passwd'
	assert_failure 2
	refute_output --partial 'root:'
	run ssh_as "$SSH_LOGIN_USER" 'show version; id'
	assert_failure 2
	refute_output --partial 'uid='
}

@test "ForceCommand: the command comes from SSH_ORIGINAL_COMMAND" {
	run ssh_as "$SSH_FORCE_USER" 'show myself'
	assert_success
	assert_line "Account                   : $SSH_FORCE_USER"
	run ssh_as "$SSH_FORCE_USER" 'set network hostname bad_name'
	assert_failure 2
	run ssh_as "$SSH_FORCE_USER" 'sh -c id'
	assert_failure 2
	refute_output --partial 'uid='
}

@test "the audit trail records remote commands under the SSH account" {
	ssh_as "$SSH_LOGIN_USER" 'show version' >/dev/null
	run ssh_as "$SSH_LOGIN_USER" 'show audit'
	assert_success
	assert_line --regexp " $SSH_LOGIN_USER +batch +0 +show version$"
}

@test "SSH commands confirm with --yes inside the command, for a login shell and under ForceCommand" {
	for user in "$SSH_LOGIN_USER" "$SSH_FORCE_USER"; do
		run --separate-stderr ssh_as "$user" 'set cert regen ipsec'
		assert_failure 2
		[[ $stderr == *'Confirmation required: rerun with --yes (in an SSH command: --yes COMMAND)'* ]]
		[[ $stderr == *'The key and certificate of ipsec are replaced'* ]]
		# ssh reads options after the host too: "--" ends its own.
		run ssh_as "$user" -- '--yes set cert regen ipsec'
		assert_success
		assert_output --partial 'ipsec'
		run --separate-stderr ssh_as "$user" -- --json --yes show status
		assert_success
		echo "$output" | jq -e '.cluster_id == "StandAloneCluster"' || { echo "$output"; false; }
		run ssh_as "$user" 'show audit last 3'
		assert_line --regexp " $user +batch +0 +set cert regen ipsec$"
	done
}

@test "SSH commands cannot carry --config, --state-dir or any other option" {
	for user in "$SSH_LOGIN_USER" "$SSH_FORCE_USER"; do
		for opt in "--config $SSHD_DIR/evil.conf" '--state-dir /tmp' '-f /etc/passwd' '--continue -c id'; do
			run --separate-stderr ssh_as "$user" -- "$opt show version"
			assert_failure 2
			[[ $stderr == *'is not allowed in a command string'* ]]
			[[ $output != *ucsh* ]]
		done
	done
}

@test "ssh -t: a command on a terminal asks for confirmation as the REPL does" {
	ssh_as "$SSH_LOGIN_USER" 'set csr gen tomcat' >/dev/null
	term_start sh -c "ssh -tt -i '$SSH_KEY' -p $SSH_PORT -o BatchMode=yes -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR $SSH_LOGIN_USER@127.0.0.1 'set csr delete tomcat'; \
		echo exit=\$?; sleep 30"
	term_wait 'Continue \(yes/no\)\?$'
	term_wait 'The pending CSR of tomcat and its key are discarded'
	term_keys 'yes' Enter
	term_wait 'The CSR of tomcat and its key were deleted\.'
	term_wait '^exit=0'
	run ssh_as "$SSH_LOGIN_USER" 'show csr list'
	assert_output --partial 'No unit has a pending CSR'
}

interactive_session() { # interactive_session USER
	term_start ssh -tt -i "$SSH_KEY" -p "$SSH_PORT" -o BatchMode=yes -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "$1@127.0.0.1"
	term_wait "^$1:"
	term_keys 'sh myself' Enter
	term_wait '^Session +: interactive$'
	term_keys 'quit' Enter
	term_gone
}

@test "login shell: ssh -tt gives the prompt, runs a command and leaves on quit" {
	interactive_session "$SSH_LOGIN_USER"
}

@test "ForceCommand: a plain login is an interactive session" {
	interactive_session "$SSH_FORCE_USER"
}

# The login user's banner (sshd_config's Banner names its deploy file).
banner_off() {
	ssh_as "$SSH_LOGIN_USER" -- --yes 'delete banner' >/dev/null 2>&1 || true
	ssh_as "$SSH_LOGIN_USER" 'set banner acknowledge off' >/dev/null
}

# ssh prints a server's banner on stderr when its LogLevel is INFO or more
# (ssh_as sets ERROR, and ssh keeps the first value it is given).
ssh_banner() {
	ssh -i "$SSH_KEY" -p "$SSH_PORT" -o BatchMode=yes -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o LogLevel=INFO "$SSH_LOGIN_USER@127.0.0.1" "$@"
}

@test "the banner: sshd shows it before login, the shell after; not acknowledged ends the session" {
	local files="$SSHD_DIR/home-$SSH_LOGIN_USER/state/files"
	ssh_as "$SSH_LOGIN_USER" 'show version' >/dev/null # the state exists
	printf 'Authorized use only: sshd banner test.\n' >"$files/legal.txt"
	chown "$SSH_LOGIN_USER" "$files/legal.txt"
	ssh_as "$SSH_LOGIN_USER" 'set banner legal.txt'
	run --separate-stderr ssh_banner 'show myself'
	assert_success
	[[ $stderr == *'Authorized use only: sshd banner test.'* ]]
	refute_output --partial 'Authorized use only' # a command's output is the command's
	ssh_as "$SSH_LOGIN_USER" 'set banner acknowledge on'
	term_start sh -c "ssh -tt -i '$SSH_KEY' -p $SSH_PORT -o BatchMode=yes -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o LogLevel=INFO $SSH_LOGIN_USER@127.0.0.1; echo exit=\$?; sleep 30"
	term_wait 'Do you acknowledge this banner\? \(yes/no\)'
	# Before login (sshd) and after it (the shell).
	[ "$(term_screen | grep -c 'Authorized use only: sshd banner test')" -eq 2 ]
	term_keys 'no' Enter
	term_wait 'The banner was not acknowledged: the session ends\.'
	term_wait '^exit=1'
	term_stop
	run ssh_as "$SSH_LOGIN_USER" 'show audit last 3'
	assert_output --regexp "$SSH_LOGIN_USER +.*banner acknowledgement refused"
	banner_off
	run --separate-stderr ssh_banner 'show myself'
	assert_success
	[[ $stderr != *'Authorized use only'* ]]
}
