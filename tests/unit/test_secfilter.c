// SPDX-License-Identifier: GPL-2.0-or-later
/* test_secfilter.c - port security: settings, frame checks, and the switch applying them */

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "core/secfilter.h"
#include "core/sw.h"
#include "unit.h"

static const uint8_t MAC_A[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x0a };
static const uint8_t MAC_X[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x99 };
static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* ---- frame builders ------------------------------------------------------- */

struct fb {
	uint8_t f[256];
	size_t len;
};

/* Ethernet header with @ntags VLAN tags (TPID 0x8100, then 0x88a8 outermost) */
static uint8_t *fb_eth(struct fb *b, const uint8_t *src, unsigned ntags, uint16_t type)
{
	size_t o = 12;

	memset(b, 0, sizeof(*b));
	memcpy(b->f, BCAST, 6);
	memcpy(b->f + 6, src, 6);
	for (unsigned i = 0; i < ntags; i++) {
		uint16_t tpid = i + 1 < ntags ? 0x88a8 : 0x8100;

		b->f[o++] = (uint8_t)(tpid >> 8);
		b->f[o++] = (uint8_t)tpid;
		b->f[o++] = 0;
		b->f[o++] = (uint8_t)(10 + i);
	}
	b->f[o++] = (uint8_t)(type >> 8);
	b->f[o++] = (uint8_t)type;
	b->len = o;
	return b->f + o;
}

static void fb_arp(struct fb *b, const uint8_t *src, unsigned ntags, const uint8_t *sha,
		   const char *spa)
{
	uint8_t *a = fb_eth(b, src, ntags, 0x0806);

	a[1] = 1;
	a[2] = 0x08;
	a[4] = 6;
	a[5] = 4;
	a[7] = 1;
	memcpy(a + 8, sha, 6);
	inet_pton(AF_INET, spa, a + 14);
	inet_pton(AF_INET, "10.0.0.254", a + 24);
	b->len += 28;
}

static void fb_ipv4(struct fb *b, const uint8_t *src, unsigned ntags, const char *ip,
		    uint16_t sport, uint16_t dport)
{
	uint8_t *p = fb_eth(b, src, ntags, 0x0800);

	p[0] = 0x45;
	p[9] = 17;
	inet_pton(AF_INET, ip, p + 12);
	inet_pton(AF_INET, "255.255.255.255", p + 16);
	p[20] = (uint8_t)(sport >> 8);
	p[21] = (uint8_t)sport;
	p[22] = (uint8_t)(dport >> 8);
	p[23] = (uint8_t)dport;
	b->len += 28;
}

/* IPv6 with an optional hop-by-hop header; payload: UDP, or ICMPv6 @icmp_type
 * with @target and a link-layer option carrying @ll */
static void fb_ipv6(struct fb *b, const uint8_t *src, unsigned ntags, const char *ip,
		    int icmp_type, const char *target, const uint8_t *ll, bool hbh)
{
	uint8_t *p = fb_eth(b, src, ntags, 0x86dd), *u;

	p[0] = 0x60;
	p[6] = hbh ? 0 : icmp_type ? 58 : 17;
	inet_pton(AF_INET6, ip, p + 8);
	inet_pton(AF_INET6, "ff02::1", p + 24);
	u = p + 40;
	if (hbh) {
		u[0] = icmp_type ? 58 : 17;	/* next header; length 0: 8 bytes */
		u += 8;
	}
	if (icmp_type) {
		u[0] = (uint8_t)icmp_type;
		if (target)
			inet_pton(AF_INET6, target, u + 8);
		u[24] = icmp_type == 136 ? 2 : 1;
		u[25] = 1;
		memcpy(u + 26, ll, 6);
		u += 32;
	} else {
		u += 8;
	}
	b->len = (size_t)(u - b->f);
}

static struct secfilter lock(const char *spec)
{
	struct secfilter sf;
	char buf[256], err[128];
	char *argv[8];
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (char *t = strtok(buf, " "); t && argc < 8; t = strtok(NULL, " "))
		argv[argc++] = t;
	if (secfilter_parse(&sf, argc, argv, err, sizeof(err)))
		unit_fail(__FILE__, __LINE__, "'%s': %s", spec, err);
	return sf;
}

