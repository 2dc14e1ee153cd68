// SPDX-License-Identifier: GPL-2.0-or-later
/* test_helper_policy.c - umnet-helper's policy file: syntax, hostile input, matching */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helper/policy.h"
#include "unit.h"

static struct helper_policy pol;
static char err[HELPER_ERR_MAX];

static uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d)
{
	return (uint32_t)a << 24 | b << 16 | c << 8 | d;
}

static int parse(const char *text)
{
	return helper_policy_parse(&pol, text, strlen(text), "t.conf", err, sizeof(err));
}

TEST(helper_policy_example)
{
	static const char text[] =
		"# umnet-helper policy\n"
		"ip_forward yes   # route for the guests\n"
		"\n"
		"user alice\n"
		"\tgateway 192.168.1.254\n"
		"\tguest 192.168.1.128/28 192.168.1.200\n"
		"group uml-net\n"
		"  gateway 10.0.0.1 10.0.1.1\n"
		"  guest 10.0.0.128/25\n"
		"user 1001\n"
		"group 27";	/* no final newline */

	CHECK_EQ(parse(text), 0);
	CHECK_STR(err, "");
	CHECK(pol.ip_forward);
	CHECK_EQ(pol.n_rules, 4);
	CHECK_EQ(pol.rules[0].kind, HELPER_RULE_USER);
	CHECK(!pol.rules[0].by_id);
	CHECK_STR(pol.rules[0].name, "alice");
	CHECK_EQ(pol.rules[0].line, 4);
	CHECK_EQ(pol.rules[0].n_gateways, 1);
	CHECK_EQ(pol.rules[0].gateways[0].addr, ip(192, 168, 1, 254));
	CHECK_EQ(pol.rules[0].gateways[0].plen, 32);
	CHECK_EQ(pol.rules[0].n_guests, 2);
	CHECK_EQ(pol.rules[0].guests[0].addr, ip(192, 168, 1, 128));
	CHECK_EQ(pol.rules[0].guests[0].plen, 28);
	CHECK_EQ(pol.rules[0].guests[1].line, 6);
	CHECK_EQ(pol.rules[1].kind, HELPER_RULE_GROUP);
	CHECK_STR(pol.rules[1].name, "uml-net");
	CHECK_EQ(pol.rules[1].n_gateways, 2);
	CHECK(pol.rules[2].by_id);
	CHECK_EQ(pol.rules[2].id, 1001);
	CHECK_EQ(pol.rules[3].kind, HELPER_RULE_GROUP);
	CHECK_EQ(pol.rules[3].id, 27);
}

TEST(helper_policy_empty)
{
	CHECK_EQ(parse(""), 0);
	CHECK_EQ(pol.n_rules, 0);
	CHECK(!pol.ip_forward);
	CHECK_EQ(parse("\n\n   \t\n# only comments\n#\n"), 0);
	CHECK_EQ(parse("ip_forward no\n"), 0);
	CHECK(!pol.ip_forward);
}

