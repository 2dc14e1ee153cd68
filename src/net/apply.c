// SPDX-License-Identifier: GPL-2.0-or-later
/* apply.c - umnet-net executor: carry out steps, keep their undo, roll back on failure
 *
 * DOC: Theory of operation
 *
 * Each operation is one netlink request, ioctl sequence, sysctl write,
 * nftables transaction or process start, through nl.c, tun.c, sysctl.c,
 * nft.c. An operation that fails part-way cleans up after itself (a bridge
 * whose MAC cannot be set is deleted; a TAP that cannot be given its owner
 * is not left persistent), so a failed step has changed nothing.
 *
 * The state file (STATE_DIR/net-NAME.state) is a journal of undo
 * operations, one line each (step.c), oldest first. `up` appends a step's
 * undo before running the step (write-ahead: a crash leaves at worst an
 * undo of something not done, which `down` takes as already undone), and
 * if a step fails it runs the undos of the steps it took, newest first,
 * and puts the journal back as it was: the host ends as it began. `down`
 * runs the whole journal newest first, and removes it once all went well;
 * it keeps whatever failed, so that it can be run again.
 *
 * An undo that finds its work done already (the device gone, the address
 * absent, the switch stopped) counts as done: `down` must get through a
 * host that changed since `up`. A lock file (flock) keeps two umnet-net
 * from working on one configuration at once.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "net/apply.h"
#include "sys/nl.h"
#include "sys/sysctl.h"
#include "sys/tun.h"
#include "sys/util.h"

#define STATE_HEADER	"# umnet-net state: undo steps, oldest first; `umnet-net down` runs them newest first\n"
#define POLL_MS		10

/* "OPERATION: strerror: detail"; with @plain, "OPERATION: detail" */
static int exec_fail_text(struct net_exec *x, const struct net_op *op, int ret,
			  const char *detail, bool plain)
{
	char line[NET_OP_LINE_MAX];

	if (net_op_format(op, line, sizeof(line)))
		snprintf(line, sizeof(line), "(operation)");
	if (strlen(line) > 120)
		snprintf(line + 100, sizeof(line) - 100, "...");
	if (plain)
		snprintf(x->err, sizeof(x->err), "%.200s: %.200s", line, detail);
	else
		snprintf(x->err, sizeof(x->err), "%.200s: %s%s%.200s", line, strerror(-ret),
			 detail && *detail ? ": " : "", detail ? detail : "");
	return ret;
}

static int exec_fail(struct net_exec *x, const struct net_op *op, int ret, const char *detail)
{
	return exec_fail_text(x, op, ret, detail, false);
}

static int exec_nl_fail(struct net_exec *x, const struct net_op *op, int ret)
{
	return exec_fail(x, op, ret, nl_last_error(x->nl));
}

/* Links */

static int exec_bridge_add(struct net_exec *x, const struct net_op *op)
{
	int ret = nl_bridge_add(x->nl, op->dev, &op->br), idx;

	if (ret)
		return exec_nl_fail(x, op, ret);
	if (!op->has_mac)
		return 0;
	idx = nl_link_index(x->nl, op->dev);
	ret = idx < 0 ? idx : nl_link_set_mac(x->nl, idx, op->mac);
	if (ret) {
		exec_nl_fail(x, op, ret);
		/* Take back the bridge just made: a failed step changes nothing */
		if (idx > 0)
			nl_link_del(x->nl, idx);
	}
	return ret;
}

static int exec_link(struct net_exec *x, const struct net_op *op)
{
	int idx = nl_link_index(x->nl, op->dev), m, ret;

	if (idx < 0)
		return exec_fail(x, op, idx, "no such device");
	switch (op->kind) {
	case NET_OP_BRIDGE_SET:
		ret = nl_bridge_set(x->nl, idx, &op->br);
		break;
	case NET_OP_BRIDGE_DEL:
		ret = nl_bridge_del(x->nl, idx);
		break;
	case NET_OP_LINK_UP:
	case NET_OP_LINK_DOWN:
		ret = nl_link_set_up(x->nl, idx, op->kind == NET_OP_LINK_UP);
		break;
	case NET_OP_LINK_MASTER:
		m = nl_link_index(x->nl, op->master);
		if (m < 0)
			return exec_fail(x, op, m, "no such bridge");
		ret = nl_link_set_master(x->nl, idx, m);
		break;
	case NET_OP_LINK_NOMASTER:
		ret = nl_link_set_master(x->nl, idx, 0);
		break;
	default:
		return exec_fail(x, op, -EINVAL, "not a link operation");
	}
	return ret ? exec_nl_fail(x, op, ret) : 0;
}

