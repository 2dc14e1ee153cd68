// SPDX-License-Identifier: GPL-2.0-or-later
/* test_tunctl.c - command lines of tunctl, `umnet tap`, `umnet route|bridge`; output formats */

#include <errno.h>
#include <linux/if.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "cli/cli.h"
#include "cli/nlcli.h"
#include "cli/tapcli.h"
#include "sys/util.h"
#include "unit.h"

#define ARGC(v)	((int)(sizeof(v) / sizeof((v)[0])) - 1)

static int tunctl(struct tapcli_tunctl *t, char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	return tapcli_tunctl_parse(t, argc, argv, NULL);
}

TEST(tunctl_parse_defaults)
{
	char *argv[] = { "tunctl", NULL };
	struct tapcli_tunctl t;

	CHECK_EQ(tunctl(&t, argv), 0);
	CHECK_EQ(t.owner, -1);
	CHECK_EQ(t.group, -1);
	CHECK(!t.del && !t.brief && !t.tun);
	CHECK(!t.name && !t.clone_dev);
}

TEST(tunctl_parse_create)
{
	char *argv[] = { "tunctl", "-b", "-u", "1000", "-g", "0x10", "-t", "tap%d", "-f",
			 "/dev/misc/net/tun", "-n", NULL };
	char *names[] = { "tunctl", "-u", "root", "-g", "root", NULL };
	struct tapcli_tunctl t;

	CHECK_EQ(tunctl(&t, argv), 0);
	CHECK(t.brief && t.tun && !t.del);
	CHECK_EQ(t.owner, 1000);
	CHECK_EQ(t.group, 16);		/* strtol base 0, as tunctl */
	CHECK_STR(t.name, "tap%d");
	CHECK_STR(t.clone_dev, "/dev/misc/net/tun");
	CHECK_EQ(tunctl(&t, names), 0);
	CHECK_EQ(t.owner, 0);
	CHECK_EQ(t.group, 0);
}

TEST(tunctl_parse_delete)
{
	char *del[] = { "tunctl", "-d", "tap0", NULL };
	char *last[] = { "tunctl", "-d", "tap0", "-t", "tap1", NULL };
	char *noarg[] = { "tunctl", "-d", NULL };
	struct tapcli_tunctl t;

	CHECK_EQ(tunctl(&t, del), 0);
	CHECK(t.del);
	CHECK_STR(t.name, "tap0");
	/* As in tunctl, -d and -t set the same name: the last one wins */
	CHECK_EQ(tunctl(&t, last), 0);
	CHECK(t.del);
	CHECK_STR(t.name, "tap1");
	CHECK_EQ(tunctl(&t, noarg), -EINVAL);
}

TEST(tunctl_parse_bad)
{
	char *extra[] = { "tunctl", "-t", "tap0", "stray", NULL };
	char *unknown[] = { "tunctl", "-x", NULL };
	char *h[] = { "tunctl", "-h", NULL };
	struct tapcli_tunctl t;

	CHECK_EQ(tunctl(&t, extra), -EINVAL);
	CHECK_EQ(tunctl(&t, unknown), -EINVAL);
	CHECK_EQ(tunctl(&t, h), -EINVAL);	/* tunctl has no -h: usage, status 1 */
}

