# ucshd on 127.0.0.1 for the test's STATE: CAPF on CAPF_PORT, TVS on
# TVS_PORT, the SIP proxy's TLS side on SIP_PORT (more options in UCSHD_ARGS). Test builds fix the first CAPF session id: $1, or 9 (fixture 01's).

ucshd_start() {
	UCSHD=${UCSHD:-$(dirname "$UCSH")/ucshd}
	CAPF_PORT=$(free_port)
	TVS_PORT=$(free_port)
	SIP_PORT=$(free_port)
	UCSH_TEST_CAPF_SESSION=${1:-9} "$UCSHD" --state-dir "$STATE" --capf "127.0.0.1:$CAPF_PORT" \
		--tvs "127.0.0.1:$TVS_PORT" --sip "127.0.0.1:$SIP_PORT" --timeout 3 ${UCSHD_ARGS:-} \
		2>"$BATS_TEST_TMPDIR/ucshd.err" &
	UCSHD_PID=$!
	# Ready when it listens; the probe goes to TVS so CAPF's first session stays 9.
	for _ in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$TVS_PORT") 2>/dev/null && break
		sleep 0.1
	done
}

# No session crashed or (sanitizer build) leaked.
ucshd_stop() {
	kill "$UCSHD_PID" 2>/dev/null || true
	wait "$UCSHD_PID" 2>/dev/null || true
	! grep 'ended abnormally' "$BATS_TEST_TMPDIR/ucshd.err"
}
