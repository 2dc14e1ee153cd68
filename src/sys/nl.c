// SPDX-License-Identifier: GPL-2.0-or-later
/* nl.c - rtnetlink on libmnl: links, addresses, routes, bridges, veth pairs
 *
 * DOC: Theory of operation
 *
 * A handle (struct nl) is one NETLINK_ROUTE socket with extended acks on, a
 * sequence counter and the last error text the kernel sent. Each call builds
 * one request (nlmsg.c), sends it and reads replies until the ACK, the error
 * or NLMSG_DONE for that request's sequence number; replies from anyone but
 * the kernel, or for another sequence number, are dropped (nlmsg_rx_feed()).
 * Requests that change something always ask for an ACK, so every call knows
 * its outcome.
 *
 * Dumps fill a growing array through a per-type parser. A dump that the
 * kernel flags NLM_F_DUMP_INTR (the set changed under it) is read to its end
 * and then repeated from scratch, up to NL_DUMP_ATTEMPTS times.
 *
 * The calls are synchronous and the handle is not thread-safe; one handle
 * per thread. See docs/netlink.md for the protocol details.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sys/nl.h"
#include "sys/nlmsg.h"
#include "sys/util.h"

#define NL_TX_BYTES		4096
/* Big enough for the largest part the kernel sends to a reader that offers
 * this much (netlink_dump() grows up to 32 KiB); a bigger one is -EMSGSIZE
 */
#define NL_RX_BYTES		32768
#define NL_DUMP_ATTEMPTS	5

/**
 * struct nl - a netlink handle
 * @mnl:	the socket
 * @portid:	our port id, as bound by the kernel
 * @seq:	sequence number of the last request
 * @errmsg:	extended ack text of the last request, "" if none
 * @tx:		request buffer
 * @rx:		reply buffer, NL_RX_BYTES
 */
struct nl {
	struct mnl_socket *mnl;
	uint32_t portid;
	uint32_t seq;
	char errmsg[NL_ERRMSG_MAX];
	uint8_t tx[NL_TX_BYTES];
	uint8_t *rx;
};

/* Options we can live without on old kernels: no text, full acks, loose
 * dump filtering. Failure to set them is not an error.
 */
static void nl_sockopts(struct mnl_socket *mnl)
{
	static const int opts[] = { NETLINK_EXT_ACK, NETLINK_CAP_ACK, NETLINK_GET_STRICT_CHK };
	int one = 1;

	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		mnl_socket_setsockopt(mnl, opts[i], &one, sizeof(one));
}

/**
 * nl_open() - Open a netlink handle in the calling thread's network namespace
 * @nlp:	the new handle; caller frees with nl_close()
 *
 * Return: 0 or -errno
 */
int nl_open(struct nl **nlp)
{
	struct nl *nl;
	int ret;

	*nlp = NULL;
	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->rx = malloc(NL_RX_BYTES);
	nl->mnl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl->rx || !nl->mnl) {
		ret = nl->rx ? -errno : -ENOMEM;
		goto fail;
	}
	if (mnl_socket_bind(nl->mnl, 0, MNL_SOCKET_AUTOPID)) {
		ret = -errno;
		goto fail;
	}
	nl_sockopts(nl->mnl);
	nl->portid = mnl_socket_get_portid(nl->mnl);
	nl->seq = (uint32_t)time(NULL);
	*nlp = nl;
	return 0;
fail:
	nl_close(nl);
	return ret;
}

/**
 * nl_open_netns() - Open a netlink handle inside another network namespace
 * @nlp:	the new handle; caller frees with nl_close()
 * @netns_fd:	descriptor of the namespace (/proc/PID/ns/net, /run/netns/NAME),
 *		-1 for the current one
 *
 * A netlink socket belongs to the namespace it was created in: the calling
 * thread enters @netns_fd (CAP_SYS_ADMIN), opens the socket and returns to
 * its own namespace. If the return fails the thread would be left in the
 * wrong namespace: the handle is closed and the error returned, and the
 * caller must not go on.
 *
 * Return: 0 or -errno
 */
