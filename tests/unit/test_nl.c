// SPDX-License-Identifier: GPL-2.0-or-later
/* test_nl.c - netlink builders, reply parsers, reply state and text helpers */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sys/nl.h"
#include "sys/nlmsg.h"
#include "sys/snapshot.h"
#include "sys/sysctl.h"
#include "unit.h"

#define BUF_BYTES 4096

static uint8_t buf[BUF_BYTES] __attribute__((aligned(4)));

/* Attributes of a message after a fixed header of @hdr bytes, by type */
static void msg_attrs(const struct nlmsghdr *nlh, size_t hdr, const struct nlattr **tb,
		      unsigned max)
{
	const struct nlattr *a;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	mnl_attr_for_each(a, nlh, hdr)
		if (mnl_attr_get_type(a) <= max)
			tb[mnl_attr_get_type(a)] = a;
}

static void nest_attrs(const struct nlattr *nest, const struct nlattr **tb, unsigned max)
{
	const struct nlattr *a;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) <= max)
			tb[mnl_attr_get_type(a)] = a;
}

/* Every builder must refuse, not overflow, any buffer shorter than its message:
 * each try gets a heap buffer of exactly that size, so ASan sees a stray byte
 */
#define CHECK_TIGHT(call_with_b_n)					\
	do {								\
		int _full;						\
		uint8_t *b = malloc(BUF_BYTES);				\
		size_t n = BUF_BYTES;					\
		_full = (call_with_b_n);				\
		free(b);						\
		CHECK(_full > 0);					\
		for (size_t _i = 0; _full > 0 && _i < (size_t)_full; _i++) { \
			b = malloc(_i ? _i : 1);			\
			n = _i;						\
			CHECK_EQ((call_with_b_n), -EMSGSIZE);		\
			free(b);					\
		}							\
		b = malloc((size_t)_full);				\
		n = (size_t)_full;					\
		CHECK_EQ((call_with_b_n), _full);			\
		free(b);						\
	} while (0)

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
TEST(nlmsg_link_set_bytes)
{
	static const uint8_t want[] = {
		0x28, 0, 0, 0,  0x13, 0,  0x05, 0,  42, 0, 0, 0,  0, 0, 0, 0,	/* nlmsghdr */
		0, 0, 0, 0,  7, 0, 0, 0,  1, 0, 0, 0,  1, 0, 0, 0,		/* ifinfomsg */
		8, 0, 4, 0,  0xdc, 0x05, 0, 0,					/* IFLA_MTU */
	};
	struct nl_link_change c = NL_LINK_CHANGE_INIT(7);

	c.up = 1;
	c.mtu = 1500;
	CHECK_EQ(nlmsg_link_set(buf, sizeof(buf), 42, &c), sizeof(want));
	CHECK_MEM(buf, want, sizeof(want));
}
#endif

TEST(nlmsg_link_set_all)
{
	static const uint8_t mac[ADDR_ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	struct nl_link_change c = NL_LINK_CHANGE_INIT(3);
	const struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifi;
	int len;

	c.up = 0;
	c.mtu = 9000;
	c.mac = mac;
	c.name = "new0";
	c.master = 0;
	c.netns_fd = 5;
	len = nlmsg_link_set(buf, sizeof(buf), 1, &c);
	CHECK(len > 0);
	CHECK_EQ(nlh->nlmsg_len, len);
	CHECK_EQ(nlh->nlmsg_type, RTM_SETLINK);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	ifi = mnl_nlmsg_get_payload(nlh);
	CHECK_EQ(ifi->ifi_index, 3);
	CHECK_EQ(ifi->ifi_change, IFF_UP);
	CHECK_EQ(ifi->ifi_flags, 0);
	msg_attrs(nlh, sizeof(*ifi), tb, IFLA_MAX);
	CHECK(tb[IFLA_MTU] && mnl_attr_get_u32(tb[IFLA_MTU]) == 9000);
	CHECK(tb[IFLA_ADDRESS] && mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == 6);
	CHECK(tb[IFLA_ADDRESS] && !memcmp(mnl_attr_get_payload(tb[IFLA_ADDRESS]), mac, 6));
	CHECK(tb[IFLA_IFNAME]);
	CHECK_STR(tb[IFLA_IFNAME] ? mnl_attr_get_str(tb[IFLA_IFNAME]) : NULL, "new0");
	CHECK(tb[IFLA_MASTER] && mnl_attr_get_u32(tb[IFLA_MASTER]) == 0);
	CHECK(tb[IFLA_NET_NS_FD] && mnl_attr_get_u32(tb[IFLA_NET_NS_FD]) == 5);
	CHECK_TIGHT(nlmsg_link_set(b, n, 1, &c));
}

TEST(nlmsg_link_set_unchanged_and_invalid)
{
	struct nl_link_change c = NL_LINK_CHANGE_INIT(3);
	const struct ifinfomsg *ifi;

	/* Nothing to change: a bare header, IFF_UP untouched */
	CHECK_EQ(nlmsg_link_set(buf, sizeof(buf), 1, &c), 32);
	ifi = mnl_nlmsg_get_payload((struct nlmsghdr *)buf);
	CHECK_EQ(ifi->ifi_change, 0);

	c.ifindex = 0;
	CHECK_EQ(nlmsg_link_set(buf, sizeof(buf), 1, &c), -EINVAL);
	c.ifindex = 3;
	c.name = "bad/name";
	CHECK_EQ(nlmsg_link_set(buf, sizeof(buf), 1, &c), -EINVAL);
	c.name = NULL;
	c.up = 2;
	CHECK_EQ(nlmsg_link_set(buf, sizeof(buf), 1, &c), -EINVAL);
	c.up = -1;
	c.master = -2;
	CHECK_EQ(nlmsg_link_set(buf, sizeof(buf), 1, &c), -EINVAL);
	CHECK_EQ(nlmsg_link_set(buf, sizeof(buf), 1, NULL), -EINVAL);
	CHECK_EQ(nlmsg_link_set(NULL, 0, 1, &c), -EINVAL);
}

TEST(nlmsg_link_get_and_dump)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct nlattr *tb[IFLA_MAX + 1];

	CHECK(nlmsg_link_get(buf, sizeof(buf), 9, 0, "eth0") > 0);
	CHECK_EQ(nlh->nlmsg_type, RTM_GETLINK);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	msg_attrs(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX);
	CHECK_STR(tb[IFLA_IFNAME] ? mnl_attr_get_str(tb[IFLA_IFNAME]) : NULL, "eth0");
	CHECK(tb[IFLA_EXT_MASK] &&
	      mnl_attr_get_u32(tb[IFLA_EXT_MASK]) == RTEXT_FILTER_SKIP_STATS);

	CHECK(nlmsg_link_get(buf, sizeof(buf), 9, 12, NULL) > 0);
	msg_attrs(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX);
	CHECK(!tb[IFLA_IFNAME]);
	CHECK_EQ(((struct ifinfomsg *)mnl_nlmsg_get_payload(nlh))->ifi_index, 12);

	CHECK_EQ(nlmsg_link_get(buf, sizeof(buf), 9, 0, NULL), -EINVAL);
	CHECK_EQ(nlmsg_link_get(buf, sizeof(buf), 9, 0, "../x"), -EINVAL);
	CHECK_EQ(nlmsg_link_get(buf, sizeof(buf), 9, -1, "eth0"), -EINVAL);
	CHECK_TIGHT(nlmsg_link_get(b, n, 9, 0, "eth0"));

	CHECK(nlmsg_link_dump(buf, sizeof(buf), 10) > 0);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	CHECK_EQ(nlh->nlmsg_seq, 10);
	CHECK_TIGHT(nlmsg_link_dump(b, n, 10));

	CHECK(nlmsg_link_del(buf, sizeof(buf), 11, 4) > 0);
	CHECK_EQ(nlh->nlmsg_type, RTM_DELLINK);
	CHECK_EQ(nlmsg_link_del(buf, sizeof(buf), 11, 0), -EINVAL);
}

