// SPDX-License-Identifier: GPL-2.0-or-later
/* util.c - small system helpers: numbers from argv, clocks, descriptors */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "sys/util.h"

/**
 * parse_ulong() - Parse a whole decimal number within a range (strtonum idiom)
 * @s:		text
 * @min:	smallest accepted value
 * @max:	largest accepted value
 * @out:	result
 *
 * Return: 0, -EINVAL if @s is not a number, -ERANGE if outside [@min, @max]
 */
int parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/**
 * parse_mode() - Parse an octal file mode such as 0660
 * @s:		text
 * @mode:	result
 *
 * Return: 0 or -EINVAL
 */
int parse_mode(const char *s, unsigned *mode)
{
	unsigned long v;
	char *end;

	if (!s || *s < '0' || *s > '7')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 8);
	if (*end || errno || v > 07777)
		return -EINVAL;
	*mode = (unsigned)v;
	return 0;
}

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
