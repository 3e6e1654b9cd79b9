#!/usr/bin/env bats
# Services, restart hooks (run without a shell, clean environment, timeout),
# utils system restart and show status.

setup_file() {
	load helpers/common
	init_template
}

setup() {
	load helpers/common
	fresh_state
	HOOKS="$BATS_TEST_TMPDIR/hooks"
	mkdir -p "$HOOKS"
	# A hook that records how it was run.
	cat >"$HOOKS/record" <<'HOOK'
#!/bin/sh
out=$1
shift
{
	echo "args:$#:$*"
	echo "event=$UCSH_EVENT service=$UCSH_SERVICE state=$UCSH_STATE_DIR"
	echo "path=$PATH"
	echo "home=${HOME-unset} user=${USER-unset} term=${TERM-unset}"
	if read -r line; then echo "stdin:$line"; else echo "stdin:eof"; fi
} >>"$out"
echo "hook says hello"
exit "${HOOK_EXIT:-0}"
HOOK
	chmod +x "$HOOKS/record"
}

conf() {
	printf '%s\n' "$@" >"$STATE/ucsh.conf"
}

@test "utils service list shows names, ids, activation, pending restarts and hooks" {
	conf "restart.tomcat = $HOOKS/record $HOOKS/log"
	run ucsh -c 'utils service list'
	assert_success
	assert_line --regexp '^Cisco Tomcat +tomcat +yes +no +yes +-$'
	assert_line --regexp '^Cisco Certificate Authority Proxy Function +capf +no +no +no +ucshd not running$'
	assert_line --regexp '^IPsec +ipsec +yes +no +no +-$'
	[ "$(echo "$output" | grep -c '^Cisco\|^IPsec')" -eq 12 ]
}

@test "services are activated and deactivated by id, name or prefix" {
	run ucsh -c 'utils service activate "Cisco Certificate Authority Proxy Function"' \
		-c 'utils service activate "Trust Verification"' -c 'utils service activate callm' \
		-c 'utils service deactivate ipsec'
	assert_success
	assert_line 'Cisco Certificate Authority Proxy Function activated.'
	assert_line 'Cisco Trust Verification Service is already activated.'
	assert_line 'Cisco CallManager activated.'
	assert_line 'IPsec deactivated.'
	run ucsh -c 'utils service list'
	assert_line --regexp '^Cisco Certificate Authority Proxy Function +capf +yes'
	assert_line --regexp '^IPsec +ipsec +no'
	run ucsh -c 'utils service activate nosuch'
	assert_failure 2
}

@test "a restart without a configured hook fails clearly" {
	run --separate-stderr ucsh --yes -c 'utils service restart tomcat'
	assert_failure 1
	[[ $stderr == *'Restart is not configured on this node: set restart.tomcat in'* ]]
	run --separate-stderr ucsh --yes -c 'utils system restart'
	assert_failure 1
	[[ $stderr == *'set restart.system'* ]]
}

@test "a restart runs the hook directly with a clean environment and stdin from /dev/null" {
	conf "restart.tomcat = $HOOKS/record $HOOKS/log 'two words' \$HOME ;echo"
	db "INSERT INTO service (id, activated, restart_pending, pending_reason) VALUES ('tomcat', 1, 1, 'certificate regenerated')"
	run ucsh -c 'utils service list'
	assert_line --regexp '^Cisco Tomcat +tomcat +yes +yes \(certificate regenerated\) +yes +-$'
	run env HOME=/root TERM=xterm USER=me "$UCSH" --state-dir "$STATE" --yes -c 'utils service restart tomcat'
	assert_success
	assert_line 'hook says hello'
	assert_line 'Cisco Tomcat restarted.'
	run cat "$HOOKS/log"
	# argv as written: quotes group, nothing is expanded, ';' is just a character
	assert_line 'args:3:two words $HOME ;echo'
	assert_line "event=restart service=tomcat state=$STATE"
	assert_line --regexp '^path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin$'
	assert_line 'home=unset user=unset term=unset'
	assert_line 'stdin:eof'
	[ "$(db "SELECT restart_pending FROM service WHERE id = 'tomcat'")" = 0 ]
}

@test "a failing hook is reported with its exit status and keeps the restart pending" {
	printf '#!/bin/sh\necho broken >&2\nexit 3\n' >"$HOOKS/fail" && chmod +x "$HOOKS/fail"
	conf "restart.tomcat = $HOOKS/fail"
	db "INSERT INTO service (id, activated, restart_pending) VALUES ('tomcat', 1, 1)"
	run --separate-stderr ucsh --yes -c 'utils service restart tomcat'
	assert_failure 1
	[ "$output" = broken ]
	[[ $stderr == *'Cisco Tomcat: the restart hook failed with exit status 3'* ]]
	[ "$(db "SELECT restart_pending FROM service WHERE id = 'tomcat'")" = 1 ]
}

@test "a hook that does not finish is stopped after hook_timeout" {
	printf '#!/bin/sh\nsleep 30 &\nsleep 30\n' >"$HOOKS/slow" && chmod +x "$HOOKS/slow"
	conf "restart.tomcat = $HOOKS/slow" "hook_timeout = 1"
	start=$(date +%s)
	run --separate-stderr ucsh --yes -c 'utils service restart tomcat'
	assert_failure 1
	[[ $stderr == *'did not finish within 1 s and was stopped'* ]]
	[ $(($(date +%s) - start)) -lt 10 ]
	# its whole process group is gone
	! pgrep -f "$HOOKS/slow" >/dev/null
}

