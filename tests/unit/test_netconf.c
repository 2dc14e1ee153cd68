// SPDX-License-Identifier: GPL-2.0-or-later
/* test_netconf.c - umnet-net without a host: config parser, operation text, planner */

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "net/conf.h"
#include "net/plan.h"
#include "net/step.h"
#include "unit.h"

/* Parse @text as file "t.conf"; the diagnostics land in *@d */
static int parse(struct net_conf *c, const char *text, struct net_diag *d)
{
	return net_conf_parse(c, "t.conf", text, strlen(text), NULL, 0, d);
}

static struct net_conf *conf_new(const char *text)
{
	struct net_conf *c = calloc(1, sizeof(*c));
	struct net_diag d;

	if (c && parse(c, text, &d)) {
		unit_fail(__FILE__, __LINE__, "parse: %s", d.text);
		free(c);
		return NULL;
	}
	return c;
}

static const char *parse_err(const char *text)
{
	static struct net_diag d;
	struct net_conf *c = calloc(1, sizeof(*c));

	if (!c)
		return "";
	if (!parse(c, text, &d))
		snprintf(d.text, sizeof(d.text), "(no error)");
	free(c);
	return d.text;
}

TEST(netconf_bridged)
{
	struct net_conf *c = conf_new(
		"# comment\n"
		"up = \"eth0\"\n"
		"bridge br0 {\n"
		"\tuplink $up   # takes over\n"
		"\tstp off; forward-delay 0\n"
		"\thello-time 1.5\n"
		"}\n"
		"tap tap0 { user 0; group 0; bridge br0 }\n");

	if (!c)
		return;
	CHECK_STR(c->name, "t");
	CHECK_EQ(c->n_bridges, 1);
	CHECK_STR(c->bridges[0].uplink, "eth0");
	CHECK_EQ(c->bridges[0].opts.stp, 0);
	CHECK_EQ(c->bridges[0].opts.forward_delay_ms, 0);
	CHECK_EQ(c->bridges[0].opts.hello_time_ms, 1500);
	CHECK_EQ(c->bridges[0].opts.ageing_time_ms, -1);
	CHECK_EQ(c->bridges[0].line, 3);
	CHECK_EQ(c->n_taps, 1);
	CHECK(c->taps[0].has_owner && c->taps[0].has_group);
	CHECK_STR(c->taps[0].bridge, "br0");
	CHECK_EQ(c->forward, 0);
	free(c);
}

TEST(netconf_nat_defaults)
{
	struct net_conf *c = conf_new(
		"bridge umbr0 { address 192.168.100.1/24; address 2001:db8::1/64 }\n"
		"nat { out eth0 }\n"
		"switch sw0 { tap s0; bridge umbr0; unix /run/x.ctl; hub on }\n");
	char buf[ADDR_PREFIX_STRLEN];

	if (!c)
		return;
	CHECK(c->nat.on);
	CHECK_EQ(c->nat.n_sources, 1);	/* IPv4 only, host bits cleared */
	addr_prefix_format(&c->nat.sources[0], buf, sizeof(buf));
	CHECK_STR(buf, "192.168.100.0/24");
	CHECK_EQ(c->forward, 1);	/* implied */
	CHECK_EQ(c->n_switches, 1);
	CHECK_EQ(c->n_taps, 1);
	CHECK_STR(c->taps[c->switches[0].tap].name, "s0");
	CHECK(c->switches[0].hub);
	free(c);
}

TEST(netconf_defines_override)
{
	struct net_define d[] = { { "up", "veth0" } };
	struct net_conf *c = calloc(1, sizeof(*c));
	struct net_diag diag;
	const char *text = "up = eth0\nbridge br0 { uplink $up }\n";

	if (!c)
		return;
	CHECK_EQ(net_conf_parse(c, "/etc/umnet/x-1.conf", text, strlen(text), d, 1, &diag), 0);
	CHECK_STR(c->bridges[0].uplink, "veth0");
	CHECK_STR(c->name, "x-1");
	free(c);
}

