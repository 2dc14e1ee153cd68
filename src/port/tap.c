// SPDX-License-Identifier: GPL-2.0-or-later
/* tap.c - an existing (or new) TAP device as a switch port
 *
 * The TAP is opened with IFF_TAP | IFF_NO_PI, so every read() and write() is
 * one bare Ethernet frame. A TAP descriptor has no batched calls; the
 * backend loops over the batch instead. Writing to a TAP whose link is down
 * fails with EIO: that frame is dropped and counted, the port stays.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "port/port.h"
#include "sys/tun.h"

static int port_tap_recv(struct port *p, struct mmsghdr *msgs, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		struct iovec *iov = msgs[i].msg_hdr.msg_iov;
		ssize_t len = read(p->fd, iov->iov_base, iov->iov_len);

		if (len < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			return i ? (int)i : -errno;
		}
		msgs[i].msg_len = (unsigned)len;
		/* a frame that fills the buffer may have been cut: never forward it */
		msgs[i].msg_hdr.msg_flags = (size_t)len >= iov->iov_len ? MSG_TRUNC : 0;
	}
	return i ? (int)i : -EAGAIN;
}

static int port_tap_send(struct port *p, struct mmsghdr *msgs, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		const struct iovec *iov = msgs[i].msg_hdr.msg_iov;

		if (write(p->fd, iov->iov_base, iov->iov_len) < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			if (errno == EBADFD || errno == ENODEV)
				return -errno;	/* the device is gone */
			p->tx_dropped++;	/* e.g. EIO: link down */
		}
	}
	return (int)i;
}

static void port_tap_close(struct port *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

static const struct port_ops port_tap_ops = {
	.kind = "tap",
	.recv = port_tap_recv,
	.send = port_tap_send,
	.close = port_tap_close,
};

/**
 * port_tap_open() - Attach a TAP device
 * @dev:	interface name
 * @err:	-errno on failure
 *
 * Return: the port, NULL on failure
 */
struct port *port_tap_open(const char *dev, int *err)
{
	struct port *p = port_alloc(&port_tap_ops);
	char name[TUN_IFNAMSIZ];

	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	p->fd = tun_open_tap(dev, name, true);
	if (p->fd < 0) {
		*err = p->fd;
		p->fd = -1;
		port_free(p);
		return NULL;
	}
	snprintf(p->name, sizeof(p->name), "tap:%s", name);
	snprintf(p->peer, sizeof(p->peer), "host interface %s", name);
	return p;
}
