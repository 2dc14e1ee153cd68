/* SPDX-License-Identifier: GPL-2.0-or-later */
/* conf.h - umnet-net configuration: the parsed file, no I/O
 *
 * The grammar is in man/umnet-net.8 and docs/umnet-net.md. Every table has
 * a fixed bound; a config that needs more is refused with file:line.
 */
#ifndef UMNET_NET_CONF_H
#define UMNET_NET_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys/nl.h"
#include "sys/sock.h"

#define NET_NAME_MAX		32	/* config name: [A-Za-z0-9_-], from the file name */
#define NET_MAX_BRIDGES		8
#define NET_MAX_TAPS		64
#define NET_MAX_SWITCHES	8
#define NET_MAX_ADDRS		8	/* per bridge or TAP */
#define NET_MAX_ROUTES		16	/* guest routes per TAP */
#define NET_MAX_PROXY_ARP	8
#define NET_MAX_NAT_SOURCES	8
#define NET_MAX_DEFINES		32
#define NET_DIAG_BYTES		4096
#define NET_DIAG_MAX		20	/* errors reported before giving up */

/**
 * struct net_bridge_conf - a `bridge NAME { ... }` block
 * @name:	bridge name
 * @uplink:	NIC the bridge takes over (bridged topology), "" if none
 * @opts:	options; -1 fields are left as the kernel has them
 * @addrs:	the bridge's own addresses (routed subnet, NAT)
 * @n_addrs:	entries in @addrs
 * @line:	line of the block, for messages
 */
struct net_bridge_conf {
	char name[NL_IFNAMSIZ];
	char uplink[NL_IFNAMSIZ];
	struct nl_bridge_opts opts;
	struct addr_prefix addrs[NET_MAX_ADDRS];
	unsigned n_addrs;
	unsigned line;
};

/**
 * struct net_tap_conf - a `tap NAME { ... }` block, or the TAP of a switch
 * @name:	TAP name
 * @has_owner:	@owner set: only this user (or CAP_NET_ADMIN) may attach
 * @has_group:	@group set
 * @owner:	uid
 * @group:	gid
 * @bridge:	bridge to join, "" if none
 * @addrs:	host-side addresses on the TAP
 * @n_addrs:	entries in @addrs
 * @routes:	guest addresses routed to the TAP (proxy-ARP topology)
 * @n_routes:	entries in @routes
 * @proxy_arp:	1 answer ARP on the TAP, 0 not, -1 default (on if @n_routes)
 * @line:	line of the block
 */
struct net_tap_conf {
	char name[NL_IFNAMSIZ];
	bool has_owner;
	bool has_group;
	uint32_t owner;
	uint32_t group;
	char bridge[NL_IFNAMSIZ];
	struct addr_prefix addrs[NET_MAX_ADDRS];
	unsigned n_addrs;
	struct addr_prefix routes[NET_MAX_ROUTES];
	unsigned n_routes;
	int proxy_arp;
	unsigned line;
};

/**
 * struct net_switch_conf - a `switch NAME { ... }` block: umnet-switch on a TAP
 * @name:	switch name (for the pidfile and messages)
 * @tap:	index of its TAP in net_conf.taps
 * @unix_path:	uml_switch control socket
 * @hub:	hub mode
 * @line:	line of the block
 */
struct net_switch_conf {
	char name[NET_NAME_MAX];
	unsigned tap;
	char unix_path[SOCK_PATH_MAX];
	bool hub;
	unsigned line;
};

/**
 * struct net_nat_conf - the `nat { ... }` block
 * @on:		the block is there
 * @out:	interface to masquerade out of
 * @sources:	guest networks to masquerade
 * @n_sources:	entries in @sources
 * @line:	line of the block
 */
struct net_nat_conf {
	bool on;
	char out[NL_IFNAMSIZ];
	struct addr_prefix sources[NET_MAX_NAT_SOURCES];
	unsigned n_sources;
	unsigned line;
};

/**
 * struct net_conf - one configuration file
 * @name:	its name (file name without directory and ".conf")
 * @bridges:	bridges, in file order
 * @n_bridges:	entries in @bridges
 * @taps:	TAPs, in file order (switch TAPs included)
 * @n_taps:	entries in @taps
 * @switches:	switches
 * @n_switches:	entries in @switches
 * @nat:	masquerading
 * @proxy_arp:	interfaces answering ARP for routed guests (`proxy-arp IF`)
 * @n_proxy_arp: entries in @proxy_arp
 * @proxy_arp_line: line of each `proxy-arp` statement
 * @forward:	1 IPv4 forwarding on, 0 left alone, set by `forward` or implied
 */
struct net_conf {
	char name[NET_NAME_MAX];
	struct net_bridge_conf bridges[NET_MAX_BRIDGES];
	unsigned n_bridges;
	struct net_tap_conf taps[NET_MAX_TAPS];
	unsigned n_taps;
	struct net_switch_conf switches[NET_MAX_SWITCHES];
	unsigned n_switches;
	struct net_nat_conf nat;
	char proxy_arp[NET_MAX_PROXY_ARP][NL_IFNAMSIZ];
	unsigned n_proxy_arp;
	unsigned proxy_arp_line[NET_MAX_PROXY_ARP];
	int forward;
};

/**
 * struct net_define - a macro set on the command line (-D NAME=VALUE)
 * @name:	macro name
 * @value:	its value; overrides a definition in the file
 */
struct net_define {
	const char *name;
	const char *value;
};

/**
 * struct net_diag - what went wrong, "file:line: message" lines
 * @n:		messages
 * @text:	the lines, each ending in '\n'
 */
struct net_diag {
	unsigned n;
	char text[NET_DIAG_BYTES];
};

int net_conf_name(const char *path, char *name, size_t size);
int net_conf_parse(struct net_conf *conf, const char *file, const char *text, size_t len,
		   const struct net_define *defs, size_t n_defs, struct net_diag *diag);
int net_conf_load(struct net_conf *conf, const char *path, const struct net_define *defs,
		  size_t n_defs, struct net_diag *diag);
const struct net_bridge_conf *net_conf_bridge(const struct net_conf *conf, const char *name);

#endif /* UMNET_NET_CONF_H */