TEST(netconf_errors)
{
	CHECK_STR(parse_err("bridge br0 {\n stp on\n forward-delay 1\n}\n"),
		  "t.conf:1: bridge br0: forward-delay must be 2 to 30 s with stp on\n");
	CHECK_STR(parse_err("\n\nfoo bar\n"), "t.conf:3: unknown keyword 'foo'\n");
	CHECK_STR(parse_err("bridge br0 {\n"), "t.conf:1: block has no closing '}'\n");
	CHECK_STR(parse_err("tap t0 { bridge nope }\n"),
		  "t.conf:1: tap t0: bridge nope is not declared in this file\n");
	/* the line ends the string; the next line's quote opens another */
	CHECK_STR(parse_err("x = \"a\nb\"\n"),
		  "t.conf:1: unterminated quoted string\nt.conf:2: unterminated quoted string\n");
	CHECK_STR(parse_err("bridge b { uplink $u }"), "t.conf:1: macro 'u' is not defined\n");
	CHECK_STR(parse_err("bridge b { hello-time 0 }"),
		  "t.conf:1: hello-time must be 1 to 10 s (the kernel refuses 0)\n");
	CHECK_STR(parse_err("nat { out e0; source 10.0.0.0/8 }\nforward off\n"),
		  "t.conf:2: forward off: NAT, proxy ARP and guest routes need IPv4 forwarding\n");
	{
		struct net_conf *c = calloc(1, sizeof(*c));
		struct net_diag d;

		if (c) {
			CHECK_EQ(net_conf_parse(c, "t.conf", "a\0b\n", 4, NULL, 0, &d), -EINVAL);
			CHECK(strstr(d.text, "t.conf:1: NUL byte in the file\n"));
			free(c);
		}
	}
	CHECK(strstr(parse_err("dhcp on\n"), "dhcp: not supported yet"));
}

TEST(netconf_error_bound)
{
	char text[4096] = "";

	for (int i = 0; i < 100; i++)
		strcat(text, "x\n");
	{
		struct net_conf *c = calloc(1, sizeof(*c));
		struct net_diag d;

		if (!c)
			return;
		CHECK_EQ(parse(c, text, &d), -EINVAL);
		CHECK_EQ(d.n, 100);
		CHECK(strlen(d.text) < sizeof(d.text));
		free(c);
	}
}

TEST(netconf_name)
{
	char n[NET_NAME_MAX];

	CHECK_EQ(net_conf_name("/etc/umnet/bridged.conf", n, sizeof(n)), 0);
	CHECK_STR(n, "bridged");
	CHECK_EQ(net_conf_name("nat", n, sizeof(n)), 0);
	CHECK_STR(n, "nat");
	CHECK_EQ(net_conf_name("/x/.conf", n, sizeof(n)), -EINVAL);
	CHECK_EQ(net_conf_name("/x/a b.conf", n, sizeof(n)), -EINVAL);
	CHECK_EQ(net_conf_name("/x/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.conf", n, sizeof(n)), -EINVAL);
}

/* Operation text */

static void roundtrip(const char *line)
{
	char out[NET_OP_LINE_MAX];
	struct net_op op;

	if (net_op_parse(&op, line)) {
		unit_fail(__FILE__, __LINE__, "does not parse: %s", line);
		return;
	}
	CHECK_EQ(net_op_format(&op, out, sizeof(out)), 0);
	if (strcmp(out, line))
		unit_fail(__FILE__, __LINE__, "'%s' came back as '%s'", line, out);
}

