/* SPDX-License-Identifier: GPL-2.0-or-later */
/* step.h - umnet-net operations: one change to the host, its text form, no I/O
 *
 * An operation (struct net_op) is one change the executor knows how to make
 * and the planner knows how to undo: a step pairs an operation with its
 * undo. The text form, one line, is what `plan` prints and what the state
 * file keeps (the undo of every step done), so it parses back exactly.
 */
#ifndef UMNET_NET_STEP_H
#define UMNET_NET_STEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/conf.h"
#include "sys/nl.h"

#define NET_KEY_MAX		64	/* sysctl key, nft table, switch name */
#define NET_OP_TEXT_MAX		2048	/* an nftables script */
#define NET_OP_LINE_MAX		(NET_OP_TEXT_MAX * 2 + 512)	/* one line of text */
#define NET_SYSCTL_FORWARD	"net.ipv4.ip_forward"

enum net_op_kind {
	NET_OP_NONE,
	NET_OP_BRIDGE_ADD,	/* dev, br, mac */
	NET_OP_BRIDGE_SET,	/* dev, br */
	NET_OP_BRIDGE_DEL,	/* dev */
	NET_OP_LINK_UP,		/* dev */
	NET_OP_LINK_DOWN,	/* dev */
	NET_OP_LINK_MASTER,	/* dev, master */
	NET_OP_LINK_NOMASTER,	/* dev */
	NET_OP_TAP_ADD,		/* dev, owner, group: persistent TAP */
	NET_OP_TAP_DEL,		/* dev */
	NET_OP_ADDR_ADD,	/* prefix, dev */
	NET_OP_ADDR_DEL,	/* prefix, dev */
	NET_OP_ROUTE_ADD,	/* prefix (destination), gw, dev, metric, table */
	NET_OP_ROUTE_DEL,	/* same */
	NET_OP_SYSCTL,		/* key, value */
	NET_OP_NFT_LOAD,	/* key (table), text (script) */
	NET_OP_NFT_DEL,		/* key (table) */
	NET_OP_SWITCH_START,	/* key (name), dev (its TAP), path, hub */
	NET_OP_SWITCH_STOP,	/* key (name) */
	NET_OP_KINDS
};

/**
 * struct net_op - one change to the host
 * @kind:	what it does
 * @dev:	device it acts on; for a switch, its TAP
 * @master:	NET_OP_LINK_MASTER: the bridge
 * @br:		bridge options; -1 fields unset
 * @has_mac:	NET_OP_BRIDGE_ADD: give the bridge @mac
 * @mac:	hardware address
 * @has_owner:	NET_OP_TAP_ADD: @owner set
 * @has_group:	NET_OP_TAP_ADD: @group set
 * @owner:	uid
 * @group:	gid
 * @prefix:	address, or route destination
 * @has_gw:	route via @gw
 * @gw:		gateway (address bytes in @gw.addr)
 * @metric:	route priority
 * @table:	route table, 0 for main
 * @key:	sysctl name ("net.ipv4.ip_forward", "net.ipv4.conf.IF.proxy_arp"),
 *		nftables table, or switch name
 * @value:	sysctl value
 * @path:	switch control socket
 * @hub:	switch in hub mode
 * @text:	nftables script
 */
struct net_op {
	enum net_op_kind kind;
	char dev[NL_IFNAMSIZ];
	char master[NL_IFNAMSIZ];
	struct nl_bridge_opts br;
	bool has_mac;
	uint8_t mac[ADDR_ETH_ALEN];
	bool has_owner;
	bool has_group;
	uint32_t owner;
	uint32_t group;
	struct addr_prefix prefix;
	bool has_gw;
	struct addr_prefix gw;
	uint32_t metric;
	uint32_t table;
	char key[NET_KEY_MAX];
	unsigned long value;
	char path[SOCK_PATH_MAX];
	bool hub;
	char text[NET_OP_TEXT_MAX];
};

/**
 * struct net_step - a change and how to take it back
 * @op:		the change
 * @undo:	its inverse, NET_OP_NONE if there is nothing to undo
 */
struct net_step {
	struct net_op op;
	struct net_op undo;
};

void net_op_init(struct net_op *op, enum net_op_kind kind);
int net_op_format(const struct net_op *op, char *buf, size_t size);
int net_op_parse(struct net_op *op, const char *line);

#endif /* UMNET_NET_STEP_H */
