/* SPDX-License-Identifier: GPL-2.0-or-later */
/* plan.h - umnet-net planner: desired state (config) vs current state (host) -> steps
 *
 * Pure: the host is described by a struct net_host that host.c fills in
 * (or a unit test builds by hand), and the result is an ordered list of
 * steps, each with its undo.
 */
#ifndef UMNET_NET_PLAN_H
#define UMNET_NET_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "net/conf.h"
#include "net/step.h"
#include "sys/nl.h"
#include "sys/snapshot.h"

#define NET_PLAN_ERR_MAX	256
#define NET_NFT_PREFIX		"umnet-"	/* our table: ip umnet-NAME */

/**
 * struct net_host_bridge - options of a bridge that exists
 * @ifindex:	the bridge
 * @opts:	its options (all fields set)
 */
struct net_host_bridge {
	int ifindex;
	struct nl_bridge_opts opts;
};

/**
 * struct net_host_sysctl - one per-interface proxy_arp value
 * @ifname:	interface, or "default" (what new interfaces inherit)
 * @value:	the value
 */
struct net_host_sysctl {
	char ifname[NL_IFNAMSIZ];
	unsigned long value;
};

#define NET_HOST_SYSCTLS	(NET_MAX_TAPS + NET_MAX_PROXY_ARP + 1)

/**
 * struct net_host - what the planner needs to know about the host now
 * @snap:	all devices, addresses and routes
 * @bridges:	options of the config's bridges that exist
 * @n_bridges:	entries
 * @ip_forward:	net.ipv4.ip_forward
 * @proxy_arp:	proxy_arp of the config's interfaces that exist, and "default"
 * @n_proxy_arp: entries
 * @nft_table:	listing of table ip umnet-NAME, NULL if there is none
 * @switch_running: per config switch: its pidfile names a live umnet-switch
 */
struct net_host {
	struct snapshot snap;
	struct net_host_bridge bridges[NET_MAX_BRIDGES];
	unsigned n_bridges;
	unsigned long ip_forward;
	struct net_host_sysctl proxy_arp[NET_HOST_SYSCTLS];
	unsigned n_proxy_arp;
	char *nft_table;
	bool switch_running[NET_MAX_SWITCHES];
};

/**
 * struct net_plan - steps to take, in order
 * @steps:	the steps
 * @n:		how many
 * @cap:	allocated
 * @err:	why planning failed, "" if it did not
 * @line:	line of the configuration @err is about, 0 if none
 */
struct net_plan {
	struct net_step *steps;
	size_t n;
	size_t cap;
	char err[NET_PLAN_ERR_MAX];
	unsigned line;
};

int net_plan_up(const struct net_conf *conf, const struct net_host *host,
		struct net_plan *plan);
void net_plan_free(struct net_plan *plan);
int net_plan_add(struct net_plan *plan, const struct net_op *op, const struct net_op *undo);
int net_nft_script(const struct net_conf *conf, char *buf, size_t size, char *marker,
		   size_t marker_size);
void net_nft_table(const struct net_conf *conf, char *buf, size_t size);
bool net_addr_is_movable(const struct nl_addr *a);
bool net_route_is_movable(const struct nl_route *r, int ifindex);

#endif /* UMNET_NET_PLAN_H */