TEST(tunctl_ids_hostile)
{
	static const struct { const char *s; int ret; long id; } cases[] = {
		{ "0", 0, 0 }, { "1000", 0, 1000 }, { "0x3e8", 0, 1000 }, { "010", 0, 8 },
		{ "-1", 0, -1 }, { "4294967294", 0, 4294967294L }, { "root", 0, 0 },
		{ "", -EINVAL, 0 }, { "-2", -EINVAL, 0 }, { "4294967295", -EINVAL, 0 },
		{ "99999999999999999999", -EINVAL, 0 }, { "1000x", -EINVAL, 0 },
		{ "10 00", -EINVAL, 0 }, { "0x", -EINVAL, 0 }, { " ", -EINVAL, 0 },
		{ "no-such-user-umnet", -EINVAL, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long id = 12345;
		int ret = tapcli_tunctl_id(cases[i].s, false, &id);

		if (ret != cases[i].ret || (!ret && id != cases[i].id))
			unit_fail(__FILE__, __LINE__, "'%s': %d %ld", cases[i].s, ret, id);
	}
	CHECK_EQ(tapcli_tunctl_id(NULL, true, &(long){ 0 }), -EINVAL);
}

TEST(tunctl_unknown_user_message)
{
	char *argv[] = { "tunctl", "-u", "no-such-user-umnet", NULL };
	char *gargv[] = { "tunctl", "-g", "no-such-group-umnet", NULL };
	struct tapcli_tunctl t;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	CHECK_EQ(tapcli_tunctl_parse(&t, ARGC(argv), argv, f), -EINVAL);
	CHECK_EQ(tapcli_tunctl_parse(&t, ARGC(gargv), gargv, f), -EINVAL);
	fclose(f);
	CHECK(text && strstr(text, "'no-such-user-umnet' is neither a username nor a numeric "
			     "uid.\nCreate: tunctl [-b] "));
	CHECK(text && strstr(text, "'no-such-group-umnet' is neither a groupname nor a numeric "
			     "group.\n"));
	CHECK(text && strstr(text, "Delete: tunctl -d device-name [-f tun-clone-device]\n"));
	free(text);
}

static int add(struct tapcli_add *a, char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	return tapcli_add_parse(a, argc, argv, NULL);
}

TEST(tap_add_parse_all)
{
	char *argv[] = { "add", "--owner", "1000", "--group", "root", "--mtu", "9000",
			 "--mac", "02:00:00:00:00:01", "--master", "br0", "--up", "-q",
			 "-f", "/dev/net/tun", "vm%d", NULL };
	struct tapcli_add a;

	CHECK_EQ(add(&a, argv), 0);
	CHECK(a.has_owner && a.owner == 1000);
	CHECK(a.has_group && a.group == 0);
	CHECK_EQ(a.mtu, 9000);
	CHECK(a.has_mac);
	CHECK_MEM(a.mac, "\x02\0\0\0\0\x01", 6);
	CHECK_STR(a.master, "br0");
	CHECK_EQ(a.up, 1);
	CHECK(a.multi_queue && !a.tun);
	CHECK_STR(a.clone_dev, "/dev/net/tun");
	CHECK_STR(a.name, "vm%d");
}

TEST(tap_add_parse_bad)
{
	char *mtu_low[] = { "add", "--mtu", "67", NULL };
	char *mtu_high[] = { "add", "--mtu", "65536", NULL };
	char *mtu_text[] = { "add", "--mtu", "1500b", NULL };
	char *mac[] = { "add", "--mac", "02:00:00:00:00", NULL };
	char *conflict[] = { "add", "--tun", "--mac", "02:00:00:00:00:01", NULL };
	char *two[] = { "add", "tap0", "tap1", NULL };
	char *name[] = { "add", "tap/0", NULL };
	char *tmpl[] = { "add", "tap%d%d", NULL };
	char *owner[] = { "add", "--owner", "no-such-user-umnet", NULL };
	char *group[] = { "add", "--group", "", NULL };
	char *master[] = { "add", "--master", "../br", NULL };
	char *unknown[] = { "add", "--frobnicate", NULL };
	char *none[] = { "add", NULL };
	struct tapcli_add a;

	CHECK_EQ(add(&a, mtu_low), -EINVAL);
	CHECK_EQ(add(&a, mtu_high), -EINVAL);
	CHECK_EQ(add(&a, mtu_text), -EINVAL);
	CHECK_EQ(add(&a, mac), -EINVAL);
	CHECK_EQ(add(&a, conflict), -EINVAL);
	CHECK_EQ(add(&a, two), -EINVAL);
	CHECK_EQ(add(&a, name), -EINVAL);
	CHECK_EQ(add(&a, tmpl), -EINVAL);
	CHECK_EQ(add(&a, owner), -EINVAL);
	CHECK_EQ(add(&a, group), -EINVAL);
	CHECK_EQ(add(&a, master), -EINVAL);
	CHECK_EQ(add(&a, unknown), -EINVAL);
	CHECK_EQ(add(&a, none), 0);
	CHECK(!a.name && !a.has_owner && !a.up && !a.mtu);
}

TEST(cli_ids)
{
	uint32_t id = 7;

	CHECK_EQ(id_parse("root", false, &id), 0);
	CHECK_EQ(id, 0);
	CHECK_EQ(id_parse("4294967294", true, &id), 0);
	CHECK_EQ(id, 4294967294U);
	CHECK_EQ(id_parse("4294967295", false, &id), -ENOENT);
	CHECK_EQ(id_parse("-1", false, &id), -ENOENT);
	CHECK_EQ(id_parse("0x10", false, &id), -ENOENT);	/* decimal only */
	CHECK_EQ(id_parse("", false, &id), -ENOENT);
	CHECK_EQ(id_parse(NULL, false, &id), -ENOENT);
}

static char *capture_json(const struct nl_link *l, const char *master)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	tapcli_link_json(f, l, master);
	fclose(f);
	return text;
}

