#!/usr/bin/env bats
# Clusters on a real PostgreSQL 15 (CLUSTER.md): a primary and a hot standby
# started by the test as an unprivileged user on 127.0.0.1.

setup_file() {
	load helpers/common
	load helpers/pg
	# LeakSanitizer (LLVM 14) misreads the dynamic TLS of the libraries
	# libpq loads with glibc 2.36 ("DTLS 6 at 0x000000000577-…", then
	# "Tracer caught signal 11", exit 99): it does not scan TLS here. The
	# objects krb5 keeps per thread, then unreferenced, are suppressed in
	# tests/lsan.supp.
	export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}use_tls=0"
	pg_require
	pg_primary
	pg_standby 2
	pg_standby 3
	export PG_DIR PG_PORT1 PG_PORT2 PG_PORT3
}

teardown_file() {
	load helpers/pg
	pg_stop_all
}

setup() {
	load helpers/common
	load helpers/pg
	UNIT_DIR=${UNIT_DIR:-$(dirname "$UCSH")/tests/unit}
}

@test "the store's entity functions run on PostgreSQL as on SQLite; a standby reads and refuses writes" {
	run "$UNIT_DIR/pg_backend" "$(pg_conninfo "$PG_PORT1" unit)" "$(pg_conninfo "$PG_PORT2" unit)"
	echo "$output"
	assert_success
	assert_line --regexp '^[0-9]+ passed, 0 failed$'
	refute_output --partial 'not ok'
}

@test "cluster store: writes go to the primary and are on this node's standby when the command returns" {
	run "$UNIT_DIR/pg_backend" cluster "$(pg_conninfo "$PG_PORT1" unit)" "$(pg_conninfo "$PG_PORT2" unit)"
	echo "$output"
	assert_success
	assert_line --regexp '^[0-9]+ passed, 0 failed$'
}

@test "cluster store: with the publisher down reads go on and writes fail as unavailable" {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/n1" -m fast stop >/dev/null
	run "$UNIT_DIR/pg_backend" down "$(pg_conninfo "$PG_PORT1" unit)" "$(pg_conninfo "$PG_PORT2" unit)"
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/n1" -w -l "$PG_DIR/n1.log" start >/dev/null
	echo "$output"
	assert_success
	assert_line --regexp '^[0-9]+ passed, 0 failed$'
}

# node N PRIMARY_PORT LOCAL_PORT [DATABASE]: a ucsh state NODEn configured for the cluster.
node() {
	local dir="$BATS_TEST_TMPDIR/node$1"
	"$UCSH" --state-dir "$dir" -c "set network hostname node$1" >/dev/null
	printf 'cluster.primary = %s\ncluster.local = %s\n' "$(pg_conninfo "$2" "${4:-ucsh}")" \
		"$(pg_conninfo "$3" "${4:-ucsh}")" >"$dir/ucsh.conf"
	mkdir -p "$dir/files"
	eval "NODE$1=\$dir"
}

# A database of its own for a scenario, on the primary (the standbys follow).
new_database() {
	pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT1" -U ucsh "$1"
}

# The subjects of the certificates in a PEM bundle, one per line.
bundle_subjects() {
	[ -s "$1" ] || return 0
	openssl crl2pkcs7 -nocrl -certfile "$1" | openssl pkcs7 -print_certs -noout | sed -n 's/^subject=//p'
}

on() { # on N ucsh-args...
	local n=$1
	shift
	eval "\"$UCSH\" --state-dir \"\$NODE$n\" \"\$@\""
}

psql_primary() { # psql_primary SQL [DATABASE]
	pg_as "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT1" -U ucsh -d "${2:-ucsh}" -Atc "$1"
}

