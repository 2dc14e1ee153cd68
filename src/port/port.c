// SPDX-License-Identifier: GPL-2.0-or-later
/* port.c - what all port backends share: allocation, batched socket I/O */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "port/port.h"
#include "sys/util.h"

/**
 * port_alloc() - Allocate a port with no descriptors yet
 * @ops:	backend
 *
 * Return: the port (caller frees with port_free()), NULL on ENOMEM
 */
struct port *port_alloc(const struct port_ops *ops)
{
	struct port *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->ops = ops;
	p->fd = -1;
	p->ctl_fd = -1;
	p->watch = -1;
	p->ctl_watch = -1;
	p->uid = (uid_t)-1;
	return p;
}

/**
 * port_free() - Close a port's backend and free it
 * @p:		port, may be NULL
 */
void port_free(struct port *p)
{
	if (!p)
		return;
	if (p->ops && p->ops->close)
		p->ops->close(p);
	txq_fini(&p->txq);
	free(p);
}

/**
 * port_conn_init() - Make @p the port of an accepted connection (bess, stream)
 * @p:			port
 * @fd:			accepted socket, now the port's
 * @listen_path:	path of the listening socket
 *
 * Names the port KIND:PATH (KIND from its port_ops) and its peer by
 * SO_PEERCRED, and gives the socket large buffers.
 */
void port_conn_init(struct port *p, int fd, const char *listen_path)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	p->fd = fd;
	snprintf(p->name, sizeof(p->name), "%s:%s", p->ops->kind, listen_path);
	if (!getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len)) {
		p->pid = cred.pid;
		p->uid = cred.uid;
	}
	snprintf(p->peer, sizeof(p->peer), "pid %d uid %d", (int)p->pid, (int)p->uid);
	sock_set_bufs(fd, PORT_SOCKBUF_BYTES);
}

/**
 * port_sock_recv() - Batched receive on a connected datagram/seqpacket socket
 * @p:		port
 * @msgs:	buffers
 * @n:		their number
 *
 * A seqpacket connection whose peer closed does not make recvmmsg() return
 * 0: it fills every buffer with an empty message, again at every call. On a
 * connection that is the port (bess) an empty first message is therefore
 * the end, not @n runts.
 *
 * Return: see struct port_ops.recv
 */
int port_sock_recv(struct port *p, struct mmsghdr *msgs, unsigned n)
{
	int ret = recvmmsg(p->fd, msgs, n, MSG_DONTWAIT, NULL);

	if (ret < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return -EAGAIN;
		return -errno;
	}
	if (ret > 0 && p->ops->conn_is_port && !msgs[0].msg_len)
		return 0;
	return ret;
}

/**
 * port_sock_send() - Batched send on a connected datagram/seqpacket socket
 * @p:		port
 * @msgs:	frames
 * @n:		their number
 *
 * Return: see struct port_ops.send
 */
int port_sock_send(struct port *p, struct mmsghdr *msgs, unsigned n)
{
	int ret = sendmmsg(p->fd, msgs, n, MSG_DONTWAIT | MSG_NOSIGNAL);

	if (ret < 0) {
		if (errno == EAGAIN || errno == ENOBUFS || errno == EINTR)
			return 0;
		return -errno;
	}
	return ret;
}

/**
 * port_sock_close() - Close a socket port's descriptors and socket file
 * @p:		port
 */
void port_sock_close(struct port *p)
{
	if (p->fd >= 0)
		close(p->fd);
	if (p->ctl_fd >= 0)
		close(p->ctl_fd);
	if (p->path[0])
		unlink(p->path);
	p->fd = p->ctl_fd = -1;
	p->path[0] = '\0';
}