TEST(nlmsg_bridge_create)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];
	const struct nlattr *br[IFLA_BR_MAX + 1];
	struct nl_bridge_opts o = NL_BRIDGE_OPTS_INIT;

	o.stp = 1;
	o.forward_delay_ms = 15000;
	o.hello_time_ms = 2000;
	o.ageing_time_ms = 300000;
	CHECK(nlmsg_bridge(buf, sizeof(buf), 1, 0, "br0", &o) > 0);
	CHECK_EQ(nlh->nlmsg_type, RTM_NEWLINK);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
	msg_attrs(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX);
	CHECK_STR(tb[IFLA_IFNAME] ? mnl_attr_get_str(tb[IFLA_IFNAME]) : NULL, "br0");
	CHECK(tb[IFLA_LINKINFO]);
	if (!tb[IFLA_LINKINFO])
		return;
	nest_attrs(tb[IFLA_LINKINFO], info, IFLA_INFO_MAX);
	CHECK_STR(info[IFLA_INFO_KIND] ? mnl_attr_get_str(info[IFLA_INFO_KIND]) : NULL, "bridge");
	CHECK(info[IFLA_INFO_DATA]);
	if (!info[IFLA_INFO_DATA])
		return;
	nest_attrs(info[IFLA_INFO_DATA], br, IFLA_BR_MAX);
	/* clock_t: hundredths of a second */
	CHECK(br[IFLA_BR_STP_STATE] && mnl_attr_get_u32(br[IFLA_BR_STP_STATE]) == 1);
	CHECK(br[IFLA_BR_FORWARD_DELAY] && mnl_attr_get_u32(br[IFLA_BR_FORWARD_DELAY]) == 1500);
	CHECK(br[IFLA_BR_HELLO_TIME] && mnl_attr_get_u32(br[IFLA_BR_HELLO_TIME]) == 200);
	CHECK(br[IFLA_BR_AGEING_TIME] && mnl_attr_get_u32(br[IFLA_BR_AGEING_TIME]) == 30000);
	CHECK_TIGHT(nlmsg_bridge(b, n, 1, 0, "br0", &o));
}

TEST(nlmsg_bridge_change_and_invalid)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];
	const struct nlattr *br[IFLA_BR_MAX + 1];
	struct nl_bridge_opts o = NL_BRIDGE_OPTS_INIT;

	o.stp = 0;
	CHECK(nlmsg_bridge(buf, sizeof(buf), 1, 8, NULL, &o) > 0);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	CHECK_EQ(((struct ifinfomsg *)mnl_nlmsg_get_payload(nlh))->ifi_index, 8);
	msg_attrs(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX);
	CHECK(!tb[IFLA_IFNAME]);
	CHECK(tb[IFLA_LINKINFO]);
	if (tb[IFLA_LINKINFO]) {
		nest_attrs(tb[IFLA_LINKINFO], info, IFLA_INFO_MAX);
		CHECK(info[IFLA_INFO_DATA]);
		if (info[IFLA_INFO_DATA]) {
			nest_attrs(info[IFLA_INFO_DATA], br, IFLA_BR_MAX);
			CHECK(br[IFLA_BR_STP_STATE] && !mnl_attr_get_u32(br[IFLA_BR_STP_STATE]));
			CHECK(!br[IFLA_BR_FORWARD_DELAY]);
		}
	}
	/* No options: no IFLA_INFO_DATA at all */
	CHECK(nlmsg_bridge(buf, sizeof(buf), 1, 0, "br1", NULL) > 0);
	msg_attrs(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX);
	nest_attrs(tb[IFLA_LINKINFO], info, IFLA_INFO_MAX);
	CHECK(!info[IFLA_INFO_DATA]);

	o.forward_delay_ms = 15005;		/* not a whole clock tick */
	CHECK_EQ(nlmsg_bridge(buf, sizeof(buf), 1, 0, "br0", &o), -EINVAL);
	o.forward_delay_ms = -2;
	CHECK_EQ(nlmsg_bridge(buf, sizeof(buf), 1, 0, "br0", &o), -EINVAL);
	o.forward_delay_ms = ((long)UINT32_MAX + 1) * 10;
	CHECK_EQ(nlmsg_bridge(buf, sizeof(buf), 1, 0, "br0", &o), -EINVAL);
	o.forward_delay_ms = -1;
	o.stp = 2;
	CHECK_EQ(nlmsg_bridge(buf, sizeof(buf), 1, 0, "br0", &o), -EINVAL);
	CHECK_EQ(nlmsg_bridge(buf, sizeof(buf), 1, 0, "", NULL), -EINVAL);
	CHECK_EQ(nlmsg_bridge(buf, sizeof(buf), 1, 0, "bridge-name-too-long", NULL), -EINVAL);
}

