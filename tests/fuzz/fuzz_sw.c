// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_sw.c - libFuzzer harness: the whole switching core driven by a program of operations
 *
 * The input is a small configuration followed by operations: frames (raw
 * bytes, or built from a pool of addresses so that learning and lookups
 * meet) received on any port number, ports plugged and unplugged, time
 * passing, port security set and cleared, mirroring, hub mode, table bounds
 * and aging changed. The switch is made as switchd makes it (port 0 is a
 * valid slot that the daemon never uses). Everything the core does goes
 * through the real sw/fdb/secfilter code.
 *
 * Checked after every operation:
 * - no output to the ingress port, to an inactive port, or of another frame;
 * - a dropped frame is neither forwarded nor learned; a unicast frame to a
 *   known port goes there alone, an unknown or group destination (or any
 *   frame in hub mode) to every other active port exactly once (when no
 *   mirror is set, which adds copies);
 * - the MAC table: entries only on active ports, per-port counts add up to
 *   the total, the total never exceeds the pool, learning never passes the
 *   table's or the port's bound, a sweep leaves only live entries.
 */

#include <errno.h>

#include "core/fdb.h"
#include "core/frame.h"
#include "core/secfilter.h"
#include "core/sw.h"
#include "fuzz.h"

#define F_MAX_PORTS	17	/* sw slots: ports 0..16 */
#define F_POOL		8
#define F_BIG		(FRAME_MAX_BYTES + 64)

enum op {
	OP_PORT_ADD,
	OP_PORT_DEL,
	OP_FRAME,	/* from the address pool, payload from the input */
	OP_RAW,		/* bytes from the input, as they come */
	OP_BIG,		/* at, just under or over FRAME_MAX_BYTES */
	OP_TICK,
	OP_SECURITY,
	OP_SECURITY_OFF,
	OP_MIRROR,
	OP_MIRROR_OFF,
	OP_HUB,
	OP_SET_MAX,
	OP_SET_AGE,
	OP_STATS_RESET,
	OP_COUNT,	/* what the daemon counts on the core's behalf */
	OP_MAX,
};

struct h {
	struct sw *sw;
	unsigned nports;	/* slots */
	unsigned max_cap;	/* largest table bound set: the pool size */
	unsigned port_max[F_MAX_PORTS + 2];
	bool mirrored;		/* a mirror may be set: exact counts off */
	uint64_t now;

	/* what sw_input() did */
	unsigned in;
	const uint8_t *frame;
	size_t len;
	unsigned out[F_MAX_PORTS];
	unsigned nout;
};

static const uint8_t pool[F_POOL][6] = {
	{ 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 },
	{ 0x52, 0x54, 0x00, 0x00, 0x00, 0x02 },
	{ 0x52, 0x54, 0x00, 0x00, 0x00, 0x03 },
	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x04 },
	{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },	/* broadcast */
	{ 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 },	/* IPv6 multicast */
	{ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 },	/* invalid source */
	{ 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e },	/* link-local group */
};

static void output(void *opaque, unsigned port, const uint8_t *frame, size_t len)
{
	struct h *h = opaque;

	FUZZ_CHECK(port != h->in);
	FUZZ_CHECK(port < h->nports);
	FUZZ_CHECK(sw_port_is_active(h->sw, port));
	FUZZ_CHECK(frame == h->frame && len == h->len);
	h->out[port]++;
	h->nout++;
}

static void event(void *opaque, const struct sw_event *ev)
{
	struct h *h = opaque;

	FUZZ_CHECK(ev->port == h->in);
	FUZZ_CHECK(ev->kind <= SW_EV_PORT_FULL);
}

static const struct sw_ops ops = { .output = output, .event = event };

static void check_table(const struct h *h)
{
	const struct fdb *fdb = sw_fdb_const(h->sw);
	unsigned sum = 0, live = 0, pos = 0;
	struct fdb_info e;

	for (unsigned p = 0; p < h->nports; p++) {
		unsigned c = fdb_port_count(fdb, p);

		FUZZ_CHECK(!c || sw_port_is_active(h->sw, p));
		sum += c;
	}
	FUZZ_CHECK(sum == fdb_count(fdb));
	FUZZ_CHECK(fdb_count(fdb) <= h->max_cap);
	while (fdb_next(fdb, &pos, h->now, &e)) {
		FUZZ_CHECK(e.port < h->nports && sw_port_is_active(h->sw, e.port));
		FUZZ_CHECK(!(e.mac[0] & 1));
		live++;
	}
	FUZZ_CHECK(live <= fdb_count(fdb));
}

