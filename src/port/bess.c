// SPDX-License-Identifier: GPL-2.0-or-later
/* bess.c - UML vector guests on transport=bess: one frame per seqpacket
 *
 * UML's vector driver with transport=bess opens an AF_UNIX SOCK_SEQPACKET
 * socket, optionally binds it to src=, and connects it to dst=, our listening
 * socket. Every message is one Ethernet frame with no header (docs/protocols.md).
 * Each accepted connection is a port; it ends when the guest closes it.
 */

#include "port/port.h"

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

	if (!p)
		return NULL;
	port_conn_init(p, fd, listen_path);
	return p;
}
