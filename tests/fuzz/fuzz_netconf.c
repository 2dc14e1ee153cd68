// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_netconf.c - libFuzzer harness: umnet-net's configuration parser
 *
 * The input is a configuration file (umnet-net runs as root on what an
 * administrator, or a package, put in /etc/umnet). It is parsed from an
 * exact-size buffer with one command-line macro (-D uplink=veth0). Checked:
 * an error gives "file:line: message" lines in a terminated buffer; a
 * success stays within every table's bound, names only valid interfaces,
 * gives prefixes no longer than their family allows, and every switch's TAP
 * is one of the TAPs.
 */

#include <errno.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "net/conf.h"
#include "sys/nl.h"

static void check_prefixes(const struct addr_prefix *p, unsigned n, unsigned max)
{
	FUZZ_CHECK(n <= max);
	for (unsigned i = 0; i < n; i++) {
		FUZZ_CHECK(p[i].family == AF_INET || p[i].family == AF_INET6);
		FUZZ_CHECK(p[i].plen <= (p[i].family == AF_INET ? 32U : 128U));
	}
}

static void check_conf(const struct net_conf *c)
{
	FUZZ_CHECK(c->n_bridges <= NET_MAX_BRIDGES && c->n_taps <= NET_MAX_TAPS &&
		   c->n_switches <= NET_MAX_SWITCHES && c->n_proxy_arp <= NET_MAX_PROXY_ARP);
	for (unsigned i = 0; i < c->n_bridges; i++) {
		FUZZ_CHECK(text_ifname_is_valid(c->bridges[i].name));
		FUZZ_CHECK(!c->bridges[i].uplink[0] || text_ifname_is_valid(c->bridges[i].uplink));
		check_prefixes(c->bridges[i].addrs, c->bridges[i].n_addrs, NET_MAX_ADDRS);
	}
	for (unsigned i = 0; i < c->n_taps; i++) {
		FUZZ_CHECK(text_ifname_is_valid(c->taps[i].name));
		FUZZ_CHECK(!c->taps[i].bridge[0] || net_conf_bridge(c, c->taps[i].bridge));
		check_prefixes(c->taps[i].addrs, c->taps[i].n_addrs, NET_MAX_ADDRS);
		check_prefixes(c->taps[i].routes, c->taps[i].n_routes, NET_MAX_ROUTES);
	}
	for (unsigned i = 0; i < c->n_switches; i++) {
		FUZZ_CHECK(c->switches[i].tap < c->n_taps);
		FUZZ_CHECK(strnlen(c->switches[i].unix_path, SOCK_PATH_MAX) < SOCK_PATH_MAX);
	}
	for (unsigned i = 0; i < c->n_proxy_arp; i++)
		FUZZ_CHECK(text_ifname_is_valid(c->proxy_arp[i]));
	if (c->nat.on)
		check_prefixes(c->nat.sources, c->nat.n_sources, NET_MAX_NAT_SOURCES);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct net_define defs[] = { { "uplink", "veth0" } };
	static struct net_conf conf;
	static struct net_diag diag;
	int ret;

	ret = net_conf_parse(&conf, "/etc/umnet/fuzz.conf", (const char *)data, size, defs, 1,
			     &diag);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
	FUZZ_CHECK(strnlen(diag.text, sizeof(diag.text)) < sizeof(diag.text));
	if (ret == -EINVAL) {
		FUZZ_CHECK(diag.n > 0 && !strncmp(diag.text, "/etc/umnet/fuzz.conf:", 21));
		return 0;
	}
	if (!ret)
		check_conf(&conf);
	return 0;
}
