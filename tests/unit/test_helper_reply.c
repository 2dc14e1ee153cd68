// SPDX-License-Identifier: GPL-2.0-or-later
/* test_helper_reply.c - umnet-helper's answers: log text, the stream reply, the tuntap datagram */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helper/reply.h"
#include "helper/req.h"
#include "unit.h"

TEST(helper_reply_out_and_stream)
{
	struct helper_out o;
	char buf[sizeof(int) + HELPER_TEXT_MAX];
	size_t n;
	int len;

	helper_out_init(&o);
	helper_out_add(&o, "route %s/32 dev %s", "10.0.0.5", "tap0");
	helper_out_add(&o, "proxy_arp on");
	CHECK_STR(o.text, "route 10.0.0.5/32 dev tap0\nproxy_arp on\n");
	CHECK(!o.truncated);

	/* Native int length counting the NUL, then the text and its NUL */
	n = helper_reply_stream(&o, buf, sizeof(buf));
	CHECK_EQ(n, sizeof(int) + o.len + 1);
	memcpy(&len, buf, sizeof(len));
	CHECK_EQ(len, (int)o.len + 1);
	CHECK_MEM(buf + sizeof(int), o.text, o.len + 1);
	CHECK_EQ(buf[n - 1], '\0');
	CHECK_EQ(helper_reply_stream(&o, buf, n - 1), 0);

	/* Overflow: the text stays terminated, ends in a newline, says so */
	for (int i = 0; i < 100; i++)
		helper_out_add(&o, "line %d: %s", i, "0123456789012345678901234567890123456789");
	CHECK(o.truncated);
	CHECK_EQ(o.len, HELPER_TEXT_MAX - 1);
	CHECK_EQ(strlen(o.text), o.len);
	CHECK_EQ(o.text[o.len - 1], '\n');
	CHECK_EQ(helper_reply_stream(&o, buf, sizeof(buf)), sizeof(buf));

	helper_out_init(&o);
	CHECK_EQ(helper_reply_stream(&o, buf, sizeof(buf)), sizeof(int) + 1);
}

TEST(helper_reply_tap_datagram)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	char dgram[HELPER_IFNAMSIZ + HELPER_TEXT_MAX] = "";
	struct iovec iov = { .iov_base = dgram, .iov_len = sizeof(dgram) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;
	struct helper_out o;
	int sv[2], fd = -1, pipefd[2];
	ssize_t n;

	CHECK_EQ(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), 0);
	CHECK_EQ(pipe(pipefd), 0);
	helper_out_init(&o);
	helper_out_add(&o, "tap7: TAP for uid 1000, up");
	/* name, NUL-padded to 16 bytes, then the text and its NUL, and the descriptor */
	CHECK_EQ(helper_reply_tap(sv[0], "tap7", &o, pipefd[1]), 0);
	n = recvmsg(sv[1], &msg, MSG_CMSG_CLOEXEC);
	CHECK_EQ(n, HELPER_IFNAMSIZ + (ssize_t)o.len + 1);
	CHECK_STR(dgram, "tap7");
	CHECK_MEM(dgram + 4, "\0\0\0\0\0\0\0\0\0\0\0\0", HELPER_IFNAMSIZ - 4);
	CHECK_STR(dgram + HELPER_IFNAMSIZ, o.text);
	c = CMSG_FIRSTHDR(&msg);
	CHECK(c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS);
	if (c)
		memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	/* the descriptor received is the pipe's writing end */
	CHECK(fd >= 0 && write(fd, "x", 1) == 1);
	CHECK(read(pipefd[0], dgram, 1) == 1 && dgram[0] == 'x');
	if (fd >= 0)
		close(fd);
	/* a failure: no name, no descriptor; UML still gets its datagram */
	msg.msg_controllen = sizeof(u.buf);
	CHECK_EQ(helper_reply_tap(sv[0], NULL, &o, -1), 0);
	n = recvmsg(sv[1], &msg, 0);
	CHECK_EQ(n, HELPER_IFNAMSIZ + (ssize_t)o.len + 1);
	CHECK_EQ(dgram[0], '\0');
	CHECK(!CMSG_FIRSTHDR(&msg));
	close(pipefd[0]);
	close(pipefd[1]);
	close(sv[0]);
	CHECK(helper_reply_tap(sv[1], "tap7", &o, -1) < 0);	/* UML went away */
	close(sv[1]);
}

/* What stdout is, as the child of a fork sees it */
static int stdout_kind_of(int fd)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		dup2(fd, STDOUT_FILENO);
		_exit((int)helper_stdout_kind());
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST(helper_reply_stdout_kind_and_text)
{
	struct helper_out o;
	char buf[64];
	int sv[2], p[2], len;

	CHECK_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	CHECK_EQ(stdout_kind_of(sv[0]), HELPER_STDOUT_DGRAM);
	close(sv[0]);
	close(sv[1]);
	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(stdout_kind_of(p[1]), HELPER_STDOUT_OTHER);
	close(p[0]);
	close(p[1]);
	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	CHECK_EQ(stdout_kind_of(sv[0]), HELPER_STDOUT_STREAM);

	/* add/del on UML's stream: a native int length, then the text */
	helper_out_init(&o);
	helper_out_add(&o, "ok");
	CHECK_EQ(helper_reply_text(sv[0], HELPER_STDOUT_STREAM, &o), 0);
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), (ssize_t)sizeof(int) + 4);
	memcpy(&len, buf, sizeof(len));
	CHECK_EQ(len, 4);
	CHECK_STR(buf + sizeof(int), "ok\n");
	/* a person: the text alone */
	CHECK_EQ(helper_reply_text(sv[0], HELPER_STDOUT_OTHER, &o), 0);
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 3);
	CHECK_MEM(buf, "ok\n", 3);
	close(sv[0]);
	close(sv[1]);
}
