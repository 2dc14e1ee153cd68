// SPDX-License-Identifier: GPL-2.0-or-later
/* host.c - umnet-helper's checks against a snapshot of the host's links, addresses, routes
 *
 * DOC: Theory of operation
 *
 * The policy says which addresses a user may ever use; this file says
 * whether one is free right now. A guest's claim on ADDR is, on the host,
 * a route ADDR/32 to the guest's TAP (plus proxy ARP), exactly as uml_net
 * did it: "route add -host ADDR dev TAP". So:
 *
 * - a guest address is free if no host interface has it, no route of any
 *   table is for ADDR/32 (another guest's claim, a local or broadcast entry,
 *   a static host route), no route uses it as next hop (the LAN's router,
 *   say), and it is not the network or broadcast address of a subnet
 *   connected to the host. A /32 route for it on the caller's own TAP, in
 *   the main table, means the claim is already there (add is idempotent).
 * - a gateway address may be shared by many TAPs and may be a host
 *   address (uml_net set-ups often use the host's own address), but must
 *   not be a guest's claim, a next hop, or a network or broadcast address.
 * - add/del only touch a TAP (kind "tun", IFF_TAP) whose owner is the
 *   caller: umnet-helper sets that owner with TUNSETOWNER when it makes the
 *   TAP, so one user cannot route addresses to another user's guest.
 * - the published (proxy) ARP entries go on every ARP-capable, non-loopback
 *   interface other than the TAP that has an on-link route (no gateway,
 *   prefix length 1..31, main table) containing ADDR: where the other
 *   machines that might ask for ADDR are. uml_net read /proc/net/route for
 *   this; the rule is the same.
 *
 * Multipath routes are seen with their first hop only (struct nl_route).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/addr.h"
#include "core/text.h"
#include "helper/host.h"
#include "helper/policy.h"

static uint32_t be32_at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return ntohl(v);
}

static bool route_is_v4(const struct nl_route *r)
{
	return r->dst.family == AF_INET && r->dst.plen <= 32;
}

static bool route_is_host(const struct nl_route *r, uint32_t addr)
{
	return route_is_v4(r) && r->dst.plen == 32 && be32_at(r->dst.addr) == addr;
}

static bool route_contains(const struct nl_route *r, uint32_t addr)
{
	return route_is_v4(r) && (addr & addr_mask4(r->dst.plen)) == be32_at(r->dst.addr);
}

/* A subnet attached to an interface: on-link, no gateway, not a host route */
static bool route_is_onlink_subnet(const struct nl_route *r)
{
	return route_is_v4(r) && !r->has_gw && r->oif > 0 && r->type == RTN_UNICAST &&
	       r->dst.plen >= 1 && r->dst.plen <= 31 && r->scope == RT_SCOPE_LINK;
}

static bool route_is_guest_claim(const struct nl_route *r, int tap, uint32_t addr)
{
	return route_is_host(r, addr) && r->oif == tap && r->type == RTN_UNICAST &&
	       r->table == RT_TABLE_MAIN && !r->has_gw;
}

static void link_name(const struct snapshot *h, int ifindex, char *buf)
{
	const struct nl_link *l = snapshot_link(h, ifindex);

	if (l)
		snprintf(buf, NL_IFNAMSIZ, "%s", l->name);
	else
		snprintf(buf, NL_IFNAMSIZ, "#%d", ifindex);
}

/**
 * helper_host_check_tap() - Whether a device is a TAP the caller may change
 * @l:		device, NULL if it does not exist
 * @uid:	caller
 * @any_owner:	accept any TAP (the caller is root)
 * @why:	reason on refusal
 * @size:	its size
 *
 * Return: 0, or -EPERM with @why set
 */
