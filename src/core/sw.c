// SPDX-License-Identifier: GPL-2.0-or-later
/* sw.c - the switching core: learning, forwarding decisions, counters; no I/O
 *
 * DOC: Theory of operation
 *
 * The core sees ports only as numbers. The caller adds a port when a peer
 * connects and deletes it when the peer goes; deleting forgets every address
 * learned there, so no entry ever points at a port that is gone.
 *
 * sw_input() takes one received frame as a (buffer, length) view and calls
 * ops->output() once per egress port, synchronously, with the same view: no
 * copy, no allocation. In switch mode a frame goes to the one port its
 * destination was learned on, or is flooded to every other port when the
 * destination is unknown, multicast or broadcast. In hub mode every frame is
 * flooded; sources are still learned so the table can be shown.
 *
 * Flooding walks a dense array of active ports (swap-remove on delete), so a
 * flood costs one call per port and a unicast frame costs two hash lookups,
 * whatever the number of ports.
 *
 * Port security (core/secfilter.c) runs on ingress before learning, so a
 * spoofed source is neither forwarded nor learned. A mirrored port's
 * accepted ingress frames and its egress frames are also output to its
 * mirror port, as a switch's SPAN port gets them: a frame the mirror port
 * would get anyway (a flood) then arrives there twice.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/frame.h"
#include "core/sw.h"

#define SW_PORT_NONE	UINT32_MAX

const char *const sw_drop_names[SW_DROP_MAX] = {
	[SW_DROP_RUNT] = "runt",
	[SW_DROP_OVERSIZE] = "oversize",
	[SW_DROP_BAD_SRC] = "bad_src",
	[SW_DROP_SAME_PORT] = "same_port",
	[SW_DROP_TX_QUEUE] = "tx_queue_full",
	[SW_DROP_TX_ERROR] = "tx_error",
	[SW_DROP_SEC_MAC] = "sec_mac",
	[SW_DROP_SEC_ARP] = "sec_arp",
	[SW_DROP_SEC_IPV4] = "sec_ipv4",
	[SW_DROP_SEC_IPV6] = "sec_ipv6",
	[SW_DROP_SEC_ND] = "sec_nd",
};

static const enum sw_drop sw_sec_drop[SECFILTER_VERDICT_MAX] = {
	[SECFILTER_DROP_MAC] = SW_DROP_SEC_MAC,
	[SECFILTER_DROP_ARP] = SW_DROP_SEC_ARP,
	[SECFILTER_DROP_IPV4] = SW_DROP_SEC_IPV4,
	[SECFILTER_DROP_IPV6] = SW_DROP_SEC_IPV6,
	[SECFILTER_DROP_ND] = SW_DROP_SEC_ND,
};

struct sw {
	const struct sw_ops *ops;
	void *opaque;
	bool hub;
	unsigned max_ports;
	unsigned nactive;
	uint32_t *active;	/* dense list of active ports */
	uint32_t *slot;		/* port -> index in active[], or SW_PORT_NONE */
	struct sw_stats *stats;
	struct fdb *fdb;
	struct secfilter **sec;	/* port -> its filter, NULL for none */
	uint32_t *mirror;	/* port -> port receiving copies, or SW_PORT_NONE */
	unsigned nmirror;	/* ports being mirrored: 0 keeps the fast path */
};

/**
 * sw_new() - Create a switch
 * @cfg:	parameters
 * @ops:	output and event callbacks (kept by reference)
 * @opaque:	passed to the callbacks
 *
 * Return: the switch (caller frees with sw_free()), NULL with errno set
 */
struct sw *sw_new(const struct sw_config *cfg, const struct sw_ops *ops, void *opaque)
{
	struct sw *sw;

	if (!cfg->max_ports || cfg->max_ports > SW_PORTS_LIMIT || !ops || !ops->output) {
		errno = EINVAL;
		return NULL;
	}
	sw = calloc(1, sizeof(*sw));
	if (!sw)
		return NULL;
	sw->ops = ops;
	sw->opaque = opaque;
	sw->hub = cfg->hub;
	sw->max_ports = cfg->max_ports;
	sw->active = calloc(cfg->max_ports, sizeof(*sw->active));
	sw->slot = malloc(cfg->max_ports * sizeof(*sw->slot));
	sw->stats = calloc(cfg->max_ports, sizeof(*sw->stats));
	sw->fdb = fdb_new(cfg->max_macs, cfg->max_ports, cfg->age_ms, &cfg->key);
	sw->sec = calloc(cfg->max_ports, sizeof(struct secfilter *));
	sw->mirror = malloc(cfg->max_ports * sizeof(*sw->mirror));
	if (!sw->active || !sw->slot || !sw->stats || !sw->fdb || !sw->sec || !sw->mirror) {
		sw_free(sw);
		errno = ENOMEM;
		return NULL;
	}
	for (unsigned i = 0; i < cfg->max_ports; i++)
		sw->slot[i] = sw->mirror[i] = SW_PORT_NONE;
	return sw;
}