static void input(struct h *h, unsigned port, const uint8_t *f, size_t len)
{
	struct fdb *fdb = sw_fdb(h->sw);
	bool active = sw_port_is_active(h->sw, port), ok, hub = sw_get_hub(h->sw);
	unsigned count0 = fdb_count(fdb), pcount0 = fdb_port_count(fdb, port);
	const struct sw_stats *st = port < h->nports ? sw_port_stats(h->sw, port) : NULL;
	uint64_t rx0 = st ? st->rx_frames : 0, refused0 = st ? st->learn_refused : 0;
	bool full;
	int dst;

	h->in = port;
	h->frame = f;
	h->len = len;
	h->nout = 0;
	memset(h->out, 0, sizeof(h->out));
	ok = sw_input(h->sw, port, f, len, h->now);
	if (!active) {
		FUZZ_CHECK(!ok && !h->nout);
		return;
	}
	FUZZ_CHECK(sw_port_stats(h->sw, port)->rx_frames == rx0 + 1);
	if (!ok) {
		FUZZ_CHECK(!h->nout);
		FUZZ_CHECK(fdb_count(fdb) == count0);
		FUZZ_CHECK(fdb_port_count(fdb, port) == pcount0);
		return;
	}
	FUZZ_CHECK(len >= FRAME_ETH_HLEN && len <= FRAME_MAX_BYTES);
	FUZZ_CHECK(!frame_mac_is_multicast(frame_src(f)) && !frame_mac_is_zero(frame_src(f)));
	/* A new entry only below the bounds */
	if (fdb_count(fdb) > count0)
		FUZZ_CHECK(count0 < fdb_get_max(fdb));
	if (fdb_port_count(fdb, port) > pcount0 && h->port_max[port])
		FUZZ_CHECK(pcount0 < h->port_max[port]);
	FUZZ_CHECK(fdb_port_count(fdb, port) <= pcount0 + 1);
	/* The source is on this port now, unless a bound refused it */
	full = count0 >= fdb_get_max(fdb) || (h->port_max[port] && pcount0 >= h->port_max[port]);
	if (fdb_lookup(fdb, frame_src(f), frame_vlan(f, len), h->now) != (int)port)
		FUZZ_CHECK(full && st->learn_refused == refused0 + 1);
	else
		FUZZ_CHECK(st->learn_refused == refused0);
	if (h->mirrored)
		return;

	dst = fdb_lookup(fdb, frame_dst(f), frame_vlan(f, len), h->now);
	if (hub || frame_mac_is_multicast(frame_dst(f)) || dst < 0) {
		for (unsigned p = 0; p < h->nports; p++)
			FUZZ_CHECK(h->out[p] == (p != port && sw_port_is_active(h->sw, p)));
		FUZZ_CHECK(h->nout == sw_port_count(h->sw) - 1);
	} else if ((unsigned)dst == port) {
		FUZZ_CHECK(!h->nout);
	} else {
		FUZZ_CHECK(h->nout == 1 && h->out[dst] == 1);
	}
}

/* Ethernet header from the pool, an optional tag, an ethertype, a payload */
static size_t build_frame(struct fuzz_in *in, uint8_t *f, size_t size)
{
	static const uint16_t types[] = { 0x0806, 0x0800, 0x86dd, 0x88b5, 0x8100, 0x88a8 };
	uint8_t sel = fuzz_u8(in), flags = fuzz_u8(in);
	size_t off = 12, plen;

	memcpy(f, pool[sel & 7], 6);
	memcpy(f + 6, pool[sel >> 4 & 7], 6);
	if (sel & 0x08)
		f[11] ^= (uint8_t)(fuzz_u8(in) & 0x0f);	/* a few more sources */
	if (flags & 1) {
		uint16_t tci = fuzz_u16(in);

		f[off++] = flags & 2 ? 0x88 : 0x81;
		f[off++] = flags & 2 ? 0xa8 : 0x00;
		f[off++] = (uint8_t)(tci >> 8);
		f[off++] = (uint8_t)tci;
	}
	f[off] = (uint8_t)(types[(flags >> 2) % 6] >> 8);
	f[off + 1] = (uint8_t)types[(flags >> 2) % 6];
	off += 2;
	plen = fuzz_u8(in);
	if (flags & 0x80)
		plen += 256;
	if (plen > size - off)
		plen = size - off;
	fuzz_bytes(in, f + off, plen);
	return off + plen;
}

