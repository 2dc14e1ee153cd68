// SPDX-License-Identifier: GPL-2.0-or-later
/* test_helper_priv.c - umnet-helper's process: clean start, identity, privileges dropped */

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helper/priv.h"
#include "unit.h"

/* Run @fn in a child; its exit status is the number of the first broken expectation */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int sanitized(void)
{
	sigset_t set, blocked;
	struct sigaction sa;
	char cwd[8];
	int fd = open("/dev/null", O_RDONLY);	/* an inherited descriptor */

	setenv("UMNET_TEST_SECRET", "x", 1);
	signal(SIGTERM, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	umask(0);
	close(STDIN_FILENO);
	if (fd < 3 || helper_sanitize())
		return 1;
	if (fcntl(fd, F_GETFD) >= 0 || getenv("UMNET_TEST_SECRET") || getenv("PATH"))
		return 2;
	if (fcntl(STDIN_FILENO, F_GETFD) < 0)	/* reopened on /dev/null */
		return 3;
	if (sigaction(SIGTERM, NULL, &sa) || sa.sa_handler != SIG_DFL)
		return 4;
	if (sigaction(SIGPIPE, NULL, &sa) || sa.sa_handler != SIG_IGN)
		return 5;
	if (sigprocmask(SIG_BLOCK, NULL, &blocked) || sigismember(&blocked, SIGUSR1))
		return 6;
	if (umask(0) != 077 || !getcwd(cwd, sizeof(cwd)) || cwd[0] != '/' || cwd[1])
		return 7;
	return 0;
}

TEST(helper_priv_sanitize)
{
	CHECK_EQ(in_child(sanitized), 0);
}

TEST(helper_priv_ident)
{
	struct helper_ident id;

	CHECK_EQ(helper_ident_load(&id), 0);
	CHECK_EQ(id.who.uid, getuid());
	CHECK_EQ(id.gid, getgid());
	CHECK(id.who.n_groups >= 1 && id.who.gids[0] == getgid());
	if (getuid() == 0)
		CHECK_STR(id.who.user, "root");
}

static int dropped(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	uid_t r, e, s;

	if (helper_priv_drop(65534, 65534, true))
		return 1;
	if (getresuid(&r, &e, &s) || r != 65534 || e != 65534 || s != 65534 || getgid() != 65534)
		return 2;
	if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0 || prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return 3;
	if (syscall(SYS_capget, &hdr, data))
		return 4;
	/* CAP_NET_ADMIN and nothing else */
	if (data[0].effective != (1U << CAP_NET_ADMIN) || data[1].effective || data[1].permitted)
		return 5;
	if (setuid(0) == 0)
		return 6;
	return 0;
}

static int dropped_all(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	if (helper_priv_drop(65534, 65534, false) || syscall(SYS_capget, &hdr, data))
		return 1;
	return data[0].effective || data[0].permitted || data[1].effective ? 2 : 0;
}

TEST(helper_priv_drop_for_good)
{
	if (geteuid() != 0) {
		/* not root: nothing to drop to another user */
		CHECK_EQ(in_child(dropped), 1);
		return;
	}
	CHECK_EQ(in_child(dropped), 0);
	CHECK_EQ(in_child(dropped_all), 0);
}
