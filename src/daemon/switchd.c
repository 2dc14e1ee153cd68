// SPDX-License-Identifier: GPL-2.0-or-later
/* switchd.c - the switch daemon: sockets, event loop and batched datapath around the core
 *
 * DOC: Theory of operation
 *
 * One thread, one epoll set. Every descriptor is registered with a typed
 * reference (type, generation, index), dispatched by one switch statement.
 *
 * Port life: a client connects to a control socket and becomes a pending
 * handshake (bounded number, 5 s to send its request). A valid request makes
 * a port with its own connected data socket (port/unix.c); the port lives as
 * long as the control connection, and its end (EOF, error, or a peer that
 * died: the kernel closes its sockets) removes the port and every address
 * learned on it. bess connections and TAPs are ports from the start.
 *
 * Datapath: a readable port is read with one recvmmsg() of up to PORT_BATCH
 * frames into preallocated buffers. Each frame goes through sw_input(), which
 * calls dp_output() for every egress port; dp_output() only records a view of
 * the frame in that port's pending batch. When the receive batch is done,
 * every port with pending frames is flushed with one sendmmsg(). What a peer
 * would not take (EAGAIN) is copied into that port's bounded queue and sent
 * when the socket turns writable; when the queue is full the frame is dropped
 * and counted on that port. A peer that stops reading therefore loses its own
 * frames and nobody else's, and the loop never blocks. Nothing is allocated
 * per frame: queues are allocated once per port, on first use.
 *
 * TAP ports carry a virtio-net header before each frame (port/tap.c). Every
 * receive buffer has PORT_HEADROOM bytes in front, so a TAP's header arrives
 * contiguous with its frame and a frame bound for a TAP gets one in place:
 * still one view per frame and per egress port, no copy. While only TAPs are
 * connected their offloads are on and TCP crosses as 64 KiB super-frames
 * (dp_offload_update()).
 *
 * Fairness: epoll is level-triggered and each wakeup reads at most one batch
 * per port, so a busy port cannot starve the others.
 *
 * Descriptor exhaustion: a client that cannot be accepted would leave its
 * listener readable and the loop spinning. switchd_accept() refuses it on a
 * descriptor held in reserve (sock_accept()) and logs why; should even that
 * fail, listeners are paused until the next tick. Existing ports are not
 * touched, and new ones are accepted again as soon as descriptors free up.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "core/addr.h"
#include "core/fdb.h"
#include "core/frame.h"
#include "core/request.h"
#include "core/sw.h"
#include "daemon/capture.h"
#include "daemon/mgmt.h"
#include "daemon/switchd.h"
#include "port/port.h"
#include "sys/log.h"
#include "sys/sock.h"
#include "sys/tun.h"
#include "sys/util.h"

#define HS_MAX			64
#define HS_TIMEOUT_MS		5000
#define TICK_MS			1000
#define RX_SLOT_BYTES		FRAME_MAX_BYTES
#define RX_STRIDE_BYTES		(PORT_HEADROOM + RX_SLOT_BYTES)
#define EPOLL_EVENTS		64

enum ev_type {
	EV_LISTEN = 1,		/* index: listener */
	EV_HANDSHAKE,		/* index: handshake slot */
	EV_CTL,			/* index: port id */
	EV_DATA,		/* index: port id */
	EV_SIGNAL,
	EV_TIMER,
	EV_STDIN,
	EV_MGMT_LISTEN,		/* the management socket */
	EV_MGMT,		/* index: management client slot */
};

enum listen_kind { LISTEN_UML, LISTEN_VDE, LISTEN_BESS, LISTEN_STREAM };

struct listener {
	enum listen_kind kind;
	int fd;
	char path[SOCK_PATH_MAX];
	char dir[SOCK_PATH_MAX];	/* VDE: the socket directory */
	bool dir_created;
};

struct handshake {
	int fd;			/* -1: slot free */
	unsigned listener;
	size_t len;
	uint64_t deadline_ms;
	uint8_t buf[REQ_MAX_BYTES + 1];
};

struct switchd {
	const struct switchd_config *cfg;
	int epfd, sigfd, timerfd;
	bool stop;
	struct sw *sw;
	unsigned max_ports;
	struct port **ports;		/* by id, 1..max_ports */
	struct listener lst[3 * SWITCHD_MAX_LISTEN];
	unsigned nlst;
	struct handshake hs[HS_MAX];
	unsigned gen;

	uint8_t *rxbuf;
	struct mmsghdr rxmsg[PORT_BATCH];
	struct iovec rxiov[PORT_BATCH];
	unsigned *dirty;
	unsigned ndirty;
	unsigned *rxmore;		/* ports holding frames already read (rx_more) */
	unsigned nrxmore;
	enum { RX_NONE, RX_PLAIN, RX_VNET } rx_kind;	/* frames sw_input() is switching */
	bool offload;			/* TAPs may send GSO super-frames */

	struct ratelimit rl_event, rl_ctl, rl_hs, rl_fd;
	int spare_fd;			/* reserve for refusing clients, or -1 */
	bool lst_paused;		/* listeners unpolled until the next tick */
	int mgmt_lfd;			/* management listener, to pause it too */
	uint32_t mgmt_levents;
	uint64_t mgmt_lref;

	struct mgmt *mgmt;		/* NULL: no management socket */
	struct capture_set caps;	/* capture sessions the datapath feeds */
};

static uint64_t ev_ref(enum ev_type t, unsigned gen, unsigned idx)
{
	return (uint64_t)t << 56 | (uint64_t)(gen & 0xffffff) << 32 | idx;
}

