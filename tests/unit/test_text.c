// SPDX-License-Identifier: GPL-2.0-or-later
/* test_text.c - the text toolkit: words, numbers, names, JSON strings, addresses */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "core/addr.h"
#include "core/text.h"
#include "unit.h"

TEST(text_split_dialect)
{
	static const struct { const char *line; int n; const char *w[4]; } cases[] = {
		{ "", 0, { NULL } },
		{ " \t ", 0, { NULL } },
		{ "a b\tc", 3, { "a", "b", "c" } },
		{ "  lead  trail  ", 2, { "lead", "trail" } },
		{ "\"a b\" c", 2, { "a b", "c" } },
		{ "mid\"dle q\"uote", 1, { "middle quote" } },
		{ "\"\"", 1, { "" } },
		{ "\"say \\\"hi\\\"\"", 1, { "say \"hi\"" } },
		{ "\"back\\\\slash\"", 1, { "back\\slash" } },
		{ "\"nl\\n tab\\t\"", 1, { "nl\n tab\t" } },
		{ "bare\\kept", 1, { "bare\\kept" } },
		{ "# not a comment", 4, { "#", "not", "a", "comment" } },
	};
	char line[64], err[128];
	char *argv[4];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n;

		snprintf(line, sizeof(line), "%s", cases[i].line);
		n = text_split(line, argv, 4, err, sizeof(err));
		if (n != cases[i].n) {
			unit_fail(__FILE__, __LINE__, "'%s': %d words, want %d", cases[i].line, n,
				  cases[i].n);
			continue;
		}
		for (int k = 0; k < n; k++)
			CHECK_STR(argv[k], cases[i].w[k]);
	}
}

TEST(text_split_errors)
{
	static const char *const bad[] = { "\"open", "a \"b", "\"\\x\"", "\"\\\"", "\"a\\\"" };
	char line[64], err[128];
	char *argv[4];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(line, sizeof(line), "%s", bad[i]);
		err[0] = '\0';
		if (text_split(line, argv, 4, err, sizeof(err)) != -EINVAL || !err[0])
			unit_fail(__FILE__, __LINE__, "'%s' should be refused with a reason", bad[i]);
	}
	snprintf(line, sizeof(line), "a b c d e");
	CHECK_EQ(text_split(line, argv, 4, err, sizeof(err)), -E2BIG);
	CHECK_STR(err, "more than 4 words");
	/* no error buffer: still refused */
	snprintf(line, sizeof(line), "\"open");
	CHECK_EQ(text_split(line, argv, 4, NULL, 0), -EINVAL);
}

TEST(text_quote_round_trip)
{
	static const char *const words[] = {
		"ports", "", "a b", "say \"hi\"", "back\\slash", "tab\there", "new\nline", "#",
		"-f", "\x01ctl", "\x7f", "w\xc3\xbcrd", "\\\"\\\"", "\" \"",
	};
	char out[64], line[64], err[128];
	char *argv[4];

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		int n = text_quote(words[i], out, sizeof(out));

		CHECK(n > 0);
		CHECK_EQ((size_t)n, strlen(out));
		snprintf(line, sizeof(line), "%s", out);
		CHECK_EQ(text_split(line, argv, 4, err, sizeof(err)), 1);
		CHECK_STR(argv[0], words[i]);
	}
	/* only what needs it is quoted */
	CHECK_EQ(text_quote("eth0", out, sizeof(out)), 4);
	CHECK_STR(out, "eth0");
	CHECK_EQ(text_quote("a b", out, sizeof(out)), 5);
	CHECK_STR(out, "\"a b\"");
	CHECK_EQ(text_quote("abcdef", out, 6), -ENOSPC);
	CHECK_EQ(text_quote("abcde", out, 6), 5);
	CHECK_EQ(text_quote("a b", out, 5), -ENOSPC);
}