static int exec_tap_add(struct net_exec *x, const struct net_op *op)
{
	/* IFF_TUN_EXCL: never adopt a device that appeared since the plan */
	int fd = tun_open(NULL, op->dev, TUN_F_EXCL, NULL), ret = 0;

	if (fd < 0)
		return exec_fail(x, op, fd, tun_open_hint(fd));
	if (op->has_owner)
		ret = tun_set_owner(fd, (uid_t)op->owner);
	if (!ret && op->has_group)
		ret = tun_set_group(fd, (gid_t)op->group);
	if (!ret)
		ret = tun_set_persist(fd, true);
	/* On failure the device is not persistent: closing it removes it */
	close(fd);
	return ret ? exec_fail(x, op, ret, "setting owner, group or persistence") : 0;
}

static int exec_tap_del(struct net_exec *x, const struct net_op *op)
{
	struct nl_link l;
	int ret = nl_link_get(x->nl, 0, op->dev, &l);

	if (ret)
		return exec_nl_fail(x, op, ret);
	if (strcmp(l.kind, "tun") != 0)
		return exec_fail(x, op, -EMEDIUMTYPE, "not a TUN/TAP device");
	/* RTM_DELLINK works even while a guest holds the TAP open */
	ret = nl_link_del(x->nl, l.ifindex);
	return ret ? exec_nl_fail(x, op, ret) : 0;
}

/* Addresses and routes */

static int exec_addr(struct net_exec *x, const struct net_op *op)
{
	int idx = nl_link_index(x->nl, op->dev), ret;

	if (idx < 0)
		return exec_fail(x, op, idx, "no such device");
	ret = op->kind == NET_OP_ADDR_ADD ? nl_addr_add(x->nl, idx, &op->prefix) :
					    nl_addr_del(x->nl, idx, &op->prefix);
	return ret ? exec_nl_fail(x, op, ret) : 0;
}

static int exec_route(struct net_exec *x, const struct net_op *op)
{
	struct nl_route r = { .dst = op->prefix, .has_gw = op->has_gw, .metric = op->metric,
			      .table = op->table };
	int ret;

	r.oif = nl_link_index(x->nl, op->dev);
	if (r.oif < 0)
		return exec_fail(x, op, r.oif, "no such device");
	memcpy(r.gw, op->gw.addr, sizeof(r.gw));
	ret = op->kind == NET_OP_ROUTE_ADD ? nl_route_add(x->nl, &r) : nl_route_del(x->nl, &r);
	return ret ? exec_nl_fail(x, op, ret) : 0;
}

/* Sysctls: the two kinds net_op_parse() accepts */
static int exec_sysctl(struct net_exec *x, const struct net_op *op)
{
	static const char conf[] = "net.ipv4.conf.";
	char ifname[NL_IFNAMSIZ];
	const char *dot;
	int ret;

	if (!strcmp(op->key, NET_SYSCTL_FORWARD)) {
		ret = sysctl_ip_forward_set(AF_INET, op->value != 0);
	} else {
		dot = strrchr(op->key, '.');
		if (strncmp(op->key, conf, sizeof(conf) - 1) != 0 || !dot ||
		    (size_t)(dot - op->key) - (sizeof(conf) - 1) >= sizeof(ifname))
			return exec_fail(x, op, -EINVAL, "unknown sysctl");
		snprintf(ifname, sizeof(ifname), "%.*s",
			 (int)((size_t)(dot - op->key) - (sizeof(conf) - 1)),
			 op->key + sizeof(conf) - 1);
		ret = sysctl_conf_set(AF_INET, ifname, dot + 1, op->value);
	}
	return ret ? exec_fail(x, op, ret, NULL) : 0;
}