TEST(nlmsg_veth_peer_nest)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];
	const struct nlattr *data[VETH_INFO_MAX + 1], *a;
	static const uint8_t zero[sizeof(struct ifinfomsg)];
	const struct nlattr *peer_tb[IFLA_MAX + 1] = { 0 };
	const uint8_t *p;
	size_t plen, off;

	CHECK(nlmsg_veth_add(buf, sizeof(buf), 1, "va", "vb", 7) > 0);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
	msg_attrs(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX);
	CHECK_STR(tb[IFLA_IFNAME] ? mnl_attr_get_str(tb[IFLA_IFNAME]) : NULL, "va");
	nest_attrs(tb[IFLA_LINKINFO], info, IFLA_INFO_MAX);
	CHECK_STR(info[IFLA_INFO_KIND] ? mnl_attr_get_str(info[IFLA_INFO_KIND]) : NULL, "veth");
	nest_attrs(info[IFLA_INFO_DATA], data, VETH_INFO_MAX);
	CHECK(data[VETH_INFO_PEER]);
	if (!data[VETH_INFO_PEER])
		return;
	/* VETH_INFO_PEER: a whole ifinfomsg, then the peer's attributes */
	p = mnl_attr_get_payload(data[VETH_INFO_PEER]);
	plen = mnl_attr_get_payload_len(data[VETH_INFO_PEER]);
	CHECK(plen > sizeof(zero));
	CHECK_MEM(p, zero, sizeof(zero));
	for (off = sizeof(zero); off + sizeof(*a) <= plen; off += MNL_ALIGN(a->nla_len)) {
		a = (const struct nlattr *)(p + off);
		if (a->nla_len < sizeof(*a))
			break;
		if (mnl_attr_get_type(a) <= IFLA_MAX)
			peer_tb[mnl_attr_get_type(a)] = a;
	}
	CHECK_EQ(off, plen);
	CHECK_STR(peer_tb[IFLA_IFNAME] ? mnl_attr_get_str(peer_tb[IFLA_IFNAME]) : NULL, "vb");
	CHECK(peer_tb[IFLA_NET_NS_FD] && mnl_attr_get_u32(peer_tb[IFLA_NET_NS_FD]) == 7);
	CHECK_TIGHT(nlmsg_veth_add(b, n, 1, "va", "vb", 7));

	CHECK(nlmsg_veth_add(buf, sizeof(buf), 1, "va", NULL, -1) > 0);
	CHECK_EQ(nlmsg_veth_add(buf, sizeof(buf), 1, "va", "v:b", -1), -EINVAL);
	CHECK_EQ(nlmsg_veth_add(buf, sizeof(buf), 1, NULL, "vb", -1), -EINVAL);
	CHECK_EQ(nlmsg_veth_add(buf, sizeof(buf), 1, "va", "vb", -5), -EINVAL);
}

TEST(nlmsg_addr_v4_v6)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct nlattr *tb[IFA_MAX + 1];
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct addr_prefix p;

	CHECK_EQ(addr_prefix_parse("192.0.2.1/24", AF_UNSPEC, &p), 0);
	CHECK(nlmsg_addr(buf, sizeof(buf), 1, RTM_NEWADDR, 4, &p) > 0);
	CHECK_EQ(nlh->nlmsg_type, RTM_NEWADDR);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
	CHECK_EQ(ifa->ifa_family, AF_INET);
	CHECK_EQ(ifa->ifa_prefixlen, 24);
	CHECK_EQ(ifa->ifa_index, 4);
	msg_attrs(nlh, sizeof(*ifa), tb, IFA_MAX);
	CHECK(tb[IFA_LOCAL] && mnl_attr_get_payload_len(tb[IFA_LOCAL]) == 4);
	CHECK(tb[IFA_LOCAL] && !memcmp(mnl_attr_get_payload(tb[IFA_LOCAL]), "\xc0\x00\x02\x01", 4));
	CHECK(tb[IFA_ADDRESS] && !memcmp(mnl_attr_get_payload(tb[IFA_ADDRESS]),
					 "\xc0\x00\x02\x01", 4));
	CHECK_TIGHT(nlmsg_addr(b, n, 1, RTM_NEWADDR, 4, &p));

	CHECK_EQ(addr_prefix_parse("2001:db8::1/64", AF_UNSPEC, &p), 0);
	CHECK(nlmsg_addr(buf, sizeof(buf), 1, RTM_DELADDR, 4, &p) > 0);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	CHECK_EQ(ifa->ifa_family, AF_INET6);
	CHECK_EQ(ifa->ifa_prefixlen, 64);
	msg_attrs(nlh, sizeof(*ifa), tb, IFA_MAX);
	CHECK(tb[IFA_ADDRESS] && mnl_attr_get_payload_len(tb[IFA_ADDRESS]) == 16);

	CHECK_EQ(nlmsg_addr(buf, sizeof(buf), 1, RTM_NEWLINK, 4, &p), -EINVAL);
	CHECK_EQ(nlmsg_addr(buf, sizeof(buf), 1, RTM_NEWADDR, 0, &p), -EINVAL);
	p.plen = 129;
	CHECK_EQ(nlmsg_addr(buf, sizeof(buf), 1, RTM_NEWADDR, 4, &p), -EINVAL);
	p.plen = 64;
	p.family = AF_PACKET;
	CHECK_EQ(nlmsg_addr(buf, sizeof(buf), 1, RTM_NEWADDR, 4, &p), -EINVAL);
	CHECK_EQ(nlmsg_addr(buf, sizeof(buf), 1, RTM_NEWADDR, 4, NULL), -EINVAL);
	CHECK(nlmsg_addr_dump(buf, sizeof(buf), 2, AF_INET6) > 0);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	CHECK_EQ(ifa->ifa_family, AF_INET6);
	CHECK_EQ(nlmsg_addr_dump(buf, sizeof(buf), 2, AF_UNIX), -EINVAL);
}

