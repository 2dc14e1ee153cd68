// SPDX-License-Identifier: GPL-2.0-or-later
/* test_helper_host.c - umnet-helper's checks against a snapshot of the host */

#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include "helper/host.h"
#include "unit.h"

enum { LO = 1, ETH0, TAP0, TAP1, TUN0, DUMMY, TAPX, ETH1 };

static uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d)
{
	return (uint32_t)a << 24 | b << 16 | c << 8 | d;
}

static void put_be(uint8_t *p, uint32_t a)
{
	uint32_t be = htonl(a);

	memcpy(p, &be, sizeof(be));
}

static struct nl_link link_of(int ifindex, const char *name, unsigned flags, const char *kind,
			      bool tap, int owner)
{
	struct nl_link l;

	memset(&l, 0, sizeof(l));
	l.ifindex = ifindex;
	snprintf(l.name, sizeof(l.name), "%s", name);
	l.flags = flags | IFF_UP;
	snprintf(l.kind, sizeof(l.kind), "%s", kind);
	if (!strcmp(kind, "tun")) {
		l.tun.valid = true;
		l.tun.is_tap = tap;
		l.tun.has_owner = owner >= 0;
		l.tun.owner = owner >= 0 ? (uint32_t)owner : 0;
	}
	return l;
}

static struct nl_addr addr_of(int ifindex, uint32_t a, unsigned plen)
{
	struct nl_addr x;

	memset(&x, 0, sizeof(x));
	x.ifindex = ifindex;
	x.prefix.family = AF_INET;
	x.prefix.plen = plen;
	put_be(x.prefix.addr, a);
	return x;
}

/* A route as the kernel dumps it */
static struct nl_route route_of(uint32_t dst, unsigned plen, uint32_t gw, int oif, uint8_t table,
				uint8_t type, uint8_t scope)
{
	struct nl_route r;

	memset(&r, 0, sizeof(r));
	r.dst.family = AF_INET;
	r.dst.plen = plen;
	put_be(r.dst.addr, dst);
	if (gw) {
		r.has_gw = true;
		put_be(r.gw, gw);
	}
	r.oif = oif;
	r.table = table;
	r.type = type;
	r.scope = scope;
	return r;
}

/*
 * lo 127.0.0.1/8; eth0 192.168.1.10/24 (router .1, static route via .2);
 * tap0 (uid 1000) and tap1 (uid 2000) share gateway 192.168.1.254/32;
 * tap1's guest has .50, tap0's guest .60; tun0 is a TUN; dummy0 is NOARP
 * with 172.16.0.0/24; tapx is a TAP without owner; eth1 has 192.168.1.0/24
 * too (a second LAN port)
 */
static struct nl_link links[8];
static struct nl_addr addrs[5];
static struct nl_route routes[16];
static struct snapshot host;

static void host_init(void)
{
	size_t n = 0;

	links[0] = link_of(LO, "lo", IFF_LOOPBACK, "", false, -1);
	links[1] = link_of(ETH0, "eth0", 0, "", false, -1);
	links[2] = link_of(TAP0, "tap0", 0, "tun", true, 1000);
	links[3] = link_of(TAP1, "tap1", 0, "tun", true, 2000);
	links[4] = link_of(TUN0, "tun0", IFF_NOARP, "tun", false, 1000);
	links[5] = link_of(DUMMY, "dummy0", IFF_NOARP, "dummy", false, -1);
	links[6] = link_of(TAPX, "tapx", 0, "tun", true, -1);
	links[7] = link_of(ETH1, "eth1", 0, "", false, -1);
	addrs[0] = addr_of(LO, ip(127, 0, 0, 1), 8);
	addrs[1] = addr_of(ETH0, ip(192, 168, 1, 10), 24);
	addrs[2] = addr_of(TAP0, ip(192, 168, 1, 254), 32);
	addrs[3] = addr_of(TAP1, ip(192, 168, 1, 254), 32);
	addrs[4] = addr_of(DUMMY, ip(172, 16, 0, 1), 24);

	routes[n++] = route_of(0, 0, ip(192, 168, 1, 1), ETH0, RT_TABLE_MAIN, RTN_UNICAST,
			       RT_SCOPE_UNIVERSE);
	routes[n++] = route_of(ip(10, 9, 0, 0), 16, ip(192, 168, 1, 2), ETH0, RT_TABLE_MAIN,
			       RTN_UNICAST, RT_SCOPE_UNIVERSE);
	routes[n++] = route_of(ip(192, 168, 1, 0), 24, 0, ETH0, RT_TABLE_MAIN, RTN_UNICAST,
			       RT_SCOPE_LINK);
	routes[n++] = route_of(ip(192, 168, 1, 0), 24, 0, ETH1, RT_TABLE_MAIN, RTN_UNICAST,
			       RT_SCOPE_LINK);
	routes[n++] = route_of(ip(172, 16, 0, 0), 24, 0, DUMMY, RT_TABLE_MAIN, RTN_UNICAST,
			       RT_SCOPE_LINK);
	routes[n++] = route_of(ip(192, 168, 1, 50), 32, 0, TAP1, RT_TABLE_MAIN, RTN_UNICAST,
			       RT_SCOPE_LINK);
	routes[n++] = route_of(ip(192, 168, 1, 60), 32, 0, TAP0, RT_TABLE_MAIN, RTN_UNICAST,
			       RT_SCOPE_LINK);
	routes[n++] = route_of(ip(192, 168, 1, 10), 32, 0, ETH0, RT_TABLE_LOCAL, RTN_LOCAL,
			       RT_SCOPE_HOST);
	routes[n++] = route_of(ip(192, 168, 1, 254), 32, 0, TAP0, RT_TABLE_LOCAL, RTN_LOCAL,
			       RT_SCOPE_HOST);
	routes[n++] = route_of(ip(192, 168, 1, 255), 32, 0, ETH0, RT_TABLE_LOCAL, RTN_BROADCAST,
			       RT_SCOPE_LINK);
	/* A static host route an administrator made in another table */
	routes[n++] = route_of(ip(192, 168, 1, 77), 32, 0, ETH0, 100, RTN_UNICAST, RT_SCOPE_LINK);

	host.links = links;
	host.n_links = 8;
	host.addrs = addrs;
	host.n_addrs = 5;
	host.routes = routes;
	host.n_routes = n;
}

