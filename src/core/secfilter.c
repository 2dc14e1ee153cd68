// SPDX-License-Identifier: GPL-2.0-or-later
/* secfilter.c - port security: the source MACs and IP addresses a port may use; no I/O
 *
 * DOC: Theory of operation
 *
 * A port may be locked to a set of MAC addresses, to a set of IPv4/IPv6
 * addresses and prefixes, or both. secfilter_check() looks at one received
 * frame, through as many 802.1Q/802.1ad tags as it carries, and returns why
 * it must be dropped, or SECFILTER_PASS:
 *
 * - MAC lock: the Ethernet source, the sender hardware address of ARP and
 *   the source/target link-layer address options of neighbour discovery
 *   must all be in the set. Otherwise a guest could keep its own MAC and
 *   still point others' ARP and neighbour caches at a MAC it does not own.
 * - IP lock: the sender of ARP (0.0.0.0 allowed: RFC 5227 probes), the
 *   source of IPv4 (0.0.0.0 only for a DHCP client's UDP 68 -> 67) and the
 *   source of IPv6 (:: only for router and neighbour solicitations and MLDv2
 *   reports, which duplicate address detection sends) must be allowed. A
 *   neighbour advertisement, and a DAD solicitation, must name an allowed
 *   target: that is how IPv6 addresses are claimed, whatever the source.
 *   Truncated ARP/IPv4/IPv6 headers cannot be checked and are dropped.
 *
 * Other ethertypes pass: the lock is about the addresses others' ARP and
 * neighbour caches learn and the sources their IP stacks accept. IPv6 needs a
 * link-local address to work at all, so an IPv6 set normally includes one
 * (or fe80::/64). The check reads only the given bytes and never allocates.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/addr.h"
#include "core/secfilter.h"

#define ETH_P_IP	0x0800
#define ETH_P_ARP	0x0806
#define ETH_P_IPV6	0x86dd
#define IPPROTO_ICMP6	58
#define ND_RS		133
#define ND_RA		134
#define ND_NS		135
#define ND_NA		136
#define ND_REDIRECT	137
#define MLD2_REPORT	143
#define ND_OPT_SLLA	1
#define ND_OPT_TLLA	2
#define SECF_ITEM_MAX	64

const char *const secfilter_verdict_names[SECFILTER_VERDICT_MAX] = {
	[SECFILTER_PASS] = "pass",
	[SECFILTER_DROP_MAC] = "sec_mac",
	[SECFILTER_DROP_ARP] = "sec_arp",
	[SECFILTER_DROP_IPV4] = "sec_ipv4",
	[SECFILTER_DROP_IPV6] = "sec_ipv6",
	[SECFILTER_DROP_ND] = "sec_nd",
};

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static bool is_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static bool prefix_match(const uint8_t *a, const uint8_t *net, unsigned bits)
{
	unsigned bytes = bits / 8, rest = bits % 8;

	if (memcmp(a, net, bytes) != 0)
		return false;
	if (!rest)
		return true;
	return !((a[bytes] ^ net[bytes]) & (uint8_t)(0xff << (8 - rest)));
}

static bool mac_is_allowed(const struct secfilter *sf, const uint8_t *mac)
{
	for (unsigned i = 0; i < sf->n_mac; i++)
		if (!memcmp(sf->mac[i], mac, 6))
			return true;
	return false;
}

static bool ip_is_allowed(const struct secfilter *sf, uint8_t family, const uint8_t *addr)
{
	for (unsigned i = 0; i < sf->n_ip; i++)
		if (sf->ip[i].family == family && prefix_match(addr, sf->ip[i].addr, sf->ip[i].prefix))
			return true;
	return false;
}

/**
 * secfilter_init() - An empty filter: everything passes
 * @sf:		filter
 */
void secfilter_init(struct secfilter *sf)
{
	memset(sf, 0, sizeof(*sf));
}

/**
 * secfilter_is_empty() - Whether a filter checks nothing and bounds nothing
 * @sf:		filter
 *
 * Return: true if no MAC or IP lock and no max-macs is set
 */
bool secfilter_is_empty(const struct secfilter *sf)
{
	return !sf->n_mac && !sf->ip_lock && !sf->max_macs;
}

/* ---- checks ------------------------------------------------------------- */