TEST(nlmsg_neigh_proxy_entry)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct nlattr *tb[NDA_MAX + 1];
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	static const uint8_t a[4] = { 192, 0, 2, 7 };

	CHECK(nlmsg_neigh_proxy(buf, sizeof(buf), 3, true, 5, a) > 0);
	CHECK_EQ(nlh->nlmsg_type, RTM_NEWNEIGH);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
	CHECK_EQ(nlh->nlmsg_seq, 3);
	CHECK_EQ(ndm->ndm_family, AF_INET);
	CHECK_EQ(ndm->ndm_ifindex, 5);
	CHECK_EQ(ndm->ndm_state, NUD_PERMANENT);
	CHECK_EQ(ndm->ndm_flags, NTF_PROXY);
	msg_attrs(nlh, sizeof(*ndm), tb, NDA_MAX);
	CHECK(tb[NDA_DST] && mnl_attr_get_payload_len(tb[NDA_DST]) == 4);
	CHECK(tb[NDA_DST] && !memcmp(mnl_attr_get_payload(tb[NDA_DST]), a, 4));
	CHECK_TIGHT(nlmsg_neigh_proxy(b, n, 3, true, 5, a));

	CHECK(nlmsg_neigh_proxy(buf, sizeof(buf), 4, false, 5, a) > 0);
	CHECK_EQ(nlh->nlmsg_type, RTM_DELNEIGH);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	CHECK_EQ(nlmsg_neigh_proxy(buf, sizeof(buf), 4, false, 0, a), -EINVAL);
	CHECK_EQ(nlmsg_neigh_proxy(buf, sizeof(buf), 4, false, 5, NULL), -EINVAL);
}

TEST(nlmsg_route_default_via)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1];
	struct nl_route r = { .dst.family = AF_INET, .has_gw = true, .gw = { 10, 0, 0, 1 } };

	CHECK(nlmsg_route(buf, sizeof(buf), 1, RTM_NEWROUTE, &r) > 0);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
	CHECK_EQ(rtm->rtm_family, AF_INET);
	CHECK_EQ(rtm->rtm_dst_len, 0);
	CHECK_EQ(rtm->rtm_table, RT_TABLE_MAIN);
	CHECK_EQ(rtm->rtm_protocol, RTPROT_BOOT);
	CHECK_EQ(rtm->rtm_scope, RT_SCOPE_UNIVERSE);
	CHECK_EQ(rtm->rtm_type, RTN_UNICAST);
	msg_attrs(nlh, sizeof(*rtm), tb, RTA_MAX);
	CHECK(!tb[RTA_DST]);
	CHECK(!tb[RTA_OIF]);
	CHECK(!tb[RTA_PRIORITY]);
	CHECK(tb[RTA_GATEWAY] && !memcmp(mnl_attr_get_payload(tb[RTA_GATEWAY]), "\x0a\0\0\x01", 4));
	CHECK_TIGHT(nlmsg_route(b, n, 1, RTM_NEWROUTE, &r));
}

TEST(nlmsg_route_host_dev_metric_table)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1];
	struct nl_route r = { .oif = 3, .metric = 100, .table = 1000 };

	CHECK_EQ(addr_prefix_parse("2001:db8::5", AF_UNSPEC, &r.dst), 0);
	CHECK(nlmsg_route(buf, sizeof(buf), 1, RTM_NEWROUTE, &r) > 0);
	CHECK_EQ(rtm->rtm_family, AF_INET6);
	CHECK_EQ(rtm->rtm_dst_len, 128);
	CHECK_EQ(rtm->rtm_scope, RT_SCOPE_LINK);	/* no gateway: on-link */
	CHECK_EQ(rtm->rtm_table, RT_TABLE_UNSPEC);	/* table >= 256 goes in RTA_TABLE */
	msg_attrs(nlh, sizeof(*rtm), tb, RTA_MAX);
	CHECK(tb[RTA_DST] && mnl_attr_get_payload_len(tb[RTA_DST]) == 16);
	CHECK(tb[RTA_OIF] && mnl_attr_get_u32(tb[RTA_OIF]) == 3);
	CHECK(tb[RTA_PRIORITY] && mnl_attr_get_u32(tb[RTA_PRIORITY]) == 100);
	CHECK(tb[RTA_TABLE] && mnl_attr_get_u32(tb[RTA_TABLE]) == 1000);

	/* Deletion matches any protocol, scope and type */
	r.table = 0;
	CHECK(nlmsg_route(buf, sizeof(buf), 1, RTM_DELROUTE, &r) > 0);
	CHECK_EQ(nlh->nlmsg_type, RTM_DELROUTE);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	CHECK_EQ(rtm->rtm_scope, RT_SCOPE_NOWHERE);
	CHECK_EQ(rtm->rtm_protocol, RTPROT_UNSPEC);
	CHECK_EQ(rtm->rtm_type, RTN_UNSPEC);
	CHECK_EQ(rtm->rtm_table, RT_TABLE_MAIN);

	r.oif = -1;
	CHECK_EQ(nlmsg_route(buf, sizeof(buf), 1, RTM_NEWROUTE, &r), -EINVAL);
	r.oif = 3;
	r.dst.plen = 200;
	CHECK_EQ(nlmsg_route(buf, sizeof(buf), 1, RTM_NEWROUTE, &r), -EINVAL);
	CHECK_EQ(nlmsg_route(buf, sizeof(buf), 1, RTM_GETROUTE, &r), -EINVAL);
	CHECK(nlmsg_route_dump(buf, sizeof(buf), 1, AF_UNSPEC) > 0);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
}

/* Replies, built the way the kernel builds them */

static struct nlmsghdr *reply_start(uint8_t *b, uint16_t type, uint16_t flags, uint32_t seq,
				    uint32_t pid)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(b);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = pid;
	return nlh;
}

static struct nlmsghdr *newlink_tap(uint8_t *b, bool with_tun)
{
	struct nlmsghdr *nlh = reply_start(b, RTM_NEWLINK, 0, 1, 1);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	static const uint8_t mac[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };
	struct nlattr *info, *data;