TEST(netconf_op_roundtrip)
{
	static const char *const lines[] = {
		"bridge add br0 mac 52:54:00:12:34:56 stp off forward-delay 0 hello-time 1.5",
		"bridge add br0",
		"bridge set br0 stp on forward-delay 4 ageing-time 0.25",
		"bridge del br0",
		"link up eth0",
		"link down eth0",
		"link set eth0 master br0",
		"link set eth0 nomaster",
		"tap add tap0 user 1000 group 4294967295",
		"tap add tap0",
		"tap del tap0",
		"addr add 192.0.2.10/24 dev br0",
		"addr del 2001:db8::1/64 dev br0",
		"route add default via 192.0.2.1 dev br0",
		"route del 10.0.0.0/8 via 192.0.2.254 dev eth0 metric 100 table 200",
		"route add 192.0.2.60/32 dev tap0",
		"route add ::/0 via fe80::1 dev br0 metric 1024",
		"sysctl net.ipv4.ip_forward 1",
		"sysctl net.ipv4.conf.tap0.proxy_arp 0",
		"nft del umnet-nat",
		"nft load umnet-nat \"table ip umnet-nat {\\n\\tcomment \\\"x\\\"\\n}\"",
		"switch start sw0 tap s0 unix /run/umnet/sw0.ctl",
		"switch start sw0 tap s0 unix \"/run/a b#.ctl\" hub",
		"switch stop sw0",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		roundtrip(lines[i]);
}

TEST(netconf_op_reject)
{
	static const char *const bad[] = {
		"", "bridge", "bridge add", "bridge add br0 stp maybe", "bridge del br0 extra",
		"link set eth0 master", "link set eth0 slave br0", "tap add t0 user -1",
		"addr add 192.0.2.1/24", "addr add 192.0.2.1/33 dev x", "route add default",
		"route add default via 2001:db8::1 dev x", "sysctl net.ipv4.conf.all/../x.proxy_arp 1",
		"sysctl kernel.panic 1", "sysctl net.ipv4.ip_forward", "nft load t \"unterminated",
		"switch start s tap t0", "switch start s tap t0 unix /x nohub",
		"frob add x", "link up a/b", "nft load t \"bad \\q escape\"",
	};
	struct net_op op;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (net_op_parse(&op, bad[i]) != -EINVAL)
			unit_fail(__FILE__, __LINE__, "accepted: '%s'", bad[i]);
}

/* Planner on a host built by hand */

struct fake {
	struct nl_link links[8];
	struct nl_addr addrs[8];
	struct nl_route routes[8];
	struct net_host h;
};

static struct nl_link *fake_link(struct fake *f, int idx, const char *name, const char *kind)
{
	struct nl_link *l = &f->links[f->h.snap.n_links++];

	memset(l, 0, sizeof(*l));
	l->ifindex = idx;
	snprintf(l->name, sizeof(l->name), "%s", name);
	snprintf(l->kind, sizeof(l->kind), "%s", kind);
	l->flags = IFF_UP;
	l->has_mac = true;
	l->mac[5] = (uint8_t)idx;
	return l;
}

static void fake_addr(struct fake *f, int idx, const char *p)
{
	struct nl_addr *a = &f->addrs[f->h.snap.n_addrs++];

	memset(a, 0, sizeof(*a));
	a->ifindex = idx;
	addr_prefix_parse(p, AF_UNSPEC, &a->prefix);
	a->flags = IFA_F_PERMANENT;
	a->scope = strncmp(p, "fe80", 4) ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
}

static void fake_route(struct fake *f, int oif, const char *dst, const char *gw, uint8_t proto)
{
	struct nl_route *r = &f->routes[f->h.snap.n_routes++];
	struct addr_prefix g;

	memset(r, 0, sizeof(*r));
	if (!strcmp(dst, "default"))
		r->dst.family = AF_INET;
	else
		addr_prefix_parse(dst, AF_UNSPEC, &r->dst);
	if (gw && !addr_ip_parse(gw, AF_UNSPEC, &g)) {
		r->has_gw = true;
		memcpy(r->gw, g.addr, sizeof(r->gw));
	}
	r->oif = oif;
	r->table = RT_TABLE_MAIN;
	r->protocol = proto;
	r->type = RTN_UNICAST;
}

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->h.snap.links = f->links;
	f->h.snap.addrs = f->addrs;
	f->h.snap.routes = f->routes;
	fake_link(f, 1, "lo", "");
	fake_link(f, 2, "eth0", "veth");
	fake_addr(f, 2, "192.0.2.10/24");
	fake_addr(f, 2, "192.0.2.11/24");
	fake_addr(f, 2, "fe80::1/64");
	fake_route(f, 2, "default", "192.0.2.1", RTPROT_BOOT);
	fake_route(f, 2, "192.0.2.0/24", NULL, RTPROT_KERNEL);
}

/* The plan as text, one op a line; undo lines after "--" */
static void plan_text(const struct net_plan *p, char *buf, size_t size, bool undo)
{
	char line[NET_OP_LINE_MAX];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->n; i++) {
		const struct net_op *op = undo ? &p->steps[i].undo : &p->steps[i].op;

		if (net_op_format(op, line, sizeof(line)))
			snprintf(line, sizeof(line), "(none)");
		len += (size_t)snprintf(buf + len, size - len, "%s\n", line);
	}
}

static const char bridged_conf[] = "bridge br0 { uplink eth0; stp off }\ntap t0 { bridge br0 }\n";