TEST(helper_host_tap)
{
	char why[HELPER_WHY_MAX];

	host_init();
	CHECK_EQ(helper_host_check_tap(snapshot_link_by_name(&host, "tap0"), 1000, false, why,
				       sizeof(why)), 0);
	CHECK_EQ(helper_host_check_tap(snapshot_link_by_name(&host, "tap1"), 1000, false, why,
				       sizeof(why)), -EPERM);
	CHECK_STR(why, "tap1 does not belong to uid 1000");
	CHECK_EQ(helper_host_check_tap(snapshot_link_by_name(&host, "tap1"), 0, true, why,
				       sizeof(why)), 0);
	CHECK_EQ(helper_host_check_tap(snapshot_link_by_name(&host, "tapx"), 1000, false, why,
				       sizeof(why)), -EPERM);
	CHECK_EQ(helper_host_check_tap(snapshot_link_by_name(&host, "tun0"), 1000, false, why,
				       sizeof(why)), -EPERM);
	CHECK_STR(why, "tun0 is not a TAP device");
	CHECK_EQ(helper_host_check_tap(snapshot_link_by_name(&host, "eth0"), 0, true, why,
				       sizeof(why)), -EPERM);
	CHECK_STR(why, "eth0 is not a TAP device");
	CHECK(!snapshot_link_by_name(&host, "tap9"));
	CHECK_EQ(helper_host_check_tap(NULL, 0, true, why, sizeof(why)), -EPERM);
	CHECK_STR(why, "no such device");
}

TEST(helper_host_claim)
{
	static const struct {
		uint32_t addr;
		int ret;
		const char *why;
	} cases[] = {
		{ 0xc0a8012a /* .42 */, 0, "" },
		{ 0xc0a8013c /* .60 */, 1, "" },
		{ 0x0a090005, 0, "" },	/* routed elsewhere: for the policy to say */
		{ 0xc0a80132 /* .50 */, -EADDRINUSE, "there is a route for it on tap1 (another guest's?)" },
		{ 0xc0a8014d /* .77 */, -EADDRINUSE, "there is a route for it on eth0 (another guest's?)" },
		{ 0xc0a8010a /* .10 */, -EADDRINUSE, "the host uses it on eth0" },
		{ 0xc0a801fe /* .254 */, -EADDRINUSE, "the host uses it on tap0" },
		{ 0xc0a80101 /* .1 */, -EADDRINUSE, "it is the next hop of the host's route to 0.0.0.0/0" },
		{ 0xc0a80102 /* .2 */, -EADDRINUSE, "it is the next hop of the host's route to 10.9.0.0/16" },
		{ 0xc0a801ff /* .255 */, -EADDRINUSE, "there is a broadcast address for it on eth0 (another guest's?)" },
		{ 0xc0a80100 /* .0 */, -EADDRINUSE, "it is the network address of 192.168.1.0/24 on eth0" },
		{ 0xac1000ff, -EADDRINUSE, "it is the broadcast address of 172.16.0.0/24 on dummy0" },
		{ 0x7f000001, -EADDRNOTAVAIL, "it is not a unicast address" },
		{ 0xe0000005, -EADDRNOTAVAIL, "it is not a unicast address" },
		{ 0xffffffff, -EADDRNOTAVAIL, "it is not a unicast address" },
		{ 0, -EADDRNOTAVAIL, "it is not a unicast address" },
	};
	char why[HELPER_WHY_MAX];

	host_init();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret;

		why[0] = '\0';
		ret = helper_host_check_claim(&host, TAP0, cases[i].addr, why, sizeof(why));
		if (ret != cases[i].ret || strcmp(why, cases[i].why))
			unit_fail(__FILE__, __LINE__, "case %zu: %d \"%s\", want %d \"%s\"", i, ret,
				  why, cases[i].ret, cases[i].why);
	}
	/* tap1's claim is not tap0's, and the other way round */
	CHECK_EQ(helper_host_check_claim(&host, TAP1, ip(192, 168, 1, 50), why, sizeof(why)), 1);
	CHECK_EQ(helper_host_check_claim(&host, TAP1, ip(192, 168, 1, 60), why, sizeof(why)),
		 -EADDRINUSE);
	CHECK(helper_host_is_claimed(&host, TAP0, ip(192, 168, 1, 60)));
	CHECK(!helper_host_is_claimed(&host, TAP1, ip(192, 168, 1, 60)));
	CHECK(!helper_host_is_claimed(&host, ETH0, ip(192, 168, 1, 77)));
}