@test "two nodes: init and join; enterprise parameters are the cluster's; publisher down: reads go on, writes refused" {
	node 1 "$PG_PORT1" "$PG_PORT1"
	node 2 "$PG_PORT1" "$PG_PORT2"
	run on 2 -c 'show cluster'
	assert_failure
	assert_output --partial 'not a member of a cluster yet'
	on 1 -c 'set param enterprise cluster-id Lab' >/dev/null
	on 2 -c 'set param enterprise cluster-id Mine' -c 'set param enterprise activation-ttl 48' \
		-c 'set param service capf key-gen-retries 5' >/dev/null
	run on 2 --yes -c 'utils cluster init'
	assert_failure 1
	assert_output --partial 'is a standby, not the primary'
	run on 1 --yes -c 'utils cluster init'
	assert_success
	assert_line 'Cluster created; this node is its publisher.'
	[ "$(psql_primary "SELECT value FROM param WHERE scope = 'enterprise' AND name = 'cluster-id'")" = Lab ]
	run --separate-stderr on 2 --yes -c 'utils cluster join'
	assert_success
	assert_line 'This node joined the cluster as a subscriber.'
	[[ $stderr == *'the cluster'"'"'s is kept: cluster-id: Mine (cluster: Lab)'* ]]
	# What the cluster lacked (activation-ttl) was added, not dropped.
	[ "$(psql_primary "SELECT value FROM param WHERE name = 'activation-ttl'")" = 48 ]
	for n in 1 2; do
		run on $n -c 'show cluster'
		assert_success
		assert_line --regexp '^node1 +node1\.[^ ]+ +[^ ]+ +publisher +(yes|no) '
		assert_line --regexp '^node2 +node2\.[^ ]+ +[^ ]+ +subscriber +(yes|no) '
		run on $n -c 'show param enterprise | include cluster-id'
		assert_output --regexp 'cluster-id +Cluster ID +Lab '
	done
	# Replication as both nodes see it (utils dbreplication runtimestate is the appliance's name).
	run on 2 -c 'utils dbreplication runtimestate'
	assert_success
	assert_line --regexp '^Its database +: hot standby$'
	assert_line --regexp '^slot_n2 +127\.0\.0\.1 +streaming +[0-9]+ +[0-9.]* +yes$'
	run on 1 --json -c 'utils cluster status'
	assert_success
	echo "$output" | jq -e '.database == "primary" and .member == "yes" and (.replicas | length) == 2
		and ([.replicas[].slot] == ["slot_n2", "slot_n3"]) and all(.replicas[]; .slot_active)'
	run on 2 -c 'show status'
	assert_line --regexp '^Cluster +: member; replication lag [0-9]+ s \([0-9]+ bytes to replay\)$'
	run on 1 -c 'show status'
	assert_line --regexp "^Cluster +: member; this node's database is the primary$"
	# Service parameters are each node's own, kept under its name in the cluster.
	[ "$(psql_primary "SELECT value FROM node_param WHERE node = 'node2' AND name = 'key-gen-retries'")" = 5 ]
	run on 1 -c 'set param service capf key-gen-retries 1'
	assert_success
	run on 1 -c 'show param service capf | include key-gen'
	assert_output --regexp 'key-gen-retries .* 1 +3 '
	run on 2 -c 'show param service capf | include key-gen'
	assert_output --regexp 'key-gen-retries .* 5 +3 '
	[ "$(psql_primary "SELECT count(*) FROM node_param WHERE name = 'key-gen-retries'")" = 2 ]
	# A change on the subscriber goes to the primary and is on its own standby at once.
	run on 2 -c 'set param enterprise capf-operation-expires 21'
	assert_success
	run on 2 -c 'show param enterprise | include capf-operation'
	assert_output --regexp ' 21 '
	run on 1 -c 'show param enterprise | include capf-operation'
	assert_output --regexp ' 21 '
	# The publisher goes down: the subscriber still reads, and refuses every cluster-wide write.
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/n1" -m fast stop >/dev/null
	before=$(sqlite3 "$NODE2/ucsh.db" .dump | grep -v '^INSERT INTO audit ')
	run on 2 -c 'show param enterprise | include capf-operation'
	assert_success
	assert_output --regexp ' 21 '
	run --separate-stderr on 2 -c 'utils cluster status'
	status_down=$status status_err=$stderr
	down_nodes=$(on 2 --json -c 'show cluster')
	run --separate-stderr on 2 -c 'set param enterprise capf-operation-expires 30'
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/n1" -w -l "$PG_DIR/n1.log" start >/dev/null
	[ "$status_down" -eq 1 ] && [[ $status_err == *'The publisher ('*') cannot be reached'* ]]
	echo "$down_nodes" | jq -e '[.nodes[] | .reachable] == ["no", "unknown"]'
	# Up again: the publisher answers and the subscriber's standby streams through its slot.
	for i in $(seq 50); do
		on 1 --json -c 'show cluster' | jq -e '[.nodes[] | .reachable] == ["yes", "yes"]' >/dev/null && break
		sleep 0.2
	done
	on 1 --json -c 'show cluster' | jq -e '[.nodes[] | .reachable] == ["yes", "yes"]'
	[ "$(psql_primary "SELECT slot FROM cluster_node WHERE name = 'node2'")" = slot_n2 ]
	assert_failure 1
	[[ $stderr == *'The cluster configuration is read-only: the publisher ('*') is unreachable; nothing was changed'* ]]
	[ "$(sqlite3 "$NODE2/ucsh.db" .dump | grep -v '^INSERT INTO audit ')" = "$before" ]
	# Node-local settings stay writable with the publisher up or down.
	run on 2 -c 'set cli session timeout 45'
	assert_success
	# Its own database down too: the node says so, reads its own copy, and still refuses
	# cluster-wide writes (it knows it is a member).
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/n2" -m fast stop >/dev/null
	before=$(sqlite3 "$NODE2/ucsh.db" .dump | grep -v '^INSERT INTO audit ')
	run --separate-stderr on 2 -c 'set param enterprise capf-operation-expires 30'
	local_down_status=$status local_down_err=$stderr
	run --separate-stderr on 2 -c 'set param service capf key-gen-retries 2'
	service_down_status=$status
	run on 2 -c 'set cli session timeout 50'
	cli_status=$status
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/n2" -w -l "$PG_DIR/n2.log" start >/dev/null
	[ "$local_down_status" -eq 1 ] && [ "$service_down_status" -eq 1 ] && [ "$cli_status" -eq 0 ]
	[[ $local_down_err == *'Warning: cannot reach the cluster database'* ]]
	[[ $local_down_err == *"The cluster configuration is read-only: this node's cluster database ("*") cannot be reached; nothing was changed"* ]]
	[ "$(sqlite3 "$NODE2/ucsh.db" .dump | grep -v '^INSERT INTO audit ' | grep -v "'session-timeout'")" = "$(echo "$before" | grep -v "'session-timeout'")" ]
	# The subscriber leaves; the publisher cannot leave before it.
	run on 1 --yes -c 'utils cluster leave'
	assert_failure
	assert_output --partial 'while 1 subscriber remains'
	run on 2 --yes -c 'utils cluster leave'
	assert_success
	run on 1 -c 'show cluster'
	refute_output --partial node2
}