/**
 * sw_free() - Free a switch
 * @sw:		switch, may be NULL
 */
void sw_free(struct sw *sw)
{
	if (!sw)
		return;
	fdb_free(sw->fdb);
	for (unsigned i = 0; sw->sec && i < sw->max_ports; i++)
		free(sw->sec[i]);
	free(sw->sec);
	free(sw->mirror);
	free(sw->active);
	free(sw->slot);
	free(sw->stats);
	free(sw);
}

/**
 * sw_port_add() - Plug a port in
 * @sw:		switch
 * @port:	port number, < max_ports, not active
 *
 * Counters start from zero.
 *
 * Return: 0, -EINVAL for a bad number, -EEXIST if already active
 */
int sw_port_add(struct sw *sw, unsigned port)
{
	if (port >= sw->max_ports)
		return -EINVAL;
	if (sw->slot[port] != SW_PORT_NONE)
		return -EEXIST;
	sw->slot[port] = sw->nactive;
	sw->active[sw->nactive++] = port;
	memset(&sw->stats[port], 0, sizeof(sw->stats[port]));
	return 0;
}

/**
 * sw_port_del() - Unplug a port and forget every address learned on it
 * @sw:		switch
 * @port:	active port
 *
 * Return: 0, -EINVAL for a bad number, -ENOENT if not active
 */
int sw_port_del(struct sw *sw, unsigned port)
{
	uint32_t i, last;

	if (port >= sw->max_ports)
		return -EINVAL;
	i = sw->slot[port];
	if (i == SW_PORT_NONE)
		return -ENOENT;
	last = sw->active[--sw->nactive];
	sw->active[i] = last;
	sw->slot[last] = i;
	sw->slot[port] = SW_PORT_NONE;
	fdb_flush_port(sw->fdb, port);
	free(sw->sec[port]);
	sw->sec[port] = NULL;
	sw_set_mirror(sw, port, SW_PORT_NONE);
	for (i = 0; sw->nmirror && i < sw->nactive; i++)
		if (sw->mirror[sw->active[i]] == port)
			sw_set_mirror(sw, sw->active[i], SW_PORT_NONE);
	return 0;
}

/**
 * sw_port_is_active() - Whether a port is plugged in
 * @sw:		switch
 * @port:	port number
 *
 * Return: true if active
 */
bool sw_port_is_active(const struct sw *sw, unsigned port)
{
	return port < sw->max_ports && sw->slot[port] != SW_PORT_NONE;
}

static void sw_out(struct sw *sw, unsigned in, unsigned port, const uint8_t *frame, size_t len)
{
	sw->ops->output(sw->opaque, port, frame, len);
	if (sw->nmirror) {
		uint32_t m = sw->mirror[port];

		if (m != SW_PORT_NONE && m != in)
			sw->ops->output(sw->opaque, m, frame, len);
	}
}

static void sw_flood(struct sw *sw, unsigned in, const uint8_t *frame, size_t len)
{
	for (unsigned i = 0; i < sw->nactive; i++) {
		unsigned p = sw->active[i];

		if (p != in)
			sw_out(sw, in, p, frame, len);
	}
}

static void sw_event(struct sw *sw, enum sw_event_kind kind, const uint8_t *mac,
		     uint16_t vlan, unsigned port, unsigned old_port)
{
	struct sw_event ev = {
		.kind = kind, .mac = mac, .vlan = vlan, .port = port, .old_port = old_port,
	};

	if (sw->ops->event)
		sw->ops->event(sw->opaque, &ev);
}

static void sw_learn(struct sw *sw, unsigned in, const uint8_t *src, uint16_t vlan,
		     uint64_t now_ms)
{
	unsigned old_port = 0;
	uint64_t old_seen = 0;

	switch (fdb_learn(sw->fdb, src, vlan, in, now_ms, &old_port, &old_seen)) {
	case FDB_REFRESHED:
	case FDB_LEARNED:
		break;
	case FDB_MOVED:
		if (sw_port_is_active(sw, old_port) && now_ms - old_seen < SW_DUP_WINDOW_MS)
			sw_event(sw, SW_EV_MAC_DUPLICATE, src, vlan, in, old_port);
		break;
	case FDB_FULL:
		sw->stats[in].learn_refused++;
		sw_event(sw, SW_EV_FDB_FULL, src, vlan, in, 0);
		break;
	case FDB_PORT_FULL:
		sw->stats[in].learn_refused++;
		sw_event(sw, SW_EV_PORT_FULL, src, vlan, in, 0);
		break;
	}
}