/* ---- settings ------------------------------------------------------------- */

TEST(secfilter_parse_and_format)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "mac=52:54:00:00:00:0A", "mac=52:54:00:00:00:0a" },
		{ "mac=52:54:00:00:00:0a,52:54:00:00:00:0b ip=10.0.0.2",
		  "mac=52:54:00:00:00:0a,52:54:00:00:00:0b ip=10.0.0.2" },
		{ "mac=52:54:00:00:00:0a,ip=10.0.0.2,fd00::2", "mac=52:54:00:00:00:0a ip=10.0.0.2,fd00::2" },
		{ "ip=10.0.0.77/24 ip=fe80::1/64", "ip=10.0.0.0/24,fe80::/64" },
		{ "ip=10.1.2.3/0", "ip=0.0.0.0/0" },
		{ "max-macs=4", "max-macs=4" },
		{ "mac=52:54:00:00:00:0a,52:54:00:00:00:0a", "mac=52:54:00:00:00:0a" },
		{ "none", "none" },
		{ "max-macs=0", "none" },
	};
	char buf[SECFILTER_FMT_BYTES];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct secfilter sf = lock(t[i].in), back;

		secfilter_format(&sf, buf, sizeof(buf));
		CHECK_STR(buf, t[i].out);
		back = lock(buf);	/* what is shown reads back the same */
		CHECK(!memcmp(&sf, &back, sizeof(sf)));
	}
}

TEST(secfilter_parse_errors)
{
	static const char *const t[] = {
		"mac=52:54:00:00:00", "mac=52:54:00:00:00:0g", "mac=52-54-00-00-00-0a",
		"mac=01:00:5e:00:00:01", "mac=00:00:00:00:00:00", "mac=52:54:00:00:00:0a:",
		"ip=10.0.0.256", "ip=10.0.0.1/33", "ip=fd00::1/129", "ip=10.0.0.1/", "ip=10.0.0.1/-1",
		"ip=", "mac=", "ip=10.0.0.1,", ",ip=10.0.0.1", "10.0.0.1", "vlan=3",
		"max-macs=x", "max-macs=1,2", "max-macs=1 max-macs=2", "=5", "max-macs=99999999",
	};
	struct secfilter sf;
	char err[128];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char w[64];
		char *argv[2] = { w, NULL };
		int argc = 1;

		snprintf(w, sizeof(w), "%s", t[i]);
		if (strchr(w, ' ')) {
			*strchr(w, ' ') = '\0';
			argv[1] = w + strlen(w) + 1;
			argc = 2;
		}
		err[0] = '\0';
		if (!secfilter_parse(&sf, argc, argv, err, sizeof(err)))
			unit_fail(__FILE__, __LINE__, "'%s' accepted", t[i]);
		CHECK(err[0]);
	}
}

TEST(secfilter_list_bounds)
{
	char w[SECFILTER_MAX_IPS * 16 + 32];
	char *argv[1] = { w };
	struct secfilter sf;
	char err[128];
	int o = snprintf(w, sizeof(w), "ip=");

	for (int i = 0; i < SECFILTER_MAX_IPS; i++)
		o += snprintf(w + o, sizeof(w) - (size_t)o, "%s10.0.0.%d", i ? "," : "", i + 1);
	CHECK_EQ(secfilter_parse(&sf, 1, argv, err, sizeof(err)), 0);
	CHECK_EQ(sf.n_ip, SECFILTER_MAX_IPS);
	snprintf(w + o, sizeof(w) - (size_t)o, ",10.0.1.1");
	CHECK_EQ(secfilter_parse(&sf, 1, argv, err, sizeof(err)), -E2BIG);
	CHECK(strstr(err, "at most"));
}

/* ---- frame checks, table-driven --------------------------------------------- */

enum kind { ARP, IPV4, IPV6, ND_NA, ND_DAD, ND_NS, OTHER };

