#!/usr/bin/env bats
# CTL and ITL files, cluster security mode, client-side verification.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
	mkdir -p "$STATE/files"
	ucsh -c 'utils service activate ctl-provider' -c 'utils service activate tftp' \
		-c 'utils service activate capf' >/dev/null
}

mode() {
	db "SELECT coalesce((SELECT value FROM param WHERE name = 'cluster-security-mode'), '0')"
}

@test "the first start writes a signed ITL that show itl verifies" {
	run ucsh -c 'show itl'
	assert_success
	assert_line --regexp '^Signature valid +: yes$'
	assert_line --regexp '^1 +SAST +CN=ITLRECOVERY_[^ ]+ .* yes$'
	assert_line "This etoken (record 1, SAST) was used to sign the file; the other records' were not."
	assert_line --regexp '^2 +TFTP '
	assert_line --regexp '^4 +TVS '
	assert_line --regexp '^5 +CAPF '
}

@test "show ctl without a CTL says so and exits 1" {
	run --separate-stderr ucsh -c 'show ctl'
	assert_failure 1
	[[ $stderr == *'There is no CTLFile.tlv'* ]]
}

@test "mixed mode needs the CAPF service as well" {
	ucsh -c 'utils service deactivate capf' >/dev/null
	before=$(db_dump)
	run --separate-stderr ucsh --yes -c 'utils ctl set-cluster mixed-mode'
	assert_failure 1
	[[ $stderr == *'Not ready: Cisco Certificate Authority Proxy Function is not activated (utils service activate capf)'* ]]
	[ "$(db_dump)" = "$before" ]
	[ ! -e "$STATE/tftp/CTLFile.tlv" ]
}

@test "the CTL holds the CAPF record exactly while CAPF is activated" {
	ucsh --yes -c 'utils ctl set-cluster mixed-mode' >/dev/null
	run ucsh --json -c 'show ctl'
	echo "$output" | jq -e '[.records[].role] | index("CAPF") != null'
	run --separate-stderr ucsh -c 'utils service deactivate capf'
	assert_success
	[[ $stderr == *'mixed mode'*'utils ctl update CTLFile'*'without the CAPF certificate'* ]]
	run ucsh -c 'show status'
	assert_output --regexp 'CTL file +: .*out of date: run utils ctl update CTLFile'
	# The file itself is unchanged until the update.
	run ucsh --json -c 'show ctl'
	echo "$output" | jq -e '[.records[].role] | index("CAPF") != null'
	ucsh --yes -c 'utils ctl update CTLFile' >/dev/null
	run ucsh --json -c 'show ctl'
	echo "$output" | jq -e '(.records | length) == 4 and ([.records[].role] | index("CAPF") == null)'
	run ucsh -c 'show status'
	refute_output --regexp 'out of date'
	run --separate-stderr ucsh -c 'utils service activate capf'
	assert_success
	[[ $stderr == *'utils ctl update CTLFile'*'with the CAPF certificate'* ]]
	ucsh --yes -c 'utils ctl update CTLFile' >/dev/null
	run ucsh --json -c 'show ctl'
	echo "$output" | jq -e '(.records | length) == 5 and ([.records[].role] | index("CAPF") != null)'
}

@test "outside mixed mode (de)activating CAPF needs no CTL update" {
	run --separate-stderr ucsh -c 'utils service deactivate capf'
	assert_success
	[ -z "$stderr" ]
}

@test "mixed mode needs the CTL Provider and TFTP services" {
	ucsh -c 'utils service deactivate ctl-provider' >/dev/null
	before=$(db_dump)
	run --separate-stderr ucsh --yes -c 'utils ctl set-cluster mixed-mode'
	assert_failure 1
	[[ $stderr == *'Not ready: Cisco CTL Provider is not activated'* ]]
	[ "$(db_dump)" = "$before" ]
	[ ! -e "$STATE/tftp/CTLFile.tlv" ]
}

