#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "node/hook.h"

#define HOOK_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define KILL_GRACE_MS 2000

char **hook_split(const char *p)
{
	size_t cap = strlen(p) + 2, n = 0;
	char **argv = calloc(cap, sizeof(char *));
	char *word = malloc(strlen(p) + 1);

	if (!argv || !word)
		goto fail;
	for (;;) {
		size_t len = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '"' || *p == '\'') {
				char q = *p++;
				while (*p && *p != q) {
					if (q == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
						p++;
					word[len++] = *p++;
				}
				if (!*p)
					goto fail; /* unterminated quote */
				p++;
			} else if (*p == '\\' && p[1]) {
				word[len++] = p[1];
				p += 2;
			} else {
				word[len++] = *p++;
			}
		}
		word[len] = '\0';
		if (!(argv[n++] = strdup(word)))
			goto fail;
	}
	free(word);
	if (n == 0) {
		free(argv);
		return NULL;
	}
	return argv;
fail:
	free(word);
	hook_argv_free(argv);
	return NULL;
}

void hook_argv_free(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void child(char **argv, const struct hook_env *env, int out_fd)
{
	char e_event[128], e_service[128], e_state[4200];
	char *envp[] = {"PATH=" HOOK_PATH, e_event, e_service, e_state, NULL};
	int devnull = open("/dev/null", O_RDONLY);

	snprintf(e_event, sizeof(e_event), "UCSH_EVENT=%s", env->event);
	snprintf(e_service, sizeof(e_service), "UCSH_SERVICE=%s", env->service);
	snprintf(e_state, sizeof(e_state), "UCSH_STATE_DIR=%s", env->state_dir);
	setpgid(0, 0); /* its own process group, so a timeout kills its children too */
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0)
		_exit(127);
	closefrom(3);
	execvpe(argv[0], argv, envp);
	dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static bool cancelled(const struct hook_env *env)
{
	return env && env->cancel && *env->cancel;
}

/* Reads the hook's output until it has exited and what it wrote is
 * drained (a background child it started may keep the pipe open: that does
 * not hold the hook), or until EOF; false at the deadline or when
 * cancelled. *exited says whether *status is the hook's. */
static bool collect(int fd, pid_t pid, int *status, bool *exited, long long deadline,
		    const struct hook_env *env, struct hook_result *r, size_t *len)
{
	char buf[1024];

	for (;;) {
		long long left = deadline - now_ms();
		if (cancelled(env) || left <= 0)
			return false;
		if (!*exited && waitpid(pid, status, WNOHANG) == pid)
			*exited = true;
		struct pollfd pfd = {fd, POLLIN, 0};
		int n = poll(&pfd, 1, *exited ? 0 : (int)(left > 100 ? 100 : left));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (*exited)
				return true;
			continue;
		}
		ssize_t got = read(fd, buf, sizeof(buf));
		if (got <= 0)
			return true;
		size_t keep = (size_t)got;
		if (*len + keep > HOOK_OUTPUT_MAX)
			keep = HOOK_OUTPUT_MAX - *len;
		memcpy(r->output + *len, buf, keep);
		*len += keep;
		r->output[*len] = '\0';
	}
}

static int wait_until(pid_t pid, int *status, long long deadline, const struct hook_env *env)
{
	for (;;) {
		pid_t w = waitpid(pid, status, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			return w == pid ? 0 : -1;
		if (now_ms() >= deadline || cancelled(env))
			return -1;
		usleep(10000);
	}
}

int hook_run(const char *command, const struct hook_env *env, int timeout_s, struct hook_result *r, char *err,
	     size_t errlen)
{
	char **argv = hook_split(command);
	int pipefd[2], status = 0;
	long long deadline;
	size_t len = 0;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (!argv) {
		snprintf(err, errlen, "the hook command \"%s\" is empty or has an unterminated quote",
			 command);
		return -1;
	}
	if (!(r->output = calloc(1, HOOK_OUTPUT_MAX + 1)) || pipe2(pipefd, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "cannot start the hook: %s", strerror(errno));
		hook_argv_free(argv);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		child(argv, env, pipefd[1]);
	}
	close(pipefd[1]);
	hook_argv_free(argv);
	if (pid < 0) {
		close(pipefd[0]);
		snprintf(err, errlen, "cannot start the hook: %s", strerror(errno));
		return -1;
	}
	deadline = now_ms() + (long long)timeout_s * 1000;
	bool exited = false;
	r->timed_out = !collect(pipefd[0], pid, &status, &exited, deadline, env, r, &len);
	close(pipefd[0]);
	if (r->timed_out || (!exited && wait_until(pid, &status, deadline, env) != 0)) {
		r->cancelled = cancelled(env);
		r->timed_out = !r->cancelled;
		kill(-pid, SIGTERM);
		if (wait_until(pid, &status, now_ms() + KILL_GRACE_MS, NULL) != 0) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
		}
	}
	if (WIFEXITED(status))
		r->exit_status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		r->signal = WTERMSIG(status);
	return 0;
}

void hook_result_free(struct hook_result *r)
{
	free(r->output);
	r->output = NULL;
}
