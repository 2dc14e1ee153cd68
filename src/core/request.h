/* SPDX-License-Identifier: GPL-2.0-or-later */
/* request.h - the uml_switch/VDE control request: parse, check, describe */
#ifndef UMNET_REQUEST_H
#define UMNET_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#define REQ_MAGIC		0xfeedfaceU
#define REQ_SOCKADDR_BYTES	110	/* sizeof(struct sockaddr_un) on Linux */
#define REQ_V3_BYTES		122	/* magic, version, type, sockaddr_un, packed */
#define REQ_V1_BYTES		124	/* magic, type, MAC, sockaddr_un */
#define REQ_MAX_BYTES		512	/* VDE reads 256; anything past this is abuse */
#define REQ_DESCR_MAX		128	/* vdeplug's MAXDESCR */
#define REQ_TYPE_NEW_CONTROL	0
#define REQ_TYPE_NEW_PORT0	1	/* VDE: management port 0 */
#define REQ_AF_UNIX		1

/**
 * struct request - a parsed control request
 * @version:	1 or 3
 * @type:	REQ_TYPE_NEW_CONTROL (or REQ_TYPE_NEW_PORT0 from VDE clients)
 * @port:	VDE: port number the client asks for, 0 for any
 * @sock:	the client's data socket address, a struct sockaddr_un kept
 *		verbatim: UML's is abstract and its tail is uninitialised, so
 *		only a full 110-byte copy names it (docs/protocols.md)
 * @descr:	VDE description, printable ASCII only, "" if none
 */
struct request {
	unsigned version;
	unsigned type;
	unsigned port;
	uint8_t sock[REQ_SOCKADDR_BYTES];
	char descr[REQ_DESCR_MAX + 1];
};

int request_parse(const uint8_t *buf, size_t len, struct request *req);
const char *request_strerror(int ret);
size_t request_min_bytes(const uint8_t *buf, size_t len);

#endif /* UMNET_REQUEST_H */
