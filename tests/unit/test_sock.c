// SPDX-License-Identifier: GPL-2.0-or-later
/* test_sock.c - sock_accept(): out of descriptors, a waiting client is refused, not left */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sys/sock.h"
#include "unit.h"

static int client(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		close(fd);
		return -1;
	}
	return fd;
}

TEST(sock_accept_refuses_when_out_of_descriptors)
{
	char dir[] = "/tmp/umnet-unit-listen.XXXXXX", path[128];
	struct rlimit rl, low;
	struct ucred cred;
	int lfd, spare, c1, c2, fd, fill[64], nfill = 0;
	bool shed;
	char byte;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/ctl", dir);
	lfd = sock_unix_listen(path, SOCK_STREAM, -1, (gid_t)-1);
	CHECK(lfd >= 0);
	spare = sock_spare_open();
	CHECK(spare >= 0);

	/* nobody waits */
	CHECK_EQ(sock_accept(lfd, &spare, &shed, &cred), -EAGAIN);
	CHECK(!shed);

	/* every descriptor below a low limit in use, a client waiting */
	c1 = client(path);
	c2 = client(path);
	CHECK(c1 >= 0 && c2 >= 0);
	CHECK(!getrlimit(RLIMIT_NOFILE, &rl));
	low = rl;
	low.rlim_cur = (rlim_t)(c2 > spare ? c2 : spare) + 8;
	CHECK(!setrlimit(RLIMIT_NOFILE, &low));
	while (nfill < 64 && (fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0)
		fill[nfill++] = fd;
	CHECK(nfill < 64);

	fd = sock_accept(lfd, &spare, &shed, &cred);
	CHECK_EQ(fd, -EMFILE);
	CHECK(shed);
	CHECK_EQ(cred.pid, getpid());
	CHECK(spare >= 0);			/* taken back */
	CHECK_EQ(recv(c1, &byte, 1, 0), 0);	/* the client sees its refusal */

	/* descriptors free again: the next client is accepted */
	while (nfill)
		close(fill[--nfill]);
	CHECK(!setrlimit(RLIMIT_NOFILE, &rl));
	fd = sock_accept(lfd, &spare, &shed, &cred);
	CHECK(fd >= 0);
	CHECK(!shed);

	close(fd);
	close(c1);
	close(c2);
	close(spare);
	close(lfd);
	unlink(path);
	rmdir(dir);
}
