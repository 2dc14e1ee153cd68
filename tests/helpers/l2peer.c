// SPDX-License-Identifier: GPL-2.0-or-later
/* l2peer.c - a switch port for tests that sends chosen frames and prints what it receives
 *
 * Registers with a uml_switch-protocol control socket as UML does, then runs
 * its actions in order:
 *
 *   src MAC          Ethernet source of the frames that follow (default: MAC)
 *   vlan ID          802.1Q tag on the frames that follow (0: none)
 *   dst MAC          destination of announce/burst frames (default broadcast)
 *   announce         one frame, ethertype 0x88b5
 *   burst N          N such frames
 *   flood N          N such frames from N sources 02:00:00:xx:xx:xx
 *   arp SPA [SHA]    ARP request from SPA (sender hardware address SHA)
 *   ip4 SRC          broadcast IPv4/UDP from SRC to port 9
 *   dhcp             IPv4/UDP 0.0.0.0:68 -> 255.255.255.255:67
 *   ip6 SRC          IPv6/UDP from SRC to ff02::1
 *   na TARGET [SRC]  neighbour advertisement for TARGET (from SRC, default
 *                    fe80::1), with a target link-layer option of MAC
 *   dad TARGET       duplicate address detection: NS from :: for TARGET
 *   sleep MS
 *   waitfile PATH    wait (up to 30 s) until PATH exists
 *   listen MS        print every frame received, one line each, until none
 *                    came for MS: "rx SRCMAC arp SPA", "rx SRCMAC ip4 SRC",
 *                    "rx SRCMAC ip6 SRC", "rx SRCMAC na TARGET",
 *                    "rx SRCMAC other"; then "received N"
 *
 * Usage: l2peer CTL MAC ACTION...
 */

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int ctl_fd = -1, data_fd = -1;
static uint8_t my_mac[6], src_mac[6];
static uint8_t dst_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static unsigned vlan;

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static void usage(void)
{
	fprintf(stderr, "usage: l2peer CTL MAC ACTION... (see the source)\n");
	exit(2);
}

static void parse_mac(const char *s, uint8_t *mac)
{
	unsigned m[6];

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6)
		usage();
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)m[i];
}

static void peer_open(const char *ctl_path)
{
	struct sockaddr_un sun, me, sw;
	uint8_t req[124];
	uint32_t v;

	ctl_fd = socket(AF_UNIX, SOCK_STREAM, 0);
	data_fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (ctl_fd < 0 || data_fd < 0)
		die("socket");
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", ctl_path);
	if (connect(ctl_fd, (struct sockaddr *)&sun, sizeof(sun)))
		die("connect control socket");
	memset(&me, 0, sizeof(me));
	me.sun_family = AF_UNIX;
	snprintf(me.sun_path + 1, sizeof(me.sun_path) - 1, "l2peer-%d", (int)getpid());
	if (bind(data_fd, (struct sockaddr *)&me, sizeof(me)))
		die("bind data socket");
	memset(req, 0, sizeof(req));
	v = 0xfeedface;
	memcpy(req, &v, 4);
	v = 3;
	memcpy(req + 4, &v, 4);
	memcpy(req + 12, &me, sizeof(me));
	if (write(ctl_fd, req, sizeof(req)) != (ssize_t)sizeof(req))
		die("write request");
	if (read(ctl_fd, &sw, sizeof(sw)) != (ssize_t)sizeof(sw))
		die("read reply");
	if (connect(data_fd, (struct sockaddr *)&sw, sizeof(sw)))
		die("connect data socket");
}

/* Ethernet header (with the current tag) for @type to @dst; returns its length */
static size_t eth(uint8_t *f, const uint8_t *dst, uint16_t type)
{
	size_t o = 12;

	memcpy(f, dst, 6);
	memcpy(f + 6, src_mac, 6);
	if (vlan) {
		f[o++] = 0x81;
		f[o++] = 0x00;
		f[o++] = (uint8_t)(vlan >> 8);
		f[o++] = (uint8_t)vlan;
	}
	f[o++] = (uint8_t)(type >> 8);
	f[o++] = (uint8_t)type;
	return o;
}

