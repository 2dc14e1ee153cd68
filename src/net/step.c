// SPDX-License-Identifier: GPL-2.0-or-later
/* step.c - umnet-net operations in text: what `plan` prints and the state file keeps
 *
 * One operation is one line of words, in the spirit of ip(8):
 *
 *	bridge add br0 mac 52:54:00:12:34:56 stp off forward-delay 0
 *	addr add 192.0.2.10/24 dev br0
 *	route del default via 192.0.2.1 dev eth0
 *	link set eth0 master br0
 *	tap add tap0 user 1000
 *	sysctl net.ipv4.ip_forward 1
 *	nft load umnet-nat "add table ip umnet-nat; ..."
 *	switch start sw0 tap swtap0 unix /run/umnet/sw0.ctl
 *
 * Words are quoted where needed as text_quote() does it (core/text.c), and
 * net_op_parse() reads back exactly what net_op_format() wrote.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/addr.h"
#include "core/text.h"
#include "net/step.h"
#include "sys/util.h"

#define STEP_WORDS_MAX	24

/**
 * net_op_init() - Start an operation: nothing set, bridge options unset
 * @op:		operation
 * @kind:	what it does
 */
void net_op_init(struct net_op *op, enum net_op_kind kind)
{
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->br = (struct nl_bridge_opts)NL_BRIDGE_OPTS_INIT;
}

/* Output with bounds: a formatter that ran out of room reports -ENOSPC once */
struct obuf {
	char *buf;
	size_t size;
	size_t len;
	bool full;
};

static void ob_printf(struct obuf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ob_printf(struct obuf *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	/* clang-tidy 14 loses va_start() across files in one run (see cli.c) */
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->size - o->len) {
		o->full = true;
		o->buf[o->len] = '\0';
		return;
	}
	o->len += (size_t)n;
}

/* " WORD", quoted as text_split() reads it back */
static void ob_word(struct obuf *o, const char *s)
{
	char q[NET_OP_LINE_MAX];

	if (text_quote(s, q, sizeof(q)) < 0) {
		o->full = true;
		return;
	}
	ob_printf(o, " %s", q);
}

static void ob_secs(struct obuf *o, const char *kw, long ms)
{
	if (ms < 0)
		return;
	if (ms % 1000 == 0)
		ob_printf(o, " %s %ld", kw, ms / 1000);
	else if (ms % 100 == 0)
		ob_printf(o, " %s %ld.%ld", kw, ms / 1000, ms % 1000 / 100);
	else
		ob_printf(o, " %s %ld.%02ld", kw, ms / 1000, ms % 1000 / 10);
}

static void ob_bridge_opts(struct obuf *o, const struct nl_bridge_opts *br)
{
	if (br->stp >= 0)
		ob_printf(o, " stp %s", br->stp ? "on" : "off");
	ob_secs(o, "forward-delay", br->forward_delay_ms);
	ob_secs(o, "hello-time", br->hello_time_ms);
	ob_secs(o, "ageing-time", br->ageing_time_ms);
}

static void ob_prefix(struct obuf *o, const struct addr_prefix *p, bool route)
{
	char s[ADDR_PREFIX_STRLEN];

	if (route && p->family == AF_INET && p->plen == 0) {
		ob_printf(o, " default");
		return;
	}
	if (addr_prefix_format(p, s, sizeof(s)))
		snprintf(s, sizeof(s), "?");
	ob_printf(o, " %s", s);
}

static void ob_route(struct obuf *o, const struct net_op *op)
{
	char gw[INET6_ADDRSTRLEN];

	ob_prefix(o, &op->prefix, true);
	if (op->has_gw) {
		if (!inet_ntop(op->prefix.family, op->gw.addr, gw, sizeof(gw)))
			snprintf(gw, sizeof(gw), "?");
		ob_printf(o, " via %s", gw);
	}
	ob_printf(o, " dev %s", op->dev);
	if (op->metric)
		ob_printf(o, " metric %u", op->metric);
	if (op->table)
		ob_printf(o, " table %u", op->table);
}