static void op_security(struct h *h, struct fuzz_in *in)
{
	unsigned port = fuzz_u8(in) % (h->nports + 1);
	uint8_t flags = fuzz_u8(in);
	struct secfilter sf;
	int ret;

	secfilter_init(&sf);
	for (unsigned i = 0; i < (flags & 3u); i++)
		memcpy(sf.mac[sf.n_mac++], pool[fuzz_u8(in) & 3], 6);
	if (flags & 4) {
		sf.ip_lock = true;
		for (unsigned i = 0; i < (flags >> 3 & 3u); i++) {
			struct secfilter_ip *ip = &sf.ip[sf.n_ip++];

			ip->family = fuzz_u8(in) & 1 ? 6 : 4;
			ip->prefix = (uint8_t)(fuzz_u8(in) % (ip->family == 4 ? 33 : 129));
			fuzz_bytes(in, ip->addr, ip->family == 4 ? 4 : 16);
		}
	}
	sf.max_macs = flags >> 5;
	ret = sw_set_security(h->sw, port, &sf);
	if (!sw_port_is_active(h->sw, port)) {
		FUZZ_CHECK(ret == (port < h->nports ? -ENOENT : -EINVAL));
		return;
	}
	FUZZ_CHECK(!ret);
	h->port_max[port] = secfilter_is_empty(&sf) ? 0 : sf.max_macs;
	FUZZ_CHECK(!sw_security(h->sw, port) == secfilter_is_empty(&sf));
}

static void op_port(struct h *h, unsigned port, bool add)
{
	bool was = sw_port_is_active(h->sw, port);
	int ret = add ? sw_port_add(h->sw, port) : sw_port_del(h->sw, port);

	if (port >= h->nports) {
		FUZZ_CHECK(ret == -EINVAL);
		return;
	}
	FUZZ_CHECK(ret == (add ? (was ? -EEXIST : 0) : (was ? 0 : -ENOENT)));
	FUZZ_CHECK(sw_port_is_active(h->sw, port) == add);
	if (!ret && !add) {
		FUZZ_CHECK(!fdb_port_count(sw_fdb_const(h->sw), port));
		FUZZ_CHECK(!sw_security(h->sw, port) && sw_mirror(h->sw, port) < 0);
		h->port_max[port] = 0;
	}
	if (!ret && add)
		FUZZ_CHECK(!sw_port_stats(h->sw, port)->rx_frames);
}