	ifi->ifi_index = 5;
	ifi->ifi_flags = IFF_UP | IFF_BROADCAST;
	ifi->ifi_type = 1;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "tap0");
	mnl_attr_put_u32(nlh, IFLA_MTU, 1400);
	mnl_attr_put_u8(nlh, IFLA_OPERSTATE, IF_OPER_DOWN);
	mnl_attr_put_u32(nlh, IFLA_MASTER, 9);
	mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac);
	mnl_attr_put(nlh, 0x7fff, 3, "zz");		/* unknown: skipped */
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "tun");
	if (with_tun) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		mnl_attr_put_u8(nlh, IFLA_TUN_TYPE, IFF_TAP);
		mnl_attr_put_u8(nlh, IFLA_TUN_PI, 0);
		mnl_attr_put_u8(nlh, IFLA_TUN_VNET_HDR, 1);
		mnl_attr_put_u8(nlh, IFLA_TUN_PERSIST, 1);
		mnl_attr_put_u8(nlh, IFLA_TUN_MULTI_QUEUE, 0);
		mnl_attr_put_u32(nlh, IFLA_TUN_NUM_QUEUES, 2);
		mnl_attr_put_u32(nlh, IFLA_TUN_OWNER, 1000);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, info);
	return nlh;
}

TEST(nlmsg_link_parse_tap)
{
	struct nlmsghdr *nlh = newlink_tap(buf, true);
	struct nl_link l;

	CHECK_EQ(nlmsg_link_parse(nlh, &l), 0);
	CHECK_EQ(l.ifindex, 5);
	CHECK_STR(l.name, "tap0");
	CHECK_EQ(l.mtu, 1400);
	CHECK_EQ(l.operstate, IF_OPER_DOWN);
	CHECK_EQ(l.master, 9);
	CHECK(l.flags & IFF_UP);
	CHECK(l.has_mac);
	CHECK_MEM(l.mac, "\x02\xaa\xbb\xcc\xdd\xee", 6);
	CHECK_STR(l.kind, "tun");
	CHECK(l.tun.valid);
	CHECK(l.tun.is_tap);
	CHECK(!l.tun.pi);
	CHECK(l.tun.vnet_hdr);
	CHECK(l.tun.persist);
	CHECK(!l.tun.multi_queue);
	CHECK(l.tun.has_owner);
	CHECK_EQ(l.tun.owner, 1000);
	CHECK(!l.tun.has_group);
	CHECK_EQ(l.tun.num_queues, 2);

	/* Old kernels: kind "tun" without data */
	nlh = newlink_tap(buf, false);
	CHECK_EQ(nlmsg_link_parse(nlh, &l), 0);
	CHECK_STR(l.kind, "tun");
	CHECK(!l.tun.valid);
}

TEST(nlmsg_link_parse_hostile)
{
	struct nlmsghdr *nlh;
	struct nl_link l;
	struct nlattr *a;
	uint32_t full;

	/* Cut anywhere inside the attributes: never read past nlmsg_len */
	nlh = newlink_tap(buf, true);
	full = nlh->nlmsg_len;
	for (uint32_t len = 0; len < full; len++) {
		uint8_t *copy = malloc(len ? len : 1);

		memcpy(copy, buf, len);
		if (len >= sizeof(*nlh))
			((struct nlmsghdr *)copy)->nlmsg_len = len;
		if (len >= sizeof(*nlh))
			nlmsg_link_parse((struct nlmsghdr *)copy, &l);
		free(copy);
	}
	/* Bytes left over after the last attribute */
	nlh = newlink_tap(buf, true);
	nlh->nlmsg_len += 3;
	CHECK_EQ(nlmsg_link_parse(nlh, &l), -EBADMSG);

	/* An attribute longer than the message */
	nlh = newlink_tap(buf, true);
	a = (struct nlattr *)((uint8_t *)nlh + MNL_NLMSG_HDRLEN + sizeof(struct ifinfomsg));
	a->nla_len = 0x7ff0;
	CHECK_EQ(nlmsg_link_parse(nlh, &l), -EBADMSG);

	/* Name without its NUL, and a name too long for IFNAMSIZ */
	nlh = reply_start(buf, RTM_NEWLINK, 0, 1, 1);
	((struct ifinfomsg *)mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg)))->ifi_index = 1;
	mnl_attr_put(nlh, IFLA_IFNAME, 4, "eth0");
	CHECK_EQ(nlmsg_link_parse(nlh, &l), -EBADMSG);
	nlh = reply_start(buf, RTM_NEWLINK, 0, 1, 1);
	((struct ifinfomsg *)mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg)))->ifi_index = 1;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "a-name-of-twenty-chars");
	CHECK_EQ(nlmsg_link_parse(nlh, &l), -EBADMSG);

	/* No name at all; MTU of the wrong size; bad tun type */
	nlh = reply_start(buf, RTM_NEWLINK, 0, 1, 1);
	((struct ifinfomsg *)mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg)))->ifi_index = 1;
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	CHECK_EQ(nlmsg_link_parse(nlh, &l), -EBADMSG);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "x");
	CHECK_EQ(nlmsg_link_parse(nlh, &l), 0);
	mnl_attr_put_u16(nlh, IFLA_MTU, 1500);
	CHECK_EQ(nlmsg_link_parse(nlh, &l), -EBADMSG);

	/* Short payload, wrong type, negative index */
	nlh = reply_start(buf, RTM_NEWLINK, 0, 1, 1);
	mnl_nlmsg_put_extra_header(nlh, 8);
	CHECK_EQ(nlmsg_link_parse(nlh, &l), -EBADMSG);
	nlh = newlink_tap(buf, true);
	nlh->nlmsg_type = RTM_NEWADDR;
	CHECK_EQ(nlmsg_link_parse(nlh, &l), -EBADMSG);
	nlh = newlink_tap(buf, true);
	((struct ifinfomsg *)mnl_nlmsg_get_payload(nlh))->ifi_index = -3;
	CHECK_EQ(nlmsg_link_parse(nlh, &l), -EBADMSG);
}

