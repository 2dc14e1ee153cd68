// SPDX-License-Identifier: GPL-2.0-or-later
/* nlmsg.c - rtnetlink messages without I/O: builders, reply parsers, reply state
 *
 * DOC: Theory of operation
 *
 * Requests are built into a caller's buffer through a small builder (struct
 * mb) whose every put is bounds-checked (libmnl's *_check variants): the
 * first put that does not fit marks the message bad and the builder returns
 * -EMSGSIZE instead of a length. Arguments are validated before anything is
 * written, so a request that leaves here is well-formed.
 *
 * Replies are parsed with every length checked: a message shorter than its
 * fixed header, an attribute running past its message, bytes left over after
 * the last attribute, a string without its NUL or a number of the wrong size
 * make the whole message -EBADMSG. Attributes we do not know are skipped.
 *
 * struct nlmsg_rx follows one request through its replies: it skips messages
 * that are not for this request (another port id or sequence number: a stale
 * reply of an earlier, abandoned request), remembers NLM_F_DUMP_INTR, passes
 * data messages to a callback and ends at the ACK, the error or NLMSG_DONE,
 * keeping the kernel's extended ack text. See docs/netlink.md.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <stdint.h>
#include <string.h>

#include "core/addr.h"
#include "core/text.h"
#include "sys/nlmsg.h"

/* Builder: a message and whether everything so far fitted */
struct mb {
	struct nlmsghdr *nlh;
	size_t size;
	bool ok;
};

static void *mb_start(struct mb *m, void *buf, size_t size, uint16_t type, uint16_t flags,
		      uint32_t seq, size_t hdr_len)
{
	m->nlh = NULL;
	m->size = size;
	m->ok = false;
	if (!buf || size < MNL_NLMSG_HDRLEN + MNL_ALIGN(hdr_len) || size > INT32_MAX)
		return NULL;
	m->nlh = mnl_nlmsg_put_header(buf);
	m->nlh->nlmsg_type = type;
	m->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	m->nlh->nlmsg_seq = seq;
	m->ok = true;
	return mnl_nlmsg_put_extra_header(m->nlh, hdr_len);
}

static void mb_u32(struct mb *m, uint16_t type, uint32_t v)
{
	if (m->ok && !mnl_attr_put_u32_check(m->nlh, m->size, type, v))
		m->ok = false;
}

static void mb_raw(struct mb *m, uint16_t type, size_t len, const void *data)
{
	if (m->ok && !mnl_attr_put_check(m->nlh, m->size, type, len, data))
		m->ok = false;
}

static void mb_str(struct mb *m, uint16_t type, const char *s)
{
	if (m->ok && !mnl_attr_put_strz_check(m->nlh, m->size, type, s))
		m->ok = false;
}

static struct nlattr *mb_nest(struct mb *m, uint16_t type)
{
	struct nlattr *nest = NULL;

	if (m->ok && !(nest = mnl_attr_nest_start_check(m->nlh, m->size, type)))
		m->ok = false;
	return nest;
}

static void mb_nest_end(struct mb *m, struct nlattr *nest)
{
	if (m->ok)
		mnl_attr_nest_end(m->nlh, nest);
}

/* A bare struct ifinfomsg inside a nest, as VETH_INFO_PEER wants it */
static void mb_ifinfomsg(struct mb *m)
{
	size_t len = MNL_ALIGN(sizeof(struct ifinfomsg));

	if (!m->ok || m->nlh->nlmsg_len + len > m->size) {
		m->ok = false;
		return;
	}
	memset(mnl_nlmsg_get_payload_tail(m->nlh), 0, len);
	m->nlh->nlmsg_len += (uint32_t)len;
}

static int mb_end(const struct mb *m)
{
	return m->ok ? (int)m->nlh->nlmsg_len : -EMSGSIZE;
}

static size_t family_addr_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static bool prefix_is_valid(const struct addr_prefix *p)
{
	size_t alen = p ? family_addr_len(p->family) : 0;

	return alen && p->plen <= alen * 8;
}

/**
 * nlmsg_link_get() - RTM_GETLINK for one device, by index or by name
 * @buf:	output buffer
 * @size:	its size
 * @seq:	sequence number
 * @ifindex:	interface index, or 0 to look up @name
 * @name:	interface name, used if @ifindex is 0
 *
 * Return: message length, -EINVAL or -EMSGSIZE
 */