struct fcase {
	const char *what;
	const char *lock;
	enum kind kind;
	const uint8_t *src;	/* Ethernet source */
	unsigned tags;
	const char *addr;	/* ARP sender / IP source */
	const char *target;	/* ND target */
	const uint8_t *ll;	/* ARP SHA / ND link-layer option */
	uint16_t sport, dport;
	bool hbh;
	enum secfilter_verdict want;
};

#define LOCK_A	"mac=52:54:00:00:00:0a ip=10.0.0.10,fd00::10,fe80::10"

static const struct fcase fcases[] = {
	/* allowed traffic */
	{ "arp", LOCK_A, ARP, MAC_A, 0, "10.0.0.10", NULL, MAC_A, 0, 0, false, SECFILTER_PASS },
	{ "arp probe 0.0.0.0", LOCK_A, ARP, MAC_A, 0, "0.0.0.0", NULL, MAC_A, 0, 0, false,
	  SECFILTER_PASS },
	{ "ipv4", LOCK_A, IPV4, MAC_A, 0, "10.0.0.10", NULL, NULL, 9, 9, false, SECFILTER_PASS },
	{ "dhcp discover", LOCK_A, IPV4, MAC_A, 0, "0.0.0.0", NULL, NULL, 68, 67, false,
	  SECFILTER_PASS },
	{ "ipv6", LOCK_A, IPV6, MAC_A, 0, "fd00::10", NULL, NULL, 0, 0, false, SECFILTER_PASS },
	{ "na own", LOCK_A, ND_NA, MAC_A, 0, "fe80::10", "fd00::10", MAC_A, 0, 0, false,
	  SECFILTER_PASS },
	{ "dad own", LOCK_A, ND_DAD, MAC_A, 0, "::", "fd00::10", MAC_A, 0, 0, false,
	  SECFILTER_PASS },
	{ "ns for another", LOCK_A, ND_NS, MAC_A, 0, "fe80::10", "fd00::99", MAC_A, 0, 0, false,
	  SECFILTER_PASS },
	{ "other ethertype", LOCK_A, OTHER, MAC_A, 0, NULL, NULL, NULL, 0, 0, false,
	  SECFILTER_PASS },
	{ "vlan arp", LOCK_A, ARP, MAC_A, 1, "10.0.0.10", NULL, MAC_A, 0, 0, false,
	  SECFILTER_PASS },
	{ "prefix", "ip=10.0.0.0/24", IPV4, MAC_X, 0, "10.0.0.77", NULL, NULL, 9, 9, false,
	  SECFILTER_PASS },
	{ "mac lock only, any ip", "mac=52:54:00:00:00:0a", IPV4, MAC_A, 0, "192.0.2.1", NULL,
	  NULL, 9, 9, false, SECFILTER_PASS },
	{ "ip lock only, any mac", "ip=10.0.0.10", ARP, MAC_X, 0, "10.0.0.10", NULL, MAC_X, 0, 0,
	  false, SECFILTER_PASS },
	{ "empty filter", "none", ARP, MAC_X, 0, "192.0.2.1", NULL, MAC_A, 0, 0, false,
	  SECFILTER_PASS },
	/* source MAC */
	{ "mac spoof", LOCK_A, IPV4, MAC_X, 0, "10.0.0.10", NULL, NULL, 9, 9, false,
	  SECFILTER_DROP_MAC },
	{ "vlan mac spoof", LOCK_A, OTHER, MAC_X, 2, NULL, NULL, NULL, 0, 0, false,
	  SECFILTER_DROP_MAC },
	/* ARP spoofing */
	{ "arp spa spoof", LOCK_A, ARP, MAC_A, 0, "10.0.0.1", NULL, MAC_A, 0, 0, false,
	  SECFILTER_DROP_ARP },
	{ "arp sha spoof", LOCK_A, ARP, MAC_A, 0, "10.0.0.10", NULL, MAC_X, 0, 0, false,
	  SECFILTER_DROP_ARP },
	{ "vlan arp spoof", LOCK_A, ARP, MAC_A, 1, "10.0.0.1", NULL, MAC_A, 0, 0, false,
	  SECFILTER_DROP_ARP },
	{ "qinq arp spoof", LOCK_A, ARP, MAC_A, 2, "10.0.0.1", NULL, MAC_A, 0, 0, false,
	  SECFILTER_DROP_ARP },
	{ "ip lock: v4 set empty", "ip=fd00::10", ARP, MAC_A, 0, "10.0.0.10", NULL, MAC_A, 0, 0,
	  false, SECFILTER_DROP_ARP },
	/* IPv4 spoofing */
	{ "ipv4 spoof", LOCK_A, IPV4, MAC_A, 0, "10.0.0.11", NULL, NULL, 9, 9, false,
	  SECFILTER_DROP_IPV4 },
	{ "vlan ipv4 spoof", LOCK_A, IPV4, MAC_A, 1, "10.0.0.11", NULL, NULL, 9, 9, false,
	  SECFILTER_DROP_IPV4 },
	{ "qinq ipv4 spoof", LOCK_A, IPV4, MAC_A, 2, "10.0.0.11", NULL, NULL, 9, 9, false,
	  SECFILTER_DROP_IPV4 },
	{ "0.0.0.0 not dhcp", LOCK_A, IPV4, MAC_A, 0, "0.0.0.0", NULL, NULL, 9, 67, false,
	  SECFILTER_DROP_IPV4 },
	{ "outside prefix", "ip=10.0.0.0/24", IPV4, MAC_X, 0, "10.0.1.1", NULL, NULL, 9, 9, false,
	  SECFILTER_DROP_IPV4 },
	/* IPv6 and neighbour discovery spoofing */
	{ "ipv6 spoof", LOCK_A, IPV6, MAC_A, 0, "fd00::11", NULL, NULL, 0, 0, false,
	  SECFILTER_DROP_IPV6 },
	{ "ipv6 :: udp", LOCK_A, IPV6, MAC_A, 0, "::", NULL, NULL, 0, 0, false,
	  SECFILTER_DROP_IPV6 },
	{ "vlan ipv6 spoof", LOCK_A, IPV6, MAC_A, 1, "fd00::11", NULL, NULL, 0, 0, false,
	  SECFILTER_DROP_IPV6 },
	{ "na spoof target", LOCK_A, ND_NA, MAC_A, 0, "fe80::10", "fd00::1", MAC_A, 0, 0, false,
	  SECFILTER_DROP_ND },
	{ "na spoof behind hop-by-hop", LOCK_A, ND_NA, MAC_A, 0, "fe80::10", "fd00::1", MAC_A,
	  0, 0, true, SECFILTER_DROP_ND },
	{ "vlan na spoof", LOCK_A, ND_NA, MAC_A, 1, "fe80::10", "fd00::1", MAC_A, 0, 0, false,
	  SECFILTER_DROP_ND },
	{ "na spoof link-layer", LOCK_A, ND_NA, MAC_A, 0, "fe80::10", "fd00::10", MAC_X, 0, 0,
	  false, SECFILTER_DROP_ND },
	{ "ns spoof link-layer", LOCK_A, ND_NS, MAC_A, 0, "fe80::10", "fd00::99", MAC_X, 0, 0,
	  false, SECFILTER_DROP_ND },
	{ "dad for another", LOCK_A, ND_DAD, MAC_A, 0, "::", "fd00::1", MAC_A, 0, 0, false,
	  SECFILTER_DROP_ND },
	{ "na from outside source", LOCK_A, ND_NA, MAC_A, 0, "fe80::99", "fd00::10", MAC_A, 0, 0,
	  false, SECFILTER_DROP_IPV6 },
	{ "ip lock: v6 set empty", "ip=10.0.0.10", IPV6, MAC_A, 0, "fd00::10", NULL, NULL, 0, 0,
	  false, SECFILTER_DROP_IPV6 },
};

