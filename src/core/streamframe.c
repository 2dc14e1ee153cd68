// SPDX-License-Identifier: GPL-2.0-or-later
/* streamframe.c - Ethernet frames on a byte stream, each behind its 32-bit length */

#include <errno.h>
#include <string.h>

#include "core/streamframe.h"

/**
 * stream_frame() - The frame at the start of what a stream has delivered
 * @buf:	bytes received and not consumed yet
 * @len:	their count
 * @max:	the longest frame accepted
 * @flen:	set to the frame's length once it is complete
 *
 * A length above @max cannot be skipped safely (a peer that sends one is
 * broken or hostile, and nothing after it can be trusted to be a header),
 * so it ends the stream. A length below a minimal frame is returned as is:
 * the switching core drops and counts runts.
 *
 * Return: the bytes the frame takes with its header, 0 while it is not
 * complete, -EPROTO for a length above @max
 */
ssize_t stream_frame(const uint8_t *buf, size_t len, size_t max, size_t *flen)
{
	uint32_t n;

	if (len < STREAM_HDR_BYTES)
		return 0;
	n = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
	if (n > max)
		return -EPROTO;
	if (len - STREAM_HDR_BYTES < n)
		return 0;
	*flen = n;
	return (ssize_t)(STREAM_HDR_BYTES + n);
}

/**
 * stream_hdr() - Write the header for a frame of @flen bytes
 * @hdr:	STREAM_HDR_BYTES bytes
 * @flen:	frame length (at most UINT32_MAX)
 */
void stream_hdr(uint8_t *hdr, size_t flen)
{
	hdr[0] = (uint8_t)(flen >> 24);
	hdr[1] = (uint8_t)(flen >> 16);
	hdr[2] = (uint8_t)(flen >> 8);
	hdr[3] = (uint8_t)flen;
}

/**
 * stream_rx_init() - Start receiving a stream into @buf
 * @r:		receiver
 * @buf:	buffer, at least STREAM_HDR_BYTES + the longest frame accepted
 * @cap:	its size
 */
void stream_rx_init(struct stream_rx *r, uint8_t *buf, size_t cap)
{
	r->buf = buf;
	r->cap = cap;
	r->off = r->len = 0;
}

/**
 * stream_rx_space() - Where the next bytes from the stream go
 * @r:		receiver
 * @room:	set to how many fit there
 *
 * What is left of a frame not yet complete moves to the front first, so a
 * buffer that holds the longest frame always has room for the rest of it.
 *
 * Return: the first free byte
 */
uint8_t *stream_rx_space(struct stream_rx *r, size_t *room)
{
	if (r->off) {
		memmove(r->buf, r->buf + r->off, r->len - r->off);
		r->len -= r->off;
		r->off = 0;
	}
	*room = r->cap - r->len;
	return r->buf + r->len;
}

/**
 * stream_rx_commit() - Count @n bytes received into stream_rx_space()
 * @r:		receiver
 * @n:		at most the room it gave
 */
void stream_rx_commit(struct stream_rx *r, size_t n)
{
	r->len += n <= r->cap - r->len ? n : r->cap - r->len;
}

/**
 * stream_rx_next() - Take the next complete frame
 * @r:		receiver
 * @max:	the longest frame accepted
 * @frame:	set to the frame, valid until the next stream_rx_space()
 * @flen:	set to its length
 *
 * Return: as stream_frame(): > 0 when a frame was taken, 0 if none is
 * complete, -EPROTO if the stream is out of step (then nothing is taken,
 * and every later call says the same)
 */
ssize_t stream_rx_next(struct stream_rx *r, size_t max, const uint8_t **frame, size_t *flen)
{
	ssize_t used = stream_frame(r->buf + r->off, r->len - r->off, max, flen);

	if (used > 0) {
		*frame = r->buf + r->off + STREAM_HDR_BYTES;
		r->off += (size_t)used;
	}
	return used;
}

/**
 * stream_rx_ready() - Is a complete frame (or a broken header) waiting?
 * @r:		receiver
 * @max:	the longest frame accepted
 *
 * Return: true if stream_rx_next() would not return 0
 */
bool stream_rx_ready(const struct stream_rx *r, size_t max)
{
	size_t flen;

	return stream_frame(r->buf + r->off, r->len - r->off, max, &flen) != 0;
}
