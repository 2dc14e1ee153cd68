// SPDX-License-Identifier: GPL-2.0-or-later
/* test_request.c - the control request parser against valid and hostile input */

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "core/request.h"
#include "unit.h"

/* What UML's daemon transport writes: struct request_v3, natural alignment */
struct uml_request_v3 {
	uint32_t magic;
	uint32_t version;
	int type;
	struct sockaddr_un sock;
};

/* What libvdeplug writes: the same fields packed, then the description */
struct __attribute__((packed)) vde_request_v3 {
	uint32_t magic;
	uint32_t version;
	int type;
	struct sockaddr_un sock;
	char descr[128];
};

/* uml_switch's v1: magic, type, MAC, address */
struct v1_request {
	uint32_t magic;
	int type;
	unsigned char mac[6];
	struct sockaddr_un sock;
};

_Static_assert(sizeof(struct uml_request_v3) == 124, "UML writes 124 bytes");
_Static_assert(sizeof(struct v1_request) == REQ_V1_BYTES, "v1 is 124 bytes");

static void uml_abstract(struct sockaddr_un *sun)
{
	/* UML: abstract name, {char 0; int pid; int usecs}, rest uninitialised */
	memset(sun, 0xa5, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	sun->sun_path[0] = 0;
	memcpy(sun->sun_path + 4, &(int){ 4242 }, 4);
}

TEST(request_uml_v3)
{
	struct uml_request_v3 r;
	struct request req;

	memset(&r, 0x5a, sizeof(r));	/* padding bytes are garbage too */
	r.magic = REQ_MAGIC;
	r.version = 3;
	r.type = 0;
	uml_abstract(&r.sock);
	CHECK_EQ(request_parse((uint8_t *)&r, sizeof(r), &req), 0);
	CHECK_EQ(req.version, 3);
	CHECK_EQ(req.type, REQ_TYPE_NEW_CONTROL);
	CHECK_EQ(req.port, 0);
	CHECK_MEM(req.sock, &r.sock, REQ_SOCKADDR_BYTES);
	CHECK_STR(req.descr, "ZZ");	/* 0x5a is printable: harmless */
	r.version = 3;
	memset((uint8_t *)&r + 122, 0xff, 2);
	CHECK_EQ(request_parse((uint8_t *)&r, sizeof(r), &req), 0);
	CHECK_STR(req.descr, "");	/* non-printable padding is not a description */
}

TEST(request_vde_v3_with_description_and_port)
{
	struct vde_request_v3 r;
	struct request req;
	const char *d = "QEMU";

	memset(&r, 0, sizeof(r));
	r.magic = REQ_MAGIC;
	r.version = 3;
	r.type = 0 | (5 << 8);
	r.sock.sun_family = AF_UNIX;
	strcpy(r.sock.sun_path, "/tmp/vde.ctl/.12345-00000");
	memcpy(r.descr, d, strlen(d));
	CHECK_EQ(request_parse((uint8_t *)&r, REQ_V3_BYTES + strlen(d), &req), 0);
	CHECK_STR(req.descr, "QEMU");
	CHECK_EQ(req.port, 5);
	CHECK_STR((char *)req.sock + 2, "/tmp/vde.ctl/.12345-00000");
	/* no description at all */
	CHECK_EQ(request_parse((uint8_t *)&r, REQ_V3_BYTES, &req), 0);
	CHECK_STR(req.descr, "");
	/* a description longer than 128 is cut */
	memset(r.descr, 'x', sizeof(r.descr));
	CHECK_EQ(request_parse((uint8_t *)&r, sizeof(r), &req), 0);
	CHECK_EQ(strlen(req.descr), REQ_DESCR_MAX);
}

TEST(request_v1)
{
	struct v1_request r;
	struct request req;

	memset(&r, 0, sizeof(r));
	r.magic = REQ_MAGIC;
	r.type = 0;
	memcpy(r.mac, "\xfe\xfd\x01\x02\x03\x04", 6);
	r.sock.sun_family = AF_UNIX;
	strcpy(r.sock.sun_path, "/tmp/client");
	CHECK_EQ(request_min_bytes((uint8_t *)&r, 8), REQ_V1_BYTES);
	CHECK_EQ(request_parse((uint8_t *)&r, REQ_V1_BYTES - 1, &req), -EAGAIN);
	CHECK_EQ(request_parse((uint8_t *)&r, sizeof(r), &req), 0);
	CHECK_EQ(req.version, 1);
	CHECK_STR((char *)req.sock + 2, "/tmp/client");
}

TEST(request_refuses_v2_and_unknown_versions)
{
	struct uml_request_v3 r;
	struct request req;

	memset(&r, 0, sizeof(r));
	r.magic = REQ_MAGIC;
	r.sock.sun_family = AF_UNIX;
	r.version = 2;
	CHECK_EQ(request_parse((uint8_t *)&r, sizeof(r), &req), -EPROTONOSUPPORT);
	r.version = 4;
	CHECK_EQ(request_parse((uint8_t *)&r, sizeof(r), &req), -EPROTONOSUPPORT);
	r.version = 0xffffffff;
	CHECK_EQ(request_parse((uint8_t *)&r, 8, &req), -EPROTONOSUPPORT);
}

TEST(request_refuses_wrong_magic_and_garbage)
{
	uint8_t buf[REQ_MAX_BYTES + 8];
	struct request req;

	memset(buf, 0, sizeof(buf));
	/* v0 (no magic) and garbage are refused as soon as 4 bytes are in */
	CHECK_EQ(request_parse(buf, 4, &req), -EBADMSG);
	memcpy(buf, "GET / HTTP/1.0\r\n", 16);
	CHECK_EQ(request_parse(buf, 16, &req), -EBADMSG);
	/* big-endian magic (a byte-swapping client) is not ours either */
	memcpy(buf, "\xfe\xed\xfa\xce", 4);
	CHECK_EQ(request_parse(buf, 124, &req), -EBADMSG);
	for (unsigned seed = 1; seed < 2000; seed++) {
		uint32_t x = seed * 2654435761u;

		for (unsigned i = 0; i < 124; i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (uint8_t)(x >> 16);
		}
		CHECK(request_parse(buf, 124, &req) != 0 || buf[0] == 0xce);
	}
}

TEST(request_short_and_oversized)
{
	struct uml_request_v3 r;
	uint8_t big[REQ_MAX_BYTES + 1];
	struct request req;

	memset(&r, 0, sizeof(r));
	r.magic = REQ_MAGIC;
	r.version = 3;
	r.sock.sun_family = AF_UNIX;
	CHECK_EQ(request_parse((uint8_t *)&r, 0, &req), -EAGAIN);
	CHECK_EQ(request_parse((uint8_t *)&r, 3, &req), -EAGAIN);
	CHECK_EQ(request_parse((uint8_t *)&r, 8, &req), -EAGAIN);
	CHECK_EQ(request_parse((uint8_t *)&r, REQ_V3_BYTES - 1, &req), -EAGAIN);
	CHECK_EQ(request_parse((uint8_t *)&r, REQ_V3_BYTES, &req), 0);
	memset(big, 'a', sizeof(big));
	memcpy(big, &r, sizeof(r));
	CHECK_EQ(request_parse(big, sizeof(big), &req), -EMSGSIZE);
	CHECK_EQ(request_parse(big, REQ_MAX_BYTES, &req), 0);
}

TEST(request_refuses_bad_type_and_family)
{
	struct uml_request_v3 r;
	struct request req;

	memset(&r, 0, sizeof(r));
	r.magic = REQ_MAGIC;
	r.version = 3;
	r.sock.sun_family = AF_INET;
	CHECK_EQ(request_parse((uint8_t *)&r, sizeof(r), &req), -EINVAL);
	r.sock.sun_family = AF_UNIX;
	r.type = 7;
	CHECK_EQ(request_parse((uint8_t *)&r, sizeof(r), &req), -EINVAL);
	r.type = REQ_TYPE_NEW_PORT0;
	CHECK_EQ(request_parse((uint8_t *)&r, sizeof(r), &req), -EINVAL);
	CHECK(strlen(request_strerror(-EINVAL)) > 0);
	CHECK(strlen(request_strerror(-12345)) > 0);
}
