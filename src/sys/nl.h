/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nl.h - rtnetlink on libmnl: links, addresses, routes, bridges, veth pairs
 *
 * Every function returns 0 (or a count, or an ifindex) on success and -errno
 * on failure; none prints. When the kernel explained a failure (extended
 * ack), nl_last_error() has its text. Message building and reply parsing
 * without I/O live in nlmsg.c (see nlmsg.h); the protocol notes are in
 * docs/netlink.md.
 */
#ifndef UMNET_NL_H
#define UMNET_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys/nltypes.h"

struct nl;

/* Handle */
int nl_open(struct nl **nlp);
int nl_open_netns(struct nl **nlp, int netns_fd);
void nl_close(struct nl *nl);
const char *nl_last_error(const struct nl *nl);

/* Links */
int nl_link_index(struct nl *nl, const char *name);
int nl_link_get(struct nl *nl, int ifindex, const char *name, struct nl_link *link);
int nl_link_list(struct nl *nl, struct nl_link **links);
int nl_link_change(struct nl *nl, const struct nl_link_change *c);
int nl_link_set_up(struct nl *nl, int ifindex, bool up);
int nl_link_set_mtu(struct nl *nl, int ifindex, unsigned mtu);
int nl_link_set_mac(struct nl *nl, int ifindex, const uint8_t *mac);
int nl_link_rename(struct nl *nl, int ifindex, const char *name);
int nl_link_set_master(struct nl *nl, int ifindex, int master);
int nl_link_set_netns(struct nl *nl, int ifindex, int netns_fd);
int nl_link_del(struct nl *nl, int ifindex);

/* Bridges and veth pairs */
int nl_bridge_add(struct nl *nl, const char *name, const struct nl_bridge_opts *opts);
int nl_bridge_set(struct nl *nl, int ifindex, const struct nl_bridge_opts *opts);
int nl_bridge_del(struct nl *nl, int ifindex);
int nl_veth_add(struct nl *nl, const char *name, const char *peer, int peer_netns_fd);

/* Addresses and routes */
int nl_addr_add(struct nl *nl, int ifindex, const struct addr_prefix *p);
int nl_addr_del(struct nl *nl, int ifindex, const struct addr_prefix *p);
int nl_addr_list(struct nl *nl, int family, int ifindex, struct nl_addr **addrs);
int nl_route_add(struct nl *nl, const struct nl_route *r);
int nl_route_del(struct nl *nl, const struct nl_route *r);
int nl_route_list(struct nl *nl, int family, struct nl_route **routes);

/* Neighbours */
int nl_neigh_proxy(struct nl *nl, bool add, int ifindex, uint32_t addr);

/* Names */
const char *nl_operstate_name(uint8_t operstate);

#endif /* UMNET_NL_H */