static int exec_nft(struct net_exec *x, const struct net_op *op)
{
	char cmd[NET_KEY_MAX + 32], nerr[NET_ERR_MAX];
	int ret;

	if (op->kind == NET_OP_NFT_DEL)
		snprintf(cmd, sizeof(cmd), "delete table ip %s", op->key);
	ret = net_nft_run(op->kind == NET_OP_NFT_DEL ? cmd : op->text, nerr, sizeof(nerr));
	return ret ? exec_fail(x, op, ret, nerr) : 0;
}

/* Switches */

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* The directory of the switch's control socket, one level, like the state
 * directory: /run/umnet/NAME.ctl must work on a fresh boot. It stays.
 */
static void socket_dir_make(const char *path)
{
	char dir[SOCK_PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path || (size_t)(slash - path) >= sizeof(dir))
		return;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	if (mkdir(dir, 0755) && errno != EEXIST)
		return;	/* the switch will say what is wrong */
}

/* What the switch said before it failed: the first line of @fd's text */
static void switch_stderr(int fd, char *buf, size_t size)
{
	ssize_t n = read(fd, buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (!strncmp(buf, "umnet-switch: ", 14))
		memmove(buf, buf + 14, strlen(buf + 14) + 1);
}

static void switch_child(const char *bin, char **argv, int errfd)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	/* Its own session: a terminal's ^C or hangup is not for it */
	setsid();
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
	}
	dup2(errfd, STDERR_FILENO);
	/* Its stderr closes once it runs: writes then fail instead of killing it
	 * (an ignored signal stays ignored across execve)
	 */
	signal(SIGPIPE, SIG_IGN);
	execv(bin, argv);
	fprintf(stderr, "umnet-switch: %s: %s\n", bin, strerror(errno));
	_exit(127);
}

/* fork/exec umnet-switch in the foreground of its own session (not
 * --daemon: a daemonized switch misses SIGTERM, see docs/umnet-net.md).
 * It is ready when its pidfile names it (written after setup); until then
 * its stderr comes through a pipe, so a failure is reported with its words.
 */
static int exec_switch_start(struct net_exec *x, const struct net_op *op)
{
	char pidfile[PATH_MAX], detail[NET_ERR_MAX / 2], said[NET_ERR_MAX / 2];
	char *argv[12];
	int argc = 0, status, ret, pfd[2];
	pid_t pid, w;

	ret = net_switch_pidfile(x, op->key, pidfile, sizeof(pidfile));
	if (ret)
		return exec_fail(x, op, ret, "pidfile path");
	unlink(pidfile);	/* stale: the plan saw no switch running */
	socket_dir_make(op->path);
	argv[argc++] = (char *)x->switch_bin;
	argv[argc++] = "--tap";
	argv[argc++] = (char *)op->dev;
	argv[argc++] = "--unix";
	argv[argc++] = (char *)op->path;
	argv[argc++] = "--pidfile";
	argv[argc++] = pidfile;
	if (op->hub)
		argv[argc++] = "--hub";
	argv[argc] = NULL;

	if (pipe2(pfd, O_CLOEXEC | O_NONBLOCK))
		return exec_fail(x, op, -errno, "pipe");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		close(pfd[0]);
		close(pfd[1]);
		return exec_fail(x, op, ret, "fork");
	}
	if (pid == 0)
		switch_child(x->switch_bin, argv, pfd[1]);
	close(pfd[1]);
	for (int t = 0; t < NET_SWITCH_WAIT_MS; t += POLL_MS) {
		if (net_switch_pid(x, op->key) == pid) {
			close(pfd[0]);
			return 0;
		}
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid) {
			switch_stderr(pfd[0], said, sizeof(said));
			close(pfd[0]);
			snprintf(detail, sizeof(detail), "umnet-switch exited with status %d%s%.150s",
				 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
				 said[0] ? ": " : "", said);
			return exec_fail_text(x, op, -ECHILD, detail, true);
		}
		sleep_ms(POLL_MS);
	}
	close(pfd[0]);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return exec_fail(x, op, -ETIMEDOUT, "no pidfile from the switch");
}

