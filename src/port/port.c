// SPDX-License-Identifier: GPL-2.0-or-later
/* port.c - what all port backends share: allocation, batched socket I/O */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "port/port.h"

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
 * port_sock_recv() - Batched receive on a connected datagram/seqpacket socket
 * @p:		port
 * @msgs:	buffers
 * @n:		their number
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
