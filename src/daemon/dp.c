// SPDX-License-Identifier: GPL-2.0-or-later
/* dp.c - the switch's datapath: the port table, batched receive and send around the core
 *
 * DOC: Theory of operation
 *
 * Ports are numbered 1..max_ports (the lowest free number is reused) and
 * watched on the event loop (daemon/loop.c) with their number as argument:
 * a watch removed with its port takes its pending events along, so a
 * reused number never sees an old port's events.
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
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/addr.h"
#include "core/fdb.h"
#include "core/frame.h"
#include "core/sw.h"
#include "daemon/capture.h"
#include "daemon/dp.h"
#include "daemon/loop.h"
#include "port/port.h"
#include "sys/log.h"
#include "sys/tun.h"
#include "sys/util.h"

#define RX_SLOT_BYTES		FRAME_MAX_BYTES
#define RX_STRIDE_BYTES		(PORT_HEADROOM + RX_SLOT_BYTES)

/**
 * struct dp - the datapath
 * @loop:	event loop the ports are watched on
 * @sw:		switching core
 * @max_ports:	port numbers 1..this
 * @ports:	by number, NULL where free
 * @port_sec:	port security for ports named in advance
 * @n_port_sec:	entries in @port_sec
 * @rxbuf:	receive buffers, PORT_BATCH of RX_STRIDE_BYTES
 * @rxmsg:	their headers for recvmmsg()
 * @rxiov:	their iovecs
 * @dirty:	ports with frames pending, to flush
 * @ndirty:	entries in @dirty
 * @rxmore:	ports holding frames already read (port_ops.recv)
 * @nrxmore:	entries in @rxmore
 * @rx_kind:	the frames sw_input() is switching: plain, or behind a vnet header
 * @offload:	TAPs may send GSO super-frames
 * @rl_event:	rate limit for the core's events
 * @rl_ctl:	rate limit for bytes on control connections
 * @caps:	capture sessions the datapath feeds (the sessions are mgmt's)
 */
struct dp {
	struct loop *loop;
	struct sw *sw;
	unsigned max_ports;
	struct port **ports;
	const struct secfilter_port *port_sec;
	unsigned n_port_sec;
	uint8_t *rxbuf;
	struct mmsghdr rxmsg[PORT_BATCH];
	struct iovec rxiov[PORT_BATCH];
	unsigned *dirty;
	unsigned ndirty;
	unsigned *rxmore;
	unsigned nrxmore;
	enum { RX_NONE, RX_PLAIN, RX_VNET } rx_kind;
	bool offload;
	struct ratelimit rl_event, rl_ctl;
	struct capture_set caps;
};

static void dp_data_event(void *opaque, unsigned id, uint32_t events);
static void dp_ctl_event(void *opaque, unsigned id, uint32_t events);

/*
 * TAP offloads are on while every port is a TAP: then TCP crosses the switch
 * as GSO super-frames of up to 64 KiB, header and all, with no segmenting or
 * checksumming anywhere. A socket port (UML, QEMU, VDE) takes plain frames
 * only, so its arrival turns them off; the few super-frames the TAPs had
 * already queued are then dropped (dp_output()) and TCP resends them.
 */
static void dp_offload_update(struct dp *dp)
{
	bool on = true;
	int ret;

	for (unsigned id = 1; on && id <= dp->max_ports; id++)
		on = !dp->ports[id] || dp->ports[id]->vnet;
	if (on == dp->offload)
		return;
	dp->offload = on;
	for (unsigned id = 1; id <= dp->max_ports; id++) {
		struct port *p = dp->ports[id];

		if (p && p->vnet && (ret = port_tap_set_offload(p, on)))
			warn("port %u (%s): cannot turn offloads %s: %s", id, p->name,
			     on ? "on" : "off", strerror(-ret));
	}
	info("TAP offloads %s", on ? "on: only TAPs are connected" : "off");
}

/**
 * dp_port_close() - Remove a port and free it
 * @dp:		datapath
 * @p:		the port
 * @why:	for the log
 *
 * Every address learned on it goes, and captures of it end.
 */