@test "three nodes: a trust certificate imported or deleted on any node is deployed on every node" {
	load helpers/ca
	new_database trust
	for n in 1 2 3; do node $n "$PG_PORT1" "$(eval echo "\$PG_PORT$n")" trust; done
	for ca in rootA rootB rootC; do make_ca "$BATS_TEST_TMPDIR" $ca; done
	# Before they form a cluster, node 1 trusts rootA and node 3 rootA and rootC.
	cp "$BATS_TEST_TMPDIR/rootA.pem" "$NODE1/files/"
	cp "$BATS_TEST_TMPDIR/rootA.pem" "$BATS_TEST_TMPDIR/rootC.pem" "$NODE3/files/"
	on 1 -c 'set cert import trust tomcat-trust rootA.pem' >/dev/null
	on 3 -c 'set cert import trust tomcat-trust rootA.pem' -c 'set cert import trust CallManager-trust rootC.pem' \
		-c 'user add application Node3App' -c 'user group add Standard-CTI-Enabled Node3App' >/dev/null
	run on 1 --yes -c 'utils cluster init'
	assert_success
	assert_line 'Trust certificates of this node: 1 added to the cluster'"'"'s stores, 0 replaced an older renewal there, 0 already there.'
	# XMPP router-to-router secure mode: each joining node's cup-xmpp certificate is trusted.
	on 1 -c 'set xmpp security router enable' >/dev/null
	on 2 --yes -c 'utils cluster join' >/dev/null
	# Node 2 trusted nothing; it deployed the cluster's stores when it joined.
	run bundle_subjects "$NODE2/deploy/tomcat-trust.pem"
	assert_output --partial 'CN = rootA'
	run on 3 --yes -c 'utils cluster join'
	assert_success
	assert_line '1 user and 0 CAPF profiles of this node added to the cluster.'
	# Merged by the replacement rules: rootA is the same certificate, rootC is new.
	assert_line 'Trust certificates of this node: 1 added to the cluster'"'"'s stores, 0 replaced an older renewal there, 1 already there.'
	[ "$(psql_primary "SELECT unit || ':' || name FROM cert WHERE unit <> 'cup-xmpp-trust' ORDER BY 1" trust | tr '\n' ' ')" = 'CallManager-trust:rootC tomcat-trust:rootA ' ]
	for n in 1 2 3; do
		serial=$(sqlite3 "$(eval echo "\$NODE$n")/ucsh.db" "SELECT serial FROM cert WHERE kind = 'own' AND unit = 'cup-xmpp'")
		[ "$(psql_primary "SELECT count(*) FROM cert WHERE unit = 'cup-xmpp-trust' AND serial = '$serial'" trust)" = 1 ]
	done
	# What node 3 brought reaches node 2 with its next command.
	run bundle_subjects "$NODE2/deploy/CallManager-trust.pem"
	refute_output --partial 'CN = rootC'
	on 2 -c 'show version' >/dev/null
	run bundle_subjects "$NODE2/deploy/CallManager-trust.pem"
	assert_output --partial 'CN = rootC'
	# Users and groups are the cluster's: node 3's application user came with it.
	run on 1 -c 'user group list Standard-CTI-Enabled'
	assert_line --regexp '^Standard CTI Enabled +Node3App$'
	on 2 -c 'user add end alice' -c 'user group add Standard-CTI-E alice' >/dev/null
	run on 3 -c 'user list'
	assert_line --regexp '^alice +end +no +Standard CTI Enabled$'
	# TVS on node 3 answers from the cluster: node 1's CallManager certificate, and a trust
	# certificate imported on node 2.
	port=$(free_port)
	"$(dirname "$UCSH")/ucshd" --state-dir "$NODE3" --tvs "127.0.0.1:$port" --capf "127.0.0.1:$(free_port)" --sip "127.0.0.1:$(free_port)" --timeout 5 2>/dev/null &
	tvs_pid=$!
	for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
	cp "$BATS_TEST_DIRNAME/data/tvs/ccm.pem" "$NODE2/files/"
	on 2 -c 'set cert import trust CallManager-trust ccm.pem' >/dev/null
	tvs() { python3 "$BATS_TEST_DIRNAME/helpers/tvs_client.py" "$port" "$NODE3/deploy/TVS.pem" CP-8841-SEP00112233AA01 "$1" | head -1; }
	node1_ccm=$(tvs "$NODE1/deploy/CallManager.pem")
	node2_ccm=$(tvs "$BATS_TEST_DIRNAME/data/tvs/ccm.pem")
	kill "$tvs_pid"
	[ "$node1_ccm" = 'status 0 roles 1,3 ttl 86400 session 1' ]
	[ "$node2_ccm" = 'status 0 roles 1 ttl 86400 session 1' ]
	# A parameter change on node 3 is every node's.
	run on 3 -c 'set param enterprise cluster-id Three'
	assert_success
	for n in 1 2 3; do
		run on $n -c 'show param enterprise | include cluster-id'
		assert_output --regexp 'cluster-id +Cluster ID +Three '
	done
	# An import on node 2 is the cluster's at once, and every node's files follow.
	cp "$BATS_TEST_TMPDIR/rootB.pem" "$NODE2/files/"
	run on 2 -c 'set cert import trust tomcat-trust rootB.pem'
	assert_success
	run bundle_subjects "$NODE2/deploy/tomcat-trust.pem"
	assert_line --partial 'CN = rootB'
	run on 1 -c 'show cert list trust unit tomcat-trust'
	assert_line --regexp '^tomcat-trust +rootB +rootB '
	run bundle_subjects "$NODE1/deploy/tomcat-trust.pem"
	assert_line --partial 'CN = rootB'
	# A node nobody logs into: the timer's utils cluster sync.
	run on 3 -c 'utils cluster sync'
	assert_success
	assert_line --regexp "^This node's files +: rewritten \(they were behind\)$"
	run bundle_subjects "$NODE3/deploy/tomcat-trust.pem"
	assert_line --partial 'CN = rootB'
	run on 3 -c 'utils cluster sync'
	assert_line --regexp "^This node's files +: current$"
	# Every node reports the generation its files reflect.
	run on 1 --json -c 'show cluster'
	assert_success
	echo "$output" | jq -e '(.nodes | length) == 3 and all(.nodes[]; .deployed == $ARGS.named.g)' \
		--argjson g "$(echo "$output" | jq .generation)"
	# A delete on node 3 leaves every node's bundle.
	run on 3 --yes -c 'set cert delete tomcat-trust rootB'
	assert_success
	on 1 -c 'show version' >/dev/null
	on 2 -c 'show version' >/dev/null
	for n in 1 2 3; do
		run bundle_subjects "$(eval echo "\$NODE$n")/deploy/tomcat-trust.pem"
		assert_line --partial 'CN = rootA'
		refute_line --partial 'CN = rootB'
	done
	# Publisher down: a trust import is refused everywhere and changes nothing on the node.
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/n1" -m fast stop >/dev/null
	before=$(sqlite3 "$NODE3/ucsh.db" .dump | grep -v '^INSERT INTO audit ')
	bundle=$(cat "$NODE3/deploy/tomcat-trust.pem")
	cp "$BATS_TEST_TMPDIR/rootB.pem" "$NODE3/files/"
	run --separate-stderr on 3 -c 'set cert import trust tomcat-trust rootB.pem'
	down_status=$status down_err=$stderr
	# Its own certificates are published in the cluster: a regen waits for the publisher too.
	run --separate-stderr on 3 --yes -c 'set cert regen CallManager'
	regen_status=$status regen_err=$stderr
	run on 3 -c 'show cert list trust unit tomcat-trust'
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/n1" -w -l "$PG_DIR/n1.log" start >/dev/null
	[ "$regen_status" -eq 1 ]
	[[ $regen_err == *'read-only: the publisher ('*') is unreachable'* ]]
	[ "$down_status" -eq 1 ]
	[[ $down_err == *'The cluster configuration is read-only: the publisher ('*') is unreachable; nothing was changed'* ]]
	assert_line --regexp '^tomcat-trust +rootA '
	[ "$(sqlite3 "$NODE3/ucsh.db" .dump | grep -v '^INSERT INTO audit ')" = "$before" ]
	[ "$(cat "$NODE3/deploy/tomcat-trust.pem")" = "$bundle" ]
	# A node that leaves deploys its own stores again (what it trusted before it joined).
	on 3 --yes -c 'utils cluster leave' >/dev/null
	run bundle_subjects "$NODE3/deploy/CallManager-trust.pem"
	assert_line --partial 'CN = rootC'
	run bundle_subjects "$NODE3/deploy/tomcat-trust.pem"
	assert_line --partial 'CN = rootA'
}

