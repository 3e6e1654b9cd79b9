#!/usr/bin/env bats
# The command engine through the real binary: abbreviation, ambiguity,
# typed parameters, options, help, completion and every error class.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
}

@test "unique prefixes of every keyword run the command" {
	run ucsh -c 'sh ver'
	assert_success
	assert_output --partial 'OpenSSL'
	run ucsh -c 'SH NETW'
	assert_success
	assert_output --partial 'Hostname'
}

@test "an ambiguous prefix lists the candidates and exits 2" {
	run --separate-stderr ucsh -c 's version'
	assert_failure 2
	[ "$stderr" = 'line 1: % Ambiguous command: "s" (set, show)' ]
}

@test "an unknown word exits 2 with the words so far" {
	run --separate-stderr ucsh -c 'show nothing'
	assert_failure 2
	[ "$stderr" = 'line 1: % Unknown command: "show nothing"' ]
	[ -z "$output" ]
}

@test "an incomplete command names what may come next" {
	run --separate-stderr ucsh -c 'set cli'
	assert_failure 2
	[[ $stderr == *'Incomplete command: "set cli" (next: '*format*pagination* ]]
}

@test "a typed parameter is validated before anything runs" {
	run --separate-stderr ucsh -c 'set network hostname -bad-'
	assert_failure 2
	[[ $stderr == *'Invalid value "-bad-" for HOST: 1-63 letters, digits or hyphens'* ]]
	run ucsh -c 'show network'
	refute_output --partial -- '-bad-'
}

@test "a choice of keywords takes either one and nothing else" {
	run ucsh -c 'set cli pagination off' -c 'show cli pagination'
	assert_success
	assert_output --partial 'Pagination : off'
	run ucsh -c 'set cli pagination maybe'
	assert_failure 2
}

@test "optional positional parameters: COUNTRY and ALTHOST may be left out" {
	run ucsh -c 'set web-security OU1 Org City State'
	assert_success
	run ucsh -c 'set web-security OU1 Org City State de alt.example.com' -c 'show web-security'
	assert_success
	assert_output --partial 'Country             : DE'
	assert_output --partial 'Alternate host name : alt.example.com'
	run ucsh -c 'set web-security OU1 Org City State DE alt.example.com extra'
	assert_failure 2
}

@test "key VALUE options are accepted in any order, each once" {
	mkdir -p "$STATE/files" && touch "$STATE/files/a.pem" "$STATE/files/b.txt"
	run ucsh -c 'file list *.pem sort size'
	assert_success
	assert_output --partial 'a.pem'
	refute_output --partial 'b.txt'
	run ucsh -c 'file list sort name sort size'
	assert_failure 2
	run ucsh -c 'file list sort'
	assert_failure 2
	assert_output --partial 'Incomplete command'
}

@test "quoted words keep spaces; a service is found by its full name" {
	run ucsh -c 'set param service "Cisco IP Manager Assistant" ctimanager-security secure' \
		-c 'show param service ipma'
	assert_success
	assert_output --partial 'CTIManager Connection Security Flag = Secure'
	assert_output --regexp 'ctimanager-security +CTIManager Connection Security Flag +Secure'
}

@test "? lists the next words with help, <cr> when complete" {
	run ucsh -c 'show ?'
	assert_success
	assert_line --regexp '^  cli +Command-line settings'
	assert_output --partial 'version'
	refute_output --partial '<cr>'
	run ucsh -c 'show version ?'
	assert_success
	assert_output --partial '<cr>'
	run ucsh -c 'set network hostname ?'
	assert_output --partial '<HOST>'
	run ucsh -c 'sh?'
	assert_output --partial 'show'
	refute_output --partial 'set '
}

@test "? shows the live values of a typed parameter under its placeholder" {
	run ucsh -c 'utils service activate ?'
	assert_success
	assert_line --index 0 --regexp '^  <SERVICE> +service: short id or name'
	assert_line --regexp '^  capf *$'
	assert_line --regexp '^  tomcat *$'
	run ucsh -c 'utils service activate t?'
	assert_line --regexp '^  tftp *$'
	refute_line --regexp '^  capf'
}

@test "? inside quotes is a literal character" {
	run --separate-stderr ucsh -c 'set network hostname "a?"'
	assert_failure 2
	[[ $stderr == *'Invalid value "a?" for HOST'* ]]
}