/* Each of these must be refused with this message */
TEST(helper_policy_hostile)
{
	static const struct {
		const char *text;
		const char *msg;
	} bad[] = {
		{ "bogus x\n", "t.conf:1: unknown keyword 'bogus'" },
		{ "User alice\n", "t.conf:1: unknown keyword 'User'" },
		{ "gateway 10.0.0.1\n", "t.conf:1: gateway outside a user or group block" },
		{ "guest 10.0.0.1\n", "t.conf:1: guest outside a user or group block" },
		{ "user\n", "t.conf:1: user takes one name or id" },
		{ "group a b\n", "t.conf:1: group takes one name or id" },
		{ "user -rf\n", "t.conf:1: invalid name '-rf'" },
		{ "user a/b\n", "t.conf:1: invalid character in name 'a/b'" },
		{ "user a;b\n", "t.conf:1: invalid character in name 'a;b'" },
		{ "user 0123\n", "t.conf:1: invalid id '0123'" },
		{ "user 4294967295\n", "t.conf:1: invalid id '4294967295'" },
		{ "user 99999999999999999999\n", "t.conf:1: invalid id '99999999999999999999'" },
		{ "user abcdefghijklmnopqrstuvwxyz0123456\n",
		  "t.conf:1: invalid name 'abcdefghijklmnopqrstuvwxyz012345'" },
		{ "user alice\nuser alice\n", "t.conf:2: user alice already has a block at line 1" },
		{ "group 5\n\ngroup 5\n", "t.conf:3: group 5 already has a block at line 1" },
		{ "user a\nguest\n", "t.conf:2: guest needs at least one address or prefix" },
		{ "user a\nguest 10.0.0.0/24 10.0.0.128/25\n",
		  "t.conf:2: guest 10.0.0.128/25 overlaps the one at line 2" },
		{ "user a\nguest 10.0.0.1\nguest 10.0.0.1\n",
		  "t.conf:3: guest 10.0.0.1 overlaps the one at line 2" },
		{ "user a\ngateway 10.0.0.0/8\ngateway 10.2.0.1\n",
		  "t.conf:3: gateway 10.2.0.1 overlaps the one at line 2" },
		{ "user a\nguest 10.0.0.1/24\n", "t.conf:2: guest 10.0.0.1/24 has host bits set" },
		{ "user a\nguest 10.0.0.0/33\n", "t.conf:2: guest: invalid address or prefix '10.0.0.0/33'" },
		{ "user a\nguest 10.0.0.0/\n", "t.conf:2: guest: invalid address or prefix '10.0.0.0/'" },
		{ "user a\nguest 10.0.0.0/024\n", "t.conf:2: guest: invalid address or prefix '10.0.0.0/024'" },
		{ "user a\nguest 10.0.0.0/-8\n", "t.conf:2: guest: invalid address or prefix '10.0.0.0/-8'" },
		{ "user a\nguest 010.0.0.1\n", "t.conf:2: guest: invalid address or prefix '010.0.0.1'" },
		{ "user a\nguest 10.0.1\n", "t.conf:2: guest: invalid address or prefix '10.0.1'" },
		{ "user a\nguest 0x0a000001\n", "t.conf:2: guest: invalid address or prefix '0x0a000001'" },
		{ "user a\nguest 1.2.3.4.5\n", "t.conf:2: guest: invalid address or prefix '1.2.3.4.5'" },
		{ "user a\nguest 10.0.0.256\n", "t.conf:2: guest: invalid address or prefix '10.0.0.256'" },
		{ "user a\nguest ::1\n", "t.conf:2: guest: invalid address or prefix '::1'" },
		{ "user a\nguest 127.0.0.2\n", "t.conf:2: guest 127.0.0.2 includes non-unicast addresses" },
		{ "user a\nguest 0.0.0.0/0\n", "t.conf:2: guest 0.0.0.0/0 includes non-unicast addresses" },
		{ "user a\nguest 96.0.0.0/3\n", "t.conf:2: guest 96.0.0.0/3 includes non-unicast addresses" },
		{ "user a\ngateway 224.0.0.1\n",
		  "t.conf:2: gateway 224.0.0.1 includes non-unicast addresses" },
		{ "user a\nguest 255.255.255.255\n",
		  "t.conf:2: guest 255.255.255.255 includes non-unicast addresses" },
		{ "user a\ngateway 10.0.0.1\nguest 10.0.0.0/24\n",
		  "t.conf:2: gateway 10.0.0.1/32 overlaps guest range 10.0.0.0/24 at line 3" },
		{ "user a\ngateway 10.0.0.1\nuser b\nguest 10.0.0.0/30\n",
		  "t.conf:2: gateway 10.0.0.1/32 overlaps guest range 10.0.0.0/30 at line 4" },
		{ "ip_forward maybe\n", "t.conf:1: ip_forward takes yes or no" },
		{ "ip_forward\n", "t.conf:1: ip_forward takes yes or no" },
		{ "ip_forward yes\nip_forward no\n", "t.conf:2: ip_forward already set at line 1" },
		{ "user a\nip_forward yes\n", "t.conf:2: ip_forward must come before the first block" },
		{ "user a\r\n", "t.conf:1: invalid byte 0x0d" },
		{ "user a\x1b[0m\n", "t.conf:1: invalid byte 0x1b" },
		{ "user \xc3\xa9t\xc3\xa9\n", "t.conf:1: invalid byte 0xc3" },
		{ "user a\n\x7f\n", "t.conf:2: invalid byte 0x7f" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = parse(bad[i].text);

		if (ret != -EINVAL || strcmp(err, bad[i].msg))
			unit_fail(__FILE__, __LINE__, "case %zu: %d \"%s\", want \"%s\"", i, ret,
				  err, bad[i].msg);
		/* A refused file leaves nothing half-parsed behind */
		CHECK_EQ(pol.n_rules, 0);
		CHECK(!pol.ip_forward);
	}
}

TEST(helper_policy_nul_and_long_lines)
{
	static const char nul[] = "user a\nuser b\0c\n";
	char line[HELPER_LINE_MAX + 3];
	int ret;

	ret = helper_policy_parse(&pol, nul, sizeof(nul) - 1, "t.conf", err, sizeof(err));
	CHECK_EQ(ret, -EINVAL);
	CHECK_STR(err, "t.conf:2: NUL byte");

	/* HELPER_LINE_MAX bytes are fine, one more is not */
	memset(line, ' ', sizeof(line));
	line[0] = '#';
	line[HELPER_LINE_MAX] = '\n';
	CHECK_EQ(helper_policy_parse(&pol, line, HELPER_LINE_MAX + 1, "t.conf", err, sizeof(err)),
		 0);
	line[HELPER_LINE_MAX] = ' ';
	line[HELPER_LINE_MAX + 1] = '\n';
	CHECK_EQ(helper_policy_parse(&pol, line, HELPER_LINE_MAX + 2, "t.conf", err, sizeof(err)),
		 -EINVAL);
	CHECK_STR(err, "t.conf:1: line longer than 255 bytes");
	/* ... even without a newline at all, and even as a comment */
	CHECK_EQ(helper_policy_parse(&pol, line, HELPER_LINE_MAX + 1, "t.conf", err, sizeof(err)),
		 -EINVAL);
	/* A line full of one-letter tokens */
	for (int i = 0; i < HELPER_LINE_MAX; i++)
		line[i] = i % 2 ? ' ' : 'x';
	line[HELPER_LINE_MAX] = '\n';
	CHECK_EQ(helper_policy_parse(&pol, line, HELPER_LINE_MAX + 1, "t.conf", err, sizeof(err)),
		 -EINVAL);
	CHECK_STR(err, "t.conf:1: unknown keyword 'x'");
}

TEST(helper_policy_bounds)
{
	size_t cap = 64 * 1024 + 64, n = 0;
	char *buf = malloc(cap);

	/* HELPER_RULES_MAX blocks are fine, one more is not */
	for (int i = 0; i < HELPER_RULES_MAX; i++)
		n += (size_t)snprintf(buf + n, cap - n, "user u%d\n", i);
	CHECK_EQ(helper_policy_parse(&pol, buf, n, "t.conf", err, sizeof(err)), 0);
	CHECK_EQ(pol.n_rules, HELPER_RULES_MAX);
	n += (size_t)snprintf(buf + n, cap - n, "user one-more\n");
	CHECK_EQ(helper_policy_parse(&pol, buf, n, "t.conf", err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "t.conf:65: more than 64 user and group blocks");

	n = (size_t)snprintf(buf, cap, "user a\n");
	for (int i = 0; i < HELPER_RANGES_MAX; i++)
		n += (size_t)snprintf(buf + n, cap - n, "guest 10.0.%d.0/24\n", i);
	CHECK_EQ(helper_policy_parse(&pol, buf, n, "t.conf", err, sizeof(err)), 0);
	CHECK_EQ(pol.rules[0].n_guests, HELPER_RANGES_MAX);
	n += (size_t)snprintf(buf + n, cap - n, "guest 10.1.0.0/24\n");
	CHECK_EQ(helper_policy_parse(&pol, buf, n, "t.conf", err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "t.conf:34: more than 32 guest ranges in one block");

	/* Oversize files are refused before a byte is read */
	memset(buf, '\n', cap);
	CHECK_EQ(helper_policy_parse(&pol, buf, HELPER_POLICY_MAX_BYTES, "t.conf", err, sizeof(err)),
		 0);
	CHECK_EQ(helper_policy_parse(&pol, buf, HELPER_POLICY_MAX_BYTES + 1, "t.conf", err,
				     sizeof(err)), -EFBIG);
	CHECK_STR(err, "t.conf:0: larger than 65536 bytes");
	free(buf);

	/* A tiny error buffer is still NUL-terminated and not overrun */
	{
		char small[8] = "XXXXXXX";

		CHECK_EQ(helper_policy_parse(&pol, "bogus\n", 6, "t.conf", small, 5), -EINVAL);
		CHECK_STR(small, "t.co");
		CHECK_EQ(small[5], 'X');
	}
}

/* Same user named by name and by uid: both blocks apply, no error */
TEST(helper_policy_match)
{
	static const char text[] =
		"user alice\n"
		"guest 10.0.0.16/28\n"
		"gateway 10.0.9.1\n"
		"group uml-net\n"
		"guest 10.0.1.0/24\n"
		"gateway 10.0.9.2\n"
		"user 1000\n"
		"guest 10.0.2.7\n"
		"group 4242\n"
		"guest 10.0.3.0/24\n"
		"user bob\n";
	struct helper_who alice = {
		.uid = 1000, .user = "alice", .n_groups = 2,
		.gids = { 1000, 105 }, .groups = { "alice", "uml-net" },
	};
	struct helper_who bob = { .uid = 1001, .user = "bob", .n_groups = 1, .gids = { 1001 } };
	struct helper_who anon = { .uid = 4000, .n_groups = 2, .gids = { 4000, 4242 } };
	struct helper_who eve = { .uid = 1002, .user = "eve", .n_groups = 1, .gids = { 100 },
				  .groups = { "users" } };

	CHECK_EQ(parse(text), 0);
	CHECK(helper_policy_allows_user(&pol, &alice));
	CHECK(helper_policy_allows_user(&pol, &bob));
	CHECK(helper_policy_allows_user(&pol, &anon));
	CHECK(!helper_policy_allows_user(&pol, &eve));

	/* alice: her own block, her uid's block and uml-net's */
	CHECK(helper_policy_allows_guest(&pol, &alice, ip(10, 0, 0, 16)));
	CHECK(helper_policy_allows_guest(&pol, &alice, ip(10, 0, 0, 31)));
	CHECK(!helper_policy_allows_guest(&pol, &alice, ip(10, 0, 0, 32)));
	CHECK(!helper_policy_allows_guest(&pol, &alice, ip(10, 0, 0, 15)));
	CHECK(helper_policy_allows_guest(&pol, &alice, ip(10, 0, 1, 200)));
	CHECK(helper_policy_allows_guest(&pol, &alice, ip(10, 0, 2, 7)));
	CHECK(!helper_policy_allows_guest(&pol, &alice, ip(10, 0, 2, 8)));
	CHECK(!helper_policy_allows_guest(&pol, &alice, ip(10, 0, 3, 1)));
	CHECK(helper_policy_allows_gateway(&pol, &alice, ip(10, 0, 9, 1)));
	CHECK(helper_policy_allows_gateway(&pol, &alice, ip(10, 0, 9, 2)));
	CHECK(!helper_policy_allows_gateway(&pol, &alice, ip(10, 0, 9, 3)));
	/* Guest and gateway lists are not interchangeable */
	CHECK(!helper_policy_allows_gateway(&pol, &alice, ip(10, 0, 0, 17)));
	CHECK(!helper_policy_allows_guest(&pol, &alice, ip(10, 0, 9, 1)));

	/* bob may use the helper but claim nothing */
	CHECK(!helper_policy_allows_guest(&pol, &bob, ip(10, 0, 0, 17)));
	CHECK(!helper_policy_allows_gateway(&pol, &bob, ip(10, 0, 9, 1)));
	/* a user without names: by gid only */
	CHECK(helper_policy_allows_guest(&pol, &anon, ip(10, 0, 3, 9)));
	CHECK(!helper_policy_allows_guest(&pol, &eve, ip(10, 0, 3, 9)));

	/* With no blocks, nobody */
	CHECK_EQ(parse(""), 0);
	CHECK(!helper_policy_allows_user(&pol, &alice));
}

TEST(helper_policy_print)
{
	static const char text[] = "ip_forward yes\nuser alice # x\n guest 10.0.0.0/24 10.1.0.1\n"
				   "group 7\n gateway 10.9.0.1\n";
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	CHECK_EQ(parse(text), 0);
	f = open_memstream(&out, &len);
	helper_policy_print(&pol, f);
	fclose(f);
	CHECK_STR(out, "ip_forward yes\nuser alice\n\tguest 10.0.0.0/24\n\tguest 10.1.0.1/32\n"
		       "group 7\n\tgateway 10.9.0.1/32\n");
	free(out);
}

TEST(helper_policy_ranges)
{
	struct helper_range a, b;

	CHECK_EQ(helper_range_parse("10.0.0.0/8", &a), 0);
	CHECK_EQ(helper_range_parse("10.200.0.0/16", &b), 0);
	CHECK(helper_ranges_overlap(&a, &b));
	CHECK(helper_ranges_overlap(&b, &a));
	CHECK(helper_range_contains(&a, ip(10, 255, 255, 255)));
	CHECK(!helper_range_contains(&a, ip(11, 0, 0, 0)));
	CHECK_EQ(helper_range_parse("10.201.0.0/16", &a), 0);
	CHECK(!helper_ranges_overlap(&a, &b));
	CHECK_EQ(helper_range_parse("10.0.0.1/31", &a), -EADDRNOTAVAIL);
	CHECK_EQ(helper_range_parse("0.0.0.0/0", &a), 0);
	CHECK(helper_range_contains(&a, ip(1, 2, 3, 4)));

	CHECK(!helper_addr_is_unicast(ip(0, 255, 255, 255)));
	CHECK(helper_addr_is_unicast(ip(1, 0, 0, 0)));
	CHECK(helper_addr_is_unicast(ip(126, 255, 255, 255)));
	CHECK(!helper_addr_is_unicast(ip(127, 0, 0, 1)));
	CHECK(helper_addr_is_unicast(ip(128, 0, 0, 0)));
	CHECK(helper_addr_is_unicast(ip(223, 255, 255, 255)));
	CHECK(!helper_addr_is_unicast(ip(224, 0, 0, 1)));
	CHECK(!helper_addr_is_unicast(ip(240, 0, 0, 1)));
	CHECK(!helper_addr_is_unicast(ip(255, 255, 255, 255)));
}

/* The file checks need root (the file must be root's); as another user the
 * test only sees them refuse
 */
TEST(helper_policy_load)
{
	char dir[] = "/tmp/umnet-unit-helper.XXXXXX", path[64], link[80];
	static const char text[] = "user alice\nguest 10.0.0.0/24\n";
	int fd, ret;

	CHECK_EQ(helper_policy_load("relative.conf", &pol, err, sizeof(err)), -EINVAL);
	CHECK_EQ(helper_policy_load("/nonexistent-umnet/helper.conf", &pol, err, sizeof(err)), 1);
	CHECK_EQ(helper_policy_load("/etc/../etc/passwd", &pol, err, sizeof(err)), -EINVAL);
	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(path, sizeof(path), "%s/helper.conf", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, text, sizeof(text) - 1), (long)sizeof(text) - 1);
	close(fd);
	chmod(path, 0644);
	chmod(dir, 0755);

	ret = helper_policy_load(path, &pol, err, sizeof(err));
	if (geteuid() == 0) {
		CHECK_EQ(ret, 0);
		CHECK_EQ(pol.n_rules, 1);
		chmod(path, 0664);
		CHECK_EQ(helper_policy_load(path, &pol, err, sizeof(err)), -EPERM);
		CHECK(strstr(err, "is writable by group or others"));
		CHECK_EQ(pol.n_rules, 0);
		chmod(path, 0600);
		CHECK_EQ(helper_policy_load(path, &pol, err, sizeof(err)), 0);
		chmod(dir, 0777);
		CHECK_EQ(helper_policy_load(path, &pol, err, sizeof(err)), -EPERM);
		chmod(dir, 01777);	/* sticky, as /tmp */
		CHECK_EQ(helper_policy_load(path, &pol, err, sizeof(err)), 0);
		chmod(dir, 0755);
		CHECK_EQ(chown(path, 65534, 0), 0);
		CHECK_EQ(helper_policy_load(path, &pol, err, sizeof(err)), -EPERM);
		CHECK(strstr(err, "is not owned by root"));
		CHECK_EQ(chown(path, 0, 0), 0);
	} else {
		CHECK_EQ(ret, -EPERM);
	}
	/* A symbolic link is refused, and so is a directory */
	snprintf(link, sizeof(link), "%s/link.conf", dir);
	CHECK_EQ(symlink(path, link), 0);
	CHECK_EQ(helper_policy_load(link, &pol, err, sizeof(err)), -ELOOP);
	CHECK(strstr(err, "symbolic link"));
	CHECK_EQ(helper_policy_load(dir, &pol, err, sizeof(err)), -EPERM);
	unlink(link);
	unlink(path);
	rmdir(dir);
}
