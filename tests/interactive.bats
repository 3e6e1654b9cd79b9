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
