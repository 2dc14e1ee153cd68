// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_txq.c - libFuzzer harness: the egress frame queue against a plain model
 *
 * The input sizes a queue (bytes, frames) and then pushes, peeks, pops and
 * clears. A model (an array of lengths and sequence numbers) says what the
 * queue must hold. Checked: FIFO order and content, frame counts, views
 * inside the buffer (the buffer is exactly its size, so ASan sees any
 * overrun), the byte accounting, and that a push is refused only when the
 * queue is really short of room: an empty queue takes any frame that fits,
 * and a refusal means the frames queued plus the ring's unusable ends leave
 * less than the frame needs.
 */

#include <errno.h>

#include "core/txq.h"
#include "fuzz.h"

#define M_MAX		256
#define REC(len)	(((len) + 4 + 3) & ~(size_t)3)

struct model {
	size_t len[M_MAX];
	uint32_t seq[M_MAX];
	unsigned head, n;
	size_t bytes;		/* records queued, headers and padding included */
};

static uint8_t pattern(uint32_t seq, size_t i)
{
	return (uint8_t)(seq * 31 + i * 7 + (i >> 8));
}

static void check_views(const struct txq *q, const struct model *m, unsigned want)
{
	struct txq_view v[M_MAX];
	unsigned k = txq_peek(q, v, want);

	FUZZ_CHECK(k == (want < m->n ? want : m->n));
	for (unsigned i = 0; i < k; i++) {
		unsigned j = (m->head + i) % M_MAX;

		FUZZ_CHECK(v[i].len == m->len[j]);
		FUZZ_CHECK(v[i].data >= q->buf && v[i].data + v[i].len <= q->buf + q->size);
		for (size_t b = 0; b < v[i].len; b++)
			FUZZ_CHECK(v[i].data[b] == pattern(m->seq[j], b));
	}
}

static void push(struct txq *q, struct model *m, size_t len, uint32_t seq, size_t max_rec)
{
	static uint8_t buf[8192 + 64];
	bool empty = !m->n;
	int ret;

	for (size_t b = 0; b < len; b++)
		buf[b] = pattern(seq, b);
	ret = txq_push(q, buf, len);
	FUZZ_CHECK(ret == 0 || ret == -ENOBUFS);
	if (REC(len) > q->size || m->n >= q->max_frames)
		FUZZ_CHECK(ret == -ENOBUFS);
	if (ret) {
		if (empty)
			FUZZ_CHECK(REC(len) > q->size);
		else if (m->n < q->max_frames && REC(len) <= q->size)
			/* at worst: a wrap pad (smaller than the largest record
			 * queued) and a tail too short for this record */
			FUZZ_CHECK(m->bytes + max_rec + 2 * REC(len) > q->size);
		return;
	}
	FUZZ_CHECK(m->n < M_MAX);
	m->len[(m->head + m->n) % M_MAX] = len;
	m->seq[(m->head + m->n) % M_MAX] = seq;
	m->n++;
	m->bytes += REC(len);
}

static void pop(struct txq *q, struct model *m, unsigned k)
{
	txq_pop(q, k);
	for (; k && m->n; k--) {
		m->bytes -= REC(m->len[m->head]);
		m->head = (m->head + 1) % M_MAX;
		m->n--;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct model m = { .n = 0 };
	struct txq q;
	size_t qsize = fuzz_u16(&in) % 8192, max_rec = 0;
	unsigned max_frames = fuzz_u8(&in) % 64;
	uint32_t seq = 0;
	int ret;

	ret = txq_init(&q, qsize, max_frames);
	if (qsize < 64 || !max_frames) {
		FUZZ_CHECK(ret == -EINVAL);
		txq_fini(&q);
		return 0;
	}
	FUZZ_CHECK(!ret && q.size == (qsize & ~(size_t)3) && txq_is_empty(&q));

	for (unsigned n = 0; !fuzz_is_done(&in) && n < 2048; n++) {
		uint8_t op = fuzz_u8(&in);
		size_t len;

		switch (op & 3) {
		case 0:
		case 1:
			/* mostly small frames, sometimes larger than the queue */
			len = op & 0x80 ? fuzz_u16(&in) % (q.size + 64) : fuzz_u8(&in);
			push(&q, &m, len, seq++, max_rec);
			if (m.n && REC(len) > max_rec)
				max_rec = REC(len);
			break;
		case 2:
			check_views(&q, &m, (op >> 2) % (M_MAX / 4 + 1));
			pop(&q, &m, (op >> 2) % 8);
			break;
		case 3:
			if (op & 0x80) {
				txq_clear(&q);
				m.head = m.n = 0;
				m.bytes = 0;
			} else {
				check_views(&q, &m, M_MAX);
			}
			break;
		}
		FUZZ_CHECK(q.frames == m.n && txq_is_empty(&q) == !m.n);
		FUZZ_CHECK(q.used >= m.bytes && q.used <= q.size);
		FUZZ_CHECK(q.head < q.size && q.tail < q.size);
		if (!m.n)
			max_rec = 0;
	}
	check_views(&q, &m, M_MAX);
	txq_fini(&q);
	return 0;
}
