// SPDX-License-Identifier: GPL-2.0-or-later
/* request.c - the uml_switch/VDE control request: parse, check, describe
 *
 * DOC: Theory of operation
 *
 * A client opens a stream connection to the control socket and writes one
 * request naming its data socket. Three layouts exist (docs/protocols.md):
 *
 * - v3, written by UML's daemon transport: magic, version 3, type, sockaddr_un,
 *   in native byte order; 122 bytes of fields, 124 with tail padding.
 * - v3 from libvdeplug (QEMU, vde_plug, UML's vde transport): the same fields
 *   packed, followed by a description without NUL (at most 128 bytes).
 * - v1: magic, type, MAC, sockaddr_un (124 bytes): there is no version word,
 *   the type sits where v3 has its version, so a "version" of 0 or 1 means v1.
 *
 * Version 2 is refused, as uml_switch and vde_switch do. A request without
 * the magic (uml_switch's v0) is refused too: nothing still in use sends it.
 * The parser only reads the given bytes; the caller decides when a request is
 * complete with request_min_bytes().
 */

#include <errno.h>
#include <string.h>

#include "core/request.h"

static uint32_t load_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));	/* native order: nothing is htonl'd */
	return v;
}

/**
 * request_min_bytes() - How many bytes a request needs before it can be parsed
 * @buf:	bytes received so far
 * @len:	their count
 *
 * Return: bytes needed (the v3 field size until the version is known)
 */
size_t request_min_bytes(const uint8_t *buf, size_t len)
{
	if (len >= 8 && load_u32(buf) == REQ_MAGIC && load_u32(buf + 4) <= 1)
		return REQ_V1_BYTES;
	return REQ_V3_BYTES;
}

static void request_descr(const uint8_t *p, size_t n, struct request *req)
{
	size_t i;

	if (n > REQ_DESCR_MAX)
		n = REQ_DESCR_MAX;
	for (i = 0; i < n && p[i]; i++) {
		/* UML's two padding bytes are uninitialised: not a description */
		if (p[i] < 0x20 || p[i] > 0x7e) {
			req->descr[0] = '\0';
			return;
		}
		req->descr[i] = (char)p[i];
	}
	req->descr[i] = '\0';
}

/**
 * request_parse() - Parse and check one control request
 * @buf:	the bytes the client sent
 * @len:	their count
 * @req:	result
 *
 * Return: 0 on success, -EAGAIN if more bytes are needed, -EBADMSG without
 * the magic, -EPROTONOSUPPORT for version 2 or an unknown version, -EINVAL
 * for an unknown type or a non-AF_UNIX address, -EMSGSIZE if too long
 */
int request_parse(const uint8_t *buf, size_t len, struct request *req)
{
	const uint8_t *sock;
	size_t fields;
	uint32_t ver, type;
	uint16_t family;

	memset(req, 0, sizeof(*req));
	if (len > REQ_MAX_BYTES)
		return -EMSGSIZE;
	if (len >= 4 && load_u32(buf) != REQ_MAGIC)
		return -EBADMSG;
	if (len < 8)
		return -EAGAIN;

	ver = load_u32(buf + 4);
	if (ver <= 1) {
		fields = REQ_V1_BYTES;
		type = ver;
		sock = buf + 14;
		req->version = 1;
	} else if (ver == 3) {
		fields = REQ_V3_BYTES;
		if (len < 12)
			return -EAGAIN;
		type = load_u32(buf + 8);
		sock = buf + 12;
		req->version = 3;
	} else {
		return -EPROTONOSUPPORT;
	}
	if (len < fields)
		return -EAGAIN;

	req->type = type & 0xff;
	req->port = type >> 8;
	if (req->type != REQ_TYPE_NEW_CONTROL)
		return -EINVAL;
	memcpy(&family, sock, sizeof(family));
	if (family != REQ_AF_UNIX)
		return -EINVAL;
	memcpy(req->sock, sock, REQ_SOCKADDR_BYTES);
	request_descr(buf + fields, len - fields, req);
	return 0;
}

/**
 * request_strerror() - Explain a request_parse() error to a user
 * @ret:	negative return value of request_parse()
 *
 * Return: static string
 */
const char *request_strerror(int ret)
{
	switch (ret) {
	case -EAGAIN:
		return "truncated request";
	case -EBADMSG:
		return "bad magic (not a uml_switch/VDE request, or unsupported version 0)";
	case -EPROTONOSUPPORT:
		return "unsupported protocol version (only 1 and 3 are spoken)";
	case -EINVAL:
		return "unsupported request type or non-AF_UNIX data address";
	case -EMSGSIZE:
		return "oversized request";
	default:
		return "invalid request";
	}
}
