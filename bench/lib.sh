# Shared by the benchmarks. Each one times ucsh and a baseline doing the same
# work in the same run with hyperfine (exec without a shell, warm-up runs) and
# prints the ratio of the medians. Targets live here, never in tests.

need() {
	command -v "$1" >/dev/null || { echo "$0: needs $1 (apt-get install $2)" >&2; exit 2; }
}

bench_setup() {
	UCSH=${1:-${UCSH:-build/ucsh}}
	[ -x "$UCSH" ] || { echo "usage: $0 [path/to/ucsh] (build it first: ./dev start -c quit)" >&2; exit 2; }
	need sqlite3 sqlite3
	need hyperfine hyperfine
	need jq jq
	WORK=$(mktemp -d)
	trap 'rm -rf "$WORK"' EXIT
	STATE="$WORK/state"
	"$UCSH" --state-dir "$STATE" -c 'show version' >/dev/null
}

# compare NAME TARGET RUNS UCSH_CMD BASELINE_CMD
compare() {
	local name=$1 target=$2 runs=$3
	# PREPARE (optional): a command run before every timed run of both.
	hyperfine -N --style none --warmup 5 --runs "$runs" ${PREPARE:+--prepare "$PREPARE"} \
		--export-json "$WORK/h.json" "$4" "$5" >/dev/null
	jq -r --arg n "$name" --argjson t "$target" '
		(.results[0].median * 1000) as $u | (.results[1].median * 1000) as $b | ($u / $b) as $r |
		"\($n): ucsh \($u * 1000 | round / 1000) ms, baseline \($b * 1000 | round / 1000) ms, " +
		"ratio \($r * 100 | round / 100)x (target <= \($t)x) " + (if $r <= $t then "OK" else "OVER TARGET" end)
	' "$WORK/h.json"
}
