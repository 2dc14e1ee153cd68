// SPDX-License-Identifier: GPL-2.0-or-later
/* tap.c - an existing (or new) TAP device as a switch port
 *
 * The TAP is opened with IFF_TAP | IFF_NO_PI | IFF_VNET_HDR, so every read()
 * and write() is one Ethernet frame behind a struct virtio_net_hdr
 * (PORT_VNET_HDR_BYTES). A TAP descriptor has no batched calls; the backend
 * loops over the batch instead. Writing to a TAP whose link is down fails
 * with EIO: that frame is dropped and counted, the port stays.
 *
 * The header is what lets TAP ports exchange GSO super-frames (up to 64 KiB,
 * checksum left to the receiver) instead of MTU-sized segments: one read and
 * one write per 64 KiB of TCP instead of per 1.5 KiB. The kernel sends such
 * frames only once TUNSETOFFLOAD allows it (port_tap_set_offload()), which
 * the datapath does only while every port of the switch is a TAP: socket
 * peers (UML, QEMU, VDE) take plain frames. Without offloads the header is
 * all zeros, or just VIRTIO_NET_HDR_F_DATA_VALID.
 *
 * Received: the header lands in the PORT_VNET_HDR_BYTES of headroom before
 * each receive buffer (struct port_ops.recv). Sent: the datapath hands views
 * that start at the header (struct port.vnet).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>

#include "port/port.h"
#include "sys/tun.h"

_Static_assert(sizeof(struct virtio_net_hdr) == PORT_VNET_HDR_BYTES,
	       "TUNSETVNETHDRSZ defaults to sizeof(struct virtio_net_hdr)");
_Static_assert(PORT_VNET_HDR_BYTES <= PORT_HEADROOM, "the header goes in the headroom");

/*
 * A TAP has no batched read, and the read that finds the queue empty costs
 * about what one that brings a frame does. So read at most p->rx_burst
 * frames: the level-triggered epoll reports the TAP again if more were
 * waiting, the burst doubles (up to @n) whenever it was used up, and falls
 * back to what there was when the queue ran dry. A trickle of one frame per
 * wakeup then costs one read per frame instead of two.
 */
static int port_tap_recv(struct port *p, struct mmsghdr *msgs, unsigned n)
{
	unsigned i, want = p->rx_burst ? p->rx_burst : 1;

	if (want > n)
		want = n;
	for (i = 0; i < want; i++) {
		struct iovec *iov = msgs[i].msg_hdr.msg_iov;
		uint8_t *buf = (uint8_t *)iov->iov_base - PORT_VNET_HDR_BYTES;
		ssize_t len = read(p->fd, buf, iov->iov_len + PORT_VNET_HDR_BYTES);

		if (len < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			return i ? (int)i : -errno;
		}
		len -= PORT_VNET_HDR_BYTES;
		msgs[i].msg_len = len > 0 ? (unsigned)len : 0;	/* < 0: a runt for the core */
		/* a frame that fills the buffer may have been cut: never forward it */
		msgs[i].msg_hdr.msg_flags = len >= (ssize_t)iov->iov_len ? MSG_TRUNC : 0;
	}
	p->rx_burst = i == want ? (want * 2 < n ? want * 2 : n) : (i ? i : 1);
	return i ? (int)i : -EAGAIN;
}

/* Views start at the virtio-net header: see struct port.vnet */
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
	p->fd = tun_open(NULL, dev, TUN_F_NONBLOCK | TUN_F_VNET_HDR, name);
	if (p->fd < 0) {
		*err = p->fd;
		p->fd = -1;
		port_free(p);
		return NULL;
	}
	snprintf(p->name, sizeof(p->name), "tap:%s", name);
	snprintf(p->peer, sizeof(p->peer), "host interface %s", name);
	p->vnet = true;
	return p;
}

/**
 * port_tap_set_offload() - Let the kernel hand this TAP GSO super-frames
 * @p:		TAP port
 * @on:		true: TCP segmentation and checksums left to the receiver
 *		(TUN_F_CSUM, TSO4, TSO6, TSO_ECN); false: plain frames only
 *
 * Frames already queued on the TAP keep the form they were read in.
 *
 * Return: 0 or -errno
 */
int port_tap_set_offload(struct port *p, bool on)
{
	unsigned long f = on ? TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN : 0;

	if (!p->vnet)
		return -EINVAL;
	return ioctl(p->fd, TUNSETOFFLOAD, f) ? -errno : 0;
}

/**
 * port_vnet_is_plain() - Whether a virtio-net header describes a plain frame
 * @hdr:	PORT_VNET_HDR_BYTES
 *
 * Return: true unless the frame is a GSO super-frame or awaits its checksum,
 * i.e. true if a peer without the header can take the frame as it is
 */
bool port_vnet_is_plain(const uint8_t *hdr)
{
	struct virtio_net_hdr h;

	memcpy(&h, hdr, sizeof(h));
	return h.gso_type == VIRTIO_NET_HDR_GSO_NONE && !(h.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM);
}
