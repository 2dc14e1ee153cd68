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
#include <linux/if_tun.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sys/tun.h"

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
	struct ifreq ifr;
	int fd, oflags = O_RDWR | O_CLOEXEC;

	if (name && strlen(name) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	if (flags & TUN_F_NONBLOCK)
		oflags |= O_NONBLOCK;
	fd = open(clone_dev ? clone_dev : TUN_CLONE_DEFAULT, oflags);
	if (fd < 0)
		return -errno;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = (short)(((flags & TUN_F_TUN) ? IFF_TUN : IFF_TAP) | IFF_NO_PI);
	if (flags & TUN_F_MULTI_QUEUE)
		ifr.ifr_flags |= IFF_MULTI_QUEUE;
	if (flags & TUN_F_VNET_HDR)
		ifr.ifr_flags |= IFF_VNET_HDR;
	if (name)
		strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &ifr)) {
		int ret = -errno;

		close(fd);
		return ret;
	}
	if (name_out) {
		memcpy(name_out, ifr.ifr_name, IFNAMSIZ);
		name_out[IFNAMSIZ - 1] = '\0';
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
		return "the name is in use by a device that is not a TAP of this kind, or "
		       "the device is already attached";
	case -EINVAL:
		return "the name is in use by another kind of device, or invalid";
	default:
		return "";
	}
}
