/* SPDX-License-Identifier: GPL-2.0-or-later */
/* streamframe.h - Ethernet frames on a byte stream, each behind its 32-bit length
 *
 * The framing of QEMU's -netdev stream (and passt): a 4-byte big-endian
 * length, then that many bytes of frame (docs/protocols.md section 7).
 */
#ifndef UMNET_STREAMFRAME_H
#define UMNET_STREAMFRAME_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <stdbool.h>

#define STREAM_HDR_BYTES	4

/**
 * struct stream_rx - what a stream delivered and the receiver has not taken yet
 * @buf:	buffer, at least STREAM_HDR_BYTES + the longest frame
 * @cap:	its size
 * @off:	bytes taken
 * @len:	bytes received
 */
struct stream_rx {
	uint8_t *buf;
	size_t cap, off, len;
};

ssize_t stream_frame(const uint8_t *buf, size_t len, size_t max, size_t *flen);
void stream_hdr(uint8_t *hdr, size_t flen);
void stream_rx_init(struct stream_rx *r, uint8_t *buf, size_t cap);
uint8_t *stream_rx_space(struct stream_rx *r, size_t *room);
void stream_rx_commit(struct stream_rx *r, size_t n);
ssize_t stream_rx_next(struct stream_rx *r, size_t max, const uint8_t **frame, size_t *flen);
bool stream_rx_ready(const struct stream_rx *r, size_t max);

#endif /* UMNET_STREAMFRAME_H */
