// SPDX-License-Identifier: GPL-2.0-or-later
/* test_streamframe.c - length-prefixed frames on a stream (QEMU -netdev stream) */

#include <errno.h>
#include <string.h>

#include "core/streamframe.h"
#include "unit.h"

TEST(streamframe_header_round_trip)
{
	static const size_t lens[] = { 0, 1, 60, 1514, 65535, 65536, 0x01020304 };
	uint8_t hdr[STREAM_HDR_BYTES];

	stream_hdr(hdr, 0x01020304);
	CHECK_MEM(hdr, "\x01\x02\x03\x04", 4);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t flen = 12345;

		stream_hdr(hdr, lens[i]);
		/* a header alone is a frame only when its length is 0 */
		CHECK_EQ(stream_frame(hdr, sizeof(hdr), 0x7fffffff, &flen),
			 lens[i] ? 0 : STREAM_HDR_BYTES);
	}
}

TEST(streamframe_complete_and_partial)
{
	uint8_t buf[STREAM_HDR_BYTES + 100 + STREAM_HDR_BYTES + 3];
	size_t flen = 0;

	stream_hdr(buf, 100);
	memset(buf + STREAM_HDR_BYTES, 0xab, 100);
	stream_hdr(buf + STREAM_HDR_BYTES + 100, 60);
	/* every prefix short of the whole first frame waits for more */
	for (size_t n = 0; n < STREAM_HDR_BYTES + 100; n++)
		CHECK_EQ(stream_frame(buf, n, 65536, &flen), 0);
	CHECK_EQ(stream_frame(buf, STREAM_HDR_BYTES + 100, 65536, &flen), STREAM_HDR_BYTES + 100);
	CHECK_EQ(flen, 100);
	/* with what follows: the same frame, the next one incomplete */
	CHECK_EQ(stream_frame(buf, sizeof(buf), 65536, &flen), STREAM_HDR_BYTES + 100);
	CHECK_EQ(stream_frame(buf + STREAM_HDR_BYTES + 100, STREAM_HDR_BYTES + 3, 65536, &flen),
		 0);
}

TEST(streamframe_too_long_is_out_of_step)
{
	uint8_t hdr[STREAM_HDR_BYTES];
	size_t flen = 7;

	stream_hdr(hdr, 65537);
	CHECK_EQ(stream_frame(hdr, sizeof(hdr), 65536, &flen), -EPROTO);
	CHECK_EQ(flen, 7);			/* untouched */
	stream_hdr(hdr, 65536);
	CHECK_EQ(stream_frame(hdr, sizeof(hdr), 65536, &flen), 0);	/* fine, incomplete */
	memcpy(hdr, "\xff\xff\xff\xff", 4);
	CHECK_EQ(stream_frame(hdr, sizeof(hdr), 65536, &flen), -EPROTO);
	/* known as soon as the header is in, whatever follows */
	CHECK_EQ(stream_frame(hdr, 3, 65536, &flen), 0);
}
