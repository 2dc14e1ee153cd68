// SPDX-License-Identifier: GPL-2.0-or-later
/* test_sw.c - forwarding decisions of the switching core */

#include <errno.h>
#include <string.h>

#include "core/frame.h"
#include "core/sw.h"
#include "unit.h"

#define NPORTS 8

struct capture {
	unsigned out[64];
	unsigned n;
	size_t len;
	struct sw_event ev;
	unsigned nev;
};

static void cap_output(void *opaque, unsigned port, const uint8_t *frame, size_t len)
{
	struct capture *c = opaque;

	(void)frame;
	if (c->n < 64)
		c->out[c->n++] = port;
	c->len = len;
}

static void cap_event(void *opaque, const struct sw_event *ev)
{
	struct capture *c = opaque;

	c->ev = *ev;
	c->nev++;
}

static const struct sw_ops cap_ops = { .output = cap_output, .event = cap_event };

static struct sw *mk(struct capture *c, bool hub)
{
	struct sw_config cfg = {
		.max_ports = NPORTS, .max_macs = 64, .age_ms = 1000, .hub = hub,
		.key = { { 1, 2 } },
	};
	struct sw *sw = sw_new(&cfg, &cap_ops, c);

	memset(c, 0, sizeof(*c));
	for (unsigned p = 1; p <= 4; p++)
		sw_port_add(sw, p);
	return sw;
}

/* A frame from MAC ..:src to MAC ..:dst (0xff: broadcast) */
static void frame(uint8_t *f, uint8_t dst, uint8_t src)
{
	memset(f, 0, 64);
	if (dst == 0xff)
		memset(f, 0xff, 6);
	else
		memcpy(f, (uint8_t[]){ 0x52, 0x54, 0, 0, 0, dst }, 6);
	memcpy(f + 6, (uint8_t[]){ 0x52, 0x54, 0, 0, 0, src }, 6);
	f[12] = 0x08;
}

static bool sent_to(const struct capture *c, unsigned port)
{
	for (unsigned i = 0; i < c->n; i++)
		if (c->out[i] == port)
			return true;
	return false;
}

TEST(sw_unknown_unicast_floods_then_learns)
{
	struct capture c;
	struct sw *sw = mk(&c, false);
	uint8_t f[64];

	frame(f, 2, 1);
	sw_input(sw, 1, f, 64, 0);
	CHECK_EQ(c.n, 3);		/* flooded to 2, 3, 4, not back to 1 */
	CHECK(!sent_to(&c, 1));
	/* reply from 2 to 1: 1 is known, goes to port 1 only */
	c.n = 0;
	frame(f, 1, 2);
	sw_input(sw, 2, f, 64, 1);
	CHECK_EQ(c.n, 1);
	CHECK_EQ(c.out[0], 1);
	/* and now 1 -> 2 is unicast too */
	c.n = 0;
	frame(f, 2, 1);
	sw_input(sw, 1, f, 64, 2);
	CHECK_EQ(c.n, 1);
	CHECK_EQ(c.out[0], 2);
	CHECK_EQ(c.len, 64);
	sw_free(sw);
}

TEST(sw_broadcast_and_multicast_flood)
{
	struct capture c;
	struct sw *sw = mk(&c, false);
	uint8_t f[64];

	frame(f, 0xff, 1);
	sw_input(sw, 1, f, 64, 0);
	CHECK_EQ(c.n, 3);
	c.n = 0;
	frame(f, 2, 3);
	f[0] = 0x01;			/* 01:00:5e:... style group address */
	sw_input(sw, 3, f, 64, 0);
	CHECK_EQ(c.n, 3);
	CHECK(!sent_to(&c, 3));
	sw_free(sw);
}