TEST(netconf_plan_takeover_order)
{
	struct net_conf *c = conf_new(bridged_conf);
	struct net_plan p;
	struct fake f;
	char text[4096];

	if (!c)
		return;
	fake_init(&f);
	CHECK_EQ(net_plan_up(c, &f.h, &p), 0);
	plan_text(&p, text, sizeof(text), false);
	CHECK_STR(text,
		  "bridge add br0 mac 00:00:00:00:00:02 stp off\n"
		  "link up br0\n"
		  "addr add 192.0.2.10/24 dev br0\n"
		  "addr add 192.0.2.11/24 dev br0\n"
		  "route del default via 192.0.2.1 dev eth0\n"
		  "route add default via 192.0.2.1 dev br0\n"
		  "link set eth0 master br0\n"
		  "addr del 192.0.2.11/24 dev eth0\n"
		  "addr del 192.0.2.10/24 dev eth0\n"
		  "tap add t0\n"
		  "link set t0 master br0\n"
		  "link up t0\n");
	plan_text(&p, text, sizeof(text), true);
	CHECK_STR(text,
		  "bridge del br0\n"
		  "link down br0\n"
		  "addr del 192.0.2.10/24 dev br0\n"
		  "addr del 192.0.2.11/24 dev br0\n"
		  "route add default via 192.0.2.1 dev eth0\n"
		  "route del default via 192.0.2.1 dev br0\n"
		  "link set eth0 nomaster\n"
		  "addr add 192.0.2.11/24 dev eth0\n"
		  "addr add 192.0.2.10/24 dev eth0\n"
		  "tap del t0\n"
		  "link set t0 nomaster\n"
		  "link down t0\n");
	net_plan_free(&p);
	free(c);
}

/* The host after the takeover: nothing left to do */
TEST(netconf_plan_idempotent)
{
	struct net_conf *c = conf_new(bridged_conf);
	struct net_host_bridge *hb;
	struct nl_link *l;
	struct net_plan p;
	struct fake f;

	if (!c)
		return;
	memset(&f, 0, sizeof(f));
	f.h.snap.links = f.links;
	f.h.snap.addrs = f.addrs;
	f.h.snap.routes = f.routes;
	fake_link(&f, 2, "eth0", "veth")->master = 3;
	fake_link(&f, 3, "br0", "bridge");
	l = fake_link(&f, 4, "t0", "tun");
	l->master = 3;
	l->tun = (struct nl_tun_info){ .valid = true, .is_tap = true, .persist = true };
	fake_addr(&f, 3, "192.0.2.10/24");
	fake_addr(&f, 2, "fe80::1/64");	/* link-local: stays */
	fake_route(&f, 3, "default", "192.0.2.1", RTPROT_BOOT);
	hb = &f.h.bridges[f.h.n_bridges++];
	hb->ifindex = 3;
	hb->opts = (struct nl_bridge_opts){ .stp = 0, .forward_delay_ms = 1500,
					    .hello_time_ms = 2000, .ageing_time_ms = 300000 };
	CHECK_EQ(net_plan_up(c, &f.h, &p), 0);
	CHECK_EQ(p.n, 0);
	net_plan_free(&p);

	/* STP turned on behind our back: one step, undone to what it was */
	hb->opts.stp = 1;
	CHECK_EQ(net_plan_up(c, &f.h, &p), 0);
	CHECK_EQ(p.n, 1);
	if (p.n == 1) {
		char a[128], b[128];

		net_op_format(&p.steps[0].op, a, sizeof(a));
		net_op_format(&p.steps[0].undo, b, sizeof(b));
		CHECK_STR(a, "bridge set br0 stp off");
		CHECK_STR(b, "bridge set br0 stp on");
	}
	net_plan_free(&p);
	free(c);
}

TEST(netconf_plan_refusals)
{
	struct net_conf *c = conf_new(bridged_conf);
	struct net_plan p;
	struct fake f;

	if (!c)
		return;
	fake_init(&f);
	snprintf(f.links[1].name, sizeof(f.links[1].name), "eth1");
	CHECK_EQ(net_plan_up(c, &f.h, &p), -EINVAL);
	CHECK_STR(p.err, "bridge br0: uplink eth0: no such device");
	CHECK_EQ(p.line, 1);
	net_plan_free(&p);

	fake_init(&f);
	fake_link(&f, 5, "br9", "bridge");
	f.links[1].master = 5;
	CHECK_EQ(net_plan_up(c, &f.h, &p), -EINVAL);
	CHECK_STR(p.err, "bridge br0: uplink eth0 is a port of br9 already");
	net_plan_free(&p);

	fake_init(&f);
	fake_link(&f, 5, "t0", "veth");
	CHECK_EQ(net_plan_up(c, &f.h, &p), -EINVAL);
	CHECK_STR(p.err, "tap t0: a device of that name exists and is no TAP (kind 'veth')");
	CHECK_EQ(p.line, 2);
	net_plan_free(&p);

	fake_init(&f);
	fake_link(&f, 5, "br0", "veth");
	CHECK_EQ(net_plan_up(c, &f.h, &p), -EINVAL);
	net_plan_free(&p);
	free(c);
}