void dp_port_close(struct dp *dp, struct port *p, const char *why)
{
	const struct sw_stats *st = sw_port_stats(dp->sw, p->id);

	info("port %u (%s, %s) closed: %s; rx %llu tx %llu frames", p->id, p->name, p->peer,
	     why, (unsigned long long)st->rx_frames, (unsigned long long)st->tx_frames);
	loop_del(dp->loop, p->watch);
	loop_del(dp->loop, p->ctl_watch);
	sw_port_del(dp->sw, p->id);
	dp->ports[p->id] = NULL;
	capture_set_port_gone(&dp->caps, p->id);
	port_free(p);
	dp_offload_update(dp);
}

/* Port security given on the command line for this port's name or number */
static void dp_port_secure(struct dp *dp, const struct port *p)
{
	for (unsigned i = 0; i < dp->n_port_sec; i++) {
		const struct secfilter_port *ps = &dp->port_sec[i];
		char buf[SECFILTER_FMT_BYTES];
		int ret;

		if (ps->id ? ps->id != p->id : strcmp(ps->name, p->name) != 0)
			continue;
		ret = sw_set_security(dp->sw, p->id, &ps->sf);
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

/**
 * dp_port_add() - Switch a new port: watch it, apply port security named for it
 * @dp:		datapath
 * @p:		the port, @p->id set (dp_port_id_alloc()); the datapath owns it
 *		from success on
 *
 * Return: 0, or -errno (the caller still owns @p and frees it)
 */
int dp_port_add(struct dp *dp, struct port *p)
{
	uint32_t in = dp_in_events(p);
	int ret;

	for (unsigned i = 0; i < PORT_BATCH; i++) {
		p->pend[i].msg_hdr.msg_iov = &p->pend_iov[i];
		p->pend[i].msg_hdr.msg_iovlen = 1;
	}
	ret = sw_port_add(dp->sw, p->id);
	if (ret)
		return ret;
	p->watch = loop_add(dp->loop, p->fd, in, 0, dp_data_event, dp, p->id);
	ret = p->watch < 0 ? p->watch : 0;
	if (!ret && p->ctl_fd >= 0) {
		p->ctl_watch = loop_add(dp->loop, p->ctl_fd, EPOLLIN | EPOLLRDHUP, 0, dp_ctl_event,
					dp, p->id);
		ret = p->ctl_watch < 0 ? p->ctl_watch : 0;
	}
	if (ret) {
		loop_del(dp->loop, p->watch);
		p->watch = p->ctl_watch = -1;
		sw_port_del(dp->sw, p->id);
		return ret;
	}
	dp->ports[p->id] = p;
	dp_port_secure(dp, p);
	info("port %u (%s) connected: %s", p->id, p->name, p->peer);
	if (p->vnet && dp->offload)
		port_tap_set_offload(p, true);
	dp_offload_update(dp);
	return 0;
}

/**
 * dp_port_id_alloc() - A free port number
 * @dp:		datapath
 * @want:	a number asked for, 0 for the lowest free one
 *
 * Return: the number, 0 if @want is taken or out of range, or all are
 */
unsigned dp_port_id_alloc(const struct dp *dp, unsigned want)
{
	if (want)
		return want <= dp->max_ports && !dp->ports[want] ? want : 0;
	for (unsigned id = 1; id <= dp->max_ports; id++)
		if (!dp->ports[id])
			return id;
	return 0;
}

static void dp_want_out(struct dp *dp, struct port *p, bool on)
{
	uint32_t in = dp_in_events(p);

	if (p->want_out == on)
		return;
	p->want_out = on;
	loop_mod(dp->loop, p->watch, in | (on ? EPOLLOUT : 0));
}

/* ---- datapath ------------------------------------------------------------- */

static void dp_queue(struct dp *dp, struct port *p, const uint8_t *f, size_t len)
{
	if (!p->txq.buf && txq_init(&p->txq, PORT_TXQ_BYTES, PORT_TXQ_FRAMES)) {
		sw_count_drop(dp->sw, p->id, SW_DROP_TX_QUEUE);
		return;
	}
	if (txq_push(&p->txq, f, len)) {
		sw_count_drop(dp->sw, p->id, SW_DROP_TX_QUEUE);
		return;
	}
	sw_note_queue(dp->sw, p->id, p->txq.frames);
	dp_want_out(dp, p, true);
}

/* sw_ops.output: record a view of the frame in the egress port's batch */
static void dp_output(void *opaque, unsigned id, const uint8_t *f, size_t len)
{
	struct dp *dp = opaque;
	struct port *p = dp->ports[id];

	if (!p)
		return;
	if (dp->caps.n)
		capture_set_tx(&dp->caps, id, f, len);
	if (p->vnet) {
		/* a TAP takes the virtio-net header in front: the ingress TAP's
		 * is there already, for a socket's frame the headroom gets a
		 * blank one (it is ours, and the same for every TAP) */
		if (dp->rx_kind == RX_NONE) {
			sw_count_drop(dp->sw, id, SW_DROP_TX_ERROR);
			return;
		}
		f -= PORT_VNET_HDR_BYTES;
		len += PORT_VNET_HDR_BYTES;
		if (dp->rx_kind == RX_PLAIN)
			memset((uint8_t *)f, 0, PORT_VNET_HDR_BYTES);
	} else if (dp->rx_kind == RX_VNET && !port_vnet_is_plain(f - PORT_VNET_HDR_BYTES)) {
		sw_count_drop(dp->sw, id, SW_DROP_TX_ERROR);	/* see dp_offload_update() */
		return;
	}
	if (!txq_is_empty(&p->txq) || p->npend >= PORT_BATCH) {
		dp_queue(dp, p, f, len);	/* keep frames in order behind the queue */
		return;
	}
	p->pend_iov[p->npend].iov_base = (void *)f;
	p->pend_iov[p->npend].iov_len = len;
	p->npend++;
	if (!p->dirty) {
		p->dirty = true;
		dp->dirty[dp->ndirty++] = id;
	}
}

static void dp_account_tx(struct dp *dp, struct port *p, struct iovec *iov, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		sw_count_tx(dp->sw, p->id, iov[i].iov_len - (p->vnet ? PORT_VNET_HDR_BYTES : 0));
	for (; p->tx_dropped; p->tx_dropped--)
		sw_count_drop(dp->sw, p->id, SW_DROP_TX_ERROR);
}

static void dp_flush(struct dp *dp)
{
	unsigned dead[PORT_BATCH * 4], ndead = 0;

	for (unsigned k = 0; k < dp->ndirty; k++) {
		struct port *p = dp->ports[dp->dirty[k]];
		int n;

		if (!p)
			continue;
		p->dirty = false;
		n = p->ops->send(p, p->pend, p->npend);
		if (n < 0) {
			for (unsigned i = 0; i < p->npend; i++)
				sw_count_drop(dp->sw, p->id, SW_DROP_TX_ERROR);
			if (ndead < ARRAY_SIZE(dead))
				dead[ndead++] = p->id;
			p->npend = 0;
			continue;
		}
		dp_account_tx(dp, p, p->pend_iov, (unsigned)n);
		for (unsigned i = (unsigned)n; i < p->npend; i++)
			dp_queue(dp, p, p->pend_iov[i].iov_base, p->pend_iov[i].iov_len);
		p->npend = 0;
		if (p->tx_blocked)
			dp_want_out(dp, p, true);	/* the rest of a frame, see port_ops.send */
	}
	dp->ndirty = 0;
	for (unsigned k = 0; k < ndead; k++)
		if (dp->ports[dead[k]])
			dp_port_close(dp, dp->ports[dead[k]], "peer gone (send failed)");
}

static void dp_drain(struct dp *dp, struct port *p)
{
	struct txq_view v[PORT_BATCH];

	/* the rest of a frame the backend holds goes before anything queued */
	if (p->tx_blocked && p->ops->send(p, p->pend, 0) < 0) {
		dp_port_close(dp, p, "peer gone (send failed)");
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
			dp_port_close(dp, p, "peer gone (send failed)");
			return;
		}
		dp_account_tx(dp, p, p->pend_iov, (unsigned)n);
		txq_pop(&p->txq, (unsigned)n);
		if ((unsigned)n < k || p->tx_blocked)
			return;		/* still blocked: EPOLLOUT stays armed */
	}
	dp_want_out(dp, p, false);
}

static void dp_rx(struct dp *dp, struct port *p)
{
	uint64_t now;
	int n;

	n = p->ops->recv(p, dp->rxmsg, PORT_BATCH);
	if (n == -EAGAIN)
		return;
	if (n <= 0) {
		dp_port_close(dp, p, n ? strerror(-n) : "peer closed");
		return;
	}
	now = now_ms();
	if (dp->caps.n)
		capture_set_stamp(&dp->caps);
	dp->rx_kind = p->vnet ? RX_VNET : RX_PLAIN;
	for (int i = 0; i < n; i++) {
		if (dp->rxmsg[i].msg_hdr.msg_flags & MSG_TRUNC)
			sw_count_drop(dp->sw, p->id, SW_DROP_OVERSIZE);
		else if (sw_input(dp->sw, p->id, dp->rxiov[i].iov_base, dp->rxmsg[i].msg_len, now) &&
			 dp->caps.n)
			capture_set_rx(&dp->caps, p->id, dp->rxiov[i].iov_base, dp->rxmsg[i].msg_len);
	}
	dp->rx_kind = RX_NONE;
	dp_flush(dp);
	/* frames read but not taken yet: another batch next round (port_ops.recv) */
	if (dp->ports[p->id] == p && p->rx_more && !p->rx_listed) {
		p->rx_listed = true;
		dp->rxmore[dp->nrxmore++] = p->id;
	}
}

/**
 * dp_rx_more() - One more batch from each port that holds frames it has read already
 * @dp:		datapath
 *
 * Epoll cannot know of frames a stream port has read but not handed over
 * (port_ops.recv); the loop calls this after every round.
 *
 * Return: true if some port still holds frames: the next round must not block
 */
bool dp_rx_more(struct dp *dp)
{
	unsigned cnt = dp->nrxmore;

	for (unsigned k = 0; k < cnt; k++) {
		struct port *p = dp->ports[dp->rxmore[k]];

		/* a port closed since has gone; a new one under its id is not listed */
		if (!p || !p->rx_listed)
			continue;
		p->rx_listed = false;
		if (p->rx_more)
			dp_rx(dp, p);	/* may list it again, behind cnt */
	}
	dp->nrxmore -= cnt;
	memmove(dp->rxmore, dp->rxmore + cnt, dp->nrxmore * sizeof(*dp->rxmore));
	return dp->nrxmore > 0;
}

/* sw_ops.event */
static void dp_event(void *opaque, const struct sw_event *ev)
{
	struct dp *dp = opaque;
	struct port *p = dp->ports[ev->port], *o = dp->ports[ev->old_port];
	char mac[ADDR_MAC_STRLEN];

	if (!ratelimit_ok(&dp->rl_event, now_ms()))
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
		     "frames to it are flooded", fdb_get_max(sw_fdb(dp->sw)), mac, ev->port);
		break;
	case SW_EV_PORT_FULL:
		warn("port %u reached its MAC limit: %s not learned", ev->port, mac);
		break;
	}
}

