// SPDX-License-Identifier: GPL-2.0-or-later
/* req.c - umnet-helper: one uml_net request from argv (no I/O)
 *
 * UML runs its helper as "uml_net 4 OP ARGS..." (see docs/protocols.md); the
 * shapes accepted here are exactly those UML 2.6..6.x produce:
 *
 *	4 tuntap up [GATE]		GATE may be missing or empty
 *	4 add|del TAP ADDR MASK		a dotted-quad address and netmask
 *	4 slip up [GATE]
 *	4 slip down IFNAME
 *
 * Anything else (another version, ethertap, extra words) is a usage error.
 * Every field is checked here, before any policy or system call sees it:
 * interface names by text_ifname_is_valid(), addresses as strict dotted quads
 * (no octal, hex or short forms), netmasks contiguous.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/addr.h"
#include "core/text.h"
#include "helper/req.h"
#include "sys/nl.h"

#define REQ_ERR(...)	text_errf(err, errsize, -EINVAL, __VA_ARGS__)

/**
 * helper_ip4_parse() - Parse a strict dotted quad
 * @s:		text
 * @addr:	result, host byte order
 *
 * Return: 0 or -EINVAL
 */
int helper_ip4_parse(const char *s, uint32_t *addr)
{
	struct addr_prefix p;
	uint32_t a;

	if (!s || strchr(s, '/') || addr_ip_parse(s, AF_INET, &p))
		return -EINVAL;
	memcpy(&a, p.addr, sizeof(a));
	*addr = ntohl(a);
	return 0;
}

/**
 * helper_mask_parse() - Parse a dotted-quad netmask
 * @s:		text such as "255.255.255.0"
 * @plen:	result, the number of leading one bits
 *
 * Return: 0, or -EINVAL if not a dotted quad or not contiguous
 */
int helper_mask_parse(const char *s, unsigned *plen)
{
	uint32_t m;
	unsigned n = 0;

	if (helper_ip4_parse(s, &m))
		return -EINVAL;
	while (n < 32 && (m & (0x80000000U >> n)))
		n++;
	if (n < 32 && (m << n))
		return -EINVAL;
	*plen = n;
	return 0;
}

/* GATE: absent or "" for none, else a unicast dotted quad */
static int parse_gate(const char *s, struct helper_req *req, char *err, size_t errsize)
{
	char buf[64];

	if (!s || !*s)
		return 0;
	if (helper_ip4_parse(s, &req->gate)) {
		helper_sanitize_text(s, buf, sizeof(buf));
		return REQ_ERR("invalid gateway address '%s'", buf);
	}
	req->has_gate = true;
	return 0;
}

static int parse_ifname(const char *s, struct helper_req *req, char *err, size_t errsize)
{
	char buf[64];

	if (!text_ifname_is_valid(s)) {
		helper_sanitize_text(s, buf, sizeof(buf));
		return REQ_ERR("invalid interface name '%s'", buf);
	}
	memcpy(req->ifname, s, strlen(s) + 1);
	return 0;
}

static int parse_change(int argc, const char *const *argv, struct helper_req *req,
			char *err, size_t errsize)
{
	char buf[64];
	int ret;

	if (argc != 6)
		return REQ_ERR("%s takes TAP ADDRESS NETMASK", argv[2]);
	ret = parse_ifname(argv[3], req, err, errsize);
	if (ret)
		return ret;
	if (helper_ip4_parse(argv[4], &req->addr)) {
		helper_sanitize_text(argv[4], buf, sizeof(buf));
		return REQ_ERR("invalid address '%s'", buf);
	}
	if (helper_mask_parse(argv[5], &req->mask_plen)) {
		helper_sanitize_text(argv[5], buf, sizeof(buf));
		return REQ_ERR("invalid netmask '%s'", buf);
	}
	return 0;
}

