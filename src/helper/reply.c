// SPDX-License-Identifier: GPL-2.0-or-later
/* reply.c - umnet-helper's answers to UML: the log text, the TAP's descriptor, the wire forms
 *
 * UML waits for an answer to every request (without one the guest hangs):
 * "tuntap up" gets one datagram with the TAP's name, the log text and the
 * descriptor; add/del/slip get a length and the text on a stream. Whoever
 * runs the helper by hand gets the plain text. docs/protocols.md has the
 * wire facts.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "helper/reply.h"
#include "helper/req.h"
#include "sys/util.h"

/**
 * helper_out_init() - Start an empty log text
 * @o:		text
 */
void helper_out_init(struct helper_out *o)
{
	o->len = 0;
	o->truncated = false;
	o->text[0] = '\0';
}

/**
 * helper_out_add() - Append one line (a newline is added) to the log text
 * @o:		text
 * @fmt:	printf format
 *
 * A line that does not fit is cut and @o->truncated set.
 */
void helper_out_add(struct helper_out *o, const char *fmt, ...)
{
	size_t room = sizeof(o->text) - o->len;
	va_list ap;
	int n;

	if (room < 2) {
		o->truncated = true;
		return;
	}
	va_start(ap, fmt);
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start() above */
	n = vsnprintf(o->text + o->len, room - 1, fmt, ap);
	va_end(ap);
	if (n < 0) {
		o->text[o->len] = '\0';
		o->truncated = true;
		return;
	}
	if ((size_t)n >= room - 1) {
		o->truncated = true;
		n = (int)(room - 2);
	}
	o->len += (size_t)n;
	o->text[o->len++] = '\n';
	o->text[o->len] = '\0';
}

/**
 * helper_reply_stream() - The reply to add/del/slip: length, then the text
 * @o:		log text
 * @buf:	output
 * @size:	its size; sizeof(int) + HELPER_TEXT_MAX is enough
 *
 * UML's read_output() reads a native-endian int, then exactly that many
 * bytes. Like uml_net, the length counts the text's terminating NUL, which
 * is sent too: UML prints the buffer as a C string.
 *
 * Return: bytes to write, 0 if @size is too small
 */
size_t helper_reply_stream(const struct helper_out *o, void *buf, size_t size)
{
	int n = (int)o->len + 1;

	if (size < sizeof(n) + (size_t)n)
		return 0;
	memcpy(buf, &n, sizeof(n));
	memcpy((char *)buf + sizeof(n), o->text, (size_t)n);
	return sizeof(n) + (size_t)n;
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
