/* SPDX-License-Identifier: GPL-2.0-or-later */
/* txq.h - bounded FIFO of frames waiting for a slow peer, in one byte ring */
#ifndef UMNET_TXQ_H
#define UMNET_TXQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * struct txq_view - a queued frame, valid until it is popped
 * @data:	bytes
 * @len:	length
 */
struct txq_view {
	const uint8_t *data;
	size_t len;
};

/**
 * struct txq - FIFO of variable-size frames in a fixed buffer
 * @buf:	storage, @size bytes, allocated by the caller's txq_init()
 * @size:	storage size
 * @head:	offset of the oldest record
 * @tail:	offset where the next record goes
 * @used:	bytes in use, records and wrap padding included
 * @frames:	frames queued
 * @max_frames:	bound on @frames
 */
struct txq {
	uint8_t *buf;
	size_t size;
	size_t head, tail, used;
	unsigned frames;
	unsigned max_frames;
};

int txq_init(struct txq *q, size_t size_bytes, unsigned max_frames);
void txq_fini(struct txq *q);
int txq_push(struct txq *q, const uint8_t *data, size_t len);
unsigned txq_peek(const struct txq *q, struct txq_view *v, unsigned n);
void txq_pop(struct txq *q, unsigned n);
void txq_clear(struct txq *q);

/**
 * txq_is_empty() - Whether nothing is queued
 * @q:		queue
 *
 * Return: true if empty
 */
static inline bool txq_is_empty(const struct txq *q)
{
	return !q->frames;
}

#endif /* UMNET_TXQ_H */
