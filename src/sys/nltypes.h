/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nltypes.h - rtnetlink objects as umnet sees them: links, addresses, routes, bridge options
 *
 * What nlmsg.c parses replies into and builds requests from, and what nl.c
 * hands to its callers. Types only: no code.
 */
#ifndef UMNET_NLTYPES_H
#define UMNET_NLTYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/text.h"

#define NL_IFNAMSIZ		TEXT_IFNAMSIZ
#define NL_KIND_MAX		16	/* IFLA_INFO_KIND, e.g. "bridge" */
#define NL_ERRMSG_MAX		256	/* kernel ext-ack text kept by a handle */
#define NL_LIST_MAX		65536	/* bound on entries of one dump */

/**
 * struct nl_tun_info - what the kernel reports about a TUN/TAP device
 * @valid:	the link carried IFLA_INFO_DATA for kind "tun"
 * @is_tap:	IFF_TAP (Ethernet frames), otherwise IFF_TUN (IP packets)
 * @pi:		packet information header on
 * @vnet_hdr:	virtio-net header on
 * @persist:	stays when the last descriptor closes
 * @multi_queue: IFF_MULTI_QUEUE
 * @has_owner:	@owner is set: only that user (or CAP_NET_ADMIN) may attach
 * @has_group:	@group is set: only members (or CAP_NET_ADMIN) may attach
 * @owner:	owning uid
 * @group:	owning gid
 * @num_queues:	attached queues (descriptors)
 */
struct nl_tun_info {
	bool valid;
	bool is_tap;
	bool pi;
	bool vnet_hdr;
	bool persist;
	bool multi_queue;
	bool has_owner;
	bool has_group;
	uint32_t owner;
	uint32_t group;
	uint32_t num_queues;
};

/**
 * struct nl_link - one network device as RTM_NEWLINK describes it
 * @ifindex:	interface index
 * @name:	interface name
 * @flags:	IFF_* device flags (IFF_UP is the administrative state)
 * @type:	ARPHRD_* hardware type
 * @mtu:	MTU in bytes
 * @operstate:	IF_OPER_* (RFC 2863 operational state)
 * @master:	ifindex of the master device (bridge), 0 if none
 * @has_mac:	@mac is valid (devices without L2 address have none)
 * @mac:	hardware address
 * @kind:	IFLA_INFO_KIND ("bridge", "veth", "tun", ...), "" if none
 * @tun:	TUN/TAP details, @tun.valid when @kind is "tun"
 */
struct nl_link {
	int ifindex;
	char name[NL_IFNAMSIZ];
	unsigned flags;
	unsigned short type;
	unsigned mtu;
	uint8_t operstate;
	int master;
	bool has_mac;
	uint8_t mac[ADDR_ETH_ALEN];
	char kind[NL_KIND_MAX];
	struct nl_tun_info tun;
};

/**
 * struct nl_link_change - changes to one device, sent in one RTM_SETLINK
 * @ifindex:	device to change
 * @up:		1 up, 0 down, -1 unchanged
 * @mtu:	new MTU, 0 unchanged
 * @mac:	new hardware address (ADDR_ETH_ALEN bytes), NULL unchanged
 * @name:	new name, NULL unchanged
 * @master:	ifindex of the new master, 0 to release, -1 unchanged
 * @netns_fd:	move the device into this network namespace, -1 unchanged
 *
 * Start from NL_LINK_CHANGE_INIT(). The kernel applies the changes one by
 * one: a failure may leave earlier ones done.
 */
struct nl_link_change {
	int ifindex;
	int up;
	unsigned mtu;
	const uint8_t *mac;
	const char *name;
	int master;
	int netns_fd;
};

#define NL_LINK_CHANGE_INIT(idx)					\
	{ .ifindex = (idx), .up = -1, .master = -1, .netns_fd = -1 }

/**
 * struct nl_bridge_opts - bridge options (IFLA_BR_*); -1 leaves one unchanged
 * @stp:		1 STP on, 0 off
 * @forward_delay_ms:	listening/learning time (kernel unit: 10 ms)
 * @hello_time_ms:	interval of hello BPDUs (kernel unit: 10 ms)
 * @ageing_time_ms:	FDB entry lifetime (kernel unit: 10 ms)
 */
struct nl_bridge_opts {
	int stp;
	long forward_delay_ms;
	long hello_time_ms;
	long ageing_time_ms;
};

#define NL_BRIDGE_OPTS_INIT						\
	{ .stp = -1, .forward_delay_ms = -1, .hello_time_ms = -1,	\
	  .ageing_time_ms = -1 }

/**
 * struct nl_addr - one interface address
 * @ifindex:	interface
 * @prefix:	address and prefix length
 * @scope:	RT_SCOPE_*
 * @flags:	IFA_F_*
 */
struct nl_addr {
	int ifindex;
	struct addr_prefix prefix;
	uint8_t scope;
	uint32_t flags;
};

/**
 * struct nl_route - one route
 * @dst:	destination; @dst.plen 0 is the default route. @dst.family is
 *		the route's family
 * @has_gw:	@gw is valid
 * @gw:		gateway, same family as @dst
 * @oif:	output interface, 0 for none
 * @metric:	priority (RTA_PRIORITY), 0 for the kernel's default
 * @table:	routing table, 0 for main
 * @protocol:	RTPROT_* (filled in by dumps)
 * @scope:	RT_SCOPE_* (filled in by dumps)
 * @type:	RTN_* (filled in by dumps)
 */
struct nl_route {
	struct addr_prefix dst;
	bool has_gw;
	uint8_t gw[ADDR_IP_MAX_BYTES];
	int oif;
	uint32_t metric;
	uint32_t table;
	uint8_t protocol;
	uint8_t scope;
	uint8_t type;
};

#endif /* UMNET_NLTYPES_H */