@test "help describes a command with its parameters, privilege and example" {
	run ucsh -c 'help set network hostname'
	assert_success
	assert_output --partial 'set network hostname HOST'
	assert_output --partial 'HOST: host name'
	assert_output --partial 'Privilege: 4 (administrator)'
	assert_output --partial 'Example: set network hostname'
	run ucsh -c 'help file del'
	assert_output --partial 'asks for confirmation'
	run ucsh -c 'help'
	assert_success
	assert_output --partial 'show version'
	assert_output --partial 'file delete FILE'
}

@test "--complete prints candidates for the last word, one per line" {
	run ucsh --complete 'sh'
	assert_success
	assert_output 'show'
	run ucsh --complete 'show ne'
	assert_output 'network'
	run ucsh --complete 'set param service '
	assert_success
	assert_line 'ipma'
	assert_line 'capf'
	run ucsh --complete 'set param service ipma '
	assert_line 'ctimanager-security'
	run ucsh --complete 'show nothing '
	assert_success
	assert_output ''
}

@test "--list-commands prints every command with level and flags" {
	run ucsh --list-commands
	assert_success
	assert_line $'4\twrite\tset network hostname HOST\tset network hostname cucm-pub'
	assert_line $'1\tconfirm,write\tfile delete FILE\tfile delete old-ca.pem'
	assert_line $'0\tread\tshow version\tshow version'
	[ "$(echo "$output" | wc -l)" -ge 20 ]
}

@test "a command above the account's level is refused with exit 3 and changes nothing" {
	db "UPDATE account SET level = 0"
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set network hostname other'
	assert_failure 3
	[[ $stderr == *'Permission denied: "set network hostname" needs privilege level 4; account '*' has level 0'* ]]
	[ "$(db_dump)" = "$before" ]
	run ucsh -c 'show network'
	assert_success
}

@test "commands above the account's level are hidden from ? and completion" {
	db "UPDATE account SET level = 0"
	run ucsh -c 'set ?'
	assert_success
	refute_output --partial 'network'
	assert_output --partial 'cli'
	run ucsh --complete 'set '
	refute_line 'network'
	refute_line 'param'
}

@test "an unknown account is refused with exit 3" {
	db "DELETE FROM account"
	run --separate-stderr ucsh -c 'show version'
	assert_failure 3
	[[ $stderr == *'is not a ucsh account on this node'* ]]
}

@test "a command that fails exits 1" {
	run --separate-stderr ucsh -c 'file view missing.txt'
	assert_failure 1
	[[ $stderr == *'missing.txt: no such file in the file area'* ]]
}

@test "bad command-line options exit 2 with usage" {
	run ucsh --bogus
	assert_failure 2
	assert_output --partial 'usage: ucsh'
	run ucsh stray
	assert_failure 2
	run "$UCSH" --version
	assert_success
	assert_output --regexp '^ucsh [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "batch mode refuses a confirmation and says what the command would have done" {
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set cert regen tomcat'
	assert_failure 2
	[[ $stderr == *'Confirmation required: rerun with --yes (in an SSH command: --yes COMMAND)'* ]]
	[[ $stderr == *'  The key and certificate of tomcat are replaced by a new key and self-signed certificate.'* ]]
	[[ $stderr == *'  These services are marked for restart: Cisco Tomcat.'* ]]
	[ "$(db_dump)" = "$before" ]
}

@test "one command string may begin with --yes, --json, --continue or --dry-run, and nothing else" {
	run ucsh -c '--json show status'
	assert_success
	echo "$output" | jq -e '.cluster_id == "StandAloneCluster"'
	before=$(db "SELECT sha256 FROM cert WHERE unit = 'tomcat' AND kind = 'own'")
	run ucsh -c '--dry-run --yes set cert regen tomcat'
	assert_success
	[ "$(db "SELECT sha256 FROM cert WHERE unit = 'tomcat' AND kind = 'own'")" = "$before" ]
	run ucsh -c '--yes set cert regen tomcat'
	assert_success
	[ "$(db "SELECT sha256 FROM cert WHERE unit = 'tomcat' AND kind = 'own'")" != "$before" ]
	for opt in '--config /tmp/x.conf' '--state-dir /tmp' '-c' '-f' '--yesplease' '-y'; do
		run --separate-stderr ucsh -c "$opt show status"
		assert_failure 2
		[[ $stderr == *"is not allowed in a command string: only --yes, --json, --continue and --dry-run are"* ]]
		[ -z "$output" ]
	done
}
