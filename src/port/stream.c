// SPDX-License-Identifier: GPL-2.0-or-later
/* stream.c - QEMU guests on -netdev stream: frames behind a length, on a stream
 *
 * QEMU's stream netdev (server=off, addr.type=unix) connects a SOCK_STREAM
 * socket to our listening one and sends each frame behind its 4-byte
 * big-endian length; we answer the same way (docs/protocols.md section 7).
 * Each accepted connection is a port, which ends when the guest closes it.
 *
 * A stream has no message boundaries, so this backend keeps what it read in
 * a buffer of its own: a read may bring part of a frame (kept for the next
 * one) or more frames than the datapath takes in one batch (handed over on
 * the next round, see struct port.rx_more). On the way out, a write the
 * peer takes only in part leaves the rest of that frame here, sent before
 * anything else (struct port.tx_blocked): a frame is never cut, or the
 * stream would fall out of step.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "core/frame.h"
#include "core/streamframe.h"
#include "port/port.h"
#include "sys/log.h"

#define STREAM_RX_BYTES		(2 * (STREAM_HDR_BYTES + FRAME_MAX_BYTES))

struct stream {
	struct stream_rx rx;
	size_t res_off, res_len;		/* tx: the rest of a frame */
	uint8_t hdr[PORT_BATCH][STREAM_HDR_BYTES];
	uint8_t res[STREAM_HDR_BYTES + FRAME_MAX_BYTES];
	uint8_t rxbuf[STREAM_RX_BYTES];
};

/* Hand over the complete frames buffered, msgs[i] to msgs[n - 1] at most.
 * Return: how many in all, or -EPROTO (logged) for a header that cannot be
 * a frame's */
static int stream_parse(struct port *p, struct stream *st, struct mmsghdr *msgs, unsigned n,
			unsigned i)
{
	for (; i < n; i++) {
		struct iovec *iov = msgs[i].msg_hdr.msg_iov;
		const uint8_t *f;
		size_t flen = 0, k;
		ssize_t used = stream_rx_next(&st->rx, FRAME_MAX_BYTES, &f, &flen);

		if (used < 0) {
			const uint8_t *h = st->rx.buf + st->rx.off;

			warn("port %u (%s): a frame of %u bytes announced, more than %u: "
			     "the stream is out of step", p->id, p->name,
			     (unsigned)h[0] << 24 | (unsigned)h[1] << 16 | (unsigned)h[2] << 8 | h[3],
			     FRAME_MAX_BYTES);
			return -EPROTO;
		}
		if (!used)
			break;
		k = flen < iov->iov_len ? flen : iov->iov_len;
		memcpy(iov->iov_base, f, k);
		msgs[i].msg_len = (unsigned)k;
		msgs[i].msg_hdr.msg_flags = flen > iov->iov_len ? MSG_TRUNC : 0;
	}
	return (int)i;
}

static int port_stream_recv(struct port *p, struct mmsghdr *msgs, unsigned n)
{
	struct stream *st = p->priv;
	uint8_t *space;
	size_t room;
	ssize_t r;
	int i;

	i = stream_parse(p, st, msgs, n, 0);
	if (i >= 0 && (unsigned)i < n) {
		/* room for more: read once */
		space = stream_rx_space(&st->rx, &room);
		r = recv(p->fd, space, room, MSG_DONTWAIT);
		if (r > 0) {
			stream_rx_commit(&st->rx, (size_t)r);
			i = stream_parse(p, st, msgs, n, (unsigned)i);
		} else if (!i) {
			p->rx_more = false;
			if (!r)
				return 0;	/* closed; a partial frame dies with it */
			return errno == EAGAIN || errno == EINTR ? -EAGAIN : -errno;
		}
	}
	if (i < 0)
		return -EPROTO;
	p->rx_more = stream_rx_ready(&st->rx, FRAME_MAX_BYTES);
	return i ? i : -EAGAIN;
}