static int ev_add(struct switchd *d, int fd, uint32_t events, uint64_t ref)
{
	struct epoll_event ev = { .events = events, .data.u64 = ref };

	return epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

static void ev_mod(struct switchd *d, int fd, uint32_t events, uint64_t ref)
{
	struct epoll_event ev = { .events = events, .data.u64 = ref };

	epoll_ctl(d->epfd, EPOLL_CTL_MOD, fd, &ev);
}

static void ev_del(struct switchd *d, int fd)
{
	if (fd >= 0)
		epoll_ctl(d->epfd, EPOLL_CTL_DEL, fd, NULL);
}

/* ---- ports ---------------------------------------------------------------- */

/*
 * TAP offloads are on while every port is a TAP: then TCP crosses the switch
 * as GSO super-frames of up to 64 KiB, header and all, with no segmenting or
 * checksumming anywhere. A socket port (UML, QEMU, VDE) takes plain frames
 * only, so its arrival turns them off; the few super-frames the TAPs had
 * already queued are then dropped (dp_output()) and TCP resends them.
 */
static void dp_offload_update(struct switchd *d)
{
	bool on = true;
	int ret;

	for (unsigned id = 1; on && id <= d->max_ports; id++)
		on = !d->ports[id] || d->ports[id]->vnet;
	if (on == d->offload)
		return;
	d->offload = on;
	for (unsigned id = 1; id <= d->max_ports; id++) {
		struct port *p = d->ports[id];

		if (p && p->vnet && (ret = port_tap_set_offload(p, on)))
			warn("port %u (%s): cannot turn offloads %s: %s", id, p->name,
			     on ? "on" : "off", strerror(-ret));
	}
	info("TAP offloads %s", on ? "on: only TAPs are connected" : "off");
}

static void dp_port_close(struct switchd *d, struct port *p, const char *why)
{
	const struct sw_stats *st = sw_port_stats(d->sw, p->id);

	info("port %u (%s, %s) closed: %s; rx %llu tx %llu frames", p->id, p->name, p->peer,
	     why, (unsigned long long)st->rx_frames, (unsigned long long)st->tx_frames);
	ev_del(d, p->fd);
	ev_del(d, p->ctl_fd);
	sw_port_del(d->sw, p->id);
	d->ports[p->id] = NULL;
	mgmt_port_gone(d->mgmt, p->id);
	port_free(p);
	dp_offload_update(d);
}

/* Port security given on the command line for this port's name or number */
static void dp_port_secure(struct switchd *d, const struct port *p)
{
	for (unsigned i = 0; i < d->cfg->n_port_sec; i++) {
		const struct secfilter_port *ps = &d->cfg->port_sec[i];
		char buf[SECFILTER_FMT_BYTES];
		int ret;

		if (ps->id ? ps->id != p->id : strcmp(ps->name, p->name) != 0)
			continue;
		ret = sw_set_security(d->sw, p->id, &ps->sf);
		secfilter_format(&ps->sf, buf, sizeof(buf));
		if (ret)
			warn("port %u (%s): cannot apply port security: %s", p->id, p->name,
			     strerror(-ret));
		else
			info("port %u (%s): port security %s", p->id, p->name, buf);
	}
}

/* What the loop watches a port's data descriptor for, besides output */
static uint32_t dp_in_events(const struct port *p)
{
	return EPOLLIN | (p->ops->conn_is_port ? EPOLLRDHUP : 0);
}

static int dp_port_add(struct switchd *d, struct port *p)
{
	uint32_t in = dp_in_events(p);
	int ret;

	for (unsigned i = 0; i < PORT_BATCH; i++) {
		p->pend[i].msg_hdr.msg_iov = &p->pend_iov[i];
		p->pend[i].msg_hdr.msg_iovlen = 1;
	}
	p->gen = ++d->gen;
	ret = sw_port_add(d->sw, p->id);
	if (ret)
		return ret;
	ret = ev_add(d, p->fd, in, ev_ref(EV_DATA, p->gen, p->id));
	if (!ret && p->ctl_fd >= 0)
		ret = ev_add(d, p->ctl_fd, EPOLLIN | EPOLLRDHUP, ev_ref(EV_CTL, p->gen, p->id));
	if (ret) {
		ev_del(d, p->fd);
		sw_port_del(d->sw, p->id);
		return ret;
	}
	d->ports[p->id] = p;
	dp_port_secure(d, p);
	info("port %u (%s) connected: %s", p->id, p->name, p->peer);
	if (p->vnet && d->offload)
		port_tap_set_offload(p, true);
	dp_offload_update(d);
	return 0;
}

static unsigned dp_port_id_alloc(struct switchd *d, unsigned want)
{
	if (want)
		return want <= d->max_ports && !d->ports[want] ? want : 0;
	for (unsigned id = 1; id <= d->max_ports; id++)
		if (!d->ports[id])
			return id;
	return 0;
}

static void dp_want_out(struct switchd *d, struct port *p, bool on)
{
	uint32_t in = dp_in_events(p);

	if (p->want_out == on)
		return;
	p->want_out = on;
	ev_mod(d, p->fd, in | (on ? EPOLLOUT : 0), ev_ref(EV_DATA, p->gen, p->id));
}

/* ---- datapath ------------------------------------------------------------- */

static void dp_queue(struct switchd *d, struct port *p, const uint8_t *f, size_t len)
{
	if (!p->txq.buf && txq_init(&p->txq, PORT_TXQ_BYTES, PORT_TXQ_FRAMES)) {
		sw_count_drop(d->sw, p->id, SW_DROP_TX_QUEUE);
		return;
	}
	if (txq_push(&p->txq, f, len)) {
		sw_count_drop(d->sw, p->id, SW_DROP_TX_QUEUE);
		return;
	}
	sw_note_queue(d->sw, p->id, p->txq.frames);
	dp_want_out(d, p, true);
}

/* sw_ops.output: record a view of the frame in the egress port's batch */
static void dp_output(void *opaque, unsigned id, const uint8_t *f, size_t len)
{
	struct switchd *d = opaque;
	struct port *p = d->ports[id];

	if (!p)
		return;
	if (d->caps.n)
		capture_set_tx(&d->caps, id, f, len);
	if (p->vnet) {
		/* a TAP takes the virtio-net header in front: the ingress TAP's
		 * is there already, for a socket's frame the headroom gets a
		 * blank one (it is ours, and the same for every TAP) */
		if (d->rx_kind == RX_NONE) {
			sw_count_drop(d->sw, id, SW_DROP_TX_ERROR);
			return;
		}
		f -= PORT_VNET_HDR_BYTES;
		len += PORT_VNET_HDR_BYTES;
		if (d->rx_kind == RX_PLAIN)
			memset((uint8_t *)f, 0, PORT_VNET_HDR_BYTES);
	} else if (d->rx_kind == RX_VNET && !port_vnet_is_plain(f - PORT_VNET_HDR_BYTES)) {
		sw_count_drop(d->sw, id, SW_DROP_TX_ERROR);	/* see dp_offload_update() */
		return;
	}
	if (!txq_is_empty(&p->txq) || p->npend >= PORT_BATCH) {
		dp_queue(d, p, f, len);	/* keep frames in order behind the queue */
		return;
	}
	p->pend_iov[p->npend].iov_base = (void *)f;
	p->pend_iov[p->npend].iov_len = len;
	p->npend++;
	if (!p->dirty) {
		p->dirty = true;
		d->dirty[d->ndirty++] = id;
	}
}

static void dp_account_tx(struct switchd *d, struct port *p, struct iovec *iov, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		sw_count_tx(d->sw, p->id, iov[i].iov_len - (p->vnet ? PORT_VNET_HDR_BYTES : 0));
	for (; p->tx_dropped; p->tx_dropped--)
		sw_count_drop(d->sw, p->id, SW_DROP_TX_ERROR);
}

static void dp_flush(struct switchd *d)
{
	unsigned dead[PORT_BATCH * 4], ndead = 0;

	for (unsigned k = 0; k < d->ndirty; k++) {
		struct port *p = d->ports[d->dirty[k]];
		int n;

		if (!p)
			continue;
		p->dirty = false;
		n = p->ops->send(p, p->pend, p->npend);
		if (n < 0) {
			for (unsigned i = 0; i < p->npend; i++)
				sw_count_drop(d->sw, p->id, SW_DROP_TX_ERROR);
			if (ndead < ARRAY_SIZE(dead))
				dead[ndead++] = p->id;
			p->npend = 0;
			continue;
		}
		dp_account_tx(d, p, p->pend_iov, (unsigned)n);
		for (unsigned i = (unsigned)n; i < p->npend; i++)
			dp_queue(d, p, p->pend_iov[i].iov_base, p->pend_iov[i].iov_len);
		p->npend = 0;
		if (p->tx_blocked)
			dp_want_out(d, p, true);	/* the rest of a frame, see port_ops.send */
	}
	d->ndirty = 0;
	for (unsigned k = 0; k < ndead; k++)
		if (d->ports[dead[k]])
			dp_port_close(d, d->ports[dead[k]], "peer gone (send failed)");
}

static void dp_drain(struct switchd *d, struct port *p)
{
	struct txq_view v[PORT_BATCH];

	/* the rest of a frame the backend holds goes before anything queued */
	if (p->tx_blocked && p->ops->send(p, p->pend, 0) < 0) {
		dp_port_close(d, p, "peer gone (send failed)");
		return;
	}
	if (p->tx_blocked)
		return;
	while (!txq_is_empty(&p->txq)) {
		unsigned k = txq_peek(&p->txq, v, PORT_BATCH);
		int n;

		for (unsigned i = 0; i < k; i++) {
			p->pend_iov[i].iov_base = (void *)v[i].data;
			p->pend_iov[i].iov_len = v[i].len;
		}
		n = p->ops->send(p, p->pend, k);
		if (n < 0) {
			dp_port_close(d, p, "peer gone (send failed)");
			return;
		}
		dp_account_tx(d, p, p->pend_iov, (unsigned)n);
		txq_pop(&p->txq, (unsigned)n);
		if ((unsigned)n < k || p->tx_blocked)
			return;		/* still blocked: EPOLLOUT stays armed */
	}
	dp_want_out(d, p, false);
}

static void dp_rx(struct switchd *d, struct port *p)
{
	uint64_t now;
	int n;

	n = p->ops->recv(p, d->rxmsg, PORT_BATCH);
	if (n == -EAGAIN)
		return;
	if (n <= 0) {
		dp_port_close(d, p, n ? strerror(-n) : "peer closed");
		return;
	}
	now = now_ms();
	if (d->caps.n)
		capture_set_stamp(&d->caps);
	d->rx_kind = p->vnet ? RX_VNET : RX_PLAIN;
	for (int i = 0; i < n; i++) {
		if (d->rxmsg[i].msg_hdr.msg_flags & MSG_TRUNC)
			sw_count_drop(d->sw, p->id, SW_DROP_OVERSIZE);
		else if (sw_input(d->sw, p->id, d->rxiov[i].iov_base, d->rxmsg[i].msg_len, now) &&
			 d->caps.n)
			capture_set_rx(&d->caps, p->id, d->rxiov[i].iov_base, d->rxmsg[i].msg_len);
	}
	d->rx_kind = RX_NONE;
	dp_flush(d);
	/* frames read but not taken yet: another batch next round (port_ops.recv) */
	if (d->ports[p->id] == p && p->rx_more && !p->rx_listed) {
		p->rx_listed = true;
		d->rxmore[d->nrxmore++] = p->id;
	}
}

/* One more batch from each port that holds frames it has read already */
static void dp_rx_more(struct switchd *d)
{
	unsigned cnt = d->nrxmore;

	for (unsigned k = 0; k < cnt; k++) {
		struct port *p = d->ports[d->rxmore[k]];

		/* a port closed since has gone; a new one under its id is not listed */
		if (!p || !p->rx_listed)
			continue;
		p->rx_listed = false;
		if (p->rx_more)
			dp_rx(d, p);	/* may list it again, behind cnt */
	}
	d->nrxmore -= cnt;
	memmove(d->rxmore, d->rxmore + cnt, d->nrxmore * sizeof(*d->rxmore));
}

/* sw_ops.event */
static void dp_event(void *opaque, const struct sw_event *ev)
{
	struct switchd *d = opaque;
	struct port *p = d->ports[ev->port], *o = d->ports[ev->old_port];
	char mac[ADDR_MAC_STRLEN];

	if (!ratelimit_ok(&d->rl_event, now_ms()))
		return;
	addr_mac_format(ev->mac, mac);
	switch (ev->kind) {
	case SW_EV_MAC_DUPLICATE:
		warn("MAC %s (vlan %u) is in use on port %u (%s) and port %u (%s) at once: "
		     "do two guests share one MAC address? Give each its own "
		     "(e.g. eth0=daemon,MAC,unix,CTL)", mac, ev->vlan, ev->old_port,
		     o ? o->peer : "?", ev->port, p ? p->peer : "?");
		break;
	case SW_EV_FDB_FULL:
		warn("MAC table full (%u entries): %s from port %u not learned, "
		     "frames to it are flooded", fdb_get_max(sw_fdb(d->sw)), mac, ev->port);
		break;
	case SW_EV_PORT_FULL:
		warn("port %u reached its MAC limit: %s not learned", ev->port, mac);
		break;
	}
}

static const struct sw_ops switchd_sw_ops = {
	.output = dp_output,
	.event = dp_event,
};

/* ---- control connections ---------------------------------------------------- */

static void hs_close(struct switchd *d, unsigned i)
{
	ev_del(d, d->hs[i].fd);
	close(d->hs[i].fd);
	d->hs[i].fd = -1;
}

static void hs_fail(struct switchd *d, unsigned i, const char *why)
{
	struct ucred cred = { 0 };
	socklen_t len = sizeof(cred);

	getsockopt(d->hs[i].fd, SOL_SOCKET, SO_PEERCRED, &cred, &len);
	if (ratelimit_ok(&d->rl_hs, now_ms()))
		warn("%s: refused a client (pid %d uid %d): %s", d->lst[d->hs[i].listener].path,
		     (int)cred.pid, (int)cred.uid, why);
	hs_close(d, i);
}

/* Stop (or resume) polling every listener, the management one included */
static void switchd_listen_pause(struct switchd *d, bool pause)
{
	if (d->lst_paused == pause)
		return;
	d->lst_paused = pause;
	for (unsigned i = 0; i < d->nlst; i++)
		ev_mod(d, d->lst[i].fd, pause ? 0 : EPOLLIN, ev_ref(EV_LISTEN, 0, i));
	if (d->mgmt_lfd >= 0)
		ev_mod(d, d->mgmt_lfd, pause ? 0 : d->mgmt_levents, d->mgmt_lref);
}

/**
 * switchd_accept() - Accept a client; out of descriptors, refuse it and say why
 * @d:		daemon
 * @lfd:	listening socket
 * @what:	its name, for the log
 *
 * Return: the new descriptor (nonblocking, close-on-exec), -EAGAIN if none
 * waits, other -errno (logged with a rate limit)
 */
int switchd_accept(struct switchd *d, int lfd, const char *what)
{
	struct rlimit rl = { 0 };
	struct ucred cred;
	bool shed;
	int fd = sock_accept(lfd, &d->spare_fd, &shed, &cred);

	if (fd >= 0 || fd == -EAGAIN)
		return fd;
	getrlimit(RLIMIT_NOFILE, &rl);
	if (shed) {
		if (ratelimit_ok(&d->rl_fd, now_ms()))
			warn("%s: refused a client (pid %d uid %d): out of file descriptors "
			     "(limit %llu, %u ports); connected ports keep working, new ones "
			     "are accepted again once some close", what, (int)cred.pid,
			     (int)cred.uid, (unsigned long long)rl.rlim_cur, sw_port_count(d->sw));
		return fd;
	}
	/* No way to refuse the client: rather than spin on a listener that
	 * stays readable, stop polling listeners until the next tick */
	if (ratelimit_ok(&d->rl_fd, now_ms()))
		warn("%s: cannot accept a client: %s (descriptor limit %llu); not accepting "
		     "new clients for a second", what, strerror(-fd),
		     (unsigned long long)rl.rlim_cur);
	switchd_listen_pause(d, true);
	return fd;
}

static void hs_accept(struct switchd *d, unsigned li)
{
	int fd = switchd_accept(d, d->lst[li].fd, d->lst[li].path);
	unsigned i;

	if (fd < 0)
		return;
	if (d->lst[li].kind == LISTEN_BESS || d->lst[li].kind == LISTEN_STREAM) {
		struct port *p = d->lst[li].kind == LISTEN_BESS ? port_bess_open(fd, d->lst[li].path)
								 : port_stream_open(fd, d->lst[li].path);
		unsigned id = dp_port_id_alloc(d, 0);

		if (!p || !id) {
			warn("%s: refused a guest: %s", d->lst[li].path,
			     p ? "all ports in use" : "out of memory");
			if (p)
				port_free(p);
			else
				close(fd);
			return;
		}
		p->id = id;
		if (dp_port_add(d, p)) {
			warn("%s: cannot add port", d->lst[li].path);
			port_free(p);
		}
		return;
	}
	for (i = 0; i < HS_MAX && d->hs[i].fd >= 0; i++)
		;
	if (i == HS_MAX) {
		if (ratelimit_ok(&d->rl_hs, now_ms()))
			warn("%s: too many clients in handshake, refusing one", d->lst[li].path);
		close(fd);
		return;
	}
	d->hs[i].fd = fd;
	d->hs[i].listener = li;
	d->hs[i].len = 0;
	d->hs[i].deadline_ms = now_ms() + HS_TIMEOUT_MS;
	if (ev_add(d, fd, EPOLLIN, ev_ref(EV_HANDSHAKE, 0, i))) {
		close(fd);
		d->hs[i].fd = -1;
	}
}

static void hs_input(struct switchd *d, unsigned i)
{
	struct handshake *h = &d->hs[i];
	const struct listener *l = &d->lst[h->listener];
	struct request req;
	struct port *p;
	unsigned id;
	ssize_t n;
	int ret;

	n = recv(h->fd, h->buf + h->len, sizeof(h->buf) - h->len, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		hs_fail(d, i, n ? strerror(errno) : "closed before sending a request");
		return;
	}
	h->len += (size_t)n;
	ret = request_parse(h->buf, h->len, &req);
	if (ret == -EAGAIN)
		return;
	if (ret) {
		hs_fail(d, i, request_strerror(ret));
		return;
	}

	id = dp_port_id_alloc(d, req.port);
	if (!id) {
		hs_fail(d, i, req.port ? "the requested port is in use or out of range"
				       : "all ports in use");
		return;
	}
	p = port_unix_open(&req, h->fd, l->kind == LISTEN_VDE, l->path,
			   l->kind == LISTEN_VDE ? l->dir : NULL, id, &ret);
	if (!p) {
		hs_fail(d, i, ret == -ECONNREFUSED || ret == -ENOENT
			? "its data socket does not exist or does not listen"
			: ret == -EMFILE || ret == -ENFILE
			? "out of file descriptors for its data socket; connected ports keep "
			  "working, new ones are accepted again once some close"
			: strerror(-ret));
		return;
	}
	ev_del(d, h->fd);
	h->fd = -1;		/* the port owns it now */
	ret = port_unix_reply(p, p->ctl_fd);
	if (!ret)
		ret = dp_port_add(d, p);
	if (ret) {
		warn("%s: client pid %d lost during handshake: %s", l->path, (int)p->pid,
		     strerror(-ret));
		port_free(p);
	}
}

static void ctl_input(struct switchd *d, struct port *p, uint32_t events)
{
	uint8_t buf[256];
	ssize_t n = recv(p->ctl_fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n > 0) {
		/* uml_switch logs "Bad request" and carries on; so do we */
		if (ratelimit_ok(&d->rl_ctl, now_ms()))
			warn("port %u (%s): %zd unexpected bytes on the control connection, ignored",
			     p->id, p->peer, n);
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR) && !(events & (EPOLLHUP | EPOLLERR)))
		return;
	dp_port_close(d, p, n < 0 ? strerror(errno) : "control connection closed");
}