static struct nlmsghdr *newaddr(uint8_t *b, int family, uint8_t plen, const void *local,
				const void *address, size_t alen)
{
	struct nlmsghdr *nlh = reply_start(b, RTM_NEWADDR, NLM_F_MULTI, 1, 1);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));

	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = plen;
	ifa->ifa_index = 2;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	if (local)
		mnl_attr_put(nlh, IFA_LOCAL, alen, local);
	if (address)
		mnl_attr_put(nlh, IFA_ADDRESS, alen, address);
	return nlh;
}

TEST(nlmsg_addr_parse_cases)
{
	struct nl_addr a;
	char s[ADDR_PREFIX_STRLEN];

	/* Point-to-point: IFA_LOCAL is ours, IFA_ADDRESS the peer */
	CHECK_EQ(nlmsg_addr_parse(newaddr(buf, AF_INET, 32, "\x0a\0\0\x01", "\x0a\0\0\x02", 4), &a),
		 0);
	CHECK_EQ(a.ifindex, 2);
	CHECK_EQ(addr_prefix_format(&a.prefix, s, sizeof(s)), 0);
	CHECK_STR(s, "10.0.0.1/32");
	/* IPv6 sends only IFA_ADDRESS */
	CHECK_EQ(nlmsg_addr_parse(newaddr(buf, AF_INET6, 64, NULL,
					  "\xfe\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16), &a), 0);
	CHECK_EQ(addr_prefix_format(&a.prefix, s, sizeof(s)), 0);
	CHECK_STR(s, "fe80::1/64");

	CHECK_EQ(nlmsg_addr_parse(newaddr(buf, AF_INET, 24, "\x0a\0\0", NULL, 3), &a), -EBADMSG);
	CHECK_EQ(nlmsg_addr_parse(newaddr(buf, AF_INET, 33, "\x0a\0\0\x01", NULL, 4), &a),
		 -EBADMSG);
	CHECK_EQ(nlmsg_addr_parse(newaddr(buf, AF_INET, 24, NULL, NULL, 4), &a), -EBADMSG);
	CHECK_EQ(nlmsg_addr_parse(newaddr(buf, AF_PACKET, 0, "x", NULL, 1), &a), -EAFNOSUPPORT);
}

TEST(nlmsg_route_parse_cases)
{
	struct nlmsghdr *nlh = reply_start(buf, RTM_NEWROUTE, NLM_F_MULTI, 1, 1);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	struct nl_route r;

	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 24;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_protocol = RTPROT_KERNEL;
	mnl_attr_put(nlh, RTA_DST, 4, "\xc0\xa8\x01\x00");
	mnl_attr_put(nlh, RTA_GATEWAY, 4, "\xc0\xa8\x01\x01");
	mnl_attr_put_u32(nlh, RTA_OIF, 4);
	mnl_attr_put_u32(nlh, RTA_PRIORITY, 20);
	mnl_attr_put_u32(nlh, RTA_TABLE, RT_TABLE_MAIN);
	CHECK_EQ(nlmsg_route_parse(nlh, &r), 0);
	CHECK_EQ(r.dst.family, AF_INET);
	CHECK_EQ(r.dst.plen, 24);
	CHECK_MEM(r.dst.addr, "\xc0\xa8\x01\x00", 4);
	CHECK(r.has_gw);
	CHECK_MEM(r.gw, "\xc0\xa8\x01\x01", 4);
	CHECK_EQ(r.oif, 4);
	CHECK_EQ(r.metric, 20);
	CHECK_EQ(r.table, RT_TABLE_MAIN);
	CHECK_EQ(r.type, RTN_UNICAST);

	rtm->rtm_dst_len = 33;
	CHECK_EQ(nlmsg_route_parse(nlh, &r), -EBADMSG);
	rtm->rtm_dst_len = 24;
	rtm->rtm_family = AF_INET6;		/* 4-byte addresses for IPv6 */
	CHECK_EQ(nlmsg_route_parse(nlh, &r), -EBADMSG);
	rtm->rtm_family = AF_MPLS;
	CHECK_EQ(nlmsg_route_parse(nlh, &r), -EAFNOSUPPORT);
}

/* The reply state machine */

struct count {
	int calls;
	int fail_at;
};

static int count_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct count *c = arg;

	(void)nlh;
	c->calls++;
	return c->calls == c->fail_at ? -ENOMEM : 0;
}

/* Append an NLMSG_ERROR for request (seq, pid) at @b; returns its length */
static size_t put_error(uint8_t *b, uint32_t seq, uint32_t pid, int error, bool capped,
			const char *text)
{
	struct nlmsghdr *nlh = reply_start(b, NLMSG_ERROR, 0, seq, pid);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	e->error = error;
	e->msg.nlmsg_len = capped ? sizeof(e->msg) : sizeof(e->msg) + 12;
	e->msg.nlmsg_type = RTM_SETLINK;
	e->msg.nlmsg_seq = seq;
	if (capped) {
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	} else {
		/* The echoed request body */
		memset(mnl_nlmsg_put_extra_header(nlh, 12), 0xab, 12);
	}
	if (text) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 20);
	}
	return nlh->nlmsg_len;
}

TEST(nlmsg_rx_ack_and_errors)
{
	struct nlmsg_rx rx;
	size_t len;

	nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
	len = put_error(buf, 5, 77, 0, true, NULL);
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, len), 0);
	CHECK(rx.done);
	CHECK_EQ(rx.err, 0);
	CHECK_STR(rx.errmsg, "");

	nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
	len = put_error(buf, 5, 77, -EINVAL, true, "MTU too large");
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, len), 0);
	CHECK(rx.done);
	CHECK_EQ(rx.err, -EINVAL);
	CHECK_STR(rx.errmsg, "MTU too large");

	/* Without NETLINK_CAP_ACK the request comes back before the TLVs */
	nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
	len = put_error(buf, 5, 77, -EEXIST, false, "File exists here");
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, len), 0);
	CHECK_EQ(rx.err, -EEXIST);
	CHECK_STR(rx.errmsg, "File exists here");

	/* A warning on success is kept too */
	nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
	len = put_error(buf, 5, 77, 0, true, "warning: ignored");
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, len), 0);
	CHECK_EQ(rx.err, 0);
	CHECK_STR(rx.errmsg, "warning: ignored");

	/* Control characters from the kernel do not reach the terminal */
	nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
	len = put_error(buf, 5, 77, -EINVAL, true, "bad\x1b[2Jthing\n");
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, len), 0);
	CHECK_STR(rx.errmsg, "bad?[2Jthing?");
}

