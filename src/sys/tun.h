/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tun.h - TUN/TAP devices through /dev/net/tun ioctls (the kernel offers no netlink for these) */
#ifndef UMNET_TUN_H
#define UMNET_TUN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define TUN_IFNAMSIZ		16
#define TUN_CLONE_DEFAULT	"/dev/net/tun"

/* Flags for tun_open(): what to ask TUNSETIFF for */
#define TUN_F_TUN		(1U << 0)	/* IFF_TUN instead of IFF_TAP */
#define TUN_F_NONBLOCK		(1U << 1)	/* O_NONBLOCK on the descriptor */
#define TUN_F_MULTI_QUEUE	(1U << 2)	/* IFF_MULTI_QUEUE */
#define TUN_F_VNET_HDR		(1U << 3)	/* IFF_VNET_HDR */
#define TUN_F_EXCL		(1U << 4)	/* IFF_TUN_EXCL: -EBUSY if the name exists */

int tun_clone_open(const char *clone_dev, unsigned flags);
int tun_attach(int fd, const char *name, unsigned flags, char *name_out);
int tun_open(const char *clone_dev, const char *name, unsigned flags, char *name_out);
int tun_open_tap(const char *name, char *name_out, bool nonblock);
int tun_set_owner(int fd, uid_t uid);
int tun_set_group(int fd, gid_t gid);
int tun_set_persist(int fd, bool persist);
const char *tun_open_hint(int err);
int tun_clone_access(const char *clone_dev, char *buf, size_t size);

#endif /* UMNET_TUN_H */
