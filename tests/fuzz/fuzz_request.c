// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_request.c - libFuzzer harness: the uml_switch/VDE control request parser
 *
 * The input is what a client writes to a control socket. It is parsed as the
 * daemon does (src/daemon/switchd.c:hs_input()): on every prefix as bytes
 * trickle in, then whole. Checked: a success describes a v1/v3 NEW_CONTROL
 * request for an AF_UNIX address with a printable description; -EAGAIN only
 * while fewer bytes than request_min_bytes() arrived; every error has a text.
 */

#include <errno.h>

#include "core/request.h"
#include "fuzz.h"

static void check_one(const uint8_t *buf, size_t len)
{
	struct request req;
	uint16_t family;
	size_t dlen;
	int ret;

	memset(&req, 0xa5, sizeof(req));
	ret = request_parse(buf, len, &req);
	FUZZ_CHECK(ret <= 0);
	FUZZ_CHECK(request_strerror(ret) != NULL);
	if (len > REQ_MAX_BYTES)
		FUZZ_CHECK(ret == -EMSGSIZE);
	if (ret == -EAGAIN)
		FUZZ_CHECK(len < request_min_bytes(buf, len));
	if (ret)
		return;

	FUZZ_CHECK(len >= request_min_bytes(buf, len));
	FUZZ_CHECK(req.version == 1 || req.version == 3);
	FUZZ_CHECK(req.type == REQ_TYPE_NEW_CONTROL);
	FUZZ_CHECK(req.version == 3 || req.port == 0);
	memcpy(&family, req.sock, sizeof(family));
	FUZZ_CHECK(family == REQ_AF_UNIX);
	dlen = strnlen(req.descr, sizeof(req.descr));
	FUZZ_CHECK(dlen <= REQ_DESCR_MAX);
	for (size_t i = 0; i < dlen; i++)
		FUZZ_CHECK(req.descr[i] >= 0x20 && req.descr[i] <= 0x7e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;
	size_t max = size < REQ_V1_BYTES + 8 ? size : REQ_V1_BYTES + 8;

	/* The daemon's view: a growing buffer, parsed after each read (past
	 * the fixed fields only the description grows). An exact-size copy
	 * per prefix lets ASan see any read past the end. */
	for (size_t len = 0; len < max; len++) {
		copy = malloc(len ? len : 1);
		if (!copy)
			return 0;
		memcpy(copy, data, len);
		check_one(copy, len);
		free(copy);
	}
	check_one(data, size);
	return 0;
}