@test "three nodes: the publisher signs one CTL listing every node; every node writes those bytes; each ITL lists the cluster's TVS" {
	new_database ctl
	for n in 1 2 3; do node $n "$PG_PORT1" "$(eval echo "\$PG_PORT$n")" ctl; done
	on 1 -c 'utils service activate ctl-provider' -c 'utils service activate tftp' \
		-c 'utils service activate capf' >/dev/null
	on 1 --yes -c 'utils cluster init' >/dev/null
	on 2 --yes -c 'utils cluster join' >/dev/null
	on 3 --yes -c 'utils cluster join' >/dev/null
	# The signer's keys are the publisher's: a subscriber cannot sign.
	run --separate-stderr on 2 --yes -c 'utils ctl set-cluster mixed-mode'
	assert_failure
	[[ $stderr == *"The cluster's CTL is signed on the publisher"* ]]
	[ ! -e "$NODE2/tftp/CTLFile.tlv" ]
	run on 1 --yes -c 'utils ctl set-cluster mixed-mode'
	assert_success
	# Every node's CallManager certificate as CCM+TFTP, every node's TVS, the publisher's CAPF.
	run on 1 --json -c 'show ctl'
	assert_success
	echo "$output" | jq -e '.valid and ([.records[] | select(.role == "CCM+TFTP") | .dns | split(".")[0]] | sort) == ["node1", "node2", "node3"]
		and ([.records[] | select(.role == "TVS")] | length) == 3 and ([.records[] | select(.role == "CAPF")] | length) == 1'
	for n in 2 3; do
		serial=$(openssl x509 -in "$(eval echo "\$NODE$n")/deploy/CallManager.pem" -noout -serial | cut -d= -f2)
		echo "$output" | jq -e --arg s "$serial" --arg n "node$n" \
			'[.records[] | select(.role == "CCM+TFTP" and .serial == $s and (.dns | startswith($n + ".")))] | length == 1'
	done
	# The signature, checked without ucsh: the independent splitter and openssl.
	python3 "$BATS_TEST_DIRNAME/helpers/ctl_split.py" "$NODE1/tftp/CTLFile.tlv" "$BATS_TEST_TMPDIR/signed" "$BATS_TEST_TMPDIR/sig"
	openssl x509 -in "$NODE1/deploy/ITLRecovery.pem" -noout -pubkey >"$BATS_TEST_TMPDIR/pub.pem"
	run openssl dgst -sha512 -verify "$BATS_TEST_TMPDIR/pub.pem" -signature "$BATS_TEST_TMPDIR/sig" "$BATS_TEST_TMPDIR/signed"
	assert_output 'Verified OK'
	# The same signed bytes on every node once it syncs; cluster security mode is the cluster's.
	for n in 2 3; do
		run on $n -c 'show param enterprise | include cluster-security-mode'
		assert_output --regexp 'cluster-security-mode .* 1 '
		cmp "$NODE1/tftp/CTLFile.tlv" "$(eval echo "\$NODE$n")/tftp/CTLFile.tlv"
	done
	# Each node's ITL, signed by its own ITLRecovery, lists the three TVS certificates.
	for n in 1 2 3; do
		run on $n --json -c 'show itl'
		echo "$output" | jq -e '.valid and ([.records[] | select(.role == "TVS")] | length) == 3'
	done
	# CAPF runs on the publisher: a profile made on node 2 is enrolled on node 1, its LSC seen on node 3.
	on 2 -c 'user add application CtiApp1' \
		-c 'capf profile add appuser CtiApp1 instance CtiApp1P1 operation install auth auth-string 13572468 key ec' >/dev/null
	mkdir -p "$NODE1/files" "$NODE2/files"
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null -out "$NODE1/files/app.csr" \
		-subj /CN=CtiApp1P1 2>/dev/null
	cp "$NODE1/files/app.csr" "$NODE2/files/"
	run --separate-stderr on 2 -c 'capf enroll CtiApp1P1 auth-string 13572468 csr app.csr'
	assert_failure 1
	[[ $stderr == *'CAPF runs on the first node of the cluster: run capf enroll on node1'* ]]
	run on 1 -c 'capf enroll CtiApp1P1 auth-string 13572468 csr app.csr out lsc.pem'
	assert_success
	run openssl verify -partial_chain -CAfile "$NODE1/deploy/CAPF.pem" "$NODE1/files/lsc.pem"
	assert_success
	run on 3 -c 'capf lsc list' -c 'capf profile show CtiApp1P1'
	assert_line --regexp '^CtiApp1P1 +CtiApp1 +[0-9A-F]+ +[0-9-]+ +current$'
	assert_line --regexp '^Status +: Success$'
	# A regenerated TVS on node 3 reaches the other nodes' ITLs; the CTL is stale until the publisher re-signs.
	on 3 --yes -c 'set cert regen TVS' >/dev/null
	tvs3=$(openssl x509 -in "$NODE3/deploy/TVS.pem" -noout -serial | cut -d= -f2)
	run on 2 --json -c 'show itl'
	echo "$output" | jq -e --arg s "$tvs3" '[.records[] | select(.role == "TVS" and .serial == $s)] | length == 1'
	run on 1 -c 'show status'
	assert_line --regexp '^CTL file +: out of date: run utils ctl update CTLFile$'
	on 1 --yes -c 'utils ctl update CTLFile' >/dev/null
	on 3 -c 'show version' >/dev/null
	cmp "$NODE1/tftp/CTLFile.tlv" "$NODE3/tftp/CTLFile.tlv"
	run on 3 --json -c 'show ctl'
	echo "$output" | jq -e --arg s "$tvs3" '.valid and ([.records[] | select(.role == "TVS" and .serial == $s)] | length) == 1'
}