static enum secfilter_verdict check_arp(const struct secfilter *sf, const uint8_t *p, size_t n)
{
	if (n < 8 || be16(p) != 1 || be16(p + 2) != ETH_P_IP || p[4] != 6 || p[5] != 4)
		return SECFILTER_DROP_ARP;	/* not Ethernet/IPv4 ARP: cannot check */
	if (n < 28)
		return SECFILTER_DROP_ARP;
	if (sf->n_mac && !mac_is_allowed(sf, p + 8))
		return SECFILTER_DROP_ARP;
	if (sf->ip_lock && !is_zero(p + 14, 4) && !ip_is_allowed(sf, 4, p + 14))
		return SECFILTER_DROP_ARP;
	return SECFILTER_PASS;
}

/* A DHCP client has no address yet: UDP 68 -> 67 from 0.0.0.0 (RFC 2131 4.1) */
static bool ip4_is_dhcp_client(const uint8_t *p, size_t n, size_t ihl)
{
	return p[9] == 17 && !(be16(p + 6) & 0x1fff) && n >= ihl + 8 &&
	       be16(p + ihl) == 68 && be16(p + ihl + 2) == 67;
}

static enum secfilter_verdict check_ipv4(const struct secfilter *sf, const uint8_t *p, size_t n)
{
	size_t ihl;

	if (n < 20 || p[0] >> 4 != 4)
		return SECFILTER_DROP_IPV4;
	ihl = (size_t)(p[0] & 0xf) * 4;
	if (ihl < 20 || n < ihl)
		return SECFILTER_DROP_IPV4;
	if (ip_is_allowed(sf, 4, p + 12))
		return SECFILTER_PASS;
	if (is_zero(p + 12, 4) && ip4_is_dhcp_client(p, n, ihl))
		return SECFILTER_PASS;
	return SECFILTER_DROP_IPV4;
}

static enum secfilter_verdict check_nd(const struct secfilter *sf, const uint8_t *icmp,
				       size_t n, bool src_unspec)
{
	size_t opt;

	switch (icmp[0]) {
	case ND_RS:
		opt = 8;
		break;
	case ND_RA:
		opt = 16;
		break;
	case ND_NS:
	case ND_NA:
		opt = 24;
		break;
	case ND_REDIRECT:
		opt = 40;
		break;
	default:
		return SECFILTER_PASS;
	}
	if (n < opt)
		return SECFILTER_DROP_ND;
	/* Claiming an address: an advertisement, or duplicate address detection */
	if (sf->ip_lock && (icmp[0] == ND_NA || (icmp[0] == ND_NS && src_unspec)) &&
	    !ip_is_allowed(sf, 6, icmp + 8))
		return SECFILTER_DROP_ND;
	if (!sf->n_mac)
		return SECFILTER_PASS;
	while (opt + 2 <= n) {
		size_t olen = (size_t)icmp[opt + 1] * 8;

		if (!olen || opt + olen > n)
			return SECFILTER_DROP_ND;	/* receivers drop these too */
		if ((icmp[opt] == ND_OPT_SLLA || icmp[opt] == ND_OPT_TLLA) && olen >= 8 &&
		    icmp[0] != ND_REDIRECT && !mac_is_allowed(sf, icmp + opt + 2))
			return SECFILTER_DROP_ND;
		opt += olen;
	}
	return SECFILTER_PASS;
}

/* Offset of the upper-layer header and its protocol, past extension headers;
 * false if it cannot be found in the given bytes (or in a later fragment) */
static bool ipv6_upper(const uint8_t *p, size_t n, size_t *off, uint8_t *proto)
{
	uint8_t nh = p[6];
	size_t o = 40;

	for (unsigned i = 0; i < 8; i++) {
		switch (nh) {
		case 0:		/* hop-by-hop */
		case 43:	/* routing */
		case 60:	/* destination options */
			if (n < o + 8)
				return false;
			nh = p[o];
			o += ((size_t)p[o + 1] + 1) * 8;
			break;
		case 44:	/* fragment: only the first one holds the header */
			if (n < o + 8 || (be16(p + o + 2) & 0xfff8))
				return false;
			nh = p[o];
			o += 8;
			break;
		default:
			*off = o;
			*proto = nh;
			return o <= n;
		}
	}
	return false;
}

static enum secfilter_verdict check_ipv6(const struct secfilter *sf, const uint8_t *p, size_t n)
{
	const uint8_t *icmp = NULL;
	bool unspec;
	size_t off = 0;		/* set when icmp is; gcc -O2 cannot tell */
	uint8_t proto;

