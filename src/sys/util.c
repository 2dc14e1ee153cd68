// SPDX-License-Identifier: GPL-2.0-or-later
/* util.c - small system helpers: clocks, descriptors, limits, user and group ids */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/text.h"
#include "sys/util.h"

/**
 * now_ms() - Monotonic time in milliseconds
 *
 * Return: milliseconds since an arbitrary point; never goes back
 */
uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/**
 * fd_set_nonblock() - Set O_NONBLOCK
 * @fd:		descriptor
 *
 * Return: 0 or -errno
 */
int fd_set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	return 0;
}

/**
 * fd_write_all() - Write a whole buffer, however many write() calls it takes
 * @fd:		descriptor (blocking)
 * @buf:	bytes
 * @len:	their count
 *
 * Interrupted writes are resumed: what was written stays written.
 *
 * Return: 0, or -errno (-EIO if write() wrote nothing)
 */
int fd_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/**
 * fd_set_cloexec() - Set FD_CLOEXEC
 * @fd:		descriptor
 *
 * Return: 0 or -errno
 */
int fd_set_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	if (fl < 0 || fcntl(fd, F_SETFD, fl | FD_CLOEXEC) < 0)
		return -errno;
	return 0;
}

/**
 * sock_set_bufs() - Ask for large socket buffers in both directions
 * @fd:		socket
 * @bytes:	wanted size
 *
 * The *FORCE variants go past net.core.[rw]mem_max when we have CAP_NET_ADMIN;
 * without it the plain options give what the sysctl allows. Failure is not
 * fatal: a smaller buffer only costs throughput under bursts.
 *
 * Return: 0 or -errno of the last plain setsockopt() that failed
 */
int sock_set_bufs(int fd, int bytes)
{
	int ret = 0;

	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof(bytes)) &&
	    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(bytes)))
		ret = -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)))
		ret = -errno;
	return ret;
}

/**
 * rlimit_nofile_raise() - Raise the soft descriptor limit to the hard limit
 *
 * Every port holds one or two descriptors; the default soft limit of 1024
 * would cap a switch at a few hundred ports.
 *
 * Return: the new soft limit, or -errno
 */
int rlimit_nofile_raise(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return -errno;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			return -errno;
	}
	return rl.rlim_cur > 1 << 20 ? 1 << 20 : (int)rl.rlim_cur;
}

/**
 * id_parse() - Parse a user or group: a name, or a decimal number
 * @s:		text
 * @group:	true for a group, false for a user
 * @id:		result
 *
 * Names win over numbers, as in chown(1). Numbers need not exist in the
 * user database; (uid_t)-1 is refused, it means "none" to the kernel.
 *
 * Return: 0, -ENOENT if neither a known name nor a number
 */
int id_parse(const char *s, bool group, uint32_t *id)
{
	unsigned long v;

	if (!s || !*s)
		return -ENOENT;
	if (group) {
		const struct group *gr = getgrnam(s);

		if (gr) {
			*id = gr->gr_gid;
			return 0;
		}
	} else {
		const struct passwd *pw = getpwnam(s);

		if (pw) {
			*id = pw->pw_uid;
			return 0;
		}
	}
	if (text_ulong_parse(s, 0, UINT32_MAX - 1, &v))
		return -ENOENT;
	*id = (uint32_t)v;
	return 0;
}