@test "mode transitions: non-secure, mixed, update after regen, reset localkey, non-secure" {
	run ucsh --yes -c 'utils ctl set-cluster non-secure-mode'
	assert_success
	[ "$(mode)" = 0 ]
	run ucsh -c 'show ctl'
	assert_success
	assert_line --regexp '^3 +CCM\+TFTP +[^ ]+ +[0-9.]+ +no$' # no certificate: only name and address
	run ucsh --yes -c 'utils ctl set-cluster mixed-mode'
	assert_success
	[ "$(mode)" = 1 ]
	run ucsh -c 'show ctl'
	assert_line --regexp '^3 +CCM\+TFTP +CN=.* [0-9A-F]+ +no$'
	assert_line --regexp '^1 +SAST +CN=ITLRECOVERY_.* yes$'
	run ucsh -c 'utils service list'
	assert_line --regexp '^Cisco TFTP +tftp +yes +yes \(CTL file changed\)'
	# a regenerated CallManager certificate makes the CTL stale until it is updated
	run --separate-stderr ucsh --yes -c 'set cert regen CallManager'
	assert_success
	[[ $stderr == *'run utils ctl update CTLFile'* ]]
	run ucsh -c 'show status'
	assert_line --regexp '^CTL file +: out of date'
	run ucsh --yes -c 'utils ctl update CTLFile' -c 'show status'
	assert_line --regexp '^CTL file +: current$'
	new_ccm=$(openssl x509 -in "$STATE/deploy/CallManager.pem" -noout -serial | cut -d= -f2)
	run ucsh -c 'show ctl'
	assert_line --regexp "^3 +CCM\\+TFTP .* $new_ccm +no$"
	# reset localkey: signed by the CallManager key
	run ucsh --yes -c 'utils ctl reset localkey' -c 'show ctl'
	assert_success
	assert_line --regexp "^2 +SAST +CN=.* $new_ccm +yes$"
	run ucsh --yes -c 'utils ctl set-cluster non-secure-mode'
	assert_success
	[ "$(mode)" = 0 ]
}

@test "the CTL signature verifies with the openssl command line" {
	ucsh --yes -c 'utils ctl set-cluster mixed-mode' >/dev/null
	python3 "$BATS_TEST_DIRNAME/helpers/ctl_split.py" "$STATE/tftp/CTLFile.tlv" "$BATS_TEST_TMPDIR/signed" \
		"$BATS_TEST_TMPDIR/sig"
	openssl x509 -in "$STATE/deploy/ITLRecovery.pem" -noout -pubkey >"$BATS_TEST_TMPDIR/pub.pem"
	run openssl dgst -sha512 -verify "$BATS_TEST_TMPDIR/pub.pem" -signature "$BATS_TEST_TMPDIR/sig" \
		"$BATS_TEST_TMPDIR/signed"
	assert_success
	assert_output 'Verified OK'
	# and the ITL too
	python3 "$BATS_TEST_DIRNAME/helpers/ctl_split.py" "$STATE/tftp/ITLFile.tlv" "$BATS_TEST_TMPDIR/s2" "$BATS_TEST_TMPDIR/g2"
	run openssl dgst -sha512 -verify "$BATS_TEST_TMPDIR/pub.pem" -signature "$BATS_TEST_TMPDIR/g2" "$BATS_TEST_TMPDIR/s2"
	assert_output 'Verified OK'
}

@test "files written by another implementation are read and verified" {
	for f in ctl-sha512.tlv ctl-sha1.tlv itl-sha512-v1.1.tlv; do
		cp "$BATS_TEST_DIRNAME/data/ctl/$f" "$STATE/files/"
		run ucsh -c "utils ctl verify $f"
		assert_success
		assert_line --regexp '^Accepted +: yes$'
	done
	cp "$BATS_TEST_DIRNAME/data/ctl/ctl-sha512-tampered.tlv" "$BATS_TEST_DIRNAME/data/ctl/ctl-sha512-truncated.tlv" "$STATE/files/"
	run ucsh -c 'utils ctl verify ctl-sha512-tampered.tlv'
	assert_failure 1
	assert_line --regexp '^Reason +: signature does not match'
	run --separate-stderr ucsh -c 'utils ctl verify ctl-sha512-truncated.tlv'
	assert_failure 1
	[[ $stderr == *'past the end'* ]]
}

@test "an update is accepted only when signed by a SAST of the previous CTL" {
	ucsh --yes -c 'utils ctl set-cluster mixed-mode' >/dev/null
	cp "$STATE/tftp/CTLFile.tlv" "$STATE/files/first.tlv"
	ucsh --yes -c 'utils ctl reset localkey' >/dev/null
	cp "$STATE/tftp/CTLFile.tlv" "$STATE/files/second.tlv"
	run ucsh -c 'utils ctl verify second.tlv previous first.tlv'
	assert_success
	assert_line --regexp '^Reason +: an update signed by a SAST of the previous trust list$'
	cp "$BATS_TEST_DIRNAME/data/ctl/ctl-sha512.tlv" "$STATE/files/foreign.tlv"
	run ucsh -c 'utils ctl verify foreign.tlv previous first.tlv'
	assert_failure 1
	assert_line --regexp '^Accepted +: no$'
	assert_line --partial 'not a SAST of the previous trust list'
}

