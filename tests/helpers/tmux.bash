# Drives the real binary on a terminal: tmux on a private socket, keys in,
# screen out. Poll for the expected screen instead of sleeping blindly.
TMUX_SOCKET="ucsh-test-$$-$BATS_TEST_NUMBER"

term_start() { # term_start CMD...
	TERM=xterm tmux -L "$TMUX_SOCKET" -f /dev/null new-session -d -s t -x 120 -y 40 "$@"
}

term_keys() {
	tmux -L "$TMUX_SOCKET" send-keys -t t "$@"
}

term_screen() {
	tmux -L "$TMUX_SOCKET" capture-pane -p -t t 2>/dev/null
}

# term_wait REGEX: until the screen matches (10 s at most).
term_wait() {
	local i
	for i in $(seq 1 100); do
		term_screen | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	echo "screen never matched /$1/:" >&2
	term_screen >&2
	return 1
}

# term_wait_count REGEX N: until N lines of the screen match.
term_wait_count() {
	local i
	for i in $(seq 1 100); do
		[ "$(term_screen | grep -Ec -- "$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	term_screen >&2
	return 1
}

# term_gone: until the program has exited and tmux with it.
term_gone() {
	local i
	for i in $(seq 1 100); do
		tmux -L "$TMUX_SOCKET" has-session -t t 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

term_stop() {
	tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null || true
}
