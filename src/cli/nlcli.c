// SPDX-License-Identifier: GPL-2.0-or-later
/* nlcli.c - `umnet link|addr|route|bridge|veth|sysctl`: nl.c on the command line
 *
 * A small, strict subset of ip(8) for the recipes that network guests:
 * keywords match exactly, every number is range-checked, and a failure shows
 * the kernel's own explanation (extended ack). Each command is one request;
 * nothing is rolled back by hand because nothing is done in several steps.
 */

#include <errno.h>
#include <getopt.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/nlcli.h"
#include "core/text.h"
#include "sys/log.h"
#include "sys/snapshot.h"
#include "sys/sysctl.h"
#include "sys/util.h"

/* Argument helpers */

static int nlcli_usage_err(FILE *errf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int nlcli_usage_err(FILE *errf, const char *fmt, ...)
{
	va_list ap;

	if (errf) {
		va_start(ap, fmt);
		cli_vline(errf, "umnet", fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* The argument of keyword argv[*i], advancing *i; NULL if missing */
static const char *kw_arg(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int route_dst_parse(struct nl_route *r, const char *s, int family)
{
	if (!strcmp(s, "default")) {
		memset(&r->dst, 0, sizeof(r->dst));
		r->dst.family = family;
		return 0;
	}
	return addr_prefix_parse(s, family, &r->dst);
}

static int route_kw(struct nlcli_route *r, const char *kw, const char *arg, int family,
		    struct addr_prefix *gw)
{
	unsigned long v;

	if (!strcmp(kw, "via")) {
		if (addr_ip_parse(arg, family, gw))
			return -EINVAL;
		r->route.has_gw = true;
	} else if (!strcmp(kw, "dev")) {
		if (!text_ifname_is_valid(arg))
			return -EINVAL;
		r->dev = arg;
	} else if (!strcmp(kw, "metric")) {
		if (text_ulong_parse(arg, 0, UINT32_MAX, &v))
			return -EINVAL;
		r->route.metric = (uint32_t)v;
	} else if (!strcmp(kw, "table")) {
		if (!strcmp(arg, "main"))
			v = RT_TABLE_MAIN;
		else if (text_ulong_parse(arg, 1, UINT32_MAX, &v))
			return -EINVAL;
		r->route.table = (uint32_t)v;
	} else {
		return -ENOENT;
	}
	return 0;
}

/**
 * nlcli_route_parse() - Read "[-4|-6] DEST|default [via GW] [dev DEV] [metric N] [table N]"
 * @r:		result
 * @argc:	argument count
 * @argv:	the words after "add" or "del"
 * @errf:	where messages go, NULL for none
 *
 * The family comes from -4/-6, else from DEST, else from GW, else IPv4.
 *
 * Return: 0 or -EINVAL
 */
int nlcli_route_parse(struct nlcli_route *r, int argc, char **argv, FILE *errf)
{
	int i = 0, family = AF_UNSPEC, ret;
	struct addr_prefix gw;

	memset(r, 0, sizeof(*r));
	if (i < argc && (!strcmp(argv[i], "-4") || !strcmp(argv[i], "-6")))
		family = argv[i++][1] == '4' ? AF_INET : AF_INET6;
	if (i >= argc)
		return nlcli_usage_err(errf, "route: which destination?");
	/* "default" has no family of its own: take the gateway's */
	if (family == AF_UNSPEC && !strcmp(argv[i], "default")) {
		for (int j = i + 1; j + 1 < argc; j++)
			if (!strcmp(argv[j], "via") && strchr(argv[j + 1], ':'))
				family = AF_INET6;
		if (family == AF_UNSPEC)
			family = AF_INET;
	}
	if (route_dst_parse(&r->route, argv[i], family))
		return nlcli_usage_err(errf, "route: bad destination '%s'", argv[i]);
	family = r->route.dst.family;
	for (i++; i < argc; i++) {
		const char *kw = argv[i], *arg = kw_arg(argc, argv, &i);

		if (!arg)
			return nlcli_usage_err(errf, "route: '%s' needs an argument", kw);
		ret = route_kw(r, kw, arg, family, &gw);
		if (ret == -ENOENT)
			return nlcli_usage_err(errf, "route: unknown keyword '%s'", kw);
		if (ret)
			return nlcli_usage_err(errf, "route: bad %s '%s'", kw, arg);
	}
	if (r->route.has_gw)
		memcpy(r->route.gw, gw.addr, sizeof(r->route.gw));
	return 0;
}

/**
 * nlcli_bridge_opts_parse() - Read "[stp on|off] [forward-delay S] [hello-time S] [ageing-time S]"
 * @o:		result, fields not given stay -1
 * @argc:	argument count
 * @argv:	the words after the bridge name
 * @errf:	where messages go, NULL for none
 *
 * Return: 0 or -EINVAL
 */
int nlcli_bridge_opts_parse(struct nl_bridge_opts *o, int argc, char **argv, FILE *errf)
{
	*o = (struct nl_bridge_opts)NL_BRIDGE_OPTS_INIT;
	for (int i = 0; i < argc; i++) {
		const char *kw = argv[i], *arg = kw_arg(argc, argv, &i);
		bool on;
		int ret = 0;

		if (!arg)
			return nlcli_usage_err(errf, "bridge: '%s' needs an argument", kw);
		if (!strcmp(kw, "stp")) {
			ret = text_onoff_parse(arg, &on);
			o->stp = on;
		} else if (!strcmp(kw, "forward-delay")) {
			ret = text_secs_parse(arg, &o->forward_delay_ms);
		} else if (!strcmp(kw, "hello-time")) {
			ret = text_secs_parse(arg, &o->hello_time_ms);
		} else if (!strcmp(kw, "ageing-time")) {
			ret = text_secs_parse(arg, &o->ageing_time_ms);
		} else {
			return nlcli_usage_err(errf, "bridge: unknown keyword '%s'", kw);
		}
		if (ret)
			return nlcli_usage_err(errf, "bridge: bad %s '%s'", kw, arg);
	}
	return 0;
}

/* Shared by the commands */

static struct nl *nlcli_open(void)
{
	struct nl *nl;
	int ret = nl_open(&nl);

	if (ret) {
		err("netlink: %s", strerror(-ret));
		return NULL;
	}
	return nl;
}

/* Interface index of @name, reporting failure */
static int nlcli_index(struct nl *nl, const char *name)
{
	int ret = nl_link_index(nl, name);

	if (ret == -EINVAL)
		err("'%s' is not a valid interface name", name);
	else if (ret < 0)
		cli_nl_err(nl, ret, "%s", name);
	return ret;
}

/* -j/--json, -4, -6 for list commands: -1 to go on, else an exit status */
static int nlcli_list_opts(int argc, char **argv, bool *json, int *family, const char *usage)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*json = false;
	*family = AF_UNSPEC;
	optind = 0;
	while ((c = getopt_long(argc, argv, "j46h", opts, NULL)) != -1) {
		if (c == 'j')
			*json = true;
		else if (c == '4' || c == '6')
			*family = c == '4' ? AF_INET : AF_INET6;
		else {
			fprintf(c == 'h' ? stdout : stderr, "Usage: %s\n", usage);
			return c == 'h' ? EXIT_SUCCESS : EXIT_FAILURE;
		}
	}
	return -1;
}

/* The name of device @ifindex in @s, NULL if none */
static const char *nlcli_name(const struct snapshot *s, int ifindex)
{
	const struct nl_link *l = snapshot_link(s, ifindex);

	return l ? l->name : NULL;
}

static int nlcli_dispatch(const struct cli_cmd *cmds, size_t n, const char *what,
			  int argc, char **argv)
{
	const struct cli_cmd *cmd = argc > 1 ? cli_cmd_find(cmds, n, argv[1]) : NULL;

	if (!cmd) {
		if (argc > 1 && strcmp(argv[1], "help") != 0 && strcmp(argv[1], "-h") != 0 &&
		    strcmp(argv[1], "--help") != 0)
			err("%s: unknown command '%s'", what, argv[1]);
		fprintf(argc > 1 && !strcmp(argv[1], "help") ? stdout : stderr,
			"Usage: umnet %s COMMAND ...\n", what);
		cli_cmds_print(argc > 1 && !strcmp(argv[1], "help") ? stdout : stderr, cmds, n);
		return argc > 1 && !strcmp(argv[1], "help") ? EXIT_SUCCESS : EXIT_FAILURE;
	}
	return cmd->fn(argc - 1, argv + 1);
}

/* umnet link */

static void link_json(FILE *f, const struct nl_link *l, const char *master)
{
	char mac[ADDR_MAC_STRLEN];

	fputs("{\"name\":", f);
	cli_json_str(f, l->name);
	fprintf(f, ",\"ifindex\":%d,\"kind\":", l->ifindex);
	cli_json_str(f, l->kind);
	fprintf(f, ",\"mtu\":%u,\"up\":%s,\"lower_up\":%s,\"operstate\":\"%s\",\"mac\":", l->mtu,
		(l->flags & IFF_UP) ? "true" : "false", (l->flags & IFF_LOWER_UP) ? "true" : "false",
		nl_operstate_name(l->operstate));
	if (l->has_mac) {
		addr_mac_format(l->mac, mac);
		cli_json_str(f, mac);
	} else {
		fputs("null", f);
	}
	fputs(",\"master\":", f);
	if (master)
		cli_json_str(f, master);
	else
		fputs("null", f);
	fputc('}', f);
}

static void link_text(FILE *f, const struct nl_link *l, const char *master)
{
	char mac[ADDR_MAC_STRLEN] = "-";

	if (l->has_mac)
		addr_mac_format(l->mac, mac);
	fprintf(f, "%-15s %-7d %-8s %-5u %-17s %-4s %-14s %s\n", l->name, l->ifindex,
		*l->kind ? l->kind : "-", l->mtu, mac, (l->flags & IFF_UP) ? "up" : "down",
		nl_operstate_name(l->operstate), master ? master : "-");
}

static int link_view(int argc, char **argv, bool show)
{
	const char *usage = show ? "umnet link show [-j] DEV" : "umnet link list [-j]";
	const char *only = NULL;
	bool json, first = true, found = false;
	struct snapshot s;
	int family, ret;
	struct nl *nl;

	ret = nlcli_list_opts(argc, argv, &json, &family, usage);
	if (ret >= 0)
		return ret;
	if (argc - optind != (show ? 1 : 0)) {
		err("usage: %s", usage);
		return EXIT_FAILURE;
	}
	only = show ? argv[optind] : NULL;
	if (!(nl = nlcli_open()))
		return EXIT_FAILURE;
	ret = snapshot_load(&s, nl, SNAPSHOT_LINKS, AF_UNSPEC);
	if (ret) {
		cli_nl_err(nl, ret, "link list");
		snapshot_free(&s);
		nl_close(nl);
		return EXIT_FAILURE;
	}
	if (!show)
		fputs(json ? "[" : "NAME            IFINDEX KIND     MTU   MAC               "
		      "UP   OPERSTATE      MASTER\n", stdout);
	for (size_t i = 0; i < s.n_links; i++) {
		const struct nl_link *l = &s.links[i];
		const char *master = nlcli_name(&s, l->master);

		if (only && strcmp(only, l->name) != 0)
			continue;
		found = true;
		if (json) {
			fputs(first ? "" : ",", stdout);
			link_json(stdout, l, master);
		} else {
			link_text(stdout, l, master);
		}
		first = false;
	}
	if (json && (found || !show))
		fputs(show ? "\n" : "]\n", stdout);
	snapshot_free(&s);
	nl_close(nl);
	if (show && !found)
		err("link show: no device %s", only);
	return show && !found ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int link_list(int argc, char **argv)
{
	return link_view(argc, argv, false);
}

static int link_show(int argc, char **argv)
{
	return link_view(argc, argv, true);
}

/* Resolve names and numbers of "link set" into @c; -1 on a usage error */
static int link_set_kw(struct nl *nl, struct nl_link_change *c, const char *kw,
		       const char *arg, uint8_t *mac)
{
	unsigned long v;

	if (!strcmp(kw, "mtu")) {
		if (!arg || text_ulong_parse(arg, 1, UINT32_MAX, &v))
			return -1;
		c->mtu = (unsigned)v;
	} else if (!strcmp(kw, "address")) {
		if (!arg || addr_mac_parse(arg, mac))
			return -1;
		c->mac = mac;
	} else if (!strcmp(kw, "name")) {
		if (!arg || !text_ifname_is_valid(arg))
			return -1;
		c->name = arg;
	} else if (!strcmp(kw, "master")) {
		if (!arg)
			return -1;
		c->master = nlcli_index(nl, arg);
		return c->master < 0 ? -2 : 0;
	} else if (!strcmp(kw, "netns")) {
		if (!arg)
			return -1;
		c->netns_fd = cli_netns_open(arg);
		if (c->netns_fd < 0)
			err("netns %s: %s", arg, strerror(-c->netns_fd));
		return c->netns_fd < 0 ? -2 : 0;
	} else {
		return -1;
	}
	return 0;
}

static int link_set_args(struct nl *nl, struct nl_link_change *c, int argc, char **argv,
			 uint8_t *mac)
{
	for (int i = 2; i < argc; i++) {
		const char *kw = argv[i];
		int ret;

		if (!strcmp(kw, "up") || !strcmp(kw, "down")) {
			c->up = !strcmp(kw, "up");
			continue;
		}
		if (!strcmp(kw, "nomaster")) {
			c->master = 0;
			continue;
		}
		ret = link_set_kw(nl, c, kw, i + 1 < argc ? argv[i + 1] : NULL, mac);
		if (ret == -1)
			err("link set: bad or incomplete '%s'", kw);
		if (ret)
			return ret;
		i++;
	}
	return 0;
}

static int link_set(int argc, char **argv)
{
	struct nl_link_change c;
	uint8_t mac[ADDR_ETH_ALEN];
	struct nl *nl;
	int ifindex, ret;

	if (argc < 3) {
		err("usage: umnet link set DEV [up|down] [mtu N] [address MAC] [name NEW] "
		    "[master BR|nomaster] [netns NS]");
		return EXIT_FAILURE;
	}
	if (!(nl = nlcli_open()))
		return EXIT_FAILURE;
	ifindex = nlcli_index(nl, argv[1]);
	c = (struct nl_link_change)NL_LINK_CHANGE_INIT(ifindex);
	ret = ifindex < 0 ? ifindex : link_set_args(nl, &c, argc, argv, mac);
	if (!ret) {
		ret = nl_link_change(nl, &c);
		if (ret)
			cli_nl_err(nl, ret, "link set %s", argv[1]);
	}
	if (c.netns_fd >= 0)
		close(c.netns_fd);
	nl_close(nl);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int link_del(int argc, char **argv)
{
	struct nl *nl;
	int ifindex, ret;

	if (argc != 2) {
		err("usage: umnet link del DEV");
		return EXIT_FAILURE;
	}
	if (!(nl = nlcli_open()))
		return EXIT_FAILURE;
	ifindex = nlcli_index(nl, argv[1]);
	ret = ifindex < 0 ? ifindex : nl_link_del(nl, ifindex);
	if (ifindex > 0 && ret)
		cli_nl_err(nl, ret, "link del %s", argv[1]);
	nl_close(nl);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

static const struct cli_cmd link_cmds[] = {
	{ "list", link_list, "[-j]: all devices" },
	{ "show", link_show, "[-j] DEV: one device" },
	{ "set", link_set, "DEV [up|down] [mtu N] [address MAC] [name NEW] "
			   "[master BR|nomaster] [netns NS]" },
	{ "del", link_del, "DEV: delete a device" },
};

/**
 * nlcli_link_main() - `umnet link list|show|set|del`
 * @argc:	argument count
 * @argv:	arguments, argv[0] = "link"
 *
 * Return: exit status
 */
int nlcli_link_main(int argc, char **argv)
{
	return nlcli_dispatch(link_cmds, ARRAY_SIZE(link_cmds), "link", argc, argv);
}

/* umnet bridge */

static int bridge_add_set(int argc, char **argv, bool add)
{
	struct nl_bridge_opts o;
	struct nl *nl;
	int ifindex = 0, ret;

	if (argc < 2) {
		err("usage: umnet bridge %s BR [stp on|off] [forward-delay S] [hello-time S] "
		    "[ageing-time S]", add ? "add" : "set");
		return EXIT_FAILURE;
	}
	if (nlcli_bridge_opts_parse(&o, argc - 2, argv + 2, stderr))
		return EXIT_FAILURE;
	if (add && !text_ifname_is_valid(argv[1])) {
		err("'%s' is not a valid interface name", argv[1]);
		return EXIT_FAILURE;
	}
	if (!(nl = nlcli_open()))
		return EXIT_FAILURE;
	if (!add && (ifindex = nlcli_index(nl, argv[1])) < 0) {
		nl_close(nl);
		return EXIT_FAILURE;
	}
	ret = add ? nl_bridge_add(nl, argv[1], &o) : nl_bridge_set(nl, ifindex, &o);
	if (ret)
		cli_nl_err(nl, ret, "bridge %s %s", add ? "add" : "set", argv[1]);
	nl_close(nl);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int bridge_add(int argc, char **argv)
{
	return bridge_add_set(argc, argv, true);
}

static int bridge_set(int argc, char **argv)
{
	return bridge_add_set(argc, argv, false);
}

static int bridge_del(int argc, char **argv)
{
	struct nl *nl;
	int ifindex, ret;

	if (argc != 2) {
		err("usage: umnet bridge del BR");
		return EXIT_FAILURE;
	}
	if (!(nl = nlcli_open()))
		return EXIT_FAILURE;
	ifindex = nlcli_index(nl, argv[1]);
	ret = ifindex < 0 ? ifindex : nl_bridge_del(nl, ifindex);
	if (ifindex > 0 && ret)
		cli_nl_err(nl, ret, "bridge del %s", argv[1]);
	nl_close(nl);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

static const struct cli_cmd bridge_cmds[] = {
	{ "add", bridge_add, "BR [stp on|off] [forward-delay S] [hello-time S] [ageing-time S]" },
	{ "set", bridge_set, "BR [stp on|off] [forward-delay S] [hello-time S] [ageing-time S]" },
	{ "del", bridge_del, "BR: delete a bridge (and only a bridge)" },
};

/**
 * nlcli_bridge_main() - `umnet bridge add|set|del`
 * @argc:	argument count
 * @argv:	arguments, argv[0] = "bridge"
 *
 * Return: exit status
 */
int nlcli_bridge_main(int argc, char **argv)
{
	return nlcli_dispatch(bridge_cmds, ARRAY_SIZE(bridge_cmds), "bridge", argc, argv);
}

/* umnet veth */

static int veth_add(int argc, char **argv)
{
	int ns = -1, ret;
	struct nl *nl;

	if ((argc != 3 && argc != 5) || (argc == 5 && strcmp(argv[3], "netns") != 0)) {
		err("usage: umnet veth add NAME PEER [netns NS]");
		return EXIT_FAILURE;
	}
	if (!text_ifname_is_valid(argv[1]) || !text_ifname_is_valid(argv[2])) {
		err("veth add: '%s' is not a valid interface name",
		    text_ifname_is_valid(argv[1]) ? argv[2] : argv[1]);
		return EXIT_FAILURE;
	}
	if (argc == 5 && (ns = cli_netns_open(argv[4])) < 0) {
		err("veth add: netns %s: %s", argv[4], strerror(-ns));
		return EXIT_FAILURE;
	}
	nl = nlcli_open();
	ret = nl ? nl_veth_add(nl, argv[1], argv[2], ns) : -ENOTCONN;
	if (nl && ret)
		cli_nl_err(nl, ret, "veth add %s %s", argv[1], argv[2]);
	nl_close(nl);
	if (ns >= 0)
		close(ns);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

static const struct cli_cmd veth_cmds[] = {
	{ "add", veth_add, "NAME PEER [netns NS]: a veth pair, PEER optionally in NS" },
};

/**
 * nlcli_veth_main() - `umnet veth add`
 * @argc:	argument count
 * @argv:	arguments, argv[0] = "veth"
 *
 * Return: exit status
 */
int nlcli_veth_main(int argc, char **argv)
{
	return nlcli_dispatch(veth_cmds, ARRAY_SIZE(veth_cmds), "veth", argc, argv);
}

/* umnet addr */

static int addr_change(int argc, char **argv, bool add)
{
	struct addr_prefix p;
	struct nl *nl;
	int ifindex, ret;

	if (argc != 4 || strcmp(argv[2], "dev") != 0) {
		err("usage: umnet addr %s PREFIX dev DEV", add ? "add" : "del");
		return EXIT_FAILURE;
	}
	ret = addr_prefix_parse(argv[1], AF_UNSPEC, &p);
	if (ret) {
		err("addr: bad address '%s' (want 192.0.2.1/24 or 2001:db8::1/64)", argv[1]);
		return EXIT_FAILURE;
	}
	if (!(nl = nlcli_open()))
		return EXIT_FAILURE;
	ifindex = nlcli_index(nl, argv[3]);
	if (ifindex > 0) {
		ret = add ? nl_addr_add(nl, ifindex, &p) : nl_addr_del(nl, ifindex, &p);
		if (ret)
			cli_nl_err(nl, ret, "addr %s %s dev %s", add ? "add" : "del", argv[1],
				   argv[3]);
	}
	nl_close(nl);
	return ifindex < 0 || ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int addr_add(int argc, char **argv)
{
	return addr_change(argc, argv, true);
}

static int addr_del(int argc, char **argv)
{
	return addr_change(argc, argv, false);
}

static void addr_print(const struct nl_addr *a, const char *ifname, bool json, bool first)
{
	char pfx[ADDR_PREFIX_STRLEN];

	if (addr_prefix_format(&a->prefix, pfx, sizeof(pfx)))
		return;
	if (!json) {
		printf("%-15s %s\n", ifname ? ifname : "?", pfx);
		return;
	}
	fputs(first ? "{\"ifname\":" : ",{\"ifname\":", stdout);
	cli_json_str(stdout, ifname ? ifname : "");
	printf(",\"ifindex\":%d,\"family\":\"%s\",\"prefix\":\"%s\",\"scope\":%u}", a->ifindex,
	       a->prefix.family == AF_INET ? "inet" : "inet6", pfx, a->scope);
}

static int addr_list(int argc, char **argv)
{
	const char *usage = "umnet addr list [-j] [-4|-6] [dev DEV]";
	struct snapshot s = { 0 };
	int family, ifindex = 0, ret;
	struct nl *nl;
	bool json, first = true;

	ret = nlcli_list_opts(argc, argv, &json, &family, usage);
	if (ret >= 0)
		return ret;
	if (argc - optind != 0 && (argc - optind != 2 || strcmp(argv[optind], "dev") != 0)) {
		err("usage: %s", usage);
		return EXIT_FAILURE;
	}
	if (!(nl = nlcli_open()))
		return EXIT_FAILURE;
	if (argc - optind == 2)
		ifindex = nlcli_index(nl, argv[optind + 1]);
	ret = ifindex < 0 ? ifindex : snapshot_load(&s, nl, SNAPSHOT_LINKS | SNAPSHOT_ADDRS, family);
	if (ret && ifindex >= 0)
		cli_nl_err(nl, ret, "addr list");
	if (!ret) {
		fputs(json ? "[" : "", stdout);
		for (size_t i = 0; i < s.n_addrs; i++) {
			if (ifindex && s.addrs[i].ifindex != ifindex)
				continue;
			addr_print(&s.addrs[i], nlcli_name(&s, s.addrs[i].ifindex), json, first);
			first = false;
		}
		fputs(json ? "]\n" : "", stdout);
	}
	snapshot_free(&s);
	nl_close(nl);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

static const struct cli_cmd addr_cmds[] = {
	{ "add", addr_add, "PREFIX dev DEV: add an address" },
	{ "del", addr_del, "PREFIX dev DEV: remove an address" },
	{ "list", addr_list, "[-j] [-4|-6] [dev DEV]: list addresses" },
};

/**
 * nlcli_addr_main() - `umnet addr add|del|list`
 * @argc:	argument count
 * @argv:	arguments, argv[0] = "addr"
 *
 * Return: exit status
 */
int nlcli_addr_main(int argc, char **argv)
{
	return nlcli_dispatch(addr_cmds, ARRAY_SIZE(addr_cmds), "addr", argc, argv);
}

/* umnet route */

static int route_change(int argc, char **argv, bool add)
{
	struct nlcli_route r;
	struct nl *nl;
	int ret;

	if (nlcli_route_parse(&r, argc - 1, argv + 1, stderr))
		return EXIT_FAILURE;
	if (!(nl = nlcli_open()))
		return EXIT_FAILURE;
	ret = r.dev ? nlcli_index(nl, r.dev) : 0;
	if (ret >= 0) {
		r.route.oif = ret;
		ret = add ? nl_route_add(nl, &r.route) : nl_route_del(nl, &r.route);
		if (ret)
			cli_nl_err(nl, ret, "route %s %s", add ? "add" : "del", argv[1]);
	}
	nl_close(nl);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int route_add(int argc, char **argv)
{
	return route_change(argc, argv, true);
}

static int route_del(int argc, char **argv)
{
	return route_change(argc, argv, false);
}

static void route_print(const struct nl_route *r, const char *dev, bool json, bool first)
{
	char dst[ADDR_PREFIX_STRLEN] = "default", gw[ADDR_PREFIX_STRLEN] = "";
	struct addr_prefix g = { .family = r->dst.family };

	if (r->dst.plen && addr_prefix_format(&r->dst, dst, sizeof(dst)))
		return;
	if (r->has_gw) {
		memcpy(g.addr, r->gw, sizeof(g.addr));
		g.plen = r->dst.family == AF_INET ? 32 : 128;
		if (addr_prefix_format(&g, gw, sizeof(gw)))
			return;
		*strchr(gw, '/') = '\0';
	}
	if (!json) {
		printf("%s%s%s%s%s metric %u\n", dst, *gw ? " via " : "", gw, dev ? " dev " : "",
		       dev ? dev : "", r->metric);
		return;
	}
	printf("%s{\"dst\":\"%s\",\"gateway\":%s%s%s,\"dev\":", first ? "" : ",", dst,
	       *gw ? "\"" : "null", gw, *gw ? "\"" : "");
	if (dev)
		cli_json_str(stdout, dev);
	else
		fputs("null", stdout);
	printf(",\"metric\":%u,\"table\":%u,\"protocol\":%u,\"scope\":%u}", r->metric, r->table,
	       r->protocol, r->scope);
}

static int route_list(int argc, char **argv)
{
	struct snapshot s;
	int family, ret, shown = 0;
	struct nl *nl;
	bool json;

	ret = nlcli_list_opts(argc, argv, &json, &family, "umnet route list [-j] [-4|-6]");
	if (ret >= 0)
		return ret;
	if (optind != argc) {
		err("usage: umnet route list [-j] [-4|-6]");
		return EXIT_FAILURE;
	}
	if (!(nl = nlcli_open()))
		return EXIT_FAILURE;
	ret = snapshot_load(&s, nl, SNAPSHOT_LINKS | SNAPSHOT_ROUTES, family);
	if (ret)
		cli_nl_err(nl, ret, "route list");
	fputs(json && !ret ? "[" : "", stdout);
	/* The main table's unicast routes, as `ip route` shows them */
	for (size_t i = 0; !ret && i < s.n_routes; i++) {
		const struct nl_route *r = &s.routes[i];

		if (r->table != RT_TABLE_MAIN || r->type != RTN_UNICAST)
			continue;
		route_print(r, nlcli_name(&s, r->oif), json, !shown++);
	}
	fputs(json && !ret ? "]\n" : "", stdout);
	snapshot_free(&s);
	nl_close(nl);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

static const struct cli_cmd route_cmds[] = {
	{ "add", route_add, "[-4|-6] DEST|default [via GW] [dev DEV] [metric N] [table N]" },
	{ "del", route_del, "[-4|-6] DEST|default [via GW] [dev DEV] [metric N] [table N]" },
	{ "list", route_list, "[-j] [-4|-6]: the main table's unicast routes" },
};

/**
 * nlcli_route_main() - `umnet route add|del|list`
 * @argc:	argument count
 * @argv:	arguments, argv[0] = "route"
 *
 * Return: exit status
 */
int nlcli_route_main(int argc, char **argv)
{
	return nlcli_dispatch(route_cmds, ARRAY_SIZE(route_cmds), "route", argc, argv);
}

/* umnet sysctl */

static int sysctl_show_set(const char *what, int cur, int ret, const char *arg)
{
	if (arg && ret) {
		err("sysctl %s: %s", what, strerror(-ret));
		return EXIT_FAILURE;
	}
	if (!arg) {
		if (cur < 0) {
			err("sysctl %s: %s", what, strerror(-cur));
			return EXIT_FAILURE;
		}
		printf("%s\n", cur ? "on" : "off");
	}
	return EXIT_SUCCESS;
}

static int sysctl_forward(int argc, char **argv)
{
	int family = AF_INET, i = 1, ret = 0;
	bool on = false;

	if (i < argc && (!strcmp(argv[i], "-4") || !strcmp(argv[i], "-6")))
		family = argv[i++][1] == '4' ? AF_INET : AF_INET6;
	if (argc - i > 1 || (argc - i == 1 && text_onoff_parse(argv[i], &on))) {
		err("usage: umnet sysctl forward [-4|-6] [on|off]");
		return EXIT_FAILURE;
	}
	if (argc - i == 1)
		ret = sysctl_ip_forward_set(family, on);
	return sysctl_show_set("forward", argc - i ? 0 : sysctl_ip_forward_get(family), ret,
			       argc - i ? argv[i] : NULL);
}

static int sysctl_proxy_arp(int argc, char **argv)
{
	bool on = false;
	int ret = 0;

	if (argc < 2 || argc > 3 || (argc == 3 && text_onoff_parse(argv[2], &on))) {
		err("usage: umnet sysctl proxy-arp DEV [on|off]");
		return EXIT_FAILURE;
	}
	if (!text_ifname_is_valid(argv[1])) {
		err("sysctl proxy-arp: '%s' is not a valid interface name", argv[1]);
		return EXIT_FAILURE;
	}
	if (argc == 3)
		ret = sysctl_proxy_arp_set(argv[1], on);
	else
		ret = sysctl_proxy_arp_get(argv[1]);
	/* The per-interface directory exists exactly when the interface does */
	if (ret == -ENOENT) {
		err("sysctl proxy-arp: no interface %s", argv[1]);
		return EXIT_FAILURE;
	}
	return sysctl_show_set("proxy-arp", argc == 3 ? 0 : ret, argc == 3 ? ret : 0,
			       argc == 3 ? argv[2] : NULL);
}

static const struct cli_cmd sysctl_cmds[] = {
	{ "forward", sysctl_forward, "[-4|-6] [on|off]: routing between interfaces" },
	{ "proxy-arp", sysctl_proxy_arp, "DEV [on|off]: answer ARP for routed addresses" },
};

/**
 * nlcli_sysctl_main() - `umnet sysctl forward|proxy-arp`
 * @argc:	argument count
 * @argv:	arguments, argv[0] = "sysctl"
 *
 * Return: exit status
 */
int nlcli_sysctl_main(int argc, char **argv)
{
	return nlcli_dispatch(sysctl_cmds, ARRAY_SIZE(sysctl_cmds), "sysctl", argc, argv);
}
