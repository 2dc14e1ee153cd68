// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_nlmsg.c - libFuzzer harness: netlink reply parsing and request building
 *
 * The first input byte picks what to drive:
 * - replies: a port id, a sequence number and up to four datagrams fed to
 *   nlmsg_rx_feed(), whose data messages go to nlmsg_link_parse(),
 *   nlmsg_addr_parse() and nlmsg_route_parse(). Checked: reads stay inside
 *   each datagram (exact-size copies), results are terminated and in range,
 *   a malformed datagram ends the request with an error, the kernel's text is
 *   printable.
 * - requests: every builder into buffers of every size, with fuzzed names,
 *   changes, bridge options, prefixes, routes and proxy neighbours: a request
 *   never exceeds its buffer, and a built one says its own length.
 * Address text is the text harness's (fuzz_text.c).
 */

#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <strings.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "sys/nl.h"
#include "sys/nlmsg.h"

static int on_msg(const struct nlmsghdr *nlh, void *arg)
{
	union {
		struct nl_link link;
		struct nl_addr addr;
		struct nl_route route;
	} u;
	int ret;

	(void)arg;
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
		ret = nlmsg_link_parse(nlh, &u.link);
		FUZZ_CHECK(ret == 0 || ret == -EBADMSG);
		if (!ret) {
			FUZZ_CHECK(strnlen(u.link.name, sizeof(u.link.name)) < sizeof(u.link.name));
			FUZZ_CHECK(strnlen(u.link.kind, sizeof(u.link.kind)) < sizeof(u.link.kind));
			FUZZ_CHECK(u.link.ifindex > 0 && u.link.master >= 0);
		}
		return ret;
	case RTM_NEWADDR:
		ret = nlmsg_addr_parse(nlh, &u.addr);
		FUZZ_CHECK(ret == 0 || ret == -EBADMSG || ret == -EAFNOSUPPORT);
		if (!ret)
			FUZZ_CHECK(u.addr.ifindex > 0 &&
				   u.addr.prefix.plen <= (u.addr.prefix.family == AF_INET ? 32U : 128U));
		return ret == -EAFNOSUPPORT ? 0 : ret;
	case RTM_NEWROUTE:
		ret = nlmsg_route_parse(nlh, &u.route);
		FUZZ_CHECK(ret == 0 || ret == -EBADMSG || ret == -EAFNOSUPPORT);
		if (!ret)
			FUZZ_CHECK(u.route.oif >= 0 &&
				   u.route.dst.plen <= (u.route.dst.family == AF_INET ? 32U : 128U));
		return ret == -EAFNOSUPPORT ? 0 : ret;
	default:
		return 0;
	}
}

static void fuzz_replies(struct fuzz_in *in)
{
	struct nlmsg_rx rx;
	uint32_t portid = fuzz_u32(in), seq = fuzz_u32(in);
	unsigned n = fuzz_u8(in) % 4 + 1;

	nlmsg_rx_init(&rx, portid, seq, on_msg, NULL);
	for (unsigned i = 0; i < n && !fuzz_is_done(in); i++) {
		size_t len = i + 1 < n ? fuzz_u16(in) % 8192 : in->n;
		uint8_t *dg = malloc(len ? len : 1);	/* malloc: aligned for nlmsghdr */
		int ret;

		if (!dg)
			return;
		len = fuzz_bytes(in, dg, len);
		ret = nlmsg_rx_feed(&rx, dg, len);
		free(dg);
		FUZZ_CHECK(ret == 0 || ret == -EBADMSG);
		if (ret)
			FUZZ_CHECK(rx.err && rx.done);
		FUZZ_CHECK(rx.err <= 0);
		FUZZ_CHECK(strnlen(rx.errmsg, sizeof(rx.errmsg)) < sizeof(rx.errmsg));
		for (const char *s = rx.errmsg; *s; s++)
			FUZZ_CHECK(*s >= 0x20 && *s < 0x7f);
	}
}