TEST(sw_hub_floods_known_unicast)
{
	struct capture c;
	struct sw *sw = mk(&c, true);
	uint8_t f[64];

	frame(f, 1, 2);
	sw_input(sw, 2, f, 64, 0);
	c.n = 0;
	frame(f, 2, 1);
	sw_input(sw, 1, f, 64, 0);
	CHECK_EQ(c.n, 3);
	/* switching back to learning mode uses what the hub learned */
	sw_set_hub(sw, false);
	c.n = 0;
	sw_input(sw, 1, f, 64, 0);
	CHECK_EQ(c.n, 1);
	CHECK_EQ(c.out[0], 2);
	sw_free(sw);
}

TEST(sw_drops_runts_and_bad_sources)
{
	struct capture c;
	struct sw *sw = mk(&c, false);
	uint8_t f[64];
	const struct sw_stats *st = sw_port_stats(sw, 1);

	frame(f, 2, 1);
	sw_input(sw, 1, f, 13, 0);
	CHECK_EQ(c.n, 0);
	CHECK_EQ(st->drops[SW_DROP_RUNT], 1);
	sw_input(sw, 1, f, 14, 0);	/* a bare header is a frame */
	CHECK_EQ(c.n, 3);
	c.n = 0;
	f[6] |= 1;			/* multicast source */
	sw_input(sw, 1, f, 64, 0);
	memset(f + 6, 0, 6);		/* zero source */
	sw_input(sw, 1, f, 64, 0);
	CHECK_EQ(c.n, 0);
	CHECK_EQ(st->drops[SW_DROP_BAD_SRC], 2);
	CHECK_EQ(st->rx_frames, 4);
	sw_input(sw, 1, f, (size_t)FRAME_MAX_BYTES + 1, 0);
	CHECK_EQ(st->drops[SW_DROP_OVERSIZE], 1);
	sw_free(sw);
}

TEST(sw_same_port_destination_is_filtered)
{
	struct capture c;
	struct sw *sw = mk(&c, false);
	uint8_t f[64];

	frame(f, 9, 1);
	sw_input(sw, 1, f, 64, 0);
	frame(f, 9, 9);
	f[11] = 9;
	sw_input(sw, 1, f, 64, 0);	/* 9 now lives on port 1, and talks to itself */
	CHECK_EQ(sw_port_stats(sw, 1)->drops[SW_DROP_SAME_PORT], 1);
	c.n = 0;
	frame(f, 9, 1);
	sw_input(sw, 1, f, 64, 0);
	CHECK_EQ(c.n, 0);
	CHECK_EQ(sw_port_stats(sw, 1)->drops[SW_DROP_SAME_PORT], 2);
	sw_free(sw);
}

TEST(sw_port_delete_forgets_its_macs)
{
	struct capture c;
	struct sw *sw = mk(&c, false);
	uint8_t f[64];

	frame(f, 0xff, 2);
	sw_input(sw, 2, f, 64, 0);
	CHECK_EQ(sw_port_del(sw, 2), 0);
	CHECK_EQ(sw_port_del(sw, 2), -ENOENT);
	CHECK_EQ(fdb_count(sw_fdb(sw)), 0);
	c.n = 0;
	frame(f, 2, 1);
	sw_input(sw, 1, f, 64, 0);
	CHECK_EQ(c.n, 2);		/* flooded to 3 and 4: 2 is gone */
	CHECK(!sent_to(&c, 2));
	/* frames from an inactive port are ignored */
	c.n = 0;
	sw_input(sw, 2, f, 64, 0);
	CHECK_EQ(c.n, 0);
	CHECK_EQ(sw_port_add(sw, 2), 0);
	CHECK_EQ(sw_port_add(sw, 2), -EEXIST);
	CHECK_EQ(sw_port_add(sw, NPORTS), -EINVAL);
	CHECK_EQ(sw_port_count(sw), 4);
	sw_free(sw);
}

