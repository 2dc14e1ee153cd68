// SPDX-License-Identifier: GPL-2.0-or-later
/* bess.c - UML vector guests on transport=bess: one frame per seqpacket
 *
 * UML's vector driver with transport=bess opens an AF_UNIX SOCK_SEQPACKET
 * socket, optionally binds it to src=, and connects it to dst=, our listening
 * socket. Every message is one Ethernet frame with no header (docs/protocols.md).
 * Each accepted connection is a port; it ends when the guest closes it.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "port/port.h"
#include "sys/util.h"

static const struct port_ops port_bess_ops = {
	.kind = "bess",
	.conn_is_port = true,
	.recv = port_sock_recv,
	.send = port_sock_send,
	.close = port_sock_close,
};

/**
 * port_bess_open() - Make a port of an accepted seqpacket connection
 * @fd:			accepted socket (owned by the port on success)
 * @listen_path:	path of the listening socket, for the port's name
 *
 * Return: the port, NULL on ENOMEM (@fd is then still the caller's)
 */
struct port *port_bess_open(int fd, const char *listen_path)
{
	struct port *p = port_alloc(&port_bess_ops);
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (!p)
		return NULL;
	p->fd = fd;
	snprintf(p->name, sizeof(p->name), "bess:%s", listen_path);
	if (!getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len)) {
		p->pid = cred.pid;
		p->uid = cred.uid;
	}
	snprintf(p->peer, sizeof(p->peer), "pid %d uid %d", (int)p->pid, (int)p->uid);
	sock_set_bufs(fd, PORT_SOCKBUF_BYTES);
	return p;
}