static void build(struct fb *b, const struct fcase *c)
{
	switch (c->kind) {
	case ARP:
		fb_arp(b, c->src, c->tags, c->ll, c->addr);
		break;
	case IPV4:
		fb_ipv4(b, c->src, c->tags, c->addr, c->sport, c->dport);
		break;
	case IPV6:
		fb_ipv6(b, c->src, c->tags, c->addr, 0, NULL, NULL, c->hbh);
		break;
	case ND_NA:
		fb_ipv6(b, c->src, c->tags, c->addr, 136, c->target, c->ll, c->hbh);
		break;
	case ND_DAD:
	case ND_NS:
		fb_ipv6(b, c->src, c->tags, c->addr, 135, c->target, c->ll, c->hbh);
		break;
	case OTHER:
		fb_eth(b, c->src, c->tags, 0x88b5);
		b->len += 46;
		break;
	}
}

TEST(secfilter_frames)
{
	for (size_t i = 0; i < sizeof(fcases) / sizeof(fcases[0]); i++) {
		const struct fcase *c = &fcases[i];
		struct secfilter sf = lock(c->lock);
		enum secfilter_verdict v;
		struct fb b;

		build(&b, c);
		v = secfilter_check(&sf, b.f, b.len);
		if (v != c->want)
			unit_fail(__FILE__, __LINE__, "%s: got %s, want %s", c->what,
				  secfilter_verdict_names[v], secfilter_verdict_names[c->want]);
	}
}