@test "three nodes x four concurrent writers: no write is lost, the counts are exact everywhere" {
	new_database busy
	for n in 1 2 3; do node $n "$PG_PORT1" "$(eval echo "\$PG_PORT$n")" busy; done
	on 1 --yes -c 'utils cluster init' >/dev/null
	on 2 --yes -c 'utils cluster join' >/dev/null
	on 3 --yes -c 'utils cluster join' >/dev/null
	# 3 nodes x 4 writers x 4 imports of distinct CAs, all at once.
	for n in 1 2 3; do
		for w in 1 2 3 4; do
			for i in 1 2 3 4; do
				openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null \
					-out "$(eval echo "\$NODE$n")/files/ca-$n-$w-$i.pem" -days 30 -subj "/CN=ca-$n-$w-$i" \
					-addext basicConstraints=critical,CA:TRUE 2>/dev/null
			done
		done
	done
	for n in 1 2 3; do
		for w in 1 2 3 4; do
			(
				for i in 1 2 3 4; do
					# Bounded: a writer that hangs (a lock cycle) fails its import.
					# LeakSanitizer's tracer can crash under this much parallel load
					# (the sanitizer suite); leaks are checked on the same paths
					# by the other tests.
					if ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" timeout 30 "$UCSH" --state-dir "$(eval echo "\$NODE$n")" \
						-c "set cert import trust tomcat-trust ca-$n-$w-$i.pem" >/dev/null 2>"$BATS_TEST_TMPDIR/err-$n-$w-$i"; then
						echo "ca-$n-$w-$i" >>"$BATS_TEST_TMPDIR/ok-$n-$w"
					fi
				done
			) &
		done
	done
	wait
	cat "$BATS_TEST_TMPDIR"/err-* >&2
	ok=$(cat "$BATS_TEST_TMPDIR"/ok-* | sort)
	[ "$(echo "$ok" | wc -l)" -eq 48 ]
	# Exactly these 48 in the cluster, once each.
	[ "$(psql_primary "SELECT name FROM cert WHERE unit = 'tomcat-trust' ORDER BY name" busy)" = "$ok" ]
	# The generation counted every change, and every node's files reflect the last one.
	for n in 1 2 3; do
		run on $n -c 'utils cluster sync'
		assert_success
		[ "$(bundle_subjects "$(eval echo "\$NODE$n")/deploy/tomcat-trust.pem" | sed 's/.*CN = //' | sort)" = "$ok" ]
	done
	run on 1 --json -c 'show cluster'
	echo "$output" | jq -e '.generation >= 52 and all(.nodes[]; .deployed == $ARGS.named.g)' \
		--argjson g "$(echo "$output" | jq .generation)"
	# Each node's audit trail has its 16 imports.
	for n in 1 2 3; do
		[ "$(sqlite3 "$(eval echo "\$NODE$n")/ucsh.db" "SELECT count(*) FROM audit WHERE line LIKE 'set cert import trust%' AND status = 0")" -eq 16 ]
	done
}