TEST(nlmsg_rx_error_hostile)
{
	struct nlmsghdr *nlh;
	struct nlmsg_rx rx;
	size_t len;

	/* An error message too short for struct nlmsgerr */
	nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
	nlh = reply_start(buf, NLMSG_ERROR, 0, 5, 77);
	mnl_nlmsg_put_extra_header(nlh, 4);
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, nlh->nlmsg_len), 0);
	CHECK(rx.done);
	CHECK_EQ(rx.err, -EBADMSG);

	/* An echoed request claiming to be longer than the error message */
	nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
	len = put_error(buf, 5, 77, -EPERM, false, "text");
	((struct nlmsgerr *)mnl_nlmsg_get_payload((struct nlmsghdr *)buf))->msg.nlmsg_len = 60000;
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, len), 0);
	CHECK_EQ(rx.err, -EPERM);
	CHECK_STR(rx.errmsg, "");

	/* A positive error code is not an errno */
	nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
	len = put_error(buf, 5, 77, 13, true, NULL);
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, len), 0);
	CHECK_EQ(rx.err, -EPROTO);

	/* Truncated datagrams and lying lengths */
	nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
	len = put_error(buf, 5, 77, 0, true, NULL);
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, len - 1), -EBADMSG);
	CHECK_EQ(rx.err, -EBADMSG);
	nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
	((struct nlmsghdr *)buf)->nlmsg_len = 8;
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, len), -EBADMSG);
	nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, 7), -EBADMSG);
	/* Lengths of 2 GiB and more: libmnl's (int) cast lets them through,
	 * and 0xfffffffd aligns to 0 (found by tests/fuzz/fuzz_nlmsg.c)
	 */
	for (uint32_t bad = 0xfffffff0; bad != 0; bad++) {
		len = put_error(buf, 5, 77, 0, true, NULL);
		((struct nlmsghdr *)buf)->nlmsg_len = bad;
		nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
		CHECK_EQ(nlmsg_rx_feed(&rx, buf, len), -EBADMSG);
		CHECK(rx.done && rx.err == -EBADMSG);
	}
	((struct nlmsghdr *)buf)->nlmsg_len = 0x80000000;
	nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, len), -EBADMSG);

	/* A last message without its padding, its ext-ack text cut: read
	 * nothing past the datagram (an exact-size copy for ASan)
	 */
	for (size_t cut = 1; cut < 4; cut++) {
		uint8_t *dg;

		len = put_error(buf, 5, 77, -EINVAL, true, "abc");
		((struct nlmsghdr *)buf)->nlmsg_len -= 8 + (uint32_t)cut;	/* drop OFFS, cut MSG */
		len = ((struct nlmsghdr *)buf)->nlmsg_len;
		dg = malloc(len);
		memcpy(dg, buf, len);
		nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
		CHECK_EQ(nlmsg_rx_feed(&rx, dg, len), 0);
		CHECK_EQ(rx.err, -EINVAL);
		CHECK_STR(rx.errmsg, "");
		free(dg);
	}
	nlmsg_rx_init(&rx, 77, 5, NULL, NULL);
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, 0), 0);
	CHECK(!rx.done);
}

TEST(nlmsg_rx_dump_multipart)
{
	struct count c = { 0, 0 };
	struct nlmsghdr *nlh;
	struct nlmsg_rx rx;
	size_t off = 0;
	int32_t zero = 0;

	nlmsg_rx_init(&rx, 77, 9, count_cb, &c);
	/* First datagram: two links, one stale message of an old request,
	 * one from a foreign port id
	 */
	for (int i = 0; i < 4; i++) {
		nlh = newlink_tap(buf + off, true);
		nlh->nlmsg_flags = NLM_F_MULTI;
		nlh->nlmsg_seq = i == 2 ? 8 : 9;
		nlh->nlmsg_pid = i == 3 ? 1234 : 77;
		off += MNL_ALIGN(nlh->nlmsg_len);
	}
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, off), 0);
	CHECK(!rx.done);
	CHECK_EQ(c.calls, 2);
	CHECK_EQ(rx.stale, 2);
	/* Second datagram: one more, then DONE */
	nlh = newlink_tap(buf, true);
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = 9;
	nlh->nlmsg_pid = 77;
	off = MNL_ALIGN(nlh->nlmsg_len);
	nlh = reply_start(buf + off, NLMSG_DONE, NLM_F_MULTI, 9, 77);
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(zero)), &zero, sizeof(zero));
	off += nlh->nlmsg_len;
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, off), 0);
	CHECK(rx.done);
	CHECK_EQ(rx.err, 0);
	CHECK(!rx.intr);
	CHECK_EQ(c.calls, 3);

	/* Anything after the end belongs to nobody */
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, off), 0);
	CHECK_EQ(c.calls, 3);
	CHECK_EQ(rx.stale, 4);
}