int helper_host_check_tap(const struct nl_link *l, uint32_t uid, bool any_owner,
			  char *why, size_t size)
{
	if (!l) {
		snprintf(why, size, "no such device");
		return -EPERM;
	}
	if (strcmp(l->kind, "tun") != 0 || !l->tun.valid || !l->tun.is_tap) {
		snprintf(why, size, "%s is not a TAP device", l->name);
		return -EPERM;
	}
	if (!any_owner && (!l->tun.has_owner || l->tun.owner != uid)) {
		snprintf(why, size, "%s does not belong to uid %u", l->name, uid);
		return -EPERM;
	}
	return 0;
}

/* Network or broadcast address of a subnet on the host */
static int check_subnet_edges(const struct snapshot *h, uint32_t addr, char *why, size_t size)
{
	char a[ADDR_IP4_STRLEN], dev[NL_IFNAMSIZ];

	for (size_t i = 0; i < h->n_routes; i++) {
		const struct nl_route *r = &h->routes[i];
		uint32_t host_bits;

		if (!route_is_onlink_subnet(r) || r->dst.plen > 30 || !route_contains(r, addr))
			continue;
		host_bits = ~addr_mask4(r->dst.plen);
		if ((addr & host_bits) != 0 && (addr & host_bits) != host_bits)
			continue;
		addr_ip4_format(be32_at(r->dst.addr), a);
		link_name(h, r->oif, dev);
		snprintf(why, size, "it is the %s address of %s/%u on %s",
			 (addr & host_bits) ? "broadcast" : "network", a, r->dst.plen, dev);
		return -EADDRINUSE;
	}
	return 0;
}

static int check_next_hop(const struct snapshot *h, uint32_t addr, char *why, size_t size)
{
	char a[ADDR_IP4_STRLEN];

	for (size_t i = 0; i < h->n_routes; i++) {
		const struct nl_route *r = &h->routes[i];

		if (!route_is_v4(r) || !r->has_gw || be32_at(r->gw) != addr)
			continue;
		addr_ip4_format(be32_at(r->dst.addr), a);
		snprintf(why, size, "it is the next hop of the host's route to %s/%u", a,
			 r->dst.plen);
		return -EADDRINUSE;
	}
	return 0;
}

static const char *route_type_name(uint8_t type)
{
	switch (type) {
	case RTN_UNICAST:
		return "route";
	case RTN_LOCAL:
		return "local address";
	case RTN_BROADCAST:
		return "broadcast address";
	default:
		return "special route";
	}
}

/**
 * helper_host_check_gate() - Whether an address may go on a TAP as its gateway
 * @h:		snapshot
 * @gate:	address, host byte order
 * @why:	reason on refusal
 * @size:	its size
 *
 * Return: 0, or -EADDRINUSE / -EADDRNOTAVAIL with @why set
 */
int helper_host_check_gate(const struct snapshot *h, uint32_t gate, char *why, size_t size)
{
	char dev[NL_IFNAMSIZ];
	int ret;

	if (!helper_addr_is_unicast(gate)) {
		snprintf(why, size, "it is not a unicast address");
		return -EADDRNOTAVAIL;
	}
	for (size_t i = 0; i < h->n_routes; i++) {
		const struct nl_route *r = &h->routes[i];

		/* A host address (local route) is fine: gateways are shared */
		if (!route_is_host(r, gate) || r->type == RTN_LOCAL)
			continue;
		link_name(h, r->oif, dev);
		snprintf(why, size, "there is a %s for it%s%s", route_type_name(r->type),
			 r->oif ? " on " : "", r->oif ? dev : "");
		return -EADDRINUSE;
	}
	ret = check_next_hop(h, gate, why, size);
	return ret ? ret : check_subnet_edges(h, gate, why, size);
}

/**
 * helper_host_is_claimed() - Whether a guest's claim on an address is in place
 * @h:		snapshot
 * @tap:	the TAP's interface index
 * @addr:	guest address, host byte order
 *
 * Return: true if the main table routes @addr/32 to @tap
 */
