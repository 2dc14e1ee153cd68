// SPDX-License-Identifier: GPL-2.0-or-later
/* test_helper_req.c - umnet-helper's requests from argv */

#include <errno.h>
#include <stdio.h>

#include "core/addr.h"
#include "helper/policy.h"
#include "helper/req.h"
#include "unit.h"

#define ARGC(a)	((int)(sizeof(a) / sizeof((a)[0])))

static uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d)
{
	return (uint32_t)a << 24 | b << 16 | c << 8 | d;
}

TEST(helper_req_valid)
{
	static const char *const up[] = { "uml_net", "4", "tuntap", "up", "10.0.0.1" };
	static const char *const up_none[] = { "uml_net", "4", "tuntap", "up" };
	static const char *const up_empty[] = { "uml_net", "4", "tuntap", "up", "" };
	static const char *const add[] = { "uml_net", "4", "add", "tap0", "10.0.0.5",
					   "255.255.255.0" };
	static const char *const del[] = { "uml_net", "4", "del", "tap12", "192.168.1.200",
					   "255.255.255.255" };
	static const char *const slip_up[] = { "uml_net", "4", "slip", "up", "10.0.0.1" };
	static const char *const slip_down[] = { "uml_net", "4", "slip", "down", "sl0" };
	struct helper_req r;
	char err[128];

	CHECK_EQ(helper_req_parse(ARGC(up), up, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.op, HELPER_OP_TUNTAP_UP);
	CHECK(r.has_gate);
	CHECK_EQ(r.gate, ip(10, 0, 0, 1));

	CHECK_EQ(helper_req_parse(ARGC(up_none), up_none, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.op, HELPER_OP_TUNTAP_UP);
	CHECK(!r.has_gate);
	CHECK_EQ(helper_req_parse(ARGC(up_empty), up_empty, &r, err, sizeof(err)), 0);
	CHECK(!r.has_gate);

	CHECK_EQ(helper_req_parse(ARGC(add), add, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.op, HELPER_OP_ADD);
	CHECK_STR(r.ifname, "tap0");
	CHECK_EQ(r.addr, ip(10, 0, 0, 5));
	CHECK_EQ(r.mask_plen, 24);

	CHECK_EQ(helper_req_parse(ARGC(del), del, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.op, HELPER_OP_DEL);
	CHECK_STR(r.ifname, "tap12");
	CHECK_EQ(r.mask_plen, 32);

	CHECK_EQ(helper_req_parse(ARGC(slip_up), slip_up, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.op, HELPER_OP_SLIP_UP);
	CHECK_EQ(helper_req_parse(ARGC(slip_down), slip_down, &r, err, sizeof(err)), 0);
	CHECK_EQ(r.op, HELPER_OP_SLIP_DOWN);
	CHECK_STR(r.ifname, "sl0");
	CHECK_STR(helper_op_name(HELPER_OP_SLIP_DOWN), "slip down");
}

/* Malformed argv: refused with a message, nothing half-parsed */
TEST(helper_req_hostile)
{
	static const struct {
		int argc;
		const char *argv[8];
		const char *msg;
	} bad[] = {
		{ 0, { NULL }, "missing arguments" },
		{ 1, { "uml_net" }, "missing arguments" },
		{ 2, { "uml_net", "4" }, "missing arguments" },
		{ 4, { "uml_net", "4", NULL, "x" }, "missing arguments" },
		{ 5, { "uml_net", "4", "add", NULL, "x" }, "missing arguments" },
		{ 3, { "uml_net", "tuntap", "up" }, "unsupported protocol version 'tuntap' (this helper speaks 4)" },
		{ 5, { "uml_net", "3", "tuntap", "up", "10.0.0.1" }, "unsupported protocol version '3' (this helper speaks 4)" },
		{ 5, { "uml_net", "04", "tuntap", "up", "10.0.0.1" }, "unsupported protocol version '04' (this helper speaks 4)" },
		{ 5, { "uml_net", "", "tuntap", "up", "10.0.0.1" }, "unsupported protocol version '' (this helper speaks 4)" },
		{ 3, { "uml_net", "4", "tuntap" }, "tuntap needs 'up' or 'down'" },
		{ 4, { "uml_net", "4", "tuntap", "down" }, "tuntap: unknown action" },
		{ 4, { "uml_net", "4", "tuntap", "UP" }, "tuntap: unknown action" },
		{ 6, { "uml_net", "4", "tuntap", "up", "10.0.0.1", "x" }, "tuntap up takes at most a gateway" },
		{ 5, { "uml_net", "4", "tuntap", "up", "10.0.0.256" }, "invalid gateway address '10.0.0.256'" },
		{ 5, { "uml_net", "4", "tuntap", "up", "10.0.0.1/24" }, "invalid gateway address '10.0.0.1/24'" },
		{ 5, { "uml_net", "4", "tuntap", "up", "10.1" }, "invalid gateway address '10.1'" },
		{ 5, { "uml_net", "4", "tuntap", "up", " 10.0.0.1" }, "invalid gateway address ' 10.0.0.1'" },
		{ 5, { "uml_net", "4", "tuntap", "up", "host.example" }, "invalid gateway address 'host.example'" },
		{ 5, { "uml_net", "4", "add", "tap0", "10.0.0.1" }, "add takes TAP ADDRESS NETMASK" },
		{ 7, { "uml_net", "4", "del", "tap0", "10.0.0.1", "255.0.0.0", "x" }, "del takes TAP ADDRESS NETMASK" },
		{ 6, { "uml_net", "4", "add", "../eth0", "10.0.0.1", "255.0.0.0" }, "invalid interface name '../eth0'" },
		{ 6, { "uml_net", "4", "add", "tap0:1", "10.0.0.1", "255.0.0.0" }, "invalid interface name 'tap0:1'" },
		{ 6, { "uml_net", "4", "add", "ta p", "10.0.0.1", "255.0.0.0" }, "invalid interface name 'ta p'" },
		{ 6, { "uml_net", "4", "add", "", "10.0.0.1", "255.0.0.0" }, "invalid interface name ''" },
		{ 6, { "uml_net", "4", "add", "..", "10.0.0.1", "255.0.0.0" }, "invalid interface name '..'" },
		{ 6, { "uml_net", "4", "add", "abcdefghijklmnop", "10.0.0.1", "255.0.0.0" }, "invalid interface name 'abcdefghijklmnop'" },
		{ 6, { "uml_net", "4", "add", "tap\x1b[2J", "10.0.0.1", "255.0.0.0" }, "invalid interface name 'tap?[2J'" },
		{ 6, { "uml_net", "4", "add", "tap0", "10.0.0.01", "255.0.0.0" }, "invalid address '10.0.0.01'" },
		{ 6, { "uml_net", "4", "add", "tap0", "10.0.0.1/32", "255.0.0.0" }, "invalid address '10.0.0.1/32'" },
		{ 6, { "uml_net", "4", "add", "tap0", "0xa.0.0.1", "255.0.0.0" }, "invalid address '0xa.0.0.1'" },
		{ 6, { "uml_net", "4", "add", "tap0", "10.0.0.1", "255.0.255.0" }, "invalid netmask '255.0.255.0'" },
		{ 6, { "uml_net", "4", "add", "tap0", "10.0.0.1", "255.255.255.1" }, "invalid netmask '255.255.255.1'" },
		{ 6, { "uml_net", "4", "add", "tap0", "10.0.0.1", "24" }, "invalid netmask '24'" },
		{ 6, { "uml_net", "4", "del", "tap0", "10.0.0.1", "255.255.255.0 " }, "invalid netmask '255.255.255.0 '" },
		{ 5, { "uml_net", "4", "slip", "down", "sl/0" }, "invalid interface name 'sl/0'" },
		{ 4, { "uml_net", "4", "slip", "down" }, "slip down takes the device name" },
		{ 5, { "uml_net", "4", "ethertap", "tap0", "5" }, "unsupported request 'ethertap'" },
		{ 3, { "uml_net", "4", "shell" }, "unsupported request 'shell'" },
		{ 3, { "uml_net", "4", "add\nrm -rf" }, "unsupported request 'add?rm -rf'" },
	};
	struct helper_req r;
	char err[128];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret;

		memset(&r, 0x55, sizeof(r));
		ret = helper_req_parse(bad[i].argc, bad[i].argv, &r, err, sizeof(err));
		if (ret != -EINVAL || strcmp(err, bad[i].msg))
			unit_fail(__FILE__, __LINE__, "case %zu: %d \"%s\", want \"%s\"", i, ret,
				  err, bad[i].msg);
		CHECK_EQ(r.op, 0);
		CHECK_EQ(r.ifname[0], 0);
	}
}

TEST(helper_req_long_args)
{
	static char huge[100000];
	const char *argv[] = { "uml_net", "4", "add", "tap0", huge, "255.0.0.0" };
	struct helper_req r;
	char err[256], small[16];

	memset(huge, '1', sizeof(huge) - 1);
	CHECK_EQ(helper_req_parse(ARGC(argv), argv, &r, err, sizeof(err)), -EINVAL);
	/* The argument is cut to 60 bytes, and the message says so */
	CHECK_EQ(strlen(err), strlen("invalid address ''") + 63);
	CHECK(!strcmp(err + strlen(err) - 4, "...'"));
	argv[3] = huge;
	CHECK_EQ(helper_req_parse(ARGC(argv), argv, &r, err, sizeof(err)), -EINVAL);
	CHECK(!strncmp(err, "invalid interface name '111", 27));
	argv[1] = huge;
	CHECK_EQ(helper_req_parse(ARGC(argv), argv, &r, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "...' (this helper speaks 4)"));
	/* A short message buffer is cut, not overrun */
	CHECK_EQ(helper_req_parse(ARGC(argv), argv, &r, small, sizeof(small)), -EINVAL);
	CHECK_EQ(strlen(small), sizeof(small) - 1);
}

TEST(helper_req_masks)
{
	unsigned plen;
	char s[ADDR_IP4_STRLEN];

	for (unsigned n = 0; n <= 32; n++) {
		addr_ip4_format(n ? ~0U << (32 - n) : 0, s);
		CHECK_EQ(helper_mask_parse(s, &plen), 0);
		CHECK_EQ(plen, n);
	}
	CHECK_EQ(helper_mask_parse("128.0.0.1", &plen), -EINVAL);
	CHECK_EQ(helper_mask_parse("0.0.0.1", &plen), -EINVAL);
	CHECK_EQ(helper_mask_parse("255.255.255", &plen), -EINVAL);
	CHECK_EQ(helper_mask_parse(NULL, &plen), -EINVAL);
}

TEST(helper_req_sanitize)
{
	char out[8];

	helper_sanitize_text("ab\x01\x7f\xff", out, sizeof(out));
	CHECK_STR(out, "ab???");
	helper_sanitize_text("abcdefghij", out, sizeof(out));
	CHECK_STR(out, "abcd...");
	helper_sanitize_text("abcdefg", out, sizeof(out));
	CHECK_STR(out, "abcdefg");
	helper_sanitize_text(NULL, out, sizeof(out));
	CHECK_STR(out, "");
}