static const struct sw_ops dp_sw_ops = {
	.output = dp_output,
	.event = dp_event,
};

/* loop_fn: a port's data descriptor */
static void dp_data_event(void *opaque, unsigned id, uint32_t events)
{
	struct dp *dp = opaque;
	struct port *p = dp->ports[id];

	if (!p)
		return;
	if (events & EPOLLOUT) {
		dp_drain(dp, p);
		if (dp->ports[id] != p)
			return;
	}
	if (events & EPOLLIN) {
		dp_rx(dp, p);
		if (dp->ports[id] != p)
			return;
	}
	if (events & EPOLLERR) {
		int e = 0;
		socklen_t len = sizeof(e);

		getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &e, &len);
		if (e == ECONNREFUSED || e == ECONNRESET || p->ops->conn_is_port)
			dp_port_close(dp, p, e ? strerror(e) : "socket error");
	} else if ((events & (EPOLLHUP | EPOLLRDHUP)) && !(events & EPOLLIN)) {
		dp_port_close(dp, p, "peer closed");
	}
}

/* loop_fn: the control connection of a uml/vde port: its end ends the port */
static void dp_ctl_event(void *opaque, unsigned id, uint32_t events)
{
	struct dp *dp = opaque;
	struct port *p = dp->ports[id];
	uint8_t buf[256];
	ssize_t n;

	if (!p)
		return;
	n = recv(p->ctl_fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n > 0) {
		/* uml_switch logs "Bad request" and carries on; so do we */
		if (ratelimit_ok(&dp->rl_ctl, now_ms()))
			warn("port %u (%s): %zd unexpected bytes on the control connection, ignored",
			     p->id, p->peer, n);
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR) && !(events & (EPOLLHUP | EPOLLERR)))
		return;
	dp_port_close(dp, p, n < 0 ? strerror(errno) : "control connection closed");
}