TEST(secfilter_truncated_headers)
{
	struct secfilter sf = lock(LOCK_A);
	struct fb b;
	size_t full;

	/* every cut of a header that can be checked only whole is a drop */
	fb_arp(&b, MAC_A, 1, MAC_A, "10.0.0.10");
	full = b.len;
	CHECK_EQ(secfilter_check(&sf, b.f, full), SECFILTER_PASS);
	for (size_t len = 18; len < full; len++)
		CHECK_EQ(secfilter_check(&sf, b.f, len), SECFILTER_DROP_ARP);
	fb_ipv4(&b, MAC_A, 0, "10.0.0.10", 9, 9);
	for (size_t len = 14; len < 14 + 20; len++)
		CHECK_EQ(secfilter_check(&sf, b.f, len), SECFILTER_DROP_IPV4);
	b.f[14] = 0x4f;		/* IHL 60 bytes, longer than the packet */
	CHECK_EQ(secfilter_check(&sf, b.f, b.len), SECFILTER_DROP_IPV4);
	b.f[14] = 0x65;		/* version 6 in an IPv4 frame */
	CHECK_EQ(secfilter_check(&sf, b.f, b.len), SECFILTER_DROP_IPV4);
	fb_ipv6(&b, MAC_A, 0, "fd00::10", 0, NULL, NULL, false);
	for (size_t len = 14; len < 14 + 40; len++)
		CHECK_EQ(secfilter_check(&sf, b.f, len), SECFILTER_DROP_IPV6);
	/* a neighbour advertisement cut before its target cannot claim it */
	fb_ipv6(&b, MAC_A, 0, "fe80::10", 136, "fd00::10", MAC_A, false);
	CHECK_EQ(secfilter_check(&sf, b.f, b.len), SECFILTER_PASS);
	CHECK_EQ(secfilter_check(&sf, b.f, 14 + 40 + 20), SECFILTER_DROP_ND);
	/* an option with length 0 is malformed (RFC 4861 4.6) */
	b.f[14 + 40 + 25] = 0;
	CHECK_EQ(secfilter_check(&sf, b.f, b.len), SECFILTER_DROP_ND);
	/* runts: nothing to check them by */
	CHECK_EQ(secfilter_check(&sf, b.f, 13), SECFILTER_DROP_MAC);
	/* a tag with nothing after it is not IP: passes the IP lock */
	fb_eth(&b, MAC_A, 1, 0x8100);
	CHECK_EQ(secfilter_check(&sf, b.f, 16), SECFILTER_PASS);
}

/* ---- the switch applying it --------------------------------------------------- */

struct out {
	unsigned port[16];
	unsigned n;
};

static void out_cb(void *opaque, unsigned port, const uint8_t *frame, size_t len)
{
	struct out *o = opaque;

	(void)frame, (void)len;
	if (o->n < 16)
		o->port[o->n++] = port;
}

static const struct sw_ops out_ops = { .output = out_cb };