@test "the systemd timer runs utils cluster sync every minute through its service" {
	srcdir="$BATS_TEST_DIRNAME/../doc"
	grep -q '^OnCalendar=minutely$' "$srcdir/ucsh-cluster-sync.timer"
	grep -q '^Unit=ucsh-cluster-sync.service$' "$srcdir/ucsh-cluster-sync.timer"
	grep -q "^ExecStart=@bindir@/ucsh -c 'utils cluster sync'$" "$srcdir/ucsh-cluster-sync.service.in"
	systemd_units_verify ucsh-cluster-sync
	# What the service runs, on a node outside a cluster: a clear failure.
	run "$UCSH" --state-dir "$BATS_TEST_TMPDIR/alone" -c 'utils cluster sync'
	assert_failure 2
	assert_output --partial 'not configured for a cluster'
}

@test "a standalone ucsh never maps libpq" {
	run ldd "$UCSH"
	refute_output --partial libpq
	run ucsh_pid_maps
	refute_output --partial libpq
}

# ucsh_pid_maps: the shared objects a running standalone ucsh has mapped.
ucsh_pid_maps() {
	local state="$BATS_TEST_TMPDIR/state"
	"$UCSH" --state-dir "$state" -c 'show version' >/dev/null
	printf 'show version\n' | LD_DEBUG=files "$UCSH" --state-dir "$state" 2>&1 | grep -o 'file=[^ ]*' | sort -u
}

