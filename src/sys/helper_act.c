// SPDX-License-Identifier: GPL-2.0-or-later
/* helper_act.c - umnet-helper's system side: process hygiene, identity, policy file,
 * privileges, replies
 *
 * DOC: Theory of operation
 *
 * umnet-helper runs setuid root (or with file capability CAP_NET_ADMIN) on
 * behalf of whoever runs UML, and inherits everything that user chose: the
 * environment, open descriptors (UML leaks its hostfs files, epoll and pipes
 * into the helper, see docs/protocols.md), the signal mask and dispositions,
 * the umask and the working directory. helper_sanitize() resets all of
 * them before anything else runs.
 *
 * The policy file is opened one path component at a time (openat with
 * O_NOFOLLOW), and every directory on the way and the file itself must be
 * owned by root and not writable by group or others, so nobody but root
 * can have written or swapped it. A directory writable by all is accepted
 * only with the sticky bit (as /tmp): there only root may rename or remove
 * root's entries.
 *
 * After the policy is read, helper_priv_drop() becomes the calling user for
 * good (real, effective and saved ids) and keeps a single capability,
 * CAP_NET_ADMIN, which is all that the actions need: TUNSETIFF and
 * TUNSETOWNER, rtnetlink changes, and writes to the network sysctls under
 * /proc/sys/net (net_ctl_permissions() grants those to CAP_NET_ADMIN). The
 * process is then not dumpable, and cannot gain privileges again; the user
 * cannot ptrace it, as it holds a capability they lack.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sys/helper_act.h"
#include "sys/nl.h"
#include "sys/util.h"

#define HELPER_PATH_MAX		4096

/**
 * helper_sanitize() - Forget what the caller handed down, before anything else
 *
 * Descriptors 0, 1 and 2 are kept (they are UML's channel, and stderr shows
 * on UML's console) or opened on /dev/null if closed, so that no file we
 * open later becomes one of them. Everything from 3 up is closed. The
 * environment is emptied, every signal gets its default action and none is
 * blocked, except SIGPIPE, ignored so that a vanished UML is an EPIPE to
 * log, not a silent death. umask 077, working directory "/".
 *
 * Return: 0 or -errno
 */
int helper_sanitize(void)
{
	struct sigaction sa;
	sigset_t none;

	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/* open() takes the lowest free number: this one */
		if (open("/dev/null", O_RDWR | O_NOCTTY) != fd)
			return -EBADF;
	}
	if (close_range(3, ~0U, 0)) {
		/* Kernels before 5.9: close them one by one */
		long max = sysconf(_SC_OPEN_MAX);

		for (long fd = 3; fd < (max > 0 && max < (1 << 20) ? max : 1 << 20); fd++)
			close((int)fd);
	}
	if (clearenv())
		return -ENOMEM;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	/* Real-time signals that libc keeps for itself refuse: that is fine */
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			sigaction(s, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL))
		return -errno;
	umask(077);
	return chdir("/") ? -errno : 0;
}

/* Copy a name if it fits; NULL if there is none or it does not fit */
static const char *name_copy(char *dst, const char *src)
{
	size_t n = src ? strlen(src) : HELPER_NAME_BYTES;

	if (n == 0 || n >= HELPER_NAME_BYTES)
		return NULL;
	memcpy(dst, src, n + 1);
	return dst;
}

static void ident_add_gid(struct helper_ident *id, gid_t g)
{
	struct helper_who *w = &id->who;
	const struct group *gr;

	for (unsigned i = 0; i < w->n_groups; i++)
		if (w->gids[i] == g)
			return;
	if (w->n_groups == HELPER_GROUPS_MAX)
		return;	/* fewer groups only ever grant less */
	gr = getgrgid(g);
	w->gids[w->n_groups] = g;
	w->groups[w->n_groups] = name_copy(id->groups[w->n_groups], gr ? gr->gr_name : NULL);
	w->n_groups++;
}

/**
 * helper_ident_load() - Who is asking: real uid and gid, groups, their names
 * @id:		result
 *
 * The real ids are the caller's: the setuid bit only changes the effective
 * and saved ones. Names come from the system's user database.
 *
 * Return: 0 or -errno
 */
int helper_ident_load(struct helper_ident *id)
{
	const struct passwd *pw;
	gid_t *list;
	int n;

	memset(id, 0, sizeof(*id));
	id->who.uid = getuid();
	id->gid = getgid();
	pw = getpwuid(id->who.uid);
	id->who.user = name_copy(id->user, pw ? pw->pw_name : NULL);
	ident_add_gid(id, id->gid);
	n = getgroups(0, NULL);
	if (n < 0)
		return -errno;
	list = calloc(n ? (size_t)n : 1, sizeof(*list));
	if (!list)
		return -ENOMEM;
	n = getgroups(n, list);
	for (int i = 0; i < n; i++)
		ident_add_gid(id, list[i]);
	free(list);
	return n < 0 ? -EAGAIN : 0;
}