/* ---- periodic work, signals ----------------------------------------------- */

static void switchd_tick(struct switchd *d)
{
	uint64_t exp, now = now_ms();

	if (read(d->timerfd, &exp, sizeof(exp)) < 0 && errno == EAGAIN)
		return;
	sw_tick(d->sw, now);
	if (d->spare_fd < 0)
		d->spare_fd = sock_spare_open();
	switchd_listen_pause(d, false);
	mgmt_tick(d->mgmt, now);
	for (unsigned i = 0; i < HS_MAX; i++)
		if (d->hs[i].fd >= 0 && now >= d->hs[i].deadline_ms)
			hs_fail(d, i, "no complete request within 5 s");
}

/**
 * switchd_dump() - Log the port and MAC tables (on SIGUSR1)
 * @d:		daemon
 */
static void switchd_dump(struct switchd *d)
{
	uint64_t now = now_ms();
	struct fdb_info e;
	unsigned pos = 0;
	char mac[ADDR_MAC_STRLEN];

	info("%s mode, %u ports, %u/%u MACs, aging %llu s", sw_get_hub(d->sw) ? "hub" : "switch",
	     sw_port_count(d->sw), fdb_count(sw_fdb(d->sw)), fdb_get_max(sw_fdb(d->sw)),
	     (unsigned long long)(fdb_get_age(sw_fdb(d->sw)) / 1000));
	for (unsigned id = 1; id <= d->max_ports; id++) {
		const struct port *p = d->ports[id];
		const struct sw_stats *st;

		if (!p)
			continue;
		st = sw_port_stats(d->sw, id);
		info("port %u %s %s macs %u rx %llu tx %llu", id, p->name, p->peer,
		     fdb_port_count(sw_fdb(d->sw), id), (unsigned long long)st->rx_frames,
		     (unsigned long long)st->tx_frames);
	}
	while (fdb_next(sw_fdb(d->sw), &pos, now, &e)) {
		addr_mac_format(e.mac, mac);
		info("mac %s vlan %u port %u age %llu s", mac, e.vlan, e.port,
		     (unsigned long long)(e.age_ms / 1000));
	}
	info("end of tables");
}

