// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_mgmtline.c - libFuzzer harness: the management socket's line framing
 *
 * The input is a schedule and a byte stream: the first byte says how many
 * chunk sizes follow (0-7), then those sizes, then what the client sends.
 * The stream arrives as the daemon reads it (mgmt.c: client_read()): chunks
 * of the scheduled sizes into a buffer of the daemon's size, cmd_frame()
 * after each, end of input last. Checked: the request found does not depend
 * on how the stream was cut; it is never longer than the buffer; it holds no
 * newline but its last byte; it ends at a newline, at the end of input or at
 * a full buffer; and cmd_parse() takes it with one of its documented answers.
 */

#include <errno.h>

#include "core/cmdparse.h"
#include "fuzz.h"

#define CAP	(CMD_REQ_MAX_BYTES + 2)		/* struct mgmt_client.in */

static size_t frame_chunked(const uint8_t *s, size_t n, const uint8_t *sizes, unsigned nsizes,
			    uint8_t *buf)
{
	size_t len = 0, off = 0, req;

	for (unsigned k = 0; off < n; k++) {
		size_t want = nsizes ? sizes[k % nsizes] + 1u : n, room = CAP - len;

		if (want > n - off)
			want = n - off;
		if (want > room)
			want = room;
		memcpy(buf + len, s + off, want);
		len += want;
		off += want;
		req = cmd_frame(buf, len, CAP, false);
		if (req)
			return req;
		FUZZ_CHECK(len < CAP);		/* a full buffer always frames */
	}
	return cmd_frame(buf, len, CAP, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[CAP];
	static struct cmd cmd;
	struct fuzz_in in = { data, size };
	uint8_t sizes[7];
	unsigned nsizes = fuzz_u8(&in) % 8;
	char err[CMD_ERR_BYTES];
	size_t req, ref;
	int ret;

	for (unsigned k = 0; k < nsizes; k++)
		sizes[k] = fuzz_u8(&in);
	ref = in.n > CAP ? cmd_frame(in.p, CAP, CAP, false) : cmd_frame(in.p, in.n, CAP, true);
	req = frame_chunked(in.p, in.n, sizes, nsizes, buf);

	FUZZ_CHECK(req == ref);
	FUZZ_CHECK(req <= CAP && req <= in.n);
	FUZZ_CHECK(!in.n == !req);		/* only an empty stream frames nothing */
	if (!req)
		return 0;
	FUZZ_CHECK(!memcmp(buf, in.p, req));
	FUZZ_CHECK(!memchr(buf, '\n', req - 1));
	FUZZ_CHECK(buf[req - 1] == '\n' || req == in.n || req == CAP);

	memset(err, 0, sizeof(err));
	ret = cmd_parse(buf, req, &cmd, err, sizeof(err));
	FUZZ_CHECK(!err[sizeof(err) - 1]);
	FUZZ_CHECK(!ret || ret == -EMSGSIZE || ret == -EBADMSG || ret == -ENOENT ||
		   ret == -EINVAL || ret == -E2BIG);
	FUZZ_CHECK(!ret || err[0]);
	if (req == CAP && buf[req - 1] != '\n')
		FUZZ_CHECK(ret == -EMSGSIZE);	/* a full buffer is a request too long */
	return 0;
}