int nl_open_netns(struct nl **nlp, int netns_fd)
{
	int self, ret;

	*nlp = NULL;
	if (netns_fd < 0)
		return nl_open(nlp);
	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return -errno;
	if (setns(netns_fd, CLONE_NEWNET)) {
		ret = -errno;
		close(self);
		return ret;
	}
	ret = nl_open(nlp);
	if (setns(self, CLONE_NEWNET)) {
		ret = -errno;
		nl_close(*nlp);
		*nlp = NULL;
	}
	close(self);
	return ret;
}

/**
 * nl_close() - Close a handle
 * @nl:		handle, may be NULL
 */
void nl_close(struct nl *nl)
{
	if (!nl)
		return;
	if (nl->mnl)
		mnl_socket_close(nl->mnl);
	free(nl->rx);
	free(nl);
}

/**
 * nl_last_error() - The kernel's text about the last request
 * @nl:		handle
 *
 * The extended ack message of the last request: why it failed, or a
 * warning on success. Some failures come without one.
 *
 * Return: the text, "" if none; valid until the next call on @nl
 */
const char *nl_last_error(const struct nl *nl)
{
	return nl ? nl->errmsg : "";
}

/* Read one datagram from the kernel: 0 for one to ignore, length or -errno */
static ssize_t nl_recv(struct nl *nl)
{
	struct sockaddr_nl sa;
	struct iovec iov = { .iov_base = nl->rx, .iov_len = NL_RX_BYTES };
	struct msghdr msg = {
		.msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = &iov, .msg_iovlen = 1,
	};
	ssize_t n;

	do
		n = recvmsg(mnl_socket_get_fd(nl->mnl), &msg, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (msg.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	/* Any local process may unicast to our port id: only trust the kernel */
	if (msg.msg_namelen != sizeof(sa) || sa.nl_family != AF_NETLINK || sa.nl_pid)
		return 0;
	return n;
}

/* Send the request in nl->tx (@len bytes) and collect its replies */
static int nl_talk(struct nl *nl, int len, int (*cb)(const struct nlmsghdr *, void *),
		   void *arg, bool *intr)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)nl->tx;
	struct nlmsg_rx rx;
	ssize_t n;
	int ret;

	nl->errmsg[0] = '\0';
	if (len < 0)
		return len;
	nlh->nlmsg_seq = ++nl->seq;
	nlmsg_rx_init(&rx, nl->portid, nl->seq, cb, arg);
	if (mnl_socket_sendto(nl->mnl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	while (!rx.done) {
		n = nl_recv(nl);
		if (n < 0)
			return (int)n;
		ret = nlmsg_rx_feed(&rx, nl->rx, (size_t)n);
		if (ret)
			break;
	}
	memcpy(nl->errmsg, rx.errmsg, sizeof(nl->errmsg));
	if (intr)
		*intr = rx.intr;
	return rx.err;
}

/* A request answered by an ACK alone */
static int nl_do(struct nl *nl, int len)
{
	return nl_talk(nl, len, NULL, NULL, NULL);
}

/**
 * struct nl_vec - a growing array filled from a dump
 * @items:	the array
 * @n:		entries in use
 * @cap:	entries allocated
 * @size:	bytes per entry
 * @parse:	reads one message into an entry: 1 keep, 0 skip, -errno
 * @filter:	passed to @parse
 */
struct nl_vec {
	void *items;
	size_t n;
	size_t cap;
	size_t size;
	int (*parse)(const struct nlmsghdr *nlh, void *item, const void *filter);
	const void *filter;
};

static int nl_vec_add(const struct nlmsghdr *nlh, void *arg)
{
	struct nl_vec *v = arg;
	void *item;
	int ret;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		void *p;

		if (cap > NL_LIST_MAX)
			return -E2BIG;
		p = realloc(v->items, cap * v->size);
		if (!p)
			return -ENOMEM;
		v->items = p;
		v->cap = cap;
	}
	item = (char *)v->items + v->n * v->size;
	ret = v->parse(nlh, item, v->filter);
	if (ret > 0)
		v->n++;
	return ret < 0 ? ret : 0;
}

/* Dump with the request in nl->tx; on success the caller owns v->items */
static int nl_dump(struct nl *nl, int len, struct nl_vec *v)
{
	bool intr = false;
	int ret = -EAGAIN;

	for (int i = 0; i < NL_DUMP_ATTEMPTS; i++) {
		v->n = 0;
		ret = nl_talk(nl, len, nl_vec_add, v, &intr);
		if (ret || !intr)
			break;
		/* Interrupted: the set changed while dumped; start over */
		ret = -EAGAIN;
	}
	if (ret) {
		free(v->items);
		v->items = NULL;
		return ret;
	}
	return (int)v->n;
}

static int nl_link_get_cb(const struct nlmsghdr *nlh, void *arg)
{
	return nlmsg_link_parse(nlh, arg);
}

/**
 * nl_link_get() - Describe one device
 * @nl:		handle
 * @ifindex:	interface index, or 0 to look up @name
 * @name:	interface name, used if @ifindex is 0
 * @link:	result
 *
 * Return: 0, -ENODEV if there is no such device, -EINVAL for a bad name, -errno
 */
int nl_link_get(struct nl *nl, int ifindex, const char *name, struct nl_link *link)
{
	int ret;

	memset(link, 0, sizeof(*link));
	ret = nl_talk(nl, nlmsg_link_get(nl->tx, sizeof(nl->tx), 0, ifindex, name),
		      nl_link_get_cb, link, NULL);
	if (!ret && !link->ifindex)
		ret = -ENODEV;
	return ret;
}

/**
 * nl_link_index() - Interface index of a device in the handle's namespace
 * @nl:		handle
 * @name:	interface name
 *
 * if_nametoindex() would ask the calling thread's namespace; this asks the
 * handle's.
 *
 * Return: the index (> 0), -ENODEV, -EINVAL for a bad name, -errno
 */
int nl_link_index(struct nl *nl, const char *name)
{
	struct nl_link link;
	int ret;

	if (!text_ifname_is_valid(name))
		return -EINVAL;
	ret = nl_link_get(nl, 0, name, &link);
	return ret ? ret : link.ifindex;
}

static int nl_link_parse_item(const struct nlmsghdr *nlh, void *item, const void *filter)
{
	(void)filter;
	return nlmsg_link_parse(nlh, item) ? -EBADMSG : 1;
}

/**
 * nl_link_list() - Describe all devices
 * @nl:		handle
 * @links:	the array; caller frees with free()
 *
 * Return: number of devices, or -errno (then *@links is NULL)
 */
int nl_link_list(struct nl *nl, struct nl_link **links)
{
	struct nl_vec v = { .size = sizeof(**links), .parse = nl_link_parse_item };
	int ret = nl_dump(nl, nlmsg_link_dump(nl->tx, sizeof(nl->tx), 0), &v);

	*links = v.items;
	return ret;
}

/**
 * nl_link_change() - Change state, MTU, MAC, name, master or namespace at once
 * @nl:		handle
 * @c:		the changes, from NL_LINK_CHANGE_INIT()
 *
 * Return: 0 or -errno
 */
int nl_link_change(struct nl *nl, const struct nl_link_change *c)
{
	return nl_do(nl, nlmsg_link_set(nl->tx, sizeof(nl->tx), 0, c));
}

/**
 * nl_link_set_up() - Bring a device up or down
 * @nl:		handle
 * @ifindex:	device
 * @up:		true for up
 *
 * Return: 0 or -errno
 */
int nl_link_set_up(struct nl *nl, int ifindex, bool up)
{
	struct nl_link_change c = NL_LINK_CHANGE_INIT(ifindex);

	c.up = up;
	return nl_link_change(nl, &c);
}

/**
 * nl_link_set_mtu() - Set the MTU
 * @nl:		handle
 * @ifindex:	device
 * @mtu:	MTU in bytes, not 0
 *
 * Return: 0 or -errno
 */
int nl_link_set_mtu(struct nl *nl, int ifindex, unsigned mtu)
{
	struct nl_link_change c = NL_LINK_CHANGE_INIT(ifindex);

	if (!mtu)
		return -EINVAL;
	c.mtu = mtu;
	return nl_link_change(nl, &c);
}

/**
 * nl_link_set_mac() - Set the hardware address
 * @nl:		handle
 * @ifindex:	device
 * @mac:	ADDR_ETH_ALEN bytes
 *
 * Return: 0 or -errno
 */
int nl_link_set_mac(struct nl *nl, int ifindex, const uint8_t *mac)
{
	struct nl_link_change c = NL_LINK_CHANGE_INIT(ifindex);

	if (!mac)
		return -EINVAL;
	c.mac = mac;
	return nl_link_change(nl, &c);
}

/**
 * nl_link_rename() - Rename a device (most must be down for it)
 * @nl:		handle
 * @ifindex:	device
 * @name:	new name
 *
 * Return: 0 or -errno
 */
int nl_link_rename(struct nl *nl, int ifindex, const char *name)
{
	struct nl_link_change c = NL_LINK_CHANGE_INIT(ifindex);

	if (!text_ifname_is_valid(name))
		return -EINVAL;
	c.name = name;
	return nl_link_change(nl, &c);
}

/**
 * nl_link_set_master() - Enslave a device to a bridge, or release it
 * @nl:		handle
 * @ifindex:	device
 * @master:	ifindex of the bridge, 0 to release
 *
 * Return: 0 or -errno
 */
int nl_link_set_master(struct nl *nl, int ifindex, int master)
{
	struct nl_link_change c = NL_LINK_CHANGE_INIT(ifindex);

	if (master < 0)
		return -EINVAL;
	c.master = master;
	return nl_link_change(nl, &c);
}

/**
 * nl_link_set_netns() - Move a device into another network namespace
 * @nl:		handle
 * @ifindex:	device
 * @netns_fd:	descriptor of the namespace
 *
 * Return: 0 or -errno
 */
int nl_link_set_netns(struct nl *nl, int ifindex, int netns_fd)
{
	struct nl_link_change c = NL_LINK_CHANGE_INIT(ifindex);

	if (netns_fd < 0)
		return -EBADF;
	c.netns_fd = netns_fd;
	return nl_link_change(nl, &c);
}

/**
 * nl_link_del() - Delete a device
 * @nl:		handle
 * @ifindex:	device
 *
 * Return: 0 or -errno
 */
int nl_link_del(struct nl *nl, int ifindex)
{
	return nl_do(nl, nlmsg_link_del(nl->tx, sizeof(nl->tx), 0, ifindex));
}

/**
 * nl_bridge_add() - Create a bridge
 * @nl:		handle
 * @name:	its name
 * @opts:	options, NULL for the kernel's defaults
 *
 * Return: 0, -EEXIST if the name is taken, -errno
 */
int nl_bridge_add(struct nl *nl, const char *name, const struct nl_bridge_opts *opts)
{
	return nl_do(nl, nlmsg_bridge(nl->tx, sizeof(nl->tx), 0, 0, name, opts));
}

/**
 * nl_bridge_set() - Change bridge options
 * @nl:		handle
 * @ifindex:	the bridge
 * @opts:	options; -1 fields stay as they are
 *
 * Return: 0 or -errno (-EOPNOTSUPP if @ifindex is not a bridge)
 */
int nl_bridge_set(struct nl *nl, int ifindex, const struct nl_bridge_opts *opts)
{
	if (ifindex <= 0)
		return -EINVAL;
	return nl_do(nl, nlmsg_bridge(nl->tx, sizeof(nl->tx), 0, ifindex, NULL, opts));
}

/**
 * nl_bridge_del() - Delete a bridge, and only a bridge
 * @nl:		handle
 * @ifindex:	the bridge; its ports are released
 *
 * Return: 0, -EMEDIUMTYPE if @ifindex is no bridge, -errno
 */
int nl_bridge_del(struct nl *nl, int ifindex)
{
	struct nl_link link;
	int ret = nl_link_get(nl, ifindex, NULL, &link);

	if (ret)
		return ret;
	if (strcmp(link.kind, "bridge") != 0) {
		snprintf(nl->errmsg, sizeof(nl->errmsg), "%s is not a bridge", link.name);
		return -EMEDIUMTYPE;
	}
	return nl_link_del(nl, ifindex);
}

/**
 * nl_veth_add() - Create a veth pair
 * @nl:		handle
 * @name:	name of this end
 * @peer:	name of the other end, NULL to let the kernel choose
 * @peer_netns_fd: namespace of the other end, -1 for the handle's
 *
 * Return: 0, -EEXIST if a name is taken, -errno
 */
int nl_veth_add(struct nl *nl, const char *name, const char *peer, int peer_netns_fd)
{
	return nl_do(nl, nlmsg_veth_add(nl->tx, sizeof(nl->tx), 0, name, peer, peer_netns_fd));
}

/**
 * nl_addr_add() - Add an address to an interface
 * @nl:		handle
 * @ifindex:	interface
 * @p:		address and prefix length
 *
 * Return: 0, -EEXIST if present, -errno
 */
int nl_addr_add(struct nl *nl, int ifindex, const struct addr_prefix *p)
{
	return nl_do(nl, nlmsg_addr(nl->tx, sizeof(nl->tx), 0, RTM_NEWADDR, ifindex, p));
}

/**
 * nl_addr_del() - Remove an address from an interface
 * @nl:		handle
 * @ifindex:	interface
 * @p:		address and prefix length
 *
 * Return: 0, -EADDRNOTAVAIL if absent, -errno
 */
int nl_addr_del(struct nl *nl, int ifindex, const struct addr_prefix *p)
{
	return nl_do(nl, nlmsg_addr(nl->tx, sizeof(nl->tx), 0, RTM_DELADDR, ifindex, p));
}

/**
 * struct nl_addr_filter - which addresses a dump keeps
 * @family:	AF_INET, AF_INET6, or AF_UNSPEC for both
 * @ifindex:	interface, 0 for all
 */
struct nl_addr_filter {
	int family;
	int ifindex;
};

static int nl_addr_parse_item(const struct nlmsghdr *nlh, void *item, const void *filter)
{
	const struct nl_addr_filter *f = filter;
	struct nl_addr *a = item;
	int ret = nlmsg_addr_parse(nlh, a);

	if (ret == -EAFNOSUPPORT)
		return 0;
	if (ret)
		return ret;
	return (f->family == AF_UNSPEC || f->family == a->prefix.family) &&
	       (!f->ifindex || f->ifindex == a->ifindex);
}

/**
 * nl_addr_list() - List addresses
 * @nl:		handle
 * @family:	AF_INET, AF_INET6, or AF_UNSPEC for both
 * @ifindex:	interface, 0 for all
 * @addrs:	the array; caller frees with free()
 *
 * Return: number of addresses, or -errno (then *@addrs is NULL)
 */
int nl_addr_list(struct nl *nl, int family, int ifindex, struct nl_addr **addrs)
{
	struct nl_addr_filter f = { .family = family, .ifindex = ifindex };
	struct nl_vec v = { .size = sizeof(**addrs), .parse = nl_addr_parse_item, .filter = &f };
	int ret = nl_dump(nl, nlmsg_addr_dump(nl->tx, sizeof(nl->tx), 0, family), &v);

	*addrs = v.items;
	return ret;
}

/**
 * nl_route_add() - Add a route
 * @nl:		handle
 * @r:		destination (plen 0: default), gateway and/or device, metric, table
 *
 * Return: 0, -EEXIST if present, -errno
 */
int nl_route_add(struct nl *nl, const struct nl_route *r)
{
	return nl_do(nl, nlmsg_route(nl->tx, sizeof(nl->tx), 0, RTM_NEWROUTE, r));
}

/**
 * nl_route_del() - Delete a route
 * @nl:		handle
 * @r:		the route; gateway, device and metric narrow the match if set
 *
 * Return: 0, -ESRCH if absent, -errno
 */
int nl_route_del(struct nl *nl, const struct nl_route *r)
{
	return nl_do(nl, nlmsg_route(nl->tx, sizeof(nl->tx), 0, RTM_DELROUTE, r));
}

static int nl_route_parse_item(const struct nlmsghdr *nlh, void *item, const void *filter)
{
	const int *family = filter;
	struct nl_route *r = item;
	int ret = nlmsg_route_parse(nlh, r);

	if (ret == -EAFNOSUPPORT)
		return 0;
	if (ret)
		return ret;
	return *family == AF_UNSPEC || *family == r->dst.family;
}

/**
 * nl_route_list() - List routes of all tables
 * @nl:		handle
 * @family:	AF_INET, AF_INET6, or AF_UNSPEC for both
 * @routes:	the array; caller frees with free()
 *
 * Return: number of routes, or -errno (then *@routes is NULL)
 */
int nl_route_list(struct nl *nl, int family, struct nl_route **routes)
{
	struct nl_vec v = { .size = sizeof(**routes), .parse = nl_route_parse_item,
			    .filter = &family };
	int ret = nl_dump(nl, nlmsg_route_dump(nl->tx, sizeof(nl->tx), 0, family), &v);

	*routes = v.items;
	return ret;
}

/**
 * nl_neigh_proxy() - Publish, or withdraw, a proxy ARP entry (arp -Ds ADDR IF pub)
 * @nl:		handle
 * @add:	true to publish (replacing an entry there is), false to withdraw
 * @ifindex:	interface the entry answers on
 * @addr:	IPv4 address, host byte order
 *
 * A "pneigh" entry makes the kernel answer ARP requests for @addr arriving
 * on @ifindex with that interface's MAC, provided it forwards (ip_forward)
 * and the route to @addr leaves by another interface.
 *
 * Return: 0, -ENOENT when withdrawing an absent entry, -errno
 */
int nl_neigh_proxy(struct nl *nl, bool add, int ifindex, uint32_t addr)
{
	uint32_t be = htonl(addr);
	uint8_t a[4];

	memcpy(a, &be, sizeof(a));
	return nl_do(nl, nlmsg_neigh_proxy(nl->tx, sizeof(nl->tx), 0, add, ifindex, a));
}

/**
 * nl_operstate_name() - Name of an RFC 2863 operational state
 * @operstate:	IF_OPER_*
 *
 * Return: static string, "unknown" for values out of range
 */
const char *nl_operstate_name(uint8_t operstate)
{
	static const char *const names[] = {
		[IF_OPER_UNKNOWN] = "unknown", [IF_OPER_NOTPRESENT] = "notpresent",
		[IF_OPER_DOWN] = "down", [IF_OPER_LOWERLAYERDOWN] = "lowerlayerdown",
		[IF_OPER_TESTING] = "testing", [IF_OPER_DORMANT] = "dormant",
		[IF_OPER_UP] = "up",
	};

	return operstate < ARRAY_SIZE(names) && names[operstate] ? names[operstate] : "unknown";
}
