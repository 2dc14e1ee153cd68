// SPDX-License-Identifier: GPL-2.0-or-later
/* test_dp.c - the datapath on a real loop: bess ports over socketpairs, flood, learn, close */

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/cmdparse.h"
#include "core/sw.h"
#include "daemon/dp.h"
#include "daemon/loop.h"
#include "port/port.h"
#include "sys/log.h"
#include "unit.h"

static struct loop *loop;

static bool one_round(void *opaque)
{
	(void)opaque;
	loop_stop(loop);
	return false;
}

/* A bess port whose guest end is *guest */
static struct port *add_port(struct dp *dp, int *guest)
{
	int sv[2];
	struct port *p;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv))
		return NULL;
	p = port_bess_open(sv[0], "/test/bess");
	if (!p)
		return NULL;
	p->id = dp_port_id_alloc(dp, 0);
	if (!p->id || dp_port_add(dp, p)) {
		port_free(p);
		close(sv[1]);
		return NULL;
	}
	*guest = sv[1];
	return p;
}

static void frame(uint8_t *f, uint8_t dst_last, uint8_t src_last)
{
	static const uint8_t head[14] = { 0x02, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0, 0, 0x08, 0x00 };

	memset(f, 0x5a, 60);
	memcpy(f, head, sizeof(head));
	f[5] = dst_last;
	f[11] = src_last;
	if (dst_last == 0xff)
		memset(f, 0xff, 6);
}

/* What a guest end has waiting: the frame's length, or -1 */
static ssize_t got(int guest, uint8_t *buf)
{
	return recv(guest, buf, 2048, MSG_DONTWAIT);
}

TEST(dp_flood_learn_close)
{
	const struct loop_hooks hooks = { .round = one_round };
	const struct dp_config cfg = { .max_ports = 4, .max_macs = 16, .age_ms = 300000 };
	uint8_t f[60], buf[2048];
	struct dp *dp;
	struct port *pa, *pb, *pc;
	int a = -1, b = -1, c = -1;

	log_set_level(LOG_WARNING);	/* ports coming and going are no news here */
	loop = loop_new(16, 1000, &hooks);
	CHECK(loop != NULL);
	dp = loop ? dp_new(&cfg, loop) : NULL;
	CHECK(dp != NULL);
	if (!dp) {
		loop_free(loop);
		return;
	}
	pa = add_port(dp, &a);
	pb = add_port(dp, &b);
	pc = add_port(dp, &c);
	CHECK(pa && pb && pc);
	if (!pa || !pb || !pc)
		goto out;
	CHECK_EQ(pa->id, 1);
	CHECK_EQ(pc->id, 3);
	CHECK_EQ(dp_port_count(dp), 3);
	CHECK(dp_port(dp, 2) == pb);
	CHECK(!dp_port(dp, 4) && !dp_port(dp, 0) && !dp_port(dp, 99));

	/* a broadcast from a reaches b and c, never a */
	frame(f, 0xff, 1);
	CHECK_EQ(send(a, f, sizeof(f), 0), (ssize_t)sizeof(f));
	CHECK_EQ(loop_run(loop), 0);
	CHECK_EQ(got(b, buf), (ssize_t)sizeof(f));
	CHECK_MEM(buf, f, sizeof(f));
	CHECK_EQ(got(c, buf), (ssize_t)sizeof(f));
	CHECK_EQ(got(a, buf), -1);

	/* b answers a, whose address was learned: only a gets it */
	frame(f, 1, 2);
	CHECK_EQ(send(b, f, sizeof(f), 0), (ssize_t)sizeof(f));
	CHECK_EQ(loop_run(loop), 0);
	CHECK_EQ(got(a, buf), (ssize_t)sizeof(f));
	CHECK_MEM(buf, f, sizeof(f));
	CHECK_EQ(got(c, buf), -1);
	CHECK_EQ(sw_port_stats(dp_sw(dp), 1)->rx_frames, 1);
	CHECK_EQ(sw_port_stats(dp_sw(dp), 1)->tx_frames, 1);
	CHECK_EQ(sw_port_stats(dp_sw(dp), 3)->tx_frames, 1);

	/* management requests: a port deleted, one that is not there */
	CHECK_EQ(dp_port_del(dp, 3), 0);
	CHECK(!dp_port(dp, 3));
	CHECK_EQ(dp_port_del(dp, 3), -ENOENT);
	CHECK_EQ(dp_tap_del(dp, "umnet-none0"), -ENOENT);
	CHECK_EQ(dp_port_id_alloc(dp, 3), 3);
	CHECK_EQ(dp_port_id_alloc(dp, 1), 0);

	/* a's guest goes away: its port closes, and b's frames to it flood nowhere */
	close(a);
	a = -1;
	CHECK_EQ(loop_run(loop), 0);
	CHECK(!dp_port(dp, 1));
	CHECK_EQ(dp_port_count(dp), 1);
	CHECK(!dp_rx_more(dp));
out:
	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
	if (c >= 0)
		close(c);
	dp_free(dp);
	loop_free(loop);
	log_set_level(LOG_INFO);
}

TEST(dp_port_security_named_in_advance)
{
	const struct loop_hooks hooks = { .round = one_round };
	struct secfilter_port ps;
	struct dp_config cfg = { .max_ports = 4, .max_macs = 16, .port_sec = &ps, .n_port_sec = 1 };
	char err[128];
	uint8_t f[60], buf[2048];
	struct dp *dp;
	int a = -1, b = -1;

	CHECK_EQ(cmd_portsec_parse(&ps, "1 mac=02:00:00:00:00:01", err, sizeof(err)), 0);
	log_set_level(LOG_WARNING);
	loop = loop_new(16, 1000, &hooks);
	dp = loop ? dp_new(&cfg, loop) : NULL;
	CHECK(dp != NULL);
	if (!dp) {
		loop_free(loop);
		return;
	}
	CHECK(add_port(dp, &a) && add_port(dp, &b));
	CHECK(sw_security(dp_sw(dp), 1) != NULL);
	CHECK(sw_security(dp_sw(dp), 2) == NULL);
	/* port 1 may send from its MAC only */
	frame(f, 0xff, 7);
	CHECK_EQ(send(a, f, sizeof(f), 0), (ssize_t)sizeof(f));
	CHECK_EQ(loop_run(loop), 0);
	CHECK_EQ(got(b, buf), -1);
	frame(f, 0xff, 1);
	CHECK_EQ(send(a, f, sizeof(f), 0), (ssize_t)sizeof(f));
	CHECK_EQ(loop_run(loop), 0);
	CHECK_EQ(got(b, buf), (ssize_t)sizeof(f));
	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
	dp_free(dp);
	loop_free(loop);
	log_set_level(LOG_INFO);
}