static void xmit(const uint8_t *f, size_t len)
{
	uint8_t pad[64] = { 0 };

	if (len < 60) {
		memcpy(pad, f, len);
		f = pad;
		len = 60;
	}
	if (send(data_fd, f, len, 0) != (ssize_t)len)
		die("send");
}

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void send_arp(const char *spa, const char *sha)
{
	uint8_t f[64] = { 0 }, *a;
	size_t o = eth(f, bcast, 0x0806);

	a = f + o;
	a[1] = 1;			/* Ethernet */
	a[2] = 0x08;			/* IPv4 */
	a[4] = 6;
	a[5] = 4;
	a[7] = 1;			/* request */
	if (sha)
		parse_mac(sha, a + 8);
	else
		memcpy(a + 8, src_mac, 6);
	if (inet_pton(AF_INET, spa, a + 14) != 1)
		usage();
	memset(a + 24, 0xff, 4);
	xmit(f, o + 28);
}

static void send_ip4(const char *src, uint16_t sport, uint16_t dport)
{
	uint8_t f[80] = { 0 }, *ip;
	size_t o = eth(f, bcast, 0x0800);

	ip = f + o;
	ip[0] = 0x45;
	ip[3] = 28;
	ip[8] = 64;
	ip[9] = 17;
	if (inet_pton(AF_INET, src, ip + 12) != 1)
		usage();
	memset(ip + 16, 0xff, 4);
	ip[20] = (uint8_t)(sport >> 8);
	ip[21] = (uint8_t)sport;
	ip[22] = (uint8_t)(dport >> 8);
	ip[23] = (uint8_t)dport;
	ip[25] = 8;
	xmit(f, o + 28);
}

static size_t ip6_hdr(uint8_t *ip, const char *src, uint8_t nh, uint16_t plen)
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };

	ip[0] = 0x60;
	ip[4] = (uint8_t)(plen >> 8);
	ip[5] = (uint8_t)plen;
	ip[6] = nh;
	ip[7] = 255;
	if (inet_pton(AF_INET6, src, ip + 8) != 1)
		usage();
	memcpy(ip + 24, all_nodes, 16);
	return 40;
}

