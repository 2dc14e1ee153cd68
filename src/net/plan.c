// SPDX-License-Identifier: GPL-2.0-or-later
/* plan.c - umnet-net planner: the steps from the host as it is to the host as configured
 *
 * DOC: Theory of operation
 *
 * net_plan_up() compares the configuration with a snapshot of the host and
 * emits only what differs, so that planning a host that is already set up
 * gives no step (`up` is idempotent). Each step carries its undo, computed
 * from the snapshot: the value a sysctl had, the route a move deletes, the
 * options a bridge had. Whatever cannot work is refused here, before
 * anything is touched: a missing uplink, a name taken by another kind of
 * device, an uplink already enslaved elsewhere.
 *
 * Order of a takeover (bridge B, uplink U), chosen so that the host never
 * has no address and no route for more than one netlink round trip, and
 * so that a TCP connection through U survives (docs/umnet-net.md):
 *
 *  1. create B with U's MAC (the LAN's ARP caches stay right) and bring it
 *     up: it has no port yet, so it is down at L1 and carries nothing;
 *  2. add U's addresses to B: an address may sit on two devices; U's
 *     prefix routes were there first and stay the ones used;
 *  3. move U's routes (default included): delete on U, add on B, one pair
 *     at a time (the kernel refuses a duplicate with the same metric);
 *  4. enslave U: frames now reach the stack through B, with U's MAC;
 *  5. delete the addresses from U, in reverse order (a primary's removal
 *     would take its secondaries with it).
 *
 * The undo of each step, replayed backwards by `down` or by a rollback,
 * reverses exactly this: addresses back on U while it is still a port, U
 * released, routes back, B's addresses and B removed.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/addr.h"
#include "core/text.h"
#include "net/plan.h"

#define PLAN_STEPS_MAX	1024

/**
 * net_plan_free() - Free the steps of a plan
 * @plan:	plan, may be NULL
 */
void net_plan_free(struct net_plan *plan)
{
	if (!plan)
		return;
	free(plan->steps);
	plan->steps = NULL;
	plan->n = plan->cap = 0;
}

/**
 * net_plan_add() - Append a step
 * @plan:	plan
 * @op:		the change
 * @undo:	its inverse, NULL for none
 *
 * Return: 0, -ENOMEM, -E2BIG past PLAN_STEPS_MAX steps
 */
