// SPDX-License-Identifier: GPL-2.0-or-later
/* txq.c - bounded FIFO of frames waiting for a slow peer, in one byte ring
 *
 * DOC: Theory of operation
 *
 * Each record is a 4-byte length followed by the frame, padded to 4 bytes.
 * A record never wraps: if it does not fit before the end of the buffer, a
 * wrap marker (length UINT32_MAX) fills the rest and the record starts at
 * offset 0. The buffer is allocated once per port; pushing never allocates,
 * and a full queue refuses the frame, which the caller counts as a drop on
 * that port alone.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/txq.h"

#define TXQ_HDR		4
#define TXQ_WRAP	UINT32_MAX
#define TXQ_ALIGN(n)	(((n) + 3) & ~(size_t)3)

/**
 * txq_init() - Allocate a queue's storage
 * @q:			queue
 * @size_bytes:		storage size (rounded down to a multiple of 4)
 * @max_frames:		bound on queued frames
 *
 * Return: 0, -EINVAL, -ENOMEM
 */
int txq_init(struct txq *q, size_t size_bytes, unsigned max_frames)
{
	memset(q, 0, sizeof(*q));
	size_bytes &= ~(size_t)3;
	if (size_bytes < 64 || !max_frames)
		return -EINVAL;
	q->buf = malloc(size_bytes);
	if (!q->buf)
		return -ENOMEM;
	q->size = size_bytes;
	q->max_frames = max_frames;
	return 0;
}

/**
 * txq_fini() - Free a queue's storage
 * @q:		queue (may never have been initialised if zeroed)
 */
void txq_fini(struct txq *q)
{
	free(q->buf);
	memset(q, 0, sizeof(*q));
}

static void txq_put_len(struct txq *q, size_t off, uint32_t len)
{
	memcpy(q->buf + off, &len, sizeof(len));
}

static uint32_t txq_get_len(const struct txq *q, size_t off)
{
	uint32_t len;

	memcpy(&len, q->buf + off, sizeof(len));
	return len;
}

/**
 * txq_push() - Append a copy of a frame
 * @q:		queue
 * @data:	frame
 * @len:	its length
 *
 * Return: 0, or -ENOBUFS if the queue is full (nothing is queued)
 */
int txq_push(struct txq *q, const uint8_t *data, size_t len)
{
	size_t need = TXQ_ALIGN(TXQ_HDR + len), pad = 0;

	if (!q->buf || q->frames >= q->max_frames || need > q->size)
		return -ENOBUFS;
	if (q->used && q->tail == q->head)
		return -ENOBUFS;	/* completely full */
	if (q->tail > q->head && q->used) {
		/* free space: [tail, size) and [0, head) */
		if (q->size - q->tail < need) {
			pad = q->size - q->tail;
			if (q->head < need)
				return -ENOBUFS;
		}
	} else if (q->used) {
		/* free space: [tail, head) */
		if (q->head - q->tail < need)
			return -ENOBUFS;
	} else {
		q->head = q->tail = 0;
	}

	if (pad) {
		if (pad >= TXQ_HDR)
			txq_put_len(q, q->tail, TXQ_WRAP);
		q->used += pad;
		q->tail = 0;
	}
	txq_put_len(q, q->tail, (uint32_t)len);
	memcpy(q->buf + q->tail + TXQ_HDR, data, len);
	q->tail += need;
	if (q->tail == q->size)
		q->tail = 0;
	q->used += need;
	q->frames++;
	return 0;
}

static size_t txq_skip_wrap(const struct txq *q, size_t off)
{
	if (q->size - off < TXQ_HDR || txq_get_len(q, off) == TXQ_WRAP)
		return 0;
	return off;
}

/**
 * txq_peek() - Views of the oldest frames, without removing them
 * @q:		queue
 * @v:		array to fill
 * @n:		its size
 *
 * Return: number of views filled, at most @n
 */
unsigned txq_peek(const struct txq *q, struct txq_view *v, unsigned n)
{
	size_t off = q->head;
	unsigned i;

	for (i = 0; i < n && i < q->frames; i++) {
		uint32_t len;

		off = txq_skip_wrap(q, off);
		len = txq_get_len(q, off);
		v[i].data = q->buf + off + TXQ_HDR;
		v[i].len = len;
		off += TXQ_ALIGN(TXQ_HDR + len);
		if (off == q->size)
			off = 0;
	}
	return i;
}

/**
 * txq_pop() - Remove the oldest frames
 * @q:		queue
 * @n:		how many (at most the number queued)
 */
void txq_pop(struct txq *q, unsigned n)
{
	for (; n && q->frames; n--) {
		size_t start = q->head, off = txq_skip_wrap(q, q->head);
		size_t rec = TXQ_ALIGN(TXQ_HDR + txq_get_len(q, off));

		if (off != start)
			q->used -= q->size - start;
		off += rec;
		if (off == q->size)
			off = 0;
		q->head = off;
		q->used -= rec;
		q->frames--;
	}
	if (!q->frames)
		q->head = q->tail = q->used = 0;
}

/**
 * txq_clear() - Drop everything queued
 * @q:		queue
 */
void txq_clear(struct txq *q)
{
	q->head = q->tail = q->used = 0;
	q->frames = 0;
}
