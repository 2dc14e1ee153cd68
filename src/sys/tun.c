// SPDX-License-Identifier: GPL-2.0-or-later
/* tun.c - TUN/TAP devices through /dev/net/tun ioctls
 *
 * The kernel creates TUN/TAP devices, sets their owner, group and persistence
 * only through ioctls on the clone device (TUNSETIFF, TUNSETOWNER,
 * TUNSETGROUP, TUNSETPERSIST). Everything else about the device (addresses,
 * up/down, bridge) goes through netlink in nl.c.
 */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys/tun.h"

/**
 * tun_clone_open() - Open the clone device
 * @clone_dev:	clone device, NULL for /dev/net/tun
 * @flags:	TUN_F_NONBLOCK or 0
 *
 * Return: the descriptor, or -errno (see tun_open_hint() for users)
 */
int tun_clone_open(const char *clone_dev, unsigned flags)
{
	int fd = open(clone_dev ? clone_dev : TUN_CLONE_DEFAULT,
		      O_RDWR | O_CLOEXEC | ((flags & TUN_F_NONBLOCK) ? O_NONBLOCK : 0));

	return fd < 0 ? -errno : fd;
}

/**
 * tun_attach() - Create or attach to a TUN/TAP device (TUNSETIFF)
 * @fd:		descriptor from tun_clone_open()
 * @name:	interface name or template with %d; NULL or "" lets the kernel pick
 * @flags:	TUN_F_* flags
 * @name_out:	the device's name (TUN_IFNAMSIZ bytes), may be NULL
 *
 * An existing device is attached only if its type (TUN or TAP) and queue
 * mode match @flags, otherwise -EINVAL; with TUN_F_EXCL it is -EBUSY.
 *
 * Return: 0 or -errno (see tun_open_hint() for users)
 */
int tun_attach(int fd, const char *name, unsigned flags, char *name_out)
{
	struct ifreq ifr;

	if (name && strlen(name) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = (short)(((flags & TUN_F_TUN) ? IFF_TUN : IFF_TAP) | IFF_NO_PI);
	if (flags & TUN_F_MULTI_QUEUE)
		ifr.ifr_flags |= IFF_MULTI_QUEUE;
	if (flags & TUN_F_VNET_HDR)
		ifr.ifr_flags |= IFF_VNET_HDR;
	if (flags & TUN_F_EXCL)
		ifr.ifr_flags |= (short)IFF_TUN_EXCL;
	if (name)
		strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &ifr))
		return -errno;
	if (name_out) {
		memcpy(name_out, ifr.ifr_name, IFNAMSIZ);
		name_out[IFNAMSIZ - 1] = '\0';
	}
	return 0;
}

/**
 * tun_open() - Open (creating if needed) a TUN/TAP device
 * @clone_dev:	clone device, NULL for /dev/net/tun
 * @name:	interface name or template with %d; NULL or "" lets the kernel pick
 * @flags:	TUN_F_* flags
 * @name_out:	the device's name (TUN_IFNAMSIZ bytes), may be NULL
 *
 * Return: the descriptor, or -errno (see tun_open_hint() for users)
 */