int net_plan_add(struct net_plan *plan, const struct net_op *op, const struct net_op *undo)
{
	struct net_step *s;

	if (plan->n == plan->cap) {
		size_t cap = plan->cap ? plan->cap * 2 : 16;

		if (cap > PLAN_STEPS_MAX)
			return -E2BIG;
		s = realloc(plan->steps, cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		plan->steps = s;
		plan->cap = cap;
	}
	s = &plan->steps[plan->n++];
	s->op = *op;
	if (undo)
		s->undo = *undo;
	else
		net_op_init(&s->undo, NET_OP_NONE);
	return 0;
}

static int plan_fail(struct net_plan *plan, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int plan_fail(struct net_plan *plan, unsigned line, const char *fmt, ...)
{
	va_list ap;

	plan->line = line;
	va_start(ap, fmt);
	text_verrf(plan->err, sizeof(plan->err), -EINVAL, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Host queries */

static bool prefix_eq(const struct addr_prefix *a, const struct addr_prefix *b)
{
	size_t n = a->family == AF_INET ? 4 : 16;

	return a->family == b->family && a->plen == b->plen && !memcmp(a->addr, b->addr, n);
}

static bool host_has_addr(const struct net_host *host, int ifindex, const struct addr_prefix *p)
{
	for (size_t i = 0; ifindex > 0 && i < host->snap.n_addrs; i++)
		if (host->snap.addrs[i].ifindex == ifindex && prefix_eq(&host->snap.addrs[i].prefix, p))
			return true;
	return false;
}

static unsigned long host_proxy_arp(const struct net_host *host, const char *ifname,
				    bool exists)
{
	/* A device made by this plan starts with conf/default's value */
	const char *key = exists ? ifname : "default";

	for (unsigned i = 0; i < host->n_proxy_arp; i++)
		if (!strcmp(host->proxy_arp[i].ifname, key))
			return host->proxy_arp[i].value;
	return 0;
}

static const struct nl_bridge_opts *host_bridge_opts(const struct net_host *host, int ifindex)
{
	for (unsigned i = 0; i < host->n_bridges; i++)
		if (host->bridges[i].ifindex == ifindex)
			return &host->bridges[i].opts;
	return NULL;
}

static bool link_is_up(const struct nl_link *l)
{
	return l && (l->flags & IFF_UP);
}

/**
 * net_addr_is_movable() - Whether a takeover moves this address to the bridge
 * @a:		address of the uplink
 *
 * IPv4 addresses other than host-scoped ones; IPv6 global static ones (the
 * link-local address and those from autoconfiguration are the kernel's,
 * and the bridge gets its own).
 *
 * Return: true to move it
 */
bool net_addr_is_movable(const struct nl_addr *a)
{
	if (a->prefix.family == AF_INET)
		return a->scope != RT_SCOPE_HOST;
	return a->prefix.family == AF_INET6 && a->scope == RT_SCOPE_UNIVERSE &&
	       (a->flags & IFA_F_PERMANENT);
}

/**
 * net_route_is_movable() - Whether a takeover moves this route to the bridge
 * @r:		a route
 * @ifindex:	the uplink
 *
 * Unicast routes out of the uplink that someone added (not the kernel's
 * prefix routes, which follow the addresses, nor router advertisements'),
 * in any table but "local".
 *
 * Return: true to move it
 */
bool net_route_is_movable(const struct nl_route *r, int ifindex)
{
	if (r->oif != ifindex || r->type != RTN_UNICAST || r->table == RT_TABLE_LOCAL ||
	    r->protocol == RTPROT_KERNEL || r->protocol == RTPROT_RA)
		return false;
	/* fe80::/64 and friends are per-link, not something to carry over */
	return !(r->dst.family == AF_INET6 && r->dst.plen >= 10 && r->dst.addr[0] == 0xfe &&
		 (r->dst.addr[1] & 0xc0) == 0x80);
}

static uint32_t route_table(uint32_t table)
{
	return table == RT_TABLE_MAIN ? 0 : table;
}

static bool host_has_route(const struct net_host *host, const struct nl_route *r, int oif)
{
	size_t alen = r->dst.family == AF_INET ? 4 : 16;

	for (size_t i = 0; oif > 0 && i < host->snap.n_routes; i++) {
		const struct nl_route *h = &host->snap.routes[i];

		if (h->oif == oif && prefix_eq(&h->dst, &r->dst) && h->has_gw == r->has_gw &&
		    (!r->has_gw || !memcmp(h->gw, r->gw, alen)) && h->metric == r->metric &&
		    route_table(h->table) == route_table(r->table))
			return true;
	}
	return false;
}

/* Operations from parts */

static void op_dev(struct net_op *op, enum net_op_kind kind, const char *dev)
{
	net_op_init(op, kind);
	snprintf(op->dev, sizeof(op->dev), "%s", dev);
}

static int add_dev(struct net_plan *p, enum net_op_kind kind, const char *dev,
		   enum net_op_kind undo_kind)
{
	struct net_op op, undo;

	op_dev(&op, kind, dev);
	op_dev(&undo, undo_kind, dev);
	return net_plan_add(p, &op, undo_kind == NET_OP_NONE ? NULL : &undo);
}

static int add_addr(struct net_plan *p, bool add, const struct addr_prefix *pfx, const char *dev)
{
	struct net_op op, undo;

	op_dev(&op, add ? NET_OP_ADDR_ADD : NET_OP_ADDR_DEL, dev);
	op.prefix = *pfx;
	undo = op;
	undo.kind = add ? NET_OP_ADDR_DEL : NET_OP_ADDR_ADD;
	return net_plan_add(p, &op, &undo);
}

static int add_route(struct net_plan *p, bool add, const struct nl_route *r, const char *dev)
{
	struct net_op op, undo;

	op_dev(&op, add ? NET_OP_ROUTE_ADD : NET_OP_ROUTE_DEL, dev);
	op.prefix = r->dst;
	op.has_gw = r->has_gw;
	if (r->has_gw) {
		op.gw.family = r->dst.family;
		memcpy(op.gw.addr, r->gw, sizeof(op.gw.addr));
	}
	op.metric = r->metric;
	op.table = route_table(r->table);
	undo = op;
	undo.kind = add ? NET_OP_ROUTE_DEL : NET_OP_ROUTE_ADD;
	return net_plan_add(p, &op, &undo);
}

static int add_master(struct net_plan *p, const char *dev, const char *master)
{
	struct net_op op, undo;

	op_dev(&op, NET_OP_LINK_MASTER, dev);
	snprintf(op.master, sizeof(op.master), "%s", master);
	op_dev(&undo, NET_OP_LINK_NOMASTER, dev);
	return net_plan_add(p, &op, &undo);
}

static int add_sysctl(struct net_plan *p, const char *key, unsigned long value,
		      unsigned long old)
{
	struct net_op op, undo;

	net_op_init(&op, NET_OP_SYSCTL);
	snprintf(op.key, sizeof(op.key), "%s", key);
	op.value = value;
	undo = op;
	undo.value = old;
	return net_plan_add(p, &op, &undo);
}

static int add_proxy_arp(struct net_plan *p, const struct net_host *h, const char *ifname,
			 bool exists, unsigned long value)
{
	unsigned long old = host_proxy_arp(h, ifname, exists);
	char key[NET_KEY_MAX];

	if (old == value)
		return 0;
	snprintf(key, sizeof(key), "net.ipv4.conf.%s.proxy_arp", ifname);
	return add_sysctl(p, key, value, old);
}

/* Bridges */

/* Options to change on an existing bridge, and what to set them back to */
static int plan_bridge_opts(struct net_plan *p, const struct net_bridge_conf *b,
			    const struct nl_bridge_opts *now)
{
	struct net_op op, undo;
	bool diff = false;

	op_dev(&op, NET_OP_BRIDGE_SET, b->name);
	op_dev(&undo, NET_OP_BRIDGE_SET, b->name);
	if (!now)
		return 0;
	if (b->opts.stp >= 0 && b->opts.stp != now->stp) {
		op.br.stp = b->opts.stp;
		undo.br.stp = now->stp;
		diff = true;
	}
#define BR_TIME(f)							\
	if (b->opts.f >= 0 && b->opts.f != now->f) {			\
		op.br.f = b->opts.f;					\
		undo.br.f = now->f;					\
		diff = true;						\
	}
	BR_TIME(forward_delay_ms)
	BR_TIME(hello_time_ms)
	BR_TIME(ageing_time_ms)
#undef BR_TIME
	return diff ? net_plan_add(p, &op, &undo) : 0;
}

static int plan_bridge(struct net_plan *p, const struct net_bridge_conf *b,
		       const struct net_host *h)
{
	const struct nl_link *l = snapshot_link_by_name(&h->snap, b->name), *up = NULL;
	int ret = 0;

	if (b->uplink[0]) {
		up = snapshot_link_by_name(&h->snap, b->uplink);
		if (!up)
			return plan_fail(p, b->line, "bridge %s: uplink %s: no such device", b->name,
					 b->uplink);
	}
	if (l && strcmp(l->kind, "bridge") != 0)
		return plan_fail(p, b->line, "bridge %s: a device of that name exists and is no bridge "
				 "(kind '%s')", b->name, l->kind[0] ? l->kind : "none");
	if (!l) {
		struct net_op op, undo;

		op_dev(&op, NET_OP_BRIDGE_ADD, b->name);
		op.br = b->opts;
		if (up && up->has_mac) {
			op.has_mac = true;
			memcpy(op.mac, up->mac, sizeof(op.mac));
		}
		op_dev(&undo, NET_OP_BRIDGE_DEL, b->name);
		ret = net_plan_add(p, &op, &undo);
	} else {
		ret = plan_bridge_opts(p, b, host_bridge_opts(h, l->ifindex));
	}
	if (!ret && !link_is_up(l))
		ret = add_dev(p, NET_OP_LINK_UP, b->name, NET_OP_LINK_DOWN);
	for (unsigned i = 0; !ret && i < b->n_addrs; i++)
		if (!l || !host_has_addr(h, l->ifindex, &b->addrs[i]))
			ret = add_addr(p, true, &b->addrs[i], b->name);
	return ret;
}

/* Steps 2 to 5 of the takeover (see the top of this file) */
static int plan_takeover(struct net_plan *p, const struct net_bridge_conf *b,
			 const struct net_host *h)
{
	const struct nl_link *up = snapshot_link_by_name(&h->snap, b->uplink), *br = snapshot_link_by_name(&h->snap, b->name);
	int bri = br ? br->ifindex : 0, ret = 0;

	if (up->master && (!br || up->master != bri)) {
		const struct nl_link *m = snapshot_link(&h->snap, up->master);

		return plan_fail(p, b->line, "bridge %s: uplink %s is a port of %s already", b->name,
				 b->uplink, m ? m->name : "another device");
	}
	for (size_t i = 0; !ret && i < h->snap.n_addrs; i++) {
		const struct nl_addr *a = &h->snap.addrs[i];

		if (a->ifindex == up->ifindex && net_addr_is_movable(a) &&
		    !host_has_addr(h, bri, &a->prefix))
			ret = add_addr(p, true, &a->prefix, b->name);
	}
	for (size_t i = 0; !ret && i < h->snap.n_routes; i++) {
		const struct nl_route *r = &h->snap.routes[i];

		if (!net_route_is_movable(r, up->ifindex))
			continue;
		ret = add_route(p, false, r, b->uplink);
		if (!ret && !host_has_route(h, r, bri))
			ret = add_route(p, true, r, b->name);
	}
	if (!ret && !link_is_up(up))
		ret = add_dev(p, NET_OP_LINK_UP, b->uplink, NET_OP_LINK_DOWN);
	if (!ret && (!br || up->master != bri))
		ret = add_master(p, b->uplink, b->name);
	for (size_t i = h->snap.n_addrs; !ret && i-- > 0;) {
		const struct nl_addr *a = &h->snap.addrs[i];

		if (a->ifindex == up->ifindex && net_addr_is_movable(a))
			ret = add_addr(p, false, &a->prefix, b->uplink);
	}
	return ret;
}

/* TAPs */

static int plan_tap_exists(struct net_plan *p, const struct net_tap_conf *t,
			   const struct nl_link *l)
{
	if (strcmp(l->kind, "tun") != 0 || !l->tun.valid || !l->tun.is_tap)
		return plan_fail(p, t->line, "tap %s: a device of that name exists and is no TAP "
				 "(kind '%s')", t->name, l->kind[0] ? l->kind : "none");
	if (!l->tun.persist || l->tun.has_owner != t->has_owner ||
	    l->tun.has_group != t->has_group || (t->has_owner && l->tun.owner != t->owner) ||
	    (t->has_group && l->tun.group != t->group))
		return plan_fail(p, t->line, "tap %s: a TAP of that name exists with another owner, group "
				 "or persistence; delete it or change the configuration", t->name);
	return 0;
}

static int plan_tap(struct net_plan *p, const struct net_tap_conf *t, const struct net_host *h)
{
	const struct nl_link *l = snapshot_link_by_name(&h->snap, t->name), *br;
	int ret = 0, want_parp = t->proxy_arp >= 0 ? t->proxy_arp : t->n_routes > 0;

	if (l && (ret = plan_tap_exists(p, t, l)))
		return ret;
	if (!l) {
		struct net_op op, undo;

		op_dev(&op, NET_OP_TAP_ADD, t->name);
		op.has_owner = t->has_owner;
		op.owner = t->owner;
		op.has_group = t->has_group;
		op.group = t->group;
		op_dev(&undo, NET_OP_TAP_DEL, t->name);
		ret = net_plan_add(p, &op, &undo);
	}
	br = t->bridge[0] ? snapshot_link_by_name(&h->snap, t->bridge) : NULL;
	if (!ret && t->bridge[0] && (!l || !br || l->master != br->ifindex)) {
		if (l && l->master)
			return plan_fail(p, t->line, "tap %s: a port of another device already", t->name);
		ret = add_master(p, t->name, t->bridge);
	}
	for (unsigned i = 0; !ret && i < t->n_addrs; i++)
		if (!l || !host_has_addr(h, l->ifindex, &t->addrs[i]))
			ret = add_addr(p, true, &t->addrs[i], t->name);
	/* Up before routes: the kernel refuses a route through a device that is down */
	if (!ret && !link_is_up(l))
		ret = add_dev(p, NET_OP_LINK_UP, t->name, NET_OP_LINK_DOWN);
	for (unsigned i = 0; !ret && i < t->n_routes; i++) {
		struct nl_route r = { .dst = t->routes[i] };

		if (!l || !host_has_route(h, &r, l->ifindex))
			ret = add_route(p, true, &r, t->name);
	}
	if (!ret && want_parp)
		ret = add_proxy_arp(p, h, t->name, l != NULL, 1);
	return ret;
}

/* nftables */

/**
 * net_nft_table() - Name of the configuration's nftables table
 * @conf:	configuration
 * @buf:	output, "umnet-NAME" (family ip)
 * @size:	its size, NET_KEY_MAX is enough
 */
void net_nft_table(const struct net_conf *conf, char *buf, size_t size)
{
	snprintf(buf, size, NET_NFT_PREFIX "%s", conf->name);
}

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261U;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619U;
	return h;
}

/**
 * net_nft_script() - The nftables commands that set up the configuration's NAT
 * @conf:	configuration with nat on
 * @buf:	output: one line of ';'-separated commands
 * @size:	its size
 * @marker:	output: the table comment that identifies this very rule set
 *		("umnet-net NAME HASH"); a listing containing it is up to date
 * @marker_size: its size
 *
 * Return: 0, -ENOSPC
 */
int net_nft_script(const struct net_conf *conf, char *buf, size_t size, char *marker,
		   size_t marker_size)
{
	char table[NET_KEY_MAX], rules[NET_OP_TEXT_MAX], src[ADDR_PREFIX_STRLEN];
	size_t len = 0;
	int n;

	net_nft_table(conf, table, sizeof(table));
	rules[0] = '\0';
	for (unsigned i = 0; i < conf->nat.n_sources; i++) {
		if (addr_prefix_format(&conf->nat.sources[i], src, sizeof(src)))
			return -EINVAL;
		n = snprintf(rules + len, sizeof(rules) - len,
			     "; add rule ip %s postrouting ip saddr %s oifname \"%s\" masquerade",
			     table, src, conf->nat.out);
		if (n < 0 || (size_t)n >= sizeof(rules) - len)
			return -ENOSPC;
		len += (size_t)n;
	}
	n = snprintf(marker, marker_size, "umnet-net %s %08x", conf->name, fnv1a(rules));
	if (n < 0 || (size_t)n >= marker_size)
		return -ENOSPC;
	/* priority 100 is srcnat; policy accept: we add rules, we block nothing */
	n = snprintf(buf, size, "add table ip %s { comment \"%s\"; }; add chain ip %s postrouting "
		     "{ type nat hook postrouting priority 100; policy accept; }%s",
		     table, marker, table, rules);
	return n < 0 || (size_t)n >= size ? -ENOSPC : 0;
}

static int plan_nat(struct net_plan *p, const struct net_conf *c, const struct net_host *h)
{
	char marker[NET_KEY_MAX + 32], quoted[NET_KEY_MAX + 34];
	struct net_op op, undo;
	int ret;

	if (!c->nat.on)
		return 0;
	if (!snapshot_link_by_name(&h->snap, c->nat.out))
		return plan_fail(p, c->nat.line, "nat: out %s: no such device", c->nat.out);
	net_op_init(&op, NET_OP_NFT_LOAD);
	net_nft_table(c, op.key, sizeof(op.key));
	if (net_nft_script(c, op.text, sizeof(op.text), marker, sizeof(marker)))
		return plan_fail(p, c->nat.line, "nat: the rule set is too long");
	snprintf(quoted, sizeof(quoted), "\"%s\"", marker);
	if (h->nft_table && strstr(h->nft_table, quoted))
		return 0;
	if (h->nft_table) {
		/* Ours, from another version of the file: replace it, keep the old one to undo */
		struct net_op del, restore;

		net_op_init(&del, NET_OP_NFT_DEL);
		snprintf(del.key, sizeof(del.key), "%s", op.key);
		net_op_init(&restore, NET_OP_NFT_LOAD);
		snprintf(restore.key, sizeof(restore.key), "%s", op.key);
		if (strlen(h->nft_table) >= sizeof(restore.text))
			return plan_fail(p, c->nat.line, "nat: table ip %s exists and is too long to keep for "
					 "undo; delete it first", op.key);
		snprintf(restore.text, sizeof(restore.text), "%s", h->nft_table);
		ret = net_plan_add(p, &del, &restore);
		if (ret)
			return ret;
	}
	net_op_init(&undo, NET_OP_NFT_DEL);
	snprintf(undo.key, sizeof(undo.key), "%s", op.key);
	return net_plan_add(p, &op, &undo);
}

static int plan_switches(struct net_plan *p, const struct net_conf *c,
			 const struct net_host *h)
{
	int ret = 0;

	for (unsigned i = 0; !ret && i < c->n_switches; i++) {
		const struct net_switch_conf *s = &c->switches[i];
		struct net_op op, undo;

		if (h->switch_running[i])
			continue;
		op_dev(&op, NET_OP_SWITCH_START, c->taps[s->tap].name);
		snprintf(op.key, sizeof(op.key), "%s", s->name);
		snprintf(op.path, sizeof(op.path), "%s", s->unix_path);
		op.hub = s->hub;
		net_op_init(&undo, NET_OP_SWITCH_STOP);
		snprintf(undo.key, sizeof(undo.key), "%s", s->name);
		ret = net_plan_add(p, &op, &undo);
	}
	return ret;
}

/**
 * net_plan_up() - Plan the steps that bring the host to the configuration
 * @conf:	configuration
 * @host:	the host now
 * @plan:	result, empty if the host is already as configured; caller frees
 *		with net_plan_free(), also on failure
 *
 * Order: bridges (takeovers included), TAPs (switch TAPs included),
 * forwarding, proxy ARP, NAT, switches.
 *
 * Return: 0; -EINVAL if the configuration cannot be applied to this host
 * (@plan->err says why), -ENOMEM, -E2BIG
 */
int net_plan_up(const struct net_conf *conf, const struct net_host *host,
		struct net_plan *plan)
{
	int ret = 0;

	memset(plan, 0, sizeof(*plan));
	for (unsigned i = 0; !ret && i < conf->n_bridges; i++) {
		ret = plan_bridge(plan, &conf->bridges[i], host);
		if (!ret && conf->bridges[i].uplink[0])
			ret = plan_takeover(plan, &conf->bridges[i], host);
	}
	for (unsigned i = 0; !ret && i < conf->n_taps; i++)
		ret = plan_tap(plan, &conf->taps[i], host);
	if (!ret && conf->forward && host->ip_forward != 1)
		ret = add_sysctl(plan, NET_SYSCTL_FORWARD, 1, host->ip_forward);
	for (unsigned i = 0; !ret && i < conf->n_proxy_arp; i++) {
		if (!snapshot_link_by_name(&host->snap, conf->proxy_arp[i]))
			ret = plan_fail(plan, conf->proxy_arp_line[i], "proxy-arp %s: no such device", conf->proxy_arp[i]);
		else
			ret = add_proxy_arp(plan, host, conf->proxy_arp[i], true, 1);
	}
	if (!ret)
		ret = plan_nat(plan, conf, host);
	if (!ret)
		ret = plan_switches(plan, conf, host);
	if (ret == -ENOMEM || ret == -E2BIG)
		snprintf(plan->err, sizeof(plan->err), "%s", strerror(-ret));
	return ret;
}