TEST(tap_json_output)
{
	struct nl_link l = {
		.ifindex = 7, .name = "tap0", .flags = IFF_UP | IFF_LOWER_UP, .mtu = 1500,
		.operstate = IF_OPER_UP, .has_mac = true, .mac = { 2, 0, 0, 0, 0, 0x0a },
		.kind = "tun",
		.tun = { .valid = true, .is_tap = true, .persist = true, .has_owner = true,
			 .owner = 1000 },
	};
	char *s = capture_json(&l, "br0");

	CHECK_STR(s, "{\"name\":\"tap0\",\"ifindex\":7,\"type\":\"tap\",\"owner\":1000,"
		  "\"group\":null,\"persist\":true,\"multi_queue\":false,\"pi\":false,"
		  "\"vnet_hdr\":false,\"queues\":0,\"mtu\":1500,\"mac\":\"02:00:00:00:00:0a\","
		  "\"state\":\"up\",\"operstate\":\"up\",\"master\":\"br0\"}");
	free(s);

	/* A name the kernel accepts but JSON must escape */
	memcpy(l.name, "a\"b\\c\x01\xc3", 7);
	l.tun.is_tap = false;
	l.has_mac = false;
	l.flags = IFF_UP;
	s = capture_json(&l, NULL);
	CHECK(s && strstr(s, "\"name\":\"a\\\"b\\\\c\\u0001\\u00c3\""));
	CHECK(s && strstr(s, "\"type\":\"tun\""));
	CHECK(s && strstr(s, "\"mac\":null"));
	CHECK(s && strstr(s, "\"state\":\"no-carrier\""));
	CHECK(s && strstr(s, "\"master\":null}"));
	free(s);
}

TEST(tap_text_output)
{
	struct nl_link l = {
		.ifindex = 7, .name = "tap0", .mtu = 1500, .kind = "tun",
		.tun = { .valid = true, .is_tap = true, .persist = true, .has_group = true,
			 .group = 100 },
	};
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	tapcli_link_text(f, &l, NULL);
	fclose(f);
	CHECK_STR(text, "tap0            tap  -          100        yes     no  1500  -"
		  "                 down       -\n");
	free(text);
}

TEST(route_parse_forms)
{
	char *dflt[] = { "default", "via", "10.0.0.1", "dev", "eth0", "metric", "5", NULL };
	char *dflt6[] = { "-6", "default", "dev", "eth0", NULL };
	char *via6[] = { "default", "via", "fe80::1", "dev", "eth0", NULL };
	char *host[] = { "192.0.2.7", "dev", "tap0", "table", "100", NULL };
	char *net[] = { "10.1.0.0/16", "via", "10.0.0.254", "table", "main", NULL };
	struct nlcli_route r;

	CHECK_EQ(nlcli_route_parse(&r, ARGC(dflt), dflt, NULL), 0);
	CHECK_EQ(r.route.dst.family, AF_INET);
	CHECK_EQ(r.route.dst.plen, 0);
	CHECK(r.route.has_gw);
	CHECK_MEM(r.route.gw, "\x0a\0\0\x01", 4);
	CHECK_STR(r.dev, "eth0");
	CHECK_EQ(r.route.metric, 5);
	CHECK_EQ(nlcli_route_parse(&r, ARGC(dflt6), dflt6, NULL), 0);
	CHECK_EQ(r.route.dst.family, AF_INET6);
	CHECK(!r.route.has_gw);
	CHECK_EQ(nlcli_route_parse(&r, ARGC(via6), via6, NULL), 0);
	CHECK_EQ(r.route.dst.family, AF_INET6);
	CHECK(r.route.has_gw);
	CHECK_EQ(nlcli_route_parse(&r, ARGC(host), host, NULL), 0);
	CHECK_EQ(r.route.dst.plen, 32);
	CHECK_EQ(r.route.table, 100);
	CHECK_EQ(nlcli_route_parse(&r, ARGC(net), net, NULL), 0);
	CHECK_EQ(r.route.dst.plen, 16);
	CHECK_EQ(r.route.table, 254);
}