bool helper_host_is_claimed(const struct snapshot *h, int tap, uint32_t addr)
{
	for (size_t i = 0; i < h->n_routes; i++)
		if (route_is_guest_claim(&h->routes[i], tap, addr))
			return true;
	return false;
}

/**
 * helper_host_check_claim() - Whether a guest on a TAP may claim an address
 * @h:		snapshot
 * @tap:	the TAP's interface index
 * @addr:	guest address, host byte order
 * @why:	reason on refusal
 * @size:	its size
 *
 * Return: 0 if free, 1 if already claimed through @tap, or -EADDRINUSE /
 * -EADDRNOTAVAIL with @why set
 */
int helper_host_check_claim(const struct snapshot *h, int tap, uint32_t addr,
			    char *why, size_t size)
{
	char dev[NL_IFNAMSIZ];
	bool mine = false;
	int ret;

	if (!helper_addr_is_unicast(addr)) {
		snprintf(why, size, "it is not a unicast address");
		return -EADDRNOTAVAIL;
	}
	for (size_t i = 0; i < h->n_addrs; i++) {
		const struct nl_addr *a = &h->addrs[i];

		if (a->prefix.family != AF_INET || be32_at(a->prefix.addr) != addr)
			continue;
		link_name(h, a->ifindex, dev);
		snprintf(why, size, "the host uses it on %s", dev);
		return -EADDRINUSE;
	}
	for (size_t i = 0; i < h->n_routes; i++) {
		const struct nl_route *r = &h->routes[i];

		if (!route_is_host(r, addr))
			continue;
		if (route_is_guest_claim(r, tap, addr)) {
			mine = true;
			continue;
		}
		link_name(h, r->oif, dev);
		snprintf(why, size, "there is a %s for it%s%s (another guest's?)",
			 route_type_name(r->type), r->oif ? " on " : "", r->oif ? dev : "");
		return -EADDRINUSE;
	}
	ret = check_next_hop(h, addr, why, size);
	if (!ret)
		ret = check_subnet_edges(h, addr, why, size);
	return ret ? ret : mine;
}

/**
 * helper_host_tap_has_claims() - Whether a TAP carries claims besides one address
 * @h:		snapshot
 * @tap:	the TAP's interface index
 * @except:	address not to count, host byte order
 *
 * Return: true if another guest address is routed to @tap (so proxy ARP must
 * stay on)
 */
bool helper_host_tap_has_claims(const struct snapshot *h, int tap, uint32_t except)
{
	for (size_t i = 0; i < h->n_routes; i++) {
		const struct nl_route *r = &h->routes[i];

		if (route_is_v4(r) && r->dst.plen == 32 && be32_at(r->dst.addr) != except &&
		    route_is_guest_claim(r, tap, be32_at(r->dst.addr)))
			return true;
	}
	return false;
}

/**
 * helper_host_proxy_ifaces() - Host interfaces to publish a guest address on
 * @h:		snapshot
 * @tap:	the guest's TAP, never listed
 * @addr:	guest address, host byte order
 * @ifindex:	result, in route order, without duplicates
 * @max:	its capacity
 *
 * Return: number of interfaces (at most @max)
 */
int helper_host_proxy_ifaces(const struct snapshot *h, int tap, uint32_t addr,
			     int *ifindex, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < h->n_routes && n < max; i++) {
		const struct nl_route *r = &h->routes[i];
		const struct nl_link *l;
		bool dup = false;

		if (!route_is_onlink_subnet(r) || r->table != RT_TABLE_MAIN || r->oif == tap ||
		    !route_contains(r, addr))
			continue;
		l = snapshot_link(h, r->oif);
		if (!l || (l->flags & (IFF_LOOPBACK | IFF_NOARP)))
			continue;
		for (size_t k = 0; k < n; k++)
			dup |= ifindex[k] == r->oif;
		if (!dup)
			ifindex[n++] = r->oif;
	}
	return (int)n;
}
