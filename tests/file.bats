#!/usr/bin/env bats
# The file area: list, view, delete, and confinement.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
	AREA="$STATE/files"
	mkdir -p "$AREA/sub"
	printf 'first line\nsecond line\n' >"$AREA/notes.txt"
	head -c 3000 /dev/zero >"$AREA/big.bin"
	echo ca >"$AREA/sub/ca.pem"
	touch -d '2020-01-01 00:00:00 UTC' "$AREA/notes.txt"
}

@test "file list shows every file with size and UTC time" {
	run ucsh -c 'file list'
	assert_success
	assert_line --index 0 --regexp '^Name +Size +Modified \(UTC\)$'
	assert_line --regexp '^notes\.txt +23 +2020-01-01T00:00:00Z$'
	assert_line --regexp '^sub/ca\.pem +3 '
}

@test "file list filters by pattern and sorts" {
	run ucsh -c 'file list *.pem'
	assert_output --partial 'sub/ca.pem'
	refute_output --partial 'notes.txt'
	run ucsh -c 'file list sort size'
	assert_line --index 2 --regexp '^big\.bin'
	run ucsh -c 'file list sort modified'
	assert_line --index 4 --regexp '^notes\.txt'
	run ucsh --json -c 'file list'
	echo "$output" | jq -e '.files | length == 3 and (.[0].size | type) == "number"'
}

@test "file list says so when the area is empty" {
	rm -rf "$AREA"
	run ucsh -c 'file list'
	assert_success
	assert_output 'The file area is empty.'
}

@test "file view prints a text file and refuses binary ones" {
	run ucsh -c 'file view notes.txt'
	assert_success
	assert_output $'first line\nsecond line'
	run --separate-stderr ucsh -c 'file view big.bin'
	assert_failure 2
	[[ $stderr == *'not a text file'* ]]
	printf '\xff\xfe' >"$AREA/latin.txt"
	run ucsh -c 'file view latin.txt'
	assert_failure 2
}

@test "paths outside the file area are refused" {
	echo secret >"$BATS_TEST_TMPDIR/outside.txt"
	ln -s "$BATS_TEST_TMPDIR/outside.txt" "$AREA/link.txt"
	ln -s "$BATS_TEST_TMPDIR" "$AREA/dirlink"
	for f in ../ucsh.db sub/../../ucsh.db /etc/passwd "$BATS_TEST_TMPDIR/outside.txt" link.txt \
		dirlink/outside.txt; do
		run --separate-stderr ucsh -c "file view '$f'"
		assert_failure 2
		[[ $stderr != *secret* ]]
		[[ $output != *secret* ]]
	done
	# A link can be cleaned up: the link itself goes, never what it points to.
	run ucsh --yes -c 'file delete link.txt'
	assert_success
	[ ! -L "$AREA/link.txt" ]
	[ "$(cat "$BATS_TEST_TMPDIR/outside.txt")" = secret ]
	run ucsh --yes -c 'file delete dirlink/outside.txt'
	assert_failure 2
	[ -e "$BATS_TEST_TMPDIR/outside.txt" ]
}

@test "an absolute path inside the area is accepted" {
	run ucsh -c "file view '$AREA/notes.txt'"
	assert_success
	assert_output --partial 'first line'
}

@test "file delete removes one file after confirmation" {
	run ucsh --yes -c 'file delete sub/ca.pem'
	assert_success
	[ ! -e "$AREA/sub/ca.pem" ]
	run --separate-stderr ucsh --yes -c 'file delete sub/ca.pem'
	assert_failure 1
	[[ $stderr == *'no such file in the file area'* ]]
	run ucsh --yes -c 'file delete sub'
	assert_failure 2
	[ -d "$AREA/sub" ]
}

@test "deleting needs operator level; listing and viewing do not" {
	db "UPDATE account SET level = 0"
	run ucsh -c 'file list'
	assert_success
	run ucsh -c 'file view notes.txt'
	assert_success
	run ucsh --yes -c 'file delete notes.txt'
	assert_failure 3
	[ -f "$AREA/notes.txt" ]
}

@test "TAB completion offers file names" {
	run ucsh --complete 'file view no'
	assert_output 'notes.txt'
}

@test "the file area exists from the first start on, not readable by others" {
	fresh="$BATS_TEST_TMPDIR/new-node"
	"$UCSH" --state-dir "$fresh" -c 'show version' >/dev/null
	[ -d "$fresh/files" ]
	[ "$(stat -c %a "$fresh/files")" = 700 ]
}