TEST(nlmsg_rx_dump_intr_and_errors)
{
	struct count c = { 0, 2 };
	struct nlmsghdr *nlh;
	struct nlmsg_rx rx;
	int32_t einval = -EINVAL;
	size_t off = 0;

	/* The callback fails on the second message: the rest is drained */
	nlmsg_rx_init(&rx, 77, 9, count_cb, &c);
	for (int i = 0; i < 3; i++) {
		nlh = newlink_tap(buf + off, true);
		nlh->nlmsg_flags = NLM_F_MULTI | (i == 1 ? NLM_F_DUMP_INTR : 0);
		nlh->nlmsg_seq = 9;
		nlh->nlmsg_pid = 77;
		off += MNL_ALIGN(nlh->nlmsg_len);
	}
	/* DONE carrying an error and its ext-ack text */
	nlh = reply_start(buf + off, NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS, 9, 77);
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(einval)), &einval, sizeof(einval));
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "Invalid header for dump");
	off += nlh->nlmsg_len;
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, off), 0);
	CHECK(rx.done);
	CHECK(rx.intr);
	CHECK_EQ(c.calls, 2);
	CHECK_EQ(rx.err, -ENOMEM);		/* the first error wins */
	CHECK_STR(rx.errmsg, "Invalid header for dump");

	/* DONE without a status (ancient kernels) */
	nlmsg_rx_init(&rx, 77, 9, NULL, NULL);
	nlh = reply_start(buf, NLMSG_DONE, NLM_F_MULTI, 9, 77);
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, nlh->nlmsg_len), 0);
	CHECK(rx.done);
	CHECK_EQ(rx.err, 0);

	/* An overrun ends the request */
	nlmsg_rx_init(&rx, 77, 9, NULL, NULL);
	nlh = reply_start(buf, NLMSG_OVERRUN, 0, 9, 77);
	CHECK_EQ(nlmsg_rx_feed(&rx, buf, nlh->nlmsg_len), 0);
	CHECK(rx.done);
	CHECK_EQ(rx.err, -EOVERFLOW);
}

TEST(nl_operstate_names)
{
	CHECK_STR(nl_operstate_name(IF_OPER_UP), "up");
	CHECK_STR(nl_operstate_name(IF_OPER_LOWERLAYERDOWN), "lowerlayerdown");
	CHECK_STR(nl_operstate_name(200), "unknown");
	CHECK_STR(nl_last_error(NULL), "");
}

TEST(sysctl_paths_checked)
{
	char path[SYSCTL_PATH_MAX];

	CHECK_EQ(sysctl_conf_path(path, sizeof(path), AF_INET, "eth0", "proxy_arp"), 0);
	CHECK_STR(path, "/proc/sys/net/ipv4/conf/eth0/proxy_arp");
	CHECK_EQ(sysctl_conf_path(path, sizeof(path), AF_INET6, "all", "forwarding"), 0);
	CHECK_STR(path, "/proc/sys/net/ipv6/conf/all/forwarding");
	CHECK_EQ(sysctl_conf_path(path, sizeof(path), AF_INET, "..", "proxy_arp"), -EINVAL);
	CHECK_EQ(sysctl_conf_path(path, sizeof(path), AF_INET, "../../x", "proxy_arp"), -EINVAL);
	CHECK_EQ(sysctl_conf_path(path, sizeof(path), AF_INET, "eth0", "../../../etc"), -EINVAL);
	CHECK_EQ(sysctl_conf_path(path, sizeof(path), AF_INET, "eth0", "Proxy_arp"), -EINVAL);
	CHECK_EQ(sysctl_conf_path(path, sizeof(path), AF_INET, "eth0", ""), -EINVAL);
	CHECK_EQ(sysctl_conf_path(path, sizeof(path), AF_INET, "eth0", NULL), -EINVAL);
	CHECK_EQ(sysctl_conf_path(path, sizeof(path), AF_INET, "", "proxy_arp"), -EINVAL);
	CHECK_EQ(sysctl_conf_path(path, sizeof(path), AF_PACKET, "eth0", "proxy_arp"), -EINVAL);
	CHECK_EQ(sysctl_conf_path(path, 10, AF_INET, "eth0", "proxy_arp"), -ENAMETOOLONG);
	CHECK_EQ(sysctl_proxy_arp_set("a/b", true), -EINVAL);
	CHECK_EQ(sysctl_ip_forward_set(AF_UNIX, true), -EINVAL);
}

/* The one test that talks to the kernel, read-only: lo is ifindex 1 in
 * every namespace. Entering a namespace needs CAP_SYS_ADMIN; without it
 * only the refusal is checked.
 */
/* One snapshot of this namespace: lo is there, and lookups find it */
static void snapshot_check(struct nl *nl)
{
	struct snapshot s, hand = { 0 };
	struct nl_link links[2] = { { .ifindex = 3, .name = "a" }, { .ifindex = 7, .name = "b" } };

	CHECK_EQ(snapshot_load(&s, nl, SNAPSHOT_LINKS, AF_UNSPEC), 0);
	CHECK(s.n_links >= 1 && !s.addrs && !s.routes);
	CHECK(snapshot_link(&s, 1) && !strcmp(snapshot_link(&s, 1)->name, "lo"));
	CHECK(snapshot_link_by_name(&s, "lo") == snapshot_link(&s, 1));
	snapshot_free(&s);
	CHECK(!s.links && !s.n_links);
	CHECK_EQ(snapshot_load(&s, nl, SNAPSHOT_ALL, AF_INET), 0);
	for (size_t i = 0; i < s.n_addrs; i++)
		CHECK_EQ(s.addrs[i].prefix.family, AF_INET);
	for (size_t i = 0; i < s.n_routes; i++)
		CHECK_EQ(s.routes[i].dst.family, AF_INET);
	snapshot_free(&s);
	snapshot_free(NULL);

	hand.links = links;
	hand.n_links = 2;
	CHECK(snapshot_link(&hand, 7) == &links[1]);
	CHECK(!snapshot_link(&hand, 0) && !snapshot_link(&hand, 4));
	CHECK(snapshot_link_by_name(&hand, "a") == &links[0]);
	CHECK(!snapshot_link_by_name(&hand, "c") && !snapshot_link_by_name(&hand, NULL));
}

TEST(nl_open_netns_self)
{
	struct nl_link l;
	struct nl *nl;
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), ret;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	ret = nl_open_netns(&nl, fd);
	close(fd);
	if (ret == -EPERM) {
		CHECK(nl == NULL);
		return;
	}
	CHECK_EQ(ret, 0);
	if (ret)
		return;
	CHECK_EQ(nl_link_index(nl, "lo"), 1);
	CHECK_EQ(nl_link_get(nl, 1, NULL, &l), 0);
	CHECK_STR(l.name, "lo");
	CHECK_EQ(nl_link_index(nl, "umnet-nothere"), -ENODEV);
	CHECK_EQ(nl_link_index(nl, "bad/name"), -EINVAL);
	CHECK_EQ(nl_link_del(nl, 0), -EINVAL);
	snapshot_check(nl);
	nl_close(nl);
	nl_close(NULL);
}