/* A request never passes its buffer (exact size, for ASan) and says its length */
static void check_built(const uint8_t *buf, size_t size, int ret)
{
	FUZZ_CHECK(ret == -EINVAL || ret == -EMSGSIZE || (ret > 0 && (size_t)ret <= size));
	if (ret > 0)
		FUZZ_CHECK(((const struct nlmsghdr *)buf)->nlmsg_len == (uint32_t)ret);
}

static void fuzz_prefix(struct fuzz_in *in, struct addr_prefix *p)
{
	p->family = (int[]){ AF_INET, AF_INET6, AF_UNSPEC, AF_INET }[fuzz_u8(in) & 3];
	p->plen = fuzz_u8(in);
	fuzz_bytes(in, p->addr, sizeof(p->addr));
}

static void fuzz_requests(struct fuzz_in *in)
{
	char name[24], peer[24];
	uint8_t mac[ADDR_ETH_ALEN];
	struct addr_prefix p = { 0 };
	struct nl_link_change c = NL_LINK_CHANGE_INIT(0);
	struct nl_bridge_opts bo = NL_BRIDGE_OPTS_INIT;
	struct nl_route r = { 0 };
	size_t size = fuzz_u8(in) % 200;
	int ifindex = (int)(fuzz_u8(in) % 4) - 1;
	uint8_t sel = fuzz_u8(in), *buf = malloc(size ? size : 1);
	uint32_t seq = fuzz_u32(in);

	if (!buf)
		return;
	fuzz_bytes(in, (uint8_t *)name, sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	fuzz_bytes(in, (uint8_t *)peer, sizeof(peer) - 1);
	peer[sizeof(peer) - 1] = '\0';
	check_built(buf, size, nlmsg_link_get(buf, size, seq, ifindex, name));
	check_built(buf, size, nlmsg_link_dump(buf, size, seq));
	check_built(buf, size, nlmsg_link_del(buf, size, seq, ifindex));
	check_built(buf, size, nlmsg_veth_add(buf, size, seq, name, peer, (int)(sel & 3) - 1));

	c.ifindex = ifindex;
	c.up = (int)(sel >> 2 & 3) - 1;
	c.mtu = fuzz_u16(in);
	fuzz_bytes(in, mac, sizeof(mac));
	c.mac = sel & 0x10 ? mac : NULL;
	c.name = sel & 0x20 ? peer : NULL;
	c.master = (int)(fuzz_u8(in) % 4) - 1;
	c.netns_fd = (int)(fuzz_u8(in) % 3) - 1;
	check_built(buf, size, nlmsg_link_set(buf, size, seq, &c));

	bo.stp = (int)(sel >> 6) - 1;
	bo.forward_delay_ms = (long)fuzz_u32(in) - 1;
	bo.hello_time_ms = (long)(int32_t)fuzz_u32(in);
	bo.ageing_time_ms = (long)fuzz_u32(in) * 1000 - 1;
	check_built(buf, size, nlmsg_bridge(buf, size, seq, ifindex, sel & 0x40 ? name : NULL, &bo));

	fuzz_prefix(in, &p);
	check_built(buf, size, nlmsg_addr(buf, size, seq, fuzz_u8(in) & 1 ? RTM_NEWADDR : RTM_DELADDR,
					  ifindex, &p));
	check_built(buf, size, nlmsg_addr_dump(buf, size, seq, p.family));
	fuzz_prefix(in, &r.dst);
	r.has_gw = sel & 1;
	fuzz_bytes(in, r.gw, sizeof(r.gw));
	r.oif = ifindex;
	r.metric = fuzz_u32(in);
	r.table = fuzz_u8(in);
	check_built(buf, size, nlmsg_route(buf, size, seq, fuzz_u8(in) & 1 ? RTM_NEWROUTE : RTM_DELROUTE,
					   &r));
	check_built(buf, size, nlmsg_route_dump(buf, size, seq, r.dst.family));
	check_built(buf, size, nlmsg_neigh_proxy(buf, size, seq, sel & 2, ifindex,
						 sel & 4 ? r.gw : NULL));
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };

	if (fuzz_u8(&in) % 2)
		fuzz_requests(&in);
	else
		fuzz_replies(&in);
	return 0;
}