	if (n < 40 || p[0] >> 4 != 6)
		return sf->ip_lock ? SECFILTER_DROP_IPV6 : SECFILTER_PASS;
	if (ipv6_upper(p, n, &off, &proto) && proto == IPPROTO_ICMP6 && n >= off + 4)
		icmp = p + off;
	unspec = is_zero(p + 8, 16);
	if (sf->ip_lock) {
		if (unspec) {
			if (!icmp || (icmp[0] != ND_RS && icmp[0] != ND_NS && icmp[0] != MLD2_REPORT))
				return SECFILTER_DROP_IPV6;
		} else if (!ip_is_allowed(sf, 6, p + 8)) {
			return SECFILTER_DROP_IPV6;
		}
	}
	return icmp ? check_nd(sf, icmp, n - off, unspec) : SECFILTER_PASS;
}

/**
 * secfilter_check() - Whether a port may send this frame
 * @sf:		the port's filter
 * @frame:	the frame, from the destination MAC on
 * @len:	its length
 *
 * Return: SECFILTER_PASS, or the reason to drop it
 */
enum secfilter_verdict secfilter_check(const struct secfilter *sf, const uint8_t *frame,
				       size_t len)
{
	size_t off = 12;
	uint16_t type;

	if (!sf->n_mac && !sf->ip_lock)
		return SECFILTER_PASS;
	if (len < 14)
		return SECFILTER_DROP_MAC;	/* nothing to check it by */
	if (sf->n_mac && !mac_is_allowed(sf, frame + 6))
		return SECFILTER_DROP_MAC;
	/* Walk every VLAN tag: a tagged ARP poisons a VLAN interface's cache */
	type = be16(frame + off);
	while ((type == 0x8100 || type == 0x88a8 || type == 0x9100) && len >= off + 6) {
		off += 4;
		type = be16(frame + off);
	}
	off += 2;
	switch (type) {
	case ETH_P_ARP:
		return check_arp(sf, frame + off, len - off);
	case ETH_P_IP:
		return sf->ip_lock ? check_ipv4(sf, frame + off, len - off) : SECFILTER_PASS;
	case ETH_P_IPV6:
		return check_ipv6(sf, frame + off, len - off);
	default:
		return SECFILTER_PASS;
	}
}

/* ---- settings ------------------------------------------------------------ */

static int parse_ip(const char *s, struct secfilter_ip *ip)
{
	struct addr_prefix p;

	if (addr_prefix_parse(s, AF_UNSPEC, &p))
		return -EINVAL;
	/* keep the network part only, so that the listing shows what matches */
	addr_prefix_mask(&p);
	memset(ip, 0, sizeof(*ip));
	ip->family = p.family == AF_INET ? 4 : 6;
	ip->prefix = (uint8_t)p.plen;
	memcpy(ip->addr, p.addr, sizeof(ip->addr));
	return 0;
}

static int parse_item(struct secfilter *sf, const char *key, const char *val, bool *have_max,
		      char *err, size_t errlen)
{
	if (!strcmp(key, "mac")) {
		uint8_t mac[6];

		if (addr_mac_parse(val, mac) || (mac[0] & 1) || is_zero(mac, 6)) {
			snprintf(err, errlen, "mac=%s: not a unicast MAC address "
				 "(like 52:54:00:12:34:56)", val);
			return -EINVAL;
		}
		if (mac_is_allowed(sf, mac))
			return 0;
		if (sf->n_mac >= SECFILTER_MAX_MACS) {
			snprintf(err, errlen, "mac=: at most %d addresses", SECFILTER_MAX_MACS);
			return -E2BIG;
		}
		memcpy(sf->mac[sf->n_mac++], mac, 6);
		return 0;
	}
	if (!strcmp(key, "ip")) {
		struct secfilter_ip ip;

		if (parse_ip(val, &ip)) {
			snprintf(err, errlen, "ip=%s: not an IPv4 or IPv6 address or prefix", val);
			return -EINVAL;
		}
		if (sf->n_ip >= SECFILTER_MAX_IPS) {
			snprintf(err, errlen, "ip=: at most %d addresses", SECFILTER_MAX_IPS);
			return -E2BIG;
		}
		sf->ip[sf->n_ip++] = ip;
		sf->ip_lock = true;
		return 0;
	}
	if (!strcmp(key, "max-macs")) {
		unsigned long v = 0;
		const char *s = val;

		if (*have_max || !*s || strlen(s) > 7)
			goto bad_max;
		for (; *s; s++) {
			if (*s < '0' || *s > '9')
				goto bad_max;
			v = v * 10 + (unsigned long)(*s - '0');
		}
		sf->max_macs = (unsigned)v;
		*have_max = true;
		return 0;
bad_max:
		snprintf(err, errlen, "max-macs=%s: give one number from 0 (no bound) to 9999999",
			 val);
		return -EINVAL;
	}
	snprintf(err, errlen, "unknown port security setting '%s' (mac=, ip=, max-macs=)", key);
	return -EINVAL;
}