/**
 * dp_dump() - Log the port and MAC tables (on SIGUSR1)
 * @dp:		datapath
 */
void dp_dump(struct dp *dp)
{
	uint64_t now = now_ms();
	struct fdb_info e;
	unsigned pos = 0;
	char mac[ADDR_MAC_STRLEN];

	info("%s mode, %u ports, %u/%u MACs, aging %llu s", sw_get_hub(dp->sw) ? "hub" : "switch",
	     sw_port_count(dp->sw), fdb_count(sw_fdb(dp->sw)), fdb_get_max(sw_fdb(dp->sw)),
	     (unsigned long long)(fdb_get_age(sw_fdb(dp->sw)) / 1000));
	for (unsigned id = 1; id <= dp->max_ports; id++) {
		const struct port *p = dp->ports[id];
		const struct sw_stats *st;

		if (!p)
			continue;
		st = sw_port_stats(dp->sw, id);
		info("port %u %s %s macs %u rx %llu tx %llu", id, p->name, p->peer,
		     fdb_port_count(sw_fdb(dp->sw), id), (unsigned long long)st->rx_frames,
		     (unsigned long long)st->tx_frames);
	}
	while (fdb_next(sw_fdb(dp->sw), &pos, now, &e)) {
		addr_mac_format(e.mac, mac);
		info("mac %s vlan %u port %u age %llu s", mac, e.vlan, e.port,
		     (unsigned long long)(e.age_ms / 1000));
	}
	info("end of tables");
}