static void switchd_signal(struct switchd *d)
{
	struct signalfd_siginfo si;

	while (read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGUSR1:
			switchd_dump(d);
			break;
		case SIGHUP:
			break;
		default:
			info("signal %u: shutting down", si.ssi_signo);
			d->stop = true;
		}
	}
}

static void switchd_stdin(struct switchd *d)
{
	char buf[256];
	ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		info("end of input on the terminal: shutting down");
		d->stop = true;
		ev_del(d, STDIN_FILENO);
	}
}

static void switchd_dispatch(struct switchd *d, const struct epoll_event *ev)
{
	enum ev_type t = (enum ev_type)(ev->data.u64 >> 56);
	unsigned gen = (unsigned)(ev->data.u64 >> 32) & 0xffffff;
	unsigned idx = (unsigned)ev->data.u64;
	struct port *p = NULL;

	if (t == EV_CTL || t == EV_DATA) {
		p = idx <= d->max_ports ? d->ports[idx] : NULL;
		if (!p || (p->gen & 0xffffff) != gen)
			return;		/* the port closed earlier in this round */
	}
	switch (t) {
	case EV_LISTEN:
		hs_accept(d, idx);
		break;
	case EV_HANDSHAKE:
		if (d->hs[idx].fd >= 0)
			hs_input(d, idx);
		break;
	case EV_CTL:
		ctl_input(d, p, ev->events);
		break;
	case EV_DATA:
		if (ev->events & EPOLLOUT) {
			dp_drain(d, p);
			if (d->ports[idx] != p)
				return;
		}
		if (ev->events & EPOLLIN) {
			dp_rx(d, p);
			if (d->ports[idx] != p)
				return;
		}
		if (ev->events & EPOLLERR) {
			int e = 0;
			socklen_t len = sizeof(e);

			getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &e, &len);
			if (e == ECONNREFUSED || e == ECONNRESET || p->ops->conn_is_port)
				dp_port_close(d, p, e ? strerror(e) : "socket error");
		} else if ((ev->events & (EPOLLHUP | EPOLLRDHUP)) && !(ev->events & EPOLLIN)) {
			dp_port_close(d, p, "peer closed");
		}
		break;
	case EV_SIGNAL:
		switchd_signal(d);
		break;
	case EV_TIMER:
		switchd_tick(d);
		break;
	case EV_STDIN:
		switchd_stdin(d);
		break;
	case EV_MGMT_LISTEN:
		mgmt_listen_event(d->mgmt);
		break;
	case EV_MGMT:
		mgmt_client_event(d->mgmt, gen, idx, ev->events);
		break;
	}
}