static int exec_switch_stop(struct net_exec *x, const struct net_op *op)
{
	char pidfile[PATH_MAX];
	int pid = net_switch_pid(x, op->key);

	if (pid < 0)
		return exec_fail(x, op, pid, "reading the pidfile");
	if (pid == 0)
		return exec_fail(x, op, -ESRCH, "not running");
	if (kill(pid, SIGTERM))
		return exec_fail(x, op, -errno, "kill");
	for (int t = 0; net_pid_is_switch(pid); t += POLL_MS) {
		/* Our child if this process started it (a rollback): reap it */
		waitpid(pid, NULL, WNOHANG);
		if (t >= NET_SWITCH_WAIT_MS) {
			/* It ignored SIGTERM for seconds: its TAP must still go */
			kill(pid, SIGKILL);
			sleep_ms(100);
			break;
		}
		sleep_ms(POLL_MS);
	}
	if (!net_switch_pidfile(x, op->key, pidfile, sizeof(pidfile)))
		unlink(pidfile);
	return 0;
}

/* An undo that finds its work already done (docs/umnet-net.md) */
static bool undo_already_done(const struct net_op *op, int ret)
{
	switch (op->kind) {
	case NET_OP_BRIDGE_DEL:
	case NET_OP_TAP_DEL:
	case NET_OP_LINK_DOWN:
	case NET_OP_LINK_NOMASTER:
	case NET_OP_ADDR_DEL:
	case NET_OP_ROUTE_DEL:
	case NET_OP_SYSCTL:
		/* gone with its device, or absent */
		return ret == -ENODEV || ret == -EADDRNOTAVAIL || ret == -ESRCH ||
		       ret == -ENOENT;
	case NET_OP_ADDR_ADD:
	case NET_OP_ROUTE_ADD:
		return ret == -EEXIST;
	case NET_OP_NFT_DEL:
		return ret == -ENOENT;
	case NET_OP_SWITCH_STOP:
		return ret == -ESRCH;
	default:
		return false;
	}
}

/**
 * net_exec_op() - Carry out one operation
 * @x:		executor; @x->err says why on failure
 * @op:		the operation
 * @undo:	it undoes an earlier step: finding it already done is success
 *
 * Return: 0 or -errno
 */
int net_exec_op(struct net_exec *x, const struct net_op *op, bool undo)
{
	int ret;

	x->err[0] = '\0';
	switch (op->kind) {
	case NET_OP_BRIDGE_ADD:
		ret = exec_bridge_add(x, op);
		break;
	case NET_OP_TAP_ADD:
		ret = exec_tap_add(x, op);
		break;
	case NET_OP_TAP_DEL:
		ret = exec_tap_del(x, op);
		break;
	case NET_OP_ADDR_ADD:
	case NET_OP_ADDR_DEL:
		ret = exec_addr(x, op);
		break;
	case NET_OP_ROUTE_ADD:
	case NET_OP_ROUTE_DEL:
		ret = exec_route(x, op);
		break;
	case NET_OP_SYSCTL:
		ret = exec_sysctl(x, op);
		break;
	case NET_OP_NFT_LOAD:
	case NET_OP_NFT_DEL:
		ret = exec_nft(x, op);
		break;
	case NET_OP_SWITCH_START:
		ret = exec_switch_start(x, op);
		break;
	case NET_OP_SWITCH_STOP:
		ret = exec_switch_stop(x, op);
		break;
	case NET_OP_NONE:
		return 0;
	default:
		ret = exec_link(x, op);
		break;
	}
	if (ret && undo && undo_already_done(op, ret)) {
		x->err[0] = '\0';
		return 0;
	}
	return ret;
}

/* State file */

/**
 * net_state_path() - Path of a file of this configuration in the state directory
 * @x:		executor
 * @ext:	"state" or "lock"
 * @buf:	output: STATE_DIR/net-NAME.EXT
 * @size:	its size
 *
 * Return: 0 or -ENAMETOOLONG
 */