/**
 * dp_port() - A port by number
 * @dp:		datapath
 * @id:		port number
 *
 * Return: the port, NULL if none
 */
const struct port *dp_port(const struct dp *dp, unsigned id)
{
	return id && id <= dp->max_ports ? dp->ports[id] : NULL;
}

/**
 * dp_port_del() - Disconnect a port
 * @dp:		datapath
 * @id:		port number
 *
 * Return: 0, -ENOENT if there is no such port
 */
int dp_port_del(struct dp *dp, unsigned id)
{
	if (!dp_port(dp, id))
		return -ENOENT;
	dp_port_close(dp, dp->ports[id], "deleted by management request");
	return 0;
}

/**
 * dp_tap_add() - Attach a TAP device (created if missing) as a new port
 * @dp:		datapath
 * @dev:	interface name
 * @id:		set to the port number
 *
 * Return: 0, -EEXIST if it is attached already, -ENOSPC if every port is in
 * use, or the -errno of opening it (see tun_open_hint())
 */
int dp_tap_add(struct dp *dp, const char *dev, unsigned *id)
{
	char name[PORT_NAME_MAX];
	struct port *p;
	int ret = 0;

	snprintf(name, sizeof(name), "tap:%s", dev);
	for (unsigned i = 1; i <= dp->max_ports; i++)
		if (dp->ports[i] && !strcmp(dp->ports[i]->name, name))
			return -EEXIST;
	*id = dp_port_id_alloc(dp, 0);
	if (!*id)
		return -ENOSPC;
	p = port_tap_open(dev, &ret);
	if (!p)
		return ret;
	p->id = *id;
	ret = dp_port_add(dp, p);
	if (ret)
		port_free(p);
	return ret;
}

/**
 * dp_tap_del() - Detach a TAP device's port
 * @dp:		datapath
 * @dev:	interface name
 *
 * Return: 0, -ENOENT if no port is that TAP
 */
int dp_tap_del(struct dp *dp, const char *dev)
{
	char name[PORT_NAME_MAX];

	snprintf(name, sizeof(name), "tap:%s", dev);
	for (unsigned i = 1; i <= dp->max_ports; i++) {
		if (dp->ports[i] && !strcmp(dp->ports[i]->name, name)) {
			dp_port_close(dp, dp->ports[i], "detached by management request");
			return 0;
		}
	}
	return -ENOENT;
}

/**
 * dp_max_ports() - Highest port number
 * @dp:		datapath
 *
 * Return: port numbers are 1..this
 */