/* ---- setup and teardown --------------------------------------------------- */

static int switchd_listen(struct switchd *d, enum listen_kind kind, const char *arg)
{
	struct listener *l = &d->lst[d->nlst];
	int type = kind == LISTEN_BESS ? SOCK_SEQPACKET : SOCK_STREAM;
	int ret;

	l->kind = kind;
	l->fd = -1;
	if (kind == LISTEN_VDE) {
		if (snprintf(l->dir, sizeof(l->dir), "%s", arg) >= (int)sizeof(l->dir) ||
		    snprintf(l->path, sizeof(l->path), "%s/ctl", arg) >= (int)sizeof(l->path)) {
			err("%s: path too long for a unix socket", arg);
			return -ENAMETOOLONG;
		}
		ret = sock_dir_make(l->dir, d->cfg->mode, d->cfg->gid, &l->dir_created);
		if (ret) {
			err("%s: cannot create socket directory: %s", arg, strerror(-ret));
			return ret;
		}
	} else if (snprintf(l->path, sizeof(l->path), "%s", arg) >= (int)sizeof(l->path)) {
		err("%s: path too long for a unix socket", arg);
		return -ENAMETOOLONG;
	}

	ret = sock_unix_listen(l->path, type, d->cfg->mode, d->cfg->gid);
	if (ret == -EADDRINUSE) {
		err("%s: another switch is already serving this socket; stop it first "
		    "or choose another path", l->path);
	} else if (ret == -EEXIST) {
		err("%s: exists and is not a socket; not touching it", l->path);
	} else if (ret < 0) {
		err("%s: cannot listen: %s", l->path, strerror(-ret));
	}
	if (ret < 0) {
		if (l->dir_created)
			rmdir(l->dir);
		return ret;
	}
	l->fd = ret;
	d->nlst++;
	info("listening on %s (%s)", l->path,
	     kind == LISTEN_UML ? "uml_switch protocol" :
	     kind == LISTEN_VDE ? "VDE socket directory" :
	     kind == LISTEN_BESS ? "bess seqpacket" : "QEMU stream");
	return ev_add(d, l->fd, EPOLLIN, ev_ref(EV_LISTEN, 0, d->nlst - 1));
}