TEST(helper_host_gate)
{
	char why[HELPER_WHY_MAX];

	host_init();
	/* Shared gateways and the host's own address are fine */
	CHECK_EQ(helper_host_check_gate(&host, ip(192, 168, 1, 254), why, sizeof(why)), 0);
	CHECK_EQ(helper_host_check_gate(&host, ip(192, 168, 1, 10), why, sizeof(why)), 0);
	CHECK_EQ(helper_host_check_gate(&host, ip(10, 200, 0, 1), why, sizeof(why)), 0);
	CHECK_EQ(helper_host_check_gate(&host, ip(192, 168, 1, 50), why, sizeof(why)), -EADDRINUSE);
	CHECK_STR(why, "there is a route for it on tap1");
	CHECK_EQ(helper_host_check_gate(&host, ip(192, 168, 1, 1), why, sizeof(why)), -EADDRINUSE);
	CHECK_STR(why, "it is the next hop of the host's route to 0.0.0.0/0");
	CHECK_EQ(helper_host_check_gate(&host, ip(192, 168, 1, 255), why, sizeof(why)), -EADDRINUSE);
	CHECK_EQ(helper_host_check_gate(&host, ip(192, 168, 1, 0), why, sizeof(why)), -EADDRINUSE);
	CHECK_EQ(helper_host_check_gate(&host, ip(127, 0, 0, 1), why, sizeof(why)), -EADDRNOTAVAIL);
	CHECK_EQ(helper_host_check_gate(&host, ip(239, 1, 1, 1), why, sizeof(why)), -EADDRNOTAVAIL);
}

TEST(helper_host_proxy)
{
	int ifx[HELPER_PROXY_IFACES_MAX];

	host_init();
	/* Both LAN ports, once each; not the TAP, not via gateways */
	CHECK_EQ(helper_host_proxy_ifaces(&host, TAP0, ip(192, 168, 1, 42), ifx, 32), 2);
	CHECK_EQ(ifx[0], ETH0);
	CHECK_EQ(ifx[1], ETH1);
	CHECK_EQ(helper_host_proxy_ifaces(&host, TAP0, ip(192, 168, 1, 42), ifx, 1), 1);
	CHECK_EQ(helper_host_proxy_ifaces(&host, TAP0, ip(10, 9, 0, 5), ifx, 32), 0);
	/* NOARP links do not answer ARP */
	CHECK_EQ(helper_host_proxy_ifaces(&host, TAP0, ip(172, 16, 0, 9), ifx, 32), 0);
	/* A route in another table does not count */
	routes[2].table = 100;
	routes[3].table = 100;
	CHECK_EQ(helper_host_proxy_ifaces(&host, TAP0, ip(192, 168, 1, 42), ifx, 32), 0);
	host_init();
	/* The subnet on the TAP itself does not count */
	routes[2].oif = TAP0;
	CHECK_EQ(helper_host_proxy_ifaces(&host, TAP0, ip(192, 168, 1, 42), ifx, 32), 1);
	CHECK_EQ(ifx[0], ETH1);
}

TEST(helper_host_tap_claims)
{
	host_init();
	CHECK(!helper_host_tap_has_claims(&host, TAP0, ip(192, 168, 1, 60)));
	CHECK(helper_host_tap_has_claims(&host, TAP0, ip(192, 168, 1, 61)));
	CHECK(helper_host_tap_has_claims(&host, TAP1, ip(192, 168, 1, 60)));
	/* local routes on the TAP (its gateway) are no claims */
	CHECK(!helper_host_tap_has_claims(&host, TAP1, ip(192, 168, 1, 50)));
	CHECK(snapshot_link(&host, TAP1) == &links[3]);
	CHECK(!snapshot_link(&host, 99));
}
