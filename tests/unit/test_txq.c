// SPDX-License-Identifier: GPL-2.0-or-later
/* test_txq.c - bounded frame queue: order, wrap-around, bounds */

#include <errno.h>

#include "core/txq.h"
#include "unit.h"

static void fill(uint8_t *b, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(seed + i);
}

TEST(txq_fifo_order)
{
	struct txq q;
	struct txq_view v[8];
	uint8_t a[100], b[60];

	CHECK_EQ(txq_init(&q, 1024, 16), 0);
	CHECK(txq_is_empty(&q));
	fill(a, sizeof(a), 1);
	fill(b, sizeof(b), 9);
	CHECK_EQ(txq_push(&q, a, sizeof(a)), 0);
	CHECK_EQ(txq_push(&q, b, sizeof(b)), 0);
	CHECK_EQ(txq_peek(&q, v, 8), 2);
	CHECK_EQ(v[0].len, 100);
	CHECK_MEM(v[0].data, a, 100);
	CHECK_EQ(v[1].len, 60);
	CHECK_MEM(v[1].data, b, 60);
	txq_pop(&q, 1);
	CHECK_EQ(txq_peek(&q, v, 8), 1);
	CHECK_MEM(v[0].data, b, 60);
	txq_pop(&q, 1);
	CHECK(txq_is_empty(&q));
	txq_fini(&q);
}

TEST(txq_bounds)
{
	struct txq q;
	uint8_t f[300] = { 0 };

	CHECK_EQ(txq_init(&q, 1024, 2), 0);
	CHECK_EQ(txq_push(&q, f, 10), 0);
	CHECK_EQ(txq_push(&q, f, 10), 0);
	CHECK_EQ(txq_push(&q, f, 10), -ENOBUFS);	/* frame bound */
	txq_clear(&q);
	txq_fini(&q);

	CHECK_EQ(txq_init(&q, 1024, 100), 0);
	CHECK_EQ(txq_push(&q, f, 300), 0);
	CHECK_EQ(txq_push(&q, f, 300), 0);
	CHECK_EQ(txq_push(&q, f, 300), 0);
	CHECK_EQ(txq_push(&q, f, 300), -ENOBUFS);	/* byte bound */
	CHECK_EQ(q.frames, 3);
	CHECK_EQ(txq_push(&q, f, 2000), -ENOBUFS);	/* larger than the queue */
	txq_fini(&q);
	CHECK_EQ(txq_init(&q, 10, 1), -EINVAL);
}

TEST(txq_wraps_without_splitting_frames)
{
	struct txq q;
	struct txq_view v[64];
	uint8_t f[200];
	unsigned seq_in = 0, seq_out = 0;

	CHECK_EQ(txq_init(&q, 1000, 64), 0);
	/* push and pop variable sizes many times around the ring */
	for (unsigned round = 0; round < 500; round++) {
		size_t len = 20 + (round * 37) % 180;

		fill(f, len, (uint8_t)seq_in);
		f[0] = (uint8_t)seq_in;
		if (txq_push(&q, f, len) == 0)
			seq_in++;
		if (round % 3 == 2 || q.frames > 3) {
			unsigned n = txq_peek(&q, v, 2);

			for (unsigned i = 0; i < n; i++) {
				CHECK_EQ(v[i].data[0], (uint8_t)(seq_out + i));
				CHECK(v[i].data >= q.buf && v[i].data + v[i].len <= q.buf + q.size);
			}
			txq_pop(&q, n);
			seq_out += n;
		}
	}
	while (!txq_is_empty(&q)) {
		unsigned n = txq_peek(&q, v, 64);

		for (unsigned i = 0; i < n; i++)
			CHECK_EQ(v[i].data[0], (uint8_t)(seq_out + i));
		txq_pop(&q, n);
		seq_out += n;
	}
	CHECK_EQ(seq_in, seq_out);
	CHECK(seq_in > 400);
	txq_fini(&q);
}

TEST(txq_exactly_full_ring)
{
	struct txq q;
	struct txq_view v[4];
	uint8_t f[252] = { 7 };

	/* 4 records of 4 + 252 = 256 bytes fill 1024 exactly */
	CHECK_EQ(txq_init(&q, 1024, 100), 0);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(txq_push(&q, f, sizeof(f)), 0);
	CHECK_EQ(txq_push(&q, f, 1), -ENOBUFS);
	txq_pop(&q, 1);
	CHECK_EQ(txq_push(&q, f, sizeof(f)), 0);
	CHECK_EQ(txq_push(&q, f, 1), -ENOBUFS);
	CHECK_EQ(txq_peek(&q, v, 4), 4);
	txq_pop(&q, 4);
	CHECK(txq_is_empty(&q));
	txq_fini(&q);
}