/**
 * sw_input() - Switch one frame received on a port
 * @sw:		switch
 * @port:	ingress port (active)
 * @frame:	the frame, from the destination MAC on, no FCS
 * @len:	its length
 * @now_ms:	current monotonic time
 *
 * Calls ops->output() for every egress port. Invalid frames, and frames
 * the port's security settings refuse, are dropped and counted on the
 * ingress port.
 *
 * Return: true if the frame was accepted (forwarded, or dropped only because
 * its destination is on the ingress port), false if it was dropped
 */
bool sw_input(struct sw *sw, unsigned port, const uint8_t *frame, size_t len, uint64_t now_ms)
{
	struct sw_stats *st;
	const uint8_t *dst, *src;
	uint16_t vlan;
	int out;

	if (!sw_port_is_active(sw, port))
		return false;
	st = &sw->stats[port];
	st->rx_frames++;
	st->rx_bytes += len;

	if (len < FRAME_ETH_HLEN) {
		st->drops[SW_DROP_RUNT]++;
		return false;
	}
	if (len > FRAME_MAX_BYTES) {
		st->drops[SW_DROP_OVERSIZE]++;
		return false;
	}
	dst = frame_dst(frame);
	src = frame_src(frame);
	if (frame_mac_is_multicast(src) || frame_mac_is_zero(src)) {
		st->drops[SW_DROP_BAD_SRC]++;
		return false;
	}
	if (sw->sec[port]) {
		enum secfilter_verdict v = secfilter_check(sw->sec[port], frame, len);

		if (v != SECFILTER_PASS) {
			st->drops[sw_sec_drop[v]]++;
			return false;
		}
	}
	vlan = frame_vlan(frame, len);
	sw_learn(sw, port, src, vlan, now_ms);
	if (sw->nmirror && sw->mirror[port] != SW_PORT_NONE)
		sw->ops->output(sw->opaque, sw->mirror[port], frame, len);

	if (sw->hub || frame_mac_is_multicast(dst)) {
		sw_flood(sw, port, frame, len);
		return true;
	}
	out = fdb_lookup(sw->fdb, dst, vlan, now_ms);
	if (out < 0) {
		sw_flood(sw, port, frame, len);
		return true;
	}
	if ((unsigned)out == port) {
		st->drops[SW_DROP_SAME_PORT]++;
		return true;
	}
	sw_out(sw, port, (unsigned)out, frame, len);
	return true;
}

/**
 * sw_count_drop() - Count a drop the I/O layer made on the core's behalf
 * @sw:		switch
 * @port:	port the frame was received on (rx reasons) or bound for (tx)
 * @reason:	why
 */
void sw_count_drop(struct sw *sw, unsigned port, enum sw_drop reason)
{
	if (port < sw->max_ports && reason < SW_DROP_MAX)
		sw->stats[port].drops[reason]++;
}

/**
 * sw_count_tx() - Count a frame handed to a port's peer
 * @sw:		switch
 * @port:	egress port
 * @bytes:	frame length
 */
void sw_count_tx(struct sw *sw, unsigned port, size_t bytes)
{
	if (port < sw->max_ports) {
		sw->stats[port].tx_frames++;
		sw->stats[port].tx_bytes += bytes;
	}
}

/**
 * sw_note_queue() - Record an egress queue depth for the high-water mark
 * @sw:		switch
 * @port:	egress port
 * @depth:	frames queued now
 */
void sw_note_queue(struct sw *sw, unsigned port, unsigned depth)
{
	if (port < sw->max_ports && depth > sw->stats[port].tx_queue_hwm)
		sw->stats[port].tx_queue_hwm = depth;
}

/**
 * sw_tick() - Periodic work: sweep expired MAC entries
 * @sw:		switch
 * @now_ms:	current time
 *
 * Return: entries removed
 */
unsigned sw_tick(struct sw *sw, uint64_t now_ms)
{
	return fdb_expire(sw->fdb, now_ms);
}

/**
 * sw_set_hub() - Switch between hub and learning mode
 * @sw:		switch
 * @hub:	true for hub
 */
void sw_set_hub(struct sw *sw, bool hub)
{
	sw->hub = hub;
}

