// SPDX-License-Identifier: GPL-2.0-or-later
/* cmdparse.c - the management protocol's requests: split, check, parse; no I/O
 *
 * DOC: Theory of operation
 *
 * A request is one line of printable ASCII (tabs allowed), at most
 * CMD_REQ_MAX_BYTES long, optionally ended by "\n" or "\r\n"; any other byte
 * makes it invalid as a whole. It is split into words as text_split() does
 * (core/text.c): at spaces and tabs, with double quotes grouping words
 * ("icmp and host 10.0.0.1"). A leading "-j" or "--json" asks for JSON.
 * The first word is looked up, exactly, in cmd_table, whose parser checks
 * every argument (numbers in range, names well formed, nothing left over)
 * and fills struct cmd. Nothing here knows about sockets or the switch:
 * docs/management.md describes the protocol around it.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/cmdparse.h"
#include "core/fdb.h"
#include "core/text.h"

#define ERR(...)	text_errf(err, errlen, -EINVAL, __VA_ARGS__)

static int parse_port(const char *s, unsigned *port, char *err, size_t errlen)
{
	unsigned long v;

	if (text_ulong_parse(s, 1, CMD_PORT_MAX, &v))
		return ERR("'%s' is not a port number (1 to %u)", s, CMD_PORT_MAX);
	*port = (unsigned)v;
	return 0;
}

static bool word_is_port(const char *s)
{
	return *s >= '0' && *s <= '9';
}

static int no_args(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen,
		   enum cmd_id id)
{
	cmd->id = id;
	if (argc)
		return ERR("%s: unexpected argument '%s'", argv[-1], argv[0]);
	return 0;
}

static int cmd_help(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	return no_args(cmd, argc, argv, err, errlen, CMD_HELP);
}

static int cmd_version(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	return no_args(cmd, argc, argv, err, errlen, CMD_VERSION);
}

static int cmd_ports(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	return no_args(cmd, argc, argv, err, errlen, CMD_PORTS);
}

static int cmd_shutdown(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	return no_args(cmd, argc, argv, err, errlen, CMD_SHUTDOWN);
}

static int cmd_macs(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	cmd->id = CMD_MACS;
	if (argc > 1)
		return ERR("usage: macs [PORT]");
	return argc ? parse_port(argv[0], &cmd->port, err, errlen) : 0;
}

static int cmd_stats(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	bool port = false;

	cmd->id = CMD_STATS;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--reset") && cmd->id != CMD_STATS_RESET) {
			cmd->id = CMD_STATS_RESET;
		} else if (word_is_port(argv[i]) && !port) {
			if (parse_port(argv[i], &cmd->port, err, errlen))
				return -EINVAL;
			port = true;
		} else {
			return ERR("stats: unexpected argument '%s' (usage: stats [--reset] [PORT])",
				   argv[i]);
		}
	}
	return 0;
}

static int cmd_port(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	cmd->id = CMD_PORT_DEL;
	if (argc != 2 || strcmp(argv[0], "del") != 0)
		return ERR("usage: port del PORT");
	return parse_port(argv[1], &cmd->port, err, errlen);
}

static bool ifname_is_valid(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > CMD_IFNAME_MAX || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] == '/' || s[i] == ':' || s[i] == '"' || s[i] > '~')
			return false;
	return true;
}

static int cmd_tap(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	if (argc != 2 || (strcmp(argv[0], "add") != 0 && strcmp(argv[0], "del") != 0))
		return ERR("usage: tap add|del DEV");
	cmd->id = argv[0][0] == 'a' ? CMD_TAP_ADD : CMD_TAP_DEL;
	if (!ifname_is_valid(argv[1]))
		return ERR("'%s' is not an interface name (1 to %d characters, no '/', ':' "
			   "or spaces)", argv[1], CMD_IFNAME_MAX);
	cmd->name = argv[1];
	return 0;
}

static int cmd_hub(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	cmd->id = CMD_HUB;
	if (argc != 1 || (strcmp(argv[0], "on") != 0 && strcmp(argv[0], "off") != 0))
		return ERR("usage: hub on|off");
	cmd->on = !strcmp(argv[0], "on");
	return 0;
}

static int cmd_aging(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	cmd->id = CMD_AGING;
	if (argc != 1 || text_ulong_parse(argv[0], 0, CMD_AGING_MAX_S, &cmd->num))
		return ERR("usage: aging SECONDS (0 to %u; 0: never)", CMD_AGING_MAX_S);
	return 0;
}

static int cmd_maxmacs(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	cmd->id = CMD_MAXMACS;
	if (argc != 1 || text_ulong_parse(argv[0], 1, FDB_MAX_LIMIT, &cmd->num))
		return ERR("usage: maxmacs N (1 to %u)", FDB_MAX_LIMIT);
	return 0;
}

static int cmd_log(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	static const char *const levels[] = { "error", "warning", "info", "debug" };

	cmd->id = CMD_LOG;
	if (argc == 1) {
		for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
			if (!strcmp(argv[0], levels[i])) {
				cmd->name = levels[i];
				return 0;
			}
		}
	}
	return ERR("usage: log error|warning|info|debug");
}

static int cmd_mirror(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	cmd->id = CMD_MIRROR;
	if (argc == 1 && !strcmp(argv[0], "off")) {
		cmd->id = CMD_MIRROR_OFF;
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "off")) {
		cmd->id = CMD_MIRROR_OFF;
		return parse_port(argv[0], &cmd->port, err, errlen);
	}
	if (argc != 3 || strcmp(argv[1], "to") != 0)
		return ERR("usage: mirror PORT to PORT | mirror [PORT] off");
	if (parse_port(argv[0], &cmd->port, err, errlen) ||
	    parse_port(argv[2], &cmd->port2, err, errlen))
		return -EINVAL;
	if (cmd->port == cmd->port2)
		return ERR("mirror: a port cannot mirror itself");
	return 0;
}

static int cmd_security(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	cmd->id = CMD_SECURITY_SHOW;
	if (!argc)
		return 0;
	if (parse_port(argv[0], &cmd->port, err, errlen))
		return -EINVAL;
	if (argc == 1)
		return 0;
	if (argc == 2 && !strcmp(argv[1], "off")) {
		cmd->id = CMD_SECURITY_OFF;
		return 0;
	}
	cmd->id = CMD_SECURITY_SET;
	return secfilter_parse(&cmd->sec, argc - 1, argv + 1, err, errlen) ? -EINVAL : 0;
}

static int cmd_capture(struct cmd *cmd, int argc, char **argv, char *err, size_t errlen)
{
	int i = 0;

	cmd->id = CMD_CAPTURE;
	if (i < argc && !strcmp(argv[i], "all")) {
		i++;
	} else if (i < argc && word_is_port(argv[i])) {
		if (parse_port(argv[i++], &cmd->port, err, errlen))
			return -EINVAL;
	}
	if (i < argc && !strcmp(argv[i], "-f")) {
		if (i + 1 >= argc)
			return ERR("capture: -f needs a filter expression");
		cmd->filter = argv[i + 1];
		i += 2;
	}
	if (i < argc)
		return ERR("capture: unexpected argument '%s' (usage: capture [PORT|all] "
			   "[-f FILTER])", argv[i]);
	return 0;
}

/* Sorted as `help` shows them: what to look at first, then what to change */
const struct cmd_def cmd_table[] = {
	{ "ports", cmd_ports, "ports                      ports: kind, peer, MACs learned, state" },
	{ "macs", cmd_macs, "macs [PORT]                MAC table: address, VLAN, port, age" },
	{ "stats", cmd_stats, "stats [--reset] [PORT]     frames, bytes, drops per reason, queues" },
	{ "security", cmd_security,
	  "security [PORT [SETTINGS|off]]  show or set port security: mac=MAC[,...] "
	  "ip=ADDR[/LEN][,...] max-macs=N" },
	{ "capture", cmd_capture, "capture [PORT|all] [-f FILTER]  stream forwarded frames as pcap" },
	{ "mirror", cmd_mirror, "mirror PORT to PORT | mirror [PORT] off  copy a port's traffic" },
	{ "port", cmd_port, "port del PORT              disconnect a port" },
	{ "tap", cmd_tap, "tap add|del DEV            attach or detach a TAP device" },
	{ "hub", cmd_hub, "hub on|off                 flood every frame, or learn" },
	{ "aging", cmd_aging, "aging SECONDS              MAC aging time (0: never)" },
	{ "maxmacs", cmd_maxmacs, "maxmacs N                  MAC table bound" },
	{ "log", cmd_log, "log error|warning|info|debug  log level" },
	{ "version", cmd_version, "version                    switch and protocol version" },
	{ "help", cmd_help, "help                       this list" },
	{ "shutdown", cmd_shutdown, "shutdown                   stop the switch" },
};
const unsigned cmd_table_len = sizeof(cmd_table) / sizeof(cmd_table[0]);