/* Owned by root, and only root can write it (or a sticky directory) */
static int check_owner_mode(int fd, bool dir, const char *what, char *err, size_t errsize)
{
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
		snprintf(err, errsize, "%s is not a %s", what, dir ? "directory" : "regular file");
		return -EPERM;
	}
	if (st.st_uid != 0) {
		snprintf(err, errsize, "%s is not owned by root", what);
		return -EPERM;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(dir && (st.st_mode & S_ISVTX))) {
		snprintf(err, errsize, "%s is writable by group or others", what);
		return -EPERM;
	}
	return 0;
}

/* Open @path for reading through directories that only root can change */
static int open_trusted(const char *path, char *err, size_t errsize)
{
	char buf[HELPER_PATH_MAX], shown[HELPER_PATH_MAX], *comp, *next;
	int dirfd, fd, ret;

	if (path[0] != '/' || strlen(path) >= sizeof(buf)) {
		snprintf(err, errsize, "policy path must be absolute and shorter than %d bytes",
			 HELPER_PATH_MAX);
		return -EINVAL;
	}
	memcpy(buf, path, strlen(path) + 1);
	dirfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	ret = check_owner_mode(dirfd, true, "/", err, errsize);
	for (comp = buf + 1; !ret; comp = next) {
		while (*comp == '/')
			comp++;
		next = strchr(comp, '/');
		if (next)
			*next++ = '\0';
		if (!*comp || !strcmp(comp, ".") || !strcmp(comp, "..")) {
			snprintf(err, errsize, "policy path must name a file without . or ..");
			ret = -EINVAL;
			break;
		}
		/* O_NOFOLLOW: a symbolic link anywhere on the way is refused */
		fd = openat(dirfd, comp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
			    (next ? O_DIRECTORY : O_NONBLOCK));
		if (fd < 0) {
			ret = -errno;
			break;
		}
		close(dirfd);
		dirfd = fd;
		/* Name the directory by its path: buf has NULs where path has '/' */
		snprintf(shown, sizeof(shown), "%.*s", (int)(comp - buf + strlen(comp)), path);
		ret = check_owner_mode(fd, next != NULL, shown, err, errsize);
		if (!next)
			return ret ? (close(fd), ret) : fd;
	}
	close(dirfd);
	return ret;
}

/**
 * helper_policy_load() - Read and parse the policy file, if there is one
 * @path:	absolute path
 * @pol:	result
 * @err:	message on error ("file:line: ..." for syntax)
 * @errsize:	its size
 *
 * Return: 0 if read, 1 if it does not exist (@pol is then empty), -errno
 * with @err set if it may not be trusted or does not parse
 */
int helper_policy_load(const char *path, struct helper_policy *pol, char *err, size_t errsize)
{
	size_t len = 0;
	char *buf;
	ssize_t n;
	int fd, ret;

	helper_policy_init(pol);
	err[0] = '\0';
	fd = open_trusted(path, err, errsize);
	if (fd == -ENOENT)
		return 1;
	if (fd < 0) {
		if (fd == -ELOOP)
			snprintf(err, errsize, "%s: a symbolic link is on the path", path);
		else if (!err[0])
			snprintf(err, errsize, "%s: %s", path, strerror(-fd));
		return fd;
	}
	buf = malloc(HELPER_POLICY_MAX_BYTES + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	do {
		n = read(fd, buf + len, HELPER_POLICY_MAX_BYTES + 1 - len);
		if (n > 0)
			len += (size_t)n;
	} while ((n > 0 || (n < 0 && errno == EINTR)) && len <= HELPER_POLICY_MAX_BYTES);
	ret = n < 0 ? -errno : 0;
	close(fd);
	if (ret)
		snprintf(err, errsize, "%s: %s", path, strerror(-ret));
	else
		ret = helper_policy_parse(pol, buf, len, path, err, errsize);
	free(buf);
	return ret;
}

static int caps_set(bool net_admin)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof(data));
	if (net_admin) {
		data[CAP_TO_INDEX(CAP_NET_ADMIN)].effective = CAP_TO_MASK(CAP_NET_ADMIN);
		data[CAP_TO_INDEX(CAP_NET_ADMIN)].permitted = CAP_TO_MASK(CAP_NET_ADMIN);
	}
	return syscall(SYS_capset, &hdr, data) ? -errno : 0;
}