static struct sw *mk_sw(struct out *o)
{
	struct sw_config cfg = { .max_ports = 8, .max_macs = 64, .age_ms = 0, .key = { { 3, 4 } } };
	struct sw *sw = sw_new(&cfg, &out_ops, o);

	memset(o, 0, sizeof(*o));
	for (unsigned p = 1; p <= 4; p++)
		sw_port_add(sw, p);
	return sw;
}

TEST(sw_security_drops_and_counts)
{
	struct secfilter sf = lock(LOCK_A " max-macs=1");
	struct out o;
	struct sw *sw = mk_sw(&o);
	const struct sw_stats *st = sw_port_stats(sw, 1);
	struct fb b;

	CHECK_EQ(sw_set_security(sw, 1, &sf), 0);
	CHECK(sw_security(sw, 1) && sw_security(sw, 1)->n_mac == 1);
	CHECK(!sw_security(sw, 2));
	CHECK_EQ(sw_set_security(sw, 6, &sf), -ENOENT);
	CHECK_EQ(sw_set_security(sw, 8, &sf), -EINVAL);

	fb_arp(&b, MAC_A, 0, MAC_A, "10.0.0.1");		/* spoofed sender */
	CHECK(!sw_input(sw, 1, b.f, b.len, 0));
	CHECK_EQ(o.n, 0);
	CHECK_EQ(st->drops[SW_DROP_SEC_ARP], 1);
	CHECK_EQ(fdb_count(sw_fdb(sw)), 0);			/* not learned either */
	fb_ipv4(&b, MAC_X, 0, "10.0.0.10", 9, 9);		/* spoofed MAC */
	CHECK(!sw_input(sw, 1, b.f, b.len, 0));
	CHECK_EQ(st->drops[SW_DROP_SEC_MAC], 1);
	fb_ipv4(&b, MAC_A, 0, "10.0.0.11", 9, 9);
	sw_input(sw, 1, b.f, b.len, 0);
	fb_ipv6(&b, MAC_A, 0, "fd00::11", 0, NULL, NULL, false);
	sw_input(sw, 1, b.f, b.len, 0);
	fb_ipv6(&b, MAC_A, 0, "fe80::10", 136, "fd00::1", MAC_A, false);
	sw_input(sw, 1, b.f, b.len, 0);
	CHECK_EQ(st->drops[SW_DROP_SEC_IPV4], 1);
	CHECK_EQ(st->drops[SW_DROP_SEC_IPV6], 1);
	CHECK_EQ(st->drops[SW_DROP_SEC_ND], 1);
	CHECK_EQ(o.n, 0);
	CHECK_STR(sw_drop_names[SW_DROP_SEC_ND], "sec_nd");

	fb_arp(&b, MAC_A, 0, MAC_A, "10.0.0.10");		/* allowed: flooded */
	CHECK(sw_input(sw, 1, b.f, b.len, 0));
	CHECK_EQ(o.n, 3);
	CHECK_EQ(fdb_count(sw_fdb(sw)), 1);

	/* other ports are not affected */
	o.n = 0;
	fb_arp(&b, MAC_X, 0, MAC_X, "10.0.0.1");
	CHECK(sw_input(sw, 2, b.f, b.len, 0));
	CHECK_EQ(o.n, 3);

	/* cleared by request, and when the port goes */
	CHECK_EQ(sw_set_security(sw, 1, NULL), 0);
	CHECK(!sw_security(sw, 1));
	CHECK_EQ(sw_set_security(sw, 1, &sf), 0);
	sw_port_del(sw, 1);
	sw_port_add(sw, 1);
	CHECK(!sw_security(sw, 1));
	sw_free(sw);
}

TEST(sw_security_max_macs)
{
	struct secfilter sf = lock("max-macs=2");
	struct out o;
	struct sw *sw = mk_sw(&o);
	struct fb b;
	uint8_t mac[6] = { 0x52, 0x54, 0, 0, 1, 0 };

	CHECK_EQ(sw_set_security(sw, 3, &sf), 0);
	for (uint8_t i = 1; i <= 5; i++) {
		mac[5] = i;
		fb_ipv4(&b, mac, 0, "192.0.2.1", 9, 9);
		CHECK(sw_input(sw, 3, b.f, b.len, 0));	/* forwarded, just not learned */
	}
	CHECK_EQ(fdb_port_count(sw_fdb(sw), 3), 2);
	CHECK_EQ(sw_port_stats(sw, 3)->learn_refused, 3);
	/* another port still learns */
	fb_ipv4(&b, MAC_X, 0, "192.0.2.2", 9, 9);
	sw_input(sw, 2, b.f, b.len, 0);
	CHECK_EQ(fdb_port_count(sw_fdb(sw), 2), 1);
	sw_free(sw);
}