/**
 * sw_get_hub() - Whether in hub mode
 * @sw:		switch
 *
 * Return: true in hub mode
 */
bool sw_get_hub(const struct sw *sw)
{
	return sw->hub;
}

/**
 * sw_fdb() - The switch's MAC table, to tune or to show
 * @sw:		switch
 *
 * Return: the table, owned by the switch
 */
struct fdb *sw_fdb(struct sw *sw)
{
	return sw->fdb;
}

/**
 * sw_fdb_const() - The switch's MAC table, read only
 * @sw:		switch
 *
 * Return: the table, owned by the switch
 */
const struct fdb *sw_fdb_const(const struct sw *sw)
{
	return sw->fdb;
}

/**
 * sw_port_stats() - Counters of a port
 * @sw:		switch
 * @port:	port number
 *
 * Return: counters (kept after the port is deleted, until it is reused), NULL
 * for a bad number
 */
const struct sw_stats *sw_port_stats(const struct sw *sw, unsigned port)
{
	return port < sw->max_ports ? &sw->stats[port] : NULL;
}

/**
 * sw_stats_reset() - Zero a port's counters
 * @sw:		switch
 * @port:	port number
 */
void sw_stats_reset(struct sw *sw, unsigned port)
{
	if (port < sw->max_ports)
		memset(&sw->stats[port], 0, sizeof(sw->stats[port]));
}

/**
 * sw_max_ports() - Number of port slots
 * @sw:		switch
 *
 * Return: max_ports given at creation
 */
unsigned sw_max_ports(const struct sw *sw)
{
	return sw->max_ports;
}

/**
 * sw_port_count() - Active ports
 * @sw:		switch
 *
 * Return: count
 */
unsigned sw_port_count(const struct sw *sw)
{
	return sw->nactive;
}

/**
 * sw_set_security() - Set or clear a port's security settings
 * @sw:		switch
 * @port:	active port
 * @sf:		settings (copied), NULL or empty to clear
 *
 * Also bounds the MACs the port may hold in the table (@sf->max_macs). The
 * settings go when the port is deleted.
 *
 * Return: 0, -EINVAL for a bad number, -ENOENT if not active, -ENOMEM
 */
int sw_set_security(struct sw *sw, unsigned port, const struct secfilter *sf)
{
	struct secfilter *copy = NULL;

	if (port >= sw->max_ports)
		return -EINVAL;
	if (!sw_port_is_active(sw, port))
		return -ENOENT;
	if (sf && !secfilter_is_empty(sf)) {
		copy = malloc(sizeof(*copy));
		if (!copy)
			return -ENOMEM;
		*copy = *sf;
	}
	free(sw->sec[port]);
	sw->sec[port] = copy;
	fdb_set_port_max(sw->fdb, port, copy ? copy->max_macs : 0);
	return 0;
}

/**
 * sw_security() - A port's security settings
 * @sw:		switch
 * @port:	port number
 *
 * Return: the settings (owned by the switch), NULL if none
 */
const struct secfilter *sw_security(const struct sw *sw, unsigned port)
{
	return port < sw->max_ports ? sw->sec[port] : NULL;
}

/**
 * sw_set_mirror() - Copy a port's traffic to another port, or stop
 * @sw:		switch
 * @port:	active port to mirror
 * @to:		active port that receives the copies, another than @port;
 *		SW_MIRROR_OFF to stop mirroring @port
 *
 * Return: 0, -EINVAL for a bad number or @to == @port, -ENOENT if a port is
 * not active
 */
int sw_set_mirror(struct sw *sw, unsigned port, unsigned to)
{
	if (port >= sw->max_ports || to == port || (to != SW_PORT_NONE && to >= sw->max_ports))
		return -EINVAL;
	if (to != SW_PORT_NONE && (!sw_port_is_active(sw, port) || !sw_port_is_active(sw, to)))
		return -ENOENT;
	if (sw->mirror[port] != SW_PORT_NONE)
		sw->nmirror--;
	sw->mirror[port] = to;
	if (to != SW_PORT_NONE)
		sw->nmirror++;
	return 0;
}

/**
 * sw_mirror() - Where a port's traffic is copied
 * @sw:		switch
 * @port:	port number
 *
 * Return: the mirror port, or -ENOENT if @port is not mirrored
 */
int sw_mirror(const struct sw *sw, unsigned port)
{
	if (port >= sw->max_ports || sw->mirror[port] == SW_PORT_NONE)
		return -ENOENT;
	return (int)sw->mirror[port];
}