@test "a hook that cannot be run is reported" {
	conf "restart.tomcat = $HOOKS/missing-program"
	run --separate-stderr ucsh --yes -c 'utils service restart tomcat'
	assert_failure 1
	[[ $output == *'cannot run'*'missing-program'* ]]
	[[ $stderr == *'exit status 127'* ]]
}

@test "a deactivated service is not restarted" {
	conf "restart.capf = $HOOKS/record $HOOKS/log"
	run --separate-stderr ucsh --yes -c 'utils service restart capf'
	assert_failure 1
	[[ $stderr == *'is not activated (utils service activate capf)'* ]]
	[ ! -e "$HOOKS/log" ]
}

@test "restarts ask for confirmation; batch needs --yes" {
	conf "restart.tomcat = $HOOKS/record $HOOKS/log"
	run ucsh -c 'utils service restart tomcat'
	assert_failure 2
	[ ! -e "$HOOKS/log" ]
}

@test "utils system restart runs restart.system and clears every pending restart" {
	conf "restart.system = $HOOKS/record $HOOKS/log"
	db "INSERT INTO service (id, activated, restart_pending) VALUES ('tomcat', 1, 1), ('tvs', 1, 1)"
	run ucsh --yes -c 'utils system restart'
	assert_success
	assert_line 'System restart started.'
	grep -q 'event=restart service=system' "$HOOKS/log"
	[ "$(db "SELECT sum(restart_pending) FROM service")" = 0 ]
}

@test "utils system restart is for administrators; service restarts for operators" {
	conf "restart.system = $HOOKS/record $HOOKS/log" "restart.tomcat = $HOOKS/record $HOOKS/log"
	db "UPDATE account SET level = 1"
	run ucsh --yes -c 'utils system restart'
	assert_failure 3
	run ucsh --yes -c 'utils service restart tomcat'
	assert_success
}

@test "a restart does not hold the store while its hook runs" {
	printf '#!/bin/sh\nsleep 2\n' >"$HOOKS/slow" && chmod +x "$HOOKS/slow"
	conf "restart.tomcat = $HOOKS/slow"
	ucsh --yes -c 'utils service restart tomcat' >/dev/null &
	sleep 0.5
	start=$(date +%s%N)
	run ucsh -c 'set network domain during.example'
	assert_success
	# far less than the 5 s busy timeout: no lock was held
	[ $((($(date +%s%N) - start) / 1000000)) -lt 1500 ]
	wait
}

@test "show status summarises identity, cluster, security mode and pending restarts" {
	db "INSERT INTO service (id, activated, restart_pending) VALUES ('tomcat', 1, 1)"
	run ucsh -c 'show status'
	assert_success
	assert_line --regexp '^Node +: [^ ]+\.[^ ]+$'
	assert_line --regexp '^Cluster ID +: StandAloneCluster$'
	assert_line --regexp '^Cluster security mode +: 0 \(non-secure\)$'
	assert_line --regexp '^Services pending restart +: Cisco Tomcat$'
	assert_line --regexp '^Own certificates +: 11$'
	assert_line --regexp '^Trusted certificates +: 0$'
	assert_line --regexp '^Expiring within 30 days +: 0$'
	run ucsh --json -c 'show status'
	echo "$output" | jq -e '.cluster_security_mode == 0 and .restart_pending == "Cisco Tomcat"'
	echo "$output" | jq -e '.own_certificates == 11 and .trusted_certificates == 0 and .expiring_30_days == 0'
}

@test "show status counts certificates expiring within 30 days" {
	ucsh --yes -c 'set cert regen TVS days 10' -c 'set cert regen ipsec days 29' >/dev/null
	run ucsh -c 'show status'
	assert_line --regexp '^Own certificates +: 11$'
	assert_line --regexp '^Expiring within 30 days +: 2 \(utils cert monitor run lists them\)$'
}

@test "restart marks: trust deletes like imports, service parameters their service, only activated services" {
	mkdir -p "$STATE/files"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null -subj /CN=MarkRoot \
		-days 30 -out "$STATE/files/root.pem" 2>/dev/null
	ucsh -c 'set cert import trust tomcat-trust root.pem' >/dev/null
	ucsh --yes -c 'utils system restart' >/dev/null 2>&1 || db "UPDATE service SET restart_pending = 0"
	run ucsh --yes -c 'set cert delete tomcat-trust MarkRoot'
	assert_success
	assert_line 'Restart to use it: Cisco Tomcat (utils service restart SERVICE).'
	[ "$(db "SELECT restart_pending FROM service WHERE id = 'tomcat'")" = 1 ]
	# CallManager is not activated: a CallManager regen marks only what runs.
	run ucsh --yes -c 'set cert regen CallManager'
	assert_success
	refute_output --partial 'Cisco CallManager,'
	[ "$(db "SELECT coalesce((SELECT restart_pending FROM service WHERE id = 'callmanager'), 0)")" = 0 ]
	# A service parameter marks its service, when the service runs.
	run ucsh -c 'set param service capf key-size 3072'
	assert_success
	refute_output --partial 'Restart'
	ucsh -c 'utils service activate capf' >/dev/null
	run ucsh -c 'set param service capf key-size 4096'
	assert_success
	assert_line 'Restart Cisco Certificate Authority Proxy Function to use it (utils service restart capf).'
}