@test "ucsh.conf: cluster.primary and cluster.local come together and carry no password" {
	dir="$BATS_TEST_TMPDIR/conf"
	"$UCSH" --state-dir "$dir" -c 'show version' >/dev/null
	echo "cluster.primary = $(pg_conninfo "$PG_PORT1")" >"$dir/ucsh.conf"
	run --separate-stderr "$UCSH" --state-dir "$dir" -c 'show version'
	assert_failure 2
	[[ $stderr == *'needs both cluster.primary and cluster.local'* ]]
	printf 'cluster.primary = host=x password=s3cret\ncluster.local = host=x\n' >"$dir/ucsh.conf"
	run --separate-stderr "$UCSH" --state-dir "$dir" -c 'show version'
	assert_failure 2
	[[ $stderr == *'without a password (put it in a passfile'* ]]
	[[ $stderr != *s3cret* ]]
	# A cluster database that cannot be reached: a warning, and the node still works.
	port=$(free_port)
	printf 'cluster.primary = %s\ncluster.local = %s\n' "$(pg_conninfo "$port")" "$(pg_conninfo "$port")" >"$dir/ucsh.conf"
	run --separate-stderr "$UCSH" --state-dir "$dir" -c 'show param enterprise | include cluster-id'
	assert_success
	[[ $stderr == *'Warning: cannot reach the cluster database'* ]]
	run --separate-stderr "$UCSH" --state-dir "$dir" --yes -c 'utils cluster init'
	assert_failure 1
	[[ $stderr == *'The cluster database cannot be reached'* ]]
}