static void switchd_fini(struct switchd *d)
{
	mgmt_close(d->mgmt);
	for (unsigned id = 1; d->ports && id <= d->max_ports; id++)
		if (d->ports[id])
			port_free(d->ports[id]);
	for (unsigned i = 0; i < HS_MAX; i++)
		if (d->hs[i].fd >= 0)
			close(d->hs[i].fd);
	for (unsigned i = 0; i < d->nlst; i++) {
		close(d->lst[i].fd);
		unlink(d->lst[i].path);
		if (d->lst[i].dir_created)
			rmdir(d->lst[i].dir);
	}
	if (d->cfg->pidfile)
		unlink(d->cfg->pidfile);
	sw_free(d->sw);
	free(d->ports);
	free(d->dirty);
	free(d->rxmore);
	free(d->rxbuf);
	if (d->epfd >= 0)
		close(d->epfd);
	if (d->sigfd >= 0)
		close(d->sigfd);
	if (d->timerfd >= 0)
		close(d->timerfd);
	if (d->spare_fd >= 0)
		close(d->spare_fd);
}

/* The signals the loop handles through its signalfd */
static void switchd_sigmask(sigset_t *mask)
{
	sigemptyset(mask);
	sigaddset(mask, SIGINT);
	sigaddset(mask, SIGTERM);
	sigaddset(mask, SIGHUP);
	sigaddset(mask, SIGUSR1);
}