/**
 * cmd_portsec_parse() - Parse a --port-security argument
 * @ps:		result
 * @spec:	"PORT SETTINGS...": PORT is tap:DEV or a port number, SETTINGS
 *		as for secfilter_parse() (umnet-switch --port-security)
 * @err:	error message buffer
 * @errlen:	its size
 *
 * Return: 0, or -EINVAL with a message in @err
 */
int cmd_portsec_parse(struct secfilter_port *ps, const char *spec, char *err, size_t errlen)
{
	char *argv[CMD_MAX_ARGS], buf[CMD_REQ_MAX_BYTES + 1];
	int argc;

	memset(ps, 0, sizeof(*ps));
	if (strlen(spec) >= sizeof(buf))
		return ERR("too long");
	strcpy(buf, spec);
	argc = text_split(buf, argv, CMD_MAX_ARGS, err, errlen);
	if (argc < 0)
		return -EINVAL;
	if (argc < 2)
		return ERR("'%s': expected PORT SETTINGS..., e.g. 'tap:tap0 mac=52:54:00:12:34:56 "
			   "ip=10.0.0.2'", spec);
	if (!strncmp(argv[0], "tap:", 4)) {
		size_t n = strlen(argv[0] + 4);

		if (!n || n > CMD_IFNAME_MAX)
			return ERR("'%s': bad interface name", argv[0]);
		snprintf(ps->name, sizeof(ps->name), "%s", argv[0]);
	} else {
		unsigned long v;

		if (text_ulong_parse(argv[0], 1, CMD_PORT_MAX, &v))
			return ERR("'%s': the port is tap:DEV or a port number", argv[0]);
		ps->id = (unsigned)v;
	}
	return secfilter_parse(&ps->sf, argc - 1, argv + 1, err, errlen) ? -EINVAL : 0;
}

