// SPDX-License-Identifier: GPL-2.0-or-later
/* sock.c - unix sockets: bind safely (refuse a live one, replace a stale one), connect, accept
 *
 * A control socket path may already exist. If a switch still answers on it,
 * starting a second one would steal its path from it: refuse with a clear
 * message. If nothing answers (ECONNREFUSED), the file is the leftover of a
 * switch that died: remove it and bind again, as uml_switch does. Only a
 * socket is ever removed; any other file at the path is left alone.
 *
 * Out of descriptors, sock_accept() refuses a waiting client by accepting
 * it on a descriptor kept in reserve and closing it, rather than leave it
 * waiting and the listener readable (see docs/robustness.md).
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "sys/sock.h"

_Static_assert(SOCK_PATH_MAX == sizeof(((struct sockaddr_un *)0)->sun_path),
	       "SOCK_PATH_MAX is the size of sun_path");

/**
 * sock_unix_addr() - Fill in a unix socket address
 * @sun:	result
 * @path:	filesystem path
 *
 * Return: 0, -ENAMETOOLONG if @path and its NUL do not fit SOCK_PATH_MAX
 */
int sock_unix_addr(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path))
		return -ENAMETOOLONG;
	strcpy(sun->sun_path, path);
	return 0;
}

/**
 * sock_unix_connect() - Connect to a unix socket path
 * @path:	filesystem path
 * @type:	SOCK_STREAM, SOCK_SEQPACKET, ...
 *
 * Return: the connected descriptor (blocking, close-on-exec), or -errno
 * (-ENAMETOOLONG if @path does not fit a unix socket address)
 */
int sock_unix_connect(const char *path, int type)
{
	struct sockaddr_un sun;
	int fd, ret = sock_unix_addr(&sun, path);

	if (ret)
		return ret;
	fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

/* Return: 0 stale (removed), -EADDRINUSE live, other -errno */
static int sock_probe_stale(const char *path, int type)
{
	struct stat st;
	int fd;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode))
		return -EEXIST;
	fd = sock_unix_connect(path, type);
	if (fd >= 0)
		close(fd);
	if (fd >= 0 || fd == -EPROTOTYPE || fd == -EAGAIN)
		return -EADDRINUSE;	/* someone is serving it */
	if (fd == -ECONNREFUSED)
		return unlink(path) ? -errno : 0;
	return fd;
}

/**
 * sock_unix_listen() - Bind and listen on a unix socket path
 * @path:	filesystem path
 * @type:	SOCK_STREAM (control) or SOCK_SEQPACKET (bess)
 * @mode:	permissions for the socket file, -1 to keep what umask gives
 * @gid:	group for the socket file, (gid_t)-1 to keep
 *
 * Return: listening descriptor (nonblocking, close-on-exec), or -errno:
 * -EADDRINUSE if a live process serves @path, -EEXIST if @path is not a socket
 */
int sock_unix_listen(const char *path, int type, int mode, gid_t gid)
{
	struct sockaddr_un sun;
	int fd, ret;

	ret = sock_unix_addr(&sun, path);
	if (ret)
		return ret;
	fd = socket(AF_UNIX, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		ret = -errno;
		if (ret != -EADDRINUSE)
			goto fail;
		ret = sock_probe_stale(path, type);
		if (ret)
			goto fail;
		if (bind(fd, (struct sockaddr *)&sun, sizeof(sun))) {
			ret = -errno;
			goto fail;
		}
	}
	if ((mode >= 0 && chmod(path, (mode_t)mode)) ||
	    (gid != (gid_t)-1 && chown(path, (uid_t)-1, gid))) {
		ret = -errno;
		unlink(path);
		goto fail;
	}
	if (listen(fd, 128)) {
		ret = -errno;
		unlink(path);
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return ret;
}

/**
 * sock_dir_make() - Create a socket directory if missing (VDE's DIR)
 * @dir:	path
 * @mode:	permissions if created, -1 for 02700 (vde_switch's default)
 * @gid:	group if created, (gid_t)-1 to keep
 * @created:	set to true if this call made it
 *
 * Return: 0 or -errno (-ENOTDIR if @dir exists and is not a directory)
 */
int sock_dir_make(const char *dir, int mode, gid_t gid, bool *created)
{
	struct stat st;
	mode_t m = mode >= 0 ? (mode_t)mode : 02700;

	*created = false;
	if (!stat(dir, &st))
		return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
	/* directories need x where files need r/w */
	if (m & 0444)
		m |= (m & 0444) >> 2;
	if (mkdir(dir, m & 07777))
		return -errno;
	*created = true;
	if (chmod(dir, m & 07777) || (gid != (gid_t)-1 && chown(dir, (uid_t)-1, gid)))
		return -errno;
	return 0;
}

/**
 * sock_spare_open() - Take a descriptor to hold in reserve for sock_accept()
 *
 * Return: the descriptor (on /dev/null), or -errno
 */
int sock_spare_open(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/**
 * sock_accept() - Accept a connection; when out of descriptors, refuse it
 * @lfd:	listening socket (nonblocking)
 * @spare:	descriptor held in reserve, or -1; closed and taken again here
 * @shed:	on -EMFILE/-ENFILE: set if the waiting client was refused
 * @cred:	then its credentials (pid 0 if unknown)
 *
 * A listener whose client cannot be accepted for want of a descriptor stays
 * readable, and a level-triggered loop would spin on it at full CPU while
 * the client waits for nothing. Giving up the spare descriptor frees the one
 * slot needed to accept the client and close it at once: it sees its
 * connection end, as a refusal. Then the spare is taken again; if that
 * fails (another thread, or the system table, took the slot), @spare is -1
 * and the next exhaustion leaves the client waiting (@shed false).
 *
 * Return: the new descriptor (nonblocking, close-on-exec); -EAGAIN if no
 * client waits, or it gave up; -EMFILE or -ENFILE when out of descriptors;
 * another -errno from accept4()
 */
int sock_accept(int lfd, int *spare, bool *shed, struct ucred *cred)
{
	socklen_t len = sizeof(*cred);
	int fd, ret;

	*shed = false;
	fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd >= 0)
		return fd;
	ret = -errno;
	if (ret == -EAGAIN || ret == -ECONNABORTED || ret == -EINTR)
		return -EAGAIN;
	if ((ret != -EMFILE && ret != -ENFILE) || *spare < 0)
		return ret;

	close(*spare);
	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd >= 0) {
		memset(cred, 0, sizeof(*cred));
		getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cred, &len);
		close(fd);
		*shed = true;
	} else if (errno == EAGAIN || errno == ECONNABORTED || errno == EINTR) {
		ret = -EAGAIN;		/* the client gave up meanwhile */
	}
	*spare = sock_spare_open();
	if (*spare < 0)
		*spare = -1;
	return ret;
}
