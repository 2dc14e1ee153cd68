// SPDX-License-Identifier: GPL-2.0-or-later
/* test_cmdparse.c - management requests: valid, unknown, bad arguments, oversize, garbage */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/cmdparse.h"
#include "core/text.h"
#include "unit.h"

static struct cmd cmd;
static char err[CMD_ERR_BYTES];

static int parse(const char *s)
{
	err[0] = '\0';
	return cmd_parse((const uint8_t *)s, strlen(s), &cmd, err, sizeof(err));
}

TEST(cmdparse_frame)
{
	static const struct {
		const char *in;
		size_t cap;
		bool eof;
		size_t want;
	} t[] = {
		{ "", 16, false, 0 },			/* nothing yet */
		{ "", 16, true, 0 },			/* nothing at all: the daemon closes */
		{ "port", 16, false, 0 },		/* may still grow */
		{ "ports", 16, true, 5 },		/* end of input ends it */
		{ "ports\n", 16, false, 6 },
		{ "ports\r\n", 16, false, 7 },
		{ "ports\nmacs\n", 16, false, 6 },	/* one request per connection */
		{ "\n", 16, false, 1 },
		{ "0123456789abcdef", 16, false, 16 },	/* full: cmd_parse() says too long */
		{ "0123456789abcde\n", 16, false, 16 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK_EQ(cmd_frame((const uint8_t *)t[i].in, strlen(t[i].in), t[i].cap, t[i].eof),
			 t[i].want);
}

TEST(cmdparse_valid_requests)
{
	static const struct {
		const char *req;
		enum cmd_id id;
		unsigned port, port2;
		bool json;
	} t[] = {
		{ "ports", CMD_PORTS, 0, 0, false },
		{ "-j ports\n", CMD_PORTS, 0, 0, true },
		{ "--json macs 7\r\n", CMD_MACS, 7, 0, true },
		{ "  macs\t", CMD_MACS, 0, 0, false },
		{ "stats", CMD_STATS, 0, 0, false },
		{ "stats 65534", CMD_STATS, 65534, 0, false },
		{ "stats --reset", CMD_STATS_RESET, 0, 0, false },
		{ "stats --reset 3", CMD_STATS_RESET, 3, 0, false },
		{ "stats 3 --reset", CMD_STATS_RESET, 3, 0, false },
		{ "port del 12", CMD_PORT_DEL, 12, 0, false },
		{ "tap add tap0", CMD_TAP_ADD, 0, 0, false },
		{ "tap del umnet-tap.1", CMD_TAP_DEL, 0, 0, false },
		{ "hub on", CMD_HUB, 0, 0, false },
		{ "aging 0", CMD_AGING, 0, 0, false },
		{ "maxmacs 4194304", CMD_MAXMACS, 0, 0, false },
		{ "log debug", CMD_LOG, 0, 0, false },
		{ "mirror 1 to 2", CMD_MIRROR, 1, 2, false },
		{ "mirror off", CMD_MIRROR_OFF, 0, 0, false },
		{ "mirror 4 off", CMD_MIRROR_OFF, 4, 0, false },
		{ "security", CMD_SECURITY_SHOW, 0, 0, false },
		{ "-j security 2", CMD_SECURITY_SHOW, 2, 0, true },
		{ "security 2 off", CMD_SECURITY_OFF, 2, 0, false },
		{ "security 2 mac=52:54:00:00:00:01 ip=10.0.0.2", CMD_SECURITY_SET, 2, 0, false },
		{ "capture", CMD_CAPTURE, 0, 0, false },
		{ "capture all", CMD_CAPTURE, 0, 0, false },
		{ "capture 5 -f icmp", CMD_CAPTURE, 5, 0, false },
		{ "version", CMD_VERSION, 0, 0, false },
		{ "help", CMD_HELP, 0, 0, false },
		{ "shutdown", CMD_SHUTDOWN, 0, 0, false },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int ret = parse(t[i].req);

		if (ret)
			unit_fail(__FILE__, __LINE__, "'%s': %d %s", t[i].req, ret, err);
		CHECK_EQ(cmd.id, t[i].id);
		CHECK_EQ(cmd.port, t[i].port);
		CHECK_EQ(cmd.port2, t[i].port2);
		CHECK_EQ(cmd.json, t[i].json);
	}
	CHECK(!parse("hub off") && !cmd.on);
	CHECK(!parse("hub on") && cmd.on);
	CHECK(!parse("aging 1000000") && cmd.num == 1000000);
	CHECK(!parse("tap add tap0"));
	CHECK_STR(cmd.name, "tap0");
	CHECK(!parse("log warning"));
	CHECK_STR(cmd.name, "warning");
	CHECK(!parse("security 9 mac=52:54:00:00:00:01,ip=10.0.0.2,fd00::2 max-macs=3"));
	CHECK_EQ(cmd.sec.n_mac, 1);
	CHECK_EQ(cmd.sec.n_ip, 2);
	CHECK_EQ(cmd.sec.max_macs, 3);
	CHECK(!parse("capture"));
	CHECK(cmd.filter == NULL);
}

TEST(cmdparse_quoted_words)
{
	CHECK_EQ(parse("capture all -f \"icmp and host 10.0.0.1\""), 0);
	CHECK_STR(cmd.filter, "icmp and host 10.0.0.1");
	CHECK_EQ(parse("capture -f \"ether[0] = 0x\"\"ff\""), 0);	/* adjacent parts join */
	CHECK_STR(cmd.filter, "ether[0] = 0xff");
	CHECK_EQ(parse("capture -f \"a \\\"b\\\" \\\\c\""), 0);
	CHECK_STR(cmd.filter, "a \"b\" \\c");
	CHECK_EQ(parse("capture -f \"\""), 0);
	CHECK_STR(cmd.filter, "");
	CHECK_EQ(parse("capture -f \"icmp"), -EINVAL);		/* unterminated */
	CHECK(strstr(err, "unterminated"));
	CHECK_EQ(parse("capture -f \"\\n\""), -EINVAL);		/* one line */
	CHECK_EQ(parse("\"ports\""), 0);				/* a quoted name is a name */
	CHECK_EQ(cmd.id, CMD_PORTS);
}

TEST(cmdparse_unknown_commands)
{
	static const char *const t[] = {
		"port", "Ports", "portss", "por", "show ports", "-x ports", "'ports'",
		"stat", "macs_", "HELP", "p\torts",
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int ret = parse(t[i]);

		/* "port" exists but needs "del PORT": a usage error, not unknown */
		if (!strcmp(t[i], "port")) {
			CHECK_EQ(ret, -EINVAL);
			continue;
		}
		if (ret != -ENOENT)
			unit_fail(__FILE__, __LINE__, "'%s' gave %d", t[i], ret);
		CHECK(strstr(err, "unknown command") && strstr(err, "help"));
	}
	CHECK_EQ(parse(""), -EINVAL);
	CHECK(strstr(err, "empty"));
	CHECK_EQ(parse("   \n"), -EINVAL);
	CHECK_EQ(parse("-j"), -EINVAL);
}

TEST(cmdparse_bad_arguments)
{
	static const char *const t[] = {
		"ports 1", "macs 0", "macs 65535", "macs x", "macs 1 2", "macs -1",
		"stats 1 2", "stats --reset --reset", "stats --rest", "stats 99999999999",
		"port del", "port del 0", "port rm 3", "port del 3 4", "port 3 del",
		"tap", "tap add", "tap add a/b", "tap add ..", "tap add 0123456789abcdef",
		"tap add \"a b\"", "tap up tap0", "tap add tap0 tap1",
		"hub", "hub yes", "hub on off", "aging", "aging -1", "aging 1000001",
		"aging 1.5", "aging 0x10", "maxmacs 0", "maxmacs 4194305", "maxmacs",
		"log", "log verbose", "log INFO", "log info debug",
		"mirror", "mirror 1", "mirror 1 2", "mirror 1 to", "mirror 1 to 1",
		"mirror 1 from 2", "mirror on", "mirror 0 to 1",
		"security x", "security 1 on", "security 1 mac=zz", "security 1 mac=01:00:5e:00:00:01",
		"security 1 ip=10.0.0.300", "security 1 ip=10.0.0.1/33", "security 1 foo=bar",
		"security 1 10.0.0.1", "security 1 mac=52:54:00:00:00:01,",
		"capture 0", "capture all 3", "capture -f", "capture -w x", "capture all -f a b",
		"version 2", "help me", "shutdown now",
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int ret = parse(t[i]);

		if (ret != -EINVAL)
			unit_fail(__FILE__, __LINE__, "'%s' gave %d", t[i], ret);
		if (!err[0])
			unit_fail(__FILE__, __LINE__, "'%s': no message", t[i]);
	}
}

TEST(cmdparse_oversize)
{
	char *req = malloc(CMD_REQ_MAX_BYTES + 3);

	/* exactly the bound is a request (an unknown one); one more byte is not */
	memset(req, 'a', CMD_REQ_MAX_BYTES);
	CHECK_EQ(cmd_parse((uint8_t *)req, CMD_REQ_MAX_BYTES, &cmd, err, sizeof(err)), -ENOENT);
	CHECK(strlen(err) < 100);	/* the echo of the word is truncated */
	memcpy(req + CMD_REQ_MAX_BYTES, "\r\n", 2);
	CHECK_EQ(cmd_parse((uint8_t *)req, CMD_REQ_MAX_BYTES + 2, &cmd, err, sizeof(err)),
		 -ENOENT);
	req[CMD_REQ_MAX_BYTES] = 'a';
	CHECK_EQ(cmd_parse((uint8_t *)req, CMD_REQ_MAX_BYTES + 1, &cmd, err, sizeof(err)),
		 -EMSGSIZE);
	CHECK(strstr(err, "longer than"));

	/* a valid command padded to the bound with spaces still parses */
	memset(req, ' ', CMD_REQ_MAX_BYTES);
	memcpy(req, "ports", 5);
	CHECK_EQ(cmd_parse((uint8_t *)req, CMD_REQ_MAX_BYTES, &cmd, err, sizeof(err)), 0);

	/* more words than argv holds */
	for (int i = 0; i < CMD_REQ_MAX_BYTES / 2; i++)
		memcpy(req + 2 * i, "a ", 2);
	CHECK_EQ(cmd_parse((uint8_t *)req, CMD_REQ_MAX_BYTES, &cmd, err, sizeof(err)), -E2BIG);
	free(req);
}

TEST(cmdparse_binary_garbage)
{
	static const struct {
		const char *req;
		size_t len;
	} t[] = {
		{ "ports\0", 6 },
		{ "po\0rts", 6 },
		{ "\x01", 1 },
		{ "ports\n\n", 7 },	/* only one trailing newline is the end */
		{ "ports\r", 6 },	/* a lone \r is not an end of line... */
		{ "\xff\xfe", 2 },
		{ "macs \x80", 6 },
		{ "\x1b[2Jports", 9 },
		{ "ports\x7f", 6 },
	};
	uint32_t seed = 12345;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int ret = cmd_parse((const uint8_t *)t[i].req, t[i].len, &cmd, err, sizeof(err));

		/* "ports\r" is fine: \r before the (absent) \n is stripped */
		if (i == 4) {
			CHECK_EQ(ret, 0);
			continue;
		}
		if (ret != -EBADMSG)
			unit_fail(__FILE__, __LINE__, "garbage %zu gave %d", i, ret);
		CHECK(strstr(err, "not printable"));
	}
	/* random bytes of every length: an error or a request, never a crash */
	for (int round = 0; round < 2000; round++) {
		uint8_t buf[300];
		size_t len = (size_t)round % sizeof(buf);
		int ret;

		for (size_t k = 0; k < len; k++) {
			seed = seed * 1103515245 + 12345;
			/* mostly printable so that the splitter and parsers get exercised */
			buf[k] = (uint8_t)(round % 3 ? 0x20 + (seed >> 16) % 0x5f : seed >> 16);
		}
		ret = cmd_parse(buf, len, &cmd, err, sizeof(err));
		CHECK(ret == 0 || ret == -EINVAL || ret == -ENOENT || ret == -EBADMSG ||
		      ret == -E2BIG);
		if (ret)
			CHECK(err[0]);
		else
			CHECK(cmd.id < CMD_ID_MAX);
	}
}

TEST(cmdparse_quote_round_trip)
{
	static const char *const words[] = {
		"ports", "", "a b", "say \"hi\"", "back\\slash", "tab\there", "-f", "ü",
	};
	char out[64], line[64];
	char *argv[4];

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		int n = cmd_quote(words[i], out, sizeof(out));

		if (!strcmp(words[i], "ü")) {
			CHECK_EQ(n, -EINVAL);	/* not printable ASCII */
			continue;
		}
		CHECK(n > 0);
		snprintf(line, sizeof(line), "%s", out);
		CHECK_EQ(text_split(line, argv, 4, err, sizeof(err)), 1);
		CHECK_STR(argv[0], words[i]);
	}
	CHECK_EQ(cmd_quote("abcdef", out, 6), -ENOSPC);
	CHECK_EQ(cmd_quote("abcde", out, 6), 5);
}

TEST(cmdparse_table_is_consistent)
{
	for (unsigned i = 0; i < cmd_table_len; i++) {
		CHECK(cmd_table[i].name && cmd_table[i].fn && cmd_table[i].help);
		/* the help line starts with the command's own name */
		CHECK(!strncmp(cmd_table[i].help, cmd_table[i].name, strlen(cmd_table[i].name)));
		for (unsigned k = i + 1; k < cmd_table_len; k++)
			CHECK(strcmp(cmd_table[i].name, cmd_table[k].name));
	}
	CHECK(!parse("-j ports") && cmd_is_show(&cmd));
	CHECK(!parse("stats") && cmd_is_show(&cmd));
	CHECK(!parse("stats --reset") && !cmd_is_show(&cmd));
	CHECK(!parse("security 1 off") && !cmd_is_show(&cmd));
	CHECK(!parse("capture") && !cmd_is_show(&cmd));
}
