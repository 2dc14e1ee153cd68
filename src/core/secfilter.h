/* SPDX-License-Identifier: GPL-2.0-or-later */
/* secfilter.h - port security: the source MACs and IP addresses a port may use; no I/O */
#ifndef UMNET_SECFILTER_H
#define UMNET_SECFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SECFILTER_MAX_MACS	16
#define SECFILTER_MAX_IPS	16
/* Longest secfilter_format() output: every list full */
#define SECFILTER_FMT_BYTES	(8 + SECFILTER_MAX_MACS * 18 + 4 + SECFILTER_MAX_IPS * 44 + 24)

enum secfilter_verdict {
	SECFILTER_PASS,
	SECFILTER_DROP_MAC,	/* Ethernet source outside the port's MAC set */
	SECFILTER_DROP_ARP,	/* ARP sender MAC or IPv4 address not allowed, or bad ARP */
	SECFILTER_DROP_IPV4,	/* IPv4 source not allowed, or truncated header */
	SECFILTER_DROP_IPV6,	/* IPv6 source not allowed, or truncated header */
	SECFILTER_DROP_ND,	/* neighbour discovery for an address or MAC not allowed */
	SECFILTER_VERDICT_MAX,
};

/**
 * struct secfilter_ip - one allowed address or prefix
 * @family:	4 or 6
 * @prefix:	prefix length, 32 or 128 for a single address
 * @addr:	network byte order, the first 4 bytes for IPv4
 */
struct secfilter_ip {
	uint8_t family;
	uint8_t prefix;
	uint8_t addr[16];
};

/**
 * struct secfilter - what one port is allowed to send
 * @n_mac:	number of MACs in @mac; 0: any source MAC
 * @mac:	allowed Ethernet (and ARP/ND link-layer) source addresses
 * @ip_lock:	check ARP, IPv4 and IPv6 senders against @ip
 * @n_ip:	number of entries in @ip
 * @ip:		allowed IPv4/IPv6 source addresses and prefixes
 * @max_macs:	bound on MACs learned on the port, 0 for none (not a frame check:
 *		the switch applies it to its MAC table)
 */
struct secfilter {
	unsigned n_mac;
	uint8_t mac[SECFILTER_MAX_MACS][6];
	bool ip_lock;
	unsigned n_ip;
	struct secfilter_ip ip[SECFILTER_MAX_IPS];
	unsigned max_macs;
};

/**
 * struct secfilter_port - port security for a port named in advance
 * @name:	port name ("tap:DEV"), "" when @id names the port
 * @id:		port number, 0 when @name does
 * @sf:		the settings, applied whenever such a port is added
 */
struct secfilter_port {
	char name[24];
	unsigned id;
	struct secfilter sf;
};

extern const char *const secfilter_verdict_names[SECFILTER_VERDICT_MAX];

void secfilter_init(struct secfilter *sf);
bool secfilter_is_empty(const struct secfilter *sf);
int secfilter_parse(struct secfilter *sf, int argc, char *const *argv, char *err, size_t errlen);
enum secfilter_verdict secfilter_check(const struct secfilter *sf, const uint8_t *frame,
				       size_t len);
int secfilter_format_ip(const struct secfilter_ip *ip, char *buf, size_t len);
size_t secfilter_format(const struct secfilter *sf, char *buf, size_t len);

#endif /* UMNET_SECFILTER_H */