TEST(netconf_plan_nat_and_sysctls)
{
	struct net_conf *c = conf_new("bridge b0 { address 10.5.0.1/24 }\n"
				      "tap t0 { route 192.0.2.60 }\n"
				      "proxy-arp eth0\n"
				      "nat { out eth0 }\n");
	char script[NET_OP_TEXT_MAX], marker[96], listing[256], text[8192];
	struct net_plan p;
	struct fake f;

	if (!c)
		return;
	fake_init(&f);
	f.h.ip_forward = 0;
	/* New devices inherit conf/default/proxy_arp: that is the undo value */
	snprintf(f.h.proxy_arp[0].ifname, NL_IFNAMSIZ, "default");
	f.h.proxy_arp[0].value = 2;
	f.h.n_proxy_arp = 1;
	CHECK_EQ(net_plan_up(c, &f.h, &p), 0);
	plan_text(&p, text, sizeof(text), true);
	CHECK(strstr(text, "sysctl net.ipv4.conf.t0.proxy_arp 2\n"));
	CHECK(strstr(text, "sysctl net.ipv4.ip_forward 0\n"));
	CHECK(strstr(text, "sysctl net.ipv4.conf.eth0.proxy_arp 0\n"));
	CHECK(strstr(text, "nft del umnet-t\n"));
	plan_text(&p, text, sizeof(text), false);
	CHECK(strstr(text, "link up t0\nroute add 192.0.2.60/32 dev t0\n"));
	CHECK(strstr(text, "ip saddr 10.5.0.0/24 oifname \\\"eth0\\\" masquerade"));
	net_plan_free(&p);

	/* Our table, up to date: no nft step */
	CHECK_EQ(net_nft_script(c, script, sizeof(script), marker, sizeof(marker)), 0);
	snprintf(listing, sizeof(listing), "table ip umnet-t {\n\tcomment \"%s\"\n}\n", marker);
	f.h.nft_table = listing;
	CHECK_EQ(net_plan_up(c, &f.h, &p), 0);
	plan_text(&p, text, sizeof(text), false);
	CHECK(!strstr(text, "nft "));
	net_plan_free(&p);

	/* Our table from another version of the file: replaced, old one kept to undo */
	snprintf(listing, sizeof(listing), "table ip umnet-t {\n\tcomment \"old\"\n}\n");
	CHECK_EQ(net_plan_up(c, &f.h, &p), 0);
	plan_text(&p, text, sizeof(text), false);
	CHECK(strstr(text, "nft del umnet-t\nnft load umnet-t"));
	plan_text(&p, text, sizeof(text), true);
	CHECK(strstr(text, "nft load umnet-t \"table ip umnet-t {\\n\\tcomment \\\"old\\\"\\n}\\n\"\n"));
	net_plan_free(&p);
	free(c);
}

TEST(netconf_movable)
{
	struct nl_addr a = { .prefix.family = AF_INET, .scope = RT_SCOPE_UNIVERSE };
	struct nl_route r = { .dst.family = AF_INET, .oif = 2, .type = RTN_UNICAST,
			      .table = RT_TABLE_MAIN, .protocol = RTPROT_BOOT };

	CHECK(net_addr_is_movable(&a));
	a.scope = RT_SCOPE_HOST;
	CHECK(!net_addr_is_movable(&a));
	a = (struct nl_addr){ .prefix.family = AF_INET6, .scope = RT_SCOPE_UNIVERSE };
	CHECK(!net_addr_is_movable(&a));	/* autoconfigured */
	a.flags = IFA_F_PERMANENT;
	CHECK(net_addr_is_movable(&a));
	CHECK(net_route_is_movable(&r, 2));
	CHECK(!net_route_is_movable(&r, 3));
	r.protocol = RTPROT_KERNEL;
	CHECK(!net_route_is_movable(&r, 2));
	r.protocol = RTPROT_STATIC;
	r.table = RT_TABLE_LOCAL;
	CHECK(!net_route_is_movable(&r, 2));
	r.table = RT_TABLE_MAIN;
	addr_prefix_parse("fe80::/64", AF_INET6, &r.dst);
	CHECK(!net_route_is_movable(&r, 2));
}