/**
 * cmd_frame() - Where a management client's request ends in what it sent
 * @buf:	bytes received so far on the connection
 * @len:	their count, at most @cap
 * @cap:	size of the receive buffer
 * @eof:	the client has shut down its sending side
 *
 * A request is one line: it ends at the first "\n" (included), at the end of
 * input, or when the buffer is full (cmd_parse() then says it is too long).
 * Whatever follows it is not read: one request per connection.
 *
 * Return: the request's length, or 0 while it may still grow
 */
size_t cmd_frame(const uint8_t *buf, size_t len, size_t cap, bool eof)
{
	const uint8_t *nl = memchr(buf, '\n', len);

	if (nl)
		return (size_t)(nl - buf) + 1;
	return eof || len >= cap ? len : 0;
}

/**
 * cmd_parse() - Check and parse one request
 * @req:	the bytes received, a trailing "\n" or "\r\n" allowed
 * @len:	their count
 * @cmd:	result
 * @err:	error message buffer (CMD_ERR_BYTES is enough)
 * @errlen:	its size
 *
 * Return: 0, -EMSGSIZE if too long, -EBADMSG for bytes that are not
 * printable text, -ENOENT for an unknown command, -EINVAL (or -E2BIG) for bad
 * arguments; @err then says what is wrong
 */
