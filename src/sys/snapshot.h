/* SPDX-License-Identifier: GPL-2.0-or-later */
/* snapshot.h - the host's devices, addresses and routes at one moment, from netlink dumps */
#ifndef UMNET_SNAPSHOT_H
#define UMNET_SNAPSHOT_H

#include <stddef.h>

#include "sys/nltypes.h"

struct nl;

#define SNAPSHOT_LINKS		0x1
#define SNAPSHOT_ADDRS		0x2
#define SNAPSHOT_ROUTES		0x4
#define SNAPSHOT_ALL		(SNAPSHOT_LINKS | SNAPSHOT_ADDRS | SNAPSHOT_ROUTES)

/**
 * struct snapshot - what the host has, as netlink dumped it
 * @links:	devices
 * @n_links:	entries in @links
 * @addrs:	addresses of the family asked for
 * @n_addrs:	entries in @addrs
 * @routes:	routes of all tables, of the family asked for
 * @n_routes:	entries in @routes
 * @failed:	after a failed snapshot_load(): what could not be listed
 *		("devices", "addresses" or "routes")
 *
 * The arrays are owned by the snapshot (snapshot_free()); a hand-made one
 * (tests) may point anywhere and is never freed.
 */
struct snapshot {
	struct nl_link *links;
	size_t n_links;
	struct nl_addr *addrs;
	size_t n_addrs;
	struct nl_route *routes;
	size_t n_routes;
	const char *failed;
};

int snapshot_load(struct snapshot *s, struct nl *nl, unsigned what, int family);
void snapshot_free(struct snapshot *s);
const struct nl_link *snapshot_link(const struct snapshot *s, int ifindex);
const struct nl_link *snapshot_link_by_name(const struct snapshot *s, const char *name);

#endif /* UMNET_SNAPSHOT_H */
