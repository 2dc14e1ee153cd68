// SPDX-License-Identifier: GPL-2.0-or-later
/* unix.c - uml_switch and VDE clients: one connected data socket per port
 *
 * DOC: Theory of operation
 *
 * After a client's control request is parsed (core/request.c), the port gets
 * a datagram socket of its own, connect()ed to the client's data address.
 * The kernel then refuses datagrams to it from anyone but that client, so no
 * other local process can inject frames as this port (uml_switch shares one
 * unconnected socket and identifies ports by source address, which anyone
 * can spoof). Being connected also keeps the client's frames clear of
 * net.unix.max_dgram_qlen, which only throttles senders a receiver is not
 * connected to.
 *
 * The socket is named in the abstract namespace for uml_switch-style control
 * sockets, as uml_switch does, and as DIR/NNN.G in a VDE socket directory, as
 * vde_switch does, so that VDE clients in other network namespaces reach it.
 * Either way it is bound with the full sizeof(struct sockaddr_un), because
 * clients send to the 110-byte address they are given and an abstract name
 * is compared over its whole length.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/request.h"
#include "port/port.h"
#include "sys/util.h"

_Static_assert(sizeof(struct sockaddr_un) == REQ_SOCKADDR_BYTES,
	       "the wire carries a Linux struct sockaddr_un");

static const struct port_ops port_uml_ops = {
	.kind = "uml",
	.recv = port_sock_recv,
	.send = port_sock_send,
	.close = port_sock_close,
};

static const struct port_ops port_vde_ops = {
	.kind = "vde",
	.recv = port_sock_recv,
	.send = port_sock_send,
	.close = port_sock_close,
};

static void port_unix_peer(struct port *p, const struct request *req)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int n;

	if (!getsockopt(p->ctl_fd, SOL_SOCKET, SO_PEERCRED, &cred, &len)) {
		p->pid = cred.pid;
		p->uid = cred.uid;
	}
	n = snprintf(p->peer, sizeof(p->peer), "pid %d uid %d", (int)p->pid, (int)p->uid);
	if (req->descr[0] && n > 0 && (size_t)n < sizeof(p->peer))
		snprintf(p->peer + n, sizeof(p->peer) - (size_t)n, " \"%s\"", req->descr);
}

static int port_unix_bind(struct port *p, const char *data_dir, unsigned id)
{
	static unsigned seq;
	struct sockaddr_un sun;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	seq++;
	if (data_dir) {
		if (snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/%03u.%u", data_dir,
			     id, seq) >= (int)sizeof(sun.sun_path))
			return -ENAMETOOLONG;
		unlink(sun.sun_path);	/* a leftover of a crashed switch */
	} else {
		snprintf(sun.sun_path + 1, sizeof(sun.sun_path) - 1, "umnet-switch/%d/%u/%u",
			 (int)getpid(), id, seq);
	}
	if (bind(p->fd, (struct sockaddr *)&sun, sizeof(sun)))
		return -errno;
	if (data_dir) {
		memcpy(p->path, sun.sun_path, sizeof(p->path));
		/* Only the client (and root) may use it, as vde_switch does */
		if (p->uid != (uid_t)-1 && !chown(p->path, p->uid, (gid_t)-1))
			chmod(p->path, 0600);
	}
	return 0;
}

/**
 * port_unix_open() - Make the port for a parsed control request
 * @req:	the request
 * @ctl_fd:	control connection; owned by the port on success
 * @vde:	served from a VDE socket directory (changes only the kind name)
 * @ctl_name:	control socket path, for the port's name
 * @data_dir:	directory for the data socket, NULL for an abstract name
 * @id:		port number
 * @err:	-errno on failure
 *
 * Return: the port, NULL on failure (@ctl_fd is then still the caller's)
 */
struct port *port_unix_open(const struct request *req, int ctl_fd, bool vde,
			    const char *ctl_name, const char *data_dir, unsigned id,
			    int *err)
{
	struct port *p = port_alloc(vde ? &port_vde_ops : &port_uml_ops);
	int ret;

	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	p->id = id;
	p->ctl_fd = ctl_fd;
	snprintf(p->name, sizeof(p->name), "%s:%s", p->ops->kind, ctl_name);
	port_unix_peer(p, req);

	p->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0) {
		ret = -errno;
		goto fail;
	}
	ret = port_unix_bind(p, data_dir, id);
	if (ret)
		goto fail;
	/* The full 110 bytes: UML's abstract name includes uninitialised bytes */
	if (connect(p->fd, (const struct sockaddr *)req->sock, REQ_SOCKADDR_BYTES)) {
		ret = -errno;
		goto fail;
	}
	sock_set_bufs(p->fd, PORT_SOCKBUF_BYTES);
	return p;
fail:
	p->ctl_fd = -1;
	port_free(p);
	*err = ret;
	return NULL;
}

/**
 * port_unix_reply() - Tell the client where to send its frames
 * @p:		port made by port_unix_open()
 * @ctl_fd:	control connection
 *
 * The reply is exactly one struct sockaddr_un (110 bytes): UML reads exactly
 * that and fails on a short read.
 *
 * Return: 0 or -errno
 */
int port_unix_reply(const struct port *p, int ctl_fd)
{
	struct sockaddr_un sun;
	socklen_t len = sizeof(sun);
	ssize_t n;

	memset(&sun, 0, sizeof(sun));
	if (getsockname(p->fd, (struct sockaddr *)&sun, &len))
		return -errno;
	n = send(ctl_fd, &sun, sizeof(sun), MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	return n == (ssize_t)sizeof(sun) ? 0 : -EIO;
}
