// SPDX-License-Identifier: GPL-2.0-or-later
/* priv.c - umnet-helper's process: a clean start, who the caller is, privileges dropped for good
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
 * After the policy is read (helper_policy_load(), policy.c), helper_priv_drop() becomes the calling user for
 * good (real, effective and saved ids) and keeps a single capability,
 * CAP_NET_ADMIN, which is all that the actions need: TUNSETIFF and
 * TUNSETOWNER, rtnetlink changes, and writes to the network sysctls under
 * /proc/sys/net (net_ctl_permissions() grants those to CAP_NET_ADMIN). The
 * process is then not dumpable, and cannot gain privileges again; the user
 * cannot ptrace it, as it holds a capability they lack.
 */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "helper/priv.h"

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
