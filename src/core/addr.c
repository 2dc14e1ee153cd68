// SPDX-License-Identifier: GPL-2.0-or-later
/* addr.c - MAC and IP addresses and prefixes: parse, format, mask; no I/O
 *
 * The one place where umnet turns addresses into text and back: the
 * management protocol (port security), umnet-net's configuration and
 * steps, the helper's policy, and every command line. Parsing is strict:
 * IPv4 is a dotted quad as inet_pton() takes it (no octal, hex or short
 * forms that inet_aton() would accept), prefix lengths are decimal without
 * sign, spaces or leading zeros, MACs are six pairs of hex digits.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/addr.h"
#include "core/text.h"

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * addr_mac_parse() - Parse a MAC address "aa:bb:cc:dd:ee:ff"
 * @s:		text: six pairs of hex digits separated by ':'
 * @mac:	result, ADDR_ETH_ALEN bytes
 *
 * Return: 0 or -EINVAL
 */
int addr_mac_parse(const char *s, uint8_t *mac)
{
	uint8_t out[ADDR_ETH_ALEN];

	if (!s || strnlen(s, ADDR_MAC_STRLEN) != ADDR_MAC_STRLEN - 1)
		return -EINVAL;
	for (int i = 0; i < ADDR_ETH_ALEN; i++) {
		int hi = hex_digit(s[3 * i]), lo = hex_digit(s[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < ADDR_ETH_ALEN - 1 && s[3 * i + 2] != ':'))
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, out, sizeof(out));
	return 0;
}

/**
 * addr_mac_format() - Write "aa:bb:cc:dd:ee:ff"
 * @mac:	ADDR_ETH_ALEN bytes
 * @buf:	output, ADDR_MAC_STRLEN bytes
 */
void addr_mac_format(const uint8_t *mac, char *buf)
{
	snprintf(buf, ADDR_MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

static int family_guess(const char *s, int family)
{
	if (family == AF_UNSPEC)
		return strchr(s, ':') ? AF_INET6 : AF_INET;
	return family;
}

/**
 * addr_ip_parse() - Parse a bare IPv4 or IPv6 address
 * @s:		"192.0.2.1" or "2001:db8::1"; no prefix length, no zone
 * @family:	AF_INET, AF_INET6, or AF_UNSPEC to tell by the text
 * @p:		result, with the full prefix length (32 or 128)
 *
 * Return: 0 or -EINVAL
 */
int addr_ip_parse(const char *s, int family, struct addr_prefix *p)
{
	char buf[INET6_ADDRSTRLEN];
	size_t n;

	if (!s || (n = strnlen(s, sizeof(buf))) == sizeof(buf) || n == 0)
		return -EINVAL;
	family = family_guess(s, family);
	if (family != AF_INET && family != AF_INET6)
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	memcpy(buf, s, n + 1);
	if (inet_pton(family, buf, p->addr) != 1)
		return -EINVAL;
	p->family = family;
	p->plen = family == AF_INET ? 32 : 128;
	return 0;
}

/**
 * addr_prefix_parse() - Parse "address/length" (or a bare address: full length)
 * @s:		"192.0.2.1/24", "2001:db8::/32", "10.0.0.1"
 * @family:	AF_INET, AF_INET6, or AF_UNSPEC to tell by the text
 * @p:		result; host bits are kept (addr_prefix_mask() clears them)
 *
 * Return: 0, -EINVAL for bad syntax, -ERANGE for a length too long
 */
int addr_prefix_parse(const char *s, int family, struct addr_prefix *p)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned long plen;
	const char *slash;
	size_t n;
	int ret;

	if (!s)
		return -EINVAL;
	slash = strchr(s, '/');
	if (!slash)
		return addr_ip_parse(s, family, p);
	n = (size_t)(slash - s);
	if (n >= sizeof(buf) || (slash[1] == '0' && slash[2]))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	ret = addr_ip_parse(buf, family, p);
	if (ret)
		return ret;
	ret = text_ulong_parse(slash + 1, 0, p->plen, &plen);
	if (ret)
		return ret;
	p->plen = (unsigned)plen;
	return 0;
}

/**
 * addr_prefix_format() - Write "address/length"
 * @p:		prefix
 * @buf:	output, ADDR_PREFIX_STRLEN bytes are always enough
 * @size:	its size
 *
 * Return: 0, -EAFNOSUPPORT, -ENOSPC
 */
int addr_prefix_format(const struct addr_prefix *p, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];
	int n;

	if (p->family != AF_INET && p->family != AF_INET6)
		return -EAFNOSUPPORT;
	if (!inet_ntop(p->family, p->addr, a, sizeof(a)))
		return -EAFNOSUPPORT;
	n = snprintf(buf, size, "%s/%u", a, p->plen);
	return n < 0 || (size_t)n >= size ? -ENOSPC : 0;
}

/**
 * addr_prefix_mask() - Clear the host bits: 10.0.3.1/24 becomes 10.0.3.0/24
 * @p:		prefix
 */
void addr_prefix_mask(struct addr_prefix *p)
{
	unsigned bytes = p->family == AF_INET ? 4 : ADDR_IP_MAX_BYTES;

	for (unsigned i = 0; i < bytes; i++) {
		unsigned keep = p->plen > i * 8 ? p->plen - i * 8 : 0;

		if (keep < 8)
			p->addr[i] &= (uint8_t)(0xff00U >> keep);
	}
}

/**
 * addr_mask4() - The IPv4 netmask of a prefix length
 * @plen:	0..32
 *
 * Return: the mask in host byte order (24: 0xffffff00)
 */
uint32_t addr_mask4(unsigned plen)
{
	return plen >= 32 ? ~0U : ~(~0U >> plen);
}

/**
 * addr_ip4_format() - Write a dotted quad
 * @addr:	IPv4 address, host byte order
 * @buf:	output, ADDR_IP4_STRLEN bytes
 */
void addr_ip4_format(uint32_t addr, char *buf)
{
	snprintf(buf, ADDR_IP4_STRLEN, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff,
		 (addr >> 8) & 0xff, addr & 0xff);
}
