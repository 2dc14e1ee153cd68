/* SPDX-License-Identifier: GPL-2.0-or-later */
/* addr.h - MAC and IP addresses and prefixes: parse, format, mask; no I/O */
#ifndef UMNET_ADDR_H
#define UMNET_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ADDR_ETH_ALEN		6
#define ADDR_IP_MAX_BYTES	16	/* an IPv6 address */
#define ADDR_MAC_STRLEN		18	/* "aa:bb:cc:dd:ee:ff" and NUL */
#define ADDR_IP4_STRLEN		16	/* "255.255.255.255" and NUL */
#define ADDR_PREFIX_STRLEN	50	/* INET6_ADDRSTRLEN, "/128" and NUL */

/**
 * struct addr_prefix - an IPv4 or IPv6 address with a prefix length
 * @family:	AF_INET or AF_INET6
 * @addr:	address in network byte order (4 or 16 bytes used)
 * @plen:	prefix length, 0..32 or 0..128
 */
struct addr_prefix {
	int family;
	uint8_t addr[ADDR_IP_MAX_BYTES];
	unsigned plen;
};

int addr_mac_parse(const char *s, uint8_t *mac);
void addr_mac_format(const uint8_t *mac, char *buf);
int addr_ip_parse(const char *s, int family, struct addr_prefix *p);
int addr_prefix_parse(const char *s, int family, struct addr_prefix *p);
int addr_prefix_format(const struct addr_prefix *p, char *buf, size_t size);
void addr_prefix_mask(struct addr_prefix *p);
uint32_t addr_mask4(unsigned plen);
void addr_ip4_format(uint32_t addr, char *buf);

#endif /* UMNET_ADDR_H */