TEST(route_parse_bad)
{
	char *none[] = { NULL };
	char *only6[] = { "-6", NULL };
	char *dangling[] = { "default", "via", NULL };
	char *unknown[] = { "default", "gateway", "10.0.0.1", NULL };
	char *mixed[] = { "::/0", "via", "10.0.0.1", NULL };
	char *mixed4[] = { "-4", "default", "via", "fe80::1", NULL };
	char *plen[] = { "10.0.0.0/33", "dev", "eth0", NULL };
	char *metric[] = { "default", "dev", "eth0", "metric", "4294967296", NULL };
	char *table[] = { "default", "dev", "eth0", "table", "0", NULL };
	char *dev[] = { "default", "dev", "eth/0", NULL };
	struct nlcli_route r;

	CHECK_EQ(nlcli_route_parse(&r, 0, none, NULL), -EINVAL);
	CHECK_EQ(nlcli_route_parse(&r, ARGC(only6), only6, NULL), -EINVAL);
	CHECK_EQ(nlcli_route_parse(&r, ARGC(dangling), dangling, NULL), -EINVAL);
	CHECK_EQ(nlcli_route_parse(&r, ARGC(unknown), unknown, NULL), -EINVAL);
	CHECK_EQ(nlcli_route_parse(&r, ARGC(mixed), mixed, NULL), -EINVAL);
	CHECK_EQ(nlcli_route_parse(&r, ARGC(mixed4), mixed4, NULL), -EINVAL);
	CHECK_EQ(nlcli_route_parse(&r, ARGC(plen), plen, NULL), -EINVAL);
	CHECK_EQ(nlcli_route_parse(&r, ARGC(metric), metric, NULL), -EINVAL);
	CHECK_EQ(nlcli_route_parse(&r, ARGC(table), table, NULL), -EINVAL);
	CHECK_EQ(nlcli_route_parse(&r, ARGC(dev), dev, NULL), -EINVAL);
}

TEST(bridge_opts_parse)
{
	char *all[] = { "stp", "on", "forward-delay", "15", "hello-time", "1.5",
			"ageing-time", "0.25", NULL };
	char *bad_stp[] = { "stp", "yes", NULL };
	char *dangling[] = { "stp", NULL };
	char *unknown[] = { "max-age", "20", NULL };
	struct nl_bridge_opts o;

	CHECK_EQ(nlcli_bridge_opts_parse(&o, ARGC(all), all, NULL), 0);
	CHECK_EQ(o.stp, 1);
	CHECK_EQ(o.forward_delay_ms, 15000);
	CHECK_EQ(o.hello_time_ms, 1500);
	CHECK_EQ(o.ageing_time_ms, 250);
	CHECK_EQ(nlcli_bridge_opts_parse(&o, 0, all, NULL), 0);
	CHECK_EQ(o.stp, -1);
	CHECK_EQ(o.forward_delay_ms, -1);
	CHECK_EQ(nlcli_bridge_opts_parse(&o, ARGC(bad_stp), bad_stp, NULL), -EINVAL);
	CHECK_EQ(nlcli_bridge_opts_parse(&o, ARGC(dangling), dangling, NULL), -EINVAL);
	CHECK_EQ(nlcli_bridge_opts_parse(&o, ARGC(unknown), unknown, NULL), -EINVAL);
}

TEST(cli_json_escapes)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	cli_json_str(f, "plain");
	cli_json_str(f, "\"\\\n\x7f");
	fclose(f);
	CHECK_STR(text, "\"plain\"\"\\\"\\\\\\u000a\\u007f\"");
	free(text);
}

TEST(cli_cmd_table)
{
	static const struct cli_cmd cmds[] = { { "add", NULL, "x" }, { "address", NULL, "y" } };

	CHECK(cli_cmd_find(cmds, 2, "add") == &cmds[0]);
	CHECK(cli_cmd_find(cmds, 2, "address") == &cmds[1]);
	CHECK(cli_cmd_find(cmds, 2, "addr") == NULL);	/* no prefixes */
	CHECK(cli_cmd_find(cmds, 2, "ad") == NULL);
	CHECK(cli_cmd_find(cmds, 2, NULL) == NULL);
}
