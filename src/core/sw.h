/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sw.h - the switching core: learning, forwarding decisions, counters; no I/O */
#ifndef UMNET_SW_H
#define UMNET_SW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/fdb.h"
#include "core/secfilter.h"

#define SW_PORTS_DEFAULT	256U
#define SW_PORTS_LIMIT		65535
/* A MAC that moves away from a port where it was seen this recently, while
 * that port is still connected, is most likely configured on both. */
#define SW_DUP_WINDOW_MS	2000
/* sw_set_mirror(): stop mirroring a port */
#define SW_MIRROR_OFF		UINT32_MAX

enum sw_drop {
	SW_DROP_RUNT,		/* shorter than an Ethernet header */
	SW_DROP_OVERSIZE,	/* larger than the receive buffer: never truncated */
	SW_DROP_BAD_SRC,	/* multicast or all-zero source address */
	SW_DROP_SAME_PORT,	/* destination lives on the ingress port */
	SW_DROP_TX_QUEUE,	/* egress queue full: the peer is not reading */
	SW_DROP_TX_ERROR,	/* the egress send failed */
	SW_DROP_SEC_MAC,	/* port security: source MAC not allowed */
	SW_DROP_SEC_ARP,	/* port security: ARP sender not allowed */
	SW_DROP_SEC_IPV4,	/* port security: IPv4 source not allowed */
	SW_DROP_SEC_IPV6,	/* port security: IPv6 source not allowed */
	SW_DROP_SEC_ND,		/* port security: neighbour discovery spoof */
	SW_DROP_MAX,
};

extern const char *const sw_drop_names[SW_DROP_MAX];

/**
 * struct sw_stats - per-port counters
 * @rx_frames:		frames received from the port
 * @rx_bytes:		their bytes
 * @tx_frames:		frames handed to the port's peer
 * @tx_bytes:		their bytes
 * @drops:		frames dropped, per reason (rx and tx side)
 * @learn_refused:	source addresses not learned: table or port bound reached
 * @tx_queue_hwm:	egress queue high-water mark, in frames
 */
struct sw_stats {
	uint64_t rx_frames, rx_bytes;
	uint64_t tx_frames, tx_bytes;
	uint64_t drops[SW_DROP_MAX];
	uint64_t learn_refused;
	uint64_t tx_queue_hwm;
};

enum sw_event_kind {
	SW_EV_MAC_DUPLICATE,	/* same MAC active on two ports at once */
	SW_EV_FDB_FULL,		/* learning refused: table bound reached */
	SW_EV_PORT_FULL,	/* learning refused: port bound reached */
};

/**
 * struct sw_event - something the core noticed, for the caller to log
 * @kind:	what
 * @mac:	the address concerned
 * @vlan:	its VLAN
 * @port:	port it arrived on
 * @old_port:	for SW_EV_MAC_DUPLICATE, where it was also active
 */
struct sw_event {
	enum sw_event_kind kind;
	const uint8_t *mac;
	uint16_t vlan;
	unsigned port;
	unsigned old_port;
};

/**
 * struct sw_ops - how the core hands frames and events back to its caller
 * @output:	send @frame (valid only during the call) out of @port
 * @event:	report an event (may be NULL)
 */
struct sw_ops {
	void (*output)(void *opaque, unsigned port, const uint8_t *frame, size_t len);
	void (*event)(void *opaque, const struct sw_event *ev);
};

/**
 * struct sw_config - switch parameters fixed at creation
 * @max_ports:	port numbers are 0..max_ports-1
 * @max_macs:	MAC table bound
 * @age_ms:	MAC aging time, 0 for never
 * @hub:	flood every frame instead of learning where to send it
 * @key:	secret for the MAC table's hash
 */
struct sw_config {
	unsigned max_ports;
	unsigned max_macs;
	uint64_t age_ms;
	bool hub;
	struct siphash_key key;
};

struct sw;

struct sw *sw_new(const struct sw_config *cfg, const struct sw_ops *ops, void *opaque);
void sw_free(struct sw *sw);
int sw_port_add(struct sw *sw, unsigned port);
int sw_port_del(struct sw *sw, unsigned port);
bool sw_port_is_active(const struct sw *sw, unsigned port);
bool sw_input(struct sw *sw, unsigned port, const uint8_t *frame, size_t len, uint64_t now_ms);
void sw_count_drop(struct sw *sw, unsigned port, enum sw_drop reason);
void sw_count_tx(struct sw *sw, unsigned port, size_t bytes);
void sw_note_queue(struct sw *sw, unsigned port, unsigned depth);
unsigned sw_tick(struct sw *sw, uint64_t now_ms);
void sw_set_hub(struct sw *sw, bool hub);
bool sw_get_hub(const struct sw *sw);
struct fdb *sw_fdb(struct sw *sw);
const struct fdb *sw_fdb_const(const struct sw *sw);
const struct sw_stats *sw_port_stats(const struct sw *sw, unsigned port);
void sw_stats_reset(struct sw *sw, unsigned port);
unsigned sw_max_ports(const struct sw *sw);
unsigned sw_port_count(const struct sw *sw);
int sw_set_security(struct sw *sw, unsigned port, const struct secfilter *sf);
const struct secfilter *sw_security(const struct sw *sw, unsigned port);
int sw_set_mirror(struct sw *sw, unsigned port, unsigned to);
int sw_mirror(const struct sw *sw, unsigned port);

#endif /* UMNET_SW_H */