static void send_ip6(const char *src)
{
	static const uint8_t dst[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	uint8_t f[100] = { 0 };
	size_t o = eth(f, dst, 0x86dd);

	o += ip6_hdr(f + o, src, 17, 8);
	f[o + 1] = 9;
	f[o + 3] = 9;
	f[o + 5] = 8;
	xmit(f, o + 8);
}

static void send_nd(uint8_t type, const char *target, const char *src)
{
	static const uint8_t dst[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	uint8_t f[120] = { 0 }, *icmp;
	size_t o = eth(f, dst, 0x86dd);

	o += ip6_hdr(f + o, src, 58, 32);
	icmp = f + o;
	icmp[0] = type;
	if (type == 136)
		icmp[4] = 0x20;		/* override */
	if (inet_pton(AF_INET6, target, icmp + 8) != 1)
		usage();
	icmp[24] = type == 136 ? 2 : 1;	/* target / source link-layer address */
	icmp[25] = 1;
	memcpy(icmp + 26, my_mac, 6);
	xmit(f, o + 32);
}

static void describe(const uint8_t *f, size_t n)
{
	char a[INET6_ADDRSTRLEN] = "?";
	size_t o = 12;
	uint16_t type;

	printf("rx %02x:%02x:%02x:%02x:%02x:%02x", f[6], f[7], f[8], f[9], f[10], f[11]);
	type = (uint16_t)(f[o] << 8 | f[o + 1]);
	if (type == 0x8100 && n >= 18) {
		printf(" vlan %u", (f[14] << 8 | f[15]) & 0xfff);
		o += 4;
		type = (uint16_t)(f[o] << 8 | f[o + 1]);
	}
	o += 2;
	if (type == 0x0806 && n >= o + 28) {
		inet_ntop(AF_INET, f + o + 14, a, sizeof(a));
		printf(" arp %s\n", a);
	} else if (type == 0x0800 && n >= o + 20) {
		inet_ntop(AF_INET, f + o + 12, a, sizeof(a));
		printf(" ip4 %s\n", a);
	} else if (type == 0x86dd && n >= o + 40) {
		if (f[o + 6] == 58 && n >= o + 64 && f[o + 40] == 136) {
			inet_ntop(AF_INET6, f + o + 48, a, sizeof(a));
			printf(" na %s\n", a);
		} else if (f[o + 6] == 58 && n >= o + 64 && f[o + 40] == 135) {
			inet_ntop(AF_INET6, f + o + 48, a, sizeof(a));
			printf(" ns %s\n", a);
		} else {
			inet_ntop(AF_INET6, f + o + 8, a, sizeof(a));
			printf(" ip6 %s\n", a);
		}
	} else {
		printf(" other\n");
	}
}

static void do_listen(int idle_ms)
{
	uint8_t buf[70000];
	unsigned n = 0;

	for (;;) {
		struct pollfd pfd = { .fd = data_fd, .events = POLLIN };
		ssize_t len;

		if (poll(&pfd, 1, idle_ms) <= 0)
			break;
		len = recv(data_fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (len >= 14) {
			describe(buf, (size_t)len);
			n++;
		}
	}
	printf("received %u\n", n);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	if (argc < 3)
		usage();
	parse_mac(argv[2], my_mac);
	memcpy(src_mac, my_mac, 6);
	peer_open(argv[1]);
	for (int i = 3; i < argc; i++) {
		const char *a = argv[i], *x = i + 1 < argc ? argv[i + 1] : NULL;
		const char *y = i + 2 < argc ? argv[i + 2] : NULL;
		if (!strcmp(a, "announce")) {
			uint8_t f[64] = { 0 };

			xmit(f, eth(f, dst_mac, 0x88b5) + 4);
		} else if (!strcmp(a, "burst") && x) {
			uint8_t f[64] = { 0 };
			size_t o = eth(f, dst_mac, 0x88b5);

			for (long k = atol(x); k > 0; k--)
				xmit(f, o + 4);
			i++;
		} else if (!strcmp(a, "flood") && x) {
			uint8_t f[64] = { 0 }, keep[6];
			long k, n = atol(x);

			memcpy(keep, src_mac, 6);
			for (k = 0; k < n; k++) {
				uint8_t s[6] = { 0x02, 0, 0, (uint8_t)(k >> 16), (uint8_t)(k >> 8),
						 (uint8_t)k };

				memcpy(src_mac, s, 6);
				while (send(data_fd, f, eth(f, dst_mac, 0x88b5) + 46, 0) < 0) {
					if (errno != EAGAIN && errno != ENOBUFS)
						die("send");
					usleep(1000);
				}
			}
			memcpy(src_mac, keep, 6);
			i++;
		} else if (!strcmp(a, "src") && x) {
			parse_mac(x, src_mac);
			i++;
		} else if (!strcmp(a, "dst") && x) {
			parse_mac(x, dst_mac);
			i++;
		} else if (!strcmp(a, "waitfile") && x) {
			for (int k = 0; k < 3000 && access(x, F_OK); k++)
				usleep(10000);
			i++;
		} else if (!strcmp(a, "vlan") && x) {
			vlan = (unsigned)atoi(x);
			i++;
		} else if (!strcmp(a, "arp") && x) {
			bool sha = y && strchr(y, ':') && strlen(y) == 17;

			send_arp(x, sha ? y : NULL);
			i += sha ? 2 : 1;
		} else if (!strcmp(a, "ip4") && x) {
			send_ip4(x, 9, 9);
			i++;
		} else if (!strcmp(a, "dhcp")) {
			send_ip4("0.0.0.0", 68, 67);
		} else if (!strcmp(a, "ip6") && x) {
			send_ip6(x);
			i++;
		} else if (!strcmp(a, "na") && x) {
			bool src = y && strchr(y, ':') && strlen(y) != 17;

			send_nd(136, x, src ? y : "fe80::1");
			i += src ? 2 : 1;
		} else if (!strcmp(a, "dad") && x) {
			send_nd(135, x, "::");
			i++;
		} else if (!strcmp(a, "sleep") && x) {
			usleep((useconds_t)atoi(x) * 1000);
			i++;
		} else if (!strcmp(a, "listen") && x) {
			do_listen(atoi(x));
			i++;
		} else {
			fprintf(stderr, "l2peer: bad action '%s'\n", a);
			return 2;
		}
	}
	return 0;
}