unsigned dp_max_ports(const struct dp *dp)
{
	return dp->max_ports;
}

/**
 * dp_port_count() - Ports connected now
 * @dp:		datapath
 *
 * Return: their number
 */
unsigned dp_port_count(const struct dp *dp)
{
	return sw_port_count(dp->sw);
}

/**
 * dp_sw() - The switching core, to query and tune
 * @dp:		datapath
 *
 * Return: the switch, owned by the datapath
 */
struct sw *dp_sw(struct dp *dp)
{
	return dp->sw;
}

/**
 * dp_captures() - The capture sessions the datapath feeds
 * @dp:		datapath
 *
 * Return: the set; sessions in it are owned by whoever added them
 */
struct capture_set *dp_captures(struct dp *dp)
{
	return &dp->caps;
}

/**
 * dp_tick() - Periodic work: MAC aging
 * @dp:		datapath
 * @now_ms:	monotonic time
 */
void dp_tick(struct dp *dp, uint64_t now_ms)
{
	sw_tick(dp->sw, now_ms);
}

/**
 * dp_new() - Make the datapath: the core, the port table, receive buffers
 * @cfg:	bounds and settings (@cfg->port_sec is kept, not copied)
 * @loop:	event loop to watch ports on
 *
 * Return: the datapath (dp_free()), NULL if out of memory or randomness
 * (logged)
 */
struct dp *dp_new(const struct dp_config *cfg, struct loop *loop)
{
	struct sw_config swc = {
		.max_ports = cfg->max_ports + 1,	/* port 0 is never used */
		.max_macs = cfg->max_macs,
		.age_ms = cfg->age_ms,
		.hub = cfg->hub,
	};
	struct dp *dp = calloc(1, sizeof(*dp));

	if (!dp) {
		err("out of memory");
		return NULL;
	}
	dp->loop = loop;
	dp->max_ports = cfg->max_ports;
	dp->port_sec = cfg->port_sec;
	dp->n_port_sec = cfg->n_port_sec;
	dp->rl_event = (struct ratelimit)RATELIMIT_INIT(10000, 5);
	dp->rl_ctl = (struct ratelimit)RATELIMIT_INIT(10000, 5);
	/* guests choose their MACs: the table's hash gets a key they cannot know */
	if (getrandom(&swc.key, sizeof(swc.key), 0) != sizeof(swc.key)) {
		err_perror("getrandom");
		dp_free(dp);
		return NULL;
	}
	dp->sw = sw_new(&swc, &dp_sw_ops, dp);
	dp->ports = calloc(cfg->max_ports + 1, sizeof(*dp->ports)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	dp->dirty = calloc(cfg->max_ports + 1, sizeof(*dp->dirty));
	dp->rxmore = calloc(2 * ((size_t)cfg->max_ports + 1), sizeof(*dp->rxmore));
	dp->rxbuf = malloc((size_t)PORT_BATCH * RX_STRIDE_BYTES);
	if (!dp->sw || !dp->ports || !dp->dirty || !dp->rxmore || !dp->rxbuf) {
		err("out of memory");
		dp_free(dp);
		return NULL;
	}
	for (unsigned i = 0; i < PORT_BATCH; i++) {
		dp->rxiov[i].iov_base = dp->rxbuf + (size_t)i * RX_STRIDE_BYTES + PORT_HEADROOM;
		dp->rxiov[i].iov_len = RX_SLOT_BYTES;
		dp->rxmsg[i].msg_hdr.msg_iov = &dp->rxiov[i];
		dp->rxmsg[i].msg_hdr.msg_iovlen = 1;
	}
	return dp;
}

/**
 * dp_free() - Free every port and the datapath
 * @dp:		datapath, may be NULL
 */
void dp_free(struct dp *dp)
{
	if (!dp)
		return;
	for (unsigned id = 1; dp->ports && id <= dp->max_ports; id++) {
		if (!dp->ports[id])
			continue;
		loop_del(dp->loop, dp->ports[id]->watch);
		loop_del(dp->loop, dp->ports[id]->ctl_watch);
		port_free(dp->ports[id]);
	}
	sw_free(dp->sw);
	free(dp->ports);
	free(dp->dirty);
	free(dp->rxmore);
	free(dp->rxbuf);
	free(dp);
}