static unsigned count_to(const struct out *o, unsigned port)
{
	unsigned n = 0;

	for (unsigned i = 0; i < o->n; i++)
		n += o->port[i] == port;
	return n;
}

TEST(sw_mirror_copies_both_directions)
{
	struct out o;
	struct sw *sw = mk_sw(&o);
	struct fb b;
	uint8_t a2[6] = { 0x52, 0x54, 0, 0, 0, 2 }, a3[6] = { 0x52, 0x54, 0, 0, 0, 3 };

	CHECK_EQ(sw_mirror(sw, 2), -ENOENT);
	CHECK_EQ(sw_set_mirror(sw, 2, 2), -EINVAL);
	CHECK_EQ(sw_set_mirror(sw, 2, 7), -ENOENT);
	CHECK_EQ(sw_set_mirror(sw, 2, 4), 0);
	CHECK_EQ(sw_mirror(sw, 2), 4);

	/* learn 2 and 3 (broadcasts: 4 gets the flood and a mirror copy of 2's) */
	fb_eth(&b, a2, 0, 0x88b5);
	b.len = 60;
	sw_input(sw, 2, b.f, b.len, 0);
	CHECK_EQ(count_to(&o, 4), 2);
	o.n = 0;
	fb_eth(&b, a3, 0, 0x88b5);
	b.len = 60;
	sw_input(sw, 3, b.f, b.len, 0);
	/* the flood to 4, and a copy of what went out of 2 */
	CHECK_EQ(count_to(&o, 4), 2);

	/* unicast 3 -> 2: egress of 2, copied to 4 */
	o.n = 0;
	memcpy(b.f, a2, 6);
	sw_input(sw, 3, b.f, b.len, 0);
	CHECK_EQ(o.n, 2);
	CHECK_EQ(count_to(&o, 2), 1);
	CHECK_EQ(count_to(&o, 4), 1);
	/* unicast 2 -> 3: ingress of 2, copied to 4 */
	o.n = 0;
	fb_eth(&b, a2, 0, 0x88b5);
	memcpy(b.f, a3, 6);
	b.len = 60;
	sw_input(sw, 2, b.f, b.len, 0);
	CHECK_EQ(count_to(&o, 3), 1);
	CHECK_EQ(count_to(&o, 4), 1);
	/* 4 talking to 2 gets no copy of its own frame */
	o.n = 0;
	b.f[11] = 4;
	memcpy(b.f, a2, 6);
	sw_input(sw, 4, b.f, b.len, 0);
	CHECK_EQ(o.n, 1);
	CHECK_EQ(count_to(&o, 2), 1);

	/* the mirror goes with either port */
	sw_port_del(sw, 4);
	CHECK_EQ(sw_mirror(sw, 2), -ENOENT);
	sw_port_add(sw, 4);
	CHECK_EQ(sw_set_mirror(sw, 2, 4), 0);
	sw_port_del(sw, 2);
	sw_port_add(sw, 2);
	CHECK_EQ(sw_mirror(sw, 2), -ENOENT);
	/* and can be stopped */
	CHECK_EQ(sw_set_mirror(sw, 1, 3), 0);
	CHECK_EQ(sw_set_mirror(sw, 1, SW_MIRROR_OFF), 0);
	CHECK_EQ(sw_mirror(sw, 1), -ENOENT);
	o.n = 0;
	fb_eth(&b, a2, 0, 0x88b5);
	b.len = 60;
	sw_input(sw, 1, b.f, b.len, 0);
	CHECK_EQ(o.n, 3);
	sw_free(sw);
}