static int switchd_init(struct switchd *d, const struct switchd_config *cfg)
{
	struct sw_config swc = {
		.max_ports = cfg->max_ports + 1,	/* port 0 is never used */
		.max_macs = cfg->max_macs,
		.age_ms = (uint64_t)cfg->age_s * 1000,
		.hub = cfg->hub,
	};
	struct itimerspec its = {
		.it_interval = { .tv_sec = TICK_MS / 1000 },
		.it_value = { .tv_sec = TICK_MS / 1000 },
	};
	sigset_t mask;

	memset(d, 0, sizeof(*d));
	d->cfg = cfg;
	d->epfd = d->sigfd = d->timerfd = -1;
	d->mgmt_lfd = -1;
	d->spare_fd = sock_spare_open();	/* without it: pause instead of refuse */
	d->max_ports = cfg->max_ports;
	d->rl_event = (struct ratelimit)RATELIMIT_INIT(10000, 5);
	d->rl_ctl = (struct ratelimit)RATELIMIT_INIT(10000, 5);
	d->rl_hs = (struct ratelimit)RATELIMIT_INIT(10000, 10);
	d->rl_fd = (struct ratelimit)RATELIMIT_INIT(10000, 5);
	for (unsigned i = 0; i < HS_MAX; i++)
		d->hs[i].fd = -1;

	if (getrandom(&swc.key, sizeof(swc.key), 0) != sizeof(swc.key)) {
		err_perror("getrandom");
		return -EIO;
	}
	d->sw = sw_new(&swc, &switchd_sw_ops, d);
	d->ports = calloc(cfg->max_ports + 1, sizeof(*d->ports)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	d->dirty = calloc(cfg->max_ports + 1, sizeof(*d->dirty));
	d->rxmore = calloc(2 * ((size_t)cfg->max_ports + 1), sizeof(*d->rxmore));
	d->rxbuf = malloc((size_t)PORT_BATCH * RX_STRIDE_BYTES);
	if (!d->sw || !d->ports || !d->dirty || !d->rxmore || !d->rxbuf) {
		err("out of memory");
		return -ENOMEM;
	}
	for (unsigned i = 0; i < PORT_BATCH; i++) {
		d->rxiov[i].iov_base = d->rxbuf + (size_t)i * RX_STRIDE_BYTES + PORT_HEADROOM;
		d->rxiov[i].iov_len = RX_SLOT_BYTES;
		d->rxmsg[i].msg_hdr.msg_iov = &d->rxiov[i];
		d->rxmsg[i].msg_hdr.msg_iovlen = 1;
	}

	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	switchd_sigmask(&mask);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	d->sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	d->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (d->epfd < 0 || d->sigfd < 0 || d->timerfd < 0 ||
	    timerfd_settime(d->timerfd, 0, &its, NULL) ||
	    ev_add(d, d->sigfd, EPOLLIN, ev_ref(EV_SIGNAL, 0, 0)) ||
	    ev_add(d, d->timerfd, EPOLLIN, ev_ref(EV_TIMER, 0, 0))) {
		err_perror("event loop setup");
		return -EIO;
	}
	return 0;
}

/* The management socket: a failure is fatal only if --mgmt named it */
static int switchd_mgmt_open(struct switchd *d)
{
	const char *path = d->cfg->mgmt;
	char def[SOCK_PATH_MAX];
	int ret;

	if (path && !*path)
		return 0;
	if (!path) {
		if (mgmt_default_path(d->cfg, def, sizeof(def))) {
			warn("no management socket: the default path is too long for a unix "
			     "socket; give one with --mgmt PATH");
			return 0;
		}
		path = def;
	}
	d->mgmt = mgmt_open(d, path, d->cfg->mgmt_mode, d->cfg->gid, &ret);
	if (d->mgmt) {
		info("management socket %s", path);
		return 0;
	}
	logmsg(d->cfg->mgmt ? LOG_ERR : LOG_WARNING, false, "%s: no management socket: %s",
	       path, ret == -EADDRINUSE ? "another switch is already serving it" :
	       ret == -EEXIST ? "exists and is not a socket; not touching it" : strerror(-ret));
	return d->cfg->mgmt ? ret : 0;
}

static int switchd_open_all(struct switchd *d)
{
	const struct switchd_config *cfg = d->cfg;
	int ret = 0;

	for (unsigned i = 0; !ret && i < cfg->n_unix; i++)
		ret = switchd_listen(d, LISTEN_UML, cfg->unix_ctl[i]);
	for (unsigned i = 0; !ret && i < cfg->n_vde; i++)
		ret = switchd_listen(d, LISTEN_VDE, cfg->vde_dir[i]);
	for (unsigned i = 0; !ret && i < cfg->n_bess; i++)
		ret = switchd_listen(d, LISTEN_BESS, cfg->bess[i]);
	for (unsigned i = 0; !ret && i < cfg->n_stream; i++)
		ret = switchd_listen(d, LISTEN_STREAM, cfg->stream[i]);
	for (unsigned i = 0; !ret && i < cfg->n_tap; i++) {
		unsigned id = dp_port_id_alloc(d, 0);
		struct port *p = id ? port_tap_open(cfg->tap[i], &ret) : NULL;

		if (!p) {
			if (!id)
				ret = -ENOSPC;
			err("tap %s: %s%s%s", cfg->tap[i], strerror(-ret),
			    *tun_open_hint(ret) ? ": " : "", tun_open_hint(ret));
			break;
		}
		p->id = id;
		ret = dp_port_add(d, p);
		if (ret) {
			err("tap %s: cannot add port: %s", cfg->tap[i], strerror(-ret));
			port_free(p);
		}
	}
	return ret ? ret : switchd_mgmt_open(d);
}

static void switchd_pidfile(const char *path)
{
	FILE *f = fopen(path, "we");

	if (!f) {
		warn_perror("%s", path);
		return;
	}
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
}

/**
 * switchd_config_init() - Defaults: what umnet-switch does with no options
 * @cfg:	configuration to fill
 */
void switchd_config_init(struct switchd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_ports = SW_PORTS_DEFAULT;
	cfg->max_macs = FDB_MAX_DEFAULT;
	cfg->age_s = FDB_AGE_DEFAULT_MS / 1000;
	cfg->mode = -1;
	cfg->gid = (gid_t)-1;
	cfg->mgmt_mode = MGMT_MODE_DEFAULT;
}

/**
 * switchd_run() - Run the switch until SIGINT/SIGTERM (or end of terminal input)
 * @cfg:	configuration
 *
 * Return: 0 after a clean shutdown, -errno if setup failed (already logged)
 */
int switchd_run(const struct switchd_config *cfg)
{
	struct epoll_event ev[EPOLL_EVENTS];
	struct switchd d;
	sigset_t mask;
	int ret, nofile;

	nofile = rlimit_nofile_raise();
	if (nofile > 0 && (unsigned)nofile < cfg->max_ports * 2 + 64)
		warn("descriptor limit %d is low for %u ports: ports past it will be refused",
		     nofile, cfg->max_ports);

	ret = switchd_init(&d, cfg);
	if (!ret)
		ret = switchd_open_all(&d);
	if (ret) {
		switchd_fini(&d);
		return ret;
	}
	if (cfg->daemonize) {
		log_init("umnet-switch", true);
		if (daemon(0, 0)) {
			ret = -errno;
			err_perror("daemon");
			switchd_fini(&d);
			return ret;
		}
		/* epoll reports a signalfd ready only for signals of the process that
		 * registered it (signalfd(2)): the forked daemon needs its own */
		switchd_sigmask(&mask);
		ev_del(&d, d.sigfd);
		close(d.sigfd);
		d.sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
		if (d.sigfd < 0 || ev_add(&d, d.sigfd, EPOLLIN, ev_ref(EV_SIGNAL, 0, 0))) {
			err_perror("signalfd");
			switchd_fini(&d);
			return -EIO;
		}
	} else if (cfg->quit_on_stdin_eof && isatty(STDIN_FILENO)) {
		ev_add(&d, STDIN_FILENO, EPOLLIN, ev_ref(EV_STDIN, 0, 0));
	}
	if (cfg->pidfile)
		switchd_pidfile(cfg->pidfile);
	info("%s mode, up to %u ports, %u MACs, aging %u s", cfg->hub ? "hub" : "switch",
	     cfg->max_ports, cfg->max_macs, cfg->age_s);

	while (!d.stop) {
		int n = epoll_wait(d.epfd, ev, EPOLL_EVENTS, d.nrxmore ? 0 : -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_perror("epoll_wait");
			break;
		}
		for (int i = 0; i < n && !d.stop; i++)
			switchd_dispatch(&d, &ev[i]);
		if (d.nrxmore && !d.stop)
			dp_rx_more(&d);
		mgmt_flush(d.mgmt);	/* capture streams: once per round */
	}
	switchd_fini(&d);
	return 0;
}

/* ---- for the management server -------------------------------------------- */

/**
 * switchd_watch() - Register (or change) a management descriptor in the event loop
 * @d:		daemon
 * @fd:		descriptor
 * @events:	EPOLLIN, EPOLLOUT, ... (0: only hangups and errors)
 * @type:	listener or client
 * @gen:	client generation, tells a reused slot's events apart
 * @idx:	client slot
 * @modify:	change an existing registration instead of adding one
 *
 * Return: 0 or -errno
 */
int switchd_watch(struct switchd *d, int fd, uint32_t events, enum switchd_watch type,
		  unsigned gen, unsigned idx, bool modify)
{
	uint64_t ref = ev_ref(type == SWITCHD_WATCH_MGMT_LISTEN ? EV_MGMT_LISTEN : EV_MGMT,
			      gen, idx);
	struct epoll_event ev = { .events = events, .data.u64 = ref };

	if (type == SWITCHD_WATCH_MGMT_LISTEN) {
		/* kept to pause it with the other listeners (switchd_accept()) */
		d->mgmt_lfd = fd;
		d->mgmt_levents = events;
		d->mgmt_lref = ref;
		if (d->lst_paused)
			ev.events = 0;
	}
	return epoll_ctl(d->epfd, modify ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

/**
 * switchd_unwatch() - Remove a descriptor from the event loop
 * @d:		daemon
 * @fd:		descriptor (before it is closed)
 */
void switchd_unwatch(struct switchd *d, int fd)
{
	ev_del(d, fd);
	if (fd == d->mgmt_lfd)
		d->mgmt_lfd = -1;
}

/**
 * switchd_config() - The configuration the daemon runs with
 * @d:		daemon
 *
 * Return: configuration
 */
const struct switchd_config *switchd_config(const struct switchd *d)
{
	return d->cfg;
}

/**
 * switchd_sw() - The switching core, to query and tune
 * @d:		daemon
 *
 * Return: the switch, owned by the daemon
 */
struct sw *switchd_sw(struct switchd *d)
{
	return d->sw;
}

/**
 * switchd_captures() - The capture sessions the datapath feeds
 * @d:		daemon
 *
 * Return: the set; sessions in it are owned by the management server
 */
struct capture_set *switchd_captures(struct switchd *d)
{
	return &d->caps;
}

/**
 * switchd_max_ports() - Highest port number
 * @d:		daemon
 *
 * Return: port numbers are 1..this
 */
unsigned switchd_max_ports(const struct switchd *d)
{
	return d->max_ports;
}

/**
 * switchd_port() - A port by number
 * @d:		daemon
 * @id:		port number
 *
 * Return: the port, NULL if none
 */
const struct port *switchd_port(const struct switchd *d, unsigned id)
{
	return id && id <= d->max_ports ? d->ports[id] : NULL;
}

/**
 * switchd_port_del() - Disconnect a port
 * @d:		daemon
 * @id:		port number
 *
 * Return: 0, -ENOENT if there is no such port
 */
int switchd_port_del(struct switchd *d, unsigned id)
{
	struct port *p = id && id <= d->max_ports ? d->ports[id] : NULL;

	if (!p)
		return -ENOENT;
	dp_port_close(d, p, "deleted by management request");
	return 0;
}

/**
 * switchd_tap_add() - Attach a TAP device (created if missing) as a new port
 * @d:		daemon
 * @dev:	interface name
 * @id:		set to the port number
 *
 * Return: 0, -EEXIST if it is attached already, -ENOSPC if every port is in
 * use, or the -errno of opening it (see tun_open_hint())
 */
int switchd_tap_add(struct switchd *d, const char *dev, unsigned *id)
{
	char name[PORT_NAME_MAX];
	struct port *p;
	int ret = 0;

	snprintf(name, sizeof(name), "tap:%s", dev);
	for (unsigned i = 1; i <= d->max_ports; i++)
		if (d->ports[i] && !strcmp(d->ports[i]->name, name))
			return -EEXIST;
	*id = dp_port_id_alloc(d, 0);
	if (!*id)
		return -ENOSPC;
	p = port_tap_open(dev, &ret);
	if (!p)
		return ret;
	p->id = *id;
	ret = dp_port_add(d, p);
	if (ret)
		port_free(p);
	return ret;
}

/**
 * switchd_tap_del() - Detach a TAP device's port
 * @d:		daemon
 * @dev:	interface name
 *
 * Return: 0, -ENOENT if no port is that TAP
 */
int switchd_tap_del(struct switchd *d, const char *dev)
{
	char name[PORT_NAME_MAX];

	snprintf(name, sizeof(name), "tap:%s", dev);
	for (unsigned i = 1; i <= d->max_ports; i++) {
		if (d->ports[i] && !strcmp(d->ports[i]->name, name)) {
			dp_port_close(d, d->ports[i], "detached by management request");
			return 0;
		}
	}
	return -ENOENT;
}

/**
 * switchd_stop() - Stop the event loop after the current round
 * @d:		daemon
 */
void switchd_stop(struct switchd *d)
{
	d->stop = true;
}