int nlmsg_link_get(void *buf, size_t size, uint32_t seq, int ifindex, const char *name)
{
	struct ifinfomsg *ifi;
	struct mb m;

	if (ifindex < 0 || (!ifindex && !text_ifname_is_valid(name)))
		return -EINVAL;
	ifi = mb_start(&m, buf, size, RTM_GETLINK, NLM_F_ACK, seq, sizeof(*ifi));
	if (!ifi)
		return -EMSGSIZE;
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (!ifindex)
		mb_str(&m, IFLA_IFNAME, name);
	mb_u32(&m, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	return mb_end(&m);
}

/**
 * nlmsg_link_dump() - RTM_GETLINK dump of all devices
 * @buf:	output buffer
 * @size:	its size
 * @seq:	sequence number
 *
 * Return: message length or -EMSGSIZE
 */
int nlmsg_link_dump(void *buf, size_t size, uint32_t seq)
{
	struct ifinfomsg *ifi;
	struct mb m;

	ifi = mb_start(&m, buf, size, RTM_GETLINK, NLM_F_DUMP, seq, sizeof(*ifi));
	if (!ifi)
		return -EMSGSIZE;
	ifi->ifi_family = AF_UNSPEC;
	mb_u32(&m, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	return mb_end(&m);
}

static bool link_change_is_valid(const struct nl_link_change *c)
{
	return c && c->ifindex > 0 && c->up >= -1 && c->up <= 1 && c->master >= -1 &&
	       c->netns_fd >= -1 && (!c->name || text_ifname_is_valid(c->name));
}

/**
 * nlmsg_link_set() - RTM_SETLINK: state, MTU, MAC, name, master, namespace
 * @buf:	output buffer
 * @size:	its size
 * @seq:	sequence number
 * @c:		the changes
 *
 * Return: message length, -EINVAL or -EMSGSIZE
 */
int nlmsg_link_set(void *buf, size_t size, uint32_t seq, const struct nl_link_change *c)
{
	struct ifinfomsg *ifi;
	struct mb m;

	if (!link_change_is_valid(c))
		return -EINVAL;
	ifi = mb_start(&m, buf, size, RTM_SETLINK, NLM_F_ACK, seq, sizeof(*ifi));
	if (!ifi)
		return -EMSGSIZE;
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = c->ifindex;
	if (c->up >= 0) {
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = c->up ? IFF_UP : 0;
	}
	if (c->mtu)
		mb_u32(&m, IFLA_MTU, c->mtu);
	if (c->mac)
		mb_raw(&m, IFLA_ADDRESS, ADDR_ETH_ALEN, c->mac);
	if (c->name)
		mb_str(&m, IFLA_IFNAME, c->name);
	if (c->master >= 0)
		mb_u32(&m, IFLA_MASTER, (uint32_t)c->master);
	if (c->netns_fd >= 0)
		mb_u32(&m, IFLA_NET_NS_FD, (uint32_t)c->netns_fd);
	return mb_end(&m);
}

/**
 * nlmsg_link_del() - RTM_DELLINK
 * @buf:	output buffer
 * @size:	its size
 * @seq:	sequence number
 * @ifindex:	device to delete
 *
 * Return: message length, -EINVAL or -EMSGSIZE
 */
int nlmsg_link_del(void *buf, size_t size, uint32_t seq, int ifindex)
{
	struct ifinfomsg *ifi;
	struct mb m;

	if (ifindex <= 0)
		return -EINVAL;
	ifi = mb_start(&m, buf, size, RTM_DELLINK, NLM_F_ACK, seq, sizeof(*ifi));
	if (!ifi)
		return -EMSGSIZE;
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return mb_end(&m);
}

/* Bridge times go to the kernel as clock_t, in units of 1/USER_HZ = 10 ms */
static bool bridge_time_is_valid(long ms)
{
	return ms == -1 || (ms >= 0 && ms % 10 == 0 && ms / 10 <= (long)UINT32_MAX);
}

static bool bridge_opts_are_set(const struct nl_bridge_opts *o)
{
	return o && (o->stp >= 0 || o->forward_delay_ms >= 0 || o->hello_time_ms >= 0 ||
		     o->ageing_time_ms >= 0);
}

static void mb_bridge_time(struct mb *m, uint16_t type, long ms)
{
	if (ms >= 0)
		mb_u32(m, type, (uint32_t)(ms / 10));
}

/**
 * nlmsg_bridge() - RTM_NEWLINK creating a bridge, or changing its options
 * @buf:	output buffer
 * @size:	its size
 * @seq:	sequence number
 * @ifindex:	bridge to change, or 0 to create one named @name
 * @name:	name of the new bridge
 * @opts:	options, NULL for none
 *
 * Return: message length, -EINVAL or -EMSGSIZE
 */
int nlmsg_bridge(void *buf, size_t size, uint32_t seq, int ifindex, const char *name,
		 const struct nl_bridge_opts *opts)
{
	struct nlattr *info, *data;
	struct ifinfomsg *ifi;
	struct mb m;

	if (ifindex < 0 || (!ifindex && !text_ifname_is_valid(name)))
		return -EINVAL;
	if (opts && (opts->stp < -1 || opts->stp > 1 ||
		     !bridge_time_is_valid(opts->forward_delay_ms) ||
		     !bridge_time_is_valid(opts->hello_time_ms) ||
		     !bridge_time_is_valid(opts->ageing_time_ms)))
		return -EINVAL;

	ifi = mb_start(&m, buf, size, RTM_NEWLINK,
		       NLM_F_ACK | (ifindex ? 0 : NLM_F_CREATE | NLM_F_EXCL), seq, sizeof(*ifi));
	if (!ifi)
		return -EMSGSIZE;
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (!ifindex)
		mb_str(&m, IFLA_IFNAME, name);
	info = mb_nest(&m, IFLA_LINKINFO);
	mb_str(&m, IFLA_INFO_KIND, "bridge");
	if (bridge_opts_are_set(opts)) {
		data = mb_nest(&m, IFLA_INFO_DATA);
		if (opts->stp >= 0)
			mb_u32(&m, IFLA_BR_STP_STATE, (uint32_t)opts->stp);
		mb_bridge_time(&m, IFLA_BR_FORWARD_DELAY, opts->forward_delay_ms);
		mb_bridge_time(&m, IFLA_BR_HELLO_TIME, opts->hello_time_ms);
		mb_bridge_time(&m, IFLA_BR_AGEING_TIME, opts->ageing_time_ms);
		mb_nest_end(&m, data);
	}
	mb_nest_end(&m, info);
	return mb_end(&m);
}

/**
 * nlmsg_veth_add() - RTM_NEWLINK creating a veth pair
 * @buf:	output buffer
 * @size:	its size
 * @seq:	sequence number
 * @name:	name of this end
 * @peer:	name of the other end, NULL to let the kernel choose
 * @peer_netns_fd: network namespace for the other end, -1 for this one
 *
 * Return: message length, -EINVAL or -EMSGSIZE
 */
int nlmsg_veth_add(void *buf, size_t size, uint32_t seq, const char *name, const char *peer,
		   int peer_netns_fd)
{
	struct nlattr *info, *data, *pinfo;
	struct ifinfomsg *ifi;
	struct mb m;

	if (!text_ifname_is_valid(name) || (peer && !text_ifname_is_valid(peer)) ||
	    peer_netns_fd < -1)
		return -EINVAL;
	ifi = mb_start(&m, buf, size, RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq,
		       sizeof(*ifi));
	if (!ifi)
		return -EMSGSIZE;
	ifi->ifi_family = AF_UNSPEC;
	mb_str(&m, IFLA_IFNAME, name);
	info = mb_nest(&m, IFLA_LINKINFO);
	mb_str(&m, IFLA_INFO_KIND, "veth");
	data = mb_nest(&m, IFLA_INFO_DATA);
	pinfo = mb_nest(&m, VETH_INFO_PEER);
	/* The peer is described like a whole RTM_NEWLINK body: header first */
	mb_ifinfomsg(&m);
	if (peer)
		mb_str(&m, IFLA_IFNAME, peer);
	if (peer_netns_fd >= 0)
		mb_u32(&m, IFLA_NET_NS_FD, (uint32_t)peer_netns_fd);
	mb_nest_end(&m, pinfo);
	mb_nest_end(&m, data);
	mb_nest_end(&m, info);
	return mb_end(&m);
}

/**
 * nlmsg_addr() - RTM_NEWADDR or RTM_DELADDR
 * @buf:	output buffer
 * @size:	its size
 * @seq:	sequence number
 * @type:	RTM_NEWADDR or RTM_DELADDR
 * @ifindex:	interface
 * @p:		address and prefix length
 *
 * Return: message length, -EINVAL or -EMSGSIZE
 */
int nlmsg_addr(void *buf, size_t size, uint32_t seq, uint16_t type, int ifindex,
	       const struct addr_prefix *p)
{
	struct ifaddrmsg *ifa;
	size_t alen;
	struct mb m;

	if ((type != RTM_NEWADDR && type != RTM_DELADDR) || ifindex <= 0 || !prefix_is_valid(p))
		return -EINVAL;
	alen = family_addr_len(p->family);
	ifa = mb_start(&m, buf, size, type,
		       NLM_F_ACK | (type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0), seq,
		       sizeof(*ifa));
	if (!ifa)
		return -EMSGSIZE;
	ifa->ifa_family = (uint8_t)p->family;
	ifa->ifa_prefixlen = (uint8_t)p->plen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (uint32_t)ifindex;
	/* Local and peer address equal: a plain, not point-to-point, address */
	mb_raw(&m, IFA_LOCAL, alen, p->addr);
	mb_raw(&m, IFA_ADDRESS, alen, p->addr);
	return mb_end(&m);
}

/* A dump request whose header starts with the family byte, as struct
 * ifaddrmsg and struct rtmsg both do (the rtgenmsg layout) */
_Static_assert(offsetof(struct ifaddrmsg, ifa_family) == 0, "family byte first");
_Static_assert(offsetof(struct rtmsg, rtm_family) == 0, "family byte first");

static int family_dump(void *buf, size_t size, uint32_t seq, uint16_t type, size_t hdrlen,
		       int family)
{
	uint8_t *hdr;
	struct mb m;

	if (family != AF_UNSPEC && !family_addr_len(family))
		return -EINVAL;
	hdr = mb_start(&m, buf, size, type, NLM_F_DUMP, seq, hdrlen);
	if (!hdr)
		return -EMSGSIZE;
	hdr[0] = (uint8_t)family;
	return mb_end(&m);
}

/**
 * nlmsg_addr_dump() - RTM_GETADDR dump
 * @buf:	output buffer
 * @size:	its size
 * @seq:	sequence number
 * @family:	AF_INET, AF_INET6 or AF_UNSPEC for both
 *
 * Return: message length, -EINVAL or -EMSGSIZE
 */
int nlmsg_addr_dump(void *buf, size_t size, uint32_t seq, int family)
{
	return family_dump(buf, size, seq, RTM_GETADDR, sizeof(struct ifaddrmsg), family);
}

static bool route_is_valid(uint16_t type, const struct nl_route *r)
{
	if ((type != RTM_NEWROUTE && type != RTM_DELROUTE) || !r || !prefix_is_valid(&r->dst) ||
	    r->oif < 0)
		return false;
	return true;
}

/* Header fields as ip-route(8) sets them: a new route is a unicast route of
 * protocol "boot", on-link (scope link) when it has no gateway; a deletion
 * matches any protocol, scope and type.
 */
static void route_header(struct rtmsg *rtm, uint16_t type, const struct nl_route *r)
{
	rtm->rtm_family = (uint8_t)r->dst.family;
	rtm->rtm_dst_len = (uint8_t)r->dst.plen;
	rtm->rtm_table = r->table ? (r->table < 256 ? (uint8_t)r->table : RT_TABLE_UNSPEC) :
				    RT_TABLE_MAIN;
	if (type == RTM_DELROUTE) {
		rtm->rtm_scope = RT_SCOPE_NOWHERE;
		return;
	}
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_scope = (r->has_gw || !r->oif) ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
}

/**
 * nlmsg_route() - RTM_NEWROUTE or RTM_DELROUTE
 * @buf:	output buffer
 * @size:	its size
 * @seq:	sequence number
 * @type:	RTM_NEWROUTE or RTM_DELROUTE
 * @r:		the route: destination, gateway, device, metric, table
 *
 * Return: message length, -EINVAL or -EMSGSIZE
 */
int nlmsg_route(void *buf, size_t size, uint32_t seq, uint16_t type, const struct nl_route *r)
{
	struct rtmsg *rtm;
	size_t alen;
	struct mb m;

	if (!route_is_valid(type, r))
		return -EINVAL;
	alen = family_addr_len(r->dst.family);
	rtm = mb_start(&m, buf, size, type,
		       NLM_F_ACK | (type == RTM_NEWROUTE ? NLM_F_CREATE | NLM_F_EXCL : 0), seq,
		       sizeof(*rtm));
	if (!rtm)
		return -EMSGSIZE;
	route_header(rtm, type, r);
	if (r->dst.plen)
		mb_raw(&m, RTA_DST, alen, r->dst.addr);
	if (r->has_gw)
		mb_raw(&m, RTA_GATEWAY, alen, r->gw);
	if (r->oif)
		mb_u32(&m, RTA_OIF, (uint32_t)r->oif);
	if (r->metric)
		mb_u32(&m, RTA_PRIORITY, r->metric);
	if (r->table >= 256)
		mb_u32(&m, RTA_TABLE, r->table);
	return mb_end(&m);
}

/**
 * nlmsg_route_dump() - RTM_GETROUTE dump
 * @buf:	output buffer
 * @size:	its size
 * @seq:	sequence number
 * @family:	AF_INET, AF_INET6 or AF_UNSPEC for both
 *
 * Return: message length, -EINVAL or -EMSGSIZE
 */
int nlmsg_route_dump(void *buf, size_t size, uint32_t seq, int family)
{
	return family_dump(buf, size, seq, RTM_GETROUTE, sizeof(struct rtmsg), family);
}

/**
 * nlmsg_neigh_proxy() - RTM_NEWNEIGH/RTM_DELNEIGH for a proxy ARP entry (NTF_PROXY)
 * @buf:	output buffer
 * @size:	its size
 * @seq:	sequence number
 * @add:	true to publish (replacing an entry there is), false to withdraw
 * @ifindex:	interface the entry answers on
 * @addr:	IPv4 address, network byte order (4 bytes)
 *
 * What `arp -Ds ADDR IF pub` and `ip neigh add proxy ADDR dev IF` send.
 *
 * Return: message length, -EINVAL or -EMSGSIZE
 */
int nlmsg_neigh_proxy(void *buf, size_t size, uint32_t seq, bool add, int ifindex,
		      const uint8_t *addr)
{
	struct ndmsg *ndm;
	struct mb m;

	if (ifindex <= 0 || !addr)
		return -EINVAL;
	ndm = mb_start(&m, buf, size, add ? RTM_NEWNEIGH : RTM_DELNEIGH,
		       NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0), seq, sizeof(*ndm));
	if (!ndm)
		return -EMSGSIZE;
	ndm->ndm_family = AF_INET;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_state = NUD_PERMANENT;
	ndm->ndm_flags = NTF_PROXY;
	mb_raw(&m, NDA_DST, 4, addr);
	return mb_end(&m);
}

/* Parsing. Lengths come from the kernel but are checked all the same. */

/* Index attributes in [@data, @data + @len) by type into @tb[0..@max] */
static int attr_table(const void *data, size_t len, const struct nlattr **tb, unsigned max)
{
	const struct nlattr *a = data;
	int rem;

	for (unsigned i = 0; i <= max; i++)
		tb[i] = NULL;
	if (len > INT32_MAX)
		return -EBADMSG;
	rem = (int)len;
	while (mnl_attr_ok(a, rem)) {
		uint16_t type = mnl_attr_get_type(a);

		if (type <= max)
			tb[type] = a;
		rem -= (int)MNL_ALIGN(a->nla_len);
		a = mnl_attr_next(a);
	}
	/* rem < 0 only when the last attribute lacks its trailing padding */
	return rem > 0 ? -EBADMSG : 0;
}

static int attr_nested(const struct nlattr *nest, const struct nlattr **tb, unsigned max)
{
	return attr_table(mnl_attr_get_payload(nest), mnl_attr_get_payload_len(nest), tb, max);
}

static int attr_u32(const struct nlattr *a, uint32_t *v)
{
	if (mnl_attr_get_payload_len(a) != sizeof(uint32_t))
		return -EBADMSG;
	*v = mnl_attr_get_u32(a);
	return 0;
}

static int attr_u8(const struct nlattr *a, uint8_t *v)
{
	if (mnl_attr_get_payload_len(a) != sizeof(uint8_t))
		return -EBADMSG;
	*v = mnl_attr_get_u8(a);
	return 0;
}

static int attr_bool(const struct nlattr *a, bool *v)
{
	uint8_t u;
	int ret = attr_u8(a, &u);

	if (!ret)
		*v = u;
	return ret;
}

/* A NUL-terminated string that fits @size bytes with its NUL */
static int attr_str(const struct nlattr *a, char *buf, size_t size)
{
	const char *s = mnl_attr_get_payload(a);
	size_t plen = mnl_attr_get_payload_len(a), n = strnlen(s, plen);

	if (n == plen || n >= size)
		return -EBADMSG;
	memcpy(buf, s, n + 1);
	return 0;
}

static int attr_addr(const struct nlattr *a, int family, uint8_t *addr)
{
	size_t alen = family_addr_len(family);

	if (!alen || mnl_attr_get_payload_len(a) != alen)
		return -EBADMSG;
	memcpy(addr, mnl_attr_get_payload(a), alen);
	return 0;
}

static int link_parse_tun(const struct nlattr *data, struct nl_tun_info *t)
{
	const struct nlattr *tb[IFLA_TUN_MAX + 1];
	uint8_t type = 0;
	int ret = attr_nested(data, tb, IFLA_TUN_MAX);

	if (!ret && tb[IFLA_TUN_TYPE])
		ret = attr_u8(tb[IFLA_TUN_TYPE], &type);
	if (!ret && tb[IFLA_TUN_PI])
		ret = attr_bool(tb[IFLA_TUN_PI], &t->pi);
	if (!ret && tb[IFLA_TUN_VNET_HDR])
		ret = attr_bool(tb[IFLA_TUN_VNET_HDR], &t->vnet_hdr);
	if (!ret && tb[IFLA_TUN_PERSIST])
		ret = attr_bool(tb[IFLA_TUN_PERSIST], &t->persist);
	if (!ret && tb[IFLA_TUN_MULTI_QUEUE])
		ret = attr_bool(tb[IFLA_TUN_MULTI_QUEUE], &t->multi_queue);
	if (!ret && tb[IFLA_TUN_NUM_QUEUES])
		ret = attr_u32(tb[IFLA_TUN_NUM_QUEUES], &t->num_queues);
	/* Owner and group are only reported when set */
	if (!ret && (t->has_owner = tb[IFLA_TUN_OWNER]))
		ret = attr_u32(tb[IFLA_TUN_OWNER], &t->owner);
	if (!ret && (t->has_group = tb[IFLA_TUN_GROUP]))
		ret = attr_u32(tb[IFLA_TUN_GROUP], &t->group);
	if (ret)
		return ret;
	if (type != IFF_TUN && type != IFF_TAP)
		return -EBADMSG;
	t->is_tap = type == IFF_TAP;
	t->valid = true;
	return 0;
}

static int link_parse_info(const struct nlattr *info, struct nl_link *l)
{
	const struct nlattr *tb[IFLA_INFO_MAX + 1];
	int ret = attr_nested(info, tb, IFLA_INFO_MAX);

	if (ret || !tb[IFLA_INFO_KIND])
		return ret;
	ret = attr_str(tb[IFLA_INFO_KIND], l->kind, sizeof(l->kind));
	if (!ret && tb[IFLA_INFO_DATA] && !strcmp(l->kind, "tun"))
		ret = link_parse_tun(tb[IFLA_INFO_DATA], &l->tun);
	return ret;
}

/**
 * nlmsg_link_parse() - Read an RTM_NEWLINK message
 * @nlh:	the message, nlmsg_len already checked against the buffer
 * @link:	result, zeroed first
 *
 * Return: 0, or -EBADMSG if the message is malformed or has no name
 */
int nlmsg_link_parse(const struct nlmsghdr *nlh, struct nl_link *link)
{
	const struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifi;
	uint32_t u;
	int ret;

	memset(link, 0, sizeof(*link));
	if (nlh->nlmsg_type != RTM_NEWLINK || mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return -EBADMSG;
	ifi = mnl_nlmsg_get_payload(nlh);
	ret = attr_table(mnl_nlmsg_get_payload_offset(nlh, sizeof(*ifi)),
			 mnl_nlmsg_get_payload_len(nlh) - MNL_ALIGN(sizeof(*ifi)), tb, IFLA_MAX);
	if (ret || ifi->ifi_index <= 0 || !tb[IFLA_IFNAME])
		return -EBADMSG;
	link->ifindex = ifi->ifi_index;
	link->flags = ifi->ifi_flags;
	link->type = ifi->ifi_type;
	ret = attr_str(tb[IFLA_IFNAME], link->name, sizeof(link->name));
	if (!ret && tb[IFLA_MTU])
		ret = attr_u32(tb[IFLA_MTU], &link->mtu);
	if (!ret && tb[IFLA_OPERSTATE])
		ret = attr_u8(tb[IFLA_OPERSTATE], &link->operstate);
	if (!ret && tb[IFLA_MASTER] && !(ret = attr_u32(tb[IFLA_MASTER], &u)))
		link->master = u <= INT32_MAX ? (int)u : 0;
	/* Only Ethernet-like addresses: a tunnel's 4 or 16 bytes are not a MAC */
	if (!ret && tb[IFLA_ADDRESS] && mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == ADDR_ETH_ALEN) {
		memcpy(link->mac, mnl_attr_get_payload(tb[IFLA_ADDRESS]), ADDR_ETH_ALEN);
		link->has_mac = true;
	}
	if (!ret && tb[IFLA_LINKINFO])
		ret = link_parse_info(tb[IFLA_LINKINFO], link);
	return ret ? -EBADMSG : 0;
}

/**
 * nlmsg_addr_parse() - Read an RTM_NEWADDR message
 * @nlh:	the message
 * @addr:	result, zeroed first
 *
 * Return: 0, -EAFNOSUPPORT for a family other than IPv4/IPv6, -EBADMSG
 */
int nlmsg_addr_parse(const struct nlmsghdr *nlh, struct nl_addr *addr)
{
	const struct nlattr *tb[IFA_MAX + 1], *a;
	const struct ifaddrmsg *ifa;
	int ret;

	memset(addr, 0, sizeof(*addr));
	if (nlh->nlmsg_type != RTM_NEWADDR || mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa))
		return -EBADMSG;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (!family_addr_len(ifa->ifa_family))
		return -EAFNOSUPPORT;
	ret = attr_table(mnl_nlmsg_get_payload_offset(nlh, sizeof(*ifa)),
			 mnl_nlmsg_get_payload_len(nlh) - MNL_ALIGN(sizeof(*ifa)), tb, IFA_MAX);
	/* IFA_LOCAL is the address itself; IFA_ADDRESS is the peer on a
	 * point-to-point link, and the only one IPv6 usually sends
	 */
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (ret || !a || ifa->ifa_index > INT32_MAX || ifa->ifa_index == 0 ||
	    ifa->ifa_prefixlen > family_addr_len(ifa->ifa_family) * 8)
		return -EBADMSG;
	addr->ifindex = (int)ifa->ifa_index;
	addr->prefix.family = ifa->ifa_family;
	addr->prefix.plen = ifa->ifa_prefixlen;
	addr->scope = ifa->ifa_scope;
	addr->flags = ifa->ifa_flags;
	ret = attr_addr(a, ifa->ifa_family, addr->prefix.addr);
	if (!ret && tb[IFA_FLAGS])
		ret = attr_u32(tb[IFA_FLAGS], &addr->flags);
	return ret;
}

/**
 * nlmsg_route_parse() - Read an RTM_NEWROUTE message
 * @nlh:	the message
 * @route:	result, zeroed first
 *
 * Multipath routes are read without their next hops.
 *
 * Return: 0, -EAFNOSUPPORT for a family other than IPv4/IPv6, -EBADMSG
 */
int nlmsg_route_parse(const struct nlmsghdr *nlh, struct nl_route *route)
{
	const struct nlattr *tb[RTA_MAX + 1];
	const struct rtmsg *rtm;
	uint32_t oif = 0;
	int ret;

	memset(route, 0, sizeof(*route));
	if (nlh->nlmsg_type != RTM_NEWROUTE || mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return -EBADMSG;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (!family_addr_len(rtm->rtm_family))
		return -EAFNOSUPPORT;
	ret = attr_table(mnl_nlmsg_get_payload_offset(nlh, sizeof(*rtm)),
			 mnl_nlmsg_get_payload_len(nlh) - MNL_ALIGN(sizeof(*rtm)), tb, RTA_MAX);
	if (ret || rtm->rtm_dst_len > family_addr_len(rtm->rtm_family) * 8)
		return -EBADMSG;
	route->dst.family = rtm->rtm_family;
	route->dst.plen = rtm->rtm_dst_len;
	route->table = rtm->rtm_table;
	route->protocol = rtm->rtm_protocol;
	route->scope = rtm->rtm_scope;
	route->type = rtm->rtm_type;
	if (tb[RTA_DST])
		ret = attr_addr(tb[RTA_DST], rtm->rtm_family, route->dst.addr);
	if (!ret && (route->has_gw = tb[RTA_GATEWAY]))
		ret = attr_addr(tb[RTA_GATEWAY], rtm->rtm_family, route->gw);
	if (!ret && tb[RTA_OIF] && !(ret = attr_u32(tb[RTA_OIF], &oif)))
		route->oif = oif <= INT32_MAX ? (int)oif : 0;
	if (!ret && tb[RTA_PRIORITY])
		ret = attr_u32(tb[RTA_PRIORITY], &route->metric);
	if (!ret && tb[RTA_TABLE])
		ret = attr_u32(tb[RTA_TABLE], &route->table);
	return ret;
}

/**
 * nlmsg_rx_init() - Prepare to receive the replies to one request
 * @rx:		state
 * @portid:	our port id
 * @seq:	the request's sequence number
 * @cb:		called for each data message, may be NULL
 * @arg:	passed to @cb
 */
void nlmsg_rx_init(struct nlmsg_rx *rx, uint32_t portid, uint32_t seq,
		   int (*cb)(const struct nlmsghdr *nlh, void *arg), void *arg)
{
	memset(rx, 0, sizeof(*rx));
	rx->portid = portid;
	rx->seq = seq;
	rx->cb = cb;
	rx->arg = arg;
}

static void rx_ext_ack_msg(struct nlmsg_rx *rx, const struct nlattr *a)
{
	const char *s = mnl_attr_get_payload(a);
	size_t n = strnlen(s, mnl_attr_get_payload_len(a)), i;

	if (n >= sizeof(rx->errmsg))
		n = sizeof(rx->errmsg) - 1;
	/* Printable text only: it ends up on a terminal */
	for (i = 0; i < n; i++)
		rx->errmsg[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	rx->errmsg[n] = '\0';
}

/* Extended ack attributes start @off bytes into the payload. Walked up to
 * nlmsg_len exactly: mnl_attr_parse() stops at the aligned end, which may
 * lie past the datagram when its last message is not padded.
 */
static void rx_ext_ack(struct nlmsg_rx *rx, const struct nlmsghdr *nlh, size_t off)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t plen = mnl_nlmsg_get_payload_len(nlh);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || off > plen)
		return;
	/* Best effort: a malformed tail still yields the attributes before it */
	attr_table((const char *)mnl_nlmsg_get_payload(nlh) + off, plen - off, tb,
		   NLMSGERR_ATTR_MAX);
	if (tb[NLMSGERR_ATTR_MSG])
		rx_ext_ack_msg(rx, tb[NLMSGERR_ATTR_MSG]);
}

static void rx_error(struct nlmsg_rx *rx, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);

	rx->done = true;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		rx->err = rx->err ? rx->err : -EBADMSG;
		return;
	}
	/* Without NETLINK_CAP_ACK (or on old kernels) the request's payload
	 * is echoed after its header, before the ext-ack attributes
	 */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len >= sizeof(e->msg))
		off += MNL_ALIGN(e->msg.nlmsg_len - sizeof(e->msg));
	rx_ext_ack(rx, nlh, off);
	if (!rx->err && e->error)
		rx->err = e->error < 0 ? e->error : -EPROTO;
}