/* Write what is left of a frame cut short. Return: 0 once it is all out,
 * -EAGAIN while the peer takes no more, -errno */
static int stream_flush(struct port *p, struct stream *st)
{
	while (st->res_off < st->res_len) {
		ssize_t w = send(p->fd, st->res + st->res_off, st->res_len - st->res_off,
				 MSG_DONTWAIT | MSG_NOSIGNAL);

		if (w < 0)
			return errno == EAGAIN || errno == EINTR ? -EAGAIN : -errno;
		st->res_off += (size_t)w;
	}
	st->res_off = st->res_len = 0;
	p->tx_blocked = false;
	return 0;
}

static int port_stream_send(struct port *p, struct mmsghdr *msgs, unsigned n)
{
	struct stream *st = p->priv;
	struct iovec iov[2 * PORT_BATCH];
	struct msghdr mh = { .msg_iov = iov };
	size_t left;
	ssize_t w;
	unsigned i;
	int ret;

	if (p->tx_blocked) {
		ret = stream_flush(p, st);
		if (ret)
			return ret == -EAGAIN ? 0 : ret;
	}
	if (!n)
		return 0;
	if (n > PORT_BATCH)
		n = PORT_BATCH;
	for (i = 0; i < n; i++) {
		const struct iovec *f = msgs[i].msg_hdr.msg_iov;

		stream_hdr(st->hdr[i], f->iov_len);
		iov[2 * i].iov_base = st->hdr[i];
		iov[2 * i].iov_len = STREAM_HDR_BYTES;
		iov[2 * i + 1] = *f;
	}
	mh.msg_iovlen = 2 * n;
	w = sendmsg(p->fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (w < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;

	/* whole frames out; a frame cut short leaves its rest here */
	left = (size_t)w;
	for (i = 0; i < n; i++) {
		size_t flen = iov[2 * i + 1].iov_len, done;

		if (left >= STREAM_HDR_BYTES + flen) {
			left -= STREAM_HDR_BYTES + flen;
			continue;
		}
		if (!left)
			return (int)i;
		done = left;
		if (done < STREAM_HDR_BYTES) {
			memcpy(st->res, st->hdr[i] + done, STREAM_HDR_BYTES - done);
			memcpy(st->res + STREAM_HDR_BYTES - done, iov[2 * i + 1].iov_base, flen);
		} else {
			memcpy(st->res, (const uint8_t *)iov[2 * i + 1].iov_base +
			       (done - STREAM_HDR_BYTES), flen - (done - STREAM_HDR_BYTES));
		}
		st->res_len = STREAM_HDR_BYTES + flen - done;
		st->res_off = 0;
		p->tx_blocked = true;
		return (int)i + 1;
	}
	return (int)n;
}

static void port_stream_close(struct port *p)
{
	port_sock_close(p);
	free(p->priv);
	p->priv = NULL;
}

static const struct port_ops port_stream_ops = {
	.kind = "stream",
	.conn_is_port = true,
	.recv = port_stream_recv,
	.send = port_stream_send,
	.close = port_stream_close,
};

/**
 * port_stream_open() - Make a port of an accepted stream connection
 * @fd:			accepted socket (owned by the port on success)
 * @listen_path:	path of the listening socket, for the port's name
 *
 * Return: the port, NULL on ENOMEM (@fd is then still the caller's)
 */
struct port *port_stream_open(int fd, const char *listen_path)
{
	struct port *p = port_alloc(&port_stream_ops);
	struct stream *st;

	if (!p)
		return NULL;
	st = malloc(sizeof(*st));
	if (!st) {
		port_free(p);
		return NULL;
	}
	st->res_off = st->res_len = 0;
	stream_rx_init(&st->rx, st->rxbuf, sizeof(st->rxbuf));
	p->priv = st;
	port_conn_init(p, fd, listen_path);
	return p;
}