/**
 * helper_priv_drop() - Become the caller for good, keeping CAP_NET_ADMIN only
 * @uid:	the caller's real uid
 * @gid:	the caller's real gid
 * @keep_net_admin: keep CAP_NET_ADMIN (false: no capability at all)
 *
 * Supplementary groups stay the caller's own (the setuid bit does not
 * change them). -EPERM from here means the program lacks CAP_NET_ADMIN:
 * it is neither setuid root nor installed with the file capability.
 *
 * Return: 0 or -errno
 */
int helper_priv_drop(uid_t uid, gid_t gid, bool keep_net_admin)
{
	uid_t r, e, s;
	int ret;

	if (prctl(PR_SET_KEEPCAPS, keep_net_admin, 0, 0, 0))
		return -errno;
	if (setresgid(gid, gid, gid) || setresuid(uid, uid, uid))
		return -errno;
	ret = caps_set(keep_net_admin);
	if (ret)
		return ret;
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
		return -errno;
	/* Paranoia: the ids must have changed for good */
	if (getresuid(&r, &e, &s) || r != uid || e != uid || s != uid)
		return -EPERM;
	if (uid != 0 && setuid(0) == 0)
		abort();
	return 0;
}

/**
 * helper_stdout_kind() - What UML (or a person) gave us as stdout
 *
 * Return: HELPER_STDOUT_DGRAM or _STREAM for an AF_UNIX socket of that
 * type, _OTHER for anything else
 */
enum helper_stdout helper_stdout_kind(void)
{
	int type = 0, dom = 0;
	socklen_t len = sizeof(type);

	if (!getsockopt(STDOUT_FILENO, SOL_SOCKET, SO_TYPE, &type, &len)) {
		len = sizeof(dom);
		if (getsockopt(STDOUT_FILENO, SOL_SOCKET, SO_DOMAIN, &dom, &len) || dom != AF_UNIX)
			return HELPER_STDOUT_OTHER;
		return type == SOCK_DGRAM ? HELPER_STDOUT_DGRAM :
		       type == SOCK_STREAM ? HELPER_STDOUT_STREAM : HELPER_STDOUT_OTHER;
	}
	return HELPER_STDOUT_OTHER;
}

/**
 * helper_slip_is_available() - Whether the host kernel has the SLIP line discipline
 *
 * /sys/module/slip exists when slip.ko is loaded, and also when SLIP is
 * built in (it has module parameters).
 *
 * Return: true if it has
 */
bool helper_slip_is_available(void)
{
	return access("/sys/module/slip", F_OK) == 0;
}

/**
 * helper_reply_tap() - Answer "tuntap up": name, log text and the TAP descriptor
 * @sock:	UML's datagram socket (stdout)
 * @ifname:	the TAP's name, NULL or "" on failure
 * @o:		log text
 * @tapfd:	the TAP's descriptor, -1 on failure (then no SCM_RIGHTS)
 *
 * One datagram: HELPER_IFNAMSIZ bytes of name (NUL-padded), then the text
 * with its NUL, and the descriptor as SCM_RIGHTS. UML takes the name from
 * the first 16 bytes and fails the device without a descriptor.
 *
 * Return: 0 or -errno
 */
int helper_reply_tap(int sock, const char *ifname, const struct helper_out *o, int tapfd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	char name[HELPER_IFNAMSIZ];
	struct iovec iov[2] = {
		{ .iov_base = name, .iov_len = sizeof(name) },
		{ .iov_base = (void *)o->text, .iov_len = o->len + 1 },
	};
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = 2 };
	struct cmsghdr *c;
	ssize_t n;

	memset(name, 0, sizeof(name));
	if (ifname)
		snprintf(name, sizeof(name), "%s", ifname);
	if (tapfd >= 0) {
		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof(u.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &tapfd, sizeof(int));
	}
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : 0;
}

/**
 * helper_reply_text() - Answer add/del/slip (or a refused request)
 * @fd:		stdout
 * @kind:	what @fd is (helper_stdout_kind())
 * @o:		log text
 *
 * UML reads a native int length, then that many bytes; one write() keeps
 * the two together. Anything but a socket (a person ran the helper) gets
 * the plain text instead.
 *
 * Return: 0 or -errno
 */
int helper_reply_text(int fd, enum helper_stdout kind, const struct helper_out *o)
{
	char buf[sizeof(int) + HELPER_TEXT_MAX];
	size_t n;

	if (kind == HELPER_STDOUT_OTHER)
		return fd_write_all(fd, o->text, o->len);
	n = helper_reply_stream(o, buf, sizeof(buf));
	return n ? fd_write_all(fd, buf, n) : -EMSGSIZE;
}