static int parse_up_down(int argc, const char *const *argv, struct helper_req *req,
			 char *err, size_t errsize)
{
	bool slip = !strcmp(argv[2], "slip");

	if (argc < 4)
		return REQ_ERR("%s needs 'up' or 'down'", argv[2]);
	if (!strcmp(argv[3], "up")) {
		if (argc > 5)
			return REQ_ERR("%s up takes at most a gateway", argv[2]);
		req->op = slip ? HELPER_OP_SLIP_UP : HELPER_OP_TUNTAP_UP;
		return parse_gate(argc == 5 ? argv[4] : NULL, req, err, errsize);
	}
	if (slip && !strcmp(argv[3], "down")) {
		if (argc != 5)
			return REQ_ERR("slip down takes the device name");
		req->op = HELPER_OP_SLIP_DOWN;
		return parse_ifname(argv[4], req, err, errsize);
	}
	return REQ_ERR("%s: unknown action", argv[2]);
}

static int req_parse(int argc, const char *const *argv, struct helper_req *req,
		     char *err, size_t errsize)
{
	char buf[64];

	memset(req, 0, sizeof(*req));
	if (errsize)
		err[0] = '\0';
	if (argc < 3 || !argv || !argv[1] || !argv[2])
		return REQ_ERR("missing arguments");
	for (int i = 1; i < argc; i++)
		if (!argv[i])
			return REQ_ERR("missing arguments");
	if (strcmp(argv[1], HELPER_PROTO_VERSION) != 0) {
		helper_sanitize_text(argv[1], buf, sizeof(buf));
		return REQ_ERR("unsupported protocol version '%s' (this helper speaks "
			       HELPER_PROTO_VERSION ")", buf);
	}
	if (!strcmp(argv[2], "add") || !strcmp(argv[2], "del")) {
		req->op = argv[2][0] == 'a' ? HELPER_OP_ADD : HELPER_OP_DEL;
		return parse_change(argc, argv, req, err, errsize);
	}
	if (!strcmp(argv[2], "tuntap") || !strcmp(argv[2], "slip"))
		return parse_up_down(argc, argv, req, err, errsize);
	helper_sanitize_text(argv[2], buf, sizeof(buf));
	return REQ_ERR("unsupported request '%s'", buf);
}

/**
 * helper_req_parse() - Turn the helper's argv into a request
 * @argc:	argument count, argv[0] (the program name) included
 * @argv:	arguments
 * @req:	result
 * @err:	why a request was refused (printable ASCII only)
 * @errsize:	its size
 *
 * Return: 0, or -EINVAL with @err set
 */
int helper_req_parse(int argc, const char *const *argv, struct helper_req *req,
		     char *err, size_t errsize)
{
	int ret = req_parse(argc, argv, req, err, errsize);

	if (ret)
		memset(req, 0, sizeof(*req));
	return ret;
}

/**
 * helper_op_name() - Name of a request kind for messages
 * @op:		request kind
 *
 * Return: static string
 */
const char *helper_op_name(enum helper_op op)
{
	switch (op) {
	case HELPER_OP_TUNTAP_UP:
		return "tuntap up";
	case HELPER_OP_ADD:
		return "add";
	case HELPER_OP_DEL:
		return "del";
	case HELPER_OP_SLIP_UP:
		return "slip up";
	case HELPER_OP_SLIP_DOWN:
		return "slip down";
	}
	return "?";
}

/**
 * helper_sanitize_text() - Copy untrusted text for a message or log line
 * @in:		text, may be NULL
 * @out:	output, always NUL-terminated
 * @size:	its size, at least 4
 *
 * Bytes outside printable ASCII become '?'; text that does not fit ends in
 * "...".
 */
void helper_sanitize_text(const char *in, char *out, size_t size)
{
	size_t i = 0;

	if (!size)
		return;
	for (; in && in[i] && i + 1 < size; i++)
		out[i] = (in[i] >= 0x20 && in[i] < 0x7f) ? in[i] : '?';
	out[i] = '\0';
	if (in && in[i] && size >= 4)
		memcpy(out + size - 4, "...", 4);
}