static const char *const op_names[NET_OP_KINDS] = {
	[NET_OP_NONE] = "none",
	[NET_OP_BRIDGE_ADD] = "bridge add", [NET_OP_BRIDGE_SET] = "bridge set",
	[NET_OP_BRIDGE_DEL] = "bridge del",
	[NET_OP_LINK_UP] = "link up", [NET_OP_LINK_DOWN] = "link down",
	[NET_OP_LINK_MASTER] = "link set", [NET_OP_LINK_NOMASTER] = "link set",
	[NET_OP_TAP_ADD] = "tap add", [NET_OP_TAP_DEL] = "tap del",
	[NET_OP_ADDR_ADD] = "addr add", [NET_OP_ADDR_DEL] = "addr del",
	[NET_OP_ROUTE_ADD] = "route add", [NET_OP_ROUTE_DEL] = "route del",
	[NET_OP_SYSCTL] = "sysctl",
	[NET_OP_NFT_LOAD] = "nft load", [NET_OP_NFT_DEL] = "nft del",
	[NET_OP_SWITCH_START] = "switch start", [NET_OP_SWITCH_STOP] = "switch stop",
};

/**
 * net_op_format() - Write an operation as one line (without newline)
 * @op:		operation
 * @buf:	output; NET_OP_LINE_MAX bytes are always enough
 * @size:	its size
 *
 * Return: 0, -EINVAL for an unknown kind, -ENOSPC
 */
int net_op_format(const struct net_op *op, char *buf, size_t size)
{
	struct obuf o = { .buf = buf, .size = size };

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	if (op->kind <= NET_OP_NONE || op->kind >= NET_OP_KINDS)
		return -EINVAL;
	ob_printf(&o, "%s", op_names[op->kind]);
	switch (op->kind) {
	case NET_OP_BRIDGE_ADD:
	case NET_OP_BRIDGE_SET:
		ob_printf(&o, " %s", op->dev);
		if (op->has_mac) {
			char mac[ADDR_MAC_STRLEN];

			addr_mac_format(op->mac, mac);
			ob_printf(&o, " mac %s", mac);
		}
		ob_bridge_opts(&o, &op->br);
		break;
	case NET_OP_LINK_MASTER:
		ob_printf(&o, " %s master %s", op->dev, op->master);
		break;
	case NET_OP_LINK_NOMASTER:
		ob_printf(&o, " %s nomaster", op->dev);
		break;
	case NET_OP_TAP_ADD:
		ob_printf(&o, " %s", op->dev);
		if (op->has_owner)
			ob_printf(&o, " user %u", op->owner);
		if (op->has_group)
			ob_printf(&o, " group %u", op->group);
		break;
	case NET_OP_ADDR_ADD:
	case NET_OP_ADDR_DEL:
		ob_prefix(&o, &op->prefix, false);
		ob_printf(&o, " dev %s", op->dev);
		break;
	case NET_OP_ROUTE_ADD:
	case NET_OP_ROUTE_DEL:
		ob_route(&o, op);
		break;
	case NET_OP_SYSCTL:
		ob_printf(&o, " %s %lu", op->key, op->value);
		break;
	case NET_OP_NFT_LOAD:
		ob_printf(&o, " %s", op->key);
		ob_word(&o, op->text);
		break;
	case NET_OP_NFT_DEL:
	case NET_OP_SWITCH_STOP:
		ob_printf(&o, " %s", op->key);
		break;
	case NET_OP_SWITCH_START:
		ob_printf(&o, " %s tap %s unix", op->key, op->dev);
		ob_word(&o, op->path);
		if (op->hub)
			ob_printf(&o, " hub");
		break;
	default:	/* bridge del, link up/down, tap del: the device alone */
		ob_printf(&o, " %s", op->dev);
		break;
	}
	return o.full ? -ENOSPC : 0;
}

/* Parsing */

/**
 * struct words - a line split into words
 * @v:		the words (pointers into @buf)
 * @n:		how many
 * @buf:	their text
 */
struct words {
	char *v[STEP_WORDS_MAX];
	int n;
	char buf[NET_OP_LINE_MAX];
};

static int split_words(struct words *w, const char *line)
{
	int n;

	if (strlen(line) >= sizeof(w->buf))
		return -EINVAL;
	memcpy(w->buf, line, strlen(line) + 1);
	n = text_split(w->buf, w->v, STEP_WORDS_MAX, NULL, 0);
	if (n < 0)
		return -EINVAL;
	w->n = n;
	return 0;
}

static int copy_name(char *dst, const char *s)
{
	if (!text_ifname_is_valid(s))
		return -EINVAL;
	snprintf(dst, NL_IFNAMSIZ, "%s", s);
	return 0;
}