TEST(text_numbers)
{
	unsigned long v = 7;
	unsigned mode = 0;
	bool on = false;

	CHECK_EQ(text_ulong_parse("0", 0, 10, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(text_ulong_parse("10", 0, 10, &v), 0);
	CHECK_EQ(v, 10);
	CHECK_EQ(text_ulong_parse("11", 0, 10, &v), -ERANGE);
	CHECK_EQ(text_ulong_parse("1", 2, 10, &v), -ERANGE);
	CHECK_EQ(text_ulong_parse("99999999999999999999999", 0, ~0UL, &v), -ERANGE);
	CHECK_EQ(v, 10);
	CHECK_EQ(text_ulong_parse("-1", 0, ~0UL, &v), -EINVAL);
	CHECK_EQ(text_ulong_parse("+1", 0, 10, &v), -EINVAL);
	CHECK_EQ(text_ulong_parse(" 1", 0, 10, &v), -EINVAL);
	CHECK_EQ(text_ulong_parse("1 ", 0, 10, &v), -EINVAL);
	CHECK_EQ(text_ulong_parse("0x1", 0, 10, &v), -EINVAL);
	CHECK_EQ(text_ulong_parse("", 0, 10, &v), -EINVAL);
	CHECK_EQ(text_ulong_parse(NULL, 0, 10, &v), -EINVAL);
	CHECK_EQ(text_mode_parse("0660", &mode), 0);
	CHECK_EQ(mode, 0660);
	CHECK_EQ(text_mode_parse("7777", &mode), 0);
	CHECK_EQ(mode, 07777);
	CHECK_EQ(text_mode_parse("17777", &mode), -EINVAL);
	CHECK_EQ(text_mode_parse("0680", &mode), -EINVAL);
	CHECK_EQ(text_mode_parse("-1", &mode), -EINVAL);
	CHECK_EQ(text_mode_parse("", &mode), -EINVAL);
	CHECK_EQ(text_onoff_parse("on", &on), 0);
	CHECK(on);
	CHECK_EQ(text_onoff_parse("off", &on), 0);
	CHECK(!on);
	CHECK_EQ(text_onoff_parse("ON", &on), -EINVAL);
	CHECK_EQ(text_onoff_parse("1", &on), -EINVAL);
	CHECK_EQ(text_onoff_parse(NULL, &on), -EINVAL);
}

TEST(text_ifname_rules)
{
	static const char *const good[] = {
		"a", "eth0", "tap0", "br-lan", "veth.100", "...", "a.b", "all", "default",
		"123456789012345", "wl\xc3\xa4n0", "x_y-z@1",
	};
	static const char *const bad[] = {
		"", ".", "..", "1234567890123456", "a/b", "/", "a:b", "a b", "a\tb", "a\nb",
		"tap%d", "%", "\x1b[31m", "a\x7f", "../../etc", " eth0",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!text_ifname_is_valid(good[i]))
			unit_fail(__FILE__, __LINE__, "'%s' should be valid", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (text_ifname_is_valid(bad[i]))
			unit_fail(__FILE__, __LINE__, "'%s' should be invalid", bad[i]);
	CHECK(!text_ifname_is_valid(NULL));

	CHECK(text_ifname_is_template("tap%d"));
	CHECK(text_ifname_is_template("%d"));
	CHECK(text_ifname_is_template("umnet-%d-tap12"));
	CHECK(!text_ifname_is_template("umnet-%d-tap1234"));	/* 16 bytes as given */
	CHECK(!text_ifname_is_template("tap0"));
	CHECK(!text_ifname_is_template("a%d%d"));
	CHECK(!text_ifname_is_template("a%s"));
	CHECK(!text_ifname_is_template("a%"));
	CHECK(!text_ifname_is_template("a%%d"));
	CHECK(!text_ifname_is_template("x/%d"));
	CHECK(!text_ifname_is_template("x %d"));
	CHECK(!text_ifname_is_template(NULL));
}

TEST(addr_prefix_parse_hostile)
{
	static const struct { const char *s; int ret; const char *out; } cases[] = {
		{ "10.0.0.1/24", 0, "10.0.0.1/24" },
		{ "10.0.0.1", 0, "10.0.0.1/32" },
		{ "0.0.0.0/0", 0, "0.0.0.0/0" },
		{ "10.0.0.1/0", 0, "10.0.0.1/0" },
		{ "2001:db8::1/64", 0, "2001:db8::1/64" },
		{ "::/0", 0, "::/0" },
		{ "::ffff:1.2.3.4/96", 0, "::ffff:1.2.3.4/96" },
		{ "fe80::1", 0, "fe80::1/128" },
		{ "10.0.0.1/33", -ERANGE, NULL },
		{ "::1/129", -ERANGE, NULL },
		{ "10.0.0.1/99999999999999999999999", -ERANGE, NULL },
		{ "10.0.0.1/", -EINVAL, NULL },
		{ "/24", -EINVAL, NULL },
		{ "10.0.0.1/024", -EINVAL, NULL },
		{ "10.0.0.1/00", -EINVAL, NULL },
		{ "10.0.0.1/+1", -EINVAL, NULL },
		{ "10.0.0.1/-1", -EINVAL, NULL },
		{ "10.0.0.1/ 1", -EINVAL, NULL },
		{ "10.0.0.1/1 ", -EINVAL, NULL },
		{ "10.0.0.1/0x10", -EINVAL, NULL },
		{ "10.0.0.1/24/24", -EINVAL, NULL },
		{ "010.0.0.1", -EINVAL, NULL },
		{ "0x7f.0.0.1", -EINVAL, NULL },
		{ "127.1", -EINVAL, NULL },
		{ "1.2.3.4.5", -EINVAL, NULL },
		{ "256.0.0.1", -EINVAL, NULL },
		{ " 1.2.3.4", -EINVAL, NULL },
		{ "1.2.3.4 ", -EINVAL, NULL },
		{ "fe80::1%eth0/64", -EINVAL, NULL },
		{ "fe80::1%eth0", -EINVAL, NULL },
		{ "1:2:3:4:5:6:7:8:9", -EINVAL, NULL },
		{ ":::", -EINVAL, NULL },
		{ "", -EINVAL, NULL },
		{ "default", -EINVAL, NULL },
	};
	char out[ADDR_PREFIX_STRLEN], *big;
	struct addr_prefix p;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = addr_prefix_parse(cases[i].s, AF_UNSPEC, &p);

		if (ret != cases[i].ret) {
			unit_fail(__FILE__, __LINE__, "'%s': %d, want %d", cases[i].s, ret,
				  cases[i].ret);
			continue;
		}
		if (cases[i].out && (addr_prefix_format(&p, out, sizeof(out)) ||
				     strcmp(out, cases[i].out)))
			unit_fail(__FILE__, __LINE__, "'%s' -> '%s'", cases[i].s, out);
	}
	big = malloc(5001);
	memset(big, '1', 5000);
	big[5000] = '\0';
	CHECK_EQ(addr_prefix_parse(big, AF_UNSPEC, &p), -EINVAL);
	big[40] = '/';
	CHECK_EQ(addr_prefix_parse(big, AF_UNSPEC, &p), -EINVAL);
	free(big);
	CHECK_EQ(addr_prefix_parse(NULL, AF_UNSPEC, &p), -EINVAL);
	/* The family, when given, must match */
	CHECK_EQ(addr_prefix_parse("::1", AF_INET, &p), -EINVAL);
	CHECK_EQ(addr_prefix_parse("1.2.3.4", AF_INET6, &p), -EINVAL);
	CHECK_EQ(addr_prefix_parse("1.2.3.4", AF_PACKET, &p), -EINVAL);
	CHECK_EQ(addr_ip_parse("1.2.3.4/8", AF_UNSPEC, &p), -EINVAL);
	CHECK_EQ(addr_ip_parse("1.2.3.4", AF_INET, &p), 0);
	CHECK_EQ(p.plen, 32);
	/* Formatting into a small buffer */
	CHECK_EQ(addr_prefix_format(&p, out, 8), -ENOSPC);
	p.family = AF_PACKET;
	CHECK_EQ(addr_prefix_format(&p, out, sizeof(out)), -EAFNOSUPPORT);
}

TEST(addr_mac_parse_hostile)
{
	static const char *const bad[] = {
		"", "02:00:00:00:00", "02:00:00:00:00:01:", "02:00:00:00:00:0g", "2:0:0:0:0:1",
		"02-00-00-00-00-01", "0200.0000.0001", "02:00:00:00:00:001", " 02:00:00:00:00:01",
		"02:00:00:00:00:01 ", "02:00:00:00:00:1", "02::00:00:00:00:01", "zz:zz:zz:zz:zz:zz",
	};
	uint8_t mac[ADDR_ETH_ALEN] = { 0 };
	char s[ADDR_MAC_STRLEN];

	CHECK_EQ(addr_mac_parse("02:Ab:cD:ef:00:09", mac), 0);
	CHECK_MEM(mac, "\x02\xab\xcd\xef\x00\x09", 6);
	addr_mac_format(mac, s);
	CHECK_STR(s, "02:ab:cd:ef:00:09");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (addr_mac_parse(bad[i], mac) != -EINVAL)
			unit_fail(__FILE__, __LINE__, "'%s' should be refused", bad[i]);
	}
	/* A refused input leaves the output alone */
	CHECK_MEM(mac, "\x02\xab\xcd\xef\x00\x09", 6);
	CHECK_EQ(addr_mac_parse(NULL, mac), -EINVAL);
}

TEST(text_secs_parse_hostile)
{
	static const struct { const char *s; long ms; } good[] = {
		{ "0", 0 }, { "15", 15000 }, { "0.5", 500 }, { "1.25", 1250 }, { "2.05", 2050 },
		{ "1000000", 1000000000L },
	};
	static const char *const bad[] = {
		"", ".", "1.", ".5", "1.234", "-1", "+1", "1e3", "0x10", "1000001", "1,5",
		" 1", "1 ", "1.-5", "99999999999999999999",
	};
	long ms;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (text_secs_parse(good[i].s, &ms) || ms != good[i].ms)
			unit_fail(__FILE__, __LINE__, "'%s'", good[i].s);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (text_secs_parse(bad[i], &ms) != -EINVAL)
			unit_fail(__FILE__, __LINE__, "'%s' should be refused", bad[i]);
	CHECK_EQ(text_secs_parse(NULL, &ms), -EINVAL);
}

TEST(text_json_str_escapes)
{
	char out[64];

	CHECK_EQ(text_json_str(out, sizeof(out), "plain"), 7);
	CHECK_STR(out, "\"plain\"");
	/* quote, backslash, control characters, DEL and bytes >= 0x80 */
	CHECK_EQ(text_json_str(out, sizeof(out), "\"\\\n\x7f\xc3"), 24);
	CHECK_STR(out, "\"\\\"\\\\\\u000a\\u007f\\u00c3\"");
	CHECK_EQ(text_json_str(out, sizeof(out), ""), 2);
	CHECK_STR(out, "\"\"");
	/* cut short as snprintf() would, always terminated */
	CHECK_EQ(text_json_str(out, 4, "abcdef"), 8);
	CHECK_STR(out, "\"ab");
	CHECK_EQ(text_json_str(out, 1, "abc"), 5);
	CHECK_STR(out, "");
	CHECK_EQ(text_json_str(NULL, 0, "\x01"), 8);
}

TEST(text_errf_returns)
{
	char err[8];

	CHECK_EQ(text_errf(err, sizeof(err), -EINVAL, "%s %d", "bad", 12345), -EINVAL);
	CHECK_STR(err, "bad 123");
	CHECK_EQ(text_errf(NULL, 0, -ENOENT, "x"), -ENOENT);
	CHECK_EQ(text_errf(err, 0, 0, "y"), 0);
	CHECK_STR(err, "bad 123");
}

TEST(addr_masks)
{
	struct addr_prefix p;
	char out[ADDR_PREFIX_STRLEN], ip[ADDR_IP4_STRLEN];

	CHECK_EQ(addr_mask4(0), 0);
	CHECK_EQ(addr_mask4(1), 0x80000000U);
	CHECK_EQ(addr_mask4(24), 0xffffff00U);
	CHECK_EQ(addr_mask4(32), 0xffffffffU);
	CHECK_EQ(addr_mask4(33), 0xffffffffU);
	CHECK_EQ(addr_prefix_parse("10.0.3.77/20", AF_UNSPEC, &p), 0);
	addr_prefix_mask(&p);
	CHECK(!addr_prefix_format(&p, out, sizeof(out)));
	CHECK_STR(out, "10.0.0.0/20");
	CHECK_EQ(addr_prefix_parse("2001:db8:ffff::1/33", AF_UNSPEC, &p), 0);
	addr_prefix_mask(&p);
	CHECK(!addr_prefix_format(&p, out, sizeof(out)));
	CHECK_STR(out, "2001:db8:8000::/33");
	CHECK_EQ(addr_prefix_parse("1.2.3.4/0", AF_UNSPEC, &p), 0);
	addr_prefix_mask(&p);
	CHECK(!addr_prefix_format(&p, out, sizeof(out)));
	CHECK_STR(out, "0.0.0.0/0");
	addr_ip4_format(0xc0a80001U, ip);
	CHECK_STR(ip, "192.168.0.1");
	addr_ip4_format(0xffffffffU, ip);
	CHECK_STR(ip, "255.255.255.255");
}