/**
 * secfilter_parse() - Build a filter from settings words
 * @sf:		filter to fill (reset first)
 * @argc:	number of words
 * @argv:	words: mac=MAC[,MAC...] ip=ADDR[/PREFIX][,...] max-macs=N; a comma
 *		may also separate settings ("mac=M,ip=A" is "mac=M ip=A"); "none"
 *		adds nothing
 * @err:	error message buffer
 * @errlen:	its size
 *
 * Return: 0, or -EINVAL/-E2BIG with a message in @err
 */
int secfilter_parse(struct secfilter *sf, int argc, char *const *argv, char *err, size_t errlen)
{
	bool have_max = false;

	secfilter_init(sf);
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		char key[16] = "";

		if (!strcmp(s, "none"))
			continue;	/* what secfilter_format() prints for nothing */

		while (*s) {
			char item[SECF_ITEM_MAX];
			const char *comma = strchr(s, ',');
			size_t n = comma ? (size_t)(comma - s) : strlen(s);
			const char *eq, *val = item;
			int ret;

			if (!n || n >= sizeof(item)) {
				snprintf(err, errlen, "'%s': %s", argv[i],
					 n ? "item too long" : "empty item");
				return -EINVAL;
			}
			memcpy(item, s, n);
			item[n] = '\0';
			eq = strchr(item, '=');
			if (eq) {
				size_t klen = (size_t)(eq - item);

				if (klen >= sizeof(key) || !klen) {
					snprintf(err, errlen, "'%s': bad setting name", item);
					return -EINVAL;
				}
				memcpy(key, item, klen);
				key[klen] = '\0';
				val = eq + 1;
			} else if (!key[0]) {
				snprintf(err, errlen, "'%s': expected mac=, ip= or max-macs=", item);
				return -EINVAL;
			}
			ret = parse_item(sf, key, val, &have_max, err, errlen);
			if (ret)
				return ret;
			s += n;
			if (*s == ',' && !*++s) {
				snprintf(err, errlen, "'%s': trailing comma", argv[i]);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/**
 * secfilter_format_ip() - Text form of an allowed address: ADDR or ADDR/PREFIX
 * @ip:		entry
 * @buf:	output (at least 44 bytes for any entry)
 * @len:	its size
 *
 * Return: length written, or -ENOSPC
 */
int secfilter_format_ip(const struct secfilter_ip *ip, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	int n;

	if (!inet_ntop(ip->family == 4 ? AF_INET : AF_INET6, ip->addr, a, sizeof(a)))
		return -EINVAL;
	if (ip->prefix == (ip->family == 4 ? 32 : 128))
		n = snprintf(buf, len, "%s", a);
	else
		n = snprintf(buf, len, "%s/%u", a, ip->prefix);
	return n < 0 || (size_t)n >= len ? -ENOSPC : n;
}

/**
 * secfilter_format() - The settings as words secfilter_parse() reads back
 * @sf:		filter
 * @buf:	output, SECFILTER_FMT_BYTES always suffices
 * @len:	its size
 *
 * Return: length of the text ("none" for an empty filter), truncated to fit
 */
size_t secfilter_format(const struct secfilter *sf, char *buf, size_t len)
{
	size_t o = 0;

#define SECF_PUT(...) do {							\
		int _n = snprintf(buf + o, o < len ? len - o : 0, __VA_ARGS__); \
		if (_n > 0)							\
			o += (size_t)_n;					\
	} while (0)

	if (!len)
		return 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < sf->n_mac; i++) {
		char m[ADDR_MAC_STRLEN];

		addr_mac_format(sf->mac[i], m);
		SECF_PUT("%s%s", i ? "," : "mac=", m);
	}
	for (unsigned i = 0; i < sf->n_ip; i++) {
		char a[64];

		if (secfilter_format_ip(&sf->ip[i], a, sizeof(a)) < 0)
			continue;
		SECF_PUT("%s%s", i ? "," : (o ? " ip=" : "ip="), a);
	}
	if (sf->max_macs)
		SECF_PUT("%smax-macs=%u", o ? " " : "", sf->max_macs);
	if (!o)
		SECF_PUT("none");
#undef SECF_PUT
	return o < len ? o : len - 1;
}