TEST(sw_mac_move_and_duplicate_warning)
{
	struct capture c;
	struct sw *sw = mk(&c, false);
	uint8_t f[64];

	frame(f, 0xff, 5);
	sw_input(sw, 1, f, 64, 0);
	/* the same MAC on port 3 a moment later: both ports are alive */
	sw_input(sw, 3, f, 64, 100);
	CHECK_EQ(c.nev, 1);
	CHECK_EQ(c.ev.kind, SW_EV_MAC_DUPLICATE);
	CHECK_EQ(c.ev.port, 3);
	CHECK_EQ(c.ev.old_port, 1);
	/* the table follows the move */
	c.n = 0;
	frame(f, 5, 1);
	sw_input(sw, 1, f, 64, 200);
	CHECK_EQ(c.n, 1);
	CHECK_EQ(c.out[0], 3);
	/* a move long after the last sighting is a plain move, no warning */
	frame(f, 0xff, 5);
	sw_input(sw, 2, f, 64, 200 + SW_DUP_WINDOW_MS + 1);
	CHECK_EQ(c.nev, 1);
	sw_free(sw);
}

TEST(sw_full_table_still_forwards)
{
	struct capture c;
	struct sw *sw = mk(&c, false);
	uint8_t f[64];

	for (unsigned i = 0; i < 200; i++) {
		frame(f, 0xff, (uint8_t)i);
		f[10] = (uint8_t)(i >> 8);
		f[9] = 1;
		sw_input(sw, 4, f, 64, 0);
	}
	CHECK_EQ(fdb_count(sw_fdb(sw)), 64);
	CHECK_EQ(sw_port_stats(sw, 4)->learn_refused, 200 - 64);
	CHECK(c.nev > 0);
	CHECK_EQ(c.ev.kind, SW_EV_FDB_FULL);
	/* a new station is not learned but its frames still go everywhere */
	c.n = 0;
	frame(f, 0xff, 77);
	sw_input(sw, 1, f, 64, 0);
	CHECK_EQ(c.n, 3);
	sw_free(sw);
}

TEST(sw_vlan_tagged_frames_learned_per_vlan)
{
	struct capture c;
	struct sw *sw = mk(&c, false);
	uint8_t f[64];

	frame(f, 0xff, 1);
	f[12] = 0x81;
	f[13] = 0x00;
	f[14] = 0x00;
	f[15] = 10;
	sw_input(sw, 1, f, 64, 0);
	/* untagged to MAC 1: unknown on VLAN 0, flooded */
	c.n = 0;
	frame(f, 1, 2);
	sw_input(sw, 2, f, 64, 0);
	CHECK_EQ(c.n, 3);
	/* tagged VLAN 10 to MAC 1: known */
	c.n = 0;
	f[12] = 0x81;
	f[13] = 0x00;
	f[14] = 0x00;
	f[15] = 10;
	sw_input(sw, 2, f, 64, 0);
	CHECK_EQ(c.n, 1);
	CHECK_EQ(c.out[0], 1);
	sw_free(sw);
}

TEST(sw_counters)
{
	struct capture c;
	struct sw *sw = mk(&c, false);
	uint8_t f[64];

	frame(f, 0xff, 1);
	sw_input(sw, 1, f, 60, 0);
	sw_count_tx(sw, 2, 60);
	sw_count_drop(sw, 3, SW_DROP_TX_QUEUE);
	sw_note_queue(sw, 3, 7);
	sw_note_queue(sw, 3, 5);
	CHECK_EQ(sw_port_stats(sw, 1)->rx_frames, 1);
	CHECK_EQ(sw_port_stats(sw, 1)->rx_bytes, 60);
	CHECK_EQ(sw_port_stats(sw, 2)->tx_frames, 1);
	CHECK_EQ(sw_port_stats(sw, 2)->tx_bytes, 60);
	CHECK_EQ(sw_port_stats(sw, 3)->drops[SW_DROP_TX_QUEUE], 1);
	CHECK_EQ(sw_port_stats(sw, 3)->tx_queue_hwm, 7);
	sw_stats_reset(sw, 3);
	CHECK_EQ(sw_port_stats(sw, 3)->tx_queue_hwm, 0);
	CHECK(sw_port_stats(sw, NPORTS) == NULL);
	sw_free(sw);
}
