/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port.h - the one interface every port backend implements
 *
 * A port is one attachment point of the switch: a UML or VDE client with its
 * own connected data socket, a vector/bess guest, a TAP device. Backends fill
 * in struct port_ops; the datapath only ever calls these, in batches.
 */
#ifndef UMNET_PORT_H
#define UMNET_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "core/txq.h"
#include "sys/sock.h"

#define PORT_BATCH		32	/* frames per recvmmsg()/sendmmsg() */
#define PORT_NAME_MAX		64
#define PORT_PEER_MAX		160
#define PORT_TXQ_BYTES		(512 * 1024)
#define PORT_TXQ_FRAMES		1024
#define PORT_SOCKBUF_BYTES	(4 * 1024 * 1024)
/* Bytes before every receive buffer that a backend may fill: a TAP's
 * virtio-net header goes there, so the frame and its header are contiguous */
#define PORT_HEADROOM		16
#define PORT_VNET_HDR_BYTES	10	/* struct virtio_net_hdr */

struct port;

/**
 * struct port_ops - what a backend provides
 * @kind:	short name: "uml", "vde", "bess", "stream", "tap"
 * @recv:	receive up to @n frames into @msgs (iovecs set up by the caller,
 *		each buffer preceded by PORT_HEADROOM bytes the backend may use;
 *		msg_len and msg_flags filled, MSG_TRUNC marks an oversize frame).
 *		Return: frames received (>0), -EAGAIN if none is waiting,
 *		0 or another -errno if the peer is gone and the port must close.
 *		A backend that read more than @n frames at once keeps the rest
 *		and sets @rx_more: the datapath calls it again next round.
 * @send:	send up to @n frames (@n may be 0). Return: frames sent, fewer
 *		than @n if the peer would block (the rest is retried when
 *		writable), -errno if the peer is gone. A stream backend that
 *		wrote part of a frame keeps the rest, counts the frame as sent
 *		and sets @tx_blocked until it has written it: meanwhile it sends
 *		nothing else, and the datapath waits for the peer to be writable.
 * @close:	release the backend's descriptors and files (not the struct)
 * @conn_is_port: the data descriptor is the peer's connection itself (bess):
 *		its hang-up or error ends the port, so the loop watches for them
 */
struct port_ops {
	const char *kind;
	bool conn_is_port;
	int (*recv)(struct port *p, struct mmsghdr *msgs, unsigned n);
	int (*send)(struct port *p, struct mmsghdr *msgs, unsigned n);
	void (*close)(struct port *p);
};

/**
 * struct port - one port
 * @ops:	backend
 * @id:		port number shown to users, 1..max
 * @fd:		data descriptor, polled for input (and output when queued)
 * @ctl_fd:	control connection whose end ends the port, or -1
 * @name:	how the port attached, e.g. "uml:/tmp/uml.ctl", "tap:tap0"
 * @peer:	who is on the other end, e.g. "pid 1234 uid 1000", "QEMU"
 * @pid:	peer process from SO_PEERCRED, 0 if unknown
 * @uid:	peer user, (uid_t)-1 if unknown
 * @path:	filesystem socket to unlink on close, "" if none
 * @pend:	frames of the current receive batch bound for this port
 * @pend_iov:	their iovecs
 * @npend:	how many
 * @txq:	frames the peer could not take yet, in arrival order
 * @dirty:	on the datapath's list of ports to flush
 * @want_out:	EPOLLOUT armed
 * @tx_dropped:	frames the backend took but could not deliver (e.g. TAP down)
 * @watch:	the event loop's watch of @fd, -1 for none
 * @ctl_watch:	its watch of @ctl_fd, -1 for none
 * @vnet:	frames carry a virtio-net header (TAP): received ones have it in
 *		the PORT_VNET_HDR_BYTES before the buffer, and views handed to
 *		@ops->send start at it
 * @rx_burst:	TAP: frames to read at most on the next wakeup (tap.c)
 * @priv:	backend state (stream.c)
 * @rx_more:	set by the backend: frames received and not handed over yet
 * @rx_listed:	on the datapath's list of ports to read again
 * @tx_blocked:	set by the backend: part of a frame is still to be written
 */
struct port {
	const struct port_ops *ops;
	unsigned id;
	int fd;
	int ctl_fd;
	char name[PORT_NAME_MAX];
	char peer[PORT_PEER_MAX];
	pid_t pid;
	uid_t uid;
	char path[SOCK_PATH_MAX];

	/* owned by the datapath */
	struct mmsghdr pend[PORT_BATCH];
	struct iovec pend_iov[PORT_BATCH];
	unsigned npend;
	struct txq txq;
	bool dirty;
	bool want_out;
	unsigned tx_dropped;
	int watch;
	int ctl_watch;
	bool vnet;
	unsigned rx_burst;
	void *priv;
	bool rx_more;
	bool rx_listed;
	bool tx_blocked;
};

struct port *port_alloc(const struct port_ops *ops);
void port_free(struct port *p);
void port_conn_init(struct port *p, int fd, const char *listen_path);
int port_sock_recv(struct port *p, struct mmsghdr *msgs, unsigned n);
int port_sock_send(struct port *p, struct mmsghdr *msgs, unsigned n);
void port_sock_close(struct port *p);

/* Backends */
struct request;
struct port *port_unix_open(const struct request *req, int ctl_fd, bool vde,
			    const char *ctl_name, const char *data_dir, unsigned id,
			    int *err);
int port_unix_reply(const struct port *p, int ctl_fd);
struct port *port_bess_open(int fd, const char *listen_path);
struct port *port_stream_open(int fd, const char *listen_path);
struct port *port_tap_open(const char *dev, int *err);
int port_tap_set_offload(struct port *p, bool on);
bool port_vnet_is_plain(const uint8_t *hdr);

#endif /* UMNET_PORT_H */