int net_state_path(const struct net_exec *x, const char *ext, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/net-%s.%s", x->state_dir, x->name, ext);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/**
 * net_lock() - Take this configuration's lock, creating the state directory
 * @x:		executor
 *
 * The descriptor is close-on-exec, so a switch started meanwhile does not
 * inherit the lock; it is released when the process exits.
 *
 * Return: the lock descriptor, or -errno (-EWOULDBLOCK: someone holds it)
 */
int net_lock(const struct net_exec *x)
{
	char path[PATH_MAX];
	int fd, ret = net_state_path(x, "lock", path, sizeof(path));

	if (ret)
		return ret;
	if (mkdir(x->state_dir, 0755) && errno != EEXIST)
		return -errno;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

/**
 * net_state_read() - Read the journal of undo operations
 * @x:		executor
 * @ops:	the operations, oldest first; caller frees with free()
 * @n:		how many (0 and NULL if there is no state file)
 *
 * Return: 0, -EBADMSG for a line that does not parse (@x->err names it), -errno
 */
int net_state_read(const struct net_exec *x, struct net_op **ops, size_t *n)
{
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0, lcap = 0, lineno = 0;
	ssize_t len;
	int ret = net_state_path(x, "state", path, sizeof(path));
	FILE *f;

	*ops = NULL;
	*n = 0;
	if (ret)
		return ret;
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while ((len = getline(&line, &lcap, f)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		if (*n == cap) {
			struct net_op *p = realloc(*ops, (cap ? cap * 2 : 16) * sizeof(*p));

			if (!p) {
				ret = -ENOMEM;
				break;
			}
			*ops = p;
			cap = cap ? cap * 2 : 16;
		}
		if (net_op_parse(&(*ops)[*n], line)) {
			snprintf(((struct net_exec *)x)->err, sizeof(x->err),
				 "%.400s:%zu: not an operation", path, lineno);
			ret = -EBADMSG;
			break;
		}
		(*n)++;
	}
	free(line);
	fclose(f);
	if (ret) {
		free(*ops);
		*ops = NULL;
		*n = 0;
	}
	return ret;
}

/* Replace the state file with @ops[0..n), or remove it if @n is 0 */
static int state_write(const struct net_exec *x, const struct net_op *ops, size_t n)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], line[NET_OP_LINE_MAX];
	int ret = net_state_path(x, "state", path, sizeof(path));
	FILE *f;

	if (ret)
		return ret;
	if (!n)
		return unlink(path) && errno != ENOENT ? -errno : 0;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fputs(STATE_HEADER, f);
	for (size_t i = 0; i < n; i++)
		if (!net_op_format(&ops[i], line, sizeof(line)))
			fprintf(f, "%s\n", line);
	if (fflush(f) || fsync(fileno(f)))
		ret = -errno;
	if (fclose(f) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

static int state_append(FILE *f, const struct net_op *undo)
{
	char line[NET_OP_LINE_MAX];
	int ret = net_op_format(undo, line, sizeof(line));

	if (ret)
		return ret;
	if (fprintf(f, "%s\n", line) < 0 || fflush(f) || fdatasync(fileno(f)))
		return -errno ? -errno : -EIO;
	return 0;
}

static void echo_op(const struct net_exec *x, const char *prefix, const struct net_op *op)
{
	char line[NET_OP_LINE_MAX];

	if (!x->out || net_op_format(op, line, sizeof(line)))
		return;
	fprintf(x->out, "%s%s\n", prefix, line);
	fflush(x->out);
}

/* Undo steps [0, done) newest first; on failure, keep the rest in @kept */
static int rollback(struct net_exec *x, const struct net_plan *plan, size_t done,
		    struct net_op *kept, size_t *n_kept)
{
	int ret = 0;

	for (size_t i = done; i-- > 0;) {
		const struct net_op *u = &plan->steps[i].undo;

		if (u->kind == NET_OP_NONE)
			continue;
		echo_op(x, "rollback: ", u);
		if (net_exec_op(x, u, true)) {
			fprintf(stderr, "umnet-net: rollback: %s\n", x->err);
			kept[(*n_kept)++] = *u;
			ret = -EIO;
		}
	}
	return ret;
}

/* Open the journal for appending, with its header if it is new */
static FILE *state_open_append(const struct net_exec *x, int *ret)
{
	char path[PATH_MAX];
	struct stat st;
	FILE *f;

	*ret = net_state_path(x, "state", path, sizeof(path));
	if (*ret)
		return NULL;
	f = fopen(path, "ae");
	if (!f) {
		*ret = -errno;
		return NULL;
	}
	if (!fstat(fileno(f), &st) && st.st_size == 0)
		fputs(STATE_HEADER, f);
	fchmod(fileno(f), 0600);
	return f;
}

/**
 * net_apply() - Take the steps of a plan, rolling back if one fails
 * @x:		executor, with the lock held (net_lock()); @x->err says why on failure
 * @plan:	the steps
 *
 * Return: 0; -errno of the failed step after a complete rollback (the host
 * and the state file are as they were); -EIO if the rollback failed too
 * (the state file keeps what could not be undone)
 */
int net_apply(struct net_exec *x, const struct net_plan *plan)
{
	struct net_op *old = NULL, *kept = NULL;
	size_t n_old = 0, n_kept = 0, done = 0;
	char failed[NET_ERR_MAX];
	int ret, rb;
	FILE *f;

	ret = net_state_read(x, &old, &n_old);
	if (ret)
		return ret;
	f = state_open_append(x, &ret);
	if (!f)
		snprintf(x->err, sizeof(x->err), "opening the state file in %s: %s", x->state_dir,
			 strerror(-ret));
	for (; !ret && done < plan->n; done++) {
		const struct net_step *s = &plan->steps[done];

		if (s->undo.kind != NET_OP_NONE && (ret = state_append(f, &s->undo))) {
			exec_fail(x, &s->op, ret, "writing the state file");
			break;
		}
		echo_op(x, "", &s->op);
		ret = net_exec_op(x, &s->op, false);
		if (ret)
			break;	/* step @done failed and changed nothing */
	}
	if (f)
		fclose(f);
	if (!ret) {
		free(old);
		return 0;
	}
	snprintf(failed, sizeof(failed), "%s", x->err);
	fprintf(stderr, "umnet-net: %s\n", failed);
	kept = calloc(n_old + plan->n + 1, sizeof(*kept));
	if (!kept) {
		free(old);
		return -ENOMEM;
	}
	if (n_old)
		memcpy(kept, old, n_old * sizeof(*kept));
	n_kept = n_old;
	rb = rollback(x, plan, done, kept, &n_kept);
	/* What the rollback could not undo went in newest first: journal order is oldest first */
	for (size_t i = 0; i < (n_kept - n_old) / 2; i++) {
		struct net_op t = kept[n_old + i];

		kept[n_old + i] = kept[n_kept - 1 - i];
		kept[n_kept - 1 - i] = t;
	}
	if (state_write(x, kept, n_kept) && !rb)
		rb = -EIO;
	snprintf(x->err, sizeof(x->err), "%.400s%s", failed,
		 rb ? " (rollback incomplete: see `umnet-net status`)" : " (rolled back)");
	free(old);
	free(kept);
	return rb ? rb : ret;
}

/**
 * net_down() - Undo everything the journal holds, newest first
 * @x:		executor, with the lock held
 *
 * Return: the number of steps undone, or -EIO if some failed (the state
 * file keeps them), -errno
 */
int net_down(struct net_exec *x)
{
	struct net_op *ops, *kept;
	size_t n, n_kept = 0;
	int ret = net_state_read(x, &ops, &n), bad = 0;

	if (ret)
		return ret;
	kept = calloc(n + 1, sizeof(*kept));
	if (!kept) {
		free(ops);
		return -ENOMEM;
	}
	for (size_t i = n; i-- > 0;) {
		echo_op(x, "", &ops[i]);
		if (net_exec_op(x, &ops[i], true)) {
			fprintf(stderr, "umnet-net: %s\n", x->err);
			bad++;
			kept[n_kept++] = ops[i];
		}
	}
	/* kept[] is newest first: back to oldest first for the journal */
	for (size_t i = 0; i < n_kept / 2; i++) {
		struct net_op t = kept[i];

		kept[i] = kept[n_kept - 1 - i];
		kept[n_kept - 1 - i] = t;
	}
	ret = state_write(x, kept, n_kept);
	free(ops);
	free(kept);
	if (bad)
		return -EIO;
	return ret ? ret : (int)n;
}
