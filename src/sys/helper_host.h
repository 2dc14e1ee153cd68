/* SPDX-License-Identifier: GPL-2.0-or-later */
/* helper_host.h - umnet-helper's checks against a snapshot of the host's links, addresses, routes
 *
 * Pure: the snapshot is filled by the caller (netlink dumps in helper_act.c),
 * so every decision can be tested without privileges.
 */
#ifndef UMNET_HELPER_HOST_H
#define UMNET_HELPER_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys/nl.h"

#define HELPER_PROXY_IFACES_MAX	32	/* host interfaces one address is published on */
#define HELPER_WHY_MAX		160	/* a refusal's reason */

/**
 * struct helper_host - what the host has, as netlink dumped it
 * @links:	devices
 * @n_links:	entries in @links
 * @addrs:	IPv4 addresses (others are ignored)
 * @n_addrs:	entries in @addrs
 * @routes:	IPv4 routes of all tables (others are ignored)
 * @n_routes:	entries in @routes
 */
struct helper_host {
	const struct nl_link *links;
	size_t n_links;
	const struct nl_addr *addrs;
	size_t n_addrs;
	const struct nl_route *routes;
	size_t n_routes;
};

const struct nl_link *helper_host_link(const struct helper_host *h, int ifindex);
const struct nl_link *helper_host_link_by_name(const struct helper_host *h, const char *name);
int helper_host_check_tap(const struct nl_link *l, uint32_t uid, bool any_owner,
			  char *why, size_t size);
int helper_host_check_gate(const struct helper_host *h, uint32_t gate, char *why, size_t size);
int helper_host_check_claim(const struct helper_host *h, int tap, uint32_t addr,
			    char *why, size_t size);
bool helper_host_is_claimed(const struct helper_host *h, int tap, uint32_t addr);
bool helper_host_tap_has_claims(const struct helper_host *h, int tap, uint32_t except);
int helper_host_proxy_ifaces(const struct helper_host *h, int tap, uint32_t addr,
			     int *ifindex, size_t max);

#endif /* UMNET_HELPER_HOST_H */