int tun_open(const char *clone_dev, const char *name, unsigned flags, char *name_out)
{
	int fd, ret;

	if (name && strlen(name) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	fd = tun_clone_open(clone_dev, flags);
	if (fd < 0)
		return fd;
	ret = tun_attach(fd, name, flags, name_out);
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

/**
 * tun_open_tap() - Open a TAP device for frames without packet information
 * @name:	interface name
 * @name_out:	the device's name (TUN_IFNAMSIZ bytes), may be NULL
 * @nonblock:	set O_NONBLOCK
 *
 * Return: the descriptor, or -errno
 */
int tun_open_tap(const char *name, char *name_out, bool nonblock)
{
	return tun_open(NULL, name, nonblock ? TUN_F_NONBLOCK : 0, name_out);
}

/**
 * tun_set_owner() - Let one user open the device (TUNSETOWNER)
 * @fd:		descriptor from tun_open()
 * @uid:	user, (uid_t)-1 for none
 *
 * Return: 0 or -errno
 */
int tun_set_owner(int fd, uid_t uid)
{
	return ioctl(fd, TUNSETOWNER, (unsigned long)uid) ? -errno : 0;
}

/**
 * tun_set_group() - Let one group open the device (TUNSETGROUP)
 * @fd:		descriptor from tun_open()
 * @gid:	group, (gid_t)-1 for none
 *
 * Return: 0 or -errno
 */
int tun_set_group(int fd, gid_t gid)
{
	return ioctl(fd, TUNSETGROUP, (unsigned long)gid) ? -errno : 0;
}

/**
 * tun_set_persist() - Keep the device after the last descriptor closes
 * @fd:		descriptor from tun_open()
 * @persist:	true to keep, false to let it go
 *
 * Return: 0 or -errno
 */
int tun_set_persist(int fd, bool persist)
{
	return ioctl(fd, TUNSETPERSIST, (unsigned long)persist) ? -errno : 0;
}

/**
 * tun_open_hint() - Explain a tun_open() failure the way the HOWTOs' FAQs do
 * @err:	negative errno from tun_open()
 *
 * Return: static string, "" if there is nothing to add
 */
const char *tun_open_hint(int err)
{
	switch (err) {
	case -ENOENT:
	case -ENODEV:
	case -ENXIO:
		return "no /dev/net/tun: is the tun module loaded? (modprobe tun)";
	case -EACCES:
		return "permission denied on /dev/net/tun: it must be readable and writable "
		       "by this user (e.g. chgrp a group of users and chmod 0660 it)";
	case -EPERM:
		return "not allowed: creating a device needs CAP_NET_ADMIN, and an existing "
		       "persistent device may be opened only by its owner or group";
	case -EBUSY:
		return "the name is already in use, or the device is already open in "
		       "another process";
	case -EINVAL:
		return "the name is in use by another kind of device (or a TUN/TAP of the "
		       "other type or queue mode), or invalid";
	case -ENAMETOOLONG:
		return "interface names have at most 15 characters";
	default:
		return "";
	}
}

/**
 * tun_clone_access() - Describe who may open the clone device
 * @clone_dev:	clone device, NULL for /dev/net/tun
 * @buf:	output, e.g. "/dev/net/tun is crw-rw---- root:kvm"
 * @size:	its size
 *
 * For the EACCES hint: opening needs read and write permission on the node,
 * the ioctls then check ownership and CAP_NET_ADMIN.
 *
 * Return: 0 or -errno (stat() failed, or -ENOSPC)
 */
int tun_clone_access(const char *clone_dev, char *buf, size_t size)
{
	static const char rwx[] = "rwxrwxrwx";
	const char *path = clone_dev ? clone_dev : TUN_CLONE_DEFAULT;
	char mode[11], uname[32], gname[32];
	struct passwd *pw;
	struct group *gr;
	struct stat st;
	int n;

	if (stat(path, &st))
		return -errno;
	mode[0] = S_ISCHR(st.st_mode) ? 'c' : S_ISREG(st.st_mode) ? '-' : '?';
	for (int i = 0; i < 9; i++)
		mode[1 + i] = (st.st_mode & (0400U >> i)) ? rwx[i] : '-';
	mode[10] = '\0';
	pw = getpwuid(st.st_uid);
	gr = getgrgid(st.st_gid);
	if (pw)
		snprintf(uname, sizeof(uname), "%s", pw->pw_name);
	else
		snprintf(uname, sizeof(uname), "%u", (unsigned)st.st_uid);
	if (gr)
		snprintf(gname, sizeof(gname), "%s", gr->gr_name);
	else
		snprintf(gname, sizeof(gname), "%u", (unsigned)st.st_gid);
	n = snprintf(buf, size, "%s is %s %s:%s", path, mode, uname, gname);
	return n < 0 || (size_t)n >= size ? -ENOSPC : 0;
}