@test "corrupt files: every flipped byte, truncations, empty and 1 MB of garbage are clean failures" {
	ucsh --yes -c 'utils ctl set-cluster mixed-mode' >/dev/null
	len=$(stat -c %s "$STATE/tftp/CTLFile.tlv")
	cp "$STATE/tftp/CTLFile.tlv" "$BATS_TEST_TMPDIR/good"
	for off in 0 1 2 5 20 100 300 $((len / 2)) $((len - 1)); do
		cp "$BATS_TEST_TMPDIR/good" "$STATE/tftp/CTLFile.tlv"
		printf "\\x$(printf %02x $(( ($(od -An -tu1 -j "$off" -N1 "$BATS_TEST_TMPDIR/good") + 1) % 256 )))" |
			dd of="$STATE/tftp/CTLFile.tlv" bs=1 seek="$off" conv=notrunc 2>/dev/null
		run ucsh -c 'show ctl'
		[ "$status" -eq 1 ] || { echo "offset $off: status $status"; false; }
	done
	: >"$STATE/files/empty.tlv"
	head -c 1048576 /dev/urandom >"$STATE/files/garbage.tlv"
	head -c 1000 "$BATS_TEST_TMPDIR/good" >"$STATE/files/short.tlv"
	for f in empty.tlv garbage.tlv short.tlv; do
		run ucsh -c "utils ctl verify $f"
		assert_failure 1
	done
}

@test "the ITL follows certificate changes" {
	before=$(sha256sum <"$STATE/tftp/ITLFile.tlv")
	ucsh --yes -c 'set cert regen TVS' >/dev/null
	[ "$(sha256sum <"$STATE/tftp/ITLFile.tlv")" != "$before" ]
	tvs=$(openssl x509 -in "$STATE/deploy/TVS.pem" -noout -serial | cut -d= -f2)
	run ucsh -c 'show itl'
	assert_line --regexp "^4 +TVS .* $tvs +no$"
}

@test "show ctl --json has the same structure" {
	ucsh --yes -c 'utils ctl set-cluster mixed-mode' >/dev/null
	run ucsh --json -c 'show ctl'
	assert_success
	echo "$output" | jq -e '.valid == true and .hash == "SHA-512" and (.records | length) == 5 and .records[0].signed_it == true'
}

@test "in mixed mode the CTL Provider and TFTP cannot be deactivated" {
	ucsh --yes -c 'utils ctl set-cluster mixed-mode' >/dev/null
	before=$(db_dump)
	for sv in ctl-provider tftp; do
		run --separate-stderr ucsh -c "utils service deactivate $sv"
		assert_failure 1
		[[ $stderr == *'cannot be deactivated while the cluster is in mixed mode'*'non-secure-mode first'* ]]
	done
	[ "$(db_dump)" = "$before" ]
	run ucsh --yes -c 'utils ctl update CTLFile'
	assert_success
	ucsh --yes -c 'utils ctl set-cluster non-secure-mode' >/dev/null
	run ucsh -c 'utils service deactivate tftp'
	assert_success
}

@test "in mixed mode a CallManager regen says the ITL is rebuilt, the CTL goes out of date and what restarts" {
	ucsh -c 'utils service activate callmanager' >/dev/null
	ucsh --yes -c 'utils ctl set-cluster mixed-mode' >/dev/null
	before=$(db_dump)
	run --separate-stderr ucsh -c 'set cert regen CallManager'
	assert_failure 2
	[[ $stderr == *'  The key and certificate of CallManager are replaced by a new key and self-signed certificate.'* ]]
	[[ $stderr == *'  The ITL (ITLFile.tlv) is rebuilt with the new certificate.'* ]]
	[[ $stderr == *'  The cluster is in mixed mode: the CTL goes out of date until utils ctl update CTLFile'* ]]
	[[ $stderr == *'  These services are marked for restart: Cisco CallManager, Cisco TFTP, Cisco CTL Provider, Cisco Trust Verification Service.'* ]]
	[ "$(db_dump)" = "$before" ]
	run --separate-stderr ucsh -c 'utils ctl update CTLFile'
	[[ $stderr == *'  CTLFile.tlv is rebuilt from the current certificates and signed by ITLRecovery (cluster security mode stays 1).'* ]]
	[[ $stderr == *'TVS and CAPF.'* ]]
}
