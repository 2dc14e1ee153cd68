// SPDX-License-Identifier: GPL-2.0-or-later
/* snapshot.c - the host's devices, addresses and routes at one moment, from netlink dumps
 *
 * The one view of the host that umnet-net's planner, umnet-helper's checks
 * and `umnet tap list` read: each asks for the dumps it needs, then decides
 * on the arrays alone, so that the decisions are pure and testable without
 * a kernel (a test fills a struct snapshot by hand).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sys/nl.h"
#include "sys/snapshot.h"

/**
 * snapshot_load() - Dump what the host has now
 * @s:		result; free with snapshot_free(), also after failure
 * @nl:		netlink handle
 * @what:	SNAPSHOT_LINKS, _ADDRS, _ROUTES, or'ed (SNAPSHOT_ALL)
 * @family:	addresses and routes of AF_INET, AF_INET6 or AF_UNSPEC (both)
 *
 * Return: 0, or -errno with @s->failed naming the dump that failed
 */
int snapshot_load(struct snapshot *s, struct nl *nl, unsigned what, int family)
{
	int n;

	memset(s, 0, sizeof(*s));
	if (what & SNAPSHOT_LINKS) {
		n = nl_link_list(nl, &s->links);
		if (n < 0) {
			s->failed = "devices";
			return n;
		}
		s->n_links = (size_t)n;
	}
	if (what & SNAPSHOT_ADDRS) {
		n = nl_addr_list(nl, family, 0, &s->addrs);
		if (n < 0) {
			s->failed = "addresses";
			return n;
		}
		s->n_addrs = (size_t)n;
	}
	if (what & SNAPSHOT_ROUTES) {
		n = nl_route_list(nl, family, &s->routes);
		if (n < 0) {
			s->failed = "routes";
			return n;
		}
		s->n_routes = (size_t)n;
	}
	return 0;
}

/**
 * snapshot_free() - Free the dumps of a snapshot_load()
 * @s:		snapshot, may be NULL
 */
void snapshot_free(struct snapshot *s)
{
	if (!s)
		return;
	free(s->links);
	free(s->addrs);
	free(s->routes);
	memset(s, 0, sizeof(*s));
}

/**
 * snapshot_link() - A device by index
 * @s:		snapshot
 * @ifindex:	interface index
 *
 * Return: the device, NULL if there is none
 */
const struct nl_link *snapshot_link(const struct snapshot *s, int ifindex)
{
	for (size_t i = 0; ifindex > 0 && i < s->n_links; i++)
		if (s->links[i].ifindex == ifindex)
			return &s->links[i];
	return NULL;
}

/**
 * snapshot_link_by_name() - A device by name
 * @s:		snapshot
 * @name:	interface name, may be NULL
 *
 * Return: the device, NULL if there is none
 */
const struct nl_link *snapshot_link_by_name(const struct snapshot *s, const char *name)
{
	for (size_t i = 0; name && i < s->n_links; i++)
		if (!strcmp(s->links[i].name, name))
			return &s->links[i];
	return NULL;
}
