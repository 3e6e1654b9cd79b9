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
