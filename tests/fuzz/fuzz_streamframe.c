// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_streamframe.c - libFuzzer harness: frames behind a length on a stream
 *
 * The input is a frame bound, a schedule and a byte stream: two bytes give
 * the longest frame accepted (1-4096), one byte how many chunk sizes follow
 * (0-7), then those sizes, then what the peer sends. The stream arrives as
 * port/stream.c receives it: chunks of the scheduled sizes into a
 * struct stream_rx of STREAM_HDR_BYTES + the bound (the least it may be),
 * the complete frames taken after each chunk. Checked against one pass over
 * the whole stream with stream_frame(): the same frames, byte for byte, in
 * the same order, and the same place where the stream falls out of step;
 * the buffer always has room while a frame is incomplete; and each frame
 * taken, with stream_hdr() in front, is the bytes it was cut from.
 */

#include <errno.h>

#include "core/streamframe.h"
#include "fuzz.h"

#define MAX_BOUND	4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[STREAM_HDR_BYTES + MAX_BOUND];
	struct fuzz_in in = { data, size };
	size_t max = 1 + fuzz_u16(&in) % MAX_BOUND, ref_off = 0, off = 0;
	unsigned nsizes = fuzz_u8(&in) % 8, k = 0;
	uint8_t sizes[7], hdr[STREAM_HDR_BYTES];
	struct stream_rx r;
	bool broken = false;

	for (unsigned j = 0; j < nsizes; j++)
		sizes[j] = fuzz_u8(&in);
	stream_rx_init(&r, buf, STREAM_HDR_BYTES + max);
	while (off < in.n && !broken) {
		size_t room, want = nsizes ? sizes[k++ % nsizes] + 1u : in.n - off;
		uint8_t *space = stream_rx_space(&r, &room);
		const uint8_t *f;
		size_t flen;
		ssize_t used;

		FUZZ_CHECK(room > 0);		/* the rest of a frame always fits */
		if (want > room)
			want = room;
		if (want > in.n - off)
			want = in.n - off;
		memcpy(space, in.p + off, want);
		stream_rx_commit(&r, want);
		off += want;
		while ((used = stream_rx_next(&r, max, &f, &flen)) > 0) {
			size_t rflen = 0;
			ssize_t rused = stream_frame(in.p + ref_off, in.n - ref_off, max, &rflen);

			FUZZ_CHECK(rused == used && rflen == flen);
			FUZZ_CHECK((size_t)used == STREAM_HDR_BYTES + flen && flen <= max);
			stream_hdr(hdr, flen);
			FUZZ_CHECK(!memcmp(in.p + ref_off, hdr, STREAM_HDR_BYTES));
			FUZZ_CHECK(!memcmp(in.p + ref_off + STREAM_HDR_BYTES, f, flen));
			ref_off += (size_t)used;
		}
		if (used < 0) {
			size_t rflen;

			FUZZ_CHECK(used == -EPROTO);
			FUZZ_CHECK(stream_frame(in.p + ref_off, in.n - ref_off, max, &rflen) == -EPROTO);
			FUZZ_CHECK(stream_rx_ready(&r, max));
			broken = true;
		} else {
			FUZZ_CHECK(!stream_rx_ready(&r, max));
		}
	}
	if (!broken) {
		size_t rflen;

		/* what is left is one frame still incomplete, or nothing */
		FUZZ_CHECK(stream_frame(in.p + ref_off, in.n - ref_off, max, &rflen) == 0);
		FUZZ_CHECK(r.len - r.off == in.n - ref_off);
	}
	return 0;
}