static void rx_done(struct nlmsg_rx *rx, const struct nlmsghdr *nlh)
{
	int err = 0;

	rx->done = true;
	/* The dump's final status; absent only on ancient kernels */
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(err)) {
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		rx_ext_ack(rx, nlh, sizeof(err));
	}
	if (!rx->err && err)
		rx->err = err < 0 ? err : -EPROTO;
}

static void rx_one(struct nlmsg_rx *rx, const struct nlmsghdr *nlh)
{
	int ret;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		rx->intr = true;
	switch (nlh->nlmsg_type) {
	case NLMSG_NOOP:
		break;
	case NLMSG_ERROR:
		rx_error(rx, nlh);
		break;
	case NLMSG_DONE:
		rx_done(rx, nlh);
		break;
	case NLMSG_OVERRUN:
		rx->done = true;
		rx->err = rx->err ? rx->err : -EOVERFLOW;
		break;
	default:
		if (nlh->nlmsg_type < NLMSG_MIN_TYPE || rx->err || !rx->cb)
			break;
		ret = rx->cb(nlh, rx->arg);
		if (ret < 0)
			rx->err = ret;
	}
}

/**
 * nlmsg_rx_feed() - Process one datagram of replies
 * @rx:		state from nlmsg_rx_init()
 * @buf:	the datagram
 * @len:	its length
 *
 * Messages for other requests are counted in @rx->stale and skipped;
 * messages after the end of this request too. Check @rx->done to know
 * whether more datagrams are due, then @rx->err and @rx->intr.
 *
 * Return: 0, or -EBADMSG if the datagram is malformed (@rx->err set too)
 */
int nlmsg_rx_feed(struct nlmsg_rx *rx, const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int rem;

	if (len > INT32_MAX)
		return -EBADMSG;
	rem = (int)len;
	/* mnl_nlmsg_ok() compares (int)nlmsg_len: a length of 2 GiB or more
	 * passes as negative, then reads past the datagram or, aligned to 0,
	 * never advances. Bound it as unsigned first.
	 */
	while (rem >= (int)sizeof(*nlh) && nlh->nlmsg_len <= (uint32_t)rem &&
	       mnl_nlmsg_ok(nlh, rem)) {
		if (nlh->nlmsg_pid != rx->portid || nlh->nlmsg_seq != rx->seq || rx->done)
			rx->stale++;
		else
			rx_one(rx, nlh);
		nlh = mnl_nlmsg_next(nlh, &rem);
	}
	if (rem > 0) {
		rx->err = rx->err ? rx->err : -EBADMSG;
		rx->done = true;
		return -EBADMSG;
	}
	return 0;
}