static void run_op(struct h *h, struct fuzz_in *in, uint8_t *buf)
{
	uint8_t op = fuzz_u8(in);
	unsigned port = fuzz_u8(in) % (h->nports + 1);	/* one past the end too */
	size_t len;

	switch (op % OP_MAX) {
	case OP_PORT_ADD:
		op_port(h, port, true);
		break;
	case OP_PORT_DEL:
		op_port(h, port, false);
		break;
	case OP_FRAME:
		len = build_frame(in, buf, F_BIG);
		input(h, port, buf, len);
		break;
	case OP_RAW:
		len = fuzz_u8(in);
		fuzz_bytes(in, buf, len);
		input(h, port, buf, len);
		break;
	case OP_BIG:
		len = build_frame(in, buf, 64);
		memset(buf + len, 0x5a, F_BIG - len);
		len = FRAME_MAX_BYTES - 1 + fuzz_u8(in) % 3;	/* max - 1, max, max + 1 */
		input(h, port, buf, len);
		break;
	case OP_TICK:
		h->now += (uint64_t)fuzz_u16(in) * (op & 0x80 ? 1000 : 1);
		sw_tick(h->sw, h->now);
		/* after a sweep every entry left is live */
		{
			unsigned pos = 0, live = 0;
			struct fdb_info e;

			while (fdb_next(sw_fdb_const(h->sw), &pos, h->now, &e))
				live++;
			FUZZ_CHECK(live == fdb_count(sw_fdb_const(h->sw)));
		}
		break;
	case OP_SECURITY:
		op_security(h, in);
		break;
	case OP_SECURITY_OFF:
		if (!sw_set_security(h->sw, port, NULL))
			h->port_max[port] = 0;
		FUZZ_CHECK(!sw_security(h->sw, port));
		break;
	case OP_MIRROR: {
		unsigned to = fuzz_u8(in) % (h->nports + 1);
		int ret = sw_set_mirror(h->sw, port, to);

		if (!ret) {
			h->mirrored = true;
			FUZZ_CHECK(sw_mirror(h->sw, port) == (int)to && to != port);
		}
		break;
	}
	case OP_MIRROR_OFF:
		sw_set_mirror(h->sw, port, SW_MIRROR_OFF);
		FUZZ_CHECK(sw_mirror(h->sw, port) < 0);
		break;
	case OP_HUB:
		sw_set_hub(h->sw, op & 0x80);
		FUZZ_CHECK(sw_get_hub(h->sw) == !!(op & 0x80));
		break;
	case OP_SET_MAX: {
		unsigned max = fuzz_u8(in) % 80;	/* 0 is refused */
		int ret = fdb_set_max(sw_fdb(h->sw), max);

		FUZZ_CHECK(max ? !ret : ret == -EINVAL);
		if (!ret && max > h->max_cap)
			h->max_cap = max;
		break;
	}
	case OP_SET_AGE:
		fdb_set_age(sw_fdb(h->sw), (uint64_t)fuzz_u8(in) * 100);
		break;
	case OP_STATS_RESET:
		sw_stats_reset(h->sw, port);
		break;
	case OP_COUNT: {
		const struct sw_stats *st = sw_port_stats(h->sw, port);
		unsigned reason = fuzz_u8(in) % (SW_DROP_MAX + 1), depth = fuzz_u16(in);
		struct sw_stats before;

		if (!st) {
			FUZZ_CHECK(port >= h->nports);
			sw_count_drop(h->sw, port, (enum sw_drop)reason);
			sw_count_tx(h->sw, port, 60);
			sw_note_queue(h->sw, port, depth);
			break;
		}
		before = *st;
		sw_count_drop(h->sw, port, (enum sw_drop)reason);
		sw_count_tx(h->sw, port, depth);
		sw_note_queue(h->sw, port, depth);
		for (unsigned r = 0; r < SW_DROP_MAX; r++)
			FUZZ_CHECK(st->drops[r] == before.drops[r] + (r == reason));
		FUZZ_CHECK(st->tx_frames == before.tx_frames + 1 &&
			   st->tx_bytes == before.tx_bytes + depth);
		FUZZ_CHECK(st->tx_queue_hwm == (depth > before.tx_queue_hwm ? depth :
						before.tx_queue_hwm));
		break;
	}
	}
	check_table(h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *buf;
	struct fuzz_in in = { data, size };
	struct sw_config cfg = { 0 };
	struct h h = { 0 };
	uint8_t c;

	if (!buf && !(buf = malloc(F_BIG)))
		return 0;
	c = fuzz_u8(&in);
	cfg.max_ports = 2 + c % (F_MAX_PORTS - 1);
	cfg.max_macs = 1 + fuzz_u8(&in) % 32;
	cfg.age_ms = (uint64_t)fuzz_u8(&in) * 50;
	cfg.hub = c & 0x80;
	fuzz_bytes(&in, (uint8_t *)&cfg.key, sizeof(cfg.key));
	h.nports = cfg.max_ports;
	h.max_cap = cfg.max_macs;
	h.now = 1000;
	h.sw = sw_new(&cfg, &ops, &h);
	FUZZ_CHECK(h.sw);
	FUZZ_CHECK(sw_max_ports(h.sw) == cfg.max_ports);

	for (unsigned n = 0; !fuzz_is_done(&in) && n < 4096; n++)
		run_op(&h, &in, buf);

	/* Unplugging everything leaves an empty table */
	for (unsigned p = 0; p < h.nports; p++)
		sw_port_del(h.sw, p);
	FUZZ_CHECK(!sw_port_count(h.sw) && !fdb_count(sw_fdb_const(h.sw)));
	sw_free(h.sw);
	return 0;
}