# Changes the servers for good: keep it last.
@test "the publisher is lost: promote the subscriber's standby; writes work again there" {
	node 1 "$PG_PORT1" "$PG_PORT1"
	node 2 "$PG_PORT1" "$PG_PORT2"
	# The subscriber writes to whichever of the two databases accepts writes.
	printf 'cluster.primary = host=127.0.0.1,127.0.0.1 port=%s,%s user=ucsh dbname=ucsh connect_timeout=3 target_session_attrs=read-write\ncluster.local = %s\n' \
		"$PG_PORT1" "$PG_PORT2" "$(pg_conninfo "$PG_PORT2")" >"$NODE2/ucsh.conf"
	on 1 --yes -c 'utils cluster init' >/dev/null
	on 2 --yes -c 'utils cluster join' >/dev/null
	run --separate-stderr on 2 --yes -c 'utils cluster promote'
	assert_failure 1
	[[ $stderr == *'The publisher still answers'* ]]
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/n1" -m immediate stop >/dev/null
	run --separate-stderr on 2 -c 'set param enterprise activation-ttl 12'
	assert_failure 1
	[[ $stderr == *'read-only: the publisher'* ]]
	run on 2 --yes -c 'utils cluster promote'
	assert_success
	assert_line "This node's database is the primary now, and node2 is the publisher."
	run on 2 -c 'set param enterprise activation-ttl 12' -c 'show param enterprise | include activation-ttl'
	assert_success
	assert_output --regexp 'activation-ttl .* 12 +168 '
	run on 2 -c 'show cluster'
	assert_line --regexp '^node2 +.* publisher +yes '
	assert_line --regexp '^node1 +.* subscriber +no '
	run on 2 -c 'utils cluster status'
	assert_line --regexp '^Its database +: primary$'
}
