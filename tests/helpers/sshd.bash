# A real OpenSSH sshd on 127.0.0.1 at a free high port, with its own host key,
# config and authorized keys (TESTING.md). Needs root: it creates two test
# users, one with ucsh as its login shell, one under ForceCommand.
SSH_LOGIN_USER=ucsh-login
SSH_FORCE_USER=ucsh-force
# An SFTP-only account for the bulk exchange: password and key login.
SSH_SFTP_USER=ucsh-sftp
SSH_SFTP_PASSWORD=Bulk-Sftp-Pass-42

ensure_user() { # ensure_user NAME SHELL
	if id "$1" >/dev/null 2>&1; then
		usermod -s "$2" "$1"
	else
		useradd -M -d /nonexistent -s "$2" "$1"
	fi
}

# sshd_start: sets SSHD_DIR, SSH_PORT, SSH_KEY; ucsh copied where the test
# users can run it, each with its own state directory.
sshd_start() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to run sshd with test users"
	[ -x /usr/sbin/sshd ] || skip "needs openssh-server"
	SSHD_DIR=$(mktemp -d /tmp/ucsh-sshd.XXXXXX)
	chmod 755 "$SSHD_DIR"
	cp "$UCSH" "$SSHD_DIR/ucsh"
	# The PKI core is a plugin installed beside the binary (pki/plugin.c).
	cp "$(dirname "$UCSH")/ucsh-pki.so" "$SSHD_DIR/"
	cp "$BATS_TEST_DIRNAME/lsan.supp" "$SSHD_DIR/"
	chmod 755 "$SSHD_DIR/ucsh"
	ensure_user "$SSH_LOGIN_USER" "$SSHD_DIR/ucsh"
	ensure_user "$SSH_FORCE_USER" /bin/sh
	ensure_user "$SSH_SFTP_USER" /bin/sh
	echo "$SSH_SFTP_USER:$SSH_SFTP_PASSWORD" | chpasswd
	for u in "$SSH_LOGIN_USER" "$SSH_FORCE_USER" "$SSH_SFTP_USER"; do
		mkdir -p "$SSHD_DIR/home-$u"
		chown "$u" "$SSHD_DIR/home-$u"
		chmod 700 "$SSHD_DIR/home-$u"
	done
	ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/host_key"
	ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/client_key"
	cp "$SSHD_DIR/client_key.pub" "$SSHD_DIR/authorized_keys"
	chmod 644 "$SSHD_DIR/authorized_keys"
	SSH_KEY="$SSHD_DIR/client_key"
	SFTP_DIR="$SSHD_DIR/home-$SSH_SFTP_USER/bulk"
	mkdir -p "$SFTP_DIR"
	chown "$SSH_SFTP_USER" "$SFTP_DIR"
	SSH_PORT=$(free_port)
	cat >"$SSHD_DIR/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $SSH_PORT
HostKey $SSHD_DIR/host_key
PidFile $SSHD_DIR/sshd.pid
AuthorizedKeysFile $SSHD_DIR/authorized_keys
StrictModes no
UsePAM yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PrintMotd no
LogLevel VERBOSE
Subsystem sftp internal-sftp
Match User $SSH_LOGIN_USER
	SetEnv UCSH_STATE_DIR=$SSHD_DIR/home-$SSH_LOGIN_USER/state LSAN_OPTIONS=suppressions=$SSHD_DIR/lsan.supp
	Banner $SSHD_DIR/home-$SSH_LOGIN_USER/state/deploy/banner.txt
Match User $SSH_FORCE_USER
	SetEnv UCSH_STATE_DIR=$SSHD_DIR/home-$SSH_FORCE_USER/state LSAN_OPTIONS=suppressions=$SSHD_DIR/lsan.supp
	ForceCommand $SSHD_DIR/ucsh
Match User $SSH_SFTP_USER
	PasswordAuthentication yes
	ForceCommand internal-sftp
CONF
	mkdir -p /run/sshd
	/usr/sbin/sshd -t -f "$SSHD_DIR/sshd_config"
	/usr/sbin/sshd -D -e -f "$SSHD_DIR/sshd_config" 2>"$SSHD_DIR/sshd.log" &
	SSHD_PID=$!
	for _ in $(seq 1 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$SSH_PORT") 2>/dev/null && return 0
		sleep 0.1
	done
	cat "$SSHD_DIR/sshd.log" >&2
	return 1
}

# The server's host key as ucsh and ssh-keygen -l print it.
sshd_hostkey() {
	ssh-keygen -lf "$SSHD_DIR/host_key.pub" | awk '{print $2}'
}

sshd_stop() {
	[ -n "${SSHD_PID:-}" ] && kill "$SSHD_PID" 2>/dev/null && wait "$SSHD_PID" 2>/dev/null
	[ -n "${SSHD_DIR:-}" ] && rm -rf "$SSHD_DIR"
	true
}

ssh_as() { # ssh_as USER [ssh args...] [command]
	local user=$1
	shift
	ssh -i "$SSH_KEY" -p "$SSH_PORT" -o BatchMode=yes -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "$user@127.0.0.1" "$@"
}