static int copy_str(char *dst, size_t size, const char *s)
{
	if (!*s || strlen(s) >= size)
		return -EINVAL;
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

static int parse_u32(const char *s, uint32_t *v)
{
	unsigned long n;

	if (text_ulong_parse(s, 0, UINT32_MAX, &n))
		return -EINVAL;
	*v = (uint32_t)n;
	return 0;
}

/* Keyword/value pairs after a bridge name */
static int parse_bridge_opts(struct net_op *op, const struct words *w, int i)
{
	for (; i + 1 < w->n; i += 2) {
		const char *k = w->v[i], *v = w->v[i + 1];
		long *ms = !strcmp(k, "forward-delay") ? &op->br.forward_delay_ms :
			   !strcmp(k, "hello-time") ? &op->br.hello_time_ms :
			   !strcmp(k, "ageing-time") ? &op->br.ageing_time_ms : NULL;

		if (ms) {
			if (text_secs_parse(v, ms))
				return -EINVAL;
		} else if (!strcmp(k, "stp")) {
			if (strcmp(v, "on") != 0 && strcmp(v, "off") != 0)
				return -EINVAL;
			op->br.stp = !strcmp(v, "on");
		} else if (!strcmp(k, "mac") && op->kind == NET_OP_BRIDGE_ADD) {
			if (addr_mac_parse(v, op->mac))
				return -EINVAL;
			op->has_mac = true;
		} else {
			return -EINVAL;
		}
	}
	return i == w->n ? 0 : -EINVAL;
}

static int parse_tap_opts(struct net_op *op, const struct words *w, int i)
{
	for (; i + 1 < w->n; i += 2) {
		if (!strcmp(w->v[i], "user") && !parse_u32(w->v[i + 1], &op->owner))
			op->has_owner = true;
		else if (!strcmp(w->v[i], "group") && !parse_u32(w->v[i + 1], &op->group))
			op->has_group = true;
		else
			return -EINVAL;
	}
	return i == w->n ? 0 : -EINVAL;
}

/* "DST [via GW] dev DEV [metric N] [table N]" from word @i */
static int parse_route(struct net_op *op, const struct words *w, int i)
{
	int ret;

	if (i >= w->n)
		return -EINVAL;
	if (!strcmp(w->v[i], "default")) {
		op->prefix = (struct addr_prefix){ .family = AF_INET };
		ret = 0;
	} else {
		ret = addr_prefix_parse(w->v[i], AF_UNSPEC, &op->prefix);
	}
	for (i++; !ret && i + 1 < w->n; i += 2) {
		const char *k = w->v[i], *v = w->v[i + 1];

		if (!strcmp(k, "via")) {
			ret = addr_ip_parse(v, op->prefix.family, &op->gw);
			op->has_gw = true;
		} else if (!strcmp(k, "dev")) {
			ret = copy_name(op->dev, v);
		} else if (!strcmp(k, "metric")) {
			ret = parse_u32(v, &op->metric);
		} else if (!strcmp(k, "table")) {
			ret = parse_u32(v, &op->table);
		} else {
			ret = -EINVAL;
		}
	}
	return ret || i != w->n || !op->dev[0] ? -EINVAL : 0;
}

static int parse_sysctl(struct net_op *op, const struct words *w)
{
	static const char conf[] = "net.ipv4.conf.", parp[] = ".proxy_arp";
	const char *k;
	char ifname[NL_IFNAMSIZ];
	size_t n;

	if (w->n != 3)
		return -EINVAL;
	k = w->v[1];
	n = strlen(k);
	if (copy_str(op->key, sizeof(op->key), k) ||
	    text_ulong_parse(w->v[2], 0, ~0UL, &op->value))
		return -EINVAL;
	if (!strcmp(k, NET_SYSCTL_FORWARD))
		return 0;
	/* net.ipv4.conf.IFNAME.proxy_arp, IFNAME a valid name */
	if (n <= sizeof(conf) - 1 + sizeof(parp) - 1 || strncmp(k, conf, sizeof(conf) - 1) != 0 ||
	    strcmp(k + n - (sizeof(parp) - 1), parp) != 0 ||
	    n - (sizeof(conf) - 1) - (sizeof(parp) - 1) >= sizeof(ifname))
		return -EINVAL;
	n -= (sizeof(conf) - 1) + (sizeof(parp) - 1);
	memcpy(ifname, k + sizeof(conf) - 1, n);
	ifname[n] = '\0';
	return text_ifname_is_valid(ifname) ? 0 : -EINVAL;
}

static int parse_switch(struct net_op *op, const struct words *w)
{
	if (copy_str(op->key, sizeof(op->key), w->v[2]))
		return -EINVAL;
	if (op->kind == NET_OP_SWITCH_STOP)
		return w->n == 3 ? 0 : -EINVAL;
	if ((w->n != 7 && w->n != 8) || strcmp(w->v[3], "tap") != 0 || copy_name(op->dev, w->v[4]) ||
	    strcmp(w->v[5], "unix") != 0 || copy_str(op->path, sizeof(op->path), w->v[6]))
		return -EINVAL;
	if (w->n == 8 && strcmp(w->v[7], "hub") != 0)
		return -EINVAL;
	op->hub = w->n == 8;
	return 0;
}

static enum net_op_kind op_kind(const struct words *w)
{
	char name[32];

	if (w->n < 2)
		return NET_OP_NONE;
	snprintf(name, sizeof(name), "%s %s", w->v[0], w->v[1]);
	if (!strcmp(name, "link set"))
		return w->n == 4 && !strcmp(w->v[3], "nomaster") ? NET_OP_LINK_NOMASTER :
		       NET_OP_LINK_MASTER;
	if (!strcmp(w->v[0], "sysctl"))
		return NET_OP_SYSCTL;
	for (int k = NET_OP_NONE + 1; k < NET_OP_KINDS; k++)
		if (!strcmp(op_names[k], name))
			return (enum net_op_kind)k;
	return NET_OP_NONE;
}

static int op_parse_words(struct net_op *op, const struct words *w)
{
	switch (op->kind) {
	case NET_OP_BRIDGE_ADD:
	case NET_OP_BRIDGE_SET:
		return w->n < 3 || copy_name(op->dev, w->v[2]) ? -EINVAL :
		       parse_bridge_opts(op, w, 3);
	case NET_OP_LINK_MASTER:
		return w->n != 5 || strcmp(w->v[3], "master") != 0 || copy_name(op->dev, w->v[2]) ?
		       -EINVAL : copy_name(op->master, w->v[4]);
	case NET_OP_LINK_NOMASTER:
		return w->n != 4 ? -EINVAL : copy_name(op->dev, w->v[2]);
	case NET_OP_TAP_ADD:
		return w->n < 3 || copy_name(op->dev, w->v[2]) ? -EINVAL :
		       parse_tap_opts(op, w, 3);
	case NET_OP_ADDR_ADD:
	case NET_OP_ADDR_DEL:
		return w->n != 5 || strcmp(w->v[3], "dev") != 0 ||
		       addr_prefix_parse(w->v[2], AF_UNSPEC, &op->prefix) ? -EINVAL :
		       copy_name(op->dev, w->v[4]);
	case NET_OP_ROUTE_ADD:
	case NET_OP_ROUTE_DEL:
		return parse_route(op, w, 2);
	case NET_OP_SYSCTL:
		return parse_sysctl(op, w);
	case NET_OP_NFT_LOAD:
		return w->n != 4 || copy_str(op->key, sizeof(op->key), w->v[2]) ? -EINVAL :
		       copy_str(op->text, sizeof(op->text), w->v[3]);
	case NET_OP_NFT_DEL:
		return w->n != 3 ? -EINVAL : copy_str(op->key, sizeof(op->key), w->v[2]);
	case NET_OP_SWITCH_START:
	case NET_OP_SWITCH_STOP:
		return w->n < 3 ? -EINVAL : parse_switch(op, w);
	default:	/* the device alone */
		return w->n != 3 ? -EINVAL : copy_name(op->dev, w->v[2]);
	}
}

/**
 * net_op_parse() - Read an operation back from its line
 * @op:		result
 * @line:	text as net_op_format() wrote it, without newline
 *
 * Return: 0 or -EINVAL
 */
int net_op_parse(struct net_op *op, const char *line)
{
	struct words *w = malloc(sizeof(*w));
	int ret;

	if (!w)
		return -ENOMEM;
	ret = split_words(w, line);
	if (!ret) {
		net_op_init(op, op_kind(w));
		ret = op->kind == NET_OP_NONE ? -EINVAL : op_parse_words(op, w);
	}
	free(w);
	return ret;
}