int cmd_parse(const uint8_t *req, size_t len, struct cmd *cmd, char *err, size_t errlen)
{
	char **argv;
	int argc, ret;

	memset(cmd, 0, offsetof(struct cmd, buf));
	if (len && req[len - 1] == '\n')
		len--;
	if (len && req[len - 1] == '\r')
		len--;
	if (len > CMD_REQ_MAX_BYTES) {
		snprintf(err, errlen, "request longer than %d bytes", CMD_REQ_MAX_BYTES);
		return -EMSGSIZE;
	}
	for (size_t i = 0; i < len; i++) {
		if ((req[i] < 0x20 && req[i] != '\t') || req[i] > 0x7e) {
			snprintf(err, errlen, "request is not printable text (byte 0x%02x at "
				 "offset %zu)", req[i], i);
			return -EBADMSG;
		}
	}
	memcpy(cmd->buf, req, len);
	cmd->buf[len] = '\0';
	argc = text_split(cmd->buf, cmd->argv, CMD_MAX_ARGS, err, errlen);
	if (argc < 0)
		return argc;
	for (int i = 0; i < argc; i++)
		if (strchr(cmd->argv[i], '\n'))
			return ERR("a request is one line: no \\n in its words");
	cmd->argc = argc;
	argv = cmd->argv;
	while (argc && (!strcmp(argv[0], "-j") || !strcmp(argv[0], "--json"))) {
		cmd->json = true;
		argv++;
		argc--;
	}
	if (!argc) {
		snprintf(err, errlen, "empty request; try 'help'");
		return -EINVAL;
	}
	for (unsigned i = 0; i < cmd_table_len; i++) {
		if (strcmp(argv[0], cmd_table[i].name) != 0)
			continue;
		ret = cmd_table[i].fn(cmd, argc - 1, argv + 1, err, errlen);
		return ret ? -EINVAL : 0;
	}
	snprintf(err, errlen, "unknown command '%.64s'; try 'help'", argv[0]);
	return -ENOENT;
}

/**
 * cmd_is_show() - Whether a command only shows state (and takes -j)
 * @cmd:	parsed command
 *
 * Return: true for help, version, ports, macs, stats, security
 */
bool cmd_is_show(const struct cmd *cmd)
{
	switch (cmd->id) {
	case CMD_HELP:
	case CMD_VERSION:
	case CMD_PORTS:
	case CMD_MACS:
	case CMD_STATS:
	case CMD_SECURITY_SHOW:
		return true;
	default:
		return false;
	}
}

/**
 * cmd_quote() - One word of a request, quoted if needed (text_quote())
 * @word:	the word (printable text)
 * @out:	output
 * @len:	its size
 *
 * Return: length written (without NUL), -ENOSPC, or -EINVAL if @word holds
 * a byte no request may carry
 */
int cmd_quote(const char *word, char *out, size_t len)
{
	for (const char *s = word; *s; s++)
		if ((*s < 0x20 && *s != '\t') || *s > 0x7e)
			return -EINVAL;
	return text_quote(word, out, len);
}

/**
 * cmd_mgmt_path() - The management socket that belongs to a control socket
 * @ctl:	a control socket (--unix, --bess, --stream) or a VDE directory
 * @is_dir:	@ctl is a VDE socket directory
 * @buf:	result: CTL.mgmt, or DIR/mgmt
 * @len:	its size
 *
 * The one rule the switch (its default) and umnet-ctl (-s CTL) share.
 *
 * Return: 0, -ENAMETOOLONG if the path does not fit @len
 */
int cmd_mgmt_path(const char *ctl, bool is_dir, char *buf, size_t len)
{
	int n = snprintf(buf, len, is_dir ? "%s/" CMD_MGMT_VDE_NAME : "%s" CMD_MGMT_SUFFIX, ctl);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}
